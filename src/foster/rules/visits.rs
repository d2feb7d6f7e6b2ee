//! Visits and reviews (issue 12 point 6), pure: the date and the policy values are arguments.
//!
//! - FOS-22 定期探访 — the institution visits every placed child on a schedule (policy
//!   `foster.visit_interval_days`, national default 30 = monthly; the duty is V-PAGE, the frequency
//!   UNVERIFIED). The next scheduled visit is due one interval after the latest visit of any kind (an
//!   event visit or the integration review counts: the child was seen), or after the placement's start.
//!   A visit is overdue from the day after its due date.
//! - FOS-16 融合期 — the integration period ends with a review; it is due on the period's last day.
//! - Annual review (年度评估; the institution's duty to 监督评估 the family, regulations.md §1.8, V-PAGE,
//!   yearly being this module's decision): every signed family is reviewed
//!   once a year from the agreement's signing, then from its latest annual review. One year is twelve
//!   calendar months (民法典 第201条: a period in years ends on the corresponding day; a 29 February start
//!   ends on 28 February in a common year — chrono's month arithmetic clamps the same way).

use chrono::{Duration, Months, NaiveDate};

/// Article cited for the visit schedule.
/// The national text names the duty (the institution's duties list: 定期探访, 监督评估) without a
/// frequency; the article number in the 2014 text is UNVERIFIED, so none is cited.
pub const VISIT_ARTICLE: &str = "家庭寄养管理办法（儿童福利机构职责：定期探访、监督评估）";

/// The day the next scheduled visit is due (FOS-22).
pub fn next_visit_due(
    started_on: NaiveDate,
    last_visit: Option<NaiveDate>,
    interval_days: i64,
) -> NaiveDate {
    let base = last_visit.map_or(started_on, |v| v.max(started_on));
    base + Duration::days(interval_days.clamp(1, 3650))
}

/// A visit due on `due` is overdue on `today` when `today` is after it (the due day itself is on time).
pub fn overdue(due: NaiveDate, today: NaiveDate) -> bool {
    today > due
}

/// Days a visit due on `due` is late on `today` (0 when on time).
pub fn days_late(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days().max(0)
}

/// The day the next annual review is due: twelve months after the latest annual review, or after the
/// agreement was signed.
pub fn annual_review_due(signed_on: NaiveDate, last_review: Option<NaiveDate>) -> NaiveDate {
    let base = last_review.map_or(signed_on, |r| r.max(signed_on));
    base.checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

/// The annual review task opens this many days before the review is due.
pub const ANNUAL_REVIEW_NOTICE_DAYS: i64 = 30;

/// Whether the annual review task is open on `today` (from the notice window on, until it is done).
pub fn annual_review_open(due: NaiveDate, today: NaiveDate) -> bool {
    today >= due - Duration::days(ANNUAL_REVIEW_NOTICE_DAYS)
}

/// FOS-08 looking ahead: the main caregiver will be older than the policy maximum (65: 66 and over
/// fails) before `until` (the next annual review) — flagged at the review so the head can plan a change
/// of caregiver (FOS-18) in time. `until` itself counts: turning 66 on the next review day is flagged.
pub fn caregiver_ages_out_by(birth: NaiveDate, until: NaiveDate, max_age: i64) -> bool {
    i64::from(crate::clock::age_on(birth, until)) > max_age
}

crate::code_enum! {
    /// What a visit is.
    pub enum VisitKind {
        /// On the FOS-22 schedule.
        Scheduled = "scheduled",
        /// Because something happened (illness, a complaint, a school problem …).
        Event = "event",
        /// The review at the end of the integration period (FOS-16).
        IntegrationReview = "integration_review",
    }
}

crate::code_enum! {
    /// The head's decision at the annual review.
    pub enum AnnualDecision {
        /// The family still qualifies: the placements continue.
        Continue = "continue",
        /// Continue on conditions (a change of caregiver, more training, …) named in the note.
        Conditions = "conditions",
        /// The family no longer qualifies: its placements are to be ended (FOS-19).
        Terminate = "terminate",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn first_visit_is_one_interval_after_the_start() {
        assert_eq!(next_visit_due(d(2026, 11, 1), None, 30), d(2026, 12, 1));
    }

    #[test]
    fn the_latest_visit_moves_the_schedule() {
        assert_eq!(
            next_visit_due(d(2026, 1, 1), Some(d(2026, 3, 10)), 30),
            d(2026, 4, 9)
        );
        // A visit dated before the placement (typed wrongly) does not pull the schedule back.
        assert_eq!(
            next_visit_due(d(2026, 1, 1), Some(d(2025, 12, 1)), 30),
            d(2026, 1, 31)
        );
    }

    #[test]
    fn nonsense_interval_is_bounded() {
        assert_eq!(next_visit_due(d(2026, 1, 1), None, 0), d(2026, 1, 2));
        assert_eq!(next_visit_due(d(2026, 1, 1), None, -5), d(2026, 1, 2));
    }

    #[test]
    fn overdue_from_the_day_after() {
        let due = d(2026, 12, 1);
        assert!(!overdue(due, d(2026, 11, 30)));
        assert!(!overdue(due, due));
        assert!(overdue(due, d(2026, 12, 2)));
        assert_eq!(days_late(due, due), 0);
        assert_eq!(days_late(due, d(2026, 11, 1)), 0);
        assert_eq!(days_late(due, d(2026, 12, 4)), 3);
    }

    #[test]
    fn annual_review_twelve_months_on() {
        assert_eq!(annual_review_due(d(2025, 11, 24), None), d(2026, 11, 24));
        assert_eq!(
            annual_review_due(d(2025, 11, 24), Some(d(2026, 12, 3))),
            d(2027, 12, 3)
        );
        // 29 February: 28 February in a common year.
        assert_eq!(annual_review_due(d(2024, 2, 29), None), d(2025, 2, 28));
        assert_eq!(annual_review_due(d(2027, 2, 28), None), d(2028, 2, 28));
    }

    #[test]
    fn annual_review_task_window() {
        let due = d(2026, 12, 31);
        assert!(!annual_review_open(due, d(2026, 11, 30)));
        assert!(annual_review_open(due, d(2026, 12, 1)));
        assert!(annual_review_open(due, d(2027, 3, 1)));
    }

    #[test]
    fn caregiver_turning_66_is_flagged() {
        let birth = d(1961, 6, 15);
        // 65 on the review day: still within 65 以下 (the number included).
        assert!(!caregiver_ages_out_by(birth, d(2027, 6, 14), 65));
        // Turning 66 on the review day: flagged.
        assert!(caregiver_ages_out_by(birth, d(2027, 6, 15), 65));
        assert!(caregiver_ages_out_by(birth, d(2027, 6, 16), 65));
    }

    #[test]
    fn leap_day_caregiver_turns_66_on_1_march() {
        let birth = d(1960, 2, 29);
        assert!(!caregiver_ages_out_by(birth, d(2026, 2, 28), 65));
        assert!(caregiver_ages_out_by(birth, d(2026, 3, 1), 65));
    }
}
