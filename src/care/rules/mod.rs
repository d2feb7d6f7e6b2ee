//! Pure care rules (养治教康): no I/O; the date and the policy values are arguments. Every refusal or
//! due date names its rule id (shared/domain/care-and-oversight.md §2, §3, §6; regulations.md §2).
//!
//! - [`plan_review_due`]: CARE-01, the individual care plan (个性化抚养方案) is reviewed every
//!   `care.plan_review_months` (default 6) and after any major event (重大事件: transfer, foster
//!   placement, hospitalisation, new diagnosis) within `care.event_review_days`.
//! - [`schedule`]: periodic assessments (定期评估, seed 003 §2(1)) per kind.
//! - [`immunisation`]: overdue doses against the national schedule held as data (IMM-01, IMM-02).
//! - [`education`]: school age (EDU-01), the 控辍保学 list (EDU-02), the yearly report's day (EDU-03),
//!   monthly rehabilitation minutes against the plan (RHB-01).
//! - [`growth`]: WHO Child Growth Standards z-scores and percentiles (GRW-03).
//! - [`growth_check`]: the growth-check schedule (GRW-04).
//!
//! Counting follows the Civil Code (民法典 第201条): a period of months ends on the same day of the
//! last month, or on that month's last day when it has no such day (chrono's `checked_add_months`
//! clamps the same way); a thing due on a date is overdue from the next day.

pub mod education;
pub mod growth;
/// GRW-04, the growth-check schedule (生长发育监测时间表).
pub mod growth_check;
/// The growth charts' reference lines (−2 SD, median, +2 SD) of the stored standard (GRW-01, GRW-03).
pub mod growth_curves;
/// Growth standards by age: WS/T 423-2022 under 7, WHO 2007 from 7 (GRW-01…03), GRW-02 review.
pub mod growth_std;
pub mod immunisation;
pub mod schedule;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_growth;
#[cfg(test)]
mod tests_growth_check;
#[cfg(test)]
mod tests_growth_curves;
#[cfg(test)]
mod tests_who2006;
/// WHO Child Growth Standards 2006 as the second view (0–60 months).
pub mod who2006;

use chrono::{Months, NaiveDate};

/// `date` plus whole months, Civil Code style (31 August + 6 months = 28/29 February).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` plus whole days.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(chrono::Duration::days(days))
        .unwrap_or(NaiveDate::MAX)
}

/// Where a due date stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Due later.
    Upcoming,
    /// Due today (still on time).
    Today,
    /// Past its date (逾期): from the day after the due date.
    Overdue,
}

impl Due {
    pub fn code(self) -> &'static str {
        match self {
            Due::Upcoming => "upcoming",
            Due::Today => "today",
            Due::Overdue => "overdue",
        }
    }
}

/// The state of a due date on `today`.
pub fn due_state(due: NaiveDate, today: NaiveDate) -> Due {
    match today.cmp(&due) {
        std::cmp::Ordering::Less => Due::Upcoming,
        std::cmp::Ordering::Equal => Due::Today,
        std::cmp::Ordering::Greater => Due::Overdue,
    }
}

/// The review cycle's policy values (CARE-01).
#[derive(Debug, Clone, Copy)]
pub struct ReviewPolicy {
    /// `care.plan_review_months` (seed 003 §2(1) 制定完善个性化抚养方案; default 6, interval UNVERIFIED).
    pub interval_months: u32,
    /// `care.event_review_days`: a major event calls for a review within this many days.
    pub event_review_days: i64,
}

/// CARE-01: when the plan in force must next be reviewed. The cycle runs from the later of its approval
/// and its last review; a major event after that start brings the review forward to the event plus
/// `event_review_days`, when that is sooner.
pub fn plan_review_due(
    approved_on: NaiveDate,
    last_review: Option<NaiveDate>,
    last_major_event: Option<NaiveDate>,
    p: ReviewPolicy,
) -> NaiveDate {
    let start = last_review.map_or(approved_on, |r| r.max(approved_on));
    let cyclic = add_months(start, p.interval_months);
    match last_major_event {
        Some(e) if e > start => cyclic.min(add_days(e, p.event_review_days)),
        _ => cyclic,
    }
}

/// CARE-01: a child without an approved plan must have one within `draft_days` of intake (the plan is
/// drafted, submitted and approved by then).
pub fn first_plan_due(intake: NaiveDate, draft_days: i64) -> NaiveDate {
    add_days(intake, draft_days)
}

/// A plan submitted for approval waits at most `approval_days` before the head's decision is overdue.
pub fn approval_due(submitted_on: NaiveDate, approval_days: i64) -> NaiveDate {
    add_days(submitted_on, approval_days)
}

/// CARE-01: the latest major event the archive's own history shows — a move to another institution (a
/// completed transfer, 移交) or a placement in a foster family (status 寄养) — given as (field, new value,
/// date) rows of the archive's status history. The care module reads it instead of being told by the
/// transfer and foster modules, so they never name care. Hospitalisation and a new diagnosis are the
/// care module's own records.
pub fn archive_major_event(history: &[(&str, &str, NaiveDate)]) -> Option<NaiveDate> {
    history
        .iter()
        .filter(|(field, new, _)| {
            *field == "institution" || (*field == "status" && *new == "in-foster-care")
        })
        .map(|(_, _, on)| *on)
        .max()
}

/// Does a care-plan frequency apply on a date (issue 15 point 2, the caregiver's round).
pub mod frequency;
