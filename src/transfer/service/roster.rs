//! A batch's children (名单): the children a county institution can still send, adding several in one
//! step (with the batch itself, all or nothing), and removing a child with a reason while the batch is
//! still the sender's to edit.

use super::refusal::Refused;
use super::{add_child, create, event, load, side_of};
use crate::archive::{ChildId, ChildSummary};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{transfer_batches as tb, transfer_children as tc, transfer_items as ti};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::transfer::model::{Batch, BatchId};
use crate::transfer::rules::{BatchState, HandoverState, Side};
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

/// Take a child out of a batch before the child's handover is completed, with the reason (recorded in
/// the batch's timeline, which both sides see, and the audit log); the child can then join another
/// transfer. While the batch is the sender's to edit (draft, returned) the sender's head or transfer
/// officer does it; once submitted or accepted, the head of either side (issue 10 point 13: a child who
/// has died, been adopted or been reclaimed must not hold the batch forever).
pub fn remove_child(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    tcid: i64,
    reason: &str,
) -> AppResult<()> {
    let b = load(conn, op, batch_id)?;
    let side = side_of(op, &b).ok_or(AppError::Forbidden)?;
    let allowed = match b.state {
        BatchState::Draft | BatchState::Returned => {
            side == Side::Sender && op.user.can(Action::SendTransfers)
        }
        BatchState::Submitted | BatchState::Accepted => op.user.can(Action::StopTransfer),
        _ => return Err(Refused::BatchLocked.error(op)),
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    if reason.trim().is_empty() {
        return Err(Refused::ReasonRequired.error(op));
    }
    crate::db::write_tx(conn, |c| take_out(c, op, &b, tcid, reason.trim()))
}

/// The child's open batch, as its reference (or `#id` for a draft without one), if any.
pub fn open_batch_of(conn: &mut DbConn, child: ChildId) -> QueryResult<Option<String>> {
    let row: Option<(BatchId, Option<String>)> = tc::table
        .inner_join(tb::table)
        .filter(tc::open_child_id.eq(child))
        .select((tb::id, tb::reference))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, r)| r.unwrap_or_else(|| format!("#{id}"))))
}

/// Discharge of the child (离院) with "also remove from the transfer" ticked: the archive's discharge
/// calls this through the registry (`crate::modules::CHILD_HOLDS`) inside its own transaction. The
/// archive has already checked that the user may discharge this child of their institution.
pub fn release_for_discharge(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    reason: &str,
) -> AppResult<()> {
    let row: Option<(i64, BatchId)> = tc::table
        .filter(tc::open_child_id.eq(child))
        .select((tc::id, tc::batch_id))
        .first(conn)
        .optional()?;
    let Some((tcid, batch_id)) = row else {
        return Ok(());
    };
    let b: Batch = tb::table
        .find(batch_id)
        .select(Batch::as_select())
        .first(conn)?;
    take_out(conn, op, &b, tcid, reason)
}

/// Delete the child's line and checklist from the batch (inside the caller's transaction). When the
/// batch was accepted and every remaining child is already handed over, the batch is complete.
fn take_out(c: &mut DbConn, op: &Op<'_>, b: &Batch, tcid: i64, reason: &str) -> AppResult<()> {
    let batch_id = b.id;
    let (child, state): (ChildId, HandoverState) = tc::table
        .find(tcid)
        .filter(tc::batch_id.eq(batch_id))
        .select((tc::child_id, tc::state))
        .first(c)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if state == HandoverState::Completed {
        return Err(Refused::ChildCompleted.error(op));
    }
    diesel::delete(ti::table.filter(ti::transfer_child_id.eq(tcid))).execute(c)?;
    diesel::delete(tc::table.find(tcid)).execute(c)?;
    event(
        c,
        batch_id,
        op,
        "remove_child",
        &format!("{child}: {reason}"),
    )?;
    audit::record(
        c,
        op.now,
        op.actor,
        &Event::ok("update", "transfer", batch_id).with_detail(format!("remove child {child}")),
    )?;
    let left: Vec<HandoverState> = tc::table
        .filter(tc::batch_id.eq(batch_id))
        .select(tc::state)
        .load(c)?;
    if b.state == BatchState::Accepted
        && !left.is_empty()
        && left.iter().all(|s| *s == HandoverState::Completed)
    {
        diesel::update(
            tb::table
                .find(batch_id)
                .filter(tb::state.eq(BatchState::Accepted)),
        )
        .set((
            tb::state.eq(BatchState::Completed),
            tb::updated_at.eq(op.now),
            tb::version.eq(tb::version + 1),
        ))
        .execute(c)?;
        event(c, batch_id, op, "completed", "")?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("status_change", "transfer", batch_id).with_detail("completed"),
        )?;
    } else if b.state != BatchState::Draft {
        // Both sides' version of the batch moves on, so a form opened before the removal is stale.
        diesel::update(tb::table.find(batch_id))
            .set((tb::updated_at.eq(op.now), tb::version.eq(tb::version + 1)))
            .execute(c)?;
    }
    crate::jobs::refresh(c, super::super::MODULE_NAME, op.today, op.now)?;
    Ok(())
}
