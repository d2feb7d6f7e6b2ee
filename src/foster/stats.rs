//! Aggregate counts of the foster module's own tables for the oversight dashboard (issue 17).

use crate::db::schema::foster_placements as fp;
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

/// Open placements (家庭寄养中: not ended) per placing institution.
pub fn open_placements(conn: &mut DbConn) -> QueryResult<Vec<(InstitutionId, i64)>> {
    fp::table
        .filter(fp::ended_on.is_null())
        .group_by(fp::institution_id)
        .select((fp::institution_id, count_star()))
        .load(conn)
}

/// Placements that ended on or after `since`, per institution.
pub fn ended_since(conn: &mut DbConn, since: NaiveDate) -> QueryResult<Vec<(InstitutionId, i64)>> {
    fp::table
        .filter(fp::ended_on.ge(since))
        .group_by(fp::institution_id)
        .select((fp::institution_id, count_star()))
        .load(conn)
}
