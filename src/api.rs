//! `/api/v1`: JSON errors with stable codes, and the OpenAPI description of every endpoint.

use crate::error::{ApiError, AppError};
use actix_web::HttpResponse;

pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError(AppError::NotFound))
}

fn err_ref() -> serde_json::Value {
    serde_json::json!({"$ref": "#/components/schemas/Error"})
}

fn errors(codes: &[&str]) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for c in codes {
        m.insert((*c).to_string(), serde_json::json!({"description": "error", "content": {"application/json": {"schema": err_ref()}}}));
    }
    serde_json::Value::Object(m)
}

/// The OpenAPI 3.0 description. Each module adds its paths here.
pub fn spec() -> serde_json::Value {
    use serde_json::json;
    let mut paths = serde_json::Map::new();
    let ok = |desc: &str, schema: serde_json::Value| json!({"description": desc, "content": {"application/json": {"schema": schema}}});
    paths.insert("/api/v1/login".into(), json!({"post": {
        "summary": "Exchange username and password for a bearer token", "security": [],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["username","password"],
            "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}}}},
        "responses": merge(json!({"200": ok("token", json!({"type": "object", "properties": {"token": {"type": "string"}, "expires_in_seconds": {"type": "integer"}}}))}), errors(&["400", "401"]))}}));
    paths.insert("/api/v1/logout".into(), json!({"post": {"summary": "Revoke the bearer token used", "responses": merge(json!({"204": {"description": "revoked"}}), errors(&["401"]))}}));
    paths.insert("/api/v1/me".into(), json!({"get": {"summary": "The caller's account", "responses": merge(json!({"200": ok("account", json!({"$ref": "#/components/schemas/User"}))}), errors(&["401"]))}}));
    paths.insert("/api/v1/institutions".into(), json!({"get": {"summary": "Institutions in the caller's scope", "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"$ref": "#/components/schemas/Institution"}}))}), errors(&["401", "403"]))}}));
    paths.insert("/api/v1/users".into(), json!({"get": {"summary": "All accounts (admin only)", "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"$ref": "#/components/schemas/User"}}))}), errors(&["401", "403"]))}}));
    paths.insert("/api/v1/openapi.json".into(), json!({"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.0 JSON"}}}}));
    paths.insert("/healthz".into(), json!({"get": {"summary": "Liveness and database check", "security": [], "responses": {"200": {"description": "ok"}, "503": {"description": "database unavailable"}}}}));
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Fuyu 抚育 API", "version": env!("CARGO_PKG_VERSION")},
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string", "description": "stable machine-readable code, e.g. not_found, forbidden, unauthorized, invalid_credentials, account_locked, bad_json, payload_too_large"}, "message": {"type": "string"}}}}},
                "User": {"type": "object", "properties": {"id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"}, "role": {"type": "string"}, "institution_id": {"type": "integer", "nullable": true}, "division_id": {"type": "integer", "nullable": true}, "language": {"type": "string"}}},
                "Institution": {"type": "object", "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "kind": {"type": "string", "enum": ["city-welfare", "county-welfare", "protection-centre", "civil-affairs"]}, "name": {"type": "string"}, "division_code": {"type": "string"}, "division_name": {"type": "string"}, "address": {"type": "string"}, "contact_email": {"type": "string"}, "bed_capacity": {"type": "integer"}}}
            }
        }
    })
}

fn merge(mut a: serde_json::Value, b: serde_json::Value) -> serde_json::Value {
    if let (Some(am), serde_json::Value::Object(bm)) = (a.as_object_mut(), b) {
        am.extend(bm);
    }
    a
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(spec())
}
