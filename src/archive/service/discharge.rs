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
    /// Also release what holds the child elsewhere (an open transfer), with the discharge reason.
    pub release_holds: bool,
}

/// What holds the child elsewhere (e.g. an open transfer batch), as references, through the registry
/// (the archive names no other module).
pub fn holds(conn: &mut DbConn, id: crate::archive::ChildId) -> QueryResult<Vec<String>> {
    let mut out = Vec::new();
    for h in crate::modules::CHILD_HOLDS {
        if let Some(r) = (h.find)(conn, id.0)? {
            out.push(r);
        }
    }
    Ok(out)
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
    // A child in foster care (家庭寄养) is still the institution's: discharge (e.g. adoption registered)
    // ends the placement through the foster module's hold below.
    let from = child.status;
    if !matches!(
        from,
        model::ChildStatus::Active | model::ChildStatus::InFosterCare
    ) {
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
    // A child in an open transfer cannot simply leave: the batch would wait for a child who will never
    // arrive (issue 10 point 13). Discharge takes the child out of it in the same step, or not at all.
    let held = holds(conn, id)?;
    if !held.is_empty() && !input.release_holds {
        e.add(
            "release_holds",
            tr.tf("err.discharge_held", &[("reference", &held.join("、"))]),
        );
        return Ok(Err(e));
    }
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let release_reason = zh.tf(
        "archive.discharge_release_reason",
        &[("reason", zh.t(&format!("discharge.{reason}")))],
    );
    crate::db::write_tx(conn, |c| {
        for h in crate::modules::CHILD_HOLDS {
            if (h.find)(c, id.0)?.is_some() {
                (h.release)(c, op, id.0, &release_reason)?;
            }
        }
        let n = diesel::update(
            children::table
                .find(id)
                .filter(children::version.eq(version))
                .filter(children::status.eq(from)),
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
            from.code(),
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
