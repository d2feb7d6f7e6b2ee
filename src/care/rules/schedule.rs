//! Periodic assessments (定期评估): seed 003 §2(1) "定期评估儿童智力、精神健康、疾病和残疾状况". Each kind has
//! its own interval (policy `care.assessment_months.<kind>`); children under the young age
//! (`care.assessment_young_age`, 未满 3 周岁: the age is excluded) are assessed every
//! `care.assessment_young_months`; a newly admitted child is assessed within `care.assessment_intake_days`
//! of intake. All values are policy; the intervals are UNVERIFIED house defaults.

use super::{add_days, add_months};
use chrono::NaiveDate;

crate::code_enum! {
    /// The kind of a periodic assessment.
    pub enum AssessmentKind {
        /// 智力/发育评估
        Development = "development",
        /// 精神健康（心理）测评 — seed 002 心理健康测评
        Mental = "mental",
        /// 疾病状况
        Illness = "illness",
        /// 残疾状况
        Disability = "disability",
    }
}

/// The schedule's policy values for one kind.
#[derive(Debug, Clone, Copy)]
pub struct AssessmentPolicy {
    pub interval_months: u32,
    pub young_interval_months: u32,
    /// Under this age (未满, exclusive) the young interval applies.
    pub young_age: i32,
    pub intake_days: i64,
}

/// When the next assessment of a kind is due. Before any assessment since intake: intake +
/// `intake_days`. After one: the interval that applies to the child's age on that assessment's date
/// (under the young age — 未满 — the young interval). A kind the child was never assessed in since
/// intake is due `intake_days` after intake, and overdue from the day after.
pub fn next_assessment(
    birth: NaiveDate,
    intake: NaiveDate,
    last: Option<NaiveDate>,
    p: AssessmentPolicy,
) -> NaiveDate {
    match last {
        Some(l) if l >= intake => {
            let young = crate::clock::age_on(birth, l) < p.young_age;
            let months = if young {
                p.young_interval_months
            } else {
                p.interval_months
            };
            add_months(l, months)
        }
        _ => add_days(intake, p.intake_days),
    }
}
