//! `/api/v1` for the round's care-plan tasks (issue 15 point 2) and "found" on a missing-child incident
//! (point 6), with the same checks, scope, idempotency (`idem`) and audit as the pages. Bodies refuse
//! unknown fields; a refused field answers 400 with the refusal's code and `field: message`.

use super::service::{self, tasks};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{ApiResult, AppError};
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/children/{id}/shift/tasks", web::get().to(tasks_list))
        .route("/shift/tasks", web::post().to(task_mark))
        .route("/shift/incidents/{id}/found", web::post().to(found));
}

/// Today's plan tasks of a child the caller reads, with the mark in force (as on the round).
pub async fn tasks_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    let child = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            if !op.user.can(Action::RecordShift) && !op.user.can(Action::OverseeShift) {
                return Err(AppError::Forbidden);
            }
            crate::archive::load_in_scope(c, op.user, child)?;
            let access = crate::archive::section_access(c, child, &op.user.role, false)?;
            let today = super::rules::local(op.now).date();
            let lines = tasks::of_child(c, op, child, &access, today)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "shift_plan_task", child).with_detail("api"),
            )?;
            Ok(lines
                .into_iter()
                .map(|l| {
                    serde_json::json!({
                        "goal": l.task.goal_id,
                        "part": l.task.part,
                        "intervention": l.task.intervention,
                        "frequency": l.task.frequency,
                        "responsible": l.task.responsible,
                        "done": l.mark.map(|m| m.0),
                        "marked_by": l.mark.map(|m| m.1),
                        "marked_at": l.mark.map(|m| m.2),
                    })
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "day_tasks": out })))
}

/// A tap as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskBody {
    pub child: i64,
    pub goal: i64,
    pub done: bool,
    #[serde(default)]
    pub idem: String,
}

pub async fn task_mark(
    state: State,
    au: ApiUser,
    body: web::Json<TaskBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::RecordShift)?;
    let b = body.into_inner();
    let input = tasks::MarkInput {
        child: b.child.to_string(),
        goal: b.goal.to_string(),
        done: if b.done { "1" } else { "0" }.into(),
        idem: b.idem,
    };
    let out = state
        .run(&au, move |c, op| {
            tasks::mark(c, op, &input).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(repeated_or(out.is_some()))
}

/// "Found" as JSON (the ward's local time `YYYY-MM-DDTHH:MM`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoundBody {
    pub found_at: String,
    pub place: String,
    pub found_by: String,
    pub condition: String,
    #[serde(default)]
    pub medical_check: bool,
    #[serde(default)]
    pub idem: String,
}

pub async fn found(
    state: State,
    au: ApiUser,
    path: web::Path<i64>,
    body: web::Json<FoundBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::RecordIncident)?;
    let id = path.into_inner();
    let b = body.into_inner();
    let input = super::incidents::found::FoundInput {
        found_at: b.found_at,
        place: b.place,
        found_by: b.found_by,
        condition: b.condition,
        medical_check: b.medical_check,
        idem: b.idem,
        reason: String::new(),
    };
    let out = state
        .run(&au, move |c, op| {
            super::incidents::found::record(c, op, id, &input)
                .map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(repeated_or(out.is_some()))
}

fn repeated_or(recorded: bool) -> HttpResponse {
    if recorded {
        HttpResponse::Created().json(serde_json::json!({"recorded": true}))
    } else {
        HttpResponse::Ok().json(serde_json::json!({"recorded": false, "repeated": true}))
    }
}

/// The OpenAPI path items of these calls (merged into the shift module's document).
pub fn openapi_paths(out: &mut crate::platform::module::OpenApi) {
    use crate::api::{errors, id_param, json_body, merge, ok, BODY_ERRORS};
    use serde_json::json;
    let with_body = |codes: &[&str]| errors(&[codes, &BODY_ERRORS[..]].concat());
    let s = json!({"type": "string"});
    let idem = json!({"type": "string", "description": "idempotency key: a repeated request with the same key records nothing and answers 200 {\"repeated\": true}"});
    let recorded = json!({"type": "object", "properties": {"recorded": {"type": "boolean"}, "repeated": {"type": "boolean"}}});
    out.paths.push(("/api/v1/children/{id}/shift/tasks", json!({
        "get": {"summary": "Today's care-plan tasks (个性化抚养方案 interventions that apply today) of a child the caller reads, with the mark in force; a caregiver gets the daily-care and medical parts",
            "parameters": [id_param("id", "the archive's child id")],
            "responses": merge(json!({"200": ok("day_tasks", json!({"type": "object", "properties": {"day_tasks": {"type": "array", "items": {"type": "object"}}}}))}), errors(&["401", "403", "404"]))}
    })));
    out.paths.push(("/api/v1/shift/tasks", json!({
        "post": {"summary": "Mark a care-plan task of today done or not done (a later mark is in force; the history stays)",
            "requestBody": json_body(json!({"type": "object", "additionalProperties": false, "required": ["child", "goal", "done"], "properties": {"child": {"type": "integer"}, "goal": {"type": "integer"}, "done": {"type": "boolean"}, "idem": idem}})),
            "responses": merge(json!({"201": ok("recorded", recorded.clone())}), with_body(&["401", "403", "404"]))}
    })));
    out.paths.push(("/api/v1/shift/incidents/{id}/found", json!({
        "post": {"summary": "Record a missing child found (once): follow-up lines on the reports already sent (未成年人保护法 第11条; 强制报告意见 第4条第7项)",
            "parameters": [id_param("id", "the incident's id")],
            "requestBody": json_body(json!({"type": "object", "additionalProperties": false, "required": ["found_at", "place", "found_by", "condition"], "properties": {"found_at": {"type": "string", "example": "2026-11-24T15:10", "description": "the ward's local time, not before the incident, not in the future"}, "place": s, "found_by": s, "condition": s, "medical_check": {"type": "boolean"}, "idem": idem}})),
            "responses": merge(json!({"201": ok("recorded", recorded)}), with_body(&["401", "403", "404"]))}
    })));
}
