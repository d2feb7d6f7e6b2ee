//! Rows of the adulthood module (tables `adulthood_*`; only this module names them).

use crate::archive::ChildId;
use crate::db::schema::{
    adulthood_assessments as aa, adulthood_cases as ac, adulthood_checklist as ak,
    adulthood_plans as ap,
};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

crate::code_enum! {
    /// Where a plan (一人一案) stands: drafted by the institution, submitted by the head to the
    /// civil-affairs department, approved there or returned with comments (宣城市实施细则 ADU-03).
    pub enum PlanState {
        Draft = "draft",
        Submitted = "submitted",
        Approved = "approved",
        Returned = "returned",
    }
}

crate::code_enum! {
    /// Who assessed: the institution's staff (Anhui 第4条) or a commissioned panel (Shenzhen).
    pub enum AssessorKind {
        Staff = "staff",
        Panel = "panel",
    }
}

/// One young person's case.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = ac)]
pub struct Case {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: crate::org::InstitutionId,
    pub deferral: String,
    pub deferral_detail: String,
    pub left_on: Option<NaiveDate>,
    pub placed_pathway: String,
    pub discharged_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = aa)]
pub struct Assessment {
    pub id: i64,
    pub case_id: i64,
    pub assessed_on: NaiveDate,
    pub assessor_kind: AssessorKind,
    pub panel_members: String,
    pub labour_capacity: String,
    pub civil_capacity: String,
    pub self_care: String,
    pub mental_physical: String,
    pub education_skills: String,
    pub wishes: String,
    pub conclusion: String,
    pub proposed_pathway: super::rules::Pathway,
    pub recorded_by: crate::auth::UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = ap)]
pub struct Plan {
    pub id: i64,
    pub case_id: i64,
    pub pathway: super::rules::Pathway,
    pub steps: String,
    pub responsible_bodies: String,
    pub placement_on: NaiveDate,
    pub transition_subsidy_yuan: i64,
    pub settlement_yuan: i64,
    pub rent_support_yuan: i64,
    pub state: PlanState,
    pub submitted_by: Option<crate::auth::UserId>,
    pub submitted_at: Option<NaiveDateTime>,
    pub decided_by: Option<crate::auth::UserId>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_comment: String,
    pub version: i32,
    pub created_by: crate::auth::UserId,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = ak)]
pub struct CheckItem {
    pub id: i64,
    pub case_id: i64,
    pub item: String,
    pub confirmed_by_name: String,
    pub confirmed_on: NaiveDate,
    pub note: String,
    pub recorded_by: crate::auth::UserId,
    pub recorded_at: NaiveDateTime,
}

/// Cases of the given children.
pub fn cases_of(conn: &mut DbConn, ids: &[ChildId]) -> QueryResult<Vec<Case>> {
    ac::table
        .filter(ac::child_id.eq_any(ids))
        .select(Case::as_select())
        .load(conn)
}

pub fn case_of(conn: &mut DbConn, child: ChildId) -> QueryResult<Option<Case>> {
    ac::table
        .filter(ac::child_id.eq(child))
        .select(Case::as_select())
        .first(conn)
        .optional()
}

/// Every case still open (not discharged), for the daily pass.
pub fn open_cases(conn: &mut DbConn) -> QueryResult<Vec<Case>> {
    ac::table
        .filter(ac::discharged_on.is_null())
        .select(Case::as_select())
        .load(conn)
}

/// The case of a child, opened now if it has none (inside the caller's write transaction).
pub fn ensure_case(
    conn: &mut DbConn,
    child: ChildId,
    institution: crate::org::InstitutionId,
    now: NaiveDateTime,
) -> QueryResult<Case> {
    if let Some(c) = case_of(conn, child)? {
        return Ok(c);
    }
    diesel::insert_into(ac::table)
        .values((
            ac::child_id.eq(child),
            ac::institution_id.eq(institution),
            ac::created_at.eq(now),
            ac::updated_at.eq(now),
        ))
        .execute(conn)?;
    case_of(conn, child)?.ok_or(diesel::result::Error::NotFound)
}

/// The latest assessment of each case.
pub fn latest_assessments(conn: &mut DbConn, cases: &[i64]) -> QueryResult<Vec<Assessment>> {
    let all: Vec<Assessment> = aa::table
        .filter(aa::case_id.eq_any(cases))
        .order((aa::assessed_on.desc(), aa::id.desc()))
        .select(Assessment::as_select())
        .load(conn)?;
    let mut out: Vec<Assessment> = Vec::new();
    for a in all {
        if !out.iter().any(|o| o.case_id == a.case_id) {
            out.push(a);
        }
    }
    Ok(out)
}

/// The current plan of each case (the latest row).
pub fn current_plans(conn: &mut DbConn, cases: &[i64]) -> QueryResult<Vec<Plan>> {
    let all: Vec<Plan> = ap::table
        .filter(ap::case_id.eq_any(cases))
        .order(ap::id.desc())
        .select(Plan::as_select())
        .load(conn)?;
    let mut out: Vec<Plan> = Vec::new();
    for p in all {
        if !out.iter().any(|o| o.case_id == p.case_id) {
            out.push(p);
        }
    }
    Ok(out)
}

pub fn checklist(conn: &mut DbConn, case: i64) -> QueryResult<Vec<CheckItem>> {
    ak::table
        .filter(ak::case_id.eq(case))
        .order(ak::id.asc())
        .select(CheckItem::as_select())
        .load(conn)
}

/// Cases of young adults placed and discharged through this module.
pub fn placed_cases(conn: &mut DbConn) -> QueryResult<Vec<Case>> {
    ac::table
        .filter(ac::discharged_on.is_not_null())
        .select(Case::as_select())
        .load(conn)
}

crate::code_enum! {
    /// A contact after placement: a scheduled follow-up, or the young adult coming back for help (recorded,
    /// not re-admitted — issue 16 point 7).
    pub enum ContactKind {
        Followup = "followup",
        Return = "return",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = crate::db::schema::adulthood_followups)]
pub struct Followup {
    pub id: i64,
    pub case_id: i64,
    pub contact_on: NaiveDate,
    pub kind: ContactKind,
    pub note: String,
    pub concern: bool,
    pub recorded_by: crate::auth::UserId,
    pub recorded_at: NaiveDateTime,
}

/// The contacts of the given cases, newest first.
pub fn followups(conn: &mut DbConn, cases: &[i64]) -> QueryResult<Vec<Followup>> {
    use crate::db::schema::adulthood_followups as af;
    af::table
        .filter(af::case_id.eq_any(cases))
        .order((af::contact_on.desc(), af::id.desc()))
        .select(Followup::as_select())
        .load(conn)
}
