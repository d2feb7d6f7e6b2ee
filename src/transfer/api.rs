//! `/api/v1/transfers…`: the same sides, checks and audit as the pages.

use super::model::{Batch, Item, TransferChild};
use super::rules::{BatchAction, ItemAction};
use super::service::{self, ItemInput};
use crate::auth::Action;
use crate::db::schema::{transfer_children as tc, transfer_items as ti};
use crate::error::{ApiError, ApiResult, AppError};
use crate::transfer::model::BatchId;
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
        let mut items: Vec<Item> = ti::table
            .filter(ti::transfer_child_id.eq(k.id))
            .order(ti::id.asc())
            .select(Item::as_select())
            .load(c)?;
        // A line naming a document of a restricted section keeps the line, not the title.
        let withheld = crate::archive::withheld_documents(c, k.child_id)?;
        let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
        for i in items.iter_mut() {
            if let Some(l) = crate::archive::withheld_label(zh, &withheld, i.document_id) {
                i.label = l;
            }
        }
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
    pub receiver_institution_id: Option<crate::org::InstitutionId>,
    #[serde(default)]
    pub receiver_reason: String,
    pub planned_date: NaiveDate,
    #[serde(default)]
    pub child_ids: Vec<crate::archive::ChildId>,
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

pub async fn read(state: State, au: ApiUser, path: web::Path<BatchId>) -> ApiResult<HttpResponse> {
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
    path: web::Path<BatchId>,
    body: web::Json<ActBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ActOnTransfers)?;
    let Some(action) = BatchAction::requested(body.action.trim()) else {
        return Err(ApiError(AppError::bad(
            "bad_action",
            "action must be submit, accept, return or cancel",
        )));
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
fn record_of(c: &mut crate::db::DbConn, batch: BatchId, child: i64) -> Result<i64, AppError> {
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
    path: web::Path<(BatchId, i64, i64)>,
    body: web::Json<ItemBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ActOnTransfers)?;
    let action: ItemAction = body.action.trim().parse().map_err(|_| {
        ApiError(AppError::bad(
            "bad_action",
            "action must be hand-over, receive (or confirm), discrepancy or waive",
        ))
    })?;
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
    path: web::Path<(BatchId, i64)>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ActOnTransfers)?;
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

pub async fn pdf(state: State, au: ApiUser, path: web::Path<BatchId>) -> ApiResult<HttpResponse> {
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

/// OpenAPI paths of this module's endpoints.
pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, merge, ok};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    let tid =
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let tcid = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "child_id", "in": "path", "required": true, "schema": {"type": "integer"}, "description": "the archive's child id"}]);
    let titem = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "child_id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "item_id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let tdetail = json!({"type": "object", "properties": {"batch": {"type": "object"}, "children": {"type": "array", "items": {"type": "object", "properties": {"record": {"type": "object"}, "items": {"type": "array", "items": {"type": "object"}}}}}}});
    out.paths.push(("/api/v1/transfers", json!({
        "get": {"summary": "Transfers the caller's institution sends or receives (or oversees)", "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"type": "object"}}))}), errors(&["401", "403"]))},
        "post": {"summary": "Create a transfer from the caller's county institution, optionally adding children", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["planned_date"], "properties": {
            "receiver_institution_id": {"type": "integer", "nullable": true, "description": "default: the city child-welfare institution of the county's city"}, "receiver_reason": {"type": "string"}, "planned_date": {"type": "string", "format": "date"}, "child_ids": {"type": "array", "items": {"type": "integer"}}}}}}},
            "responses": merge(json!({"201": ok("created", tdetail.clone())}), errors(&["400", "401", "403"]))}
    })));
    out.paths.push(("/api/v1/transfers/{id}", json!({"get": {"summary": "A transfer with its children and checklist items", "parameters": tid, "responses": merge(json!({"200": ok("transfer", tdetail.clone())}), errors(&["401", "403", "404"]))}})));
    out.paths.push(("/api/v1/transfers/{id}/actions", json!({"post": {"summary": "submit, accept, return (reason), cancel (reason), carrying the version", "parameters": tid,
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["action", "version"], "properties": {"action": {"type": "string", "enum": ["submit", "accept", "return", "cancel"]}, "reason": {"type": "string"}, "version": {"type": "integer"}}}}}},
        "responses": merge(json!({"200": ok("transfer", tdetail.clone())}), errors(&["400", "401", "403", "404", "409"]))}})));
    out.paths.push(("/api/v1/transfers/{id}/children/{child_id}/items/{item_id}", json!({"post": {"summary": "Hand over (sender), confirm/receive or record a discrepancy (receiver), waive (receiving head)", "parameters": titem,
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["action", "version"], "properties": {"action": {"type": "string", "enum": ["hand-over", "confirm", "receive", "discrepancy", "waive"]}, "note": {"type": "string"}, "quantity": {"type": "string"}, "amount": {"type": "string", "description": "yuan, at most two decimals, not negative"}, "version": {"type": "integer"}}}}}},
        "responses": merge(json!({"200": ok("item", json!({"type": "object", "properties": {"item": {"type": "integer"}, "state": {"type": "string"}}}))}), errors(&["400", "401", "403", "404", "409"]))}})));
    out.paths.push(("/api/v1/transfers/{id}/children/{child_id}/complete", json!({"post": {"summary": "Complete the child's handover (receiving head; one transaction)", "parameters": tcid, "responses": merge(json!({"200": ok("transfer", tdetail)}), errors(&["400", "401", "403", "404", "409"]))}})));
    out.paths.push(("/api/v1/transfers/{id}/handover.pdf", json!({"get": {"summary": "The batch handover list PDF (audited)", "parameters": tid, "responses": merge(json!({"200": {"description": "PDF", "content": {"application/pdf": {}}}}), errors(&["401", "403", "404"]))}})));
    out
}

/// The transfer endpoints inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/transfers", web::get().to(list))
        .route("/transfers", web::post().to(create))
        .route("/transfers/{id}", web::get().to(read))
        .route("/transfers/{id}/actions", web::post().to(act))
        .route(
            "/transfers/{id}/children/{child_id}/items/{item_id}",
            web::post().to(item),
        )
        .route(
            "/transfers/{id}/children/{child_id}/complete",
            web::post().to(complete),
        )
        .route("/transfers/{id}/handover.pdf", web::get().to(pdf));
}
