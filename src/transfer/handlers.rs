//! Transfer pages: list and create, a batch with its children, timeline and actions, and each child's
//! checklist and plan. Refusals from the service come back as pages with the reason.

use super::model::{Batch, Item, TransferChild};
use super::rules::{BatchAction, ItemAction, Side};
use super::service::{self, ItemInput, Plan};
use crate::archive::service::Op;
use crate::auth::Action;
use crate::db::schema::{
    children, institutions, transfer_children as tc, transfer_events as te, transfer_items as ti,
};
use crate::error::{AppError, AppResult};
use crate::web::{redirect, render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

pub struct BatchLine {
    pub batch: Batch,
    pub sender: String,
    pub receiver: String,
    pub state_label: String,
}

#[derive(Template)]
#[template(path = "transfer/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<BatchLine>,
    pub can_send: bool,
    pub receivers: Vec<(i64, String)>,
    pub today: String,
}

fn names(conn: &mut crate::db::DbConn) -> QueryResult<Vec<(i64, String, String)>> {
    institutions::table
        .select((institutions::id, institutions::name, institutions::kind))
        .load(conn)
}

fn name_of(all: &[(i64, String, String)], id: i64) -> String {
    all.iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, n, _)| n.clone())
        .unwrap_or_default()
}

pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (user, actor) = (cu.user.clone(), cu.actor());
    let (rows, all, today) = state
        .db(move |c, st| {
            let op = Op::now(
                crate::web::catalogue(crate::web::Lang::Zh),
                &user,
                &actor,
                st.clock.as_ref(),
            );
            let rows = service::visible(c, &op, 500)?;
            Ok((rows, names(c)?, st.clock.today()))
        })
        .await?;
    let tr = cu.tr();
    render(&ListPage {
        rows: rows
            .into_iter()
            .map(|b| BatchLine {
                sender: name_of(&all, b.sender_institution_id),
                receiver: name_of(&all, b.receiver_institution_id),
                state_label: tr.t(&format!("transfer.state.{}", b.state)).to_string(),
                batch: b,
            })
            .collect(),
        can_send: cu.user.can(Action::SendTransfers),
        receivers: all
            .iter()
            .filter(|(_, _, k)| k == "city-welfare" || k == "county-welfare")
            .map(|(i, n, _)| (*i, n.clone()))
            .collect(),
        today: today.to_string(),
        ctx: Ctx::for_user(&cu),
    })
}

#[derive(Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    pub receiver: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub planned_date: String,
}

pub async fn create(
    state: State,
    cu: CurrentUser,
    form: web::Form<CreateForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let f = form.into_inner();
    let tr = cu.tr();
    let planned = NaiveDate::parse_from_str(f.planned_date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::bad("bad_date", tr.t("err.date")))?;
    let receiver = f.receiver.trim().parse::<i64>().ok();
    let (user, actor) = (cu.user.clone(), cu.actor());
    let id = state
        .db(move |c, st| {
            service::create(
                c,
                &Op::now(tr, &user, &actor, st.clock.as_ref()),
                receiver,
                &f.reason,
                planned,
            )
        })
        .await?;
    Ok(redirect(&format!("/transfers/{id}")))
}

pub struct KidLine {
    pub tc: TransferChild,
    pub archive_no: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "transfer/batch.html")]
pub struct BatchPage {
    pub ctx: Ctx,
    pub batch: Batch,
    pub sender: String,
    pub receiver: String,
    pub state_label: String,
    pub kids: Vec<KidLine>,
    pub events: Vec<(String, String, String)>,
    pub candidates: Vec<(i64, String)>,
    pub is_sender: bool,
    pub is_receiver: bool,
    pub can_preview: bool,
}

