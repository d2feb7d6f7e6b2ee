//! `/api/v1/transfers…`: the same sides, checks and audit as the pages.

use super::model::{Batch, Item, TransferChild};
use super::rules::{BatchAction, BatchState, HandoverState, ItemAction, ItemState};
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
            // All or nothing (issue 10 point 8): a refused child leaves no empty draft behind.
            let id = service::roster::create_with_children(
                c,
                op,
                b.receiver_institution_id,
                &b.receiver_reason,
                b.planned_date,
                &b.child_ids,
            )?;
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

/// OpenAPI paths and schemas of this module's endpoints. A refusal by a rule of the transfer (the
/// batch's state, a child not the sender's, an amount with three decimals…) is 400 with the
/// refusal's stable code (`transfer::service::Refused`); a stale `version` is 409.
pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, id_param, json_body, merge, ok, one_of, pdf_ok, BODY_ERRORS};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    let batch = id_param("id", "the transfer batch's id");
    let child = id_param("child_id", "the archive's child id");
    let tid = json!([batch]);
    let tcid = json!([batch, child]);
    let titem = json!([batch, child, id_param("item_id", "the checklist item's id")]);
    let with_body = |codes: &[&str]| errors(&[codes, &BODY_ERRORS[..]].concat());
    let batch_ref = json!({"$ref": "#/components/schemas/TransferBatch"});
    let tdetail = json!({"type": "object", "required": ["batch", "children"], "properties": {"batch": batch_ref,
        "children": {"type": "array", "items": {"type": "object", "required": ["record", "items"], "properties": {
            "record": {"$ref": "#/components/schemas/TransferChild"},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/TransferItem"}}}}}}});
    let version = json!({"type": "integer", "format": "int32", "description": "the version last read (409 when it changed since)"});
    let batch_actions = BatchAction::ALL
        .iter()
        .filter(|a| BatchAction::requested(a.code()).is_some())
        .map(|a| a.code());
    let item_actions = ItemAction::ALL.iter().map(|a| a.code()).chain(["confirm"]);
    out.paths.push(("/api/v1/transfers", json!({
        "get": {"summary": "Transfers the caller's institution sends or receives (or oversees)", "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": batch_ref}))}), errors(&["401", "403"]))},
        "post": {"summary": "Create a transfer from the caller's county institution with its children, all or nothing: a child that is refused leaves no batch behind", "requestBody": json_body(json!({"type": "object", "required": ["planned_date"], "properties": {
            "receiver_institution_id": {"type": "integer", "format": "int64", "nullable": true, "description": "default: the city child-welfare institution of the county's city"}, "receiver_reason": {"type": "string"}, "planned_date": {"type": "string", "format": "date"}, "child_ids": {"type": "array", "items": {"type": "integer", "format": "int64"}}}})),
            "responses": merge(json!({"201": ok("created", tdetail.clone())}), with_body(&["401", "403"]))}
    })));
    out.paths.push(("/api/v1/transfers/{id}", json!({"get": {"summary": "A transfer with its children and checklist items", "parameters": tid, "responses": merge(json!({"200": ok("transfer", tdetail.clone())}), errors(&["401", "403", "404"]))}})));
    out.paths.push(("/api/v1/transfers/{id}/actions", json!({"post": {"summary": "submit, accept, return (reason), cancel (reason), carrying the version", "parameters": tid,
        "requestBody": json_body(json!({"type": "object", "required": ["action", "version"], "properties": {"action": one_of(batch_actions), "reason": {"type": "string"}, "version": version}})),
        "responses": merge(json!({"200": ok("transfer", tdetail.clone())}), with_body(&["401", "403", "404", "409"]))}})));
    out.paths.push(("/api/v1/transfers/{id}/children/{child_id}/items/{item_id}", json!({"post": {"summary": "Hand over (sender), confirm/receive or record a discrepancy (receiver), waive (receiving head)", "parameters": titem,
        "requestBody": json_body(json!({"type": "object", "required": ["action", "version"], "properties": {"action": one_of(item_actions), "note": {"type": "string"}, "quantity": {"type": "string"}, "amount": {"type": "string", "description": "yuan, at most two decimals, not negative"}, "version": version}})),
        "responses": merge(json!({"200": ok("item", json!({"type": "object", "required": ["item", "state"], "properties": {"item": {"type": "integer"}, "state": one_of(ItemState::ALL.iter().map(|s| s.code()))}}))}), with_body(&["401", "403", "404", "409"]))}})));
    out.paths.push(("/api/v1/transfers/{id}/children/{child_id}/complete", json!({"post": {"summary": "Complete the child's handover (receiving head; one transaction); no body", "parameters": tcid, "responses": merge(json!({"200": ok("transfer", tdetail)}), errors(&["400", "401", "403", "404", "409"]))}})));
    out.paths.push(("/api/v1/transfers/{id}/handover.pdf", json!({"get": {"summary": "The batch handover list PDF (audited)", "parameters": tid, "responses": merge(json!({"200": pdf_ok("PDF")}), errors(&["401", "403", "404"]))}})));
    let text = json!({"type": "string"});
    let int_or_none = json!({"type": "integer", "nullable": true});
    out.schemas.push(("TransferBatch", json!({"type": "object", "required": ["id", "state", "version"], "properties": {
        "id": {"type": "integer"}, "sender_institution_id": {"type": "integer"}, "receiver_institution_id": {"type": "integer"},
        "receiver_reason": text, "state": one_of(BatchState::ALL.iter().map(|s| s.code())), "state_reason": text,
        "planned_date": {"type": "string", "format": "date"}, "template_version": {"type": "integer"}, "created_by": {"type": "integer"},
        "created_at": text, "updated_at": text, "version": {"type": "integer"}, "reference": {"type": "string", "nullable": true}}})));
    out.schemas.push(("TransferChild", json!({"type": "object", "required": ["id", "child_id", "state", "version"], "properties": {
        "id": {"type": "integer"}, "batch_id": {"type": "integer"}, "child_id": {"type": "integer"}, "open_child_id": int_or_none,
        "state": one_of(HandoverState::ALL.iter().map(|s| s.code())), "hukou_moved": {"type": "boolean", "nullable": true},
        "completed_at": {"type": "string", "nullable": true}, "completed_by": int_or_none, "version": {"type": "integer"}}})));
    out.schemas.push(("TransferItem", json!({"type": "object", "required": ["id", "code", "state", "version"], "properties": {
        "id": {"type": "integer"}, "transfer_child_id": {"type": "integer"}, "code": text, "label": text, "mandatory": {"type": "boolean"},
        "document_id": int_or_none, "state": one_of(ItemState::ALL.iter().map(|s| s.code())), "sender_note": text, "quantity": text,
        "amount_fen": int_or_none, "receiver_note": text, "updated_by": int_or_none, "updated_at": text, "version": {"type": "integer"}}})));
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
