//! What the oversight module's 应退未退 comparison (issue 17 point 4; seed 002) needs of the archive, in
//! its own file so parallel work on the archive merges mechanically: for children named on filed
//! allowance rosters, the facts that stop an allowance — birth date (the 18th birthday), discharge
//! date and reason (adoption included). Unscoped: the caller (the oversight service, or its daily-pass
//! source) has checked that the rosters belong to institutions the user oversees.

use super::model::ChildId;
use crate::db::schema::children;
use crate::db::DbConn;
use chrono::NaiveDate;
use diesel::prelude::*;

/// One child's facts that stop an allowance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopFacts {
    pub id: ChildId,
    pub birth_date: NaiveDate,
    pub discharge_date: Option<NaiveDate>,
    /// The discharge reason code (`discharge.*`; `adopted` for an adoption).
    pub discharge_reason: Option<String>,
}

/// The stop facts of `ids` (children not found are left out).
pub fn allowance_stop_facts(conn: &mut DbConn, ids: &[ChildId]) -> QueryResult<Vec<StopFacts>> {
    let mut out = Vec::with_capacity(ids.len());
    // Bounded chunks: an IN list stays well under both backends' parameter limits.
    for chunk in ids.chunks(500) {
        let rows: Vec<(ChildId, NaiveDate, Option<NaiveDate>, Option<String>)> = children::table
            .filter(children::id.eq_any(chunk.to_vec()))
            .select((
                children::id,
                children::birth_date,
                children::discharge_date,
                children::discharge_reason,
            ))
            .load(conn)?;
        out.extend(
            rows.into_iter().map(
                |(id, birth_date, discharge_date, discharge_reason)| StopFacts {
                    id,
                    birth_date,
                    discharge_date,
                    discharge_reason,
                },
            ),
        );
    }
    Ok(out)
}
