//! What the oversight module (issue 17 point 3) reads of the transfer module: the living allowance
//! switch month (基本生活费转入月份, TRF-03) of each completed handover. Kept in its own file so parallel
//! work on the transfer module merges mechanically; reached as `crate::transfer::interface_oversight`.

use super::rules::HandoverState;
use crate::archive::ChildId;
use crate::db::schema::{transfer_batches as tb, transfer_children as tc};
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// A completed handover of a child and the month the allowance switches to the receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowanceSwitch {
    pub child_id: ChildId,
    pub from: InstitutionId,
    pub to: InstitutionId,
    /// The day the receiving head completed the handover (the child moved that day).
    pub completed_on: NaiveDate,
    /// The first day of the month from which the receiver pays (the plan's `allowance_from_month`;
    /// completion refuses a missing or earlier month, so an unreadable value — from before that
    /// check — falls back to the completion month).
    pub month: NaiveDate,
}

/// The completed handovers of these children, oldest first.
pub fn allowance_switches(
    conn: &mut DbConn,
    children: &[ChildId],
) -> QueryResult<Vec<AllowanceSwitch>> {
    let rows: Vec<(
        ChildId,
        InstitutionId,
        InstitutionId,
        Option<NaiveDateTime>,
        String,
    )> = tc::table
        .inner_join(tb::table)
        .filter(tc::child_id.eq_any(children.to_vec()))
        .filter(tc::state.eq(HandoverState::Completed))
        .order((tc::completed_at.asc(), tc::id.asc()))
        .select((
            tc::child_id,
            tb::sender_institution_id,
            tb::receiver_institution_id,
            tc::completed_at,
            tc::allowance_from_month,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(child_id, from, to, at, month)| {
            let completed_on = at?.date();
            let first = |d: NaiveDate| d.with_day0(0).unwrap_or(d);
            let month = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
                .unwrap_or_else(|_| first(completed_on));
            Some(AllowanceSwitch {
                child_id,
                from,
                to,
                completed_on,
                month,
            })
        })
        .collect())
}

use chrono::Datelike;
