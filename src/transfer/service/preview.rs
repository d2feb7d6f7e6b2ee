//! The receiving institution's read-only preview of a child's archive before the handover completes
//! (issue 4 point 2): key facts, every section's documents and entries, documents downloadable. Sections
//! under a restriction (e.g. adoption secrecy, 民法典 第1110条) stay hidden here — the purpose-stated
//! unlock belongs to the institution that holds the archive. Every view and download is audited.

//!
//! This file: who may preview and loading what one preview shows (the pages are in `handlers/preview.rs`).

use super::super::model::{Batch, TransferChild};
use super::super::rules::{BatchState, Side};
use crate::archive::{self, ChildView, Document};
use crate::db::schema::{institutions, transfer_children as tc};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::transfer::model::BatchId;
use diesel::prelude::*;

/// Whether this user may open previews of a batch in this state (the page link and the check agree).
/// Roles of the receiving side that may preview (issue 4: "the receiving institution's head and social
/// workers") are those with `PreviewIncomingChild` in the permission matrix.
pub fn may_preview(
    side: Option<Side>,
    user: &crate::auth::model::User,
    batch_state: BatchState,
) -> bool {
    side == Some(Side::Receiver)
        && user.can(crate::auth::Action::PreviewIncomingChild)
        && matches!(batch_state, BatchState::Submitted | BatchState::Accepted)
}

/// What one preview shows.
pub struct Loaded {
    pub batch: Batch,
    pub tc: TransferChild,
    /// The child's fields through the archive's one field-level rule (a restriction hides them too).
    pub child: ChildView,
    pub institution: String,
    pub docs: Vec<Document>,
    pub entries: Vec<archive::Entry>,
    pub hidden: Vec<String>,
}

/// The outcome of asking for a preview: the archive, or — once the handover is complete and the
/// receiver holds the archive — the archive's own address.
pub enum Found {
    Preview(Box<Loaded>),
    OwnArchive(crate::archive::ChildId),
}

/// Check that the user previews for the receiving side of an open (submitted or accepted) batch, then
/// load the child's archive. Anyone else: 404 outside the batch's sides, 403 on the wrong side or role.
pub fn load(conn: &mut DbConn, op: &Op<'_>, batch_id: BatchId, tcid: i64) -> AppResult<Found> {
    let batch = super::load(conn, op, batch_id)?;
    let kid: TransferChild = tc::table
        .find(tcid)
        .filter(tc::batch_id.eq(batch_id))
        .select(TransferChild::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let side = super::side_of(op, &batch);
    if side != Some(Side::Receiver) || !op.user.can(crate::auth::Action::PreviewIncomingChild) {
        return Err(AppError::Forbidden);
    }
    if kid.state == super::super::rules::HandoverState::Completed {
        return Ok(Found::OwnArchive(kid.child_id));
    }
    if !may_preview(side, op.user, batch.state) {
        return Err(AppError::NotFound);
    }
    let child = archive::load_for_law(conn, kid.child_id, archive::LawfulAccess::TransferPreview)?;
    let institution: String = institutions::table
        .find(child.institution_id)
        .select(institutions::name)
        .first(conn)?;
    // The receiver never opens the purpose-stated restricted view: that belongs to the holder.
    let access = archive::section_access(conn, child.id, &op.user.role, false)?;
    let docs = archive::documents(conn, child.id)?
        .into_iter()
        .filter(|d| !access.hides(&d.section))
        .collect();
    let entries = archive::entries(conn, child.id)?
        .into_iter()
        .filter(|e| !access.hides(&e.section))
        .collect();
    let hidden = access.hidden_sections();
    let child = archive::child_view(&child, &access, &op.user.role);
    Ok(Found::Preview(Box::new(Loaded {
        batch,
        tc: kid,
        child,
        institution,
        docs,
        entries,
        hidden,
    })))
}
