//! `/api/v1` for the shift (issue 15 point 9): a child's daily care log and MAR entries, listed and
//! created with the same checks, scope, idempotency and audit as the pages. A refused field answers 400
//! with the refusal's code and `field: message`; malformed JSON is refused by the platform (400/422
//! naming the field). Incidents (point 6) are listed and created with the register's scope: incidents
//! naming a staff member only for the head and the supervisor.

use super::model;
use super::service::{self, log, mar};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{ApiResult, AppError};
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/children/{id}/shift/log", web::get().to(log_list))
        .route("/shift/log", web::post().to(log_create))
        .route("/children/{id}/shift/doses", web::get().to(doses_list))
        .route("/shift/doses", web::post().to(dose_create))
        .route("/shift/prn", web::post().to(prn_create))
        .route("/shift/incidents", web::post().to(incident_create));
    // incidents read with their body map and photos in force (session 8)
    super::api_incidents::routes(cfg);
    // plan tasks and "found" (points 2 and 6)
    super::api_tasks::routes(cfg);
}

/// The child in the caller's scope for reading shift records (staff who work or oversee the ward).
fn readable(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    child: ChildId,
    what: &str,
) -> Result<(), AppError> {
    if !op.user.can(Action::RecordShift) && !op.user.can(Action::OverseeShift) {
        return Err(AppError::Forbidden);
    }
    crate::archive::load_in_scope(c, op.user, child)?;
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("view", what, child).with_detail("api"),
    )?;
    Ok(())
}

#[derive(Deserialize)]
pub struct DayQuery {
    /// Absent: today. Present, it must be a date exactly as the OpenAPI document says (an empty or
    /// padded value is a 400, never taken for today).
    day: Option<String>,
    /// Absent: this month. Present: `YYYY-MM` exactly.
    month: Option<String>,
}

