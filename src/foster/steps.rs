//! The five steps of a family's path (家庭寄养管理办法 第12条, FOS-14), each one write transaction with
//! its step record and audit row. The order is the pure `rules::steps::transition`; the stage update is
//! guarded by the stage read, so two people doing the same step at once cannot both succeed.

use super::model::{Family, FamilyId};
use super::rules::steps::{self, Stage, Step, StepRefusal};
use super::service::{self, RESOURCE};
use crate::db::schema::{foster_families as ff, foster_steps as fs};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde_json::{json, Value};

crate::code_enum! {
    /// What a step record is.
    pub enum Kind {
        Assessment = "assessment",
        Review = "review",
        /// 备案: the approval reported to the civil-affairs department.
        Filing = "filing",
        Training = "training",
        Agreement = "agreement",
        Refusal = "refusal",
        /// 年度评估: the yearly review of a signed family with the head's decision (issue 12 point 6).
        AnnualReview = "annual_review",
        /// Moving house, with the engine's result after the move (issue 12 point 7).
        Moved = "moved",
        /// A new main caregiver approved with the training done (FOS-18).
        CaregiverChange = "caregiver_change",
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fs)]
pub struct StepRow {
    pub id: i64,
    pub family_id: FamilyId,
    pub kind: Kind,
    pub on_date: NaiveDate,
    pub data: String,
    pub note: String,
    pub recorded_by: i64,
    pub recorded_at: chrono::NaiveDateTime,
}

impl StepRow {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap_or(Value::Null)
    }
}

pub fn records(conn: &mut DbConn, id: FamilyId) -> QueryResult<Vec<StepRow>> {
    fs::table
        .filter(fs::family_id.eq(id))
        .order(fs::id.asc())
        .select(StepRow::as_select())
        .load(conn)
}

/// A step refused by the order of the path: 409 with the catalogue message.
fn refused(op: &Op, r: StepRefusal) -> AppError {
    let key = match r {
        StepRefusal::AlreadyDone => "foster.err.step_done",
        StepRefusal::TooEarly => "foster.err.step_too_early",
        StepRefusal::Closed => "foster.err.step_closed",
    };
    AppError::Conflict(op.tr.t(key).to_string())
}

pub(crate) fn insert(
    c: &mut DbConn,
    op: &Op,
    id: FamilyId,
    kind: Kind,
    on: NaiveDate,
    data: &Value,
    note: &str,
) -> QueryResult<()> {
    diesel::insert_into(fs::table)
        .values((
            fs::family_id.eq(id),
            fs::kind.eq(kind),
            fs::on_date.eq(on),
            fs::data.eq(data.to_string()),
            fs::note.eq(note),
            fs::recorded_by.eq(op.user.id.0),
            fs::recorded_at.eq(op.now),
        ))
        .execute(c)?;
    Ok(())
}

/// Moves the family from `from` to `to`; zero rows (someone moved it meanwhile) is a conflict.
fn set_stage(c: &mut DbConn, op: &Op, f: &Family, to: Stage, note: &str) -> AppResult<()> {
    let n = diesel::update(ff::table.find(f.id).filter(ff::stage.eq(f.stage)))
        .set((
            ff::stage.eq(to),
            ff::stage_note.eq(note),
            ff::updated_at.eq(op.now),
            ff::version.eq(f.version + 1),
        ))
        .execute(c)?;
    if n == 0 {
        return Err(refused(op, StepRefusal::AlreadyDone));
    }
    crate::audit::record(
        c,
        op.now,
        op.actor,
        &crate::audit::Event::ok("update", RESOURCE, f.id)
            .with_detail(format!("stage {}", to.code())),
    )?;
    Ok(())
}

/// 评估 (第12条(二)): the on-site assessment.
pub struct Assessment {
    pub visit_date: NaiveDate,
    pub assessors: String,
    pub third_party: String,
    /// Scores 1–5: home, parenting ability, family relations, community.
    pub scores: [i64; 4],
    pub narrative: String,
}

pub fn assess(c: &mut DbConn, op: &Op, id: FamilyId, a: &Assessment) -> AppResult<()> {
    let f = service::find(c, op, id)?;
    let to = steps::transition(f.stage, Step::Assess).map_err(|r| refused(op, r))?;
    let members = super::model::members(c, id)?;
    // The engine's result as of the visit day is attached to the assessment (FOS-14).
    let fails = service::eligibility_on(c, &f, &members, a.visit_date)?;
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let data = json!({
        "assessors": a.assessors, "third_party": a.third_party,
        "scores": {"home": a.scores[0], "parenting": a.scores[1], "relations": a.scores[2], "community": a.scores[3]},
        "narrative": a.narrative,
        "engine": super::api::answer(&fails, zh),
    });
    crate::db::write_tx(c, |c| {
        insert(c, op, id, Kind::Assessment, a.visit_date, &data, "")?;
        set_stage(c, op, &f, to, "")
    })
}

