//! Rows of the transfer module.

use super::rules::{BatchState, HandoverState, ItemState};
use crate::archive::ChildId;
use crate::db::schema::{transfer_batches, transfer_children, transfer_items};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

crate::id_type! {
    /// A transfer batch's id (移交批次).
    pub struct BatchId;
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = transfer_batches)]
pub struct Batch {
    pub id: BatchId,
    pub sender_institution_id: crate::org::InstitutionId,
    pub receiver_institution_id: crate::org::InstitutionId,
    pub receiver_reason: String,
    pub state: BatchState,
    pub state_reason: String,
    pub planned_date: NaiveDate,
    pub template_version: i32,
    pub created_by: crate::auth::UserId,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    /// The formal reference number (农安移〔2026〕1号), given on first submission (service/reference.rs).
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = transfer_children)]
pub struct TransferChild {
    pub id: i64,
    pub batch_id: BatchId,
    pub child_id: ChildId,
    pub open_child_id: Option<ChildId>,
    pub state: HandoverState,
    pub adaptation_plan: String,
    pub special_needs: String,
    pub sibling_note: String,
    pub child_opinion: String,
    pub hukou_moved: Option<bool>,
    pub hukou_new_place: String,
    pub hukou_keep_reason: String,
    pub new_school: String,
    pub allowance_from_month: String,
    pub completed_at: Option<NaiveDateTime>,
    pub completed_by: Option<crate::auth::UserId>,
    pub version: i32,
    /// Hukou moved (户随人走): when the receiving side confirmed the registration at its police station.
    pub hukou_confirmed_on: Option<chrono::NaiveDate>,
    /// The police station or the registration's reference, as confirmed.
    pub hukou_confirmed_ref: String,
}

impl Batch {
    /// The sender may still add or remove children (a draft, or a batch returned to them).
    pub fn is_editable(&self) -> bool {
        matches!(self.state, BatchState::Draft | BatchState::Returned)
    }
}

impl TransferChild {
    /// Completed with the hukou moved and not yet confirmed as registered (户口迁入待确认).
    pub fn hukou_to_confirm(&self) -> bool {
        self.state == HandoverState::Completed
            && self.hukou_moved == Some(true)
            && self.hukou_confirmed_on.is_none()
    }
    pub fn is_pending(&self) -> bool {
        self.state == HandoverState::Pending
    }
    pub fn state_key(&self) -> &'static str {
        if self.state == HandoverState::Completed {
            "transfer.child.completed"
        } else {
            "transfer.child.pending"
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = transfer_items)]
pub struct Item {
    pub id: i64,
    pub transfer_child_id: i64,
    pub code: String,
    pub label: String,
    pub mandatory: bool,
    pub document_id: Option<i64>,
    pub state: ItemState,
    pub sender_note: String,
    pub quantity: String,
    pub amount_fen: Option<i64>,
    pub receiver_note: String,
    pub updated_by: Option<crate::auth::UserId>,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    /// The custody line only: the ledger balance (代管财产账面余额) the counted amount was reconciled with.
    pub ledger_fen: Option<i64>,
}

impl Item {
    /// The label in the reader's language for built-in items; documents and lines an admin added keep the
    /// Chinese label copied when the checklist was made (the legal record).
    pub fn label_in(&self, tr: &crate::platform::Catalogue) -> String {
        super::rules::template::builtin_label(tr, &self.code).unwrap_or_else(|| self.label.clone())
    }

    /// Which buttons make sense for the item's state (the service checks again).
    pub fn can_hand_over(&self) -> bool {
        matches!(self.state, ItemState::Pending | ItemState::Discrepancy)
    }
    pub fn can_receive(&self) -> bool {
        matches!(self.state, ItemState::HandedOver | ItemState::Discrepancy)
    }
    pub fn can_dispute(&self) -> bool {
        self.state == ItemState::HandedOver
    }
    pub fn can_waive(&self) -> bool {
        super::rules::waivable(&self.code)
            && matches!(
                self.state,
                ItemState::Pending | ItemState::HandedOver | ItemState::Discrepancy
            )
    }
}

