//! Access: restriction flags on an archive and borrowing/copy requests the head decides.

use super::super::model;
use super::{load, Op};
use crate::archive::ChildId;
use crate::audit::{self, Actor, Event};
use crate::auth::model::User;
use crate::db::schema::{archive_requests, child_restrictions};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Set a restriction flag (e.g. adoption secrecy) on an archive.
pub fn restrict(
    conn: &mut DbConn,
    user: &User,
    actor: &Actor,
    child_id: ChildId,
    kind: &str,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    load(conn, user, child_id)?;
    let kinds = model::restriction_kinds(conn)?;
    if !kinds.iter().any(|k| k.code == kind) || reason.trim().is_empty() {
        return Err(AppError::bad(
            "bad_restriction",
            "choose a restriction and give a reason / 请选择限制类型并说明理由",
        ));
    }
    crate::db::write_tx(conn, |c| {
        diesel::insert_into(child_restrictions::table)
            .values((
                child_restrictions::child_id.eq(child_id),
                child_restrictions::kind_code.eq(kind),
                child_restrictions::reason.eq(reason.trim()),
                child_restrictions::set_by.eq(user.id),
                child_restrictions::set_at.eq(now),
            ))
            .execute(c)?;
        audit::record(
            c,
            now,
            actor,
            &Event::ok("restrict", "child", child_id).with_detail(kind.to_string()),
        )?;
        Ok(())
    })
}

/// Record a request to borrow or copy an archive (借阅/复制); the head decides.
pub fn request_access(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    kind: &str,
    purpose: &str,
) -> AppResult<Result<i64, FieldErrors>> {
    let (tr, user, actor, now) = (op.tr, op.user, op.actor, op.now);
    load(conn, user, child_id)?;
    let mut e = FieldErrors::default();
    let parsed = model::RequestKind::parse(kind);
    if parsed.is_none() {
        e.add("kind", tr.t("err.choose"));
    }
    let purpose = crate::platform::forms::text(&mut e, tr, "purpose", purpose, true, 300);
    let Some(kind) = parsed.filter(|_| e.is_empty()) else {
        return Ok(Err(e));
    };
    crate::db::write_tx(conn, |c| {
        diesel::insert_into(archive_requests::table)
            .values((
                archive_requests::child_id.eq(child_id),
                archive_requests::kind.eq(kind),
                archive_requests::purpose.eq(&purpose),
                archive_requests::requested_by.eq(user.id),
                archive_requests::requested_at.eq(now),
                archive_requests::status.eq(model::RequestStatus::Pending),
                archive_requests::decision_note.eq(""),
            ))
            .execute(c)?;
        let id: i64 = archive_requests::table
            .filter(archive_requests::child_id.eq(child_id))
            .order(archive_requests::id.desc())
            .select(archive_requests::id)
            .first(c)?;
        audit::record(
            c,
            now,
            actor,
            &Event::ok("create", "archive_request", id)
                .with_detail(format!("{kind} child {child_id}")),
        )?;
        Ok(Ok(id))
    })
}

/// ARC-05 (借阅/复制须经批准): whether `user` may print or download the archive of `child`, and under
/// which approval. The holding institution's own staff (users of the institution that holds the
/// archive) need none: `Ok(None)`. Anyone else who can reach the child — a supervisor of the division,
/// another institution's user — needs their own approved request of a kind that covers the use and
/// whose end date has not passed: `Ok(Some(request id))`, to be audited with it; otherwise 403.
pub fn approval_for(
    conn: &mut DbConn,
    user: &User,
    child: &model::Child,
    what: model::ArchiveUse,
    today: chrono::NaiveDate,
) -> AppResult<Option<i64>> {
    if user.institution_id == Some(child.institution_id) {
        return Ok(None);
    }
    let found = model::requests_for_child(conn, child.id)?
        .into_iter()
        .find(|r| r.requested_by == user.id && r.in_force(today) && r.covers(what));
    match found {
        Some(r) => Ok(Some(r.id)),
        None => Err(AppError::Forbidden),
    }
}

/// Audit one use of an archive under an approved request (`approved_use`, distinct from a staff
/// member's own `print` / `view_document`), naming the request.
pub fn audit_approved_use(
    conn: &mut DbConn,
    now: NaiveDateTime,
    actor: &Actor,
    child_id: ChildId,
    request_id: i64,
    what: &str,
) -> AppResult<()> {
    audit::record_alone(
        conn,
        now,
        actor,
        &Event::ok("approved_use", "child", child_id)
            .with_detail(format!("request {request_id} {what}")),
    )?;
    Ok(())
}

/// The head approves (until `valid_until`, required, not before today) or refuses a pending request
/// for a child of their institution.
#[allow(clippy::too_many_arguments)]
pub fn decide_request(
    conn: &mut DbConn,
    user: &User,
    actor: &Actor,
    request_id: i64,
    approve: bool,
    valid_until: Option<chrono::NaiveDate>,
    note: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    // Today in China Standard Time (stored times are UTC).
    let today = (now + chrono::Duration::hours(8)).date();
    if approve && valid_until.is_none_or(|d| d < today) {
        return Err(AppError::bad(
            "valid_until_required",
            "an approval needs an end date, not before today / 批准须填写有效期至（不早于今天）",
        ));
    }
    let req: model::ArchiveRequest = archive_requests::table
        .find(request_id)
        .select(model::ArchiveRequest::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    load(conn, user, req.child_id)?;
    if req.status != model::RequestStatus::Pending {
        return Err(AppError::Conflict("already decided / 已处理".into()));
    }
    let status = if approve {
        model::RequestStatus::Approved
    } else {
        model::RequestStatus::Refused
    };
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            archive_requests::table
                .find(request_id)
                .filter(archive_requests::status.eq(model::RequestStatus::Pending)),
        )
        .set((
            archive_requests::status.eq(status),
            archive_requests::decided_by.eq(Some(user.id)),
            archive_requests::decided_at.eq(Some(now)),
            archive_requests::valid_until.eq(valid_until.filter(|_| approve)),
            archive_requests::decision_note.eq(note.trim().chars().take(300).collect::<String>()),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict("already decided / 已处理".into()));
        }
        audit::record(
            c,
            now,
            actor,
            &Event::ok("status_change", "archive_request", request_id).with_detail(
                match valid_until.filter(|_| approve) {
                    Some(d) => format!("{status} until {d}"),
                    None => status.to_string(),
                },
            ),
        )?;
        Ok(())
    })
}
