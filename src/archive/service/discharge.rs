//! Discharge (离院): closes the archive to edits, with its history row, section entry and audit row.

use super::super::model;
use super::super::rules;
use super::{load, Op};
use crate::audit::{self, Event};
use crate::db::schema::children;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use chrono::NaiveDate;
use diesel::prelude::*;

/// A discharge as typed.
pub struct DischargeInput<'a> {
    pub reason: &'a str,
    pub date: &'a str,
    pub note: &'a str,
    pub version: i32,
}

/// Discharge (离院): closes the archive to edits; it is kept permanently.
pub fn discharge(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: crate::archive::ChildId,
    input: &DischargeInput<'_>,
) -> AppResult<Result<(), FieldErrors>> {
    let (tr, user, actor, today, now) = (op.tr, op.user, op.actor, op.today, op.now);
    let (reason, date, note, version) = (input.reason, input.date, input.note, input.version);
    let child = load(conn, user, id)?;
    if child.status != model::ChildStatus::Active {
        return Err(AppError::bad("archive_closed", tr.t("err.archive_closed")));
    }
    if version != child.version {
        return Err(AppError::Conflict(tr.t("err.stale_version").into()));
    }
    let mut e = FieldErrors::default();
    let Ok(d) = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
        e.add("discharge_date", tr.t("err.date"));
        return Ok(Err(e));
    };
    let inst = crate::org::model::holding(conn, child.institution_id)?.ok_or(AppError::NotFound)?;
    let adult_age = crate::policy::int(
        conn,
        crate::policy::keys::CHILD_ADULT_AGE,
        Some(inst.division_id),
        d,
    )? as i32;
    if let Err(p) = rules::check_discharge(
        reason,
        d,
        child.intake_date,
        child.birth_date,
        today,
        adult_age,
    ) {
        let (field, key) = match p {
            rules::DischargeProblem::UnknownReason => ("discharge_reason", "err.choose"),
            rules::DischargeProblem::BeforeIntake => {
                ("discharge_date", "err.discharge_before_intake")
            }
            rules::DischargeProblem::InFuture => ("discharge_date", "err.date_future"),
            rules::DischargeProblem::NotAdult => ("discharge_reason", "err.not_adult"),
        };
        e.add(field, tr.t(key));
        return Ok(Err(e));
    }
    let note: String = note.trim().chars().take(500).collect();
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            children::table
                .find(id)
                .filter(children::version.eq(version))
                .filter(children::status.eq(model::ChildStatus::Active)),
        )
        .set((
            children::status.eq(model::ChildStatus::Discharged),
            children::discharge_date.eq(Some(d)),
            children::discharge_reason.eq(Some(reason)),
            children::discharge_note.eq(&note),
            children::version.eq(version + 1),
            children::updated_at.eq(now),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(tr.t("err.stale_version").into()));
        }
        model::insert_change(
            c,
            id,
            "status",
            model::ChildStatus::Active.code(),
            model::ChildStatus::Discharged.code(),
            reason,
            user.id,
            now,
        )?;
        model::add_entry(
            c,
            &super::super::interface::NewEntry {
                child_id: id,
                section: "discharge",
                date: d,
                kind: "discharge",
                summary: reason,
                module: "archive",
                reference: None,
            },
            Some(user.id),
            now,
        )?;
        audit::record(
            c,
            now,
            actor,
            &Event::ok("status_change", "child", id).with_detail(format!("discharged: {reason}")),
        )?;
        Ok(Ok(()))
    })
}
