//! Care operations. Each change is one write transaction with its audit row, and files an entry in the
//! child's archive section through `crate::archive::file_entry`; each read of a child's care records is
//! audited as a view. Children are reached only through `crate::archive`.

pub mod assessments;
pub mod due;
pub mod growth_review;
pub mod orders;
pub mod plans;
pub mod records;
pub mod refusal;
pub mod rehab;
pub mod school;
pub mod social;

pub use refusal::{CareResult, Failure, Field, Refusal, Refused};

use crate::archive::{Child, ChildId, ChildStatus};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use chrono::NaiveDate;

/// The child, if the user may do `action` (else 403) and sees the child (else 404).
pub fn child_for(
    c: &mut crate::db::DbConn,
    op: &Op<'_>,
    child: ChildId,
    action: Action,
) -> AppResult<Child> {
    if !op.user.can(action) {
        return Err(AppError::Forbidden);
    }
    crate::archive::load_in_scope(c, op.user, child)
}

/// A child whose care records are written: in care (active or in foster care), not discharged.
pub fn child_to_write(
    c: &mut crate::db::DbConn,
    op: &Op<'_>,
    child: ChildId,
    action: Action,
) -> CareResult<Child> {
    let k = child_for(c, op, child, action)?;
    if !matches!(k.status, ChildStatus::Active | ChildStatus::InFosterCare) {
        return Err(Refused::NotInCare.at(op, Field::Action).into());
    }
    Ok(k)
}

/// Collects refusals per field while a form is checked.
#[derive(Default)]
pub struct Check(pub Vec<Refusal>);

impl Check {
    pub fn push(&mut self, r: Refusal) {
        self.0.push(r);
    }
    /// Required text, trimmed, at most `max` characters.
    pub fn text(&mut self, op: &Op<'_>, field: Field, raw: &str, max: usize) -> String {
        let v = raw.trim();
        if v.is_empty() || v.chars().count() > max || v.chars().any(|c| c.is_control()) {
            self.push(Refused::Required.at(op, field));
        }
        v.to_string()
    }
    /// Optional text, trimmed, at most `max` characters.
    pub fn optional(&mut self, op: &Op<'_>, field: Field, raw: &str, max: usize) -> String {
        let v = raw.trim();
        if v.chars().count() > max || v.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
            self.push(Refused::Required.at(op, field));
        }
        v.to_string()
    }
    /// A date (YYYY-MM-DD) not after today (a thing that happened).
    pub fn past_date(&mut self, op: &Op<'_>, field: Field, raw: &str) -> NaiveDate {
        match parse_date(raw) {
            Some(d) if d <= op.today => d,
            _ => {
                self.push(Refused::BadDate.at(op, field));
                op.today
            }
        }
    }
    pub fn done<T>(self, v: T) -> CareResult<T> {
        if self.0.is_empty() {
            Ok(v)
        } else {
            Err(Failure::Refused(self.0))
        }
    }
}

pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

/// The policy values of the plan's review cycle for the child's institution, on `on` (CARE-01).
pub fn review_policy(
    c: &mut crate::db::DbConn,
    division: Option<i64>,
    on: NaiveDate,
) -> AppResult<super::rules::ReviewPolicy> {
    use crate::policy::keys;
    Ok(super::rules::ReviewPolicy {
        interval_months: crate::policy::int(c, keys::CARE_PLAN_REVIEW_MONTHS, division, on)?
            .clamp(1, 120) as u32,
        event_review_days: crate::policy::int(c, keys::CARE_EVENT_REVIEW_DAYS, division, on)?,
    })
}

/// The division of an institution (for policy values), through the organisation registry.
pub fn division_of(
    c: &mut crate::db::DbConn,
    institution: crate::org::InstitutionId,
) -> AppResult<Option<i64>> {
    Ok(crate::org::model::holding(c, institution)?.map(|i| i.division_id))
}

thread_local! {
    /// Set while demo data is written in bulk: the tasks are then opened once by the daily pass that
    /// runs after seeding, instead of after each of thousands of records.
    static BULK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f` as a bulk load (no task refresh per record).
pub fn bulk<T>(f: impl FnOnce() -> T) -> T {
    BULK.with(|b| b.set(true));
    let out = f();
    BULK.with(|b| b.set(false));
    out
}

/// Tasks raised by an event appear at once (ARCHITECTURE: the work queue): refresh the module's due
/// items inside the event's transaction, except during a bulk load.
pub fn refresh(c: &mut crate::db::DbConn, op: &Op<'_>) -> diesel::QueryResult<()> {
    if BULK.with(|b| b.get()) {
        return Ok(());
    }
    crate::jobs::refresh(c, crate::care::MODULE_NAME, op.today, op.now).map(|_| ())
}
