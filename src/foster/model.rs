//! Rows and queries of the foster tables. Every read of a family goes through [`find_in_scope`] or
//! [`list_in_scope`]: a family belongs to one institution and is seen within the user's institution
//! scope only (another institution's family is a 404).

use super::rules::{Education, Relation};
use crate::auth::scope::InstitutionScope;
use crate::db::schema::{foster_families as ff, foster_members as fm};
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

crate::id_type! {
    /// A foster family's id (寄养家庭).
    pub struct FamilyId;
}

pub use super::rules::steps::Stage;

crate::code_enum! {
    /// 住房 — owned or rented residence.
    pub enum Residence {
        Owned = "owned",
        Rented = "rented",
    }
}

crate::code_enum! {
    /// 专业背景 — professional knowledge that ranks a family first (第8条 last paragraph, FOS-23).
    pub enum Professional {
        None = "none",
        SocialWork = "social_work",
        MedicalRehab = "medical_rehab",
        Psychology = "psychology",
        Education = "education",
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ff)]
pub struct Family {
    pub id: FamilyId,
    pub institution_id: InstitutionId,
    pub family_name: String,
    pub hukou_place: String,
    pub hukou_local: bool,
    pub residence_kind: Residence,
    pub fixed_residence: bool,
    /// The residence's living area in 0.01 m².
    pub area_dm2: i64,
    pub address: String,
    pub income_per_capita_yuan: i64,
    pub caregiver_name: String,
    pub caregiver_birth_date: NaiveDate,
    pub caregiver_education: Education,
    pub caregiver_healthy: bool,
    pub professional: Professional,
    pub volunteer: bool,
    pub phone: String,
    pub stage: Stage,
    pub stage_note: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    /// 社区康复训练条件 — rehabilitation services near the home (FOS-23, 第10条).
    pub near_rehab: bool,
    /// 特殊教育条件 — special education near the home (FOS-23, 第10条).
    pub near_special_education: bool,
    /// 医疗条件 — medical care near the home (FOS-23, 第10条).
    pub near_medical: bool,
}

impl Family {
    /// The services near the home, for the matching's ranking (FOS-23).
    pub fn services(&self) -> super::rules::matching::NearbyServices {
        super::rules::matching::NearbyServices {
            rehab: self.near_rehab,
            special_education: self.near_special_education,
            medical: self.near_medical,
        }
    }
}

/// The fields a user types for a family (already validated).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ff)]
pub struct FamilyFields {
    pub family_name: String,
    pub hukou_place: String,
    pub hukou_local: bool,
    pub residence_kind: Residence,
    pub fixed_residence: bool,
    pub area_dm2: i64,
    pub address: String,
    pub income_per_capita_yuan: i64,
    pub caregiver_name: String,
    pub caregiver_birth_date: NaiveDate,
    pub caregiver_education: Education,
    pub caregiver_healthy: bool,
    pub professional: Professional,
    pub volunteer: bool,
    pub phone: String,
    pub near_rehab: bool,
    pub near_special_education: bool,
    pub near_medical: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fm)]
pub struct MemberRow {
    pub id: i64,
    pub family_id: FamilyId,
    pub name: String,
    pub relation: Relation,
    pub birth_date: NaiveDate,
    pub health: String,
    pub education: Education,
    pub occupation: String,
    pub infectious_or_mental_illness: bool,
    pub criminal_record: bool,
    pub bad_habits: bool,
    pub consents: bool,
    pub created_at: NaiveDateTime,
}

/// A member as typed (already validated).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = fm)]
pub struct MemberFields {
    pub name: String,
    pub relation: Relation,
    pub birth_date: NaiveDate,
    pub health: String,
    pub education: Education,
    pub occupation: String,
    pub infectious_or_mental_illness: bool,
    pub criminal_record: bool,
    pub bad_habits: bool,
    pub consents: bool,
}

pub fn list_in_scope(conn: &mut DbConn, scope: &InstitutionScope) -> QueryResult<Vec<Family>> {
    let mut q = ff::table.select(Family::as_select()).into_boxed();
    if let InstitutionScope::Only(ids) = scope {
        q = q.filter(ff::institution_id.eq_any(ids.clone()));
    }
    q.order(ff::id.desc()).limit(500).load(conn)
}

/// One family if it is in scope; `None` (→ 404) otherwise.
pub fn find_in_scope(
    conn: &mut DbConn,
    scope: &InstitutionScope,
    id: FamilyId,
) -> QueryResult<Option<Family>> {
    let f: Option<Family> = ff::table
        .find(id)
        .select(Family::as_select())
        .first(conn)
        .optional()?;
    Ok(f.filter(|f| scope.contains(f.institution_id)))
}

pub fn members(conn: &mut DbConn, id: FamilyId) -> QueryResult<Vec<MemberRow>> {
    fm::table
        .filter(fm::family_id.eq(id))
        .order(fm::id.asc())
        .select(MemberRow::as_select())
        .load(conn)
}

pub fn insert(
    conn: &mut DbConn,
    institution: InstitutionId,
    f: &FamilyFields,
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<FamilyId> {
    diesel::insert_into(ff::table)
        .values((
            f,
            ff::institution_id.eq(institution),
            ff::stage.eq(Stage::Applied),
            ff::created_by.eq(by),
            ff::created_at.eq(now),
            ff::updated_at.eq(now),
        ))
        .returning(ff::id)
        .get_result(conn)
}

pub fn insert_member(
    conn: &mut DbConn,
    family: FamilyId,
    m: &MemberFields,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(fm::table)
        .values((m, fm::family_id.eq(family), fm::created_at.eq(now)))
        .returning(fm::id)
        .get_result(conn)
}
