//! The registration clock (收养登记审查期限) and the other dated conditions of a registration, pure.
//!
//! - ADP-16 (中国公民收养子女登记办法 第8条): the registrar decides within 30 days (policy
//!   `adoption.review_days`) counted from the day after receipt (民法典 第201条: the first day is not
//!   counted). Calendar days: the measures say 日, not 工作日; 第203条's shift of a last day that falls
//!   on a holiday is not applied (no holiday calendar is kept; see docs/adoption.md).
//! - ADP-15 (民法典 第1105条; 登记办法 第8条): a child whose parents cannot be found is announced before
//!   registration; unclaimed 60 days (policy `adoption.public_notice_days`) after publication, the
//!   child counts as one whose parents cannot be found. The notice period is not counted in the 30 days.
//!   The period runs from the day after publication (第201条) to the 60th day inclusive.
//! - ADP-29 (民政部 公安部 2015): a trafficking-rescued child is placed only on the police's
//!   "cannot be found" certificate issued 12 months (policy) or more after the child entered care;
//!   months count to the corresponding day, or the month's last day where there is none (第202条).

use chrono::{Days, Months, NaiveDate};

/// A public notice seeking the birth parents (寻亲公告): published on `published`, running `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub published: NaiveDate,
    pub days: u32,
}

impl Notice {
    /// The last day of the notice period (the `days`-th day after publication).
    pub fn last_day(&self) -> NaiveDate {
        self.published + Days::new(u64::from(self.days))
    }
    /// Whether `day` lies in the notice period (the day after publication to the last day).
    pub fn covers(&self, day: NaiveDate) -> bool {
        day > self.published && day <= self.last_day()
    }
    /// ADP-15: the notice has run its full period by `on` (registration may happen from the day after
    /// the last day).
    pub fn complete_by(&self, on: NaiveDate) -> bool {
        on > self.last_day()
    }
}

/// ADP-16: the last day of the review period for an application received on `received`: `review_days`
/// days counted from the day after receipt, skipping the days of the public notice period.
pub fn review_deadline(received: NaiveDate, review_days: u32, notice: Option<Notice>) -> NaiveDate {
    let mut day = received;
    let mut counted = 0;
    while counted < review_days {
        day = day + Days::new(1);
        if !notice.is_some_and(|n| n.covers(day)) {
            counted += 1;
        }
    }
    day
}

/// ADP-16 with 民法典 第203条: the review deadline, moved off a statutory rest day (a weekend day not
/// made a working day, or a national holiday of `cal`) to the next working day.
pub fn review_deadline_in(
    received: NaiveDate,
    review_days: u32,
    notice: Option<Notice>,
    cal: &super::calendar::Calendar,
) -> NaiveDate {
    super::calendar::last_day(review_deadline(received, review_days, notice), cal)
}

/// Days from `today` to `deadline` (0 on the last day, negative once overdue).
pub fn days_left(deadline: NaiveDate, today: NaiveDate) -> i64 {
    (deadline - today).num_days()
}

