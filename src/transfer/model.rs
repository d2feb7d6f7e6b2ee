//! Rows of the transfer module.

use crate::db::schema::{transfer_batches, transfer_children, transfer_items};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = transfer_batches)]
pub struct Batch {
    pub id: i64,
    pub sender_institution_id: i64,
    pub receiver_institution_id: i64,
    pub receiver_reason: String,
    pub state: String,
    pub state_reason: String,
    pub planned_date: NaiveDate,
    pub template_version: i32,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = transfer_children)]
pub struct TransferChild {
    pub id: i64,
    pub batch_id: i64,
    pub child_id: i64,
    pub open_child_id: Option<i64>,
    pub state: String,
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
    pub completed_by: Option<i64>,
    pub version: i32,
}

impl TransferChild {
    pub fn state_key(&self) -> &'static str {
        if self.state == "completed" {
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
    pub state: String,
    pub sender_note: String,
    pub quantity: String,
    pub amount_fen: Option<i64>,
    pub receiver_note: String,
    pub updated_by: Option<i64>,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl Item {
    /// The label in the reader's language for built-in items; documents and lines an admin added keep the
    /// Chinese label copied when the checklist was made (the legal record).
    pub fn label_in(&self, tr: &crate::platform::Catalogue) -> String {
        super::rules::template::builtin_label(tr, &self.code).unwrap_or_else(|| self.label.clone())
    }

    /// Which buttons make sense for the item's state (the service checks again).
    pub fn can_hand_over(&self) -> bool {
        matches!(self.state.as_str(), "pending" | "discrepancy")
    }
    pub fn can_receive(&self) -> bool {
        matches!(self.state.as_str(), "handed-over" | "discrepancy")
    }
    pub fn can_dispute(&self) -> bool {
        self.state == "handed-over"
    }
    pub fn can_waive(&self) -> bool {
        matches!(
            self.state.as_str(),
            "pending" | "handed-over" | "discrepancy"
        )
    }
}

/// The children of a batch (or one of them) in order, each with the archive number and name the
/// archive gives (through its public interface).
pub fn children_with_names(
    conn: &mut DbConn,
    batch_id: i64,
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
    let ids: Vec<i64> = kids.iter().map(|k| k.child_id).collect();
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
