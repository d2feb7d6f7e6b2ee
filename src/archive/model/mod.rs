//! Rows and queries of the archive. Every query of children goes through a scope (`InstitutionScope`).
//!
//! This file holds the child row, the typed fields, the intake facts and their queries; `search` the
//! list filters and search, `records` documents, history changes and section entries, `access`
//! restriction kinds and borrowing requests, `notices` what the archive asks someone to act on.

mod access;
pub mod archive_no_terms;
pub mod name_chars;
mod notices;
mod records;
mod search;

pub use access::*;
pub use notices::*;
pub use records::*;
pub use search::*;

use crate::auth::scope::InstitutionScope;
use crate::db::schema::{archive_sequences, children};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

crate::id_type! {
    /// A child's id (儿童档案的内部编号); the archive number is what people read.
    pub struct ChildId;
}

crate::code_enum! {
    /// The statuses a child's record can be in (儿童状态).
    pub enum ChildStatus {
        /// 在院 — in the institution's care.
        Active = "active",
        /// 已离院 — discharged; the archive is sealed read-only.
        Discharged = "discharged",
        /// 家庭寄养中 — placed with a foster family; the institution remains the guardian.
        InFosterCare = "in-foster-care",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = children)]
pub struct Child {
    pub id: ChildId,
    pub archive_no: String,
    pub institution_id: crate::org::InstitutionId,
    pub status: ChildStatus,
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
    pub admitted_by: crate::auth::UserId,
    pub responsible_user_id: Option<crate::auth::UserId>,
    pub discharge_date: Option<NaiveDate>,
    pub discharge_reason: Option<String>,
    pub discharge_note: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// School data (学籍): the school, the grade and the national student registration number (学籍号).
    pub school_name: String,
    pub school_grade: String,
    pub xueji_no: String,
}

impl Child {
    pub fn is_discharged(&self) -> bool {
        self.status == ChildStatus::Discharged
    }
    /// Catalogue key of the status label.
    pub fn status_key(&self) -> &'static str {
        match self.status {
            ChildStatus::Discharged => "status.discharged",
            ChildStatus::InFosterCare => "status.in-foster-care",
            ChildStatus::Active => "status.active",
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
    pub school_name: String,
    pub school_grade: String,
    pub xueji_no: String,
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
            ("school_name", self.school_name.clone()),
            ("school_grade", self.school_grade.clone()),
            ("xueji_no", self.xueji_no.clone()),
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
            school_name: c.school_name.clone(),
            school_grade: c.school_grade.clone(),
            xueji_no: c.xueji_no.clone(),
        }
    }
}

/// The intake-only facts (fixed at admission).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = children)]
pub struct IntakeFacts {
    pub archive_no: String,
    pub institution_id: crate::org::InstitutionId,
    pub status: ChildStatus,
    pub intake_category: String,
    pub archive_class: String,
    pub case_type: String,
    pub intake_date: NaiveDate,
    pub admitted_by: crate::auth::UserId,
    pub responsible_user_id: Option<crate::auth::UserId>,
    pub discharge_note: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Next archive number for an institution and year: `CODE-YYYY-NNNNN`, unique for life (ARC-01).
/// Runs inside the intake transaction so a failed intake uses no number.
pub fn next_archive_no(
    conn: &mut DbConn,
    institution_id: crate::org::InstitutionId,
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
) -> QueryResult<ChildId> {
    diesel::insert_into(children::table)
        .values((facts, fields))
        .execute(conn)?;
    let id = children::table
        .filter(children::archive_no.eq(&facts.archive_no))
        .select(children::id)
        .first(conn)?;
    name_chars::reindex(conn, id)?;
    Ok(id)
}

/// A child if visible under the scope; `None` (→ 404) otherwise.
pub fn find_in_scope(
    conn: &mut DbConn,
    scope: &InstitutionScope,
    id: ChildId,
) -> QueryResult<Option<Child>> {
    // `get_result`, not `first`: a bound LIMIT makes SQLite (3.53) re-prepare the statement on every
    // execution (see crate::db::one); the primary key gives at most one row anyway.
    // On the backend's own connection: no SQL text written per read (crate::on_backend).
    let c: Option<Child> = crate::on_backend!(conn, |b| children::table
        .find(id)
        .select(Child::as_select())
        .get_result(b)
        .optional())?;
    Ok(c.filter(|c| scope.contains(c.institution_id)))
}