pub async fn log_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    q: web::Query<DayQuery>,
) -> ApiResult<HttpResponse> {
    let child = path.into_inner();
    let day = q.day.clone();
    let out = state
        .run(&au, move |c, op| {
            readable(c, op, child, "shift_log")?;
            let day = match day.as_deref() {
                None => super::rules::local(op.now).date(),
                Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .ok()
                    .filter(|p| p.format("%Y-%m-%d").to_string() == d)
                    .ok_or_else(|| {
                        AppError::bad("shift_bad_date", "day: not a date (YYYY-MM-DD)")
                    })?,
            };
            Ok(model::log_of_day(c, &[i64::from(child)], day)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

pub async fn log_create(
    state: State,
    au: ApiUser,
    body: web::Json<log::LogInput>,
) -> ApiResult<HttpResponse> {
    au.require(Action::RecordShift)?;
    let b = body.into_inner();
    let out = state
        .run(&au, move |c, op| {
            log::quick(c, op, &b).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(match out {
        Some(ids) => HttpResponse::Created().json(serde_json::json!({"ids": ids})),
        None => HttpResponse::Ok().json(serde_json::json!({"ids": [], "repeated": true})),
    })
}

pub async fn doses_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    q: web::Query<DayQuery>,
) -> ApiResult<HttpResponse> {
    let child = path.into_inner();
    let month = q.month.clone();
    let out = state
        .run(&au, move |c, op| {
            readable(c, op, child, "shift_dose")?;
            let m = match month.as_deref() {
                None => super::rules::local(op.now).date(),
                Some(m) => chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
                    .ok()
                    .filter(|p| p.format("%Y-%m").to_string() == m)
                    .ok_or_else(|| {
                        AppError::bad("shift_bad_date", "month: not a month (YYYY-MM)")
                    })?,
            };
            let (from, to) = mar::month_bounds(m);
            Ok(model::doses_between(c, i64::from(child), from, to)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

fn created(out: Option<i64>) -> HttpResponse {
    match out {
        Some(id) => HttpResponse::Created().json(serde_json::json!({"id": id})),
        None => HttpResponse::Ok().json(serde_json::json!({"repeated": true})),
    }
}

pub async fn dose_create(
    state: State,
    au: ApiUser,
    body: web::Json<mar::MarkInput>,
) -> ApiResult<HttpResponse> {
    au.require(Action::RecordShift)?;
    let b = body.into_inner();
    let out = state
        .run(&au, move |c, op| {
            mar::mark(c, op, &b).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(created(out))
}

pub async fn prn_create(
    state: State,
    au: ApiUser,
    body: web::Json<mar::PrnInput>,
) -> ApiResult<HttpResponse> {
    au.require(Action::RecordShift)?;
    let b = body.into_inner();
    let out = state
        .run(&au, move |c, op| {
            mar::prn(c, op, &b).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(created(out))
}

pub async fn incident_create(
    state: State,
    au: ApiUser,
    body: web::Json<super::incidents::service::IncidentInput>,
) -> ApiResult<HttpResponse> {
    au.require(Action::RecordIncident)?;
    let b = body.into_inner();
    let out = state
        .run(&au, move |c, op| {
            super::incidents::service::create(c, op, &b).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(created(out))
}

pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, id_param, json_body, merge, ok, BODY_ERRORS};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    let params = json!([id_param("id", "the archive's child id")]);
    let with_body = |codes: &[&str]| errors(&[codes, &BODY_ERRORS[..]].concat());
    let s = json!({"type": "string"});
    let idem = json!({"type": "string", "description": "idempotency key: a repeated request with the same key records nothing and answers 200 {\"repeated\": true}"});
    let items = json!({"type": "array", "items": {"type": "object"}});
    let created = json!({"type": "object", "properties": {"id": {"type": "integer"}, "repeated": {"type": "boolean"}}});
    out.paths.push(("/api/v1/children/{id}/shift/log", json!({
        "get": {"summary": "The child's daily care log of a day (日常照料记录, CARE-05), every version: a correction supersedes an entry", "parameters": [params[0].clone(), {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}}], "responses": merge(json!({"200": ok("entries", items.clone())}), errors(&["400", "401", "403", "404"]))}
    })));
    out.paths.push(("/api/v1/shift/log", json!({
        "post": {"summary": "Record one observation for several children at once (kind: meal, sleep, toilet, mood, temperature, activity, note)",
            "requestBody": json_body(json!({"type": "object", "required": ["children", "kind"], "properties": {"children": {"type": "array", "items": {"type": "integer"}}, "kind": s, "value": s, "temperature": {"type": "string", "example": "36.8"}, "note": s, "idem": idem}})),
            "responses": merge(json!({"201": ok("ids", json!({"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "integer"}}}}))}), with_body(&["401", "403", "404"]))}
    })));
    out.paths.push(("/api/v1/children/{id}/shift/doses", json!({
        "get": {"summary": "The child's medication administration record (MAR) of a month", "parameters": [params[0].clone(), {"name": "month", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$", "example": "2026-11"}}], "responses": merge(json!({"200": ok("doses", items)}), errors(&["400", "401", "403", "404"]))}
    })));
    out.paths.push(("/api/v1/shift/doses", json!({
        "post": {"summary": "Mark a scheduled dose (MAR-02: given / refused / withheld / missed; a reason for all but given)",
            "requestBody": json_body(json!({"type": "object", "required": ["child", "order", "due", "outcome"], "properties": {"child": s, "order": s, "due": {"type": "string", "example": "2026-11-24T08:00"}, "outcome": {"type": "string", "enum": ["given", "refused", "withheld", "missed"]}, "reason": s, "idem": idem}})),
            "responses": merge(json!({"201": ok("created", created.clone())}), with_body(&["401", "403", "404"]))}
    })));
    out.paths.push(("/api/v1/shift/prn", json!({
        "post": {"summary": "Record an as-needed (PRN, 必要时) dose given now, with the reason",
            "requestBody": json_body(json!({"type": "object", "required": ["child", "order", "reason"], "properties": {"child": s, "order": s, "reason": s, "idem": idem}})),
            "responses": merge(json!({"201": ok("created", created.clone())}), with_body(&["401", "403", "404"]))}
    })));
    let kinds: Vec<&str> = super::rules::IncidentKind::ALL
        .iter()
        .map(|k| k.code())
        .collect();
    let incident = json!({"type": "object", "properties": {"id": {"type": "integer"}, "institution_id": {"type": "integer"}, "kind": {"type": "string", "enum": kinds}, "occurred_at": s, "place": s, "description": s, "action_taken": s, "serious": {"type": "boolean"}, "staff_involved": {"type": "boolean"}, "recorded_by": {"type": "integer"}, "recorded_at": s, "reviewed_by": {"type": "integer", "nullable": true}, "reviewed_at": {"type": "string", "nullable": true}}});
    out.paths.push(("/api/v1/shift/incidents", json!({
        "get": {"summary": "The incident register (事件登记) the caller may read, each incident with its body marks and photos in force; incidents naming a staff member only for the head and the supervisor",
            "responses": merge(json!({"200": ok("incidents", json!({"type": "array", "items": super::api_incidents::schema(&incident)}))}), errors(&["401", "403"]))},
        "post": {"summary": "Record an incident (INC-01): the head is told at once; a missing child or suspected abuse starts the mandatory report (未成年人保护法 第11条; 强制报告意见 第2条、第4条)",
            "requestBody": json_body(json!({"type": "object", "additionalProperties": false, "required": ["kind", "occurred", "place", "description", "action_taken", "children"], "properties": {"kind": {"type": "string", "enum": kinds}, "occurred": {"type": "string", "description": "the ward's local time, YYYY-MM-DDTHH:MM, not later than now", "example": "2026-11-24T14:30"}, "place": s, "description": s, "action_taken": s, "serious": {"type": "boolean"}, "children": {"type": "array", "items": {"type": "integer"}}, "staff": {"type": "array", "items": {"type": "integer"}}, "idem": idem}})),
            "responses": merge(json!({"201": ok("created", created)}), with_body(&["401", "403", "404"]))}
    })));
    super::api_tasks::openapi_paths(&mut out);
    super::api_incidents::openapi_paths(&mut out, &incident);
    out
}
