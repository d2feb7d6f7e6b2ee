//! `/api/v1`: JSON errors with stable codes, and the OpenAPI description of every endpoint, assembled
//! from the registered modules (each describes its own endpoints in its `openapi()`).

use crate::error::{ApiError, AppError};
use actix_web::HttpResponse;
use serde_json::{json, Value};

pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError(AppError::NotFound))
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
    out.paths.push(("/api/v1/openapi.json", json!({"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.0 JSON"}}}})));
    out.paths.push(("/healthz", json!({"get": {"summary": "Liveness and database check", "security": [], "responses": {"200": {"description": "ok"}, "503": {"description": "database unavailable"}}}})));
    out.schemas.push(("Error", json!({"type": "object", "properties": {"error": {"type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string", "description": "stable machine-readable code, e.g. not_found, forbidden, unauthorized, invalid_credentials, account_locked, bad_json, payload_too_large"}, "message": {"type": "string"}}}}})));
    out.schemas.push(("User", json!({"type": "object", "properties": {"id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"}, "role": {"type": "string"}, "institution_id": {"type": "integer", "nullable": true}, "division_id": {"type": "integer", "nullable": true}, "language": {"type": "string"}}})));
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
