//! Visits and reviews (探访与评估, issue 12 point 6): visits to a placed child on the FOS-22 schedule
//! plus event visits and the integration-period review (FOS-16), each filed in the child's 养育
//! section; the annual review of a signed family re-runs the engine with today's ages and records the
//! head's decision. The schedule itself is the pure `rules::visits`; overdue visits and due reviews
//! become tasks in `super::jobs`.

use super::model::{Family, FamilyId, Stage};
use super::placement::Placement;
use super::rules::visits::{self as rv, AnnualDecision, VisitKind};
use super::service;
use super::steps::{self, Kind, StepRow};
use crate::db::schema::{foster_placements as fp, foster_visits as fv};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde_json::json;
use std::collections::HashMap;

/// The audit resource of a visit.
pub const RESOURCE: &str = "foster_visit";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fv)]
pub struct VisitRow {
    pub id: i64,
    pub placement_id: i64,
    pub family_id: FamilyId,
    pub kind: VisitKind,
    pub visited_on: NaiveDate,
    pub visitor: String,
    pub health: String,
    pub schooling: String,
    pub home: String,
    pub relationship: String,
    pub concerns: String,
    pub recorded_by: i64,
    pub recorded_at: chrono::NaiveDateTime,
}

/// A family's visits, latest first.
pub fn of_family(c: &mut DbConn, id: FamilyId) -> QueryResult<Vec<VisitRow>> {
    fv::table
        .filter(fv::family_id.eq(id))
        .order((fv::visited_on.desc(), fv::id.desc()))
        .select(VisitRow::as_select())
        .load(c)
}

/// The latest visit day of each of these placements.
pub fn last_visits(c: &mut DbConn, placements: &[i64]) -> QueryResult<HashMap<i64, NaiveDate>> {
    let rows: Vec<(i64, NaiveDate)> = fv::table
        .filter(fv::placement_id.eq_any(placements))
        .select((fv::placement_id, fv::visited_on))
        .load(c)?;
    let mut out: HashMap<i64, NaiveDate> = HashMap::new();
    for (p, d) in rows {
        let e = out.entry(p).or_insert(d);
        *e = (*e).max(d);
    }
    Ok(out)
}

/// The placements whose integration review (FOS-16) is recorded.
pub fn reviewed(c: &mut DbConn, placements: &[i64]) -> QueryResult<Vec<i64>> {
    fv::table
        .filter(fv::placement_id.eq_any(placements))
        .filter(fv::kind.eq(VisitKind::IntegrationReview))
        .select(fv::placement_id)
        .load(c)
}

/// The FOS-22 interval in force for an institution on a day (policy `foster.visit_interval_days`).
pub fn interval_days(
    c: &mut DbConn,
    inst: crate::org::InstitutionId,
    on: NaiveDate,
) -> AppResult<i64> {
    let division = crate::org::model::holding(c, inst)?.map(|i| i.division_id);
    crate::policy::int(
        c,
        crate::policy::keys::FOSTER_VISIT_INTERVAL_DAYS,
        division,
        on,
    )
}

/// A visit as typed and validated (`super::visit_form`).
pub struct NewVisit {
    pub kind: VisitKind,
    pub visited_on: NaiveDate,
    pub visitor: String,
    pub health: String,
    pub schooling: String,
    pub home: String,
    pub relationship: String,
    pub concerns: String,
}

/// Why a visit is not recorded, per field of the visit form.
#[derive(Debug, PartialEq, Eq)]
pub enum VisitRefusal {
    /// The placement has ended: visits are for placed children.
    Ended,
    /// The visit date is before the placement began.
    BeforePlacement,
    /// The integration review of this placement is recorded already.
    ReviewDone,
}

