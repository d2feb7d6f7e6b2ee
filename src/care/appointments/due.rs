//! The escort's task (issue 15 point 2b, optional in the brief): a staff member who accompanies a child
//! gets a task on their home page the day before the appointment, until the appointment's day has
//! passed; a cancelled appointment's task closes at the next refresh (planning and cancelling refresh at
//! once). No e-mail: the task is a reminder on the ward, not a notice leaving it. The subject names the
//! archive number and the time only (no child's name).

use super::model;
use crate::archive::ChildId;
use crate::db::DbConn;
use crate::jobs::DueItem;
use chrono::{Duration, NaiveDate};
use diesel::QueryResult;

/// The catalogue key of the task.
pub const TASK_KEY: &str = "task.care_appointment_escort";

/// Today's and tomorrow's appointments with a staff escort, each as a task for the escort due the day
/// before the appointment.
pub fn due_items(c: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let from = today.and_hms_opt(0, 0, 0).unwrap_or_default();
    let rows = model::escorted_between(c, from, from + Duration::days(2))?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<ChildId> = rows.iter().map(|a| ChildId(a.child_id)).collect();
    let numbers = crate::archive::summaries(c, &ids)?;
    Ok(rows
        .into_iter()
        .filter_map(|a| {
            let escort = a.escort_user_id?;
            let no = numbers
                .iter()
                .find(|s| i64::from(s.id) == a.child_id)
                .map(|s| s.archive_no.clone())?;
            Some(DueItem {
                dedupe_key: format!("care_appointments.escort.{}", a.id),
                module: super::MODULE.name,
                message_key: TASK_KEY,
                subject: format!("{no} {}", a.starts_at.format("%m-%d %H:%M")),
                link: super::href(a.child_id),
                institution_id: Some(crate::org::InstitutionId(a.institution_id)),
                role: None,
                user_id: Some(crate::auth::UserId(escort)),
                // The day before; an appointment planned for today is due today, not overdue.
                due_date: (a.starts_at.date() - Duration::days(1)).max(today),
                mail: false,
            })
        })
        .collect())
}
