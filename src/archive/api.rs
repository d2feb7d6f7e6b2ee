//! `/api/v1/children…`: the same scopes, permissions and audit as the pages.

use super::form::ChildForm;
use super::model::{self, ChildFilter};
use super::service::{self, EditOutcome};
use crate::archive::ChildId;
use crate::audit::{self, Actor, Event};
use crate::auth::Action;
use crate::error::{ApiError, ApiResult, AppError};
use crate::platform::forms::FieldErrors;
use crate::web::{catalogue, ApiToken, ApiUser, Lang, State};
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

/// `sort` values of the list (the page falls back to the archive number for any other).
const SORTS: [&str; 3] = ["name", "birth", "intake"];
const MAX_PAGE: i64 = 1_000_000;
const MAX_PER_PAGE: i64 = 200;

/// `status` values of the list: a child status, or `all`.
fn filter_statuses() -> Vec<&'static str> {
    super::ChildStatus::ALL
        .iter()
        .map(|s| s.code())
        .chain(["all"])
        .collect()
}

/// The page forgives an odd filter (an old bookmark falls back to the default); the API says what is
/// wrong instead, so a client never takes a default it did not ask for for an answer (issue 10 point 8).
fn check_filter(f: &ChildFilter) -> Result<(), ApiError> {
    let bad = |what: &str| {
        Err(ApiError(AppError::bad(
            "bad_query",
            format!("invalid query parameter `{what}`"),
        )))
    };
    // PostgreSQL refuses a NUL in text (a 500 the fuzz run found): refuse it here as input.
    if f.q.as_deref().is_some_and(|q| q.contains('\0')) {
        return bad("q");
    }
    if f.status
        .as_deref()
        .is_some_and(|s| !filter_statuses().contains(&s))
    {
        return bad("status");
    }
    if f.sort.as_deref().is_some_and(|s| !SORTS.contains(&s)) {
        return bad("sort");
    }
    let bands = super::rules::AGE_BANDS;
    if f.age_band
        .as_deref()
        .is_some_and(|b| !bands.iter().any(|(n, _, _)| *n == b))
    {
        return bad("age_band");
    }
    if f.page.is_some_and(|p| !(1..=MAX_PAGE).contains(&p)) {
        return bad("page");
    }
    if f.per_page.is_some_and(|p| !(1..=MAX_PER_PAGE).contains(&p)) {
        return bad("per_page");
    }
    Ok(())
}

