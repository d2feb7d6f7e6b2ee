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
    paths.insert("/api/v1/children".into(), json!({
        "get": {"summary": "Children in the caller's scope (audited)", "parameters": child_filters,
            "responses": merge(json!({"200": ok("page", json!({"type": "object", "properties": {"items": {"type": "array", "items": child_ref}, "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"}}}))}), errors(&["401", "403"]))},
        "post": {"summary": "Intake (入院) into the caller's institution", "requestBody": form_body,
            "responses": merge(json!({"201": ok("created", child_ref.clone())}), errors(&["400", "401", "403", "422"]))}
    }));
    paths.insert("/api/v1/children/{id}".into(), json!({
        "get": {"summary": "One archive (audited)", "parameters": id_param, "responses": merge(json!({"200": ok("child", child_ref.clone())}), errors(&["401", "403", "404"]))},
        "put": {"summary": "Edit, carrying `version`; a reason is needed to correct a recorded value", "parameters": id_param, "requestBody": form_body,
            "responses": merge(json!({"200": ok("child", child_ref.clone())}), errors(&["400", "401", "403", "404", "409", "422"]))}
    }));
    paths.insert("/api/v1/children/{id}/documents".into(), json!({
        "get": {"summary": "Documents of the archive (restricted sections left out)", "parameters": id_param, "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"$ref": "#/components/schemas/Document"}}))}), errors(&["401", "403", "404"]))},
        "post": {"summary": "Upload a PDF, JPEG or PNG (type checked from the bytes)", "parameters": id_param,
            "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file", "section", "title"], "properties": {
                "file": {"type": "string", "format": "binary"}, "section": {"type": "string", "enum": crate::archive::rules::SECTIONS}, "title": {"type": "string"},
                "doc_type": {"type": "string", "enum": crate::archive::rules::DOCUMENT_TYPES}, "doc_date": {"type": "string", "format": "date"}, "issuing_body": {"type": "string"},
                "replaces": {"type": "integer"}, "replace_reason": {"type": "string"}}}}}},
            "responses": merge(json!({"201": ok("created", json!({"type": "object", "properties": {"id": {"type": "integer"}}}))}), errors(&["400", "401", "403", "404", "413", "422"]))}
    }));
    paths.insert("/api/v1/children/{id}/archive.pdf".into(), json!({
        "get": {"summary": "The archive PDF (audited)", "parameters": id_param, "responses": merge(json!({"200": {"description": "PDF", "content": {"application/pdf": {}}}}), errors(&["401", "403", "404"]))}
    }));
    let tid =
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let tcid = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "child_id", "in": "path", "required": true, "schema": {"type": "integer"}, "description": "the archive's child id"}]);
    let titem = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "child_id", "in": "path", "required": true, "schema": {"type": "integer"}}, {"name": "item_id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let tdetail = json!({"type": "object", "properties": {"batch": {"type": "object"}, "children": {"type": "array", "items": {"type": "object", "properties": {"record": {"type": "object"}, "items": {"type": "array", "items": {"type": "object"}}}}}}});
    paths.insert("/api/v1/transfers".into(), json!({
        "get": {"summary": "Transfers the caller's institution sends or receives (or oversees)", "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"type": "object"}}))}), errors(&["401", "403"]))},
        "post": {"summary": "Create a transfer from the caller's county institution, optionally adding children", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["planned_date"], "properties": {
            "receiver_institution_id": {"type": "integer", "nullable": true, "description": "default: the city child-welfare institution of the county's city"}, "receiver_reason": {"type": "string"}, "planned_date": {"type": "string", "format": "date"}, "child_ids": {"type": "array", "items": {"type": "integer"}}}}}}},
            "responses": merge(json!({"201": ok("created", tdetail.clone())}), errors(&["400", "401", "403"]))}
    }));
    paths.insert("/api/v1/transfers/{id}".into(), json!({"get": {"summary": "A transfer with its children and checklist items", "parameters": tid, "responses": merge(json!({"200": ok("transfer", tdetail.clone())}), errors(&["401", "403", "404"]))}}));
    paths.insert("/api/v1/transfers/{id}/actions".into(), json!({"post": {"summary": "submit, accept, return (reason), cancel (reason), carrying the version", "parameters": tid,
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["action", "version"], "properties": {"action": {"type": "string", "enum": ["submit", "accept", "return", "cancel"]}, "reason": {"type": "string"}, "version": {"type": "integer"}}}}}},
        "responses": merge(json!({"200": ok("transfer", tdetail.clone())}), errors(&["400", "401", "403", "404", "409"]))}}));
    paths.insert("/api/v1/transfers/{id}/children/{child_id}/items/{item_id}".into(), json!({"post": {"summary": "Hand over (sender), confirm/receive or record a discrepancy (receiver), waive (receiving head)", "parameters": titem,
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["action", "version"], "properties": {"action": {"type": "string", "enum": ["hand-over", "confirm", "receive", "discrepancy", "waive"]}, "note": {"type": "string"}, "quantity": {"type": "string"}, "amount": {"type": "string", "description": "yuan, at most two decimals, not negative"}, "version": {"type": "integer"}}}}}},
        "responses": merge(json!({"200": ok("item", json!({"type": "object", "properties": {"item": {"type": "integer"}, "state": {"type": "string"}}}))}), errors(&["400", "401", "403", "404", "409"]))}}));
    paths.insert("/api/v1/transfers/{id}/children/{child_id}/complete".into(), json!({"post": {"summary": "Complete the child's handover (receiving head; one transaction)", "parameters": tcid, "responses": merge(json!({"200": ok("transfer", tdetail)}), errors(&["400", "401", "403", "404", "409"]))}}));
    paths.insert("/api/v1/transfers/{id}/handover.pdf".into(), json!({"get": {"summary": "The batch handover list PDF (audited)", "parameters": tid, "responses": merge(json!({"200": {"description": "PDF", "content": {"application/pdf": {}}}}), errors(&["401", "403", "404"]))}}));
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
                "Child": {"type": "object", "description": "An archive (一人一档); field names as in the database", "properties": {
                    "id": {"type": "integer"}, "archive_no": {"type": "string"}, "institution_id": {"type": "integer"}, "status": {"type": "string", "enum": ["active", "discharged"]},
                    "legal_name": {"type": "string"}, "sex": {"type": "string", "enum": ["M", "F"]}, "birth_date": {"type": "string", "format": "date"},
                    "intake_category": {"type": "string"}, "archive_class": {"type": "string"}, "case_type": {"type": "string"}, "intake_date": {"type": "string", "format": "date"},
                    "id_number": {"type": "string", "nullable": true}, "version": {"type": "integer"}}},
                "ChildForm": {"type": "object", "description": "Intake or edit; all values are strings as a form would send them", "properties": {
                    "legal_name": {"type": "string"}, "sex": {"type": "string"}, "birth_date": {"type": "string"}, "id_number": {"type": "string"}, "hukou_status": {"type": "string", "enum": ["registered", "pending", "none"]},
                    "allowance_category": {"type": "string"}, "intake_category": {"type": "string"}, "case_type": {"type": "string"}, "intake_date": {"type": "string"}, "version": {"type": "string"}, "reason": {"type": "string"}}},
                "Document": {"type": "object", "properties": {"id": {"type": "integer"}, "section": {"type": "string"}, "doc_type": {"type": "string"}, "title": {"type": "string"}, "doc_date": {"type": "string", "nullable": true}, "mime": {"type": "string"}, "size_bytes": {"type": "integer"}, "sha256": {"type": "string"}, "superseded_by": {"type": "integer", "nullable": true}}},
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
