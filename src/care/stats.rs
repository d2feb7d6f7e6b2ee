//! Aggregate counts of the care module's own tables for the oversight dashboard (issue 17). What is
//! overdue for a child's care is computed per child by the daily pass (`care::service::due`) and counted
//! from its tasks (`crate::jobs::stats`); here only the plans' states.

use crate::db::schema::care_plans as cp;
use crate::db::DbConn;
use crate::org::InstitutionId;
use diesel::dsl::count_star;
use diesel::prelude::*;

/// Care plans per institution and state code (draft, submitted, returned, approved, superseded).
pub fn plans_by_state(conn: &mut DbConn) -> QueryResult<Vec<(InstitutionId, String, i64)>> {
    cp::table
        .group_by((cp::institution_id, cp::state))
        .select((cp::institution_id, cp::state, count_star()))
        .load(conn)
}
