//! Notices the archive raises for someone who must act, and marking them handled (issue 10 points 7,
//! 15 and 21). A notice is a task for a role at an institution (or for the admin) until handled.

use super::super::model::{self, Child, NewNotice, Notice, NoticeKind};
use super::Op;
use crate::audit::{self, Event};
use crate::auth::Role;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use diesel::QueryResult;

/// An ID number typed at another institution is already held by `holder`: its head and the supervisor
/// are told which record and from where (the requester is told neither — issue 10 point 7).
pub(crate) fn raise_id_conflict(c: &mut DbConn, op: &Op<'_>, holder: &Child) -> QueryResult<()> {
    let from = match op.user.institution_id {
        Some(i) => crate::org::model::holding(c, i)?
            .map(|i| i.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let mut new = false;
    let detail = format!(
        "{} · {} ({}) · {}",
        holder.archive_no, from, op.user.username, op.today
    );
    for role in [Role::Head, Role::Supervisor] {
        new |= model::raise(
            c,
            &NewNotice {
                kind: NoticeKind::IdConflict,
                dedupe_key: format!(
                    "id-conflict.{}.{}.{}",
                    holder.id,
                    op.user
                        .institution_id
                        .map(|i| i.to_string())
                        .unwrap_or_default(),
                    role.code()
                ),
                institution_id: Some(holder.institution_id),
                role: role.code(),
                subject: holder.archive_no.clone(),
                detail: detail.clone(),
                link: format!("/children/{}", holder.id),
            },
            op.now,
        )?;
    }
    if new {
        crate::jobs::refresh(c, crate::archive::MODULE_NAME, op.today, op.now)?;
    }
    audit::record(
        c,
        op.now,
        op.actor,
        &Event::ok("id_conflict", "child", holder.id)
            .with_outcome("denied")
            .with_detail("notice raised"),
    )
}

/// A county institution admitted a long-term category as an exception (TRF-01): the supervisor reviews it.
pub(crate) fn raise_intake_exception(
    c: &mut DbConn,
    op: &Op<'_>,
    child: crate::archive::ChildId,
    archive_no: &str,
    institution: crate::org::InstitutionId,
    reason: &str,
) -> QueryResult<()> {
    model::raise(
        c,
        &NewNotice {
            kind: NoticeKind::IntakeException,
            dedupe_key: format!("intake-exception.{child}"),
            institution_id: Some(institution),
            role: Role::Supervisor.code(),
            subject: archive_no.to_string(),
            detail: reason.to_string(),
            link: format!("/children/{child}"),
        },
        op.now,
    )
    .map(|_| ())
}

/// A document's file is missing from the store: the admin restores it from a backup (issue 10 point 21).
pub(crate) fn raise_missing_file(
    c: &mut DbConn,
    op: &Op<'_>,
    child: &Child,
    doc_id: i64,
    sha256: &str,
) -> QueryResult<()> {
    let new = model::raise(
        c,
        &NewNotice {
            kind: NoticeKind::MissingFile,
            dedupe_key: format!("missing-file.{doc_id}"),
            institution_id: None,
            role: Role::Admin.code(),
            subject: format!("{} #{doc_id}", child.archive_no),
            detail: format!("uploads/{}/{sha256}", sha256.get(..2).unwrap_or("00")),
            // The admin restores files but does not read archives: no link to the child's page.
            link: String::new(),
        },
        op.now,
    )?;
    if new {
        crate::jobs::refresh(c, crate::archive::MODULE_NAME, op.today, op.now)?;
    }
    audit::record(
        c,
        op.now,
        op.actor,
        &Event::ok("view_document", "child_document", doc_id)
            .with_outcome("failure")
            .with_detail("file missing"),
    )
}

/// Whether this user is the notice's addressee: their role, and the institution in their scope.
fn addressed_to(c: &mut DbConn, op: &Op<'_>, n: &Notice) -> QueryResult<bool> {
    if op.user.role.code() != n.role {
        return Ok(false);
    }
    Ok(match n.institution_id {
        None => true,
        Some(i) => super::child_scope(c, op.user)?.contains(i),
    })
}

/// A notice its addressee may read (anyone else: 404).
pub fn notice_for(c: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Notice> {
    let n = model::notice(c, id)?.ok_or(AppError::NotFound)?;
    if !addressed_to(c, op, &n)? {
        return Err(AppError::NotFound);
    }
    Ok(n)
}

/// Mark a notice handled; its task closes at once. Audited.
pub fn close_notice(c: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<()> {
    let n = notice_for(c, op, id)?;
    crate::db::write_tx(c, |c| {
        if model::close_notice(c, n.id, op.user.id, op.now)? {
            audit::record(
                c,
                op.now,
                op.actor,
                &Event::ok("close", "archive_notice", n.id).with_detail(n.kind.code()),
            )?;
            crate::jobs::refresh(c, crate::archive::MODULE_NAME, op.today, op.now)?;
        }
        Ok(())
    })
}
