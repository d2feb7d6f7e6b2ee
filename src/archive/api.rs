//! `/api/v1/children…`: the same scopes, permissions and audit as the pages.

use super::form::ChildForm;
use super::model::{self, ChildFilter};
use super::service::{self, EditOutcome};
use crate::archive::ChildId;
use crate::audit::{self, Actor, Event};
use crate::auth::Action;
use crate::error::{ApiError, ApiResult, AppError};
use crate::platform::forms::FieldErrors;
use crate::web::{catalogue, ApiUser, Lang, State};
use actix_web::{web, HttpResponse};

fn actor(au: &ApiUser) -> Actor {
    Actor {
        user_id: Some(au.user.id),
        name: au.user.username.clone(),
        client_addr: au.client.clone(),
    }
}

fn invalid(e: &FieldErrors) -> HttpResponse {
    let fields: serde_json::Map<String, serde_json::Value> = e
        .fields()
        .into_iter()
        .map(|f| {
            (
                f.to_string(),
                serde_json::Value::String(e.msg(f).to_string()),
            )
        })
        .collect();
    HttpResponse::UnprocessableEntity().json(serde_json::json!({"error": {"code": "validation_failed", "message": "some fields are invalid", "fields": fields}}))
}

/// A child in the user's scope as the user may see it (the one field-level rule; never the row).
fn viewed(
    c: &mut crate::db::DbConn,
    user: &crate::auth::model::User,
    id: ChildId,
) -> crate::error::AppResult<crate::archive::ChildView> {
    let child = service::load(c, user, id)?;
    Ok(crate::archive::view_for(c, &child, &user.role)?)
}

pub async fn list(
    state: State,
    au: ApiUser,
    q: web::Query<ChildFilter>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewChildren)?;
    let f = q.into_inner();
    let f2 = f.clone();
    let (rows, total) = state
        .run(&au, move |c, op| {
            let sc = service::child_scope(c, op.user)?;
            let (rows, total) = model::search(c, &sc, &f2, op.today)?;
            // Every row through the one field-level rule (restricted sections, caregiver subset).
            let rows = crate::archive::views_for(c, &rows, &op.user.role)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view_list", "child", "-")
                    .with_detail(format!("api {} rows", rows.len())),
            )?;
            Ok((rows, total))
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"items": rows, "total": total, "page": f.page(), "per_page": f.per_page()})))
}

pub async fn create(
    state: State,
    au: ApiUser,
    body: web::Json<ChildForm>,
) -> ApiResult<HttpResponse> {
    au.require(Action::AdmitChild)?;
    let form = body.into_inner();
    let r = state
        .run(&au, move |c, op| service::intake(c, op, &form))
        .await?;
    match r {
        Ok(id) => {
            let user = au.user.clone();
            let child = state.db(move |c, _| viewed(c, &user, id)).await?;
            Ok(HttpResponse::Created().json(child))
        }
        Err(e) => Ok(invalid(&e)),
    }
}

pub async fn read(state: State, au: ApiUser, path: web::Path<ChildId>) -> ApiResult<HttpResponse> {
    au.require(Action::ViewChildren)?;
    let id = path.into_inner();
    let child = state
        .run(&au, move |c, op| {
            let child = viewed(c, op.user, id)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "child", id).with_detail("api"),
            )?;
            Ok(child)
        })
        .await?;
    Ok(HttpResponse::Ok().json(child))
}

pub async fn update(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<ChildForm>,
) -> ApiResult<HttpResponse> {
    au.require(Action::EditChild)?;
    let (id, form) = (path.into_inner(), body.into_inner());
    let r = state
        .run(&au, move |c, op| service::update(c, op, id, &form))
        .await?;
    match r {
        EditOutcome::Saved => {
            let user = au.user.clone();
            let child = state.db(move |c, _| viewed(c, &user, id)).await?;
            Ok(HttpResponse::Ok().json(child))
        }
        EditOutcome::Invalid(e) => Ok(invalid(&e)),
    }
}

pub async fn documents(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewChildren)?;
    let id = path.into_inner();
    let docs = state
        .run(&au, move |c, op| {
            service::load(c, op.user, id)?;
            let access = crate::archive::section_access(c, id, &op.user.role, false)?;
            let docs: Vec<model::Document> = model::documents(c, id)?
                .into_iter()
                .filter(|d| !access.hides(&d.section))
                .collect();
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "child", id).with_detail("api documents"),
            )?;
            Ok(docs)
        })
        .await?;
    Ok(HttpResponse::Ok().json(docs))
}

pub async fn upload(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    req: actix_web::HttpRequest,
    mp: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    au.require(Action::UploadDocument)?;
    let id = path.into_inner();
    // Scope and the size limit before any byte of the body is read (issue 10 point 6).
    let up = super::handlers::receive_upload(&state, &au, id, &req, mp, None)
        .await
        .map_err(ApiError)?;
    let settings = state.settings.clone();
    let r = state
        .run(&au, move |c, op| {
            service::add_document(c, op, id, up, &settings.uploads_dir())
        })
        .await?;
    match r {
        Ok(doc_id) => Ok(HttpResponse::Created().json(serde_json::json!({"id": doc_id}))),
        Err(e) => Ok(invalid(&e)),
    }
}

pub async fn pdf(state: State, au: ApiUser, path: web::Path<ChildId>) -> ApiResult<HttpResponse> {
    au.require(Action::PrintArchive)?;
    let (id, user, actor) = (path.into_inner(), au.user.clone(), actor(&au));
    let tr = catalogue(Lang::parse(&au.user.language));
    let bytes = state
        .db(move |c, st| super::pdf::print(c, tr, &user, &actor, id, st))
        .await
        .map_err(|e: AppError| ApiError(e))?;
    Ok(super::handlers::pdf_response(bytes, id))
}

