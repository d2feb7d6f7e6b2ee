//! Incident operations (issue 15 point 6): record (one write transaction with its idempotency key,
//! the archive entries and the audit row; then the head's task and e-mail appear at once), read
//! (audited, scoped), review by the head.

use super::{find, Incident};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{
    shift_incident_children as ic, shift_incident_staff as is, shift_incidents as si,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::shift::rules::{self, IncidentKind};
use crate::shift::service::{self as ss, Field, Refused, ShiftResult};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Deserialize;

/// An incident as typed (a form's fields or the API's JSON). `occurred` is the ward's local time
/// `YYYY-MM-DDTHH:MM` (the phone's date-time input).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IncidentInput {
    pub kind: String,
    pub occurred: String,
    pub place: String,
    pub description: String,
    pub action_taken: String,
    pub serious: bool,
    pub children: Vec<i64>,
    pub staff: Vec<i64>,
    pub idem: String,
}

impl IncidentInput {
    /// From a form's pairs (`child` and `staff` repeat; `serious` is a checkbox).
    pub fn from_pairs(pairs: &[(String, String)]) -> IncidentInput {
        let mut f = IncidentInput::default();
        for (k, v) in pairs {
            match k.as_str() {
                "kind" => f.kind = v.clone(),
                "occurred" => f.occurred = v.clone(),
                "place" => f.place = v.clone(),
                "description" => f.description = v.clone(),
                "action_taken" => f.action_taken = v.clone(),
                "serious" => f.serious = !v.is_empty(),
                "idem" => f.idem = v.clone(),
                // A malformed id is no child or staff member at all: refused below as "choose one".
                "child" => f.children.push(v.trim().parse().unwrap_or(0)),
                "staff" => f.staff.push(v.trim().parse().unwrap_or(0)),
                _ => {}
            }
        }
        f
    }
}

/// Who reads which incidents: (institutions, whether staff-involved ones too). Caregivers, medical
/// staff and social workers read their own institution's; the head and the supervisor their scope's.
pub fn readable(c: &mut DbConn, op: &Op<'_>) -> AppResult<(Vec<i64>, bool)> {
    let see_staff = op.user.can(Action::SeeStaffIncidents);
    if op.user.can(Action::OverseeShift) {
        return Ok((ss::institutions_in_scope(c, op)?, see_staff));
    }
    if op.user.can(Action::RecordIncident) {
        return Ok((vec![ss::home_institution(op)?], see_staff));
    }
    Err(AppError::Forbidden)
}

/// One incident the user may read (404 otherwise: another institution's, or staff-involved for a
/// user without `SeeStaffIncidents`), its reading audited.
pub fn load(c: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Incident> {
    let (insts, see_staff) = readable(c, op)?;
    let i = find(c, &insts, see_staff, id)?.ok_or(AppError::NotFound)?;
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("view", "shift_incident", i.id),
    )?;
    Ok(i)
}

fn text(raw: &str, max: usize) -> Option<String> {
    let v = raw.trim();
    (!v.is_empty()
        && v.chars().count() <= max
        && !v.chars().any(|c| c.is_control() && c != '\n' && c != '\r'))
    .then(|| v.to_string())
}

/// The ward's local time typed, as UTC; `None` when malformed.
pub fn parse_local(raw: &str) -> Option<NaiveDateTime> {
    let s = raw.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(rules::utc_of)
}

