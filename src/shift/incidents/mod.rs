//! Incidents (事件登记, issue 15 point 6; INC-01): accident or injury, illness, absent or missing child,
//! self-harm, restraint, conflict between children, suspected abuse or neglect (by anyone, staff
//! included). Each records its time, place, the children (through `crate::archive`) and staff involved,
//! what happened and what was done; the head is told at once (a task with an e-mail through the due
//! source) and reviews it; each child's archive gets an entry (养育 or 医疗 section).
//!
//! An incident naming a staff member (涉及工作人员) is visible only to the head and the supervisor
//! (`Action::SeeStaffIncidents`): every query here takes that flag, so a colleague — or the staff member
//! named — gets a 404 for it and never sees it in a list.

pub mod body;
pub mod body_fix;
pub mod body_web;
pub mod export;
pub mod figure;
pub mod found;
pub mod found_fix;
pub mod handlers;
pub mod mark_web;
pub mod photo_fix;
pub mod report_web;
pub mod reports;
pub mod service;

use crate::db::schema::{
    shift_incident_children as ic, shift_incident_staff as is, shift_incidents as si,
};
use crate::db::DbConn;
use crate::shift::rules::IncidentKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

/// An incident as stored (`occurred_at` and `recorded_at` in UTC).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = si)]
pub struct Incident {
    pub id: i64,
    pub institution_id: i64,
    pub kind: IncidentKind,
    pub occurred_at: NaiveDateTime,
    pub place: String,
    pub description: String,
    pub action_taken: String,
    pub serious: bool,
    pub staff_involved: bool,
    pub recorded_by: i64,
    pub recorded_at: NaiveDateTime,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<NaiveDateTime>,
}

/// Which archive section an incident is filed in: injuries, illness and self-harm are health events
/// (医疗); the others belong to the child's upbringing (养育, the archive's `care` section).
pub fn section_of(kind: IncidentKind) -> &'static str {
    match kind {
        IncidentKind::Accident | IncidentKind::Illness | IncidentKind::SelfHarm => "medical",
        _ => "care",
    }
}

/// What a list may be narrowed to (the list page's and the export's filters).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<IncidentKind>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

/// The incidents of these institutions, newest first; staff-involved ones only when `see_staff`.
pub fn list(
    c: &mut DbConn,
    institutions: &[i64],
    see_staff: bool,
    f: &Filter,
    limit: i64,
) -> QueryResult<Vec<Incident>> {
    let mut q = si::table
        .filter(si::institution_id.eq_any(institutions))
        .into_boxed();
    if !see_staff {
        q = q.filter(si::staff_involved.eq(false));
    }
    if let Some(k) = f.kind {
        q = q.filter(si::kind.eq(k));
    }
    if let Some(t) = f.from {
        q = q.filter(si::occurred_at.ge(t));
    }
    if let Some(t) = f.until {
        q = q.filter(si::occurred_at.lt(t));
    }
    q.order((si::occurred_at.desc(), si::id.desc()))
        .limit(limit)
        .select(Incident::as_select())
        .load(c)
}

/// One incident if it is in these institutions and (when staff-involved) `see_staff`.
pub fn find(
    c: &mut DbConn,
    institutions: &[i64],
    see_staff: bool,
    id: i64,
) -> QueryResult<Option<Incident>> {
    let mut q = si::table
        .filter(si::id.eq(id))
        .filter(si::institution_id.eq_any(institutions))
        .into_boxed();
    if !see_staff {
        q = q.filter(si::staff_involved.eq(false));
    }
    q.select(Incident::as_select()).first(c).optional()
}

/// The children of an incident.
pub fn children_of(c: &mut DbConn, id: i64) -> QueryResult<Vec<i64>> {
    ic::table
        .filter(ic::incident_id.eq(id))
        .order(ic::child_id.asc())
        .select(ic::child_id)
        .load(c)
}

/// The staff members of an incident.
pub fn staff_of(c: &mut DbConn, id: i64) -> QueryResult<Vec<i64>> {
    is::table
        .filter(is::incident_id.eq(id))
        .order(is::user_id.asc())
        .select(is::user_id)
        .load(c)
}

/// (incident, child) pairs for a set of incidents (for lists).
pub fn children_of_many(c: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    ic::table
        .filter(ic::incident_id.eq_any(ids))
        .select((ic::incident_id, ic::child_id))
        .load(c)
}

/// Incidents the head has not reviewed yet (the due source's notification task), every institution.
pub fn unreviewed(c: &mut DbConn) -> QueryResult<Vec<Incident>> {
    si::table
        .filter(si::reviewed_at.is_null())
        .order(si::id.asc())
        .select(Incident::as_select())
        .load(c)
}
