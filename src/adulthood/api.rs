//! `/api/v1/adulthood…` (issue 16 point 9): the due list, one young person with the assessment and the
//! plan, recording an assessment, saving the plan and submitting / approving / returning it — the same
//! scope, checks and audit as the pages. A refused body answers 422 with a message per field.

use super::model::{Assessment, Plan};
use super::service::plan::{Decision, PlanForm};
use super::service::records::AssessmentForm;
use super::service::{self, Access, Young};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::{ApiError, ApiResult, AppError};
use crate::platform::FieldErrors;
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A young person as the API shows them.
#[derive(Serialize)]
pub struct YoungJson {
    pub child_id: ChildId,
    pub archive_no: String,
    pub name: String,
    pub institution: String,
    pub adult_on: NaiveDate,
    pub window_opens: Option<NaiveDate>,
    pub assessment_due: Option<NaiveDate>,
    pub plan_due: Option<NaiveDate>,
    pub deferral: Option<String>,
    pub placing_authority: String,
    pub placing_basis: String,
    pub read_only: bool,
    pub assessment: Option<Assessment>,
    pub plan: Option<Plan>,
}

fn json(y: Young) -> YoungJson {
    YoungJson {
        child_id: y.child.id,
        archive_no: y.child.archive_no,
        name: y.child.legal_name,
        institution: y.institution,
        adult_on: y.clock.adult_on,
        window_opens: y.clock.window_opens,
        assessment_due: y.clock.assessment_due,
        plan_due: y.clock.plan_due,
        deferral: y.clock.deferred.map(|d| d.code().to_string()),
        placing_authority: y.authority_name,
        placing_basis: y.authority.basis.code().to_string(),
        read_only: y.access == Access::Read,
        assessment: y.assessment,
        plan: y.plan,
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

pub async fn list(state: State, au: ApiUser) -> ApiResult<HttpResponse> {
    au.require(Action::ViewAdulthood)?;
    let rows = state
        .run(&au, move |c, op| {
            let all = service::visible(c, op)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view_list", "adulthood", "-").with_detail("api"),
            )?;
            Ok(all.into_iter().map(json).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}

pub async fn read(state: State, au: ApiUser, path: web::Path<ChildId>) -> ApiResult<HttpResponse> {
    au.require(Action::ViewAdulthood)?;
    let id = path.into_inner();
    let y = state
        .run(&au, move |c, op| service::load(c, op, id))
        .await?;
    Ok(HttpResponse::Ok().json(json(y)))
}

/// The young person as they are now, or the refused fields (422).
async fn after<T>(
    state: &State,
    au: &ApiUser,
    id: ChildId,
    done: Result<T, FieldErrors>,
) -> ApiResult<HttpResponse> {
    match done {
        Ok(_) => {
            let y = state.run(au, move |c, op| service::load(c, op, id)).await?;
            Ok(HttpResponse::Ok().json(json(y)))
        }
        Err(e) => Ok(invalid(&e)),
    }
}

pub async fn assess(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<AssessmentForm>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ActOnAdulthood)?;
    let (id, f) = (path.into_inner(), body.into_inner());
    let r = state
        .run(&au, move |c, op| service::records::assess(c, op, id, &f))
        .await?;
    after(&state, &au, id, r).await
}

pub async fn save_plan(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<PlanForm>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ActOnAdulthood)?;
    let (id, f) = (path.into_inner(), body.into_inner());
    let r = state
        .run(&au, move |c, op| service::plan::save(c, op, id, &f))
        .await?;
    after(&state, &au, id, r).await
}

#[derive(Deserialize)]
pub struct DecisionBody {
    /// submit, approve or return
    pub decision: String,
    #[serde(default)]
    pub comment: String,
    pub version: i32,
}

pub async fn decide(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<DecisionBody>,
) -> ApiResult<HttpResponse> {
    let decision = match body.decision.trim() {
        "submit" => Decision::Submit,
        "approve" => Decision::Approve,
        "return" => Decision::Return,
        _ => {
            return Err(ApiError(AppError::bad(
                "bad_decision",
                "decision must be submit, approve or return",
            )))
        }
    };
    let (id, b) = (path.into_inner(), body.into_inner());
    let r = state
        .run(&au, move |c, op| {
            service::plan::decide(c, op, id, decision, &b.comment, b.version)
        })
        .await?;
    after(&state, &au, id, r).await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/adulthood", web::get().to(list))
        .route("/adulthood/{id}", web::get().to(read))
        .route("/adulthood/{id}/assessments", web::post().to(assess))
        .route("/adulthood/{id}/plan", web::post().to(save_plan))
        .route("/adulthood/{id}/plan/decision", web::post().to(decide));
}

pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, id_param, json_body, merge, ok, one_of, BODY_ERRORS};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    let pid = json!([id_param("id", "the archive's child id")]);
    let with_body = |codes: &[&str]| errors(&[codes, &BODY_ERRORS[..]].concat());
    let young = json!({"$ref": "#/components/schemas/AdulthoodYoung"});
    let text = json!({"type": "string"});
    out.paths.push(("/api/v1/adulthood", json!({"get": {"summary": "Young people from 16 (policy) the caller prepares, oversees or must place as the responsible county (read_only), and those placed", "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": young}))}), errors(&["401", "403"]))}})));
    out.paths.push(("/api/v1/adulthood/{id}", json!({"get": {"summary": "One young person: 18th birthday, window, deadlines, deferral, placing authority, latest assessment and current plan", "parameters": pid, "responses": merge(json!({"200": ok("young person", young.clone())}), errors(&["401", "403", "404"]))}})));
    let pathways = super::rules::Pathway::ALL.iter().map(|p| p.code());
    let assessors = super::model::AssessorKind::ALL.iter().map(|p| p.code());
    out.paths.push(("/api/v1/adulthood/{id}/assessments", json!({"post": {"summary": "Record a comprehensive assessment (ADU-01); 422 names each refused field", "parameters": pid,
        "requestBody": json_body(json!({"type": "object", "properties": {"assessed_on": {"type": "string", "format": "date"}, "assessor_kind": one_of(assessors), "panel_members": text, "labour_capacity": text, "civil_capacity": text, "self_care": text, "mental_physical": text, "education_skills": text, "wishes": text, "conclusion": text, "proposed_pathway": one_of(pathways.clone())}})),
        "responses": merge(json!({"200": ok("young person", young.clone())}), with_body(&["401", "403", "404", "422"]))}})));
    out.paths.push(("/api/v1/adulthood/{id}/plan", json!({"post": {"summary": "Save the one-person plan (一人一案) as a draft (new, or the draft/returned plan with its version); 422 names each refused field", "parameters": pid,
        "requestBody": json_body(json!({"type": "object", "properties": {"pathway": one_of(pathways), "steps": text, "responsible_bodies": text, "placement_on": {"type": "string", "format": "date"}, "transition_subsidy_yuan": text, "settlement_yuan": text, "rent_support_yuan": text, "version": text}})),
        "responses": merge(json!({"200": ok("young person", young.clone())}), with_body(&["401", "403", "404", "409", "422"]))}})));
    out.paths.push(("/api/v1/adulthood/{id}/plan/decision", json!({"post": {"summary": "submit (head), approve or return with a comment (supervisor of the civil-affairs department), carrying the version", "parameters": pid,
        "requestBody": json_body(json!({"type": "object", "required": ["decision", "version"], "properties": {"decision": one_of(["submit", "approve", "return"]), "comment": text, "version": {"type": "integer", "format": "int32"}}})),
        "responses": merge(json!({"200": ok("young person", young.clone())}), with_body(&["401", "403", "404", "409", "422"]))}})));
    out.schemas.push(("AdulthoodYoung", json!({"type": "object", "required": ["child_id", "archive_no", "name", "adult_on", "placing_authority", "placing_basis", "read_only"], "properties": {
        "child_id": {"type": "integer", "format": "int64"}, "archive_no": text, "name": text, "institution": text,
        "adult_on": {"type": "string", "format": "date"}, "window_opens": {"type": "string", "format": "date", "nullable": true},
        "assessment_due": {"type": "string", "format": "date", "nullable": true}, "plan_due": {"type": "string", "format": "date", "nullable": true},
        "deferral": {"type": "string", "nullable": true}, "placing_authority": text, "placing_basis": one_of(super::rules::authority::Basis::ALL.iter().map(|b| b.code())),
        "read_only": {"type": "boolean"}, "assessment": {"type": "object", "nullable": true}, "plan": {"type": "object", "nullable": true}}})));
    out
}
