//! Completing one child's handover (移交完成): the single write transaction that moves the child, the
//! archive, hukou and school, custody property and tasks, and files the handover record in the archive.

use super::model::{Item, TransferChild};
use super::rules::{self, BatchState, ItemState, Side};
use super::service::{bad, event, load, notify, notify_supervisors, side_of};
use crate::archive::service::Op;
use crate::audit::{self, Event};
use crate::db::schema::{
    children, custody_property, tasks, transfer_batches as tb, transfer_children as tc,
    transfer_items as ti,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use diesel::prelude::*;

/// Complete one child's handover (receiving head): in one transaction the child, the archive, hukou and
/// school, custody property and tasks move; the handover record is filed in the archive. `fault` lets a
/// test stop the transaction at a named step to prove nothing is left half-done.
pub fn complete_child(
    conn: &mut DbConn,
    op: &Op<'_>,
    batch_id: i64,
    tcid: i64,
    fault: Option<&str>,
) -> AppResult<()> {
    let b = load(conn, op, batch_id)?;
    if side_of(op, &b) != Some(Side::Receiver) || op.user.role != "head" {
        return Err(AppError::Forbidden);
    }
    if b.state != BatchState::Accepted.code() {
        return Err(bad("wrong_state", op, "err.transfer_wrong_state"));
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
    if kid.state == "completed" {
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
            state: ItemState::parse(&i.state).unwrap_or(ItemState::Pending),
        })
        .collect();
    let child = crate::archive::model::find_in_scope(
        conn,
        &crate::auth::scope::InstitutionScope::All,
        kid.child_id,
    )?
    .ok_or(AppError::NotFound)?;
    let age = crate::clock::age_on(child.birth_date, op.today);
    let opinion_age =
        crate::policy::int(conn, "transfer.child_opinion_age", None, op.today)? as i32;
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
        return Err(AppError::bad("not_ready", text.join(" ")));
    }
    let Some(moved) = kid.hukou_moved else {
        return Err(bad("hukou_undecided", op, "err.hukou_undecided"));
    };
    let step = |name: &str| -> AppResult<()> {
        if fault == Some(name) {
            Err(AppError::Internal(format!("fault injected at {name}")))
        } else {
            Ok(())
        }
    };
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(tc::table.find(tcid).filter(tc::state.eq("pending")))
            .set((
                tc::state.eq("completed"),
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
        let moved_child = diesel::update(
            children::table
                .find(child.id)
                .filter(children::institution_id.eq(b.sender_institution_id))
                .filter(children::status.eq(crate::archive::model::ACTIVE)),
        )
        .set((
            children::institution_id.eq(b.receiver_institution_id),
            children::responsible_user_id.eq(None::<i64>),
            children::version.eq(children::version + 1),
            children::updated_at.eq(op.now),
        ))
        .execute(c)?;
        if moved_child == 0 {
            return Err(AppError::Conflict(
                "child no longer at the sending institution / 儿童已不在移出机构".into(),
            ));
        }
        crate::archive::model::insert_change(
            c,
            child.id,
            "institution",
            &b.sender_institution_id.to_string(),
            &b.receiver_institution_id.to_string(),
            "移交",
            op.user.id,
            op.now,
        )?;
        if moved && !kid.hukou_new_place.is_empty() && kid.hukou_new_place != child.hukou_place {
            diesel::update(children::table.find(child.id))
                .set(children::hukou_place.eq(&kid.hukou_new_place))
                .execute(c)?;
            crate::archive::model::insert_change(
                c,
                child.id,
                "hukou_place",
                &child.hukou_place,
                &kid.hukou_new_place,
                "户随人走",
                op.user.id,
                op.now,
            )?;
        }
        step("after-child")?;
        // Custody property (代管财产): every held row moves with equal totals.
        let held: Vec<(i64, String, String, String, i64)> = custody_property::table
            .filter(custody_property::child_id.eq(child.id))
            .filter(custody_property::institution_id.eq(b.sender_institution_id))
            .filter(custody_property::state.eq("held"))
            .select((
                custody_property::id,
                custody_property::kind,
                custody_property::description,
                custody_property::account,
                custody_property::amount_fen,
            ))
            .load(c)?;
        let before: i64 = held.iter().map(|h| h.4).sum();
        for (id, kind, desc, account, amount) in &held {
            diesel::update(
                custody_property::table
                    .find(id)
                    .filter(custody_property::state.eq("held")),
            )
            .set((
                custody_property::state.eq("transferred-out"),
                custody_property::transfer_child_id.eq(Some(tcid)),
            ))
            .execute(c)?;
            diesel::insert_into(custody_property::table)
                .values((
                    custody_property::child_id.eq(child.id),
                    custody_property::institution_id.eq(b.receiver_institution_id),
                    custody_property::kind.eq(kind),
                    custody_property::description.eq(desc),
                    custody_property::account.eq(account),
                    custody_property::amount_fen.eq(amount),
                    custody_property::state.eq("held"),
                    custody_property::transfer_child_id.eq(Some(tcid)),
                    custody_property::recorded_by.eq(Some(op.user.id)),
                    custody_property::recorded_at.eq(op.now),
                ))
                .execute(c)?;
        }
        let after: i64 = custody_property::table
            .filter(custody_property::child_id.eq(child.id))
            .filter(custody_property::institution_id.eq(b.receiver_institution_id))
            .filter(custody_property::transfer_child_id.eq(Some(tcid)))
            .select(custody_property::amount_fen)
            .load::<i64>(c)?
            .iter()
            .sum();
        if after != before {
            return Err(AppError::Internal(format!(
                "custody totals differ after move: {before} vs {after}"
            )));
        }
        step("after-property")?;
        let summary = format!(
            "{} → {} · {} 项",
            b.sender_institution_id,
            b.receiver_institution_id,
            items.len()
        );
        crate::archive::model::add_entry(
            c,
            child.id,
            "basic",
            op.today,
            "transfer",
            &summary,
            "transfer",
            Some(&tcid.to_string()),
            Some(op.user.id),
            op.now,
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
            .filter(tc::state.ne("completed"))
            .count()
            .get_result(c)?;
        if open == 0 {
            diesel::update(
                tb::table
                    .find(batch_id)
                    .filter(tb::state.eq(BatchState::Accepted.code())),
            )
            .set((
                tb::state.eq(BatchState::Completed.code()),
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
        Ok(())
    })
}
