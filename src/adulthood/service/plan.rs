//! The one-person plan (一人一案, issue 16 point 4): the pathway (ADU-04, ADU-07) with its steps,
//! responsible bodies, the placement date and the money (transition subsidy, one-off settlement, rent
//! support — policy amounts offered as defaults); drafted by the institution, submitted by the head to
//! the civil-affairs department at least 1 month before the 18th birthday (ADU-03, 宣城市实施细则), and
//! approved or returned there with comments (supervisors).

use super::refusal::Refused;
use super::{load, load_to_act, Access, Young};
use crate::adulthood::model::{self, PlanState};
use crate::adulthood::rules::{self, Pathway};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::adulthood_plans as ap;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::forms::{multiline, text};
use crate::platform::{FieldErrors, Op};
use crate::policy::keys;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// The plan form, as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PlanForm {
    pub pathway: String,
    pub steps: String,
    pub responsible_bodies: String,
    pub placement_on: String,
    pub transition_subsidy_yuan: String,
    pub settlement_yuan: String,
    pub rent_support_yuan: String,
    pub version: String,
}

/// The amounts a new plan is offered (policy values of the child's division; the institution may change
/// them to what the approving department grants).
pub fn default_amounts(
    conn: &mut DbConn,
    division: i64,
    on: NaiveDate,
) -> AppResult<(i64, i64, i64)> {
    let d = Some(division);
    Ok((
        // Shenzhen: living costs during the transition at the institutional orphan standard, per month.
        crate::policy::int(conn, keys::ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN, d, on)?,
        crate::policy::int(conn, keys::ADULTHOOD_SETTLEMENT_YUAN, d, on)?,
        crate::policy::int(conn, keys::ADULTHOOD_RENT_SUPPORT_YUAN_PER_YEAR, d, on)?,
    ))
}

fn yuan(e: &mut FieldErrors, op: &Op<'_>, field: &'static str, raw: &str) -> i64 {
    match raw.trim() {
        "" => 0,
        v => match v.parse::<i64>() {
            Ok(n) if (0..=10_000_000).contains(&n) => n,
            _ => {
                e.add(field, op.tr.t("adulthood.err.yuan"));
                0
            }
        },
    }
}

/// Save the plan: a new draft, or the current draft or returned plan changed (back to draft). The
/// version the user saw guards against overwriting someone else's change (409).
pub fn save(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &PlanForm,
) -> AppResult<Result<i64, FieldErrors>> {
    let y = load_to_act(conn, op, child)?;
    let Some(case) = y.case.clone().filter(|c| c.discharged_on.is_none()) else {
        return Ok(Err(Refused::NoAssessment.errors(op)));
    };
    let Some(assessment) = y.assessment.clone() else {
        return Ok(Err(Refused::NoAssessment.errors(op)));
    };
    let mut e = FieldErrors::default();
    let pathway = Pathway::parse(f.pathway.trim());
    match pathway {
        None => e.add("pathway", op.tr.t("err.choose")),
        // ADU-08: 特困 support only with the young person's own recorded wish.
        Some(p) => {
            if rules::pathway_problem(p, !assessment.wishes.trim().is_empty()).is_some() {
                e.add("pathway", op.tr.t(Refused::WishRequired.message_key()));
            }
        }
    }
    let steps = multiline(&mut e, op.tr, "steps", &f.steps, true, 4000);
    let bodies = text(
        &mut e,
        op.tr,
        "responsible_bodies",
        &f.responsible_bodies,
        true,
        500,
    );
    let placement_on = match NaiveDate::parse_from_str(f.placement_on.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) if f.placement_on.trim().is_empty() => {
            e.add("placement_on", op.tr.t("err.required"));
            None
        }
        Err(_) => {
            e.add("placement_on", op.tr.t("err.date"));
            None
        }
    };
    let subsidy = yuan(
        &mut e,
        op,
        "transition_subsidy_yuan",
        &f.transition_subsidy_yuan,
    );
    let settlement = yuan(&mut e, op, "settlement_yuan", &f.settlement_yuan);
    let rent = yuan(&mut e, op, "rent_support_yuan", &f.rent_support_yuan);
    let (Some(pathway), Some(placement_on), true) = (pathway, placement_on, e.is_empty()) else {
        return Ok(Err(e));
    };
    crate::db::write_tx(conn, |c| -> AppResult<Result<i64, FieldErrors>> {
        let id = match &y.plan {
            Some(p) if matches!(p.state, PlanState::Draft | PlanState::Returned) => {
                let seen: i32 = f.version.trim().parse().unwrap_or(-1);
                let n = diesel::update(ap::table.find(p.id).filter(ap::version.eq(seen)))
                    .set((
                        ap::pathway.eq(pathway),
                        ap::steps.eq(&steps),
                        ap::responsible_bodies.eq(&bodies),
                        ap::placement_on.eq(placement_on),
                        ap::transition_subsidy_yuan.eq(subsidy),
                        ap::settlement_yuan.eq(settlement),
                        ap::rent_support_yuan.eq(rent),
                        ap::state.eq(PlanState::Draft),
                        ap::version.eq(seen + 1),
                    ))
                    .execute(c)?;
                if n == 0 {
                    return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
                }
                p.id
            }
            Some(p) if p.state == PlanState::Submitted || p.state == PlanState::Approved => {
                return Ok(Err(Refused::WrongState.errors(op)));
            }
            _ => diesel::insert_into(ap::table)
                .values((
                    ap::case_id.eq(case.id),
                    ap::pathway.eq(pathway),
                    ap::steps.eq(&steps),
                    ap::responsible_bodies.eq(&bodies),
                    ap::placement_on.eq(placement_on),
                    ap::transition_subsidy_yuan.eq(subsidy),
                    ap::settlement_yuan.eq(settlement),
                    ap::rent_support_yuan.eq(rent),
                    ap::state.eq(PlanState::Draft),
                    ap::decision_comment.eq(""),
                    ap::created_by.eq(op.user.id),
                    ap::created_at.eq(op.now),
                ))
                .returning(ap::id)
                .get_result(c)?,
        };
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "adulthood_plan", id)
                .with_detail(format!("child {child} {}", pathway.code())),
        )?;
        crate::jobs::refresh(c, crate::adulthood::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(id))
    })
}

