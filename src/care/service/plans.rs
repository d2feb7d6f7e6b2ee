//! The individual care plan (个性化抚养方案, seed 003 §2(1); CARE-01; issue 14 point 1): a social worker
//! drafts (or revises the approved version into a new draft), adds goals per part, submits; the head
//! approves — the plan gets the next number and never changes again, the version before it is
//! superseded — or returns it with comments. Reviews record progress per goal.

use super::{child_to_write, CareResult, Check, Field, Refused};
use crate::archive::{ChildId, NewEntry};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::model::{self, Part, Plan, PlanState, Progress};
use crate::db::schema::{
    care_goals as cg, care_plans as cp, care_review_lines as rl, care_reviews as cr,
};
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use diesel::prelude::*;

/// A goal as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct GoalInput {
    pub part: String,
    pub goal: String,
    pub intervention: String,
    pub frequency: String,
    pub responsible: String,
    pub target_date: String,
}

/// The open (not yet approved) plan of a child, if any.
pub fn open_plan(plans: &[Plan]) -> Option<&Plan> {
    plans.iter().rev().find(|p| {
        matches!(
            p.state,
            PlanState::Draft | PlanState::Submitted | PlanState::Returned
        )
    })
}

/// The approved plan in force (the latest approved version).
pub fn current(plans: &[Plan]) -> Option<&Plan> {
    plans.iter().rev().find(|p| p.state == PlanState::Approved)
}

fn plan_of_child(c: &mut DbConn, child: ChildId, plan_id: i64) -> CareResult<Plan> {
    match model::plan(c, plan_id)? {
        Some(p) if p.child_id == child => Ok(p),
        _ => Err(AppError::NotFound.into()),
    }
}

/// Start a draft: a first plan, or a revision of the approved one (its goals copied, so the revision
/// shows only what the social worker changes).
pub fn start(c: &mut DbConn, op: &Op<'_>, child: ChildId) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::DraftCarePlan)?;
    crate::db::write_tx(c, |c| {
        let plans = model::plans_of(c, child)?;
        if open_plan(&plans).is_some() {
            return Err(Refused::DraftExists.at(op, Field::Action).into());
        }
        let base = current(&plans).map(|p| p.id);
        diesel::insert_into(cp::table)
            .values((
                cp::child_id.eq(child),
                cp::institution_id.eq(k.institution_id),
                cp::state.eq(PlanState::Draft),
                cp::based_on.eq(base),
                cp::drafted_by.eq(op.user.id),
                cp::drafted_at.eq(op.now),
                cp::version.eq(1),
            ))
            .execute(c)?;
        let id: i64 = cp::table
            .filter(cp::child_id.eq(child))
            .select(diesel::dsl::max(cp::id))
            .first::<Option<i64>>(c)?
            .ok_or_else(|| AppError::Internal("plan not inserted".into()))?;
        if let Some(b) = base {
            for g in model::goals_of(c, b)? {
                diesel::insert_into(cg::table)
                    .values((
                        cg::plan_id.eq(id),
                        cg::part.eq(g.part),
                        cg::position.eq(g.position),
                        cg::goal.eq(g.goal),
                        cg::intervention.eq(g.intervention),
                        cg::frequency.eq(g.frequency),
                        cg::responsible.eq(g.responsible),
                        cg::target_date.eq(g.target_date),
                    ))
                    .execute(c)?;
            }
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "care_plan", id).with_detail(format!("child {child}")),
        )?;
        super::refresh(c, op)?;
        Ok(id)
    })
}

fn editable(p: &Plan, op: &Op<'_>) -> CareResult<()> {
    // CARE-01: an approved (or superseded) version never changes; a submitted one waits for the head.
    if matches!(p.state, PlanState::Draft | PlanState::Returned) {
        Ok(())
    } else {
        Err(Refused::WrongState.at(op, Field::Action).into())
    }
}

