//! Rows and queries of the adoption tables (only this module names them).

use crate::db::schema::{
    adoption_applicants, adoption_applications, adoption_assessment_entries, adoption_assessments,
    adoption_availability, adoption_visits,
};
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
        /// 已解除 — the registered adoption was dissolved by agreement (ADP-25, 民法典 第1114条).
        Dissolved = "dissolved",
        /// 已撤销 — the registration was revoked for fraud (登记办法 第12条).
        Revoked = "revoked",
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
    /// The day a dissolution (ADP-25) or revocation ended the adoption.
    pub ended_on: Option<NaiveDate>,
    pub end_reasons: String,
    /// The rules that failed on the refusal date (comma-separated ids; "other" when none did), for the
    /// statistics of refusals by reason.
    pub refusal_rules: String,
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

/// An assessment (收养评估, ADP-19…ADP-24) of an application.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = adoption_assessments)]
pub struct AssessmentRow {
    pub id: i64,
    pub application_id: i64,
    pub mode: String,
    /// One assessor per line.
    pub assessors: String,
    pub agency: String,
    pub agreement_ref: String,
    pub started_on: NaiveDate,
    pub conclusion: Option<String>,
    pub reasons: String,
    pub reported_on: Option<NaiveDate>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub version: i32,
}

/// A finding on a content item (`kind` "item") or a red flag (`kind` "flag").
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = adoption_assessment_entries)]
pub struct EntryRow {
    pub id: i64,
    pub assessment_id: i64,
    pub kind: String,
    pub code: String,
    pub note: String,
}

/// A visit: of the integration period (`kind` "integration") or after the adoption ("follow_up").
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = adoption_visits)]
pub struct VisitRow {
    pub id: i64,
    pub application_id: i64,
    pub kind: String,
    pub visited_on: NaiveDate,
    pub visitor: String,
    pub notes: String,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn assessment_of(c: &mut DbConn, application: i64) -> QueryResult<Option<AssessmentRow>> {
    adoption_assessments::table
        .filter(adoption_assessments::application_id.eq(application))
        .select(AssessmentRow::as_select())
        .first(c)
        .optional()
}

pub fn assessment_entries(c: &mut DbConn, assessment: i64) -> QueryResult<Vec<EntryRow>> {
    adoption_assessment_entries::table
        .filter(adoption_assessment_entries::assessment_id.eq(assessment))
        .order(adoption_assessment_entries::id.asc())
        .select(EntryRow::as_select())
        .load(c)
}

/// Assessments started and not yet reported, every bureau (for the report deadline task, ADP-23).
pub fn unreported_assessments(c: &mut DbConn) -> QueryResult<Vec<AssessmentRow>> {
    adoption_assessments::table
        .filter(adoption_assessments::reported_on.is_null())
        .order(adoption_assessments::id.asc())
        .select(AssessmentRow::as_select())
        .load(c)
}

pub fn visits(c: &mut DbConn, application: i64, kind: &str) -> QueryResult<Vec<VisitRow>> {
    adoption_visits::table
        .filter(adoption_visits::application_id.eq(application))
        .filter(adoption_visits::kind.eq(kind))
        .order((adoption_visits::visited_on.asc(), adoption_visits::id.asc()))
        .select(VisitRow::as_select())
        .load(c)
}

/// Registered adoptions (not dissolved or revoked), every bureau (for the follow-up visit task).
pub fn registered_applications(c: &mut DbConn) -> QueryResult<Vec<Application>> {
    adoption_applications::table
        .filter(adoption_applications::state.eq(AppState::Registered.code()))
        .order(adoption_applications::id.asc())
        .select(Application::as_select())
        .load(c)
}

pub fn marking(c: &mut DbConn, id: i64) -> QueryResult<Option<Availability>> {
    adoption_availability::table
        .find(id)
        .select(Availability::as_select())
        .first(c)
        .optional()
}