/// A batch waiting on someone: submitted (the receiver decides), accepted (the handover is under way)
/// or returned (the sender revises). The daily pass and the oversight page read the same list.
pub struct WaitingBatch {
    pub id: BatchId,
    pub sender: crate::org::InstitutionId,
    pub receiver: crate::org::InstitutionId,
    pub state: BatchState,
    pub planned: NaiveDate,
}

pub fn waiting_batches(conn: &mut DbConn) -> QueryResult<Vec<WaitingBatch>> {
    use transfer_batches as tb;
    let rows: Vec<(
        BatchId,
        crate::org::InstitutionId,
        crate::org::InstitutionId,
        BatchState,
        NaiveDate,
    )> = tb::table
        .filter(tb::state.eq_any([
            BatchState::Submitted,
            BatchState::Accepted,
            BatchState::Returned,
            // A draft past its planned date is overdue too (issue 10 point 12): the daily pass reminds
            // the sender, and the oversight report lists it.
            BatchState::Draft,
        ]))
        .select((
            tb::id,
            tb::sender_institution_id,
            tb::receiver_institution_id,
            tb::state,
            tb::planned_date,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, sender, receiver, state, planned)| WaitingBatch {
            id,
            sender,
            receiver,
            state,
            planned,
        })
        .collect())
}

/// Draft batches as (id, sender, created at), for the oversight report's stale drafts.
pub fn drafts(
    conn: &mut DbConn,
) -> QueryResult<Vec<(BatchId, crate::org::InstitutionId, NaiveDateTime)>> {
    use transfer_batches as tb;
    tb::table
        .filter(tb::state.eq(BatchState::Draft))
        .select((tb::id, tb::sender_institution_id, tb::created_at))
        .load(conn)
}

/// Per child of a batch: checklist items done (received or waived) and all items.
pub fn item_progress(conn: &mut DbConn, batch_id: BatchId) -> QueryResult<Vec<(i64, i64, i64)>> {
    let rows: Vec<(i64, ItemState)> = transfer_items::table
        .inner_join(transfer_children::table)
        .filter(transfer_children::batch_id.eq(batch_id))
        .select((transfer_items::transfer_child_id, transfer_items::state))
        .load(conn)?;
    let mut out: Vec<(i64, i64, i64)> = Vec::new();
    for (tc, state) in rows {
        let done = i64::from(matches!(state, ItemState::Received | ItemState::Waived));
        match out.iter_mut().find(|(t, _, _)| *t == tc) {
            Some(line) => {
                line.1 += done;
                line.2 += 1;
            }
            None => out.push((tc, done, 1)),
        }
    }
    Ok(out)
}

/// The children of a batch (or one of them) in order, each with the archive number and name the
/// archive gives (through its public interface).
pub fn children_with_names(
    conn: &mut DbConn,
    batch_id: BatchId,
    only: Option<i64>,
) -> QueryResult<Vec<(TransferChild, String, String)>> {
    let mut q = transfer_children::table
        .filter(transfer_children::batch_id.eq(batch_id))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(transfer_children::id.eq(id));
    }
    let kids: Vec<TransferChild> = q
        .order(transfer_children::id.asc())
        .select(TransferChild::as_select())
        .load(conn)?;
    let ids: Vec<crate::archive::ChildId> = kids.iter().map(|k| k.child_id).collect();
    let names = crate::archive::summaries(conn, &ids)?;
    Ok(kids
        .into_iter()
        .map(|k| {
            let (no, name) = crate::archive::summary_of(&names, k.child_id)
                .map(|s| (s.archive_no.clone(), s.legal_name.clone()))
                .unwrap_or_default();
            (k, no, name)
        })
        .collect())
}