/// Add a goal to a draft (every field checked; all refusals at once).
pub fn add_goal(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    plan_id: i64,
    g: &GoalInput,
) -> CareResult<()> {
    child_to_write(c, op, child, Action::DraftCarePlan)?;
    let p = plan_of_child(c, child, plan_id)?;
    editable(&p, op)?;
    let mut ck = Check::default();
    let part = Part::parse(g.part.trim());
    if part.is_none() {
        ck.push(Refused::BadPart.at(op, Field::Part));
    }
    let goal = ck.text(op, Field::Goal, &g.goal, 500);
    let intervention = ck.text(op, Field::Intervention, &g.intervention, 1000);
    let frequency = ck.text(op, Field::Frequency, &g.frequency, 100);
    let responsible = ck.text(op, Field::Responsible, &g.responsible, 100);
    let target = match super::parse_date(&g.target_date) {
        Some(d) if d >= op.today => Some(d),
        Some(_) => {
            ck.push(Refused::TargetPast.at(op, Field::TargetDate));
            None
        }
        None => {
            ck.push(Refused::BadDate.at(op, Field::TargetDate));
            None
        }
    };
    ck.done(())?;
    let (Some(part), Some(target)) = (part, target) else {
        return Err(AppError::Internal("checked above".into()).into());
    };
    crate::db::write_tx(c, |c| {
        let n: i64 = cg::table
            .filter(cg::plan_id.eq(plan_id))
            .count()
            .get_result(c)?;
        diesel::insert_into(cg::table)
            .values((
                cg::plan_id.eq(plan_id),
                cg::part.eq(part),
                cg::position.eq(n as i32 + 1),
                cg::goal.eq(&goal),
                cg::intervention.eq(&intervention),
                cg::frequency.eq(&frequency),
                cg::responsible.eq(&responsible),
                cg::target_date.eq(target),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "care_plan", plan_id).with_detail(format!("goal added ({part})")),
        )?;
        Ok(())
    })
}

/// Remove a goal from a draft.
pub fn remove_goal(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    plan_id: i64,
    goal_id: i64,
) -> CareResult<()> {
    child_to_write(c, op, child, Action::DraftCarePlan)?;
    let p = plan_of_child(c, child, plan_id)?;
    editable(&p, op)?;
    crate::db::write_tx(c, |c| {
        let n = diesel::delete(
            cg::table
                .filter(cg::id.eq(goal_id))
                .filter(cg::plan_id.eq(plan_id)),
        )
        .execute(c)?;
        if n == 0 {
            return Err(AppError::NotFound.into());
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "care_plan", plan_id)
                .with_detail(format!("goal {goal_id} removed")),
        )?;
        Ok(())
    })
}

/// Submit a draft (or a returned plan) to the head.
pub fn submit(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    plan_id: i64,
    seen_version: i32,
) -> CareResult<()> {
    child_to_write(c, op, child, Action::DraftCarePlan)?;
    let p = plan_of_child(c, child, plan_id)?;
    editable(&p, op)?;
    crate::db::write_tx(c, |c| {
        if model::goals_of(c, plan_id)?.is_empty() {
            return Err(Refused::NoGoals.at(op, Field::Action).into());
        }
        let n = diesel::update(cp::table.find(plan_id).filter(cp::version.eq(seen_version)))
            .set((
                cp::state.eq(PlanState::Submitted),
                cp::submitted_on.eq(Some(op.today)),
                cp::version.eq(seen_version + 1),
            ))
            .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()).into());
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("submit", "care_plan", plan_id).with_detail(format!("child {child}")),
        )?;
        super::refresh(c, op)?;
        Ok(())
    })
}

