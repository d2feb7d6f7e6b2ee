//! Rows and queries of the archive. Every query of children goes through a scope (`InstitutionScope`).

use crate::auth::scope::InstitutionScope;
use crate::db::schema::{
    archive_requests, archive_sequences, child_changes, child_documents, child_entries,
    child_restrictions, children, restriction_kinds,
};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

pub const ACTIVE: &str = "active";
pub const DISCHARGED: &str = "discharged";

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = children)]
pub struct Child {
    pub id: i64,
    pub archive_no: String,
    pub institution_id: i64,
    pub status: String,
    pub legal_name: String,
    pub name_provisional: bool,
    pub former_names: String,
    #[serde(skip)]
    pub name_pinyin: String,
    #[serde(skip)]
    pub name_initials: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub birth_date_estimated: bool,
    pub found_place: String,
    pub found_date: Option<NaiveDate>,
    pub found_by: String,
    pub police_report_no: String,
    pub ethnicity: String,
    pub hukou_status: String,
    pub hukou_place: String,
    pub id_number: Option<String>,
    pub disability_type: String,
    pub disability_grade: Option<i32>,
    pub disability_cert_no: String,
    pub health_at_intake: String,
    pub photo_document_id: Option<i64>,
    pub guardian_department: String,
    pub welfare_categories: String,
    pub allowance_category: String,
    pub intake_category: String,
    pub archive_class: String,
    pub case_type: String,
    pub intake_date: NaiveDate,
    pub admitted_by: i64,
    pub responsible_user_id: Option<i64>,
    pub discharge_date: Option<NaiveDate>,
    pub discharge_reason: Option<String>,
    pub discharge_note: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Child {
    /// Catalogue key of the status label.
    pub fn status_key(&self) -> &'static str {
        match self.status.as_str() {
            DISCHARGED => "status.discharged",
            "in-foster-care" => "status.in-foster-care",
            _ => "status.active",
        }
    }
}

/// The fields a person types (intake and later edits), already validated.
#[derive(Debug, Clone, Default, PartialEq, AsChangeset, Insertable)]
#[diesel(table_name = children, treat_none_as_null = true)]
pub struct ChildFields {
    pub legal_name: String,
    pub name_provisional: bool,
    pub former_names: String,
    pub name_pinyin: String,
    pub name_initials: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub birth_date_estimated: bool,
    pub found_place: String,
    pub found_date: Option<NaiveDate>,
    pub found_by: String,
    pub police_report_no: String,
    pub ethnicity: String,
    pub hukou_status: String,
    pub hukou_place: String,
    pub id_number: Option<String>,
    pub disability_type: String,
    pub disability_grade: Option<i32>,
    pub disability_cert_no: String,
    pub health_at_intake: String,
    pub guardian_department: String,
    pub welfare_categories: String,
    pub allowance_category: String,
}

impl ChildFields {
    /// (field name, display value) pairs, to compare old and new for the history.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        vec![
            ("legal_name", self.legal_name.clone()),
            ("name_provisional", self.name_provisional.to_string()),
            ("former_names", self.former_names.clone()),
            ("sex", self.sex.clone()),
            ("birth_date", self.birth_date.to_string()),
            (
                "birth_date_estimated",
                self.birth_date_estimated.to_string(),
            ),
            ("found_place", self.found_place.clone()),
            (
                "found_date",
                self.found_date.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("found_by", self.found_by.clone()),
            ("police_report_no", self.police_report_no.clone()),
            ("ethnicity", self.ethnicity.clone()),
            ("hukou_status", self.hukou_status.clone()),
            ("hukou_place", self.hukou_place.clone()),
            ("id_number", opt(&self.id_number)),
            ("disability_type", self.disability_type.clone()),
            (
                "disability_grade",
                self.disability_grade
                    .map(|g| g.to_string())
                    .unwrap_or_default(),
            ),
            ("disability_cert_no", self.disability_cert_no.clone()),
            ("health_at_intake", self.health_at_intake.clone()),
            ("guardian_department", self.guardian_department.clone()),
            ("welfare_categories", self.welfare_categories.clone()),
            ("allowance_category", self.allowance_category.clone()),
        ]
    }

    pub fn from_child(c: &Child) -> ChildFields {
        ChildFields {
            legal_name: c.legal_name.clone(),
            name_provisional: c.name_provisional,
            former_names: c.former_names.clone(),
            name_pinyin: c.name_pinyin.clone(),
            name_initials: c.name_initials.clone(),
            sex: c.sex.clone(),
            birth_date: c.birth_date,
            birth_date_estimated: c.birth_date_estimated,
            found_place: c.found_place.clone(),
            found_date: c.found_date,
            found_by: c.found_by.clone(),
            police_report_no: c.police_report_no.clone(),
            ethnicity: c.ethnicity.clone(),
            hukou_status: c.hukou_status.clone(),
            hukou_place: c.hukou_place.clone(),
            id_number: c.id_number.clone(),
            disability_type: c.disability_type.clone(),
            disability_grade: c.disability_grade,
            disability_cert_no: c.disability_cert_no.clone(),
            health_at_intake: c.health_at_intake.clone(),
            guardian_department: c.guardian_department.clone(),
            welfare_categories: c.welfare_categories.clone(),
            allowance_category: c.allowance_category.clone(),
        }
    }
}

