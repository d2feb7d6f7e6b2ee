//! The care module's public interface for other modules (issue 14 point 3): medication orders, which
//! the caregiver-shift module's medication rounds record administration against (MAR-01: only against an
//! active written order), and major events that bring a care plan's review forward (CARE-01: transfer,
//! foster placement), for the modules that cause them.

use crate::archive::ChildId;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::QueryResult;
use serde::Serialize;

/// A written medication order (医嘱).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MedicationOrder {
    pub id: i64,
    pub child_id: ChildId,
    pub drug: String,
    pub dose: String,
    pub route: String,
    /// Times of day, `HH:MM`, sorted; empty for a PRN-only order.
    pub times: Vec<String>,
    /// 必要时 (as needed): given on a caregiver's observation, never on a round.
    pub prn: bool,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    pub prescriber: String,
}

/// Whether an order is in force on `on`: started, not ended, not stopped.
fn in_force(o: &super::model::Order, on: NaiveDate) -> bool {
    o.stopped_at.is_none() && o.start_on <= on && o.end_on.is_none_or(|e| e >= on)
}

/// The orders of a child in force on `on` (MAR-01). The caller has loaded the child in the user's scope
/// (e.g. with `archive::load_in_scope`).
pub fn active_orders(
    c: &mut DbConn,
    child: ChildId,
    on: NaiveDate,
) -> QueryResult<Vec<MedicationOrder>> {
    Ok(super::model::orders_of(c, child)?
        .into_iter()
        .filter(|o| in_force(o, on))
        .map(|o| MedicationOrder {
            id: o.id,
            child_id: o.child_id,
            drug: o.drug,
            dose: o.dose,
            route: o.route,
            times: o
                .times
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            prn: o.prn,
            start_on: o.start_on,
            end_on: o.end_on,
            prescriber: o.prescriber,
        })
        .collect())
}

/// One order of a child if it is in force on `on` (a round refuses a dose against anything else).
pub fn order_in_force(
    c: &mut DbConn,
    child: ChildId,
    order_id: i64,
    on: NaiveDate,
) -> QueryResult<Option<MedicationOrder>> {
    Ok(active_orders(c, child, on)?
        .into_iter()
        .find(|o| o.id == order_id))
}

/// A major event that calls for a review of the child's care plan (CARE-01), recorded in the caller's
/// transaction by the module that causes it.
pub fn major_event(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    kind: super::model::EventKind,
    on: NaiveDate,
    note: &str,
) -> AppResult<()> {
    super::service::records::major_event(c, op, child, kind, on, note)
}
