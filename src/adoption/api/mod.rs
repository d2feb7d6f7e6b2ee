//! `/api/v1/adoption…`: the eligibility engine (issue 13 point 3), without saving anything.

pub mod body;

use crate::auth::Action;
use crate::error::ApiResult;
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

fn unprocessable(field: &str, message: &str) -> HttpResponse {
    HttpResponse::UnprocessableEntity().json(json!({"error": {
        "code": "invalid_field", "field": field, "message": format!("{field}: {message}")}}))
}

/// `POST /api/v1/adoption/eligibility`: every failed condition with its rule id, article and message
/// in the caller's language. A body of the wrong shape is 422 naming the field (JSON that does not
/// parse at all is 400 `bad_json`, from the platform).
pub async fn eligibility(
    state: State,
    au: ApiUser,
    body: web::Json<Value>,
) -> ApiResult<HttpResponse> {
    au.require(Action::CheckAdoptionEligibility)?;
    let app = match body::parse(&body) {
        Ok(a) => a,
        Err(e) => return Ok(unprocessable(&e.field, &e.message)),
    };
    let out = state
        .run(&au, move |c, op| {
            let division = crate::adoption::service::division_of(c, op.user)?;
            let t = crate::adoption::service::thresholds(c, division, app.on)?;
            let failures: Vec<Value> = crate::adoption::rules::check(&app, &t)
                .iter()
                .map(|f| json!({"rule": f.rule, "article": f.article, "message": f.message(op.tr)}))
                .collect();
            Ok(json!({"eligible": failures.is_empty(), "failures": failures}))
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// The adoption endpoints inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/adoption/eligibility", web::post().to(eligibility));
}

/// OpenAPI description of the adoption endpoints.
pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::adoption::rules::{Category, Relation};
    use crate::api::{errors, json_body, merge, ok, one_of, BODY_ERRORS};
    let mut out = crate::platform::module::OpenApi::default();
    let date = json!({"type": "string", "format": "date"});
    let boolean = json!({"type": "boolean"});
    let sex = one_of(["M", "F"]);
    let applicant = json!({"type": "object", "additionalProperties": false,
        "required": ["sex", "birth_date", "children_count", "disqualifying_disease", "harmful_record", "able_to_raise", "overseas_chinese", "foreign_national"],
        "properties": {"sex": sex, "birth_date": date,
            "children_count": {"type": "integer", "minimum": 0, "description": "the applicant's children, adopted ones included (民法典 第1098条(一))"},
            "disqualifying_disease": {"type": "boolean", "description": "a disease that medically makes adoption inadvisable (第1098条(三))"},
            "harmful_record": {"type": "boolean", "description": "an illegal or criminal record harmful to the child (第1098条(四))"},
            "able_to_raise": {"type": "boolean", "description": "able to raise, educate and protect the child (第1098条(二))"},
            "overseas_chinese": {"type": "boolean", "description": "华侨 (第1099条第二款)"},
            "foreign_national": {"type": "boolean", "description": "a foreign national (第1109条; ADP-27)"}}});
    let child = json!({"type": "object", "additionalProperties": false,
        "required": ["sex", "birth_date", "category", "disabled", "cwi_raised_parents_unknown"],
        "properties": {"sex": sex, "birth_date": date,
            "category": one_of(Category::ALL.iter().map(|c| c.code())),
            "disabled": boolean, "cwi_raised_parents_unknown": {"type": "boolean", "description": "raised by a child-welfare institution, parents cannot be found (第1100条第二款)"},
            "consent": {"type": "boolean", "nullable": true, "description": "the child's own consent; null when not asked (required from 8, 第1104条)"}}});
    let request = json!({"type": "object", "additionalProperties": false,
        "required": ["on", "applicants", "married", "spouse_joins", "relation", "child"],
        "properties": {"on": {"type": "string", "format": "date", "description": "the date the conditions are judged on (from 2021-01-01)"},
            "applicants": {"type": "array", "minItems": 1, "maxItems": 2, "items": applicant},
            "married": boolean, "spouse_joins": {"type": "boolean", "description": "the spouse adopts jointly (第1101条)"},
            "relation": one_of(Relation::ALL.iter().map(|r| r.code())),
            "child": child,
            "birth_parent_consent": {"type": "boolean", "nullable": true, "description": "birth parents' consent (第1097条; a stepchild's, 第1103条); absent or null: not applicable"},
            "prior_adoptions_since_childless": {"type": "integer", "minimum": 0, "description": "adoptions made since the applicants were childless (第1100条); absent: 0"}}});
    let failure = json!({"type": "object", "required": ["rule", "article", "message"], "properties": {
        "rule": {"type": "string", "example": "ADP-04"}, "article": {"type": "string", "example": "民法典 第1098条"},
        "message": {"type": "string", "description": "in the caller's language"}}});
    let answer = json!({"type": "object", "required": ["eligible", "failures"], "properties": {
        "eligible": boolean, "failures": {"type": "array", "items": failure}}});
    out.paths.push(("/api/v1/adoption/eligibility", json!({"post": {
        "summary": "Adoption eligibility (收养条件) under the Civil Code: ADP-01…ADP-13 and ADP-27, every failed condition with its rule, article and message; saves nothing",
        "description": "Registrar, institution head, social worker, supervisor. Counting follows 民法典 第1259条 (30 and 40 inclusive, 8 inclusive for the child's consent); the exemptions of 第1099条, 第1100条第二款 and 第1103条 are applied. Thresholds come from the policy store in force on `on`. A field of the wrong type, an unknown field, or a date after `on` is 422 `invalid_field` naming the field; a body that is not JSON is 400 `bad_json`.",
        "requestBody": json_body(request),
        "responses": merge(json!({"200": ok("the engine's answer", answer)}), errors(&[&["401", "403", "422"][..], &BODY_ERRORS[..]].concat()))}})));
    out
}