pub async fn list(
    state: State,
    tok: ApiToken,
    q: web::Query<ChildFilter>,
) -> ApiResult<HttpResponse> {
    let f = q.into_inner();
    let f2 = f.clone();
    // One hop: the token, the permission, the filter's check, the search (crate::web::deferred).
    let (_, (rows, total)) = tok
        .run(&state, Action::ViewChildren, move |c, op| {
            check_filter(&f2).map_err(|e| e.0)?;
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
    // Serialised straight from the rows (issue 11): a `json!` value would first copy every field of
    // every row into a tree of its own.
    Ok(HttpResponse::Ok().json(ListPage {
        items: &rows,
        total,
        page: f.page(),
        per_page: f.per_page(),
    }))
}

/// One page of the children list, as the OpenAPI document describes it.
#[derive(serde::Serialize)]
struct ListPage<'a> {
    items: &'a [crate::archive::ChildView],
    total: i64,
    page: i64,
    per_page: i64,
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

pub async fn read(
    state: State,
    tok: ApiToken,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let (_, child) = tok
        .run(&state, Action::ViewChildren, move |c, op| {
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
        .db(move |c, st| super::pdf::print(c, tr, &user, &actor, id, st, ""))
        .await
        .and_then(|b: Option<Vec<u8>>| b.ok_or(AppError::Forbidden))
        .map_err(|e: AppError| ApiError(e))?;
    Ok(super::handlers::pdf_response(bytes, id))
}

/// OpenAPI paths and schemas of this module's endpoints.
pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, id_param, json_body, merge, ok, one_of, pdf_ok, BODY_ERRORS};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    let bands = super::rules::AGE_BANDS.iter().map(|(n, _, _)| *n);
    let child_filters = json!([
        {"name": "q", "in": "query", "schema": {"type": "string", "pattern": "^[^\\u0000]*$"}, "description": "name (characters, full pinyin or initials), archive number or ID number; no NUL"},
        {"name": "status", "in": "query", "schema": one_of(filter_statuses())},
        {"name": "category", "in": "query", "schema": {"type": "string"}, "description": "archive class A–E or an intake category code"},
        {"name": "age_band", "in": "query", "schema": one_of(bands)},
        {"name": "institution", "in": "query", "schema": {"type": "integer", "format": "int64"}, "description": "one institution within the caller's scope"},
        {"name": "sort", "in": "query", "schema": one_of(SORTS)},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}}
    ]);
    let id = json!([id_param("id", "the child's id")]);
    let child_ref = json!({"$ref": "#/components/schemas/Child"});
    let form_body = json_body(json!({"$ref": "#/components/schemas/ChildForm"}));
    let with_body = |codes: &[&str]| errors(&[codes, &BODY_ERRORS[..]].concat());
    out.paths.push(("/api/v1/children", json!({
        "get": {"summary": "Children in the caller's scope (audited)", "parameters": child_filters,
            "responses": merge(json!({"200": ok("page", json!({"type": "object", "required": ["items", "total", "page", "per_page"], "properties": {"items": {"type": "array", "items": child_ref}, "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}}}))}), errors(&["400", "401", "403"]))},
        "post": {"summary": "Intake (入院) into the caller's institution; 422 names each field the law or the record refuses", "requestBody": form_body,
            "responses": merge(json!({"201": ok("created", child_ref.clone())}), with_body(&["401", "403", "422"]))}
    })));
    out.paths.push(("/api/v1/children/{id}", json!({
        "get": {"summary": "One archive (audited)", "parameters": id, "responses": merge(json!({"200": ok("child", child_ref.clone())}), errors(&["401", "403", "404"]))},
        "put": {"summary": "Edit, carrying `version` (409 when someone saved first); a reason is needed to correct a recorded value; 400 `archive_closed` for a discharged child", "parameters": id, "requestBody": form_body,
            "responses": merge(json!({"200": ok("child", child_ref.clone())}), with_body(&["401", "403", "404", "409", "422"]))}
    })));
    out.paths.push(("/api/v1/children/{id}/documents", json!({
        "get": {"summary": "Documents of the archive (restricted sections left out)", "parameters": id, "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"$ref": "#/components/schemas/Document"}}))}), errors(&["401", "403", "404"]))},
        "post": {"summary": "Upload a PDF, JPEG or PNG (type checked from the bytes); 400 `bad_multipart` when the body is not a readable multipart form", "parameters": id,
            "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file", "section", "title"], "properties": {
                "file": {"type": "string", "format": "binary"}, "section": one_of(crate::archive::rules::SECTIONS), "title": {"type": "string"},
                "doc_type": one_of(crate::archive::rules::DOCUMENT_TYPES), "doc_date": {"type": "string", "format": "date"}, "issuing_body": {"type": "string"},
                "replaces": {"type": "integer"}, "replace_reason": {"type": "string"}}}}}},
            "responses": merge(json!({"201": ok("created", json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}))}), errors(&["400", "401", "403", "404", "413", "415", "422"]))}
    })));
    out.paths.push(("/api/v1/children/{id}/archive.pdf", json!({
        "get": {"summary": "The archive PDF (audited)", "parameters": id, "responses": merge(json!({"200": pdf_ok("PDF")}), errors(&["401", "403", "404"]))}
    })));
    let text = json!({"type": "string"});
    let date_or_none = json!({"type": "string", "format": "date", "nullable": true});
    let text_or_none = json!({"type": "string", "nullable": true});
    // Two halves: one `json!` of all the properties exceeds the macro's recursion limit.
    let identity = json!({
        "id": {"type": "integer"}, "archive_no": text, "institution_id": {"type": "integer"},
        "status": one_of(super::ChildStatus::ALL.iter().map(|s| s.code())),
        "legal_name": text, "name_provisional": {"type": "boolean"}, "former_names": text, "sex": text,
        "birth_date": {"type": "string", "format": "date"}, "birth_date_estimated": {"type": "boolean"},
        "found_place": text_or_none, "found_date": date_or_none, "found_by": text_or_none, "police_report_no": text_or_none,
        "ethnicity": text, "hukou_status": text, "hukou_place": text_or_none, "id_number": text_or_none});
    let care = json!({
        "disability_type": text, "disability_grade": {"type": "integer", "nullable": true}, "disability_cert_no": text_or_none,
        "health_at_intake": text_or_none, "photo_document_id": {"type": "integer", "nullable": true},
        "guardian_department": text, "welfare_categories": text, "allowance_category": text,
        "intake_category": text, "archive_class": text, "case_type": text, "intake_date": {"type": "string", "format": "date"},
        "admitted_by": {"type": "integer", "nullable": true}, "responsible_user_id": {"type": "integer", "nullable": true},
        "discharge_date": date_or_none, "discharge_reason": text_or_none, "discharge_note": text_or_none,
        "version": {"type": "integer"}, "created_at": text, "updated_at": text});
    // What the one field-level rule adds (issue 10 point 1): which fields are withheld, and whether the
    // ID number is masked (a caregiver's daily-care view).
    let seen = json!({
        "hidden": {"type": "array", "items": text}, "id_number_masked": {"type": "boolean"},
        "school_name": text, "school_grade": text, "xueji_no": text});
    out.schemas.push(("Child", json!({"type": "object", "description": "An archive (一人一档) as the caller may see it: a field of a section hidden from the caller (a restriction) or outside a caregiver's daily-care subset is left out and named in `hidden`; a caregiver's ID number is masked (`id_number_masked`).",
        "required": ["id", "archive_no", "institution_id", "status", "version", "hidden", "id_number_masked"], "properties": merge(merge(identity, care), seen)})));
    out.schemas.push(("ChildForm", json!({"type": "object", "description": "Intake or edit; all values are strings as a form would send them; the service checks them against the law and answers 422 with a message per field", "properties": {
                    "legal_name": text, "sex": text, "birth_date": text, "id_number": text, "hukou_status": one_of(super::form::HUKOU_STATUSES),
                    "allowance_category": text, "intake_category": text, "case_type": text, "intake_date": text, "version": text, "reason": text}})));
    out.schemas.push(("Document", json!({"type": "object", "properties": {"id": {"type": "integer"}, "section": text, "doc_type": text, "title": text, "doc_date": text_or_none, "mime": text, "size_bytes": {"type": "integer"}, "sha256": text, "superseded_by": {"type": "integer", "nullable": true}}})));
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
