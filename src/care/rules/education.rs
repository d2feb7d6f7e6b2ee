//! Pure rules of education and rehabilitation records (issue 14 points 4 and 5). No I/O: the dates and
//! the policy values are arguments.
//!
//! - EDU-01 school age (学龄, 义务教育法 第11条 "凡年满六周岁的儿童…入学接受并完成义务教育", nine years):
//!   from `care.school_age_from` (以上: the age is included, reached on the birthday, 29 February on
//!   1 March in common years) until `care.school_age_until` (未满: excluded). Both are policy values.
//! - EDU-02 控辍保学 (义务教育法 第13条: 督促适龄儿童入学、防止辍学): a child of school age in care
//!   with no placement in school on a day is on the head's list from the later of the day it reached
//!   school age, its intake and the end of its last school placement.
//! - EDU-03 the yearly report to the education bureau: children of school age on 1 September of the
//!   school year (the day enrolment counts; a house decision, UNVERIFIED).
//! - RHB-01 monthly rehabilitation minutes against the plan's target in force in that month.

use chrono::{Datelike, NaiveDate};

/// The day a child born on `birth` reaches `age` (民法典 第1259条 counting: on the birthday; a
/// 29 February birthday in a common year on 1 March).
pub fn reaches_age(birth: NaiveDate, age: i32) -> NaiveDate {
    let y = birth.year() + age;
    NaiveDate::from_ymd_opt(y, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
        .unwrap_or(NaiveDate::MAX)
}

/// The school-age band (policy values `care.school_age_from`, `care.school_age_until`).
#[derive(Debug, Clone, Copy)]
pub struct SchoolAge {
    /// 年满 (included).
    pub from: i32,
    /// 未满 (excluded).
    pub until: i32,
}

/// EDU-01: whether the child is of school age on `on`.
pub fn is_school_age(birth: NaiveDate, on: NaiveDate, band: SchoolAge) -> bool {
    let age = crate::clock::age_on(birth, on);
    age >= band.from && age < band.until
}

/// A school placement's period and whether it is a placement in school (anything but "none").
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub in_school: bool,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl Period {
    fn covers(&self, on: NaiveDate) -> bool {
        self.start <= on && self.end.is_none_or(|e| e >= on)
    }
}

/// EDU-02: the day from which a school-age child without a school placement on `today` is on the
/// 控辍保学 list, or `None` (not of school age, or in school today).
pub fn unenrolled_since(
    birth: NaiveDate,
    intake: NaiveDate,
    placements: &[Period],
    today: NaiveDate,
    band: SchoolAge,
) -> Option<NaiveDate> {
    if !is_school_age(birth, today, band) {
        return None;
    }
    if placements.iter().any(|p| p.in_school && p.covers(today)) {
        return None;
    }
    let left = placements
        .iter()
        .filter(|p| p.in_school)
        .filter_map(|p| p.end)
        .filter(|e| *e < today)
        .max()
        .and_then(|e| e.succ_opt());
    let since = reaches_age(birth, band.from).max(intake);
    Some(left.map_or(since, |l| l.max(since)))
}

/// EDU-03: the reference day of the yearly report for the school year starting in `year`.
pub fn report_day(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 9, 1)
}

/// RHB-01: minutes of the sessions held in the calendar month of `month` (any day of it).
pub fn minutes_in_month(sessions: &[(NaiveDate, i32)], month: NaiveDate) -> i64 {
    sessions
        .iter()
        .filter(|(d, _)| d.year() == month.year() && d.month() == month.month())
        .map(|(_, m)| i64::from(*m))
        .sum()
}

