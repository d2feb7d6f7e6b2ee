//! Due items of the archive for the daily pass: an incomplete archive is a task for the responsible social
//! worker (or the institution's social workers), due `archive.completion_days` after intake.

use super::service;
use crate::auth::scope::InstitutionScope;
use crate::db::DbConn;
use crate::jobs::DueItem;
use chrono::{Duration, NaiveDate};
use diesel::QueryResult;

pub const MODULE: &str = super::MODULE_NAME;
const COMPLETION_DAYS: i64 = 30;

pub fn due_items(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let days = crate::policy::int(
        conn,
        crate::policy::keys::ARCHIVE_COMPLETION_DAYS,
        None,
        today,
    )
    .unwrap_or(COMPLETION_DAYS);
    let (rows, _) = service::quality(conn, &InstitutionScope::All, 1, i64::MAX)?;
    let mut out = notice_items(conn, today)?;
    out.extend(rows.into_iter().map(|(c, _missing)| DueItem {
        dedupe_key: format!("archive.incomplete.{}", c.id),
        module: MODULE,
        message_key: "task.archive_incomplete",
        // The archive number, never the child's name or ID number.
        subject: c.archive_no.clone(),
        link: format!("/children/{}", c.id),
        institution_id: Some(c.institution_id),
        role: if c.responsible_user_id.is_some() {
            None
        } else {
            Some("social-worker")
        },
        user_id: c.responsible_user_id,
        due_date: c.intake_date + Duration::days(days),
        mail: false,
    }));
    Ok(out)
}

/// Open notices (ID conflicts, county intake exceptions, missing files) are tasks until marked handled;
/// the task links to the notice, whose page says what happened and offers "handled".
fn notice_items(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    use super::model::NoticeKind;
    Ok(super::model::open_notices(conn)?
        .into_iter()
        .map(|n| DueItem {
            dedupe_key: format!("archive.notice.{}", n.id),
            module: MODULE,
            message_key: match n.kind {
                NoticeKind::IdConflict => "task.notice_id_conflict",
                NoticeKind::IntakeException => "task.notice_intake_exception",
                NoticeKind::MissingFile => "task.notice_missing_file",
            },
            subject: n.subject,
            link: format!("/archive/notices/{}", n.id),
            institution_id: n.institution_id,
            role: Some(match n.role.as_str() {
                "head" => "head",
                "supervisor" => "supervisor",
                _ => "admin",
            }),
            user_id: None,
            due_date: n.created_at.date().min(today),
            mail: false,
        })
        .collect())
}
