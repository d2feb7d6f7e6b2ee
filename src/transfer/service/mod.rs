//! Transfer operations, each one write transaction with its audit rows, events, mail and checks.
//! Races are settled in the database: every state change says `WHERE state = <seen> AND version = <seen>`,
//! and a child can be in one open transfer only (`open_child_id` is unique).
//!
//! By topic: this file holds loading, listing, creating a batch, adding a child and the batch actions;
//! `items` the checklist items and the per-child plan, `completion` completing a child's handover,
//! `checklist` the checklist templates in the database and each child's checklist, `preview` the
//! receiver's archive preview, `oversight` the supervisor's report.

pub mod checklist;
mod completion;
pub mod deferral;
mod items;
pub mod oversight;
pub mod preview;
pub mod reference;
pub mod refusal;
pub mod roster;
pub use refusal::{Field, Refused};

pub use completion::{complete_child, confirm_hukou, HukouConfirmation};
pub use items::*;

use super::model::{Batch, TransferChild};
use super::rules::{self, BatchAction, BatchState, HandoverState, ItemState, Side};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{
    institutions, transfer_batches as tb, transfer_children as tc, transfer_events,
    transfer_items as ti, users,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::transfer::model::BatchId;
use chrono::NaiveDate;
use diesel::prelude::*;

pub(super) fn event(
    conn: &mut DbConn,
    batch: BatchId,
    op: &Op<'_>,
    action: &str,
    detail: &str,
) -> QueryResult<usize> {
    diesel::insert_into(transfer_events::table)
        .values((
            transfer_events::batch_id.eq(batch),
            transfer_events::at.eq(op.now),
            transfer_events::actor_id.eq(Some(op.user.id)),
            transfer_events::action.eq(action),
            transfer_events::detail.eq(detail),
        ))
        .execute(conn)
}

/// The side the user acts for on this batch, if any.
pub fn side_of(op: &Op<'_>, b: &Batch) -> Option<Side> {
    match op.user.institution_id {
        Some(i) if i == b.sender_institution_id => Some(Side::Sender),
        Some(i) if i == b.receiver_institution_id => Some(Side::Receiver),
        _ => None,
    }
}

/// Load a batch the user may see: either side (the receiver only once submitted), or a supervisor whose
/// division covers either institution. Anything else is 404.
pub fn load(conn: &mut DbConn, op: &Op<'_>, id: BatchId) -> AppResult<Batch> {
    let b: Batch = tb::table
        .find(id)
        .select(Batch::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let visible = match side_of(op, &b) {
        Some(Side::Sender) => true,
        Some(Side::Receiver) => b.state != BatchState::Draft,
        None => {
            let sc = crate::auth::scope::institution_scope(conn, op.user)?;
            op.user.can(Action::OverseeTransfers)
                && (sc.contains(b.sender_institution_id) || sc.contains(b.receiver_institution_id))
        }
    };
    if visible {
        Ok(b)
    } else {
        Err(AppError::NotFound)
    }
}

/// The batches the user may see, newest first, in one query (the same rule as [`load`]): those their
/// institution sends, those it receives once submitted, or — for supervisors — those touching their division.
pub fn visible(conn: &mut DbConn, op: &Op<'_>, limit: i64) -> AppResult<Vec<Batch>> {
    let mut q = tb::table
        .select(Batch::as_select())
        .order(tb::id.desc())
        .limit(limit)
        .into_boxed();
    if op.user.can(Action::OverseeTransfers) {
        match crate::auth::scope::institution_scope(conn, op.user)? {
            crate::auth::scope::InstitutionScope::All => {}
            crate::auth::scope::InstitutionScope::Only(ids) => {
                q = q.filter(
                    tb::sender_institution_id
                        .eq_any(ids.clone())
                        .or(tb::receiver_institution_id.eq_any(ids)),
                );
            }
        }
    } else {
        let Some(own) = op.user.institution_id else {
            return Ok(vec![]);
        };
        q = q.filter(
            tb::sender_institution_id
                .eq(own)
                .or(tb::receiver_institution_id
                    .eq(own)
                    .and(tb::state.ne(BatchState::Draft))),
        );
    }
    Ok(q.load(conn)?)
}

/// Every item with an open discrepancy, as (batch id, item label), in one query.
pub fn open_discrepancies(conn: &mut DbConn) -> QueryResult<Vec<(BatchId, String)>> {
    ti::table
        .inner_join(tc::table)
        .filter(ti::state.eq(ItemState::Discrepancy))
        .order(ti::id.asc())
        .select((tc::batch_id, ti::label))
        .load(conn)
}

/// Create a draft from the user's (county) institution. The receiver defaults to the city child-welfare
/// institution of the county's city; any other needs a reason.
pub fn create(
    conn: &mut DbConn,
    op: &Op<'_>,
    receiver: Option<crate::org::InstitutionId>,
    reason: &str,
    planned: NaiveDate,
) -> AppResult<BatchId> {
    let sender_id = op.user.institution_id.ok_or(AppError::Forbidden)?;
    let (kind, div): (String, i64) = institutions::table
        .find(sender_id)
        .select((institutions::kind, institutions::division_id))
        .first(conn)?;
    if kind != "county-welfare" {
        return Err(Refused::NotCounty.error(op));
    }
    let city: Option<i64> = crate::db::schema::divisions::table
        .find(div)
        .select(crate::db::schema::divisions::parent_id)
        .first(conn)?;
    let insts: Vec<(crate::org::InstitutionId, String, i64)> = institutions::table
        .select((
            institutions::id,
            institutions::kind,
            institutions::division_id,
        ))
        .load(conn)?;
    let view: Vec<(crate::org::InstitutionId, &str, i64)> =
        insts.iter().map(|(i, k, d)| (*i, k.as_str(), *d)).collect();
    let default = city.and_then(|c| rules::default_receiver(&view, c));
    let receiver = receiver
        .or(default)
        .ok_or_else(|| Refused::NoReceiver.error(op))?;
    let rkind = insts
        .iter()
        .find(|(i, _, _)| *i == receiver)
        .map(|(_, k, _)| k.as_str());
    if !matches!(rkind, Some("city-welfare" | "county-welfare")) || receiver == sender_id {
        return Err(Refused::BadReceiver.error(op));
    }
    if Some(receiver) != default && reason.trim().is_empty() {
        return Err(Refused::ReceiverReason.error(op));
    }
    if planned < op.today {
        return Err(Refused::PlannedPast.error(op));
    }
    crate::db::write_tx(conn, |c| {
        let (version, _) = checklist::latest(c)?;
        diesel::insert_into(tb::table)
            .values((
                tb::sender_institution_id.eq(sender_id),
                tb::receiver_institution_id.eq(receiver),
                tb::receiver_reason.eq(reason.trim()),
                tb::state.eq(BatchState::Draft),
                tb::state_reason.eq(""),
                tb::planned_date.eq(planned),
                tb::template_version.eq(version),
                tb::created_by.eq(op.user.id),
                tb::created_at.eq(op.now),
                tb::updated_at.eq(op.now),
                tb::version.eq(1),
            ))
            .execute(c)?;
        let id: BatchId = tb::table
            .filter(tb::created_by.eq(op.user.id))
            .order(tb::id.desc())
            .select(tb::id)
            .first(c)?;
        event(c, id, op, "create", "")?;
        audit::record(c, op.now, op.actor, &Event::ok("create", "transfer", id))?;
        Ok(id)
    })
}

/// Add an active child of the sending institution that is in no other open transfer; the checklist is
/// generated from the batch's template version, with one line per current archive document.
pub fn add_child(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    child_id: ChildId,
) -> AppResult<i64> {
    let b = load(conn, op, batch_id)?;
    if side_of(op, &b) != Some(Side::Sender) {
        return Err(AppError::Forbidden);
    }
    if !matches!(b.state, BatchState::Draft | BatchState::Returned) {
        return Err(Refused::BatchLocked.error(op));
    }
    // Only an active child of the sending institution itself (a refusal never says whether the id
    // exists elsewhere).
    if !crate::archive::is_active_at(conn, child_id, b.sender_institution_id)? {
        return Err(Refused::NotOwnChild.error(op));
    }
    let items = checklist::version(conn, b.template_version)?;
    crate::db::write_tx(conn, |c| {
        let busy: i64 = tc::table
            .filter(tc::open_child_id.eq(child_id))
            .count()
            .get_result(c)?;
        if busy > 0 {
            return Err(Refused::ChildInTransfer.error(op));
        }
        let inserted = diesel::insert_into(tc::table)
            .values((
                tc::batch_id.eq(batch_id),
                tc::child_id.eq(child_id),
                tc::open_child_id.eq(Some(child_id)),
                tc::state.eq(HandoverState::Pending),
                tc::adaptation_plan.eq(""),
                tc::special_needs.eq(""),
                tc::sibling_note.eq(""),
                tc::child_opinion.eq(""),
                tc::hukou_new_place.eq(""),
                tc::hukou_keep_reason.eq(""),
                tc::new_school.eq(""),
                tc::allowance_from_month.eq(""),
                tc::version.eq(1),
            ))
            .execute(c);
        // The unique open_child_id settles a race between two batches adding the same child.
        if let Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) = inserted
        {
            return Err(Refused::ChildInTransfer.error(op));
        }
        inserted?;
        let tcid: i64 = tc::table
            .filter(tc::batch_id.eq(batch_id))
            .filter(tc::child_id.eq(child_id))
            .select(tc::id)
            .first(c)?;
        checklist::generate(c, tcid, child_id, &items, op.now)?;
        event(c, batch_id, op, "add_child", &child_id.to_string())?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "transfer", batch_id).with_detail(format!("add child {child_id}")),
        )?;
        Ok(tcid)
    })
}

