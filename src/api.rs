//! `/api/v1`: JSON errors with stable codes, and the OpenAPI description of every endpoint, assembled
//! from the registered modules (each describes its own endpoints in its `openapi()`).

use crate::error::{ApiError, AppError};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// What no route under `/api/v1` (or a documented platform path) matched: a path the document
/// describes with another method is 405 with `Allow` listing the documented methods (TRACE, DELETE…
/// on `/api/v1/children` — RFC 9110 §15.5.6); any other path is 404. Both in the JSON error shape.
pub async fn unmatched(req: HttpRequest) -> HttpResponse {
    let allowed = documented_methods(req.path());
    if allowed.is_empty() {
        return ApiError(AppError::NotFound).error_response();
    }
    let mut resp = ApiError(AppError::MethodNotAllowed).error_response();
    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&allowed.join(", ")) {
        resp.headers_mut().insert(actix_web::http::header::ALLOW, v);
    }
    resp
}

/// The methods the OpenAPI document lists for a concrete request path (upper case, document order).
/// A `{name}` segment of a documented path matches any one non-empty segment, as actix routes do.
pub fn documented_methods(path: &str) -> Vec<String> {
    static PATHS: OnceLock<Vec<(Vec<String>, Vec<String>)>> = OnceLock::new();
    let paths = PATHS.get_or_init(|| {
        let doc = spec();
        let Some(paths) = doc["paths"].as_object() else {
            return Vec::new();
        };
        paths
            .iter()
            .map(|(p, item)| {
                let segs = p.split('/').map(str::to_string).collect();
                let methods = item
                    .as_object()
                    .map(|m| m.keys().map(|k| k.to_uppercase()).collect())
                    .unwrap_or_default();
                (segs, methods)
            })
            .collect()
    });
    let given: Vec<&str> = path.split('/').collect();
    paths
        .iter()
        .find(|(segs, _)| {
            segs.len() == given.len()
                && segs.iter().zip(&given).all(|(s, g)| {
                    if s.starts_with('{') && s.ends_with('}') {
                        !g.is_empty()
                    } else {
                        s == g
                    }
                })
        })
        .map(|(_, m)| m.clone())
        .unwrap_or_default()
}

/// The last guard of the JSON error shape: an error response under `/api/v1` that is not JSON
/// (an extractor or a middleware of actix itself answered) is replaced by the JSON error for its status.
pub async fn json_errors(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<actix_web::body::BoxBody>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let status = res.status();
    let is_json = res
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.as_u16() < 400 || is_json {
        return Ok(res);
    }
    let err = match status.as_u16() {
        401 => AppError::Unauthorized,
        403 => AppError::Forbidden,
        404 => AppError::NotFound,
        405 => AppError::MethodNotAllowed,
        413 => AppError::TooLarge,
        415 => AppError::UnsupportedMediaType,
        400..=499 => AppError::bad("bad_request", "the request could not be read"),
        _ => AppError::Internal(format!("non-JSON error {status} under /api/v1")),
    };
    let allow = res.headers().get(actix_web::http::header::ALLOW).cloned();
    let (req, _) = res.into_parts();
    let mut fresh = ApiError(err).error_response();
    if let Some(a) = allow {
        fresh
            .headers_mut()
            .insert(actix_web::http::header::ALLOW, a);
    }
    Ok(actix_web::dev::ServiceResponse::new(req, fresh))
}

/// Extractor settings for the `/api/v1` scope, so a path or query that cannot be parsed answers in
/// the API's JSON error shape, never the HTML error page (issue 10 point 8). A path parameter that is
/// not an id (`/children/null`) names no record: 404 `not_found`, as for an id out of scope. A query
/// that does not parse (`?per_page=abc`) is 400 `bad_query`, its message saying why.
pub fn configure_extractors(scope: actix_web::Scope) -> actix_web::Scope {
    scope
        .app_data(
            web::PathConfig::default().error_handler(|_, _| ApiError(AppError::NotFound).into()),
        )
        .app_data(web::QueryConfig::default().error_handler(|e, _| {
            ApiError(AppError::bad(
                "bad_query",
                format!("invalid query parameters: {e}"),
            ))
            .into()
        }))
}

