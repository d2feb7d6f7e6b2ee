//! Money (issue 12 point 9), pure: the monthly rearing subsidy (寄养儿童养育费) and the family's labour
//! subsidy (寄养家庭劳务补贴) per child, from effective-dated policy amounts in yuan per month
//! (regulations.md §1.10: "child-rearing subsidy plus family labour subsidy … ring-fenced", detail
//! UNVERIFIED — the amounts are local). A placement open for part of a month is paid for its days in
//! that month (this module's decision: pro rata by calendar days, the first and the last day counted,
//! rounded to the fen, halves up). Short-term care at the institution (FOS-17) is not deducted.

use chrono::{Datelike, NaiveDate};

/// The first and the last day of the month of `d`.
pub fn month_bounds(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = d.with_day(1).unwrap_or(d);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX);
    (first, next.pred_opt().unwrap_or(first))
}

/// The days of the month of `month` (any day in it) a placement from `started` to `ended` (the end day
/// is the day the child left; `None` = still placed) covers, both ends counted; 0 when none.
pub fn days_in_month(started: NaiveDate, ended: Option<NaiveDate>, month: NaiveDate) -> i64 {
    let (first, last) = month_bounds(month);
    let from = started.max(first);
    let to = ended.map_or(last, |e| e.min(last));
    if to < from {
        0
    } else {
        (to - from).num_days() + 1
    }
}

/// The amount in fen for `days` of a month of `month_days` days at `monthly_yuan` a month.
pub fn pro_rata_fen(monthly_yuan: i64, days: i64, month_days: i64) -> i64 {
    if month_days <= 0 || days <= 0 {
        return 0;
    }
    let days = days.min(month_days);
    // Halves up: (a * 2 + b) / (2 * b).
    let num = monthly_yuan * 100 * days;
    (num * 2 + month_days) / (2 * month_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_bounds_including_february() {
        assert_eq!(
            month_bounds(d(2026, 11, 24)),
            (d(2026, 11, 1), d(2026, 11, 30))
        );
        assert_eq!(
            month_bounds(d(2028, 2, 10)),
            (d(2028, 2, 1), d(2028, 2, 29))
        );
        assert_eq!(
            month_bounds(d(2027, 2, 10)),
            (d(2027, 2, 1), d(2027, 2, 28))
        );
        assert_eq!(
            month_bounds(d(2026, 12, 31)),
            (d(2026, 12, 1), d(2026, 12, 31))
        );
    }

    #[test]
    fn days_counted_in_the_month() {
        let m = d(2026, 11, 1);
        assert_eq!(days_in_month(d(2026, 10, 1), None, m), 30);
        assert_eq!(days_in_month(d(2026, 11, 30), None, m), 1);
        assert_eq!(days_in_month(d(2026, 11, 10), Some(d(2026, 11, 10)), m), 1);
        assert_eq!(days_in_month(d(2026, 11, 10), Some(d(2026, 11, 19)), m), 10);
        assert_eq!(days_in_month(d(2026, 12, 1), None, m), 0);
        assert_eq!(days_in_month(d(2026, 9, 1), Some(d(2026, 10, 31)), m), 0);
        assert_eq!(days_in_month(d(2026, 9, 1), Some(d(2026, 11, 1)), m), 1);
    }

    #[test]
    fn pro_rata_rounds_half_up_to_the_fen() {
        assert_eq!(pro_rata_fen(1000, 30, 30), 100_000);
        assert_eq!(pro_rata_fen(1000, 1, 30), 3_333);
        assert_eq!(pro_rata_fen(1000, 15, 30), 50_000);
        // 100 yuan × 1/8 = 12.5 yuan exactly; 1 yuan × 1/8 = 12.5 fen → 13.
        assert_eq!(pro_rata_fen(1, 1, 8), 13);
        assert_eq!(pro_rata_fen(1000, 0, 30), 0);
        assert_eq!(pro_rata_fen(1000, 40, 30), 100_000);
        assert_eq!(pro_rata_fen(0, 30, 30), 0);
    }
}
