//! Rows of the care tables and the codes stored in them. Only this module names `care_*` tables; every
//! query here takes a child id the service has already loaded in the user's scope.

use crate::archive::ChildId;
use crate::auth::UserId;
use crate::db::schema::{
    care_assessments as ca, care_conditions as cc, care_events as ce, care_goals as cg,
    care_growth as gr, care_medical as cm, care_medication_orders as mo, care_plans as cp,
    care_review_lines as rl, care_reviews as cr,
};
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

crate::code_enum! {
    /// Where a care plan stands (起草 → 待审批 → 退回 / 已批准 → 已被修订).
    pub enum PlanState {
        Draft = "draft",
        Submitted = "submitted",
        Returned = "returned",
        Approved = "approved",
        /// An approved version a later approved version replaced.
        Superseded = "superseded",
    }
}

crate::code_enum! {
    /// The five parts of the plan (养治教康 + 社会工作).
    pub enum Part {
        /// 养育 — daily care
        Daily = "daily",
        /// 医疗 — medical
        Medical = "medical",
        /// 康复 — rehabilitation
        Rehab = "rehab",
        /// 教育 — education
        Education = "education",
        /// 社会工作 — social work / psychological
        Social = "social",
    }
}

impl Part {
    /// The archive section whose restriction rule covers this part.
    pub fn section(self) -> &'static str {
        match self {
            Part::Daily => "care",
            Part::Medical => "medical",
            Part::Rehab => "rehab",
            Part::Education => "education",
            Part::Social => "social-work",
        }
    }
    /// The parts a caregiver reads (issue 14 point 8: daily care and medication).
    pub fn for_caregiver(self) -> bool {
        matches!(self, Part::Daily | Part::Medical)
    }
}

crate::code_enum! {
    /// Progress of a goal at a review.
    pub enum Progress {
        Achieved = "achieved",
        Partly = "partly",
        Not = "not",
        Dropped = "dropped",
    }
}

crate::code_enum! {
    /// A major event that calls for a plan review (CARE-01).
    pub enum EventKind {
        Transfer = "transfer",
        Foster = "foster",
        Hospital = "hospital",
        Diagnosis = "diagnosis",
    }
}

crate::code_enum! {
    /// A medical record's kind.
    pub enum MedicalKind {
        /// 门诊
        Visit = "visit",
        /// 住院
        Hospital = "hospital",
    }
}

crate::code_enum! {
    /// Who paid (医保 / 医疗救助 / 明天计划 / 其他).
    pub enum Funding {
        Insurance = "insurance",
        Aid = "aid",
        Tomorrow = "tomorrow",
        Other = "other",
    }
}

crate::code_enum! {
    /// A warning on the child's pages.
    pub enum ConditionKind {
        Allergy = "allergy",
        Chronic = "chronic",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = cp)]
pub struct Plan {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub number: Option<i32>,
    pub state: PlanState,
    pub based_on: Option<i64>,
    pub summary: String,
    pub drafted_by: UserId,
    pub drafted_at: NaiveDateTime,
    pub submitted_on: Option<NaiveDate>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<NaiveDateTime>,
    pub head_comment: String,
    pub approved_on: Option<NaiveDate>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize, PartialEq)]
#[diesel(table_name = cg)]
pub struct Goal {
    pub id: i64,
    pub plan_id: i64,
    pub part: Part,
    pub position: i32,
    pub goal: String,
    pub intervention: String,
    pub frequency: String,
    pub responsible: String,
    pub target_date: NaiveDate,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = cr)]
pub struct Review {
    pub id: i64,
    pub plan_id: i64,
    pub child_id: ChildId,
    pub reviewed_on: NaiveDate,
    pub note: String,
    pub reviewed_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = rl)]
pub struct ReviewLine {
    pub id: i64,
    pub review_id: i64,
    pub goal_id: i64,
    pub progress: Progress,
    pub note: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = ca)]
pub struct Assessment {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub kind: super::rules::schedule::AssessmentKind,
    pub instrument: String,
    pub score: String,
    pub level: String,
    pub narrative: String,
    pub assessor: String,
    pub assessed_on: NaiveDate,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = cm)]
pub struct Medical {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub kind: MedicalKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub reason: String,
    pub diagnosis: String,
    pub icd10: String,
    pub new_diagnosis: bool,
    pub treatment: String,
    pub cost_fen: Option<i64>,
    pub funding: Funding,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = cc)]
pub struct Condition {
    pub id: i64,
    pub child_id: ChildId,
    pub kind: ConditionKind,
    pub description: String,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = gr)]
pub struct Growth {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub measured_on: NaiveDate,
    pub height_mm: Option<i32>,
    pub weight_g: Option<i32>,
    pub head_mm: Option<i32>,
    pub measurer: String,
    pub standard: String,
    pub standard_version: String,
    pub wfa_z100: Option<i32>,
    pub lhfa_z100: Option<i32>,
    pub hcfa_z100: Option<i32>,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = mo)]
