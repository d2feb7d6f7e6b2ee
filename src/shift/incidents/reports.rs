//! Mandatory reports (强制报告, issue 15 point 6). 未成年人保护法 第11条 第2款: units in close contact
//! with minors and their staff must report at once (立即) to the police, civil affairs and others when
//! they find a minor harmed or suspected harmed; 《关于建立侵害未成年人案件强制报告制度的意见（试行）》
//! (2020) 第2条 (report to the police at once), 第4条 (the situations: 第7项 missing, 第1–6项 abuse and
//! neglect, suspected cases included). RPT-01: a report per recipient, due at once, escalated to the
//! supervisor after `shift.report_deadline_minutes`; RPT-05: a missing child goes to the police and
//! civil affairs; RPT-03: the records are kept (never deleted). Which incidents start the flow is the
//! pure rule `rules::must_report`.

use super::Incident;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::shift_reports as sr;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::shift::rules::{self, ReportState};
use crate::shift::service::{self as ss, Field, Refused, ShiftResult};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = sr)]
pub struct Report {
    pub id: i64,
    pub incident_id: i64,
    pub recipient: String,
    pub deadline_at: NaiveDateTime,
    pub escalated_at: Option<NaiveDateTime>,
    pub sent_by: Option<i64>,
    pub sent_at: Option<NaiveDateTime>,
    pub sent_how: String,
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub receipt: String,
    pub created_at: NaiveDateTime,
}

impl Report {
    pub fn state(&self, now: NaiveDateTime) -> ReportState {
        rules::report_state(self.deadline_at, self.sent_at, self.confirmed_at, now)
    }
}

/// The recipients in force for an institution's division (`;`-separated policy text).
pub fn recipients(c: &mut DbConn, institution: i64, on: NaiveDate) -> AppResult<Vec<String>> {
    let div = ss::division_of(c, institution)?;
    let v = crate::policy::text(c, crate::policy::keys::SHIFT_REPORT_RECIPIENTS, div, on)?;
    Ok(v.value
        .split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}

/// Start the flow for an incident that must be reported (`rules::must_report`): one report per
/// recipient, due at once, escalating `report_minutes` after the incident. Inside the incident's
/// transaction.
pub fn start(c: &mut DbConn, op: &Op<'_>, i: &Incident, report_minutes: i64) -> AppResult<usize> {
    if !rules::must_report(i.kind, i.serious) {
        return Ok(0);
    }
    let deadline = rules::report_deadline(i.occurred_at, report_minutes);
    let to = recipients(c, i.institution_id, rules::local(op.now).date())?;
    for r in &to {
        diesel::insert_into(sr::table)
            .values((
                sr::incident_id.eq(i.id),
                sr::recipient.eq(r),
                sr::deadline_at.eq(deadline),
                sr::created_at.eq(op.now),
            ))
            .execute(c)?;
    }
    Ok(to.len())
}

pub fn of_incident(c: &mut DbConn, incident: i64) -> QueryResult<Vec<Report>> {
    sr::table
        .filter(sr::incident_id.eq(incident))
        .order(sr::id.asc())
        .select(Report::as_select())
        .load(c)
}

/// Reports not yet sent, every institution (the due source).
pub fn unsent(c: &mut DbConn) -> QueryResult<Vec<(Report, i64)>> {
    use crate::db::schema::shift_incidents as si;
    sr::table
        .inner_join(si::table)
        .filter(sr::sent_at.is_null())
        .order(sr::id.asc())
        .select((Report::as_select(), si::institution_id))
        .load(c)
}

/// RPT-01: reports past their deadline and not sent are escalated now (the supervisor's task and
/// e-mail follow at once). Run when the register, an incident or the head's day is opened — the daily
/// pass has only a date, and catches the rest the next morning.
pub fn escalate(c: &mut DbConn, op: &Op<'_>) -> AppResult<()> {
    let overdue = || {
        sr::table
            .filter(sr::sent_at.is_null())
            .filter(sr::escalated_at.is_null())
            .filter(sr::deadline_at.lt(op.now))
    };
    // Read first: opening the register is not a write unless a report has just fallen overdue.
    if !diesel::select(diesel::dsl::exists(overdue())).get_result::<bool>(c)? {
        return Ok(());
    }
    crate::db::write_tx(c, |c| {
        let n = diesel::update(overdue())
            .set(sr::escalated_at.eq(Some(op.now)))
            .execute(c)?;
        if n > 0 {
            ss::refresh(c, op)?;
        }
        Ok(())
    })
}

/// The report and its incident, if the user reads the incident and may act on it (recording staff and
/// the head; the supervisor reads only).
fn actionable(c: &mut DbConn, op: &Op<'_>, id: i64) -> ShiftResult<Report> {
    if !op.user.can(Action::RecordIncident) {
        return Err(AppError::Forbidden.into());
    }
    let r: Report = sr::table
        .find(id)
        .select(Report::as_select())
        .first(c)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let (insts, see_staff) = super::service::readable(c, op)?;
    super::find(c, &insts, see_staff, r.incident_id)?.ok_or(AppError::NotFound)?;
    Ok(r)
}

fn line(raw: &str) -> Option<String> {
    let v = raw.trim();
    (!v.is_empty() && v.chars().count() <= 200 && !v.chars().any(char::is_control))
        .then(|| v.to_string())
}

/// Record that the report was sent (how: by phone to…, in person, the PDF by fax…). Once.
pub fn mark_sent(c: &mut DbConn, op: &Op<'_>, id: i64, how: &str) -> ShiftResult<i64> {
    let r = actionable(c, op, id)?;
    if r.sent_at.is_some() {
        return Err(Refused::ReportDone.at(op, Field::How).into());
    }
    let how = line(how).ok_or_else(|| Refused::Required.at(op, Field::How))?;
    crate::db::write_tx(c, |c| -> ShiftResult<()> {
        diesel::update(sr::table.find(r.id).filter(sr::sent_at.is_null()))
            .set((
                sr::sent_by.eq(Some(i64::from(op.user.id))),
                sr::sent_at.eq(Some(op.now)),
                sr::sent_how.eq(&how),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("send", "shift_report", r.id),
        )?;
        Ok(())
    })?;
    ss::refresh(c, op)?;
    Ok(r.incident_id)
}

/// Record the recipient's confirmation (the receipt or case number, 意见 第8条). Only after sending.
pub fn confirm(c: &mut DbConn, op: &Op<'_>, id: i64, receipt: &str) -> ShiftResult<i64> {
    let r = actionable(c, op, id)?;
    if r.sent_at.is_none() || r.confirmed_at.is_some() {
        return Err(Refused::ReportDone.at(op, Field::Receipt).into());
    }
    let receipt = line(receipt).ok_or_else(|| Refused::Required.at(op, Field::Receipt))?;
    crate::db::write_tx(c, |c| -> ShiftResult<()> {
        diesel::update(sr::table.find(r.id).filter(sr::confirmed_at.is_null()))
            .set((
                sr::confirmed_by.eq(Some(i64::from(op.user.id))),
                sr::confirmed_at.eq(Some(op.now)),
                sr::receipt.eq(&receipt),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("confirm", "shift_report", r.id),
        )?;
        Ok(())
    })?;
    Ok(r.incident_id)
}

/// The incident a report belongs to (for re-rendering its page; the page itself checks scope).
pub fn incident_of(c: &mut DbConn, report: i64) -> QueryResult<Option<i64>> {
    sr::table
        .find(report)
        .select(sr::incident_id)
        .first(c)
        .optional()
}
