//! Access: restriction kinds, a child's active restrictions and borrowing/copy requests.

use crate::archive::ChildId;
use crate::db::schema::{archive_requests, child_restrictions, restriction_kinds};
use crate::db::{CachedExt, DbConn};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = restriction_kinds)]
pub struct RestrictionKind {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub hidden_sections: String,
    pub allowed_roles: String,
    pub created_at: NaiveDateTime,
}

impl RestrictionKind {
    pub fn hides(&self, section: &str) -> bool {
        self.hidden_sections.split(',').any(|s| s.trim() == section)
    }
    pub fn allows(&self, role: &crate::auth::Role) -> bool {
        self.allowed_roles
            .split(',')
            .any(|r| r.trim() == role.code())
    }
}

pub fn restriction_kinds(conn: &mut DbConn) -> QueryResult<Vec<RestrictionKind>> {
    restriction_kinds::table
        .order(restriction_kinds::code.asc())
        .select(RestrictionKind::as_select())
        .load(conn)
}

/// The built-in restriction: adoption secrecy (民法典 第1110条, ADP-26).
pub fn ensure_builtin_restrictions(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<()> {
    let n: i64 = restriction_kinds::table
        .filter(restriction_kinds::code.eq("adoption-secrecy"))
        .count()
        .get_result(conn)?;
    if n == 0 {
        diesel::insert_into(restriction_kinds::table)
            .values((
                restriction_kinds::code.eq("adoption-secrecy"),
                restriction_kinds::name.eq("收养保密（民法典第1110条）"),
                restriction_kinds::hidden_sections.eq("intake,social-work,discharge"),
                // Issue 13 point 5 (ADP-26): only the head and the adoption registrar open it, with a
                // stated purpose (the registrar has no archive scope, so in practice the head).
                restriction_kinds::allowed_roles.eq("head,registrar"),
                restriction_kinds::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Active restrictions of a child with their kinds.
pub fn active_restrictions(
    conn: &mut DbConn,
    child_id: ChildId,
) -> QueryResult<Vec<RestrictionKind>> {
    // One statement (every view of a child asks this): the kinds whose code an open restriction names.
    // On the backend's own connection (crate::on_backend): no SQL text written per view.
    crate::on_backend!(conn, |b| restriction_kinds::table
        .filter(
            restriction_kinds::code.eq_any(
                child_restrictions::table
                    .filter(child_restrictions::child_id.eq(child_id))
                    .filter(child_restrictions::cleared_at.is_null())
                    .select(child_restrictions::kind_code),
            ),
        )
        .select(RestrictionKind::as_select())
        .load(b))
}

/// The active restrictions of several children at once (a list page: two queries, not two per row).
pub fn active_restrictions_of(
    conn: &mut DbConn,
    child_ids: &[ChildId],
) -> QueryResult<Vec<(ChildId, Vec<RestrictionKind>)>> {
    let query = child_restrictions::table
        .filter(child_restrictions::child_id.eq_any(child_ids))
        .filter(child_restrictions::cleared_at.is_null())
        .select((child_restrictions::child_id, child_restrictions::kind_code));
    // A page's ids (at most 200): one kept statement per length (crate::db::cached), run on the
    // backend's own connection (crate::on_backend: every list page asks). A longer list (an export) is
    // prepared for its one use.
    let pairs: Vec<(ChildId, String)> = if child_ids.len() <= 200 {
        crate::on_backend!(conn, |b| query.cached().load(b))?
    } else {
        query.load(conn)?
    };
    if pairs.is_empty() {
        return Ok(child_ids.iter().map(|id| (*id, vec![])).collect());
    }
    let kinds: Vec<RestrictionKind> = restriction_kinds::table
        .filter(restriction_kinds::code.eq_any(pairs.iter().map(|(_, k)| k.clone())))
        .select(RestrictionKind::as_select())
        .load(conn)?;
    Ok(child_ids
        .iter()
        .map(|id| {
            let of_child = kinds
                .iter()
                .filter(|k| pairs.iter().any(|(c, code)| c == id && *code == k.code))
                .cloned()
                .collect();
            (*id, of_child)
        })
        .collect())
}

crate::code_enum! {
    /// What a request to use an archive asks for (借阅 / 复制).
    pub enum RequestKind {
        Borrow = "borrow",
        Copy = "copy",
    }
}

crate::code_enum! {
    /// Where a borrow or copy request stands.
    pub enum RequestStatus {
        Pending = "pending",
        Approved = "approved",
        Refused = "refused",
    }
}

/// What someone outside the holding institution does with an archive that needs an approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveUse {
    /// The archive PDF (档案打印).
    Print,
    /// One document of the archive.
    Download,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = archive_requests)]
pub struct ArchiveRequest {
    pub id: i64,
    pub child_id: ChildId,
    pub kind: RequestKind,
    pub purpose: String,
    pub requested_by: crate::auth::UserId,
    pub requested_at: NaiveDateTime,
    pub status: RequestStatus,
    pub decided_by: Option<crate::auth::UserId>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_note: String,
    /// The last day an approval may be used (ARC-05); none while pending or refused.
    pub valid_until: Option<chrono::NaiveDate>,
}

impl ArchiveRequest {
    pub fn is_pending(&self) -> bool {
        self.status == RequestStatus::Pending
    }
    /// Approved and not past its end date on `today`.
    pub fn in_force(&self, today: chrono::NaiveDate) -> bool {
        self.status == RequestStatus::Approved && self.valid_until.is_some_and(|d| today <= d)
    }
    /// Whether this kind of approval covers `u`: a copy (复制) covers printing and downloading, a
    /// borrow (借阅) covers reading the documents (downloading them) but not printing the archive.
    pub fn covers(&self, u: ArchiveUse) -> bool {
        match u {
            ArchiveUse::Print => self.kind == RequestKind::Copy,
            ArchiveUse::Download => true,
        }
    }
    pub fn kind_key(&self) -> &'static str {
        match self.kind {
            RequestKind::Copy => "request.copy",
            RequestKind::Borrow => "request.borrow",
        }
    }
    pub fn status_key(&self) -> &'static str {
        match self.status {
            RequestStatus::Approved => "request.approved",
            RequestStatus::Refused => "request.refused",
            RequestStatus::Pending => "request.pending",
        }
    }
}

pub fn requests_for_child(
    conn: &mut DbConn,
    child_id: ChildId,
) -> QueryResult<Vec<ArchiveRequest>> {
    archive_requests::table
        .filter(archive_requests::child_id.eq(child_id))
        .order(archive_requests::id.desc())
        .select(ArchiveRequest::as_select())
        .load(conn)
}