fn heads_emails(
    conn: &mut DbConn,
    institution: crate::org::InstitutionId,
) -> QueryResult<Vec<String>> {
    let v: Vec<Option<String>> = users::table
        .filter(users::institution_id.eq(institution))
        .filter(users::role.eq(crate::auth::Role::Head))
        .filter(users::active.eq(true))
        .select(users::email)
        .load(conn)?;
    Ok(v.into_iter().flatten().collect())
}

pub(super) fn notify(
    conn: &mut DbConn,
    op: &Op<'_>,
    institution: crate::org::InstitutionId,
    subject_key: &str,
    batch: BatchId,
) -> QueryResult<()> {
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    let subject = tr.tf(subject_key, &[("id", &batch.to_string())]);
    let body = tr.tf("mail.transfer_body", &[("id", &batch.to_string())]);
    for to in heads_emails(conn, institution)? {
        crate::mail::enqueue(conn, &to, &subject, &body, op.now)?;
    }
    Ok(())
}

/// Supervisors whose division covers the institution.
pub(super) fn notify_supervisors(
    conn: &mut DbConn,
    op: &Op<'_>,
    institution: crate::org::InstitutionId,
    subject_key: &str,
    batch: BatchId,
) -> QueryResult<()> {
    let div: i64 = institutions::table
        .find(institution)
        .select(institutions::division_id)
        .first(conn)?;
    let sups: Vec<(Option<i64>, Option<String>)> = users::table
        .filter(users::role.eq(crate::auth::Role::Supervisor))
        .filter(users::active.eq(true))
        .select((users::division_id, users::email))
        .load(conn)?;
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    for (d, email) in sups {
        let (Some(d), Some(to)) = (d, email) else {
            continue;
        };
        if crate::auth::scope::division_subtree(conn, d)?.contains(&div) {
            crate::mail::enqueue(
                conn,
                &to,
                &tr.tf(subject_key, &[("id", &batch.to_string())]),
                &tr.tf("mail.transfer_body", &[("id", &batch.to_string())]),
                op.now,
            )?;
        }
    }
    Ok(())
}