/// What is done to a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The head submits it to the civil-affairs department.
    Submit,
    /// The department approves it.
    Approve,
    /// The department returns it with comments.
    Return,
}

/// Submit, approve or return the current plan, with the version the user saw.
pub fn decide(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    decision: Decision,
    comment: &str,
    seen_version: i32,
) -> AppResult<Result<(), FieldErrors>> {
    let needed = match decision {
        Decision::Submit => Action::SubmitAdulthoodPlan,
        Decision::Approve | Decision::Return => Action::DecideAdulthoodPlan,
    };
    if !op.user.can(needed) {
        return Err(AppError::Forbidden);
    }
    let y: Young = load(conn, op, child)?;
    // The head submits only for the own institution; the department decides for institutions in its
    // division (a county reading as placing authority does not decide).
    let allowed = match decision {
        Decision::Submit => y.access == Access::Act,
        _ => crate::auth::scope::institution_scope(conn, op.user)?.contains(y.child.institution_id),
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let Some(plan) = y.plan.clone() else {
        return Ok(Err(Refused::WrongState.errors(op)));
    };
    let (from, to) = match decision {
        Decision::Submit => (
            &[PlanState::Draft, PlanState::Returned][..],
            PlanState::Submitted,
        ),
        Decision::Approve => (&[PlanState::Submitted][..], PlanState::Approved),
        Decision::Return => (&[PlanState::Submitted][..], PlanState::Returned),
    };
    if !from.contains(&plan.state) {
        return Ok(Err(Refused::WrongState.errors(op)));
    }
    let mut e = FieldErrors::default();
    let comment = multiline(&mut e, op.tr, "comment", comment, false, 2000);
    if decision == Decision::Return && comment.is_empty() && e.is_empty() {
        return Ok(Err(Refused::CommentRequired.errors(op)));
    }
    if !e.is_empty() {
        return Ok(Err(e));
    }
    crate::db::write_tx(conn, |c| -> AppResult<Result<(), FieldErrors>> {
        let row = ap::table.find(plan.id).filter(ap::version.eq(seen_version));
        let n = match decision {
            Decision::Submit => diesel::update(row)
                .set((
                    ap::state.eq(to),
                    ap::submitted_by.eq(Some(op.user.id)),
                    ap::submitted_at.eq(Some(op.now)),
                    ap::version.eq(seen_version + 1),
                ))
                .execute(c)?,
            _ => diesel::update(row)
                .set((
                    ap::state.eq(to),
                    ap::decided_by.eq(Some(op.user.id)),
                    ap::decided_at.eq(Some(op.now)),
                    ap::decision_comment.eq(&comment),
                    ap::version.eq(seen_version + 1),
                ))
                .execute(c)?,
        };
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
        }
        if decision == Decision::Approve {
            let summary = format!(
                "{}: {}",
                op.tr.t("adulthood.plan_approved_entry"),
                op.tr
                    .t(&format!("adulthood.pathway.{}", plan.pathway.code()))
            );
            crate::archive::file_entry(
                c,
                op,
                &crate::archive::NewEntry {
                    child_id: child,
                    section: super::records::ENTRY_SECTION,
                    date: op.today,
                    kind: "adulthood-plan",
                    summary: &summary,
                    module: crate::adulthood::MODULE_NAME,
                    reference: None,
                },
            )?;
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "adulthood_plan", plan.id).with_detail(format!(
                "child {child} {} → {}",
                plan.state.code(),
                to.code()
            )),
        )?;
        crate::jobs::refresh(c, crate::adulthood::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(()))
    })
}

/// The current plan of a case (for the PDF and the API).
pub fn current(conn: &mut DbConn, case: i64) -> QueryResult<Option<model::Plan>> {
    Ok(model::current_plans(conn, &[case])?.into_iter().next())
}
