//! Aggregate counts of the adulthood module's own tables for the oversight dashboard (issue 17). Who
//! is due (the window before 18) is computed by the daily pass and counted from its tasks
//! (`crate::jobs::stats`); here the cases.

use crate::db::schema::adulthood_cases as ac;
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

/// Open cases (not discharged) per institution.
pub fn open_cases(conn: &mut DbConn) -> QueryResult<Vec<(InstitutionId, i64)>> {
    ac::table
        .filter(ac::discharged_on.is_null())
        .group_by(ac::institution_id)
        .select((ac::institution_id, count_star()))
        .load(conn)
}

/// Young people placed (discharged) on or after `since`, per institution and pathway code.
pub fn placed_since(
    conn: &mut DbConn,
    since: NaiveDate,
) -> QueryResult<Vec<(InstitutionId, String, i64)>> {
    ac::table
        .filter(ac::discharged_on.ge(since))
        .group_by((ac::institution_id, ac::placed_pathway))
        .select((ac::institution_id, ac::placed_pathway, count_star()))
        .load(conn)
}