/// OpenAPI paths and schemas of this module's endpoints.
pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, merge, ok};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    let child_filters = json!([
        {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "name (characters, full pinyin or initials), archive number or ID number"},
        {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["active", "discharged", "all"]}},
        {"name": "category", "in": "query", "schema": {"type": "string"}, "description": "archive class A–E or an intake category code"},
        {"name": "age_band", "in": "query", "schema": {"type": "string", "enum": ["0-2", "3-5", "6-11", "12-17", "18+"]}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["name", "birth", "intake"]}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}
    ]);
    let id_param =
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let child_ref = json!({"$ref": "#/components/schemas/Child"});
    let form_body = json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChildForm"}}}});
    out.paths.push(("/api/v1/children", json!({
        "get": {"summary": "Children in the caller's scope (audited)", "parameters": child_filters,
            "responses": merge(json!({"200": ok("page", json!({"type": "object", "properties": {"items": {"type": "array", "items": child_ref}, "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}}}))}), errors(&["401", "403"]))},
        "post": {"summary": "Intake (入院) into the caller's institution", "requestBody": form_body,
            "responses": merge(json!({"201": ok("created", child_ref.clone())}), errors(&["400", "401", "403", "422"]))}
    })));
    out.paths.push(("/api/v1/children/{id}", json!({
        "get": {"summary": "One archive (audited)", "parameters": id_param, "responses": merge(json!({"200": ok("child", child_ref.clone())}), errors(&["401", "403", "404"]))},
        "put": {"summary": "Edit, carrying `version`; a reason is needed to correct a recorded value", "parameters": id_param, "requestBody": form_body,
            "responses": merge(json!({"200": ok("child", child_ref.clone())}), errors(&["400", "401", "403", "404", "409", "422"]))}
    })));
    out.paths.push(("/api/v1/children/{id}/documents", json!({
        "get": {"summary": "Documents of the archive (restricted sections left out)", "parameters": id_param, "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"$ref": "#/components/schemas/Document"}}))}), errors(&["401", "403", "404"]))},
        "post": {"summary": "Upload a PDF, JPEG or PNG (type checked from the bytes)", "parameters": id_param,
            "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file", "section", "title"], "properties": {
                "file": {"type": "string", "format": "binary"}, "section": {"type": "string", "enum": crate::archive::rules::SECTIONS}, "title": {"type": "string"},
                "doc_type": {"type": "string", "enum": crate::archive::rules::DOCUMENT_TYPES}, "doc_date": {"type": "string", "format": "date"}, "issuing_body": {"type": "string"},
                "replaces": {"type": "integer"}, "replace_reason": {"type": "string"}}}}}},
            "responses": merge(json!({"201": ok("created", json!({"type": "object", "properties": {"id": {"type": "integer"}}}))}), errors(&["400", "401", "403", "404", "413", "422"]))}
    })));
    out.paths.push(("/api/v1/children/{id}/archive.pdf", json!({
        "get": {"summary": "The archive PDF (audited)", "parameters": id_param, "responses": merge(json!({"200": {"description": "PDF", "content": {"application/pdf": {}}}}), errors(&["401", "403", "404"]))}
    })));
    out.schemas.push(("Child", json!({"type": "object", "description": "An archive (一人一档) as the caller may see it: a field of a section hidden from the caller (restriction) or outside a caregiver's daily-care subset is left out and named in `hidden`; a caregiver's ID number is masked (`id_number_masked`)", "properties": {
                    "hidden": {"type": "array", "items": {"type": "string"}}, "id_number_masked": {"type": "boolean"},
                    "id": {"type": "integer"}, "archive_no": {"type": "string"}, "institution_id": {"type": "integer"}, "status": {"type": "string", "enum": ["active", "discharged"]},
                    "legal_name": {"type": "string"}, "sex": {"type": "string", "enum": ["M", "F"]}, "birth_date": {"type": "string", "format": "date"},
                    "intake_category": {"type": "string"}, "archive_class": {"type": "string"}, "case_type": {"type": "string"}, "intake_date": {"type": "string", "format": "date"},
                    "id_number": {"type": "string", "nullable": true}, "version": {"type": "integer"}}})));
    out.schemas.push(("ChildForm", json!({"type": "object", "description": "Intake or edit; all values are strings as a form would send them", "properties": {
                    "legal_name": {"type": "string"}, "sex": {"type": "string"}, "birth_date": {"type": "string"}, "id_number": {"type": "string"}, "hukou_status": {"type": "string", "enum": ["registered", "pending", "none"]},
                    "allowance_category": {"type": "string"}, "intake_category": {"type": "string"}, "case_type": {"type": "string"}, "intake_date": {"type": "string"}, "version": {"type": "string"}, "reason": {"type": "string"}}})));
    out.schemas.push(("Document", json!({"type": "object", "properties": {"id": {"type": "integer"}, "section": {"type": "string"}, "doc_type": {"type": "string"}, "title": {"type": "string"}, "doc_date": {"type": "string", "nullable": true}, "mime": {"type": "string"}, "size_bytes": {"type": "integer"}, "sha256": {"type": "string"}, "superseded_by": {"type": "integer", "nullable": true}}})));
    out
}

/// The archive's endpoints inside `/api/v1`.
pub fn routes(cfg: &mut actix_web::web::ServiceConfig) {
    use actix_web::web as w;
    cfg.route("/children", w::get().to(list))
        .route("/children", w::post().to(create))
        .route("/children/{id}", w::get().to(read))
        .route("/children/{id}", w::put().to(update))
        .route("/children/{id}/documents", w::get().to(documents))
        .route("/children/{id}/documents", w::post().to(upload))
        .route("/children/{id}/archive.pdf", w::get().to(pdf));
}
