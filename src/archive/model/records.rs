//! A child's records: documents, the history of changed fields and structured section entries.

use crate::archive::ChildId;
use crate::db::schema::{child_changes, child_documents, child_entries};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = child_documents)]
pub struct Document {
    pub id: i64,
    pub child_id: ChildId,
    pub section: String,
    pub doc_type: String,
    pub title: String,
    pub doc_date: Option<NaiveDate>,
    pub issuing_body: String,
    pub sha256: String,
    pub mime: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub uploaded_by: crate::auth::UserId,
    pub uploaded_at: NaiveDateTime,
    pub superseded_by: Option<i64>,
    pub superseded_reason: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = child_documents)]
pub struct NewDocument {
    pub child_id: ChildId,
    pub section: String,
    pub doc_type: String,
    pub title: String,
    pub doc_date: Option<NaiveDate>,
    pub issuing_body: String,
    pub sha256: String,
    pub mime: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub uploaded_by: crate::auth::UserId,
    pub uploaded_at: NaiveDateTime,
}

pub fn documents(conn: &mut DbConn, child_id: ChildId) -> QueryResult<Vec<Document>> {
    child_documents::table
        .filter(child_documents::child_id.eq(child_id))
        .order((
            child_documents::section.asc(),
            child_documents::doc_date.desc(),
            child_documents::id.asc(),
        ))
        .select(Document::as_select())
        .load(conn)
}

pub fn insert_document(conn: &mut DbConn, d: &NewDocument) -> QueryResult<i64> {
    diesel::insert_into(child_documents::table)
        .values(d)
        .execute(conn)?;
    child_documents::table
        .filter(child_documents::child_id.eq(d.child_id))
        .order(child_documents::id.desc())
        .select(child_documents::id)
        .first(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = child_changes)]
pub struct Change {
    pub id: i64,
    pub child_id: ChildId,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    pub changed_by: i64,
    pub changed_at: NaiveDateTime,
}

#[allow(clippy::too_many_arguments)]
pub fn insert_change(
    conn: &mut DbConn,
    child_id: ChildId,
    field: &str,
    old: &str,
    new: &str,
    reason: &str,
    by: crate::auth::UserId,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(child_changes::table)
        .values((
            child_changes::child_id.eq(child_id),
            child_changes::field.eq(field),
            child_changes::old_value.eq(old),
            child_changes::new_value.eq(new),
            child_changes::reason.eq(reason),
            child_changes::changed_by.eq(by),
            child_changes::changed_at.eq(at),
        ))
        .execute(conn)
}

pub fn changes(conn: &mut DbConn, child_id: ChildId) -> QueryResult<Vec<Change>> {
    child_changes::table
        .filter(child_changes::child_id.eq(child_id))
        .order(child_changes::id.desc())
        .select(Change::as_select())
        .load(conn)
}

/// A structured entry other modules file in a section (transfers, plans, assessments, visits).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = child_entries)]
pub struct Entry {
    pub id: i64,
    pub child_id: ChildId,
    pub section: String,
    pub entry_date: NaiveDate,
    pub kind: String,
    pub summary: String,
    pub module: String,
    pub ref_id: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Insert a structured entry (other modules reach this through `archive::file_entry`).
pub fn add_entry(
    conn: &mut DbConn,
    e: &super::super::interface::NewEntry<'_>,
    by: Option<crate::auth::UserId>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(child_entries::table)
        .values((
            child_entries::child_id.eq(e.child_id),
            child_entries::section.eq(e.section),
            child_entries::entry_date.eq(e.date),
            child_entries::kind.eq(e.kind),
            child_entries::summary.eq(e.summary),
            child_entries::module.eq(e.module),
            child_entries::ref_id.eq(e.reference),
            child_entries::created_by.eq(by),
            child_entries::created_at.eq(at),
        ))
        .execute(conn)
}

pub fn entries(conn: &mut DbConn, child_id: ChildId) -> QueryResult<Vec<Entry>> {
    child_entries::table
        .filter(child_entries::child_id.eq(child_id))
        .order((child_entries::entry_date.desc(), child_entries::id.desc()))
        .select(Entry::as_select())
        .load(conn)
}
