//! The shift module's due items for the work queue: missed-dose alerts (MAR-03) to the medical staff
//! and the head of the child's institution, with an e-mail once, until one of them reviews the dose;
//! and units over capacity (issue 15 point 1) to the head.

use crate::archive::ChildId;
use crate::db::DbConn;
use crate::jobs::DueItem;
use chrono::NaiveDate;
use diesel::QueryResult;

pub const TASK_MISSED: &str = "task.shift_missed_dose";
pub const TASK_CAPACITY: &str = "task.shift_over_capacity";
/// Every task key the module uses (for the catalogue check).
pub const TASK_INCIDENT: &str = "task.shift_incident";
pub const TASK_REPORT: &str = "task.shift_report_due";
pub const TASK_REPORT_OVERDUE: &str = "task.shift_report_overdue";
pub const TASK_KEYS: &[&str] = &[
    TASK_MISSED,
    TASK_CAPACITY,
    TASK_INCIDENT,
    TASK_REPORT,
    TASK_REPORT_OVERDUE,
];

/// The module's source for the daily pass (and `jobs::refresh` after each event).
pub fn due_items(c: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let mut out = Vec::new();
    let missed = super::model::unreviewed_missed(c, None)?;
    let kids: Vec<ChildId> = missed.iter().map(|d| ChildId(d.child_id)).collect();
    let names = crate::archive::summaries(c, &kids)?;
    for d in &missed {
        let Some(s) = crate::archive::summary_of(&names, ChildId(d.child_id)) else {
            continue;
        };
        let due = d.due_at.map_or(today, |t| t.date());
        for role in ["medical", "head"] {
            out.push(DueItem {
                dedupe_key: format!("shift.missed.{}.{role}", d.id),
                module: super::MODULE_NAME,
                message_key: TASK_MISSED,
                subject: s.archive_no.clone(),
                link: "/shift/day".into(),
                institution_id: Some(s.institution_id),
                role: Some(role),
                user_id: None,
                due_date: due,
                // MAR-03: the alert reaches the medical staff and the head at once.
                mail: true,
            });
        }
    }
    let all: Vec<i64> = crate::org::model::list_all(c)?
        .into_iter()
        .map(|(i, _)| i64::from(i.id))
        .collect();
    let occ = super::service::units::occupancy(c, &all)?;
    for o in occ.into_iter().filter(|o| o.over) {
        out.push(DueItem {
            dedupe_key: format!("shift.capacity.{}", o.unit.id),
            module: super::MODULE_NAME,
            message_key: TASK_CAPACITY,
            subject: o.unit.name.clone(),
            link: "/shift/units".into(),
            institution_id: Some(crate::org::InstitutionId(o.unit.institution_id)),
            role: Some("head"),
            user_id: None,
            due_date: today,
            mail: false,
        });
    }
    // INC-01: the head is told of every incident at once (a task and an e-mail) until reviewed. The
    // subject is the register's number only — never a name: the mail leaves the system.
    for i in super::incidents::unreviewed(c)? {
        out.push(DueItem {
            dedupe_key: format!("shift.incident.{}", i.id),
            module: super::MODULE_NAME,
            message_key: TASK_INCIDENT,
            subject: format!("#{}", i.id),
            link: format!("/shift/incidents/{}", i.id),
            institution_id: Some(crate::org::InstitutionId(i.institution_id)),
            role: Some("head"),
            user_id: None,
            due_date: super::rules::local(i.occurred_at).date().min(today),
            mail: true,
        });
    }
    // RPT-01: a mandatory report is due at once — the head's task until it is sent; once past its
    // window (escalated when a ward page saw it, or a day has turned) the supervisor's too, by e-mail.
    for (r, inst) in super::incidents::reports::unsent(c)? {
        let late = r.escalated_at.is_some() || super::rules::local(r.deadline_at).date() < today;
        let item = DueItem {
            dedupe_key: format!("shift.report.{}", r.id),
            module: super::MODULE_NAME,
            message_key: TASK_REPORT,
            subject: format!("#{}", r.incident_id),
            link: format!("/shift/incidents/{}", r.incident_id),
            institution_id: Some(crate::org::InstitutionId(inst)),
            role: Some("head"),
            user_id: None,
            due_date: super::rules::local(r.deadline_at).date().min(today),
            mail: false,
        };
        if late {
            out.push(DueItem {
                dedupe_key: format!("shift.report.overdue.{}", r.id),
                message_key: TASK_REPORT_OVERDUE,
                role: Some("supervisor"),
                mail: true,
                ..item.clone()
            });
        }
        out.push(item);
    }
    Ok(out)
}
