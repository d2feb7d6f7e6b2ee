//! Changes during a placement (issue 12 points 7, 8), pure: the dates and policy values are arguments.
//!
//! - FOS-21 — the family may end the placement on its own request with written notice of one month
//!   (policy `foster.family_notice_months`, UNVERIFIED: recollection of the 2014 text); the notice does
//!   not apply during the integration period (寄养融合期). The end may not come before the notice has
//!   run: the earliest end is the notice day plus the months (民法典 第201条: a period in months ends on
//!   the corresponding day; a month without that day ends on its last day).
//! - FOS-17 — short-term care back at the institution while the family cannot care for the child, at
//!   most the policy days (`foster.short_term_care_max_days`, default 30: 2003 Art 16 V-PAGE, 2014
//!   UNVERIFIED). Both the first and the last day count (以内 includes the number).

use chrono::{Months, NaiveDate};

/// Article cited for the family's notice.
pub const NOTICE_ARTICLE: &str =
    "家庭寄养管理办法（寄养家庭提出解除须提前一个月书面通知，条号待核实）";
/// Article cited for short-term care.
pub const SHORT_TERM_ARTICLE: &str = "家庭寄养管理办法（短期照料；2003年暂行办法 第16条）";

/// FOS-21: the earliest day a placement may end on the family's request, or `None` when no notice is
/// needed (the end falls within the integration period, which ends on `integration_until`).
pub fn notice_earliest_end(
    notice_on: NaiveDate,
    end_on: NaiveDate,
    integration_until: NaiveDate,
    months: u32,
) -> Option<NaiveDate> {
    if end_on <= integration_until {
        return None;
    }
    Some(
        notice_on
            .checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX),
    )
}

/// FOS-21: whether an end on `end_on` respects the notice received on `notice_on`.
pub fn notice_respected(
    notice_on: NaiveDate,
    end_on: NaiveDate,
    integration_until: NaiveDate,
    months: u32,
) -> bool {
    notice_earliest_end(notice_on, end_on, integration_until, months).is_none_or(|e| end_on >= e)
}

/// FOS-17: the days of a short-term care period, both ends counted; `None` when it ends before it
/// begins.
pub fn short_term_days(from: NaiveDate, to: NaiveDate) -> Option<i64> {
    (to >= from).then(|| (to - from).num_days() + 1)
}

/// FOS-17: whether a short-term care period is within the policy maximum.
pub fn short_term_within(from: NaiveDate, to: NaiveDate, max_days: i64) -> bool {
    short_term_days(from, to).is_some_and(|d| d <= max_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn one_month_notice_runs_to_the_corresponding_day() {
        let integ = d(2026, 1, 31);
        let notice = d(2026, 3, 10);
        assert!(!notice_respected(notice, d(2026, 4, 9), integ, 1));
        assert!(notice_respected(notice, d(2026, 4, 10), integ, 1));
        assert!(notice_respected(notice, d(2026, 4, 11), integ, 1));
        assert_eq!(
            notice_earliest_end(notice, d(2026, 4, 1), integ, 1),
            Some(d(2026, 4, 10))
        );
    }

    #[test]
    fn notice_from_31_january_ends_on_the_last_day_of_february() {
        let integ = d(2025, 12, 1);
        assert_eq!(
            notice_earliest_end(d(2026, 1, 31), d(2026, 2, 1), integ, 1),
            Some(d(2026, 2, 28))
        );
        assert_eq!(
            notice_earliest_end(d(2028, 1, 31), d(2028, 2, 1), d(2027, 12, 1), 1),
            Some(d(2028, 2, 29))
        );
    }

    #[test]
    fn no_notice_within_the_integration_period() {
        let integ = d(2026, 5, 1);
        assert!(notice_respected(d(2026, 4, 30), d(2026, 5, 1), integ, 1));
        assert!(!notice_respected(d(2026, 4, 30), d(2026, 5, 2), integ, 1));
    }

    #[test]
    fn short_term_care_counts_both_days() {
        assert_eq!(short_term_days(d(2026, 3, 1), d(2026, 3, 1)), Some(1));
        assert_eq!(short_term_days(d(2026, 3, 1), d(2026, 3, 30)), Some(30));
        assert_eq!(short_term_days(d(2026, 3, 2), d(2026, 3, 1)), None);
        assert!(short_term_within(d(2026, 3, 1), d(2026, 3, 30), 30));
        assert!(!short_term_within(d(2026, 3, 1), d(2026, 3, 31), 30));
        assert!(!short_term_within(d(2026, 3, 2), d(2026, 3, 1), 30));
        // Across 29 February.
        assert_eq!(short_term_days(d(2028, 2, 1), d(2028, 3, 1)), Some(30));
    }
}