pub async fn show(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let id = path.into_inner();
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    let (b, side, kids, events, candidates, all) = state
        .db(move |c, st| {
            let op = Op::now(tr, &user, &actor, st.clock.as_ref());
            let b = service::load(c, &op, id)?;
            let side = service::side_of(&op, &b);
            let kids: Vec<(TransferChild, String, String)> = tc::table
                .inner_join(children::table)
                .filter(tc::batch_id.eq(id))
                .select((
                    TransferChild::as_select(),
                    children::archive_no,
                    children::legal_name,
                ))
                .load(c)?;
            let events: Vec<(chrono::NaiveDateTime, String, String)> = te::table
                .filter(te::batch_id.eq(id))
                .order(te::id.asc())
                .select((te::at, te::action, te::detail))
                .load(c)?;
            let candidates: Vec<(i64, String)> = if side == Some(Side::Sender) {
                children::table
                    .filter(children::institution_id.eq(b.sender_institution_id))
                    .filter(children::status.eq(crate::archive::model::ACTIVE))
                    .order(children::archive_no.asc())
                    .select((children::id, children::archive_no))
                    .limit(500)
                    .load(c)?
            } else {
                vec![]
            };
            crate::audit::record_alone(
                c,
                st.clock.now(),
                &actor,
                &crate::audit::Event::ok("view", "transfer", id),
            )?;
            Ok((b, side, kids, events, candidates, names(c)?))
        })
        .await?;
    render(&BatchPage {
        sender: name_of(&all, b.sender_institution_id),
        receiver: name_of(&all, b.receiver_institution_id),
        state_label: tr.t(&format!("transfer.state.{}", b.state)).to_string(),
        kids: kids
            .into_iter()
            .map(|(tc, archive_no, name)| KidLine {
                tc,
                archive_no,
                name,
            })
            .collect(),
        events: events
            .into_iter()
            .map(|(at, a, d)| {
                (
                    (at + chrono::Duration::hours(8))
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    tr.t(&format!("transfer.event.{a}")).to_string(),
                    d,
                )
            })
            .collect(),
        candidates,
        is_sender: side == Some(Side::Sender),
        is_receiver: side == Some(Side::Receiver),
        can_preview: super::preview::may_preview(side, &cu.user.role, &b.state),
        batch: b,
        ctx: Ctx::for_user(&cu),
    })
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    pub child_id: String,
}

pub async fn add_child(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<AddForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let id = path.into_inner();
    let child: i64 = form
        .child_id
        .trim()
        .parse()
        .map_err(|_| AppError::bad("bad_child", cu.tr().t("err.choose")))?;
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    state
        .db(move |c, st| {
            service::add_child(c, &Op::now(tr, &user, &actor, st.clock.as_ref()), id, child)
        })
        .await?;
    Ok(redirect(&format!("/transfers/{id}")))
}

#[derive(Deserialize)]
pub struct ActForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub version: String,
}

pub async fn act(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<ActForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let id = path.into_inner();
    let action = match form.action.as_str() {
        "submit" => BatchAction::Submit,
        "accept" => BatchAction::Accept,
        "return" => BatchAction::Return,
        "cancel" => BatchAction::Cancel,
        _ => return Err(AppError::bad("bad_action", cu.tr().t("err.choose"))),
    };
    if cu.user.role == "supervisor" {
        return Err(AppError::Forbidden);
    }
    let version: i32 = form
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::bad("bad_version", cu.tr().t("err.stale_version")))?;
    let (user, actor, tr, reason) = (cu.user.clone(), cu.actor(), cu.tr(), form.reason.clone());
    state
        .db(move |c, st| {
            service::act(
                c,
                &Op::now(tr, &user, &actor, st.clock.as_ref()),
                id,
                action,
                &reason,
                version,
            )
        })
        .await?;
    Ok(redirect(&format!("/transfers/{id}")))
}

pub struct ItemLine {
    pub item: Item,
    pub state_label: String,
    pub amount: String,
}

#[derive(Template)]
#[template(path = "transfer/child.html")]
pub struct ChildPage {
    pub ctx: Ctx,
    pub batch: Batch,
    pub tc: TransferChild,
    pub archive_no: String,
    pub name: String,
    pub items: Vec<ItemLine>,
    pub is_sender: bool,
    pub is_receiver: bool,
    pub is_receiving_head: bool,
    pub accepted: bool,
}

