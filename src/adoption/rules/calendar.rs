//! The statutory holiday calendar for counting periods (民法典 第203条、第204条), pure: the calendar is
//! an argument (policy data `adoption.holidays` and `adoption.adjusted_workdays`, read by the caller).
//!
//! 第203条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日 — a period whose last
//! day is a statutory rest day ends on the day after the rest days end. Rest days are Saturdays and
//! Sundays and the national holidays of the State Council's yearly notice (放假), except the weekend
//! days that notice makes working days (调休上班). 第204条: this counting applies unless a law provides
//! otherwise; 登记办法 第8条 provides nothing else for the review period.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// National holidays and adjusted working days (调休上班日).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new(holidays: &[NaiveDate], workdays: &[NaiveDate]) -> Calendar {
        Calendar {
            holidays: holidays.iter().copied().collect(),
            workdays: workdays.iter().copied().collect(),
        }
    }

    /// Whether the calendar lists the holidays of `year` (a year without them counts weekends only).
    pub fn covers(&self, year: i32) -> bool {
        self.holidays.iter().any(|d| d.year() == year)
    }

    /// A statutory rest day (法定休假日): a listed holiday, or a weekend day not made a working day.
    pub fn is_rest_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return false;
        }
        self.holidays.contains(&d) || matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }
}

/// The last day of a period under 第203条: `last` itself, or the first working day after the rest
/// days it falls in.
pub fn last_day(last: NaiveDate, cal: &Calendar) -> NaiveDate {
    let mut d = last;
    // A run of rest days is at most a few weeks; the bound only guards a corrupted calendar.
    for _ in 0..60 {
        if !cal.is_rest_day(d) {
            return d;
        }
        match d.succ_opt() {
            Some(n) => d = n,
            None => return d,
        }
    }
    d
}

/// Parse a policy list of dates (`YYYY-MM-DD`, separated by commas, spaces or new lines). The first
/// entry that is not a calendar date is the error.
pub fn parse_dates(text: &str) -> Result<Vec<NaiveDate>, String> {
    text.split(|c: char| c == ',' || c == '，' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| s.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The 2026 notice (国办发明电〔2025〕7号), National Day and the working Sunday before it.
    fn cal_2026() -> Calendar {
        let holidays: Vec<NaiveDate> = (1..=7).map(|x| d(2026, 10, x)).collect();
        Calendar::new(&holidays, &[d(2026, 9, 20), d(2026, 10, 10)])
    }

    #[test]
    fn a_working_day_stays() {
        // Tuesday 2026-09-29.
        assert_eq!(last_day(d(2026, 9, 29), &cal_2026()), d(2026, 9, 29));
    }

    #[test]
    fn a_saturday_moves_to_monday() {
        // Saturday 2026-11-28 → Monday 2026-11-30; Sunday → Monday too.
        assert_eq!(last_day(d(2026, 11, 28), &cal_2026()), d(2026, 11, 30));
        assert_eq!(last_day(d(2026, 11, 29), &cal_2026()), d(2026, 11, 30));
        // Without any holiday data the weekend still moves (第203条 covers rest days).
        assert_eq!(
            last_day(d(2026, 11, 28), &Calendar::default()),
            d(2026, 11, 30)
        );
    }

    #[test]
    fn the_national_day_week_moves_to_the_8th() {
        for x in 1..=7 {
            assert_eq!(
                last_day(d(2026, 10, x), &cal_2026()),
                d(2026, 10, 8),
                "10-{x}"
            );
        }
        // 2026-10-08 is a Thursday, a working day.
        assert!(!cal_2026().is_rest_day(d(2026, 10, 8)));
    }

    #[test]
    fn an_adjusted_working_weekend_day_is_a_working_day() {
        // Sunday 2026-09-20 and Saturday 2026-10-10 are 调休上班.
        assert_eq!(last_day(d(2026, 9, 20), &cal_2026()), d(2026, 9, 20));
        assert_eq!(last_day(d(2026, 10, 10), &cal_2026()), d(2026, 10, 10));
        // Saturday 2026-09-19, the day before, is a rest day: the working Sunday ends the period.
        assert_eq!(last_day(d(2026, 9, 19), &cal_2026()), d(2026, 9, 20));
    }

    #[test]
    fn a_holiday_across_a_year_end_and_coverage() {
        // 2026: 1–3 January holidays, Sunday 4 January a working day.
        let c = Calendar::new(
            &[d(2026, 1, 1), d(2026, 1, 2), d(2026, 1, 3)],
            &[d(2026, 1, 4)],
        );
        assert_eq!(last_day(d(2025, 12, 31), &c), d(2025, 12, 31));
        assert_eq!(last_day(d(2026, 1, 1), &c), d(2026, 1, 4));
        assert!(c.covers(2026) && !c.covers(2027));
    }

    #[test]
    fn parse_lists_and_name_the_bad_entry() {
        assert_eq!(
            parse_dates("2026-10-01, 2026-10-02\n2026-10-03，2026-10-04"),
            Ok(vec![
                d(2026, 10, 1),
                d(2026, 10, 2),
                d(2026, 10, 3),
                d(2026, 10, 4)
            ])
        );
        assert_eq!(parse_dates(""), Ok(vec![]));
        assert_eq!(
            parse_dates("2026-10-01 2026-02-30"),
            Err("2026-02-30".into())
        );
    }
}
