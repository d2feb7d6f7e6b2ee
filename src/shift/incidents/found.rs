//! A missing child recorded as found (找到走失儿童, issue 15 point 6): when, where, by whom, the child's
//! condition and whether a medical check followed. Recording it closes the incident's missing part: the
//! head's day stops listing the child as absent, each mandatory report already sent gets a follow-up
//! line (kept with the report: the handling records the police may ask for, 强制报告意见 第9条, RPT-03)
//! and a follow-up notice goes through the outbox, and each child's archive gets an entry (kind and
//! register number only, as the incident's own entry).
//!
//! Reports not yet sent stay due: the duty to report (未成年人保护法 第11条) does not end because the
//! child came back — the police still need to know what happened; the generated report says she was
//! found.

use super::handlers::{kind_label, local_text};
use super::service::{load, parse_local};
use super::Incident;
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{
    shift_incident_found as sf, shift_report_followups as fu, shift_reports as sr,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use crate::shift::rules::{self, IncidentKind};
use crate::shift::service::{self as ss, Failure, Field, Refused, ShiftResult};
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// A missing child found, as stored (`found_at` in UTC).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sf)]
pub struct Found {
    pub incident_id: i64,
    pub found_at: NaiveDateTime,
    pub place: String,
    pub found_by: String,
    pub condition: String,
    pub medical_check: bool,
    pub recorded_by: i64,
    pub recorded_at: NaiveDateTime,
}

/// "Found" as typed: `found_at` is the ward's local time `YYYY-MM-DDTHH:MM`.
#[derive(Debug, Clone, Default)]
pub struct FoundInput {
    pub found_at: String,
    pub place: String,
    pub found_by: String,
    pub condition: String,
    pub medical_check: bool,
    pub idem: String,
    /// Why a correction was made (the correction form only, `found_fix`).
    pub reason: String,
}

impl FoundInput {
    pub fn from_pairs(pairs: &[(String, String)]) -> FoundInput {
        let mut f = FoundInput::default();
        for (k, v) in pairs {
            match k.as_str() {
                "found_at" => f.found_at = v.clone(),
                "place" => f.place = v.clone(),
                "found_by" => f.found_by = v.clone(),
                "condition" => f.condition = v.clone(),
                "medical_check" => f.medical_check = !v.is_empty(),
                "idem" => f.idem = v.clone(),
                "reason" => f.reason = v.clone(),
                _ => {}
            }
        }
        f
    }
}

pub fn of(c: &mut DbConn, incident: i64) -> QueryResult<Option<Found>> {
    sf::table
        .find(incident)
        .select(Found::as_select())
        .first(c)
        .optional()
}

/// Which of these incidents have their child found (the head's day leaves them out of "absent").
pub fn found_among(c: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    sf::table
        .filter(sf::incident_id.eq_any(ids))
        .select(sf::incident_id)
        .load(c)
}

/// The follow-up lines of a report, oldest first.
pub fn followups(c: &mut DbConn, report: i64) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    fu::table
        .filter(fu::report_id.eq(report))
        .order(fu::id.asc())
        .select((fu::note, fu::created_at))
        .load(c)
}

pub(super) fn text(raw: &str, max: usize) -> Option<String> {
    let v = raw.trim();
    (!v.is_empty()
        && v.chars().count() <= max
        && !v.chars().any(|c| c.is_control() && c != '\n' && c != '\r'))
    .then(|| v.to_string())
}

/// The typed "found" checked against the incident (a first record or a correction, `found_fix`): a
/// time not before the incident nor in the future, the place, who found the child and her condition.
/// `errs`: refusals the caller found already (the correction's reason).
pub(super) fn check(
    op: &Op<'_>,
    i: &Incident,
    f: &FoundInput,
    mut errs: Vec<crate::shift::service::Refusal>,
) -> ShiftResult<(NaiveDateTime, String, String, String)> {
    let at = parse_local(&f.found_at);
    match at {
        None => errs.push(Refused::BadDate.at(op, Field::FoundAt)),
        Some(t) if t > op.now + Duration::minutes(5) => {
            errs.push(Refused::FutureTime.at(op, Field::FoundAt))
        }
        Some(t) if t < i.occurred_at => errs.push(Refused::BeforeIncident.at(op, Field::FoundAt)),
        Some(_) => {}
    }
    let place = text(&f.place, 200);
    if place.is_none() {
        errs.push(Refused::Required.at(op, Field::Place));
    }
    let by = text(&f.found_by, 200);
    if by.is_none() {
        errs.push(Refused::Required.at(op, Field::FoundBy));
    }
    let condition = text(&f.condition, 2000);
    if condition.is_none() {
        errs.push(Refused::Required.at(op, Field::Condition));
    }
    match (at, place, by, condition, errs.is_empty()) {
        (Some(at), Some(place), Some(by), Some(condition), true) => Ok((at, place, by, condition)),
        _ => Err(Failure::Refused(errs)),
    }
}

