//! Rows and queries of the adoption tables (only this module names them).

use crate::db::schema::{adoption_applicants, adoption_applications, adoption_availability};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

crate::code_enum! {
    /// Where an application stands (收养登记申请).
    pub enum AppState {
        /// 已受理 — received; the review clock runs (ADP-16).
        Received = "received",
        /// 融合期 — the child lives with the applicants before the assessment report (ADP-22).
        Integration = "integration",
        /// 已登记 — registered; the adoption started on `decided_on` (ADP-14).
        Registered = "registered",
        /// 不予登记 — refused with reasons.
        Refused = "refused",
    }
}

/// A child marked available for adoption by the placing institution (送养).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = adoption_availability)]
pub struct Availability {
    pub id: i64,
    pub child_id: i64,
    pub institution_id: i64,
    pub category: String,
    pub basis: String,
    pub notice_start: Option<NaiveDate>,
    pub notice_medium: String,
    pub notice_result: String,
    pub trafficked: bool,
    pub entered_care: Option<NaiveDate>,
    pub police_certificate: Option<NaiveDate>,
    pub marked_by: i64,
    pub marked_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub version: i32,
}

/// An application for adoption registration, filed with a bureau.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = adoption_applications)]
pub struct Application {
    pub id: i64,
    pub bureau_id: i64,
    pub child_id: i64,
    pub placing_institution_id: i64,
    pub state: String,
    pub received_on: NaiveDate,
    pub married: bool,
    pub spouse_joins: bool,
    pub relation: String,
    pub child_consent: Option<bool>,
    pub prior_adoptions: i32,
    pub integration_start: Option<NaiveDate>,
    pub certificate_no: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub refusal_reasons: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl Application {
    pub fn state(&self) -> Option<AppState> {
        AppState::parse(&self.state)
    }
}

/// One applicant (收养人).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = adoption_applicants)]
pub struct ApplicantRow {
    pub id: i64,
    pub application_id: i64,
    pub name: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub children_count: i32,
    pub disqualifying_disease: bool,
    pub harmful_record: bool,
    pub able_to_raise: bool,
    pub overseas_chinese: bool,
    pub foreign_national: bool,
    pub attended: bool,
}

/// The open (not withdrawn) marking of a child, if any.
pub fn availability_of(c: &mut DbConn, child: i64) -> QueryResult<Option<Availability>> {
    adoption_availability::table
        .filter(adoption_availability::child_id.eq(child))
        .filter(adoption_availability::withdrawn_at.is_null())
        .order(adoption_availability::id.desc())
        .select(Availability::as_select())
        .first(c)
        .optional()
}

/// Open markings of the given institutions.
pub fn availability_at(c: &mut DbConn, institutions: &[i64]) -> QueryResult<Vec<Availability>> {
    adoption_availability::table
        .filter(adoption_availability::institution_id.eq_any(institutions))
        .filter(adoption_availability::withdrawn_at.is_null())
        .order(adoption_availability::id.asc())
        .select(Availability::as_select())
        .load(c)
}

pub fn application(c: &mut DbConn, id: i64) -> QueryResult<Option<Application>> {
    adoption_applications::table
        .find(id)
        .select(Application::as_select())
        .first(c)
        .optional()
}

/// Applications filed with these bureaus (registrar) or placing from these institutions (staff).
pub fn applications_where(
    c: &mut DbConn,
    bureaus: &[i64],
    placing: &[i64],
) -> QueryResult<Vec<Application>> {
    adoption_applications::table
        .filter(
            adoption_applications::bureau_id
                .eq_any(bureaus)
                .or(adoption_applications::placing_institution_id.eq_any(placing)),
        )
        .order(adoption_applications::id.desc())
        .select(Application::as_select())
        .load(c)
}

/// The latest application for a child (any state).
pub fn application_for_child(c: &mut DbConn, child: i64) -> QueryResult<Option<Application>> {
    adoption_applications::table
        .filter(adoption_applications::child_id.eq(child))
        .order(adoption_applications::id.desc())
        .select(Application::as_select())
        .first(c)
        .optional()
}

pub fn applicants(c: &mut DbConn, application: i64) -> QueryResult<Vec<ApplicantRow>> {
    adoption_applicants::table
        .filter(adoption_applicants::application_id.eq(application))
        .order(adoption_applicants::id.asc())
        .select(ApplicantRow::as_select())
        .load(c)
}

/// Applications still under review (received or in the integration period), every bureau.
pub fn open_applications(c: &mut DbConn) -> QueryResult<Vec<Application>> {
    adoption_applications::table
        .filter(
            adoption_applications::state
                .eq_any([AppState::Received.code(), AppState::Integration.code()]),
        )
        .order(adoption_applications::id.asc())
        .select(Application::as_select())
        .load(c)
}