pub struct Order {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub drug: String,
    pub dose: String,
    pub route: String,
    pub times: String,
    pub prn: bool,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    pub prescriber: String,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
    pub stopped_at: Option<NaiveDateTime>,
    pub stopped_by: Option<UserId>,
}

pub fn plans_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Plan>> {
    crate::on_backend!(c, |b| {
        cp::table
            .filter(cp::child_id.eq(child))
            .order(cp::id.asc())
            .select(Plan::as_select())
            .load(b)
    })
}

pub fn plan(c: &mut DbConn, id: i64) -> QueryResult<Option<Plan>> {
    cp::table
        .find(id)
        .select(Plan::as_select())
        .first(c)
        .optional()
}

pub fn goals_of(c: &mut DbConn, plan_id: i64) -> QueryResult<Vec<Goal>> {
    crate::on_backend!(c, |b| {
        cg::table
            .filter(cg::plan_id.eq(plan_id))
            .order((cg::part.asc(), cg::position.asc(), cg::id.asc()))
            .select(Goal::as_select())
            .load(b)
    })
}

pub fn reviews_of(c: &mut DbConn, plan_ids: &[i64]) -> QueryResult<Vec<Review>> {
    crate::on_backend!(c, |b| {
        cr::table
            .filter(cr::plan_id.eq_any(plan_ids))
            .order(cr::reviewed_on.desc())
            .select(Review::as_select())
            .load(b)
    })
}

pub fn review_lines(c: &mut DbConn, review_ids: &[i64]) -> QueryResult<Vec<ReviewLine>> {
    crate::on_backend!(c, |b| {
        rl::table
            .filter(rl::review_id.eq_any(review_ids))
            .order(rl::id.asc())
            .select(ReviewLine::as_select())
            .load(b)
    })
}

pub fn last_event(c: &mut DbConn, child: ChildId) -> QueryResult<Option<NaiveDate>> {
    crate::on_backend!(c, |b| {
        ce::table
            .filter(ce::child_id.eq(child))
            .select(diesel::dsl::max(ce::occurred_on))
            .first(b)
    })
}

pub fn assessments_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Assessment>> {
    crate::on_backend!(c, |b| {
        ca::table
            .filter(ca::child_id.eq(child))
            .order(ca::assessed_on.desc())
            .select(Assessment::as_select())
            .load(b)
    })
}

pub fn medical_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Medical>> {
    crate::on_backend!(c, |b| {
        cm::table
            .filter(cm::child_id.eq(child))
            .order(cm::started_on.desc())
            .select(Medical::as_select())
            .load(b)
    })
}

pub fn conditions_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Condition>> {
    crate::on_backend!(c, |b| {
        cc::table
            .filter(cc::child_id.eq(child))
            .filter(cc::ended_at.is_null())
            .order(cc::id.asc())
            .select(Condition::as_select())
            .load(b)
    })
}

pub fn growth_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Growth>> {
    crate::on_backend!(c, |b| {
        gr::table
            .filter(gr::child_id.eq(child))
            .order(gr::measured_on.asc())
            .select(Growth::as_select())
            .load(b)
    })
}

pub fn orders_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Order>> {
    crate::on_backend!(c, |b| {
        mo::table
            .filter(mo::child_id.eq(child))
            .order(mo::start_on.desc())
            .select(Order::as_select())
            .load(b)
    })
}

pub fn immunisations_of(
    c: &mut DbConn,
    child: ChildId,
) -> QueryResult<Vec<(String, i32, NaiveDate)>> {
    use crate::db::schema::care_immunisations as im;
    im::table
        .filter(im::child_id.eq(child))
        .order(im::given_on.asc())
        .select((im::vaccine, im::dose, im::given_on))
        .load(c)
}

/// What changed in a revision against the version it is based on (issue 14 point 1): goals matched by
/// part and goal text; a matched goal whose intervention, frequency, staff or date differs is changed.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Diff {
    pub added: Vec<Goal>,
    pub removed: Vec<Goal>,
    pub changed: Vec<(Goal, Goal)>,
}

pub fn diff(old: &[Goal], new: &[Goal]) -> Diff {
    let key = |g: &Goal| (g.part, g.goal.trim().to_string());
    let mut d = Diff::default();
    for n in new {
        match old.iter().find(|o| key(o) == key(n)) {
            None => d.added.push(n.clone()),
            Some(o) => {
                if (&o.intervention, &o.frequency, &o.responsible, o.target_date)
                    != (&n.intervention, &n.frequency, &n.responsible, n.target_date)
                {
                    d.changed.push((o.clone(), n.clone()));
                }
            }
        }
    }
    for o in old {
        if !new.iter().any(|n| key(n) == key(o)) {
            d.removed.push(o.clone());
        }
    }
    d
}