/// The head's decision on a submitted plan: approve (numbered, immutable) or return with comments.
pub fn decide(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    plan_id: i64,
    approve: bool,
    comment: &str,
    seen_version: i32,
) -> CareResult<Option<i32>> {
    child_to_write(c, op, child, Action::ApproveCarePlan)?;
    let p = plan_of_child(c, child, plan_id)?;
    if p.state != PlanState::Submitted {
        return Err(Refused::WrongState.at(op, Field::Action).into());
    }
    let mut ck = Check::default();
    let comment = ck.optional(op, Field::Comment, comment, 2000);
    if !approve && comment.is_empty() {
        ck.push(Refused::CommentRequired.at(op, Field::Comment));
    }
    ck.done(())?;
    crate::db::write_tx(c, |c| {
        let number = if approve {
            let last: Option<i32> = cp::table
                .filter(cp::child_id.eq(child))
                .select(diesel::dsl::max(cp::number))
                .first(c)?;
            Some(last.unwrap_or(0) + 1)
        } else {
            None
        };
        let state = if approve {
            PlanState::Approved
        } else {
            PlanState::Returned
        };
        let n = diesel::update(cp::table.find(plan_id).filter(cp::version.eq(seen_version)))
            .set((
                cp::state.eq(state),
                cp::number.eq(number),
                cp::decided_by.eq(Some(op.user.id)),
                cp::decided_at.eq(Some(op.now)),
                cp::head_comment.eq(&comment),
                cp::approved_on.eq(approve.then_some(op.today)),
                cp::version.eq(seen_version + 1),
            ))
            .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()).into());
        }
        if let Some(num) = number {
            diesel::update(
                cp::table
                    .filter(cp::child_id.eq(child))
                    .filter(cp::state.eq(PlanState::Approved))
                    .filter(cp::id.ne(plan_id)),
            )
            .set(cp::state.eq(PlanState::Superseded))
            .execute(c)?;
            let summary = op
                .tr
                .tf("care.entry.plan_approved", &[("n", &num.to_string())]);
            crate::archive::file_entry(
                c,
                op,
                &NewEntry {
                    child_id: child,
                    section: "care",
                    date: op.today,
                    kind: "care_plan",
                    summary: &summary,
                    module: crate::care::MODULE_NAME,
                    reference: Some(&plan_id.to_string()),
                },
            )?;
        }
        let action = if approve { "approve" } else { "return" };
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok(action, "care_plan", plan_id).with_detail(format!("child {child}")),
        )?;
        super::refresh(c, op)?;
        Ok(number)
    })
}

/// A review of the approved plan: progress per goal (all goals of the plan), a note and the date.
pub fn review(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    plan_id: i64,
    lines: &[(i64, String, String)],
    note: &str,
    date: &str,
) -> CareResult<i64> {
    child_to_write(c, op, child, Action::DraftCarePlan)?;
    let p = plan_of_child(c, child, plan_id)?;
    if p.state != PlanState::Approved {
        return Err(Refused::WrongState.at(op, Field::Action).into());
    }
    let goals = model::goals_of(c, plan_id)?;
    let mut ck = Check::default();
    let on = ck.past_date(op, Field::Date, date);
    let note = ck.optional(op, Field::Comment, note, 2000);
    let mut parsed = Vec::new();
    for g in &goals {
        let line = lines.iter().find(|(id, _, _)| *id == g.id);
        match line.and_then(|(_, p, _)| Progress::parse(p.trim())) {
            Some(pr) => parsed.push((g.id, pr, line.map_or("", |l| l.2.trim()).to_string())),
            None => {
                ck.push(Refused::BadProgress.at(op, Field::Progress));
                break;
            }
        }
    }
    ck.done(())?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(cr::table)
            .values((
                cr::plan_id.eq(plan_id),
                cr::child_id.eq(child),
                cr::reviewed_on.eq(on),
                cr::note.eq(&note),
                cr::reviewed_by.eq(op.user.id),
                cr::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let id: i64 = cr::table
            .filter(cr::plan_id.eq(plan_id))
            .select(diesel::dsl::max(cr::id))
            .first::<Option<i64>>(c)?
            .ok_or_else(|| AppError::Internal("review not inserted".into()))?;
        for (goal, pr, n) in &parsed {
            diesel::insert_into(rl::table)
                .values((
                    rl::review_id.eq(id),
                    rl::goal_id.eq(goal),
                    rl::progress.eq(pr),
                    rl::note.eq(n),
                ))
                .execute(c)?;
        }
        let achieved = parsed.iter().filter(|l| l.1 == Progress::Achieved).count();
        let summary = op.tr.tf(
            "care.entry.plan_reviewed",
            &[
                ("n", &p.number.unwrap_or(0).to_string()),
                ("achieved", &achieved.to_string()),
                ("total", &parsed.len().to_string()),
            ],
        );
        crate::archive::file_entry(
            c,
            op,
            &NewEntry {
                child_id: child,
                section: "care",
                date: on,
                kind: "care_review",
                summary: &summary,
                module: crate::care::MODULE_NAME,
                reference: Some(&plan_id.to_string()),
            },
        )?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("review", "care_plan", plan_id).with_detail(format!("child {child}")),
        )?;
        super::refresh(c, op)?;
        Ok(id)
    })
}
