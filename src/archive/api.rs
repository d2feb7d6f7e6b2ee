//! `/api/v1/children…`: the same scopes, permissions and audit as the pages.

use super::form::ChildForm;
use super::model::{self, ChildFilter};
use super::service::{self, EditOutcome};
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
            let r = model::search(c, &sc, &f2, op.today)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view_list", "child", "-")
                    .with_detail(format!("api {} rows", r.0.len())),
            )?;
            Ok(r)
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
            let child = state.db(move |c, _| service::load(c, &user, id)).await?;
            Ok(HttpResponse::Created().json(child))
        }
        Err(e) => Ok(invalid(&e)),
    }
}

pub async fn read(state: State, au: ApiUser, path: web::Path<i64>) -> ApiResult<HttpResponse> {
    au.require(Action::ViewChildren)?;
    let id = path.into_inner();
    let child = state
        .run(&au, move |c, op| {
            let child = service::load(c, op.user, id)?;
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
    path: web::Path<i64>,
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
            let child = state.db(move |c, _| service::load(c, &user, id)).await?;
            Ok(HttpResponse::Ok().json(child))
        }
        EditOutcome::Invalid(e) => Ok(invalid(&e)),
    }
}

pub async fn documents(state: State, au: ApiUser, path: web::Path<i64>) -> ApiResult<HttpResponse> {
    au.require(Action::ViewChildren)?;
    let id = path.into_inner();
    let docs = state
        .run(&au, move |c, op| {
            service::load(c, op.user, id)?;
            let restrictions = model::active_restrictions(c, id)?;
            let docs: Vec<model::Document> = model::documents(c, id)?
                .into_iter()
                .filter(|d| !restrictions.iter().any(|k| k.hides(&d.section)))
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
    path: web::Path<i64>,
    mp: actix_multipart::Multipart,
) -> ApiResult<HttpResponse> {
    au.require(Action::UploadDocument)?;
    let id = path.into_inner();
    let up = super::handlers::read_upload_pub(mp)
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

pub async fn pdf(state: State, au: ApiUser, path: web::Path<i64>) -> ApiResult<HttpResponse> {
    au.require(Action::PrintArchive)?;
    let (id, user, actor) = (path.into_inner(), au.user.clone(), actor(&au));
    let tr = catalogue(Lang::parse(&au.user.language));
    let bytes = state
        .db(move |c, st| super::pdf::print(c, tr, &user, &actor, id, st))
        .await
        .map_err(|e: AppError| ApiError(e))?;
    Ok(super::handlers::pdf_response(bytes, id))
}