fn err_ref() -> Value {
    json!({"$ref": "#/components/schemas/Error"})
}

/// Error responses with the shared error body, for the given status codes.
pub fn errors(codes: &[&str]) -> Value {
    let mut m = serde_json::Map::new();
    for c in codes {
        m.insert(
            (*c).to_string(),
            json!({"description": "error", "content": {"application/json": {"schema": err_ref()}}}),
        );
    }
    Value::Object(m)
}

/// A JSON success response with a schema.
pub fn ok(desc: &str, schema: Value) -> Value {
    json!({"description": desc, "content": {"application/json": {"schema": schema}}})
}

/// A PDF success response.
pub fn pdf_ok(desc: &str) -> Value {
    json!({"description": desc, "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}})
}

/// A required JSON request body.
pub fn json_body(schema: Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema}}})
}

/// What every operation with a JSON body may also answer: 400 `bad_json` (not the documented shape),
/// 413 `payload_too_large`, 415 `unsupported_media_type` (not sent as `application/json`).
pub const BODY_ERRORS: [&str; 3] = ["400", "413", "415"];

/// A string that is one of these codes (built from the code enums, so the document follows the code).
pub fn one_of<'a>(codes: impl IntoIterator<Item = &'a str>) -> Value {
    json!({"type": "string", "enum": codes.into_iter().collect::<Vec<_>>()})
}

/// An integer id in the path: one that is not an integer names no record (404, like an id out of
/// scope), so every operation with an id documents 404.
pub fn id_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description,
        "schema": {"type": "integer", "format": "int64"}})
}

/// Merge two JSON objects (responses maps).
pub fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(am), Value::Object(bm)) = (a.as_object_mut(), b) {
        am.extend(bm);
    }
    a
}

/// The platform's own paths and shared schemas.
fn platform() -> crate::platform::module::OpenApi {
    let mut out = crate::platform::module::OpenApi::default();
    out.paths.push(("/api/v1/openapi.json", json!({"get": {"summary": "This document", "security": [], "responses": {"200": ok("OpenAPI 3.0 JSON", json!({"type": "object"}))}}})));
    out.paths.push(("/healthz", json!({"get": {"summary": "Liveness and database check", "security": [], "responses": {
        "200": ok("ok", json!({"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}})),
        "503": ok("database unavailable", json!({"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}))}}})));
    out.schemas.push(("Error", json!({"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string", "description": "stable machine-readable code (docs/api.md lists them), e.g. not_found, method_not_allowed, forbidden, unauthorized, invalid_credentials, account_locked, bad_json, bad_query, unsupported_media_type, payload_too_large, validation_failed, conflict, or a refusal's own code"},
                        "message": {"type": "string"},
                        "fields": {"type": "object", "description": "validation_failed only: a message per field", "additionalProperties": {"type": "string"}}}}}})));
    out.schemas.push(("User", json!({"type": "object", "properties": {"id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"}, "role": one_of(crate::auth::ALL_ROLES.iter().map(|r| r.code())), "institution_id": {"type": "integer", "nullable": true}, "division_id": {"type": "integer", "nullable": true}, "language": {"type": "string"}}})));
    out
}

/// The OpenAPI 3.0 description: the platform's part, then every registered module's.
pub fn spec() -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    let parts =
        std::iter::once(platform()).chain(crate::modules::ALL.iter().map(|m| (m.openapi)()));
    for part in parts {
        for (p, v) in part.paths {
            paths.insert(p.to_string(), v);
        }
        for (n, v) in part.schemas {
            schemas.insert(n.to_string(), v);
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Fuyu 抚育 API", "version": env!("CARGO_PKG_VERSION")},
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas
        }
    })
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(spec())
}
