//! One child's page in a transfer: the checklist with the actions each side may take, the handover plan
//! (移交方案) and completion. A refused item, plan or completion comes back on the same page with what
//! was typed and the message next to the field (422; 409 when someone changed the item first).

use super::super::model::Item;
use super::super::rules::{BatchState, ItemAction, Side};
use super::super::service::{self, ItemInput, Plan};
use super::super::views::{ChildPage, ItemForm, ItemLine, PlanForm};
use super::{refusal_to_field, status_for};
use crate::auth::Action;
use crate::db::schema::transfer_items as ti;
use crate::error::{AppError, AppResult};
use crate::platform::forms::{self, FieldErrors};
use crate::transfer::model::BatchId;
use crate::transfer::service::Field;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use serde::Deserialize;

/// What was typed on the page when a form was refused.
#[derive(Default)]
pub struct Typed {
    pub plan: Option<PlanForm>,
    pub item: Option<(i64, ItemForm)>,
}

async fn child_page(
    state: &State,
    cu: &CurrentUser,
    id: BatchId,
    tcid: i64,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (b, side, kid, archive_no, name, items, facts, changes, withheld) = state
        .run(&cu, move |c, op| {
            let b = service::load(c, op, id)?;
            let side = service::side_of(op, &b);
            let (kid, archive_no, name) =
                super::super::model::children_with_names(c, id, Some(tcid))?
                    .pop()
                    .ok_or(AppError::NotFound)?;
            service::sync_open_list(c, op, &b)?;
            // After acceptance the list stays as accepted; what changed in the archive since is shown.
            let changes = if b.state == BatchState::Accepted && kid.is_pending() {
                service::checklist::changes_since_fixed(c, tcid, kid.child_id)?
            } else {
                (vec![], vec![])
            };
            let items: Vec<Item> = ti::table
                .filter(ti::transfer_child_id.eq(tcid))
                .order(ti::id.asc())
                .select(Item::as_select())
                .load(c)?;
            let facts = line_facts(op.tr, c, &b, &kid)?;
            // Lines naming a document of a restricted section keep the line, not the title.
            let withheld = crate::archive::withheld_documents(c, kid.child_id)?;
            Ok((
                b, side, kid, archive_no, name, items, facts, changes, withheld,
            ))
        })
        .await?;
    let (docs_added, docs_replaced) = changes;
    let item_error = errors
        .fields()
        .into_iter()
        .filter(|f| f.starts_with("item_"))
        .map(|f| errors.msg(f).to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let page = ChildPage {
        accepted: b.state == BatchState::Accepted,
        is_sender: side == Some(Side::Sender),
        is_receiver: side == Some(Side::Receiver),
        is_receiving_head: side == Some(Side::Receiver) && cu.user.can(Action::CompleteHandover),
        can_preview: service::preview::may_preview(side, &cu.user, b.state),
        items: items
            .into_iter()
            .map(|i| {
                let mine = typed.item.as_ref().filter(|(iid, _)| *iid == i.id);
                ItemLine {
                    replaced_since: docs_replaced.contains(&i.id),
                    label: crate::archive::withheld_label(tr, &withheld, i.document_id)
                        .unwrap_or_else(|| i.label_in(tr)),
                    state_label: tr.t(&format!("transfer.item.{}", i.state)).to_string(),
                    amount: i
                        .amount_fen
                        .map(super::super::rules::format_fen)
                        .unwrap_or_default(),
                    detail: line_detail(tr, &i, &facts),
                    error: if mine.is_some() {
                        item_error.clone()
                    } else {
                        String::new()
                    },
                    typed: mine.map(|(_, f)| f.clone()).unwrap_or_default(),
                    item: i,
                }
            })
            .collect(),
        plan: typed.plan.unwrap_or_else(|| PlanForm::from_child(&kid)),
        docs_added,
        batch: b,
        tc: kid,
        archive_no,
        name,
        errors,
        ctx: Ctx::for_user(cu),
    };
    render_status(&page, status_for(&page.errors))
}

pub async fn child(
    state: State,
    cu: CurrentUser,
    path: web::Path<(BatchId, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (id, tcid) = path.into_inner();
    child_page(
        &state,
        &cu,
        id,
        tcid,
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

/// What the archive says for the checklist lines that reconcile with it.
pub struct LineFacts {
    /// The balance held for the child at the sender (while the handover is pending).
    pub ledger_fen: Option<i64>,
    pub school: String,
}

fn line_facts(
    tr: &crate::platform::Catalogue,
    c: &mut crate::db::DbConn,
    b: &crate::transfer::model::Batch,
    kid: &crate::transfer::model::TransferChild,
) -> AppResult<LineFacts> {
    // The child may have moved already (completed): the school data travels with the record.
    let child =
        crate::archive::load_for_law(c, kid.child_id, crate::archive::LawfulAccess::HandoverList)?;
    let ledger_fen = if kid.is_pending() {
        Some(crate::archive::custody_ledger::balance_held(
            c,
            kid.child_id,
            b.sender_institution_id,
        )?)
    } else {
        None
    };
    Ok(LineFacts {
        ledger_fen,
        school: super::super::views::school_text(
            tr,
            &child.school_name,
            &child.school_grade,
            &child.xueji_no,
        ),
    })
}

fn line_detail(tr: &crate::platform::Catalogue, i: &Item, f: &LineFacts) -> String {
    use crate::platform::money::yuan;
    use crate::transfer::rules::{CUSTODY_ITEM, SCHOOL_ITEM};
    if i.code == CUSTODY_ITEM {
        let mut s = match (f.ledger_fen, i.ledger_fen) {
            (Some(now), _) => tr.tf("transfer.custody_ledger", &[("amount", &yuan(now))]),
            (None, Some(then)) => tr.tf("transfer.custody_ledger", &[("amount", &yuan(then))]),
            _ => String::new(),
        };
        if let (Some(l), Some(a)) = (i.ledger_fen, i.amount_fen) {
            if l != a {
                s.push(' ');
                s.push_str(&tr.tf(
                    "transfer.custody_discrepancy",
                    &[("ledger", &yuan(l)), ("counted", &yuan(a))],
                ));
            }
        }
        s
    } else if i.code == SCHOOL_ITEM && !f.school.is_empty() {
        tr.tf("transfer.school_line", &[("school", &f.school)])
    } else {
        String::new()
    }
}

/// Item refusals are shown on the item's row (`item_*` fields), stale versions at the top.
fn item_field(field: Field) -> &'static str {
    match field {
        Field::Amount => "item_amount",
        Field::Reason => "item_note",
        _ => "item_action",
    }
}

pub async fn item(
    state: State,
    cu: CurrentUser,
    path: web::Path<(BatchId, i64)>,
    form: web::Form<ItemForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnTransfers)?;
    let (id, item_id) = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let back: i64 = f.back.trim().parse().unwrap_or(0);
    let mut errors = FieldErrors::default();
    let note = forms::text(&mut errors, tr, "item_note", &f.note, false, 300);
    let quantity = forms::text(&mut errors, tr, "item_quantity", &f.quantity, false, 40);
    let action: Option<ItemAction> = f.action.trim().parse().ok();
    if action.is_none() {
        errors.add("item_action", tr.t("err.choose"));
    }
    // Waiving a mandatory item lets the handover complete without it: confirmed, never one tap.
    if action == Some(ItemAction::Waive) && f.confirm != "yes" {
        errors.add("item_action", tr.t("err.confirm_required"));
    }
    let version = f.version.trim().parse::<i32>().ok();
    if version.is_none() {
        errors.add("version", tr.t("err.stale_version"));
    }
    let typed = Typed {
        item: Some((item_id, f.clone())),
        ..Typed::default()
    };
    let (Some(action), Some(version), true) = (action, version, errors.is_empty()) else {
        return child_page(&state, &cu, id, back, typed, errors).await;
    };
    let amount = f.amount.clone();
    let done = state
        .run(&cu, move |c, op| {
            let input = ItemInput {
                note: &note,
                quantity: &quantity,
                amount: &amount,
                version,
            };
            service::item_act(c, op, id, item_id, action, &input)
        })
        .await;
    match done {
        Ok(_) => Ok(redirect_with(
            &format!("/transfers/{id}/children/{back}"),
            match action {
                ItemAction::HandOver => "flash.item_handed_over",
                ItemAction::Receive => "flash.item_received",
                ItemAction::RecordDiscrepancy => "flash.item_discrepancy",
                ItemAction::Waive => "flash.item_waived",
            },
        )),
        Err(e) => {
            let errors = refusal_to_field(e, item_field)?;
            child_page(&state, &cu, id, back, typed, errors).await
        }
    }
}

fn plan_field(field: Field) -> &'static str {
    match field {
        Field::HukouNewPlace => "hukou_new_place",
        Field::HukouKeepReason => "hukou_keep_reason",
        Field::AllowanceMonth => "allowance_from_month",
        _ => "plan",
    }
}

pub async fn plan(
    state: State,
    cu: CurrentUser,
    path: web::Path<(BatchId, i64)>,
    form: web::Form<PlanForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let (id, tcid) = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let mut e = FieldErrors::default();
    forms::multiline(
        &mut e,
        tr,
        "adaptation_plan",
        &f.adaptation_plan,
        false,
        2000,
    );
    forms::multiline(&mut e, tr, "special_needs", &f.special_needs, false, 1000);
    forms::multiline(&mut e, tr, "sibling_note", &f.sibling_note, false, 500);
    forms::multiline(&mut e, tr, "child_opinion", &f.child_opinion, false, 1000);
    forms::text(
        &mut e,
        tr,
        "hukou_new_place",
        &f.hukou_new_place,
        false,
        200,
    );
    forms::text(
        &mut e,
        tr,
        "hukou_keep_reason",
        &f.hukou_keep_reason,
        false,
        300,
    );
    forms::text(&mut e, tr, "new_school", &f.new_school, false, 200);
    let month = f.allowance_from_month.trim();
    if !month.is_empty() && super::super::rules::parse_month(month).is_none() {
        e.add("allowance_from_month", tr.t("err.month"));
    }
    if !matches!(f.hukou.as_str(), "moved" | "kept" | "") {
        e.add("hukou", tr.t("err.choose"));
    }
    let typed = Typed {
        plan: Some(f.clone()),
        ..Typed::default()
    };
    if !e.is_empty() {
        return child_page(&state, &cu, id, tcid, typed, e).await;
    }
    let done = state
        .run(&cu, move |c, op| {
            let plan = Plan {
                adaptation_plan: &f.adaptation_plan,
                special_needs: &f.special_needs,
                sibling_note: &f.sibling_note,
                child_opinion: &f.child_opinion,
                hukou_moved: f.hukou != "kept",
                hukou_new_place: &f.hukou_new_place,
                hukou_keep_reason: &f.hukou_keep_reason,
                new_school: &f.new_school,
                allowance_from_month: &f.allowance_from_month,
            };
            service::save_plan(c, op, id, tcid, &plan)
        })
        .await;
    match done {
        Ok(()) => Ok(redirect_with(
            &format!("/transfers/{id}/children/{tcid}"),
            "flash.saved",
        )),
        Err(err) => {
            let errors = refusal_to_field(err, plan_field)?;
            child_page(&state, &cu, id, tcid, typed, errors).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CompleteForm {
    pub confirm: String,
}

pub async fn complete(
    state: State,
    cu: CurrentUser,
    path: web::Path<(BatchId, i64)>,
    form: web::Form<CompleteForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnTransfers)?;
    let (id, tcid) = path.into_inner();
    // Completion moves the child and the archive to the receiving institution: confirmed first.
    if form.confirm != "yes" {
        let mut errors = FieldErrors::default();
        errors.add("complete", cu.tr().t("err.confirm_required"));
        return child_page(&state, &cu, id, tcid, Typed::default(), errors).await;
    }
    let done = state
        .run(&cu, move |c, op| {
            service::complete_child(c, op, id, tcid, None)
        })
        .await;
    match done {
        Ok(_) => Ok(redirect_with(
            &format!("/transfers/{id}"),
            "flash.child_completed",
        )),
        // What still stands in the way is listed above the completion button.
        Err(e) => {
            let errors = refusal_to_field(e, |_| "complete")?;
            child_page(&state, &cu, id, tcid, Typed::default(), errors).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HukouForm {
    pub hukou_confirmed_on: String,
    pub hukou_confirmed_ref: String,
}

/// 户随人走: the receiving side confirms that the hukou was registered (date, police station or
/// reference); the open task closes with it.
pub async fn hukou_confirm(
    state: State,
    cu: CurrentUser,
    path: web::Path<(BatchId, i64)>,
    form: web::Form<HukouForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnTransfers)?;
    let (id, tcid) = path.into_inner();
    let f = form.into_inner();
    let done = state
        .run(&cu, move |c, op| {
            service::confirm_hukou(
                c,
                op,
                id,
                tcid,
                &service::HukouConfirmation {
                    date: &f.hukou_confirmed_on,
                    reference: &f.hukou_confirmed_ref,
                },
            )
        })
        .await;
    match done {
        Ok(()) => Ok(redirect_with(
            &format!("/transfers/{id}/children/{tcid}"),
            "flash.hukou_confirmed",
        )),
        Err(e) => {
            let errors = refusal_to_field(e, |f| match f {
                Field::HukouConfirmDate => "hukou_confirmed_on",
                Field::HukouConfirmRef => "hukou_confirmed_ref",
                _ => "hukou_confirm",
            })?;
            child_page(&state, &cu, id, tcid, Typed::default(), errors).await
        }
    }
}
