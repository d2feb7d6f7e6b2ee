//! A batch's children (名单): the children a county institution can still send, adding several in one
//! step (with the batch itself, all or nothing), and removing a child with a reason while the batch is
//! still the sender's to edit.

use super::refusal::Refused;
use super::{add_child, create, event, load, side_of};
use crate::archive::{ChildId, ChildSummary};
use crate::audit::{self, Event};
use crate::db::schema::{transfer_children as tc, transfer_items as ti};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::transfer::model::BatchId;
use crate::transfer::rules::Side;
use chrono::NaiveDate;
use diesel::prelude::*;

/// The sender's active children that are in no open transfer (the only ones that can be added), the
/// newest intake first; `q` narrows by name, pinyin initials or archive number.
pub fn candidates(conn: &mut DbConn, op: &Op<'_>, q: &str) -> AppResult<Vec<ChildSummary>> {
    let Some(inst) = op.user.institution_id else {
        return Ok(vec![]);
    };
    let busy: Vec<ChildId> = tc::table
        .filter(tc::open_child_id.is_not_null())
        .select(tc::child_id)
        .load(conn)?;
    let q = q.trim().to_lowercase();
    Ok(crate::archive::active_children(conn, &[inst], 2000)?
        .into_iter()
        .filter(|k| !busy.contains(&k.id))
        .filter(|k| {
            q.is_empty()
                || k.legal_name.contains(&q)
                || k.archive_no.to_lowercase().contains(&q)
                || {
                    let (full, initials) = crate::archive::names::pinyin_forms(&k.legal_name);
                    full.contains(&q) || initials.contains(&q)
                }
        })
        .collect())
}

/// Create a draft and add these children in one transaction: either the batch exists with all of them,
/// or nothing was written.
pub fn create_with_children(
    conn: &mut DbConn,
    op: &Op<'_>,
    receiver: Option<crate::org::InstitutionId>,
    reason: &str,
    planned: NaiveDate,
    children: &[ChildId],
) -> AppResult<BatchId> {
    crate::db::write_tx(conn, |c| {
        let id = create(c, op, receiver, reason, planned)?;
        for child in children {
            add_child(c, op, id, *child)?;
        }
        Ok(id)
    })
}

/// Add several children to a draft (or returned) batch, all or nothing.
pub fn add_children(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    children: &[ChildId],
) -> AppResult<usize> {
    crate::db::write_tx(conn, |c| {
        for child in children {
            add_child(c, op, batch_id, *child)?;
        }
        Ok(children.len())
    })
}

/// Take a child out of a batch the sender is still editing, with the reason (recorded in the batch's
/// timeline and the audit log); the child can then join another transfer.
pub fn remove_child(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    tcid: i64,
    reason: &str,
) -> AppResult<()> {
    let b = load(conn, op, batch_id)?;
    if side_of(op, &b) != Some(Side::Sender) {
        return Err(AppError::Forbidden);
    }
    if !b.is_editable() {
        return Err(Refused::BatchLocked.error(op));
    }
    if reason.trim().is_empty() {
        return Err(Refused::ReasonRequired.error(op));
    }
    crate::db::write_tx(conn, |c| {
        let child: ChildId = tc::table
            .find(tcid)
            .filter(tc::batch_id.eq(batch_id))
            .select(tc::child_id)
            .first(c)
            .optional()?
            .ok_or(AppError::NotFound)?;
        diesel::delete(ti::table.filter(ti::transfer_child_id.eq(tcid))).execute(c)?;
        diesel::delete(tc::table.find(tcid)).execute(c)?;
        event(
            c,
            batch_id,
            op,
            "remove_child",
            &format!("{child}: {}", reason.trim()),
        )?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "transfer", batch_id).with_detail(format!("remove child {child}")),
        )?;
        Ok(())
    })
}