/// Record an incident (INC-01). `Ok(None)`: the form was submitted before (idempotency key).
pub fn create(c: &mut DbConn, op: &Op<'_>, f: &IncidentInput) -> ShiftResult<Option<i64>> {
    if !op.user.can(Action::RecordIncident) {
        return Err(AppError::Forbidden.into());
    }
    let inst = ss::home_institution(op)?;
    let mut errs = Vec::new();
    let kind = f.kind.trim().parse::<IncidentKind>().ok();
    if kind.is_none() {
        errs.push(Refused::BadKind.at(op, Field::Kind));
    }
    let occurred = parse_local(&f.occurred);
    match occurred {
        None => errs.push(Refused::BadDate.at(op, Field::Occurred)),
        // A phone's clock a few minutes ahead is not a mistake; an hour is.
        Some(t) if t > op.now + Duration::minutes(5) => {
            errs.push(Refused::FutureTime.at(op, Field::Occurred))
        }
        Some(_) => {}
    }
    let place = text(&f.place, 200);
    if place.is_none() {
        errs.push(Refused::Required.at(op, Field::Place));
    }
    let description = text(&f.description, 4000);
    if description.is_none() {
        errs.push(Refused::Required.at(op, Field::Description));
    }
    let action = text(&f.action_taken, 4000);
    if action.is_none() {
        errs.push(Refused::Required.at(op, Field::Action));
    }
    let mut children: Vec<i64> = f.children.clone();
    children.sort_unstable();
    children.dedup();
    if children.is_empty() {
        errs.push(Refused::NoChildren.at(op, Field::Children));
    }
    for &k in &children {
        // Through the archive's scope: another institution's child is no child of this incident.
        match crate::archive::load_in_scope(c, op.user, ChildId(k)) {
            Ok(ch)
                if ch.status == crate::archive::ChildStatus::Active
                    && i64::from(ch.institution_id) == inst => {}
            Ok(_) | Err(AppError::NotFound) | Err(AppError::Forbidden) => {
                errs.push(Refused::NotInCare.at(op, Field::Children));
                break;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let mut staff: Vec<i64> = f.staff.clone();
    staff.sort_unstable();
    staff.dedup();
    if !staff.is_empty() {
        let users = crate::auth::model::list(c)?;
        let ok = staff.iter().all(|s| {
            users.iter().any(|u| {
                i64::from(u.id) == *s && u.active && u.institution_id.map(i64::from) == Some(inst)
            })
        });
        if !ok {
            errs.push(Refused::NotStaff.at(op, Field::Staff));
        }
    }
    let (Some(kind), Some(occurred), Some(place), Some(description), Some(action)) =
        (kind, occurred, place, description, action)
    else {
        return Err(ss::Failure::Refused(errs));
    };
    if !errs.is_empty() {
        return Err(ss::Failure::Refused(errs));
    }
    let label = op
        .tr
        .t(&format!("shift.incident_kind.{}", kind.code()))
        .to_string();
    let div = ss::division_of(c, inst)?;
    let window = ss::policies(c, div, rules::local(op.now).date())?.report_minutes;
    let r = ss::once(c, op, &f.idem, |c| {
        let id: i64 = diesel::insert_into(si::table)
            .values((
                si::institution_id.eq(inst),
                si::kind.eq(kind),
                si::occurred_at.eq(occurred),
                si::place.eq(&place),
                si::description.eq(&description),
                si::action_taken.eq(&action),
                si::serious.eq(f.serious),
                si::staff_involved.eq(!staff.is_empty()),
                si::recorded_by.eq(i64::from(op.user.id)),
                si::recorded_at.eq(op.now),
            ))
            .returning(si::id)
            .get_result(c)?;
        for &k in &children {
            diesel::insert_into(ic::table)
                .values((ic::incident_id.eq(id), ic::child_id.eq(k)))
                .execute(c)?;
        }
        for &s in &staff {
            diesel::insert_into(is::table)
                .values((is::incident_id.eq(id), is::user_id.eq(s)))
                .execute(c)?;
        }
        // RPT-01/RPT-05: a missing child or suspected abuse (or serious harm) starts the mandatory
        // report in the same transaction (未成年人保护法 第11条; 意见 第2条、第4条).
        let stored: Incident = si::table.find(id).select(Incident::as_select()).first(c)?;
        super::reports::start(c, op, &stored, window)?;
        // The child's archive keeps that the incident happened — the kind and the register's number,
        // no place, no account and no names: the archive is read by more people than the register,
        // and an incident naming staff is for the head and the supervisor only.
        let summary = op.tr.tf(
            "shift.incident_archive",
            &[("kind", &label), ("id", &id.to_string())],
        );
        let reference = id.to_string();
        for &k in &children {
            crate::archive::file_entry(
                c,
                op,
                &crate::archive::NewEntry {
                    child_id: ChildId(k),
                    section: super::section_of(kind),
                    date: rules::local(occurred).date(),
                    kind: "shift_incident",
                    summary: &summary,
                    module: crate::shift::MODULE_NAME,
                    reference: Some(&reference),
                },
            )?;
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "shift_incident", id).with_detail(kind.code()),
        )?;
        Ok(id)
    })?;
    if r.is_some() {
        // INC-01: the head is told at once — the task and its e-mail appear now, not at the daily pass.
        ss::refresh(c, op)?;
    }
    Ok(r)
}

/// The head reviews an incident (closes the notification task). Reviewing twice is harmless.
pub fn review(c: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<()> {
    if !op.user.can(Action::ReviewIncident) {
        return Err(AppError::Forbidden);
    }
    let (insts, see_staff) = readable(c, op)?;
    let i = find(c, &insts, see_staff, id)?.ok_or(AppError::NotFound)?;
    crate::db::write_tx(c, |c| -> AppResult<()> {
        diesel::update(si::table.find(i.id).filter(si::reviewed_at.is_null()))
            .set((
                si::reviewed_by.eq(Some(i64::from(op.user.id))),
                si::reviewed_at.eq(Some(op.now)),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("review", "shift_incident", i.id),
        )?;
        Ok(())
    })?;
    ss::refresh(c, op)?;
    Ok(())
}
