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

/// The completeness test of [`missing_items`] as an SQL condition on `children` (issue 11: the quality
/// page at 100,000 children took 1.5 s loading every active child to test it in Rust). Written from
/// the same constants (the case types' required documents), never from user input; the pure function
/// stays the definition of what is missing for the rows shown, and `completeness_mismatches` checks
/// that the two agree (tests/app/archive_quality.rs).
fn incomplete_sql() -> String {
    let doc_missing = |d: &str| {
        format!(
            "NOT EXISTS (SELECT 1 FROM child_documents d WHERE d.child_id = children.id \
             AND d.doc_type = '{d}' AND d.superseded_by IS NULL)"
        )
    };
    let mut any = vec![
        "children.photo_document_id IS NULL".to_string(),
        "(children.hukou_status = 'registered' AND (children.id_number IS NULL OR children.hukou_place = ''))".into(),
        "children.ethnicity = ''".into(),
        "(children.archive_class = 'A' AND (children.found_place = '' OR children.found_date IS NULL))".into(),
        "(children.case_type IN ('abandoned', 'trafficking-rescued') AND children.police_report_no = '')".into(),
        "(children.disability_grade IS NOT NULL AND children.disability_cert_no = '')".into(),
        "children.guardian_department = ''".into(),
    ];
    for case in crate::archive::rules::ALL_CASE_TYPES {
        let docs: Vec<String> = case
            .required_documents()
            .iter()
            .map(|d| doc_missing(d))
            .collect();
        any.push(format!(
            "(children.case_type = '{}' AND ({}))",
            case.code(),
            docs.join(" OR ")
        ));
    }
    format!("({})", any.join(" OR "))
}

fn incomplete_in_scope(
    sc: &InstitutionScope,
) -> children::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut q = children::table
        .filter(children::status.eq(model::ChildStatus::Active))
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            &incomplete_sql(),
        ))
        .into_boxed();
    if let InstitutionScope::Only(ids) = sc {
        q = q.filter(children::institution_id.eq_any(ids.clone()));
    }
    q
}

/// Active children of the institutions in scope with missing items, oldest intake first: one page of
/// `per_page` rows and how many there are in all. The database selects and counts the incomplete
/// archives (one scan of the active children in scope, an index probe per required document); only
/// the page's rows are loaded, with one documents query, to say what each lacks.
pub fn quality(
    conn: &mut DbConn,
    sc: &InstitutionScope,
    page: i64,
    per_page: i64,
) -> QueryResult<(Vec<(Child, Missing)>, i64)> {
    let offset = (page.max(1) - 1).saturating_mul(per_page);
    let counted: Vec<(Child, i64)> = incomplete_in_scope(sc)
        .select((
            Child::as_select(),
            diesel::dsl::sql::<diesel::sql_types::BigInt>("COUNT(*) OVER ()"),
        ))
        .order((children::intake_date.asc(), children::id.asc()))
        .limit(per_page)
        .offset(offset)
        .load(conn)?;
    let total = match counted.first() {
        Some((_, n)) => *n,
        // Past the last page: the rows say nothing, count them.
        None if offset > 0 => incomplete_in_scope(sc).count().get_result(conn)?,
        None => 0,
    };
    let kids: Vec<Child> = counted.into_iter().map(|(c, _)| c).collect();
    Ok((with_missing(conn, kids)?, total))
}

/// Each child with what it lacks ([`missing_items`]), reading the current documents in chunks of 500.
fn with_missing(conn: &mut DbConn, kids: Vec<Child>) -> QueryResult<Vec<(Child, Missing)>> {
    let mut out = Vec::with_capacity(kids.len());
    for chunk in kids.chunks(500) {
        let ids: Vec<ChildId> = chunk.iter().map(|c| c.id).collect();
        let mut types: std::collections::HashMap<ChildId, Vec<String>> = Default::default();
        for (id, t) in present_types(conn, &ids)? {
            types.entry(id).or_default().push(t);
        }
        for c in chunk {
            let m = missing_items(c, types.get(&c.id).map_or(&[][..], |v| v.as_slice()));
            out.push((c.clone(), m));
        }
    }
    Ok(out)
}

/// Active children whose completeness the SQL condition and [`missing_items`] judge differently
/// (should be none): the self-check of the quality list, run by its test over the demo data.
pub fn completeness_mismatches(conn: &mut DbConn) -> QueryResult<Vec<ChildId>> {
    let flagged: std::collections::HashSet<ChildId> = incomplete_in_scope(&InstitutionScope::All)
        .select(children::id)
        .load::<ChildId>(conn)?
        .into_iter()
        .collect();
    let all: Vec<Child> = children::table
        .filter(children::status.eq(model::ChildStatus::Active))
        .select(Child::as_select())
        .load(conn)?;
    Ok(with_missing(conn, all)?
        .into_iter()
        .filter(|(c, m)| m.is_empty() == flagged.contains(&c.id))
        .map(|(c, _)| c.id)
        .collect())
}
