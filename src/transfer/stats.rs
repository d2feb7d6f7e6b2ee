//! Aggregate counts of the transfer module's own tables for the oversight dashboard (监督, issue 17):
//! COUNT / GROUP BY in SQL, never the batches themselves.

use super::rules::BatchState;
use crate::db::schema::{
    transfer_batches as tb, transfer_children as tc, transfer_deferrals as td,
};
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

/// Batches per sender, receiver and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchCount {
    pub sender: InstitutionId,
    pub receiver: InstitutionId,
    pub state: BatchState,
    pub n: i64,
    /// Of those, open batches whose planned date has passed (`rules::overdue`: open and today > planned).
    pub overdue: i64,
}

/// Every batch counted by sender, receiver and state, with the overdue ones on `today`.
pub fn batches(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<BatchCount>> {
    let all: Vec<(InstitutionId, InstitutionId, BatchState, i64)> = tb::table
        .group_by((
            tb::sender_institution_id,
            tb::receiver_institution_id,
            tb::state,
        ))
        .select((
            tb::sender_institution_id,
            tb::receiver_institution_id,
            tb::state,
            count_star(),
        ))
        .load(conn)?;
    let open: Vec<BatchState> = BatchState::ALL
        .iter()
        .copied()
        .filter(|s| s.is_open())
        .collect();
    let late: Vec<(InstitutionId, InstitutionId, BatchState, i64)> = tb::table
        .filter(tb::state.eq_any(open))
        .filter(tb::planned_date.lt(today))
        .group_by((
            tb::sender_institution_id,
            tb::receiver_institution_id,
            tb::state,
        ))
        .select((
            tb::sender_institution_id,
            tb::receiver_institution_id,
            tb::state,
            count_star(),
        ))
        .load(conn)?;
    Ok(all
        .into_iter()
        .map(|(sender, receiver, state, n)| BatchCount {
            sender,
            receiver,
            state,
            n,
            overdue: late
                .iter()
                .find(|l| l.0 == sender && l.1 == receiver && l.2 == state)
                .map_or(0, |l| l.3),
        })
        .collect())
}

/// Children counted as sent (in a submitted or accepted batch, still open for them): the oversight
/// report's rule (issue 10 point 12). Ids only — the archive counts the rest.
pub fn children_in_open_batches(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    tc::table
        .inner_join(tb::table)
        .filter(tc::open_child_id.is_not_null())
        .filter(tb::state.eq_any([BatchState::Submitted, BatchState::Accepted]))
        .select(tc::child_id)
        .load::<crate::archive::ChildId>(conn)
        .map(|v| v.into_iter().map(|c| c.0).collect())
}

/// Children whose transfer is deferred (an open deferral, seed 003 §3(1)).
pub fn deferred_children(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    td::table
        .filter(td::ended_at.is_null())
        .select(td::child_id)
        .load::<crate::archive::ChildId>(conn)
        .map(|v| v.into_iter().map(|c| c.0).collect())
}

/// The categories the oversight report treats as long-term guardianship (2018 list and the revision's
/// long-term grounds), as prefixes of the category code.
pub const LONG_TERM_PREFIXES: [&str; 2] = ["2018-", "lt-"];