/// 审核 (第12条(三)): the head approves — and the approval is reported for record (备案) to the
/// civil-affairs department: a step record the supervisors see and an e-mail to them — or refuses.
pub fn review(
    c: &mut DbConn,
    op: &Op,
    id: FamilyId,
    approve: bool,
    reasons: &str,
) -> AppResult<()> {
    let f = service::find(c, op, id)?;
    let step = if approve { Step::Approve } else { Step::Refuse };
    let to = steps::transition(f.stage, step).map_err(|r| refused(op, r))?;
    crate::db::write_tx(c, |c| {
        if approve {
            insert(
                c,
                op,
                id,
                Kind::Review,
                op.today,
                &json!({"decision": "approve"}),
                reasons,
            )?;
            insert(
                c,
                op,
                id,
                Kind::Filing,
                op.today,
                &json!({"to": "civil_affairs"}),
                "",
            )?;
            file_with_supervisors(c, op, &f)?;
        } else {
            insert(
                c,
                op,
                id,
                Kind::Refusal,
                op.today,
                &json!({"at": f.stage.code()}),
                reasons,
            )?;
        }
        set_stage(c, op, &f, to, reasons)
    })
}

/// Refusal at any step before the agreement closes the application with reasons.
pub fn refuse(c: &mut DbConn, op: &Op, id: FamilyId, reasons: &str) -> AppResult<()> {
    review(c, op, id, false, reasons)
}

/// The 备案 e-mail to the supervisors (civil-affairs department) whose division covers the family's
/// institution.
fn file_with_supervisors(c: &mut DbConn, op: &Op, f: &Family) -> AppResult<()> {
    use crate::db::schema::{institutions, users};
    let div: i64 = institutions::table
        .find(f.institution_id)
        .select(institutions::division_id)
        .first(c)?;
    let sups: Vec<(Option<i64>, Option<String>)> = users::table
        .filter(users::role.eq(crate::auth::Role::Supervisor))
        .filter(users::active.eq(true))
        .select((users::division_id, users::email))
        .load(c)?;
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let subject = zh.tf("foster.mail.filing_subject", &[("family", &f.family_name)]);
    let body = zh.tf(
        "foster.mail.filing_body",
        &[("family", &f.family_name), ("id", &f.id.to_string())],
    );
    for (d, email) in sups {
        let (Some(d), Some(to)) = (d, email) else {
            continue;
        };
        if crate::auth::scope::division_subtree(c, d)?.contains(&div) {
            crate::mail::enqueue(c, &to, &subject, &body, op.now)?;
        }
    }
    Ok(())
}

/// 培训 (第12条(四)): one session of the main caregiver; when the hours reach the policy minimum the
/// family moves to "trained".
pub fn training(
    c: &mut DbConn,
    op: &Op,
    id: FamilyId,
    on: NaiveDate,
    hours_tenths: i64,
    topic: &str,
) -> AppResult<()> {
    let f = service::find(c, op, id)?;
    let to = steps::transition(f.stage, Step::Train).map_err(|r| refused(op, r))?;
    let division = crate::org::model::holding(c, f.institution_id)?.map(|i| i.division_id);
    let min = crate::policy::int(
        c,
        crate::policy::keys::FOSTER_TRAINING_MIN_HOURS,
        division,
        op.today,
    )?;
    crate::db::write_tx(c, |c| {
        insert(
            c,
            op,
            id,
            Kind::Training,
            on,
            &json!({"hours_tenths": hours_tenths, "topic": topic}),
            "",
        )?;
        let done: Vec<i64> = records(c, id)?
            .iter()
            .filter(|r| r.kind == Kind::Training)
            .map(|r| r.json()["hours_tenths"].as_i64().unwrap_or(0))
            .collect();
        if steps::training_complete(&done, min) {
            set_stage(c, op, &f, to, "")?;
        }
        Ok(())
    })
}

/// 签约 (第12条(五), FOS-15): the agreement with every required field; in force from the signing date.
pub struct Agreement {
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub rights_obligations: String,
    pub caregiver: String,
    pub integration_days: i64,
    pub breach_liability: String,
    pub signed_on: NaiveDate,
}

/// The integration period's policy minimum for the family's institution (FOS-16).
pub fn integration_min_days(c: &mut DbConn, f: &Family, on: NaiveDate) -> AppResult<i64> {
    let division = crate::org::model::holding(c, f.institution_id)?.map(|i| i.division_id);
    crate::policy::int(
        c,
        crate::policy::keys::FOSTER_INTEGRATION_MIN_DAYS,
        division,
        on,
    )
}

pub fn sign(c: &mut DbConn, op: &Op, id: FamilyId, a: &Agreement) -> AppResult<()> {
    let f = service::find(c, op, id)?;
    let to = steps::transition(f.stage, Step::Sign).map_err(|r| refused(op, r))?;
    let min = integration_min_days(c, &f, a.signed_on)?;
    if a.integration_days < min {
        return Err(AppError::bad(
            "foster_integration_short",
            op.tr
                .tf("foster.err.integration_days", &[("min", &min.to_string())]),
        ));
    }
    let data = json!({
        "period_from": a.period_from, "period_to": a.period_to, "rights_obligations": a.rights_obligations,
        "caregiver": a.caregiver, "integration_days": a.integration_days, "breach_liability": a.breach_liability,
    });
    crate::db::write_tx(c, |c| {
        insert(c, op, id, Kind::Agreement, a.signed_on, &data, "")?;
        set_stage(c, op, &f, to, "")
    })
}