/// The day `months` after `from` (第202条: the corresponding day, or the last day of that month).
pub fn months_after(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// ADP-29: the police certificate counts only when issued `min_months` or more after entering care.
pub fn trafficking_certificate_ok(
    entered_care: NaiveDate,
    issued: NaiveDate,
    min_months: u32,
) -> bool {
    issued >= months_after(entered_care, min_months)
}

#[cfg(test)]
mod tests {

    #[test]
    fn review_deadline_moves_off_rest_days_by_the_calendar() {
        use crate::adoption::rules::calendar::Calendar;
        let d = |y, m, x| NaiveDate::from_ymd_opt(y, m, x).unwrap();
        let national: Vec<NaiveDate> = (1..=7).map(|x| d(2026, 10, x)).collect();
        let cal = Calendar::new(&national, &[d(2026, 9, 20), d(2026, 10, 10)]);
        // Received 2026-09-03: the 30th day is 2026-10-03 (National Day) → Thursday 2026-10-08.
        assert_eq!(review_deadline(d(2026, 9, 3), 30, None), d(2026, 10, 3));
        assert_eq!(
            review_deadline_in(d(2026, 9, 3), 30, None, &cal),
            d(2026, 10, 8)
        );
        // The 30th day on the adjusted working Sunday 2026-09-20 stays.
        assert_eq!(
            review_deadline_in(d(2026, 8, 21), 30, None, &cal),
            d(2026, 9, 20)
        );
        // The 30th day on Saturday 2026-11-28 → Monday 2026-11-30.
        assert_eq!(
            review_deadline_in(d(2026, 10, 29), 30, None, &cal),
            d(2026, 11, 30)
        );
        // With a notice: the notice days are skipped first, then the rest day is moved.
        let n = Notice {
            published: d(2026, 7, 1),
            days: 60,
        };
        // Received 2026-07-01: days 07-02…08-30 are the notice; 30 days from 08-31 → 09-29 (Tuesday).
        assert_eq!(
            review_deadline_in(d(2026, 7, 1), 30, Some(n), &cal),
            d(2026, 9, 29)
        );
    }
    use super::*;
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn thirty_days_from_the_day_after_receipt() {
        // Received 1 March: 2 March is day 1, 31 March day 30.
        assert_eq!(review_deadline(d(2026, 3, 1), 30, None), d(2026, 3, 31));
        assert_eq!(review_deadline(d(2026, 11, 2), 30, None), d(2026, 12, 2));
    }

    #[test]
    fn across_month_ends_and_february() {
        assert_eq!(review_deadline(d(2026, 1, 31), 30, None), d(2026, 3, 2));
        assert_eq!(
            review_deadline(d(2028, 1, 31), 30, None),
            d(2028, 3, 1),
            "leap year"
        );
        assert_eq!(review_deadline(d(2026, 2, 28), 30, None), d(2026, 3, 30));
        assert_eq!(
            review_deadline(d(2026, 12, 15), 30, None),
            d(2027, 1, 14),
            "year end"
        );
        assert_eq!(review_deadline(d(2026, 4, 30), 30, None), d(2026, 5, 30));
        assert_eq!(review_deadline(d(2026, 5, 31), 30, None), d(2026, 6, 30));
    }

    #[test]
    fn the_notice_period_is_not_counted() {
        // Notice published the day of receipt: its 60 days (2–61 after) are skipped, then 30 days.
        let n = Notice {
            published: d(2026, 3, 1),
            days: 60,
        };
        assert_eq!(n.last_day(), d(2026, 4, 30));
        assert_eq!(review_deadline(d(2026, 3, 1), 30, Some(n)), d(2026, 5, 30));
        // Notice published before receipt, ending 10 days after it: 10 days skipped.
        let n = Notice {
            published: d(2026, 1, 10),
            days: 60,
        };
        assert_eq!(n.last_day(), d(2026, 3, 11));
        assert_eq!(review_deadline(d(2026, 3, 1), 30, Some(n)), d(2026, 4, 10));
        // Notice already over at receipt: nothing skipped.
        let n = Notice {
            published: d(2025, 12, 1),
            days: 60,
        };
        assert_eq!(n.last_day(), d(2026, 1, 30));
        assert_eq!(review_deadline(d(2026, 1, 30), 30, Some(n)), d(2026, 3, 1));
        assert_eq!(
            review_deadline(d(2026, 1, 29), 30, Some(n)),
            d(2026, 3, 1),
            "one day skipped"
        );
        // Notice published during the review: the clock stops and resumes after it.
        let n = Notice {
            published: d(2026, 3, 11),
            days: 60,
        };
        assert_eq!(review_deadline(d(2026, 3, 1), 30, Some(n)), d(2026, 5, 30));
        // Across February in a leap year.
        let n = Notice {
            published: d(2028, 1, 15),
            days: 60,
        };
        assert_eq!(n.last_day(), d(2028, 3, 15));
        assert_eq!(review_deadline(d(2028, 1, 31), 30, Some(n)), d(2028, 4, 14));
    }

    #[test]
    fn notice_complete_the_day_after_its_last_day() {
        let n = Notice {
            published: d(2026, 10, 1),
            days: 60,
        };
        assert_eq!(n.last_day(), d(2026, 11, 30));
        assert!(
            !n.covers(d(2026, 10, 1)),
            "publication day not counted (第201条)"
        );
        assert!(n.covers(d(2026, 10, 2)) && n.covers(d(2026, 11, 30)));
        assert!(!n.covers(d(2026, 12, 1)));
        assert!(!n.complete_by(d(2026, 11, 30)));
        assert!(n.complete_by(d(2026, 12, 1)));
    }

    #[test]
    fn countdown() {
        assert_eq!(days_left(d(2026, 3, 31), d(2026, 3, 1)), 30);
        assert_eq!(days_left(d(2026, 3, 31), d(2026, 3, 31)), 0);
        assert_eq!(days_left(d(2026, 3, 31), d(2026, 4, 1)), -1);
    }

    #[test]
    fn trafficking_certificate_twelve_months_after_entering_care() {
        assert!(!trafficking_certificate_ok(
            d(2025, 3, 10),
            d(2026, 3, 9),
            12
        ));
        assert!(trafficking_certificate_ok(
            d(2025, 3, 10),
            d(2026, 3, 10),
            12
        ));
        assert!(trafficking_certificate_ok(
            d(2025, 3, 10),
            d(2026, 3, 11),
            12
        ));
        // 29 February: no corresponding day, the month's last day (第202条).
        assert_eq!(months_after(d(2024, 2, 29), 12), d(2025, 2, 28));
        assert!(!trafficking_certificate_ok(
            d(2024, 2, 29),
            d(2025, 2, 27),
            12
        ));
        assert!(trafficking_certificate_ok(
            d(2024, 2, 29),
            d(2025, 2, 28),
            12
        ));
        assert_eq!(months_after(d(2025, 1, 31), 1), d(2025, 2, 28));
    }
}