/// RHB-01: the monthly target in force in a month: the latest target whose start is on or before the
/// month's last day.
pub fn target_for_month(targets: &[(NaiveDate, i32)], month: NaiveDate) -> Option<i32> {
    let first = NaiveDate::from_ymd_opt(month.year(), month.month(), 1)?;
    let last = first
        .checked_add_months(chrono::Months::new(1))?
        .pred_opt()?;
    targets
        .iter()
        .filter(|(from, _)| *from <= last)
        .max_by_key(|(from, _)| *from)
        .map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    const BAND: SchoolAge = SchoolAge { from: 6, until: 16 };

    #[test]
    fn school_age_includes_the_sixth_birthday_and_excludes_the_sixteenth() {
        let b = d(2014, 5, 10);
        assert!(
            !is_school_age(b, d(2020, 5, 9), BAND),
            "day before 6th birthday"
        );
        assert!(
            is_school_age(b, d(2020, 5, 10), BAND),
            "年满六周岁: included"
        );
        assert!(
            is_school_age(b, d(2030, 5, 9), BAND),
            "day before 16th birthday"
        );
        assert!(
            !is_school_age(b, d(2030, 5, 10), BAND),
            "未满十六周岁: 16 excluded"
        );
    }

    #[test]
    fn leap_day_birthday_reaches_school_age_on_first_of_march() {
        let b = d(2016, 2, 29);
        assert_eq!(reaches_age(b, 6), d(2022, 3, 1));
        assert!(!is_school_age(b, d(2022, 2, 28), BAND));
        assert!(is_school_age(b, d(2022, 3, 1), BAND));
        assert_eq!(
            reaches_age(b, 8),
            d(2024, 2, 29),
            "leap year: the day itself"
        );
    }

    #[test]
    fn unenrolled_from_the_later_of_school_age_intake_and_leaving_school() {
        let b = d(2014, 5, 10);
        let today = d(2026, 11, 24);
        assert_eq!(
            unenrolled_since(b, d(2015, 1, 1), &[], today, BAND),
            Some(d(2020, 5, 10))
        );
        assert_eq!(
            unenrolled_since(b, d(2025, 3, 1), &[], today, BAND),
            Some(d(2025, 3, 1)),
            "admitted after reaching school age"
        );
        let left = Period {
            in_school: true,
            start: d(2020, 9, 1),
            end: Some(d(2026, 7, 10)),
        };
        assert_eq!(
            unenrolled_since(b, d(2015, 1, 1), &[left], today, BAND),
            Some(d(2026, 7, 11))
        );
        let none = Period {
            in_school: false,
            start: d(2026, 9, 1),
            end: None,
        };
        assert_eq!(
            unenrolled_since(b, d(2015, 1, 1), &[left, none], today, BAND),
            Some(d(2026, 7, 11)),
            "a placement of kind none is not school"
        );
        let open = Period {
            in_school: true,
            start: d(2026, 9, 1),
            end: None,
        };
        assert_eq!(
            unenrolled_since(b, d(2015, 1, 1), &[open], today, BAND),
            None
        );
        let ends_today = Period {
            end: Some(today),
            ..open
        };
        assert_eq!(
            unenrolled_since(b, d(2015, 1, 1), &[ends_today], today, BAND),
            None,
            "a placement ending today still covers today"
        );
        assert_eq!(
            unenrolled_since(d(2021, 1, 1), d(2021, 2, 1), &[], today, BAND),
            None,
            "five-year-old: not of school age"
        );
    }

    #[test]
    fn report_day_is_the_first_of_september() {
        assert_eq!(report_day(2026), Some(d(2026, 9, 1)));
    }

    #[test]
    fn monthly_minutes_and_the_target_in_force() {
        let s = [
            (d(2026, 10, 31), 45),
            (d(2026, 11, 1), 30),
            (d(2026, 11, 30), 60),
            (d(2026, 12, 1), 20),
        ];
        assert_eq!(minutes_in_month(&s, d(2026, 11, 15)), 90);
        assert_eq!(minutes_in_month(&s, d(2026, 10, 1)), 45);
        assert_eq!(minutes_in_month(&s, d(2025, 11, 1)), 0);
        let t = [(d(2026, 1, 1), 600), (d(2026, 11, 30), 900)];
        assert_eq!(
            target_for_month(&t, d(2026, 11, 1)),
            Some(900),
            "started within the month"
        );
        assert_eq!(target_for_month(&t, d(2026, 10, 31)), Some(600));
        assert_eq!(target_for_month(&t, d(2025, 12, 31)), None);
    }
}
