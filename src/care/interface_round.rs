//! For the caregiver-shift module (issue 15 point 2): the care-plan interventions (干预措施) of a child's
//! approved plan (个性化抚养方案, CARE-01) that apply on a date — what, how often, by whom — read-only.
//! Whether a frequency applies is the pure rule `care::rules::frequency`. The caller has loaded the
//! child in the user's scope and decides which parts the user may read (`PlanTask::for_caregiver`,
//! and the archive's restriction rule per `PlanTask::section`).

use crate::archive::ChildId;
use crate::db::DbConn;
use chrono::NaiveDate;
use diesel::QueryResult;

/// An intervention of the approved plan that applies on the date asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTask {
    /// The plan goal's id (stable while the plan version is in force).
    pub goal_id: i64,
    /// The plan's part code (`daily`, `medical`, `rehab`, `education`, `social`).
    pub part: &'static str,
    /// The archive section whose restriction rule covers the part.
    pub section: &'static str,
    /// A part caregivers read (daily care and medical, issue 14 point 8).
    pub for_caregiver: bool,
    pub intervention: String,
    pub frequency: String,
    pub responsible: String,
}

/// The interventions of the child's approved plan in force that apply on `on`.
pub fn plan_tasks(c: &mut DbConn, child: ChildId, on: NaiveDate) -> QueryResult<Vec<PlanTask>> {
    let plans = super::model::plans_of(c, child)?;
    let Some(plan) = super::service::plans::current(&plans) else {
        return Ok(Vec::new());
    };
    let Some(approved) = plan.approved_on else {
        return Ok(Vec::new());
    };
    Ok(super::model::goals_of(c, plan.id)?
        .into_iter()
        .filter(|g| {
            super::rules::frequency::applies(
                &super::rules::frequency::parse(&g.frequency),
                approved,
                on,
            )
        })
        .map(|g| PlanTask {
            goal_id: g.id,
            part: g.part.code(),
            section: g.part.section(),
            for_caregiver: g.part.for_caregiver(),
            intervention: g.intervention,
            frequency: g.frequency,
            responsible: g.responsible,
        })
        .collect())
}
