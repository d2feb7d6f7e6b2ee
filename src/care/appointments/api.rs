//! `/api/v1` for appointments (预约外出, issue 15 point 2b): a child's appointments listed, planned and
//! cancelled with the same checks (APT-01, APT-02), scope and audit as the page. Bodies refuse unknown
//! fields; a refused field answers 400 with the refusal's code and `field: message`.

use super::model;
use super::service::{self, AppointmentInput};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::ApiResult;
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/children/{id}/appointments", web::get().to(list))
        .route("/children/{id}/appointments", web::post().to(create))
        .route(
            "/children/{id}/appointments/{appointment}/cancel",
            web::post().to(cancel),
        );
}

/// Every appointment of a child the caller reads (`ViewCare`), cancelled ones too; place and what
/// empty where the reader may not see them (as on the page).
pub async fn list(state: State, au: ApiUser, path: web::Path<ChildId>) -> ApiResult<HttpResponse> {
    au.require(Action::ViewCare)?;
    let child = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            crate::archive::load_in_scope(c, op.user, child)?;
            let access = crate::archive::section_access(c, child, &op.user.role, false)?;
            let users = crate::auth::model::list(c)?;
            let rows: Vec<serde_json::Value> = model::of_child(c, child)?
                .into_iter()
                .map(|a| {
                    let detail = super::sees_detail(op.user.role, &access, a.kind);
                    serde_json::json!({
                        "id": a.id,
                        "kind": a.kind.code(),
                        "starts_at": a.starts_at.format("%Y-%m-%dT%H:%M").to_string(),
                        "place": if detail { a.place.as_str() } else { "" },
                        "what": if detail { a.what.as_str() } else { "" },
                        "escort": super::escort_name(&users, a.escort_user_id, &a.escort_text),
                        "escort_user_id": a.escort_user_id,
                        "cancelled_at": a.cancelled_at,
                        "cancel_reason": a.cancel_reason,
                    })
                })
                .collect();
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "care_appointments", child).with_detail("api"),
            )?;
            Ok(rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "appointments": out })))
}

pub async fn create(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<AppointmentInput>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ManageAppointments)?;
    let child = path.into_inner();
    let b = body.into_inner();
    let id = state
        .run(&au, move |c, op| {
            service::create(c, op, child, &b).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": id })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    pub reason: String,
}

pub async fn cancel(
    state: State,
    au: ApiUser,
    path: web::Path<(ChildId, i64)>,
    body: web::Json<CancelBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ManageAppointments)?;
    let (child, id) = path.into_inner();
    let reason = body.into_inner().reason;
    state
        .run(&au, move |c, op| {
            service::cancel(c, op, child, id, &reason).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "id": id, "cancelled": true })))
}

pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, id_param, json_body, merge, ok, BODY_ERRORS};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    let with_body = |codes: &[&str]| errors(&[codes, &BODY_ERRORS[..]].concat());
    let s = json!({"type": "string"});
    let kinds: Vec<&str> = model::Kind::ALL.iter().map(|k| k.code()).collect();
    out.paths.push(("/api/v1/children/{id}/appointments", json!({
        "get": {"summary": "The child's appointments (预约外出: hospital, rehabilitation, school, other), cancelled ones too; place and what empty where the caller may not read them",
            "parameters": [id_param("id", "the archive's child id")],
            "responses": merge(json!({"200": ok("appointments", json!({"type": "object", "properties": {"appointments": {"type": "array", "items": {"type": "object"}}}}))}), errors(&["401", "403", "404"]))},
        "post": {"summary": "Plan an appointment (APT-01: not before the ward's current minute; a staff member or someone typed accompanies)",
            "parameters": [id_param("id", "the archive's child id")],
            "requestBody": json_body(json!({"type": "object", "additionalProperties": false, "required": ["kind", "starts_at", "place", "what"], "properties": {"kind": {"type": "string", "enum": kinds}, "starts_at": {"type": "string", "example": "2026-11-25T09:30", "description": "the ward's local time"}, "place": s, "what": s, "escort": {"type": "string", "description": "a staff member's user id, or empty"}, "escort_other": {"type": "string", "description": "whoever else accompanies, when no staff member is given"}}})),
            "responses": merge(json!({"201": ok("created", json!({"type": "object", "properties": {"id": {"type": "integer"}}}))}), with_body(&["401", "403", "404"]))}
    })));
    out.paths.push(("/api/v1/children/{id}/appointments/{appointment}/cancel", json!({
        "post": {"summary": "Cancel an appointment with a reason (APT-02: the record stays)",
            "parameters": [id_param("id", "the archive's child id"), id_param("appointment", "the appointment's id")],
            "requestBody": json_body(json!({"type": "object", "additionalProperties": false, "required": ["reason"], "properties": {"reason": s}})),
            "responses": merge(json!({"200": ok("cancelled", json!({"type": "object"}))}), with_body(&["401", "403", "404"]))}
    })));
    out
}
