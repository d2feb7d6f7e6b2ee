//! Correcting "found" (找到记录的更正, issue 15 point 6, session 8), the way body marks are corrected
//! (`body_fix`, BODY-02): a wrong "found" entry is never changed or deleted (RPT-03: the handling
//! records the police may ask for). A correction is a new row with the corrected values (time, place,
//! who found the child, her condition, medical check) and the required reason; the values in force are
//! the latest correction's, or the first record's when there is none. The incident's page shows the
//! values in force and, struck through, each earlier version with who replaced it, when and why.
//!
//! Whoever may record "found" may correct it (`RecordIncident`, the incident in scope — 404 otherwise);
//! each correction is one write transaction with its audit row, and a form submitted twice
//! (idempotency key) records once. Reports already sent got their follow-up line when the child was
//! first recorded found; a correction adds none (the page and the register keep it).

use super::found::{self, check, FoundInput};
use super::service::load;
use super::Incident;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::shift_found_corrections as fc;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::shift::rules::IncidentKind;
use crate::shift::service::{self as ss, Field, Refused, ShiftResult};
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The longest reason of a correction.
pub const REASON_MAX: usize = 200;

/// One version of "found": the first record (`reason` None) or a correction.
#[derive(Debug, Clone, Queryable)]
pub struct Version {
    pub found_at: NaiveDateTime,
    pub place: String,
    pub found_by: String,
    pub condition: String,
    pub medical_check: bool,
    pub recorded_by: i64,
    pub recorded_at: NaiveDateTime,
    /// Why this correction was made (None on the first record).
    pub reason: Option<String>,
}

/// Every version of an incident's "found", oldest first (the last is in force); empty: not found.
pub fn versions(c: &mut DbConn, incident: i64) -> QueryResult<Vec<Version>> {
    let Some(first) = found::of(c, incident)? else {
        return Ok(Vec::new());
    };
    let mut out = vec![Version {
        found_at: first.found_at,
        place: first.place,
        found_by: first.found_by,
        condition: first.condition,
        medical_check: first.medical_check,
        recorded_by: first.recorded_by,
        recorded_at: first.recorded_at,
        reason: None,
    }];
    let fixes: Vec<Version> = fc::table
        .filter(fc::incident_id.eq(incident))
        .order(fc::id.asc())
        .select((
            fc::found_at,
            fc::place,
            fc::found_by,
            fc::condition,
            fc::medical_check,
            fc::recorded_by,
            fc::recorded_at,
            fc::reason.nullable(),
        ))
        .load(c)?;
    out.extend(fixes);
    Ok(out)
}

/// Correct the "found" of incident `id` with a reason. `Ok(None)`: submitted before (idempotency key).
pub fn correct(c: &mut DbConn, op: &Op<'_>, id: i64, f: &FoundInput) -> ShiftResult<Option<()>> {
    if !op.user.can(Action::RecordIncident) {
        return Err(AppError::Forbidden.into());
    }
    let i: Incident = load(c, op, id)?;
    if i.kind != IncidentKind::Missing || found::of(c, i.id)?.is_none() {
        return Err(AppError::NotFound.into());
    }
    let mut errs = Vec::new();
    let reason = found::text(&f.reason, REASON_MAX).filter(|r| !r.contains('\n'));
    if reason.is_none() {
        errs.push(Refused::Required.at(op, Field::Reason));
    }
    let (at, place, by, condition) = check(op, &i, f, errs)?;
    let reason = reason.unwrap_or_default();
    ss::once(c, op, &f.idem, |c| {
        diesel::insert_into(fc::table)
            .values((
                fc::incident_id.eq(i.id),
                fc::found_at.eq(at),
                fc::place.eq(&place),
                fc::found_by.eq(&by),
                fc::condition.eq(&condition),
                fc::medical_check.eq(f.medical_check),
                fc::reason.eq(&reason),
                fc::recorded_by.eq(i64::from(op.user.id)),
                fc::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let n: i64 = fc::table
            .filter(fc::incident_id.eq(i.id))
            .count()
            .get_result(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("correct", "shift_incident_found", i.id)
                .with_detail(format!("correction {n}")),
        )?;
        Ok(())
    })
}

/// `POST /shift/incidents/{id}/found/correct`.
pub async fn post(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let input = FoundInput::from_pairs(&form.into_inner());
    let saved = "flash.shift_found_corrected";
    found::submit(state, cu, path.into_inner(), input, correct, saved).await
}