/// Submit, accept, return (with reason), cancel (with reason).
pub fn act(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    action: BatchAction,
    reason: &str,
    seen_version: i32,
) -> AppResult<BatchState> {
    let b = load(conn, op, batch_id)?;
    let side = side_of(op, &b).ok_or(AppError::Forbidden)?;
    let from = b.state;
    let kids: Vec<TransferChild> = tc::table
        .filter(tc::batch_id.eq(batch_id))
        .select(TransferChild::as_select())
        .load(conn)?;
    let pending = kids
        .iter()
        .filter(|k| k.state != HandoverState::Completed)
        .count();
    let to = rules::batch_transition(from, action, side, reason, kids.len(), pending)
        .map_err(|r| rule_refusal(op, r))?;
    // Submitting and cancelling speak for the sending institution: its head or transfer officer only
    // (a county social worker prepares, but does not send; issue 10 point 2). Cancelling an accepted
    // batch stops a handover under way: the head of either side (issue 10 point 13).
    let may = match action {
        BatchAction::Cancel if from == BatchState::Accepted => op.user.can(Action::StopTransfer),
        BatchAction::Submit | BatchAction::Cancel => op.user.can(Action::SendTransfers),
        _ => true,
    };
    if !may {
        return Err(AppError::Forbidden);
    }
    if action == BatchAction::Accept || action == BatchAction::Return {
        // Deciding for the receiving institution is the head's or a social worker's.
        if !op.user.can(Action::DecideIncomingTransfers) {
            return Err(AppError::Forbidden);
        }
    }
    crate::db::write_tx(conn, |c| {
        // The list the receiver is asked to accept, and then accepts, is the archive as it is at that
        // moment (issue 10 point 17): documents filed since a child was added get their lines.
        if matches!(to, BatchState::Submitted | BatchState::Accepted) {
            checklist::sync_batch(c, batch_id, op.now)?;
        }
        let n = diesel::update(
            tb::table
                .find(batch_id)
                .filter(tb::state.eq(from))
                .filter(tb::version.eq(seen_version)),
        )
        .set((
            tb::state.eq(to),
            tb::state_reason.eq(reason.trim()),
            tb::updated_at.eq(op.now),
            tb::version.eq(seen_version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
        }
        reference::on_transition(c, batch_id, to, op.today)?;
        if to == BatchState::Cancelled {
            diesel::update(tc::table.filter(tc::batch_id.eq(batch_id)))
                .set(tc::open_child_id.eq(None::<i64>))
                .execute(c)?;
        }
        match to {
            BatchState::Submitted => notify(
                c,
                op,
                b.receiver_institution_id,
                "mail.transfer_submitted",
                batch_id,
            )?,
            BatchState::Returned => notify(
                c,
                op,
                b.sender_institution_id,
                "mail.transfer_returned",
                batch_id,
            )?,
            // A handover under way was stopped: both institutions' heads hear of it.
            BatchState::Cancelled if from == BatchState::Accepted => {
                for inst in [b.sender_institution_id, b.receiver_institution_id] {
                    notify(c, op, inst, "mail.transfer_cancelled", batch_id)?;
                }
            }
            _ => {}
        }
        event(c, batch_id, op, to.code(), reason.trim())?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("status_change", "transfer", batch_id).with_detail(to.code()),
        )?;
        // The next step is someone's task now, not after the daily pass.
        crate::jobs::refresh(c, super::MODULE_NAME, op.today, op.now)?;
        Ok(to)
    })
}

pub(super) fn rule_refusal(op: &Op<'_>, r: rules::Refusal) -> AppError {
    match r {
        rules::Refusal::WrongSide => AppError::Forbidden,
        rules::Refusal::WrongState => Refused::WrongState.error(op),
        rules::Refusal::ReasonRequired => Refused::ReasonRequired.error(op),
        rules::Refusal::NoChildren => Refused::NoChildren.error(op),
        rules::Refusal::ChildrenPending => Refused::ChildrenPending.error(op),
        rules::Refusal::ChildrenCompleted => Refused::ChildrenCompleted.error(op),
    }
}

/// While the list is still open (draft, returned, submitted), bring every child's document lines up to
/// the archive before showing the batch (issue 10 point 17).
pub fn sync_open_list(conn: &mut DbConn, op: &Op<'_>, b: &Batch) -> QueryResult<()> {
    if matches!(
        b.state,
        BatchState::Draft | BatchState::Returned | BatchState::Submitted
    ) {
        crate::db::write_tx(conn, |c| checklist::sync_batch(c, b.id, op.now).map(|_| ()))?;
    }
    Ok(())
}
