//! The leaving-care checklist (issue 16 point 5; ADU-09 exit record) and discharge with reason
//! "adult placement" (point 7), which closes the archive through the archive's interface; the archive
//! stays readable for its retention period.

use super::load_to_act;
use super::records::date_field;
use super::refusal::Refused;
use crate::adulthood::model::{self, PlanState};
use crate::adulthood::rules::checklist;
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::db::schema::{adulthood_cases as ac, adulthood_checklist as ak};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::forms::text;
use crate::platform::{FieldErrors, Op};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// One item confirmed: by whom (a named person) and on which day.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ConfirmForm {
    pub item: String,
    pub confirmed_by_name: String,
    pub confirmed_on: String,
    pub note: String,
}

/// Confirm one item of the checklist.
pub fn confirm(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &ConfirmForm,
) -> AppResult<Result<(), FieldErrors>> {
    let y = load_to_act(conn, op, child)?;
    if y.case.as_ref().is_some_and(|c| c.discharged_on.is_some()) {
        return Ok(Err(Refused::Closed.errors(op)));
    }
    let mut e = FieldErrors::default();
    let item = f.item.trim();
    if !checklist::is_item(item) {
        e.add("item", op.tr.t("err.choose"));
    }
    let by = text(
        &mut e,
        op.tr,
        "confirmed_by_name",
        &f.confirmed_by_name,
        true,
        100,
    );
    let on = date_field(&mut e, op, "confirmed_on", &f.confirmed_on, true);
    let note = text(&mut e, op.tr, "note", &f.note, false, 500);
    let (Some(on), true) = (on, e.is_empty()) else {
        return Ok(Err(e));
    };
    crate::db::write_tx(conn, |c| -> AppResult<Result<(), FieldErrors>> {
        let case = model::ensure_case(c, child, y.child.institution_id, op.now)?;
        if model::checklist(c, case.id)?.iter().any(|i| i.item == item) {
            return Ok(Err(Refused::AlreadyConfirmed.errors(op)));
        }
        diesel::insert_into(ak::table)
            .values((
                ak::case_id.eq(case.id),
                ak::item.eq(item),
                ak::confirmed_by_name.eq(&by),
                ak::confirmed_on.eq(on),
                ak::note.eq(&note),
                ak::recorded_by.eq(op.user.id),
                ak::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "adulthood_checklist", case.id)
                .with_detail(format!("child {child} {item}")),
        )?;
        Ok(Ok(()))
    })
}

/// The discharge form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DischargeForm {
    pub date: String,
    pub note: String,
    pub confirm: String,
}

/// Discharge a placed young adult: the plan approved, every checklist item confirmed, then
/// `archive::discharge(…, "adult-placed", …)` in the same transaction (the archive checks the date and
/// that the young person is 18 or over, and releases any hold).
pub fn discharge(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &DischargeForm,
) -> AppResult<Result<(), FieldErrors>> {
    let y = load_to_act(conn, op, child)?;
    let Some(case) = y.case.clone() else {
        return Ok(Err(Refused::PlanNotApproved.errors(op)));
    };
    if case.discharged_on.is_some() {
        return Ok(Err(Refused::Closed.errors(op)));
    }
    let Some(plan) = y.plan.clone().filter(|p| p.state == PlanState::Approved) else {
        return Ok(Err(Refused::PlanNotApproved.errors(op)));
    };
    let done = model::checklist(conn, case.id)?;
    let confirmed: Vec<&str> = done.iter().map(|i| i.item.as_str()).collect();
    let missing = checklist::missing(&confirmed);
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|m| op.tr.t(&format!("adulthood.item.{m}")).to_string())
            .collect();
        let mut e = FieldErrors::default();
        e.add(
            "action",
            op.tr.tf(
                "adulthood.err.checklist_incomplete",
                &[("items", &names.join("、"))],
            ),
        );
        return Ok(Err(e));
    }
    let mut e = FieldErrors::default();
    let date = date_field(&mut e, op, "date", &f.date, true);
    let note = text(&mut e, op.tr, "note", &f.note, false, 500);
    if f.confirm != "yes" {
        e.add("confirm", op.tr.t("err.confirm_required"));
    }
    let (Some(date), true) = (date, e.is_empty()) else {
        return Ok(Err(e));
    };
    crate::db::write_tx(conn, |c| -> AppResult<Result<(), FieldErrors>> {
        let pathway = op
            .tr
            .t(&format!("adulthood.pathway.{}", plan.pathway.code()))
            .to_string();
        let full_note = if note.is_empty() {
            pathway
        } else {
            format!("{pathway}；{note}")
        };
        if let Err(errs) =
            crate::archive::discharge(c, op, child, "adult-placed", date, &full_note)?
        {
            // The archive's own refusals (e.g. not yet 18, before intake) — shown at the date.
            let mut e = FieldErrors::default();
            for f in errs.fields() {
                e.add(if f == "date" { "date" } else { "action" }, errs.msg(f));
            }
            return Ok(Err(e));
        }
        diesel::update(ac::table.find(case.id))
            .set((
                ac::placed_pathway.eq(plan.pathway.code()),
                ac::discharged_on.eq(Some(date)),
                ac::version.eq(case.version + 1),
                ac::updated_at.eq(op.now),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("status_change", "adulthood_case", case.id)
                .with_detail(format!("child {child} {} {date}", plan.pathway.code())),
        )?;
        crate::jobs::refresh(c, crate::adulthood::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(()))
    })
}
