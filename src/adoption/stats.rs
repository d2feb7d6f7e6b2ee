//! Aggregate counts of the adoption module's own tables for the oversight dashboard (issue 17):
//! applications by outcome per placing institution.

use crate::db::schema::adoption_applications as aa;
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

/// Applications per placing institution and state code (received, integration, registered, refused),
/// counting those decided on or after `since` and every undecided one.
pub fn outcomes_since(
    conn: &mut DbConn,
    since: NaiveDate,
) -> QueryResult<Vec<(InstitutionId, String, i64)>> {
    aa::table
        .filter(aa::decided_on.is_null().or(aa::decided_on.ge(since)))
        .group_by((aa::placing_institution_id, aa::state))
        .select((aa::placing_institution_id, aa::state, count_star()))
        .load(conn)
}
