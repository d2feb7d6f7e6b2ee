//! Aggregate counts of open tasks for the oversight dashboard (issue 17). The daily pass already
//! computes, per child and with each module's rules, what is due (care reviews, foster visits, the
//! adulthood window, incomplete archives); the dashboard counts the tasks it opened rather than
//! computing those rules a second time, so its figures are the work queues' figures.

use crate::db::schema::tasks;
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

/// Open tasks per module, message key and institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskCount {
    pub module: String,
    pub message_key: String,
    pub institution: InstitutionId,
    pub open: i64,
    /// Of those, due before `today`.
    pub overdue: i64,
}

/// Open tasks of the given modules at an institution (tasks addressed to one user without an
/// institution are not counted).
pub fn open_tasks(
    conn: &mut DbConn,
    modules: &[&str],
    today: NaiveDate,
) -> QueryResult<Vec<TaskCount>> {
    // One pass over the `tasks_stats` index counts both: the open tasks and, of them, those due before
    // today (the date is written into the SQL from a `NaiveDate`, never from input).
    let late = format!(
        "SUM(CASE WHEN tasks.due_date < '{}' THEN 1 ELSE 0 END)",
        today.format("%Y-%m-%d")
    );
    let rows: Vec<(String, String, Option<InstitutionId>, i64, i64)> = tasks::table
        .filter(tasks::status.eq("open"))
        .filter(tasks::module.eq_any(modules.to_vec()))
        .filter(tasks::institution_id.is_not_null())
        .group_by((tasks::module, tasks::message_key, tasks::institution_id))
        .select((
            tasks::module,
            tasks::message_key,
            tasks::institution_id,
            count_star(),
            diesel::dsl::sql::<diesel::sql_types::BigInt>(&late),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(module, message_key, inst, open, overdue)| {
            Some(TaskCount {
                module,
                message_key,
                institution: inst?,
                open,
                overdue,
            })
        })
        .collect())
}
