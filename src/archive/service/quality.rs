//! Completeness: key facts and documents still missing per child, and the quality list.

use super::super::model::{self, Child};
use super::super::rules::CaseType;
use crate::archive::ChildId;
use crate::auth::scope::InstitutionScope;
use crate::db::schema::{child_documents, children};
use crate::db::DbConn;
use diesel::prelude::*;

/// Key facts and documents still missing for one child (completeness).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missing {
    pub documents: Vec<&'static str>,
    pub fields: Vec<&'static str>,
}

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.fields.is_empty()
    }
    pub fn count(&self) -> usize {
        self.documents.len() + self.fields.len()
    }
}

/// Pure completeness check over a child and the types of its current (not superseded) documents.
pub fn missing_items(child: &Child, present_doc_types: &[String]) -> Missing {
    let mut m = Missing::default();
    if let Some(case) = CaseType::parse(&child.case_type) {
        for d in case.required_documents() {
            if !present_doc_types.iter().any(|p| p == d) {
                m.documents.push(d);
            }
        }
    }
    if child.photo_document_id.is_none() {
        m.fields.push("photo");
    }
    if child.hukou_status == "registered" && child.id_number.is_none() {
        m.fields.push("id_number");
    }
    if child.hukou_status == "registered" && child.hukou_place.is_empty() {
        m.fields.push("hukou_place");
    }
    if child.ethnicity.is_empty() {
        m.fields.push("ethnicity");
    }
    if child.archive_class == "A" && (child.found_place.is_empty() || child.found_date.is_none()) {
        m.fields.push("found_place");
    }
    if matches!(
        child.case_type.as_str(),
        "abandoned" | "trafficking-rescued"
    ) && child.police_report_no.is_empty()
    {
        m.fields.push("police_report_no");
    }
    if child.disability_grade.is_some() && child.disability_cert_no.is_empty() {
        m.fields.push("disability_cert_no");
    }
    if child.guardian_department.is_empty() {
        m.fields.push("guardian_department");
    }
    m
}

/// Current document types per child, for a set of children (one query).
pub fn present_types(conn: &mut DbConn, ids: &[ChildId]) -> QueryResult<Vec<(ChildId, String)>> {
    child_documents::table
        .filter(child_documents::child_id.eq_any(ids))
        .filter(child_documents::superseded_by.is_null())
        .select((child_documents::child_id, child_documents::doc_type))
        .load(conn)
}

/// Active children of the institutions in scope with missing items, oldest intake first: one page of
/// `per_page` rows and how many there are in all. Completeness is a property of each archive (its
/// fields and current documents), so every active child in scope is examined — the work grows with
/// the children in scope, not with the page (docs/benchmarks.md, growth table) — in chunks of 500 with
/// one documents query each.
pub fn quality(
    conn: &mut DbConn,
    sc: &InstitutionScope,
    page: i64,
    per_page: i64,
) -> QueryResult<(Vec<(Child, Missing)>, i64)> {
    let mut q = children::table
        .filter(children::status.eq(model::ChildStatus::Active))
        .select(Child::as_select())
        .into_boxed();
    if let InstitutionScope::Only(ids) = sc {
        q = q.filter(children::institution_id.eq_any(ids.clone()));
    }
    let kids: Vec<Child> = q
        .order((children::intake_date.asc(), children::id.asc()))
        .load(conn)?;
    let skip = ((page.max(1) - 1) * per_page) as usize;
    let mut found = 0usize;
    let mut out = Vec::new();
    for chunk in kids.chunks(500) {
        let ids: Vec<ChildId> = chunk.iter().map(|c| c.id).collect();
        let mut types: std::collections::HashMap<ChildId, Vec<String>> = Default::default();
        for (id, t) in present_types(conn, &ids)? {
            types.entry(id).or_default().push(t);
        }
        for c in chunk {
            let m = missing_items(c, types.get(&c.id).map_or(&[][..], |v| v.as_slice()));
            if !m.is_empty() {
                if found >= skip && out.len() < per_page as usize {
                    out.push((c.clone(), m));
                }
                found += 1;
            }
        }
    }
    Ok((out, found as i64))
}
