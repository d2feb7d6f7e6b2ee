//! `/api/v1/transfers…`: the same sides, checks and audit as the pages.

use super::model::{Batch, Item, TransferChild};
use super::rules::{BatchAction, ItemAction};
use super::service::{self, ItemInput};
use crate::auth::Action;
use crate::db::schema::{transfer_children as tc, transfer_items as ti};
use crate::error::{ApiError, ApiResult, AppError};
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

fn detail(c: &mut crate::db::DbConn, b: Batch) -> AppResultJson {
    let kids: Vec<TransferChild> = tc::table
        .filter(tc::batch_id.eq(b.id))
        .order(tc::id.asc())
        .select(TransferChild::as_select())
        .load(c)?;
    let mut children = Vec::new();
    for k in kids {
        let items: Vec<Item> = ti::table
            .filter(ti::transfer_child_id.eq(k.id))
            .order(ti::id.asc())
            .select(Item::as_select())
            .load(c)?;
        children.push(serde_json::json!({"record": k, "items": items}));
    }
    Ok(serde_json::json!({"batch": b, "children": children}))
}

type AppResultJson = Result<serde_json::Value, AppError>;

pub async fn list(state: State, au: ApiUser) -> ApiResult<HttpResponse> {
    au.require(Action::ViewTransfers)?;
    let rows = state
        .run(&au, move |c, op| service::visible(c, op, 500))
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}

#[derive(Deserialize)]
pub struct CreateBody {
    pub receiver_institution_id: Option<i64>,
    #[serde(default)]
    pub receiver_reason: String,
    pub planned_date: NaiveDate,
    #[serde(default)]
    pub child_ids: Vec<i64>,
}

pub async fn create(
    state: State,
    au: ApiUser,
    body: web::Json<CreateBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::SendTransfers)?;
    let b = body.into_inner();
    let out = state
        .run(&au, move |c, op| {
            let id = service::create(
                c,
                op,
                b.receiver_institution_id,
                &b.receiver_reason,
                b.planned_date,
            )?;
            for child in &b.child_ids {
                service::add_child(c, op, id, *child)?;
            }
            let batch = service::load(c, op, id)?;
            detail(c, batch)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

pub async fn read(state: State, au: ApiUser, path: web::Path<i64>) -> ApiResult<HttpResponse> {
    au.require(Action::ViewTransfers)?;
    let id = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            let b = service::load(c, op, id)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "transfer", id).with_detail("api"),
            )?;
            detail(c, b)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Deserialize)]
pub struct ActBody {
    pub action: String,
    #[serde(default)]
    pub reason: String,
    pub version: i32,
}

pub async fn act(
    state: State,
    au: ApiUser,
    path: web::Path<i64>,
    body: web::Json<ActBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewTransfers)?;
    if au.user.role == "supervisor" {
        return Err(ApiError(AppError::Forbidden));
    }
    let action = match body.action.as_str() {
        "submit" => BatchAction::Submit,
        "accept" => BatchAction::Accept,
        "return" => BatchAction::Return,
        "cancel" => BatchAction::Cancel,
        _ => {
            return Err(ApiError(AppError::bad(
                "bad_action",
                "action must be submit, accept, return or cancel",
            )))
        }
    };
    let (id, b) = (path.into_inner(), body.into_inner());
    let out = state
        .run(&au, move |c, op| {
            service::act(c, op, id, action, &b.reason, b.version)?;
            let batch = service::load(c, op, id)?;
            detail(c, batch)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Deserialize)]
pub struct ItemBody {
    /// hand-over, receive (or confirm), discrepancy, waive
    pub action: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub amount: String,
    pub version: i32,
}

/// The child's transfer record in this batch (the path names the archive's child id).
fn record_of(c: &mut crate::db::DbConn, batch: i64, child: i64) -> Result<i64, AppError> {
    tc::table
        .filter(tc::batch_id.eq(batch))
        .filter(tc::child_id.eq(child))
        .select(tc::id)
        .first(c)
        .optional()?
        .ok_or(AppError::NotFound)
}

pub async fn item(
    state: State,
    au: ApiUser,
    path: web::Path<(i64, i64, i64)>,
    body: web::Json<ItemBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewTransfers)?;
    let action = match body.action.as_str() {
        "hand-over" => ItemAction::HandOver,
        "receive" | "confirm" => ItemAction::Receive,
        "discrepancy" => ItemAction::RecordDiscrepancy,
        "waive" => ItemAction::Waive,
        _ => {
            return Err(ApiError(AppError::bad(
                "bad_action",
                "action must be hand-over, receive, discrepancy or waive",
            )))
        }
    };
    let ((id, child, item_id), b) = (path.into_inner(), body.into_inner());
    let out = state
        .run(&au, move |c, op| {
            service::load(c, op, id)?;
            let rec = record_of(c, id, child)?;
            let belongs: i64 = ti::table
                .filter(ti::id.eq(item_id))
                .filter(ti::transfer_child_id.eq(rec))
                .count()
                .get_result(c)?;
            if belongs == 0 {
                return Err(AppError::NotFound);
            }
            let state = service::item_act(
                c,
                op,
                id,
                item_id,
                action,
                &ItemInput {
                    note: &b.note,
                    quantity: &b.quantity,
                    amount: &b.amount,
                    version: b.version,
                },
            )?;
            Ok(serde_json::json!({"item": item_id, "state": state.code()}))
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

pub async fn complete(
    state: State,
    au: ApiUser,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewTransfers)?;
    let (id, child) = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            service::load(c, op, id)?;
            let rec = record_of(c, id, child)?;
            service::complete_child(c, op, id, rec, None)?;
            let batch = service::load(c, op, id)?;
            detail(c, batch)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

pub async fn pdf(state: State, au: ApiUser, path: web::Path<i64>) -> ApiResult<HttpResponse> {
    au.require(Action::ViewTransfers)?;
    let id = path.into_inner();
    let bytes = state
        .run(&au, move |c, op| {
            let b = service::load(c, op, id)?;
            let doc = super::pdf::build(c, op.tr, &b, None)?;
            let bytes = crate::pdf::render(&doc).map_err(AppError::internal)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("print", "transfer", id).with_detail("api batch"),
            )?;
            Ok(bytes)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}