/// Record that the missing child of incident `id` was found. `Ok(None)`: the form was submitted before
/// (idempotency key) — nothing recorded again.
pub fn record(c: &mut DbConn, op: &Op<'_>, id: i64, f: &FoundInput) -> ShiftResult<Option<()>> {
    if !op.user.can(Action::RecordIncident) {
        return Err(AppError::Forbidden.into());
    }
    // Scope first: another institution's incident, or a staff-involved one the user may not read, is
    // a 404 (and the reading is audited as any other).
    let i: Incident = load(c, op, id)?;
    // Only a missing child can be found; the page offers the form on no other incident.
    if i.kind != IncidentKind::Missing {
        return Err(AppError::NotFound.into());
    }
    let (at, place, by, condition) = check(op, &i, f, Vec::new())?;
    let label = kind_label(op, i.kind);
    let r = ss::once(c, op, &f.idem, |c| {
        // Found once: a second "found" with a fresh form is refused, not a second row.
        if of(c, i.id)?.is_some() {
            return Err(Refused::AlreadyFound.at(op, Field::FoundAt).into());
        }
        diesel::insert_into(sf::table)
            .values((
                sf::incident_id.eq(i.id),
                sf::found_at.eq(at),
                sf::place.eq(&place),
                sf::found_by.eq(&by),
                sf::condition.eq(&condition),
                sf::medical_check.eq(f.medical_check),
                sf::recorded_by.eq(i64::from(op.user.id)),
                sf::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        follow_up_reports(c, op, &i, at)?;
        // The archive keeps that the child was found — kind and number only, like the incident's entry.
        let summary = op.tr.tf(
            "shift.found_archive",
            &[("kind", &label), ("id", &i.id.to_string())],
        );
        let reference = i.id.to_string();
        for k in super::children_of(c, i.id)? {
            crate::archive::file_entry(
                c,
                op,
                &crate::archive::NewEntry {
                    child_id: ChildId(k),
                    section: super::section_of(i.kind),
                    date: rules::local(at).date(),
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
            &Event::ok("found", "shift_incident", i.id),
        )?;
        Ok(())
    })?;
    Ok(r)
}

/// Each report already sent gets a follow-up line, and a notice goes through the outbox. The
/// recipients (police, civil affairs) are names in the policy, not addresses the system holds — the
/// report itself went by phone, fax or in person, as recorded in "how". So the notice goes to whoever
/// sent each report and to the institution's head, to pass on by the same channel; the line on the
/// report records that the follow-up is due. Like every mail of the module it names no child.
fn follow_up_reports(
    c: &mut DbConn,
    op: &Op<'_>,
    i: &Incident,
    at: NaiveDateTime,
) -> ShiftResult<()> {
    let sent: Vec<(i64, String, Option<i64>)> = sr::table
        .filter(sr::incident_id.eq(i.id))
        .filter(sr::sent_at.is_not_null())
        .order(sr::id.asc())
        .select((sr::id, sr::recipient, sr::sent_by))
        .load(c)?;
    if sent.is_empty() {
        return Ok(());
    }
    let when = local_text(at);
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let note = zh.tf("shift.found_followup", &[("when", &when)]);
    let users = crate::auth::model::list(c)?;
    let mut to: Vec<String> = users
        .iter()
        .filter(|u| {
            u.active
                && ((u.role == crate::auth::Role::Head
                    && u.institution_id.map(i64::from) == Some(i.institution_id))
                    || sent.iter().any(|s| s.2 == Some(i64::from(u.id))))
        })
        .filter_map(|u| u.email.clone())
        .collect();
    to.sort();
    to.dedup();
    for (report, recipient, _) in &sent {
        diesel::insert_into(fu::table)
            .values((
                fu::report_id.eq(report),
                fu::note.eq(&note),
                fu::created_by.eq(i64::from(op.user.id)),
                fu::created_at.eq(op.now),
            ))
            .execute(c)?;
        let args = [
            ("id", i.id.to_string()),
            ("recipient", recipient.clone()),
            ("when", when.clone()),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let subject = zh.tf("shift.found_mail_subject", &args);
        let body = zh.tf("shift.found_mail_body", &args);
        for addr in &to {
            crate::mail::enqueue(c, addr, &subject, &body, op.now)?;
        }
    }
    Ok(())
}

/// What the incident's page shows of "found": the record, or (for a missing child not yet found) the
/// form — with the user's input and a message per field after a refusal.
pub struct Panel {
    /// A missing-child incident (the section is shown at all).
    pub shown: bool,
    pub found: Option<FoundView>,
    /// Earlier versions of "found", oldest first, each with who replaced it and why.
    pub history: Vec<FoundView>,
    pub can_record: bool,
    /// "Found" is recorded and the user may correct it (the form starts from the values in force).
    pub can_correct: bool,
    pub f: FoundInput,
    pub errors: FieldErrors,
}

pub struct FoundView {
    pub when: String,
    pub place: String,
    pub by: String,
    pub condition: String,
    pub medical_check: bool,
    pub recorded: String,
    /// On an earlier version: who replaced it, when and why (`found_fix`).
    pub replaced: String,
}

pub fn panel(
    c: &mut DbConn,
    op: &Op<'_>,
    i: &Incident,
    failed: Option<(FoundInput, FieldErrors)>,
    name: &dyn Fn(i64) -> String,
) -> QueryResult<Panel> {
    let shown = i.kind == IncidentKind::Missing;
    let versions = if shown {
        super::found_fix::versions(c, i.id)?
    } else {
        Vec::new()
    };
    let fresh = match versions.last() {
        // The correction form starts from the values in force.
        Some(v) => FoundInput {
            found_at: rules::local(v.found_at)
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            place: v.place.clone(),
            found_by: v.found_by.clone(),
            condition: v.condition.clone(),
            medical_check: v.medical_check,
            idem: ss::new_key(),
            reason: String::new(),
        },
        None => FoundInput {
            found_at: rules::local(op.now).format("%Y-%m-%dT%H:%M").to_string(),
            idem: ss::new_key(),
            ..FoundInput::default()
        },
    };
    let (f, errors) = failed.unwrap_or_else(|| (fresh, FieldErrors::default()));
    let view =
        |x: &super::found_fix::Version, next: Option<&super::found_fix::Version>| FoundView {
            when: local_text(x.found_at),
            place: x.place.clone(),
            by: x.found_by.clone(),
            condition: x.condition.clone(),
            medical_check: x.medical_check,
            recorded: format!("{} {}", name(x.recorded_by), local_text(x.recorded_at)),
            replaced: next.map_or(String::new(), |n| {
                op.tr.tf(
                    "shift.found_corrected_by",
                    &[
                        (
                            "by",
                            &format!("{} {}", name(n.recorded_by), local_text(n.recorded_at)),
                        ),
                        ("reason", n.reason.as_deref().unwrap_or("")),
                    ],
                )
            }),
        };
    let history = versions
        .iter()
        .zip(versions.iter().skip(1))
        .map(|(x, n)| view(x, Some(n)))
        .collect();
    let may = shown && op.user.can(Action::RecordIncident);
    Ok(Panel {
        shown,
        can_record: may && versions.is_empty(),
        can_correct: may && !versions.is_empty(),
        found: versions.last().map(|x| view(x, None)),
        history,
        f,
        errors,
    })
}

/// `POST /shift/incidents/{id}/found`.
pub async fn post(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let input = FoundInput::from_pairs(&form.into_inner());
    submit(
        state,
        cu,
        path.into_inner(),
        input,
        record,
        "flash.shift_found_saved",
    )
    .await
}

/// One "found" form (`act`: the first record or a correction): redirect with `saved` on success, the
/// incident page again (422, what was typed kept, a message per field) when refused.
pub(super) async fn submit(
    state: State,
    cu: CurrentUser,
    id: i64,
    input: FoundInput,
    act: fn(&mut DbConn, &Op<'_>, i64, &FoundInput) -> ShiftResult<Option<()>>,
    saved: &'static str,
) -> AppResult<HttpResponse> {
    let kept = input.clone();
    let r = state
        .run(&cu, move |c, op| Ok(act(c, op, id, &input)))
        .await?;
    let page = format!("/shift/incidents/{id}");
    match r {
        Ok(Some(())) => Ok(redirect_with(&page, saved)),
        Ok(None) => Ok(redirect_with(&page, "flash.shift_already")),
        Err(e) => {
            let errors = e.into_fields()?;
            super::handlers::show(
                &state,
                &cu,
                id,
                super::handlers::Failed::Found(Box::new((kept, errors))),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