/// The intake-only facts (fixed at admission).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = children)]
pub struct IntakeFacts {
    pub archive_no: String,
    pub institution_id: i64,
    pub status: String,
    pub intake_category: String,
    pub archive_class: String,
    pub case_type: String,
    pub intake_date: NaiveDate,
    pub admitted_by: i64,
    pub responsible_user_id: Option<i64>,
    pub discharge_note: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Next archive number for an institution and year: `CODE-YYYY-NNNNN`, unique for life (ARC-01).
/// Runs inside the intake transaction so a failed intake uses no number.
#[cfg(test)]
mod query_tests {
    use super::{query_kind, QueryKind};
    #[test]
    fn query_kinds() {
        assert_eq!(query_kind(" zxm "), QueryKind::Pinyin("zxm".into()));
        assert_eq!(
            query_kind("Zhang XiaoMing"),
            QueryKind::Pinyin("zhangxiaoming".into())
        );
        assert_eq!(query_kind("张小明"), QueryKind::Name("张小明".into()));
        assert_eq!(
            query_kind("22010220200501123x"),
            QueryKind::IdNumber("22010220200501123X".into())
        );
        assert_eq!(
            query_kind("cc-cwi-2026"),
            QueryKind::ArchiveNo("CC-CWI-2026".into())
        );
        assert_eq!(query_kind("00017"), QueryKind::ArchiveNo("00017".into()));
        assert_eq!(query_kind("  "), QueryKind::Empty);
        // 18 bytes of Chinese must not be sliced mid-character.
        assert_eq!(
            query_kind("张张张张张张"),
            QueryKind::Name("张张张张张张".into())
        );
    }
}

pub fn next_archive_no(
    conn: &mut DbConn,
    institution_id: i64,
    code: &str,
    year: i32,
) -> QueryResult<String> {
    let current: Option<i32> = archive_sequences::table
        .find((institution_id, year))
        .select(archive_sequences::last_seq)
        .first(conn)
        .optional()?;
    let next = current.unwrap_or(0) + 1;
    match current {
        Some(_) => diesel::update(archive_sequences::table.find((institution_id, year)))
            .set(archive_sequences::last_seq.eq(next))
            .execute(conn)?,
        None => diesel::insert_into(archive_sequences::table)
            .values((
                archive_sequences::institution_id.eq(institution_id),
                archive_sequences::year.eq(year),
                archive_sequences::last_seq.eq(next),
            ))
            .execute(conn)?,
    };
    Ok(format!("{code}-{year}-{next:05}"))
}

pub fn insert_child(
    conn: &mut DbConn,
    facts: &IntakeFacts,
    fields: &ChildFields,
) -> QueryResult<i64> {
    diesel::insert_into(children::table)
        .values((facts, fields))
        .execute(conn)?;
    children::table
        .filter(children::archive_no.eq(&facts.archive_no))
        .select(children::id)
        .first(conn)
}

/// A child if visible under the scope; `None` (→ 404) otherwise.
pub fn find_in_scope(
    conn: &mut DbConn,
    scope: &InstitutionScope,
    id: i64,
) -> QueryResult<Option<Child>> {
    let c: Option<Child> = children::table
        .find(id)
        .select(Child::as_select())
        .first(conn)
        .optional()?;
    Ok(c.filter(|c| scope.contains(c.institution_id)))
}

/// List filters (the UI and the API share them).
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ChildFilter {
    pub q: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub age_band: Option<String>,
    pub institution: Option<i64>,
    pub sort: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ChildFilter {
    pub fn page(&self) -> i64 {
        self.page.unwrap_or(1).clamp(1, 1_000_000)
    }
    pub fn per_page(&self) -> i64 {
        self.per_page.unwrap_or(25).clamp(1, 200)
    }
}

/// Search within the scope: `q` matches the name in characters, full pinyin or initials (prefix), the
/// archive number, or the exact ID number. Active children by default.
pub fn search(
    conn: &mut DbConn,
    scope: &InstitutionScope,
    f: &ChildFilter,
    today: NaiveDate,
) -> QueryResult<(Vec<Child>, i64)> {
    let sqlite = crate::db::is_sqlite(conn);
    let build = || {
        let mut q = children::table.into_boxed();
        if let InstitutionScope::Only(ids) = scope {
            q = q.filter(children::institution_id.eq_any(ids.clone()));
        }
        if let Some(i) = f.institution {
            q = q.filter(children::institution_id.eq(i));
        }
        match f.status.as_deref().unwrap_or(ACTIVE) {
            "all" => {}
            s => q = q.filter(children::status.eq(s.to_string())),
        }
        if let Some(c) = f.category.as_ref().filter(|c| !c.is_empty()) {
            q = if c.len() == 1 {
                q.filter(children::archive_class.eq(c.clone()))
            } else {
                q.filter(children::intake_category.eq(c.clone()))
            };
        }
        if let Some((_, min, max)) = f
            .age_band
            .as_deref()
            .and_then(|b| super::rules::AGE_BANDS.iter().find(|(n, _, _)| *n == b))
        {
            let (from, to) = super::rules::birth_range_for_ages(today, *min, *max);
            q = q.filter(children::birth_date.between(from, to));
        }
        match f.q.as_deref().map(query_kind) {
            Some(QueryKind::IdNumber(id)) => q = q.filter(children::id_number.eq(id)),
            Some(QueryKind::Pinyin(p)) if sqlite => {
                // An index range on the stored pinyin and initials (binary collation on SQLite).
                let hi = format!("{p}\u{10FFFF}");
                q = q.filter(
                    children::name_pinyin
                        .ge(p.clone())
                        .and(children::name_pinyin.lt(hi.clone()))
                        .or(children::name_initials
                            .ge(p)
                            .and(children::name_initials.lt(hi))),
                );
            }
            Some(QueryKind::Pinyin(p)) => {
                let prefix = format!("{}%", escape_like(&p));
                q = q.filter(
                    children::name_pinyin
                        .like(prefix.clone())
                        .or(children::name_initials.like(prefix)),
                );
            }
            Some(QueryKind::Name(n)) => {
                let like = format!("%{}%", escape_like(&n));
                q = q.filter(
                    children::legal_name
                        .like(like.clone())
                        .or(children::former_names.like(like)),
                );
            }
            Some(QueryKind::ArchiveNo(a)) => {
                q = q.filter(children::archive_no.like(format!("%{}%", escape_like(&a))))
            }
            Some(QueryKind::Empty) | None => {}
        }
        q
    };
    let mut q = build().select(Child::as_select());
    q = match f.sort.as_deref() {
        Some("name") => q.order((children::name_pinyin.asc(), children::id.asc())),
        Some("birth") => q.order((children::birth_date.asc(), children::id.asc())),
        Some("intake") => q.order((children::intake_date.desc(), children::id.desc())),
        _ => q.order(children::archive_no.asc()),
    };
    let rows: Vec<Child> = q
        .limit(f.per_page())
        .offset((f.page() - 1) * f.per_page())
        .load(conn)?;
    // A first page that is not full already says how many there are: skip the second scan.
    let total = if f.page() == 1 && (rows.len() as i64) < f.per_page() {
        rows.len() as i64
    } else {
        build().count().get_result(conn)?
    };
    Ok((rows, total))
}

/// What a search term is, decided from its shape, so each kind uses the cheapest predicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryKind {
    Empty,
    /// 18 characters, 17 digits and a digit or X: exact match on the indexed ID number.
    IdNumber(String),
    /// Latin letters only: a prefix of the full pinyin or of the initials (张小明 ← "zxm", "zhangxiaoming").
    Pinyin(String),
    /// Contains Chinese characters: part of the name or a former name.
    Name(String),
    /// Anything else (digits, hyphens): part of the archive number.
    ArchiveNo(String),
}

pub fn query_kind(raw: &str) -> QueryKind {
    let t = raw.trim();
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return QueryKind::Empty;
    }
    // Checked first, so the byte slicing below only ever sees ASCII.
    if !compact.is_ascii() {
        return QueryKind::Name(t.to_string());
    }
    let upper = compact.to_uppercase();
    if upper.len() == 18
        && upper[..17].chars().all(|c| c.is_ascii_digit())
        && upper[17..].chars().all(|c| c.is_ascii_digit() || c == 'X')
    {
        return QueryKind::IdNumber(upper);
    }
    if compact.chars().all(|c| c.is_ascii_alphabetic()) {
        return QueryKind::Pinyin(compact.to_lowercase());
    }
    QueryKind::ArchiveNo(upper)
}

