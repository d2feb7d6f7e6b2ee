//! Notices: something the archive asks a role at an institution (or the admin) to act on, shown as a task
//! until marked handled (issue 10 points 7, 15, 21).

use crate::db::schema::archive_notices;
use crate::db::DbConn;
use chrono::NaiveDateTime;
use diesel::prelude::*;

crate::code_enum! {
    /// What a notice is about.
    pub enum NoticeKind {
        /// 身份证号冲突 — an intake or edit typed an ID number another institution's record holds.
        IdConflict = "id-conflict",
        /// 县级机构长期收留例外 — a county institution admitted a long-term category after the TRF-01 date.
        IntakeException = "intake-exception",
        /// 档案文件缺失 — a document's file is missing from the store.
        MissingFile = "missing-file",
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = archive_notices)]
pub struct Notice {
    pub id: i64,
    pub kind: NoticeKind,
    pub dedupe_key: String,
    pub institution_id: Option<crate::org::InstitutionId>,
    pub role: String,
    pub subject: String,
    pub detail: String,
    pub link: String,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

/// A notice to raise.
pub struct NewNotice<'a> {
    pub kind: NoticeKind,
    /// One open notice per key: raising the same situation again changes nothing.
    pub dedupe_key: String,
    pub institution_id: Option<crate::org::InstitutionId>,
    pub role: &'a str,
    /// Non-personal text for the task (an archive number, an institution's name — never a name or ID number).
    pub subject: String,
    pub detail: String,
    pub link: String,
}

/// Raise a notice inside the caller's transaction unless the same one is open. Returns whether it was new.
pub fn raise(c: &mut DbConn, n: &NewNotice<'_>, now: NaiveDateTime) -> QueryResult<bool> {
    let open: i64 = archive_notices::table
        .filter(archive_notices::dedupe_key.eq(&n.dedupe_key))
        .filter(archive_notices::closed_at.is_null())
        .count()
        .get_result(c)?;
    if open > 0 {
        return Ok(false);
    }
    diesel::insert_into(archive_notices::table)
        .values((
            archive_notices::kind.eq(n.kind),
            archive_notices::dedupe_key.eq(&n.dedupe_key),
            archive_notices::institution_id.eq(n.institution_id),
            archive_notices::role.eq(n.role),
            archive_notices::subject.eq(&n.subject),
            archive_notices::detail.eq(&n.detail),
            archive_notices::link.eq(&n.link),
            archive_notices::created_at.eq(now),
        ))
        .execute(c)?;
    Ok(true)
}

/// Every open notice (the daily pass turns them into tasks).
pub fn open_notices(c: &mut DbConn) -> QueryResult<Vec<Notice>> {
    archive_notices::table
        .filter(archive_notices::closed_at.is_null())
        .order(archive_notices::id.asc())
        .select(Notice::as_select())
        .load(c)
}

pub fn notice(c: &mut DbConn, id: i64) -> QueryResult<Option<Notice>> {
    archive_notices::table
        .find(id)
        .select(Notice::as_select())
        .first(c)
        .optional()
}

/// Mark a notice handled (only if still open); returns whether it changed.
pub fn close_notice(
    c: &mut DbConn,
    id: i64,
    by: crate::auth::UserId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        archive_notices::table
            .find(id)
            .filter(archive_notices::closed_at.is_null()),
    )
    .set((
        archive_notices::closed_at.eq(Some(now)),
        archive_notices::closed_by.eq(Some(by)),
    ))
    .execute(c)?;
    Ok(n > 0)
}
