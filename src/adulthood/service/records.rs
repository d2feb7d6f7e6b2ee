//! Deferral for study or service (ADU-02) and the comprehensive assessment (综合评估, ADU-01; issue 16
//! point 3): labour capacity, civil capacity, self-care, mental and physical condition, education and
//! skills, the young person's own wishes in their words; by the institution's staff or a commissioned
//! panel (members recorded); a conclusion proposing a pathway.

use super::refusal::Refused;
use super::{load_to_act, Young};
use crate::adulthood::model::{self, AssessorKind};
use crate::adulthood::rules::{Deferral, Pathway};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::db::schema::{adulthood_assessments as aa, adulthood_cases as ac};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::forms::{multiline, text};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A date typed into `field`: required or optional, never after today.
pub fn date_field(
    errors: &mut FieldErrors,
    op: &Op<'_>,
    field: &'static str,
    raw: &str,
    required: bool,
) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        if required {
            errors.add(field, op.tr.t("err.required"));
        }
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) if d > op.today => {
            errors.add(field, op.tr.t("err.date_future"));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, op.tr.t("err.date"));
            None
        }
    }
}

fn closed(y: &Young) -> bool {
    y.case.as_ref().is_some_and(|c| c.discharged_on.is_some())
}

/// The deferral form: the kind (empty clears it), the school or unit, the day they left.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DeferralForm {
    pub deferral: String,
    pub deferral_detail: String,
    pub left_on: String,
}

/// Record (or clear) the deferral: full-time study or military service at 18, and the day they left.
pub fn set_deferral(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &DeferralForm,
) -> AppResult<Result<(), FieldErrors>> {
    let y = load_to_act(conn, op, child)?;
    if closed(&y) {
        return Ok(Err(Refused::Closed.errors(op)));
    }
    let mut e = FieldErrors::default();
    let kind = match f.deferral.trim() {
        "" => None,
        k => match Deferral::parse(k) {
            Some(d) => Some(d),
            None => {
                e.add("deferral", op.tr.t("err.choose"));
                None
            }
        },
    };
    let detail = text(
        &mut e,
        op.tr,
        "deferral_detail",
        &f.deferral_detail,
        kind.is_some(),
        200,
    );
    let left_on = date_field(&mut e, op, "left_on", &f.left_on, false);
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let code = kind.map(|k| k.code()).unwrap_or("");
    crate::db::write_tx(conn, |c| -> AppResult<Result<(), FieldErrors>> {
        let case = model::ensure_case(c, child, y.child.institution_id, op.now)?;
        diesel::update(ac::table.find(case.id))
            .set((
                ac::deferral.eq(code),
                ac::deferral_detail.eq(if kind.is_some() { detail.as_str() } else { "" }),
                ac::left_on.eq(if kind.is_some() { left_on } else { None }),
                ac::version.eq(case.version + 1),
                ac::updated_at.eq(op.now),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "adulthood_case", case.id)
                .with_detail(format!("child {child} deferral '{code}' left {left_on:?}")),
        )?;
        crate::jobs::refresh(c, crate::adulthood::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(()))
    })
}

/// The assessment form, as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AssessmentForm {
    pub assessed_on: String,
    pub assessor_kind: String,
    pub panel_members: String,
    pub labour_capacity: String,
    pub civil_capacity: String,
    pub self_care: String,
    pub mental_physical: String,
    pub education_skills: String,
    pub wishes: String,
    pub conclusion: String,
    pub proposed_pathway: String,
}

/// Record a comprehensive assessment (each one is kept; the latest counts). Every finding is required:
/// the assessment covers all of them (皖民儿童字〔2022〕72号 第4条).
pub fn assess(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &AssessmentForm,
) -> AppResult<Result<i64, FieldErrors>> {
    let y = load_to_act(conn, op, child)?;
    if closed(&y) {
        return Ok(Err(Refused::Closed.errors(op)));
    }
    let mut e = FieldErrors::default();
    let on = date_field(&mut e, op, "assessed_on", &f.assessed_on, true);
    let kind = AssessorKind::parse(f.assessor_kind.trim());
    if kind.is_none() {
        e.add("assessor_kind", op.tr.t("err.choose"));
    }
    let panel = multiline(
        &mut e,
        op.tr,
        "panel_members",
        &f.panel_members,
        false,
        1000,
    );
    if kind == Some(AssessorKind::Panel) && panel.is_empty() && !e.has("panel_members") {
        e.add(
            "panel_members",
            op.tr.t(Refused::PanelMembers.message_key()),
        );
    }
    let mut long = |field: &'static str, v: &str| multiline(&mut e, op.tr, field, v, true, 4000);
    let labour = long("labour_capacity", &f.labour_capacity);
    let civil = long("civil_capacity", &f.civil_capacity);
    let self_care = long("self_care", &f.self_care);
    let mental = long("mental_physical", &f.mental_physical);
    let education = long("education_skills", &f.education_skills);
    let wishes = long("wishes", &f.wishes);
    let conclusion = long("conclusion", &f.conclusion);
    let pathway = Pathway::parse(f.proposed_pathway.trim());
    if pathway.is_none() {
        e.add("proposed_pathway", op.tr.t("err.choose"));
    }
    let (Some(on), Some(kind), Some(pathway), true) = (on, kind, pathway, e.is_empty()) else {
        return Ok(Err(e));
    };
    crate::db::write_tx(conn, |c| -> AppResult<Result<i64, FieldErrors>> {
        let case = model::ensure_case(c, child, y.child.institution_id, op.now)?;
        let id: i64 = diesel::insert_into(aa::table)
            .values((
                aa::case_id.eq(case.id),
                aa::assessed_on.eq(on),
                aa::assessor_kind.eq(kind),
                aa::panel_members.eq(&panel),
                aa::labour_capacity.eq(&labour),
                aa::civil_capacity.eq(&civil),
                aa::self_care.eq(&self_care),
                aa::mental_physical.eq(&mental),
                aa::education_skills.eq(&education),
                aa::wishes.eq(&wishes),
                aa::conclusion.eq(&conclusion),
                aa::proposed_pathway.eq(pathway),
                aa::recorded_by.eq(op.user.id),
                aa::recorded_at.eq(op.now),
            ))
            .returning(aa::id)
            .get_result(c)?;
        crate::archive::file_entry(
            c,
            op,
            &crate::archive::NewEntry {
                child_id: child,
                section: ENTRY_SECTION,
                date: on,
                kind: "adulthood-assessment",
                summary: &format!("{}: {}", op.tr.t("adulthood.assessment"), conclusion),
                module: crate::adulthood::MODULE_NAME,
                reference: None,
            },
        )?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "adulthood_assessment", id).with_detail(format!("child {child}")),
        )?;
        crate::jobs::refresh(c, crate::adulthood::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(id))
    })
}

/// The archive section the module files its entries in.
pub const ENTRY_SECTION: &str = "social-work";