/// Records a visit to a placed child: the visit row, a 养育 entry in the child's archive and the audit
/// row, in one transaction. The placement must belong to the family (404 otherwise) and be open.
pub fn record(
    c: &mut DbConn,
    op: &Op,
    family: FamilyId,
    placement: i64,
    v: &NewVisit,
) -> AppResult<Result<i64, VisitRefusal>> {
    let f = service::find(c, op, family)?;
    let p: Placement = fp::table
        .find(placement)
        .filter(fp::family_id.eq(f.id))
        .select(Placement::as_select())
        .first(c)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if p.open_child_id.is_none() {
        return Ok(Err(VisitRefusal::Ended));
    }
    if v.visited_on < p.started_on {
        return Ok(Err(VisitRefusal::BeforePlacement));
    }
    if v.kind == VisitKind::IntegrationReview && !reviewed(c, &[p.id])?.is_empty() {
        return Ok(Err(VisitRefusal::ReviewDone));
    }
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let summary = zh.tf(
        "foster.entry.visit",
        &[
            (
                "kind",
                zh.t(&format!("foster.visit_kind.{}", v.kind.code())),
            ),
            ("family", &f.family_name),
            ("health", &v.health),
        ],
    );
    let id = crate::db::write_tx(c, |c| {
        let id: i64 = diesel::insert_into(fv::table)
            .values((
                fv::placement_id.eq(p.id),
                fv::family_id.eq(f.id),
                fv::kind.eq(v.kind),
                fv::visited_on.eq(v.visited_on),
                fv::visitor.eq(&v.visitor),
                fv::health.eq(&v.health),
                fv::schooling.eq(&v.schooling),
                fv::home.eq(&v.home),
                fv::relationship.eq(&v.relationship),
                fv::concerns.eq(&v.concerns),
                fv::recorded_by.eq(op.user.id.0),
                fv::recorded_at.eq(op.now),
            ))
            .returning(fv::id)
            .get_result(c)?;
        crate::archive::file_entry(
            c,
            op,
            &crate::archive::NewEntry {
                child_id: p.child_id,
                section: "care",
                date: v.visited_on,
                kind: "foster_visit",
                summary: &summary,
                module: super::MODULE_NAME,
                reference: Some(&p.id.to_string()),
            },
        )?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("create", RESOURCE, id).with_detail(format!(
                "placement {} {}",
                p.id,
                v.kind.code()
            )),
        )?;
        Ok::<i64, AppError>(id)
    })?;
    Ok(Ok(id))
}

/// The day the agreement was signed (the 签约 record), if the family signed.
pub fn signed_on(records: &[StepRow]) -> Option<NaiveDate> {
    records
        .iter()
        .find(|r| r.kind == Kind::Agreement)
        .map(|r| r.on_date)
}

/// The day of the latest annual review, if any.
pub fn last_annual(records: &[StepRow]) -> Option<NaiveDate> {
    records
        .iter()
        .filter(|r| r.kind == Kind::AnnualReview)
        .map(|r| r.on_date)
        .max()
}

/// When the family's next annual review is due (a signed family only).
pub fn annual_due(f: &Family, records: &[StepRow]) -> Option<NaiveDate> {
    if f.stage != Stage::Signed {
        return None;
    }
    signed_on(records).map(|s| rv::annual_review_due(s, last_annual(records)))
}

/// The annual review (年度评估): the engine re-run with today's ages (a caregiver now over the
/// maximum age fails FOS-08), a flag when the caregiver will pass it before the next review, and the
/// head's decision with a note — one step record and its audit row. A family that has not signed has
/// nothing to review (409).
pub fn annual_review(
    c: &mut DbConn,
    op: &Op,
    id: FamilyId,
    decision: AnnualDecision,
    note: &str,
) -> AppResult<()> {
    let f = service::find(c, op, id)?;
    if f.stage != Stage::Signed {
        return Err(AppError::Conflict(
            op.tr.t("foster.err.annual_not_signed").into(),
        ));
    }
    let members = super::model::members(c, id)?;
    let fails = service::eligibility_on(c, &f, &members, op.today)?;
    let division = crate::org::model::holding(c, f.institution_id)?.map(|i| i.division_id);
    let max_age = crate::policy::int(
        c,
        crate::policy::keys::FOSTER_CAREGIVER_MAX_AGE,
        division,
        op.today,
    )?;
    let next = rv::annual_review_due(op.today, None);
    let ages_out = rv::caregiver_ages_out_by(f.caregiver_birth_date, next, max_age);
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let data = json!({
        "decision": decision.code(),
        "engine": super::api::answer(&fails, zh),
        "caregiver_ages_out_by": if ages_out { Some(next) } else { None },
    });
    crate::db::write_tx(c, |c| {
        steps::insert(c, op, id, Kind::AnnualReview, op.today, &data, note)?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("update", service::RESOURCE, id)
                .with_detail(format!("annual review {}", decision.code())),
        )?;
        Ok(())
    })
}
