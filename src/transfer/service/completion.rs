//! Completing one child's handover (移交完成): the single write transaction that moves the child, the
//! archive, hukou and school, custody property and tasks, and files the handover record in the archive.

use super::super::model::{Item, TransferChild};
use super::super::rules::{self, BatchState, HandoverState, Side};
use super::refusal::Refused;
use super::{event, load, notify, notify_supervisors, side_of};
use crate::archive;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{
    tasks, transfer_batches as tb, transfer_children as tc, transfer_items as ti,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::transfer::model::BatchId;
use chrono::Datelike;
use diesel::prelude::*;

/// Complete one child's handover (receiving head): in one transaction the child, the archive, hukou and
/// school, custody property and tasks move; the handover record is filed in the archive. `fault` lets a
/// test stop the transaction at a named step to prove nothing is left half-done.
pub fn complete_child(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    tcid: i64,
    fault: Option<&str>,
) -> AppResult<()> {
    let b = load(conn, op, batch_id)?;
    if side_of(op, &b) != Some(Side::Receiver) || !op.user.can(Action::CompleteHandover) {
        return Err(AppError::Forbidden);
    }
    if b.state != BatchState::Accepted {
        return Err(Refused::WrongState.error(op));
    }
    let kid: TransferChild = tc::table
        .find(tcid)
        .select(TransferChild::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if kid.batch_id != batch_id {
        return Err(AppError::NotFound);
    }
    if kid.state == HandoverState::Completed {
        return Err(AppError::Conflict(
            op.tr.t("err.transfer_child_completed").into(),
        ));
    }
    let items: Vec<Item> = ti::table
        .filter(ti::transfer_child_id.eq(tcid))
        .select(Item::as_select())
        .load(conn)?;
    let views: Vec<rules::ItemView<'_>> = items
        .iter()
        .map(|i| rules::ItemView {
            label: &i.label,
            mandatory: i.mandatory,
            state: i.state,
        })
        .collect();
    // The child is still in the sender's scope; completing is the lawful path for the receiver.
    let child = archive::load_for_law(
        conn,
        kid.child_id,
        archive::LawfulAccess::TransferCompletion,
    )?;
    let age = crate::clock::age_on(child.birth_date, op.today);
    let opinion_age = crate::policy::int(
        conn,
        crate::policy::keys::TRANSFER_CHILD_OPINION_AGE,
        None,
        op.today,
    )? as i32;
    if let Err(problems) = rules::ready_to_complete(
        &views,
        age,
        opinion_age,
        !kid.child_opinion.trim().is_empty(),
    ) {
        let text: Vec<String> = problems
            .iter()
            .map(|p| match p {
                rules::NotReady::Unconfirmed(v) => op
                    .tr
                    .tf("err.transfer_unconfirmed", &[("items", &v.join("、"))]),
                rules::NotReady::OpenDiscrepancies(v) => op
                    .tr
                    .tf("err.transfer_discrepancies", &[("items", &v.join("、"))]),
                rules::NotReady::OpinionMissing => op.tr.t("err.transfer_opinion").to_string(),
            })
            .collect();
        return Err(Refused::NotReady.with_message(text.join(" ")));
    }
    let Some(moved) = kid.hukou_moved else {
        return Err(Refused::HukouUndecided.error(op));
    };
    allowance_month_ok(op, &kid.allowance_from_month)?;
    custody_reconciled(conn, op, &items, child.id, b.sender_institution_id)?;
    let step = |name: &str| -> AppResult<()> {
        if fault == Some(name) {
            Err(AppError::Internal(format!("fault injected at {name}")))
        } else {
            Ok(())
        }
    };
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            tc::table
                .find(tcid)
                .filter(tc::state.eq(HandoverState::Pending)),
        )
        .set((
            tc::state.eq(HandoverState::Completed),
            tc::open_child_id.eq(None::<i64>),
            tc::completed_at.eq(Some(op.now)),
            tc::completed_by.eq(Some(op.user.id)),
        ))
        .execute(c)?;
        if n == 0 {
            // The same child completed twice at once: the second finds it done.
            return Err(AppError::Conflict(
                op.tr.t("err.transfer_child_completed").into(),
            ));
        }
        step("after-mark")?;
        archive::relocate(
            c,
            op,
            &archive::Relocation {
                child_id: child.id,
                from_institution: b.sender_institution_id,
                to_institution: b.receiver_institution_id,
                reason: "移交",
                new_hukou_place: moved.then_some(kid.hukou_new_place.as_str()),
            },
        )?;
        step("after-child")?;
        // Custody property (代管财产): every held row moves with equal totals.
        archive::custody_ledger::move_held(
            c,
            op,
            child.id,
            b.sender_institution_id,
            b.receiver_institution_id,
            tcid,
        )?;
        step("after-property")?;
        let summary = format!(
            "{} → {} · {} 项",
            b.sender_institution_id,
            b.receiver_institution_id,
            items.len()
        );
        archive::file_entry(
            c,
            op,
            &archive::NewEntry {
                child_id: child.id,
                section: "basic",
                date: op.today,
                kind: "transfer",
                summary: &summary,
                module: super::super::MODULE_NAME,
                reference: Some(&tcid.to_string()),
            },
        )?;
        diesel::update(
            tasks::table
                .filter(tasks::dedupe_key.like(format!("%.{}", child.id)))
                .filter(tasks::status.eq("open")),
        )
        .set((tasks::status.eq("done"), tasks::closed_at.eq(Some(op.now))))
        .execute(c)?;
        event(c, batch_id, op, "child_completed", &child.id.to_string())?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("status_change", "transfer_child", tcid).with_detail("completed"),
        )?;
        step("before-batch")?;
        let open: i64 = tc::table
            .filter(tc::batch_id.eq(batch_id))
            .filter(tc::state.ne(HandoverState::Completed))
            .count()
            .get_result(c)?;
        if open == 0 {
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
            notify(
                c,
                op,
                b.sender_institution_id,
                "mail.transfer_completed",
                batch_id,
            )?;
            notify(
                c,
                op,
                b.receiver_institution_id,
                "mail.transfer_completed",
                batch_id,
            )?;
            notify_supervisors(
                c,
                op,
                b.receiver_institution_id,
                "mail.transfer_completed",
                batch_id,
            )?;
            event(c, batch_id, op, "completed", "")?;
            audit::record(
                c,
                op.now,
                op.actor,
                &Event::ok("status_change", "transfer", batch_id).with_detail("completed"),
            )?;
        }
        crate::jobs::refresh(c, super::super::MODULE_NAME, op.today, op.now)?;
        Ok(())
    })
}

