//! Care-plan tasks on the round (issue 15 point 2): the interventions of each child's approved care plan
//! (个性化抚养方案) that apply today — what, how often, by whom — read through
//! `care::interface_round` (the frequency rule is the care module's `rules::frequency`), each marked
//! done / not done with one tap. A mark is a row of `shift_plan_marks` with who and when; a second tap
//! adds a row that replaces the first for the day (the history stays — nothing is deleted).
//!
//! What a user sees follows the care module's reading rules: a caregiver reads the daily-care and
//! medical parts of a plan (issue 14 point 8); medical staff every part; a part whose archive section
//! the restriction rule hides is left out.

use super::{Field, Refused, ShiftResult};
use crate::archive::{Child, ChildId, SectionAccess};
use crate::audit::{self, Event};
use crate::auth::{Action, Role};
use crate::care::interface_round::PlanTask;
use crate::db::schema::shift_plan_marks as pm;
use crate::db::DbConn;
use crate::platform::Op;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// A task of today with its mark in force: (done, who, when).
pub struct TaskLine {
    pub task: PlanTask,
    pub mark: Option<(bool, i64, NaiveDateTime)>,
}

/// The plan tasks of a child that apply on `day` and that the user reads.
pub fn visible(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    access: &SectionAccess,
    day: NaiveDate,
) -> QueryResult<Vec<PlanTask>> {
    let caregiver = op.user.role == Role::Caregiver;
    Ok(crate::care::interface_round::plan_tasks(c, child, day)?
        .into_iter()
        .filter(|t| (!caregiver || t.for_caregiver) && !access.hides(t.section))
        .collect())
}

/// Today's tasks of a child with their marks in force.
pub fn of_child(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    access: &SectionAccess,
    day: NaiveDate,
) -> QueryResult<Vec<TaskLine>> {
    let tasks = visible(c, op, child, access, day)?;
    if tasks.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<(i64, bool, i64, NaiveDateTime)> = pm::table
        .filter(pm::child_id.eq(i64::from(child)))
        .filter(pm::day.eq(day))
        .order(pm::id.asc())
        .select((pm::goal_id, pm::done, pm::recorded_by, pm::recorded_at))
        .load(c)?;
    Ok(tasks
        .into_iter()
        .map(|t| {
            // The latest tap of the day is in force.
            let mark = marks
                .iter()
                .rev()
                .find(|m| m.0 == t.goal_id)
                .map(|m| (m.1, m.2, m.3));
            TaskLine { task: t, mark }
        })
        .collect())
}

/// A tap as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MarkInput {
    pub child: String,
    pub goal: String,
    pub done: String,
    pub idem: String,
}

/// Mark a plan task of today done or not done. `Ok(None)`: the same form was submitted before.
pub fn mark(c: &mut DbConn, op: &Op<'_>, f: &MarkInput) -> ShiftResult<Option<()>> {
    let child = f
        .child
        .trim()
        .parse::<i64>()
        .map_err(|_| Refused::NotInCare.at(op, Field::Child))?;
    let k: Child = super::child_in_care(c, op, ChildId(child), Action::RecordShift)?;
    if i64::from(k.institution_id) != super::home_institution(op)? {
        return Err(Refused::NotInCare.at(op, Field::Child).into());
    }
    let done = match f.done.trim() {
        "1" => true,
        "0" => false,
        _ => return Err(Refused::BadValue.at(op, Field::Value).into()),
    };
    let today = crate::shift::rules::local(op.now).date();
    let access = crate::archive::section_access(c, k.id, &op.user.role, false)?;
    let goal: i64 = f.goal.trim().parse().unwrap_or(0);
    // Only a task of today's plan the user reads: another day's, or a stale page after the plan
    // changed, is refused rather than recorded against nothing.
    if !visible(c, op, k.id, &access, today)?
        .iter()
        .any(|t| t.goal_id == goal)
    {
        return Err(Refused::NotScheduled.at(op, Field::Order).into());
    }
    let inst = i64::from(k.institution_id);
    super::once(c, op, &f.idem, |c| {
        let id: i64 = diesel::insert_into(pm::table)
            .values((
                pm::institution_id.eq(inst),
                pm::child_id.eq(child),
                pm::goal_id.eq(goal),
                pm::day.eq(today),
                pm::done.eq(done),
                pm::recorded_by.eq(i64::from(op.user.id)),
                pm::recorded_at.eq(op.now),
            ))
            .returning(pm::id)
            .get_result(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("mark", "shift_plan_task", id)
                .with_detail(format!("child {child} goal {goal} done {done}")),
        )?;
        Ok(())
    })
}
