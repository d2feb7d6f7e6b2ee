//! Aggregates of the incident register for oversight (issue 15 point 6, issue 17's incidents panel):
//! counts only, no names (STAT-04), scoped by a list of institution ids the caller has already
//! resolved from the user's scope. Staff-involved incidents are counted with the others — a number
//! names nobody.

use crate::db::schema::{shift_incidents as si, shift_reports as sr};
use crate::db::DbConn;
use crate::shift::rules::ReportState;
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

/// Incidents that happened in `[from, until)` by kind code (`rules::IncidentKind`), kinds with none
/// left out, in code order.
pub fn incidents_by_kind(
    c: &mut DbConn,
    institutions: &[i64],
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<(String, i64)>> {
    si::table
        .filter(si::institution_id.eq_any(institutions))
        .filter(si::occurred_at.ge(from))
        .filter(si::occurred_at.lt(until))
        .group_by(si::kind)
        .select((si::kind, count_star()))
        .order(si::kind.asc())
        .load(c)
}

/// Mandatory reports of incidents that happened in `[from, until)` by state at `now`
/// (`rules::report_state`: confirmed, sent, overdue = unsent past its deadline, pending), every state
/// listed (zero included), in the order of `ReportState::ALL`.
pub fn reports_by_state(
    c: &mut DbConn,
    institutions: &[i64],
    from: NaiveDateTime,
    until: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<Vec<(ReportState, i64)>> {
    let ids: Vec<i64> = si::table
        .filter(si::institution_id.eq_any(institutions))
        .filter(si::occurred_at.ge(from))
        .filter(si::occurred_at.lt(until))
        .select(si::id)
        .load(c)?;
    let confirmed: i64 = sr::table
        .filter(sr::incident_id.eq_any(&ids))
        .filter(sr::confirmed_at.is_not_null())
        .count()
        .get_result(c)?;
    let sent: i64 = sr::table
        .filter(sr::incident_id.eq_any(&ids))
        .filter(sr::sent_at.is_not_null())
        .filter(sr::confirmed_at.is_null())
        .count()
        .get_result(c)?;
    // The deadline minute itself is still on time (rules::report_state: overdue strictly after).
    let overdue: i64 = sr::table
        .filter(sr::incident_id.eq_any(&ids))
        .filter(sr::sent_at.is_null())
        .filter(sr::confirmed_at.is_null())
        .filter(sr::deadline_at.lt(now))
        .count()
        .get_result(c)?;
    let pending: i64 = sr::table
        .filter(sr::incident_id.eq_any(&ids))
        .filter(sr::sent_at.is_null())
        .filter(sr::confirmed_at.is_null())
        .filter(sr::deadline_at.ge(now))
        .count()
        .get_result(c)?;
    Ok(ReportState::ALL
        .iter()
        .map(|s| {
            let n = match s {
                ReportState::Pending => pending,
                ReportState::Overdue => overdue,
                ReportState::Sent => sent,
                ReportState::Confirmed => confirmed,
            };
            (*s, n)
        })
        .collect())
}