/// The living allowance switches to the receiving institution from a stated month, never before the
/// month of the handover (the sender pays until then; seed 003 基本生活费随人转移).
fn allowance_month_ok(op: &Op<'_>, raw: &str) -> AppResult<()> {
    if raw.trim().is_empty() {
        return Err(Refused::AllowanceMissing.error(op));
    }
    let month = rules::parse_month(raw).ok_or_else(|| Refused::BadMonth.error(op))?;
    let this_month = op.today.with_day(1).unwrap_or(op.today);
    if month < this_month {
        return Err(Refused::AllowanceEarly.with_message(op.tr.tf(
            "err.allowance_early",
            &[("month", &this_month.format("%Y-%m").to_string())],
        )));
    }
    Ok(())
}

/// 民法典 第35条: what moves is what the ledger holds. The custody line must have been reconciled with
/// the balance that is held now (a deposit or withdrawal after the hand-over means counting again); a
/// waived or missing line is accepted only when nothing is held.
fn custody_reconciled(
    conn: &mut DbConn,
    op: &Op<'_>,
    items: &[Item],
    child_id: archive::ChildId,
    sender: crate::org::InstitutionId,
) -> AppResult<()> {
    let held = archive::custody_ledger::balance_held(conn, child_id, sender)?;
    let recorded = items
        .iter()
        .find(|i| i.code == rules::CUSTODY_ITEM)
        .and_then(|i| i.ledger_fen);
    if recorded == Some(held) || (recorded.is_none() && held == 0) {
        return Ok(());
    }
    Err(Refused::CustodyChanged.with_message(
        op.tr.tf(
            "err.custody_changed",
            &[
                ("ledger", &crate::platform::money::yuan(held)),
                (
                    "recorded",
                    &recorded
                        .map(crate::platform::money::yuan)
                        .unwrap_or_else(|| "—".into()),
                ),
            ],
        ),
    ))
}

/// 户随人走 (TRF-02): after completion the receiving side confirms that the hukou was registered at
/// its place — the date and the police station or the registration's reference. Until then the daily
/// pass keeps a task open for the receiving head.
pub struct HukouConfirmation<'a> {
    pub date: &'a str,
    pub reference: &'a str,
}

pub fn confirm_hukou(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: BatchId,
    tcid: i64,
    input: &HukouConfirmation<'_>,
) -> AppResult<()> {
    let b = load(conn, op, batch_id)?;
    if side_of(op, &b) != Some(Side::Receiver) || !op.user.can(Action::ActOnTransfers) {
        return Err(AppError::Forbidden);
    }
    let kid: TransferChild = tc::table
        .find(tcid)
        .filter(tc::batch_id.eq(batch_id))
        .select(TransferChild::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if kid.state != HandoverState::Completed
        || kid.hukou_moved != Some(true)
        || kid.hukou_confirmed_on.is_some()
    {
        return Err(Refused::HukouNotToConfirm.error(op));
    }
    let date = chrono::NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| *d <= op.today && Some(*d) >= kid.completed_at.map(|t| t.date()))
        .ok_or_else(|| Refused::HukouConfirmDate.error(op))?;
    let reference: String = input.reference.trim().chars().take(200).collect();
    if reference.is_empty() || reference.chars().any(char::is_control) {
        return Err(Refused::HukouConfirmRef.error(op));
    }
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            tc::table
                .find(tcid)
                .filter(tc::hukou_confirmed_on.is_null()),
        )
        .set((
            tc::hukou_confirmed_on.eq(Some(date)),
            tc::hukou_confirmed_ref.eq(&reference),
            tc::hukou_confirmed_by.eq(Some(op.user.id)),
            tc::version.eq(tc::version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
        }
        event(
            c,
            batch_id,
            op,
            "hukou_confirmed",
            &kid.child_id.to_string(),
        )?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "transfer_child", tcid).with_detail("hukou_confirmed"),
        )?;
        crate::jobs::refresh(c, super::super::MODULE_NAME, op.today, op.now)?;
        Ok(())
    })
}