fn escape_like(s: &str) -> String {
    s.replace(['%', '_'], "")
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = child_documents)]
pub struct Document {
    pub id: i64,
    pub child_id: i64,
    pub section: String,
    pub doc_type: String,
    pub title: String,
    pub doc_date: Option<NaiveDate>,
    pub issuing_body: String,
    pub sha256: String,
    pub mime: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub uploaded_by: i64,
    pub uploaded_at: NaiveDateTime,
    pub superseded_by: Option<i64>,
    pub superseded_reason: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = child_documents)]
pub struct NewDocument {
    pub child_id: i64,
    pub section: String,
    pub doc_type: String,
    pub title: String,
    pub doc_date: Option<NaiveDate>,
    pub issuing_body: String,
    pub sha256: String,
    pub mime: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub uploaded_by: i64,
    pub uploaded_at: NaiveDateTime,
}

pub fn documents(conn: &mut DbConn, child_id: i64) -> QueryResult<Vec<Document>> {
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
    pub child_id: i64,
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
    child_id: i64,
    field: &str,
    old: &str,
    new: &str,
    reason: &str,
    by: i64,
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

pub fn changes(conn: &mut DbConn, child_id: i64) -> QueryResult<Vec<Change>> {
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
    pub child_id: i64,
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
    e: &super::interface::NewEntry<'_>,
    by: Option<i64>,
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

pub fn entries(conn: &mut DbConn, child_id: i64) -> QueryResult<Vec<Entry>> {
    child_entries::table
        .filter(child_entries::child_id.eq(child_id))
        .order((child_entries::entry_date.desc(), child_entries::id.desc()))
        .select(Entry::as_select())
        .load(conn)
}

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
    pub fn allows(&self, role: &str) -> bool {
        self.allowed_roles.split(',').any(|r| r.trim() == role)
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
                restriction_kinds::allowed_roles.eq("head,social-worker"),
                restriction_kinds::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Active restrictions of a child with their kinds.
pub fn active_restrictions(conn: &mut DbConn, child_id: i64) -> QueryResult<Vec<RestrictionKind>> {
    let codes: Vec<String> = child_restrictions::table
        .filter(child_restrictions::child_id.eq(child_id))
        .filter(child_restrictions::cleared_at.is_null())
        .select(child_restrictions::kind_code)
        .load(conn)?;
    restriction_kinds::table
        .filter(restriction_kinds::code.eq_any(codes))
        .select(RestrictionKind::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = archive_requests)]
pub struct ArchiveRequest {
    pub id: i64,
    pub child_id: i64,
    pub kind: String,
    pub purpose: String,
    pub requested_by: i64,
    pub requested_at: NaiveDateTime,
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_note: String,
}

impl ArchiveRequest {
    pub fn kind_key(&self) -> &'static str {
        if self.kind == "copy" {
            "request.copy"
        } else {
            "request.borrow"
        }
    }
    pub fn status_key(&self) -> &'static str {
        match self.status.as_str() {
            "approved" => "request.approved",
            "refused" => "request.refused",
            _ => "request.pending",
        }
    }
}

pub fn requests_for_child(conn: &mut DbConn, child_id: i64) -> QueryResult<Vec<ArchiveRequest>> {
    archive_requests::table
        .filter(archive_requests::child_id.eq(child_id))
        .order(archive_requests::id.desc())
        .select(ArchiveRequest::as_select())
        .load(conn)
}