pub async fn child(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (id, tcid) = path.into_inner();
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    let (b, side, kid, archive_no, name, items) = state
        .db(move |c, st| {
            let op = Op::now(tr, &user, &actor, st.clock.as_ref());
            let b = service::load(c, &op, id)?;
            let side = service::side_of(&op, &b);
            let (kid, archive_no, name): (TransferChild, String, String) = tc::table
                .inner_join(children::table)
                .filter(tc::id.eq(tcid))
                .filter(tc::batch_id.eq(id))
                .select((
                    TransferChild::as_select(),
                    children::archive_no,
                    children::legal_name,
                ))
                .first(c)
                .optional()?
                .ok_or(AppError::NotFound)?;
            let items: Vec<Item> = ti::table
                .filter(ti::transfer_child_id.eq(tcid))
                .order(ti::id.asc())
                .select(Item::as_select())
                .load(c)?;
            Ok((b, side, kid, archive_no, name, items))
        })
        .await?;
    render(&ChildPage {
        accepted: b.state == "accepted",
        is_sender: side == Some(Side::Sender),
        is_receiver: side == Some(Side::Receiver),
        is_receiving_head: side == Some(Side::Receiver) && cu.user.role == "head",
        items: items
            .into_iter()
            .map(|i| ItemLine {
                state_label: tr.t(&format!("transfer.item.{}", i.state)).to_string(),
                amount: i
                    .amount_fen
                    .map(super::rules::format_fen)
                    .unwrap_or_default(),
                item: i,
            })
            .collect(),
        batch: b,
        tc: kid,
        archive_no,
        name,
        ctx: Ctx::for_user(&cu),
    })
}

#[derive(Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub back: String,
}

pub async fn item(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<ItemForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (id, item_id) = path.into_inner();
    let f = form.into_inner();
    let action = match f.action.as_str() {
        "hand-over" => ItemAction::HandOver,
        "receive" => ItemAction::Receive,
        "discrepancy" => ItemAction::RecordDiscrepancy,
        "waive" => ItemAction::Waive,
        _ => return Err(AppError::bad("bad_action", cu.tr().t("err.choose"))),
    };
    let version: i32 = f
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::bad("bad_version", cu.tr().t("err.stale_version")))?;
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    let back: i64 = f.back.trim().parse().unwrap_or(0);
    state
        .db(move |c, st| {
            let input = ItemInput {
                note: &f.note,
                quantity: &f.quantity,
                amount: &f.amount,
                version,
            };
            service::item_act(
                c,
                &Op::now(tr, &user, &actor, st.clock.as_ref()),
                id,
                item_id,
                action,
                &input,
            )
        })
        .await?;
    Ok(redirect(&format!("/transfers/{id}/children/{back}")))
}

#[derive(Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    pub adaptation_plan: String,
    #[serde(default)]
    pub special_needs: String,
    #[serde(default)]
    pub sibling_note: String,
    #[serde(default)]
    pub child_opinion: String,
    #[serde(default)]
    pub hukou: String,
    #[serde(default)]
    pub hukou_new_place: String,
    #[serde(default)]
    pub hukou_keep_reason: String,
    #[serde(default)]
    pub new_school: String,
    #[serde(default)]
    pub allowance_from_month: String,
}

pub async fn plan(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<PlanForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let (id, tcid) = path.into_inner();
    let f = form.into_inner();
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    state
        .db(move |c, st| {
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
            service::save_plan(
                c,
                &Op::now(tr, &user, &actor, st.clock.as_ref()),
                id,
                tcid,
                &plan,
            )
        })
        .await?;
    Ok(redirect(&format!("/transfers/{id}/children/{tcid}")))
}

pub async fn complete(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (id, tcid) = path.into_inner();
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    state
        .db(move |c, st| {
            service::complete_child(
                c,
                &Op::now(tr, &user, &actor, st.clock.as_ref()),
                id,
                tcid,
                None,
            )
        })
        .await?;
    Ok(redirect(&format!("/transfers/{id}")))
}

async fn handover_pdf(
    state: State,
    cu: CurrentUser,
    id: i64,
    only: Option<i64>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    let bytes = state
        .db(move |c, st| {
            let b = service::load(c, &Op::now(tr, &user, &actor, st.clock.as_ref()), id)?;
            let doc = super::pdf::build(c, tr, &b, only)?;
            let bytes = crate::pdf::render(&doc).map_err(AppError::internal)?;
            crate::audit::record_alone(
                c,
                st.clock.now(),
                &actor,
                &crate::audit::Event::ok("print", "transfer", id).with_detail(
                    only.map(|t| format!("child {t}"))
                        .unwrap_or_else(|| "batch".into()),
                ),
            )?;
            Ok(bytes)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"handover-{id}.pdf\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

pub async fn batch_pdf(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    handover_pdf(state, cu, path.into_inner(), None).await
}

pub async fn child_pdf(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let (id, tcid) = path.into_inner();
    handover_pdf(state, cu, id, Some(tcid)).await
}
