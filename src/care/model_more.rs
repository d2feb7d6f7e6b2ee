//! Rows of the second part of the care records (issue 14 points 4–6): rehabilitation sessions, targets
//! and assistive devices; school placements, term results and individual education goals; social work.
//! Every query takes a child id the service has already loaded in the user's scope (or the daily pass's
//! list of children in care).

use crate::archive::ChildId;
use crate::auth::UserId;
use crate::db::schema::{
    care_devices as dv, care_rehab_sessions as rs, care_rehab_targets as rt, care_school as sc,
    care_school_records as sr, care_social as so,
};
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

crate::code_enum! {
    /// Where a child goes to school (就学安置).
    pub enum PlacementKind {
        /// 幼儿园
        Kindergarten = "kindergarten",
        /// 普通学校（含随班就读）
        Regular = "regular",
        /// 特殊教育学校
        Special = "special",
        /// 送教上门 — teaching sent to the child
        Home = "home",
        /// 未就学
        None = "none",
    }
}

impl PlacementKind {
    /// Whether the placement counts as being in school (EDU-02).
    pub fn in_school(self) -> bool {
        self != PlacementKind::None
    }
}

crate::code_enum! {
    /// A school record: a term's results or an individual education goal (IEP, 个别化教育目标).
    pub enum SchoolRecordKind {
        Term = "term",
        Iep = "iep",
    }
}

crate::code_enum! {
    /// A social-work record (社会工作).
    pub enum SocialKind {
        /// 个案记录 — case note (type, summary, follow-up)
        CaseNote = "case_note",
        /// 心理辅导 — counselling session
        Counselling = "counselling",
        /// 寻亲 — family tracing effort
        Tracing = "tracing",
        /// 亲属探望 — a relative's visit or contact
        Visit = "visit",
        /// 儿童心愿 — the child's own wishes, in the child's words
        Wishes = "wishes",
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = rs)]
pub struct RehabSession {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub therapist: String,
    pub held_on: NaiveDate,
    pub minutes: i32,
    pub activity: String,
    pub progress: String,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = rt)]
pub struct RehabTarget {
    pub id: i64,
    pub child_id: ChildId,
    pub monthly_minutes: i32,
    pub from_on: NaiveDate,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = dv)]
pub struct Device {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub device: String,
    pub size: String,
    pub issued_on: NaiveDate,
    pub next_check_on: Option<NaiveDate>,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = sc)]
pub struct Placement {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub kind: PlacementKind,
    pub school: String,
    pub grade: String,
    pub xueji_no: String,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = sr)]
pub struct SchoolRecord {
    pub id: i64,
    pub child_id: ChildId,
    pub kind: SchoolRecordKind,
    pub label: String,
    pub body: String,
    pub on_date: NaiveDate,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = so)]
pub struct Social {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: InstitutionId,
    pub kind: SocialKind,
    pub held_on: NaiveDate,
    pub summary: String,
    pub follow_up: String,
    pub recorded_by: UserId,
    pub recorded_at: NaiveDateTime,
}

pub fn sessions_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<RehabSession>> {
    crate::on_backend!(c, |b| {
        rs::table
            .filter(rs::child_id.eq(child))
            .order((rs::held_on.desc(), rs::id.desc()))
            .select(RehabSession::as_select())
            .load(b)
    })
}

pub fn targets_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<RehabTarget>> {
    crate::on_backend!(c, |b| {
        rt::table
            .filter(rt::child_id.eq(child))
            .order(rt::id.asc())
            .select(RehabTarget::as_select())
            .load(b)
    })
}

pub fn devices_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Device>> {
    crate::on_backend!(c, |b| {
        dv::table
            .filter(dv::child_id.eq(child))
            .order(dv::id.desc())
            .select(Device::as_select())
            .load(b)
    })
}

pub fn placements_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Placement>> {
    crate::on_backend!(c, |b| {
        sc::table
            .filter(sc::child_id.eq(child))
            .order((sc::start_on.desc(), sc::id.desc()))
            .select(Placement::as_select())
            .load(b)
    })
}

/// The placements of many children (the 控辍保学 list and the yearly report).
pub fn placements_of_all(c: &mut DbConn, children: &[ChildId]) -> QueryResult<Vec<Placement>> {
    let mut out = Vec::new();
    for chunk in children.chunks(500) {
        out.extend(
            sc::table
                .filter(sc::child_id.eq_any(chunk))
                .order((sc::start_on.desc(), sc::id.desc()))
                .select(Placement::as_select())
                .load(c)?,
        );
    }
    Ok(out)
}

pub fn school_records_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<SchoolRecord>> {
    crate::on_backend!(c, |b| {
        sr::table
            .filter(sr::child_id.eq(child))
            .order((sr::on_date.desc(), sr::id.desc()))
            .select(SchoolRecord::as_select())
            .load(b)
    })
}

pub fn social_of(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<Social>> {
    crate::on_backend!(c, |b| {
        so::table
            .filter(so::child_id.eq(child))
            .order((so::held_on.desc(), so::id.desc()))
            .select(Social::as_select())
            .load(b)
    })
}

/// The WHO 2006 second view of a growth check (GRW-01/03; `rules::who2006`), z-scores ×100.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = crate::db::schema::care_growth_who2006)]
pub struct Who2006 {
    pub growth_id: i64,
    pub standard: String,
    pub standard_version: String,
    pub wfa_z100: Option<i32>,
    pub lhfa_z100: Option<i32>,
    pub hcfa_z100: Option<i32>,
    pub bmi_z100: Option<i32>,
    pub wfl_z100: Option<i32>,
}

/// Stores the second view of growth check `growth_id` (nothing when the view is empty: over 60 months).
pub fn insert_who2006(
    c: &mut DbConn,
    growth_id: i64,
    v: &crate::care::rules::who2006::View,
) -> QueryResult<()> {
    use crate::care::rules::who2006::{STANDARD, VERSION};
    use crate::db::schema::care_growth_who2006 as w;
    if v.is_empty() {
        return Ok(());
    }
    let z100 = |z: Option<f64>| z.map(|z| (z * 100.0).round() as i32);
    diesel::insert_into(w::table)
        .values((
            w::growth_id.eq(growth_id),
            w::standard.eq(STANDARD),
            w::standard_version.eq(VERSION),
            w::wfa_z100.eq(z100(v.wfa)),
            w::lhfa_z100.eq(z100(v.lhfa)),
            w::hcfa_z100.eq(z100(v.hcfa)),
            w::bmi_z100.eq(z100(v.bmi)),
            w::wfl_z100.eq(z100(v.wfl)),
        ))
        .execute(c)?;
    Ok(())
}

/// The second views of the given growth checks.
pub fn who2006_of(c: &mut DbConn, growth_ids: &[i64]) -> QueryResult<Vec<Who2006>> {
    use crate::db::schema::care_growth_who2006 as w;
    w::table
        .filter(w::growth_id.eq_any(growth_ids))
        .select(Who2006::as_select())
        .load(c)
}
