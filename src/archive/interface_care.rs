//! What the care module (issue 14) needs of the archive beyond `interface.rs`, kept in its own file so
//! parallel work on the archive merges mechanically:
//!
//! - [`record_disability`]: an assessment result updates the child's basic facts (残疾类别 / 残疾等级,
//!   disability type and grade, issue 14 point 2) with a history row per changed field, as an edit on
//!   the archive page would.
//! - [`status_history`]: the child's status and institution changes (placed in a foster family, moved
//!   by a transfer), read by the care module to bring a plan's review forward (CARE-01: 重大事件后复查)
//!   without the transfer or foster modules naming care.

use super::model::{self, ChildId, ChildStatus};
use crate::audit::{self, Event};
use crate::db::schema::children;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::prelude::*;

/// Set the child's disability type and grade (1–4, 残疾人残疾分类和分级 GB/T 26341) from an assessment
/// result, inside the caller's transaction. Every changed field gets a history row with `reason` (the
/// assessment that found it); the caller audits its own operation, this audits the child's update.
/// Returns whether anything changed. A discharged child's archive is closed (409).
pub fn record_disability(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    disability_type: &str,
    grade: i32,
    reason: &str,
) -> AppResult<bool> {
    let child = super::load_in_scope(conn, op.user, child_id)?;
    if child.status == ChildStatus::Discharged {
        return Err(AppError::Conflict(op.tr.t("err.archive_closed").into()));
    }
    if !(1..=4).contains(&grade) || disability_type.trim().is_empty() {
        return Err(AppError::internal("disability grade 1–4 with a type"));
    }
    let old_grade = child
        .disability_grade
        .map_or(String::new(), |g| g.to_string());
    let changes: Vec<(&str, String, String)> = [
        (
            "disability_type",
            child.disability_type.clone(),
            disability_type.trim().to_string(),
        ),
        ("disability_grade", old_grade, grade.to_string()),
    ]
    .into_iter()
    .filter(|(_, a, b)| a != b)
    .collect();
    if changes.is_empty() {
        return Ok(false);
    }
    let n = diesel::update(
        children::table
            .find(child_id)
            .filter(children::version.eq(child.version)),
    )
    .set((
        children::disability_type.eq(disability_type.trim()),
        children::disability_grade.eq(Some(grade)),
        children::version.eq(children::version + 1),
        children::updated_at.eq(op.now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
    }
    for (field, old, new) in &changes {
        model::insert_change(conn, child_id, field, old, new, reason, op.user.id, op.now)?;
    }
    let names: Vec<&str> = changes.iter().map(|(f, _, _)| *f).collect();
    audit::record(
        conn,
        op.now,
        op.actor,
        &Event::ok("update", "child", child_id)
            .with_detail(format!("fields: {} (assessment)", names.join(","))),
    )?;
    Ok(true)
}

/// One change of a child's status or institution, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// `status` or `institution`.
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub on: NaiveDate,
}

/// The child's status and institution changes (history rows), oldest first. The caller has loaded the
/// child in the user's scope, or is the daily pass.
pub fn status_history(conn: &mut DbConn, child_id: ChildId) -> QueryResult<Vec<StatusChange>> {
    let mut out: Vec<StatusChange> = model::changes(conn, child_id)?
        .into_iter()
        .filter(|c| c.field == "status" || c.field == "institution")
        .map(|c| StatusChange {
            field: c.field,
            old_value: c.old_value,
            new_value: c.new_value,
            on: c.changed_at.date(),
        })
        .collect();
    out.reverse();
    Ok(out)
}
