//! Rows and queries for divisions and institutions.

use crate::auth::scope::InstitutionScope;
use crate::db::schema::{divisions, institutions};
use crate::db::DbConn;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

/// Institution kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum InstitutionKind {
    /// 市级儿童福利机构 — city (prefecture) child-welfare institution
    CityWelfare,
    /// 县级儿童福利机构 — county child-welfare institution
    CountyWelfare,
    /// 未成年人救助保护中心 — minors' rescue and protection centre
    ProtectionCentre,
    /// 民政局 — civil-affairs bureau
    CivilAffairs,
}

pub const ALL_KINDS: [InstitutionKind; 4] = [
    InstitutionKind::CityWelfare,
    InstitutionKind::CountyWelfare,
    InstitutionKind::ProtectionCentre,
    InstitutionKind::CivilAffairs,
];

impl InstitutionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InstitutionKind::CityWelfare => "city-welfare",
            InstitutionKind::CountyWelfare => "county-welfare",
            InstitutionKind::ProtectionCentre => "protection-centre",
            InstitutionKind::CivilAffairs => "civil-affairs",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        ALL_KINDS.iter().copied().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = divisions)]
pub struct Division {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub level: String,
    pub parent_id: Option<i64>,
}

crate::id_type! {
    /// An institution's id (机构).
    pub struct InstitutionId;
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = institutions)]
pub struct Institution {
    pub id: InstitutionId,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub division_id: i64,
    pub address: String,
    pub contact_email: String,
    pub bed_capacity: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Fields an admin sets on an institution (already validated).
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = institutions)]
pub struct InstitutionFields {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub division_id: i64,
    pub address: String,
    pub contact_email: String,
    pub bed_capacity: i32,
}

pub fn divisions_all(conn: &mut DbConn) -> QueryResult<Vec<Division>> {
    divisions::table
        .order(divisions::code.asc())
        .select(Division::as_select())
        .load(conn)
}

pub fn division_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Division>> {
    divisions::table
        .filter(divisions::code.eq(code))
        .select(Division::as_select())
        .first(conn)
        .optional()
}

pub fn insert_division(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    name_en: &str,
    level: &str,
    parent: Option<i64>,
) -> QueryResult<i64> {
    diesel::insert_into(divisions::table)
        .values((
            divisions::code.eq(code),
            divisions::name.eq(name),
            divisions::name_en.eq(name_en),
            divisions::level.eq(level),
            divisions::parent_id.eq(parent),
        ))
        .execute(conn)?;
    divisions::table
        .filter(divisions::code.eq(code))
        .select(divisions::id)
        .first(conn)
}

/// Every institution with its division, without a user's scope: for work no user's scope bounds —
/// the daily pass, and the organisation data a rule needs (the placing authority of 成年后安置, the
/// institutions in a registrar's area). Never for a list shown to a user; use [`list_in_scope`].
pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<(Institution, Division)>> {
    list_in_scope(conn, &InstitutionScope::All)
}

/// Institutions in the scope, with their division, ordered by code.
pub fn list_in_scope(
    conn: &mut DbConn,
    scope: &InstitutionScope,
) -> QueryResult<Vec<(Institution, Division)>> {
    let mut q = institutions::table
        .inner_join(divisions::table)
        .select((Institution::as_select(), Division::as_select()))
        .order(institutions::code.asc())
        .into_boxed();
    if let InstitutionScope::Only(ids) = scope {
        q = q.filter(institutions::id.eq_any(ids.clone()));
    }
    q.load(conn)
}

/// One institution if it is in scope; `None` (→ 404) otherwise.
/// The institution that holds a record the caller has already been allowed to see (a child loaded in
/// scope, the user's own institution): no second scope check, and the name says why.
pub fn holding(conn: &mut DbConn, id: InstitutionId) -> QueryResult<Option<Institution>> {
    find_in_scope(conn, &InstitutionScope::All, id)
}

pub fn find_in_scope(
    conn: &mut DbConn,
    scope: &InstitutionScope,
    id: InstitutionId,
) -> QueryResult<Option<Institution>> {
    if !scope.contains(id) {
        return Ok(None);
    }
    crate::on_backend!(conn, |b| institutions::table
        .find(id)
        .select(Institution::as_select())
        .first(b)
        .optional())
}

pub fn by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Institution>> {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(Institution::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, f: &InstitutionFields, now: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(institutions::table)
        .values((
            f,
            institutions::version.eq(1),
            institutions::created_at.eq(now),
            institutions::updated_at.eq(now),
        ))
        .execute(conn)?;
    institutions::table
        .filter(institutions::code.eq(&f.code))
        .select(institutions::id)
        .first(conn)
}

/// Update carrying the version the editor saw; 0 rows means someone else changed it first.
pub fn update(
    conn: &mut DbConn,
    id: InstitutionId,
    version: i32,
    f: &InstitutionFields,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        institutions::table
            .find(id)
            .filter(institutions::version.eq(version)),
    )
    .set((
        f,
        institutions::version.eq(version + 1),
        institutions::updated_at.eq(now),
    ))
    .execute(conn)
}
