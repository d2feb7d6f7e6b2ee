//! One child's checklist items and handover plan: hand over, receive, record a discrepancy or waive an
//! item; save the per-child plan (移交方案) with its hukou, school and allowance decisions.

use super::super::model::{Item, TransferChild};
use super::super::rules::{self, HandoverState, ItemAction, ItemState, Side};
use super::refusal::Refused;
use super::{event, load, notify, rule_refusal, side_of};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{transfer_children as tc, transfer_items as ti};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::transfer::model::BatchId;
use diesel::prelude::*;

/// What a user enters on an item.
pub struct ItemInput<'a> {
    pub note: &'a str,
    pub quantity: &'a str,
    pub amount: &'a str,
    pub version: i32,
}

/// Hand over, receive, record a discrepancy, or waive one checklist item.
pub fn item_act(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    item_id: i64,
    action: ItemAction,
    input: &ItemInput<'_>,
) -> AppResult<ItemState> {
    let b = load(conn, op, batch_id)?;
    let side = side_of(op, &b).ok_or(AppError::Forbidden)?;
    let item: Item = ti::table
        .find(item_id)
        .select(Item::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let kid: TransferChild = tc::table
        .find(item.transfer_child_id)
        .select(TransferChild::as_select())
        .first(conn)?;
    if kid.batch_id != batch_id {
        return Err(AppError::NotFound);
    }
    if kid.state == HandoverState::Completed {
        return Err(Refused::ChildCompleted.error(op));
    }
    if action == ItemAction::Waive && !rules::waivable(&item.code) {
        return Err(Refused::NotWaivable.error(op));
    }
    let (batch_state, from) = (b.state, item.state);
    let is_head = op.user.can(Action::CompleteHandover);
    // 民法典 第35条: a received custody line whose ledger changed since it was counted (a deposit or a
    // withdrawal after the hand-over) may be disputed again, so the sender counts it anew.
    let custody_now = if item.code == rules::CUSTODY_ITEM {
        Some(crate::archive::custody_ledger::balance_held(
            conn,
            kid.child_id,
            b.sender_institution_id,
        )?)
    } else {
        None
    };
    let rule_from = match (from, action) {
        (ItemState::Received, ItemAction::RecordDiscrepancy)
            if custody_now.is_some() && item.ledger_fen != custody_now =>
        {
            ItemState::HandedOver
        }
        _ => from,
    };
    let to = rules::item_transition(batch_state, rule_from, action, side, is_head, input.note)
        .map_err(|r| rule_refusal(op, r))?;
    // 民法典 第35条 / seed 003 (所代管的儿童财产移交): the custody line is reconciled with the ledger
    // the sender keeps. Nothing typed means the ledger balance is handed over as it stands.
    let custody_line = custody_now.is_some();
    let ledger = if action == ItemAction::HandOver {
        custody_now
    } else {
        item.ledger_fen
    };
    let amount = match (action, input.amount.trim()) {
        (ItemAction::HandOver, "") => ledger.filter(|_| custody_line),
        (ItemAction::HandOver, raw) => {
            Some(rules::parse_amount_fen(raw).ok_or_else(|| Refused::BadAmount.error(op))?)
        }
        _ => item.amount_fen,
    };
    let note: String = input.note.trim().chars().take(300).collect();
    if action == ItemAction::HandOver && custody_line {
        if let (Some(l), Some(a)) = (ledger, amount) {
            // A counted amount that differs from the ledger is recorded only with its reason.
            if l != a && note.is_empty() {
                return Err(Refused::CustodyReason.with_message(op.tr.tf(
                    "err.custody_reason",
                    &[
                        ("ledger", &crate::platform::money::yuan(l)),
                        ("counted", &crate::platform::money::yuan(a)),
                    ],
                )));
            }
        }
    }
    crate::db::write_tx(conn, |c| {
        let target = ti::table
            .find(item_id)
            .filter(ti::state.eq(from))
            .filter(ti::version.eq(input.version));
        let n = if action == ItemAction::HandOver {
            diesel::update(target)
                .set((
                    ti::state.eq(to),
                    ti::sender_note.eq(&note),
                    ti::quantity.eq(input.quantity.trim()),
                    ti::amount_fen.eq(amount),
                    ti::ledger_fen.eq(ledger),
                    ti::updated_by.eq(Some(op.user.id)),
                    ti::updated_at.eq(op.now),
                    ti::version.eq(input.version + 1),
                ))
                .execute(c)?
        } else {
            diesel::update(target)
                .set((
                    ti::state.eq(to),
                    ti::receiver_note.eq(&note),
                    ti::updated_by.eq(Some(op.user.id)),
                    ti::updated_at.eq(op.now),
                    ti::version.eq(input.version + 1),
                ))
                .execute(c)?
        };
        if n == 0 {
            // Someone else changed the item first (two receivers at the same moment): nothing written.
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
        }
        if to == ItemState::Discrepancy {
            notify(
                c,
                op,
                b.sender_institution_id,
                "mail.transfer_discrepancy",
                batch_id,
            )?;
        }
        event(c, batch_id, op, &format!("item_{}", to.code()), &item.label)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "transfer_item", item_id).with_detail(to.code()),
        )?;
        crate::jobs::refresh(c, super::super::MODULE_NAME, op.today, op.now)?;
        Ok(to)
    })
}

/// The per-child handover plan (移交方案) and the hukou/school/allowance decisions, by the sender.
pub struct Plan<'a> {
    pub adaptation_plan: &'a str,
    pub special_needs: &'a str,
    pub sibling_note: &'a str,
    pub child_opinion: &'a str,
    pub hukou_moved: bool,
    pub hukou_new_place: &'a str,
    pub hukou_keep_reason: &'a str,
    pub new_school: &'a str,
    pub allowance_from_month: &'a str,
}

pub fn save_plan(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    tcid: i64,
    plan: &Plan<'_>,
) -> AppResult<()> {
    let b = load(conn, op, batch_id)?;
    if side_of(op, &b) != Some(Side::Sender) {
        return Err(AppError::Forbidden);
    }
    let decision = rules::check_hukou(
        plan.hukou_moved,
        plan.hukou_new_place,
        plan.hukou_keep_reason,
    )
    .map_err(|p| match p {
        rules::HukouProblem::NewPlaceMissing => Refused::HukouPlace.error(op),
        rules::HukouProblem::ReasonMissing => Refused::HukouReason.error(op),
    })?;
    let month = plan.allowance_from_month.trim();
    if !month.is_empty() && rules::parse_month(month).is_none() {
        return Err(Refused::BadMonth.error(op));
    }
    let (place, reason) = match decision {
        rules::HukouDecision::Moved { new_place } => (new_place, String::new()),
        rules::HukouDecision::Kept { reason } => (String::new(), reason),
    };
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            tc::table
                .find(tcid)
                .filter(tc::batch_id.eq(batch_id))
                .filter(tc::state.eq(HandoverState::Pending)),
        )
        .set((
            tc::adaptation_plan.eq(plan.adaptation_plan.trim()),
            tc::special_needs.eq(plan.special_needs.trim()),
            tc::sibling_note.eq(plan.sibling_note.trim()),
            tc::child_opinion.eq(plan.child_opinion.trim()),
            tc::hukou_moved.eq(Some(plan.hukou_moved)),
            tc::hukou_new_place.eq(&place),
            tc::hukou_keep_reason.eq(&reason),
            tc::new_school.eq(plan.new_school.trim()),
            tc::allowance_from_month.eq(plan.allowance_from_month.trim()),
            tc::version.eq(tc::version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::NotFound);
        }
        event(c, batch_id, op, "plan", &tcid.to_string())?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "transfer_child", tcid),
        )?;
        Ok(())
    })
}
