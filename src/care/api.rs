//! `/api/v1/children/{id}/care/…` (issue 14 point 9): plans, assessments, medical records and growth,
//! each listed and created with the same checks, scope and audit as the pages. A refused field answers
//! 400 with the refusal's code and `field: message` for each field.

use super::model;
use super::service::{self, plans, plans::GoalInput, records, records::RecordInput};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{ApiResult, AppError};
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/children/{id}/care/plans", web::get().to(plans_list))
        .route("/children/{id}/care/plans", web::post().to(plans_create))
        .route(
            "/children/{id}/care/assessments",
            web::get().to(assessments_list),
        )
        .route(
            "/children/{id}/care/assessments",
            web::post().to(assessments_create),
        )
        .route("/children/{id}/care/medical", web::get().to(medical_list))
        .route(
            "/children/{id}/care/medical",
            web::post().to(medical_create),
        )
        .route("/children/{id}/care/growth", web::get().to(growth_list))
        .route("/children/{id}/care/growth", web::post().to(growth_create));
    // Rehabilitation, education and social work (points 4–6).
    super::api_more::routes(cfg);
}

fn viewed(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    what: &str,
    child: ChildId,
) -> Result<(), AppError> {
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("view", what, child).with_detail("api"),
    )?;
    Ok(())
}

fn plan_json(
    c: &mut crate::db::DbConn,
    p: model::Plan,
    caregiver: bool,
) -> Result<serde_json::Value, AppError> {
    let goals: Vec<model::Goal> = model::goals_of(c, p.id)?
        .into_iter()
        .filter(|g| !caregiver || g.part.for_caregiver())
        .collect();
    Ok(serde_json::json!({"plan": p, "goals": goals}))
}

pub async fn plans_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewCare)?;
    let child = path.into_inner();
    let caregiver = au.user.role() == crate::auth::Role::Caregiver;
    let out = state
        .run(&au, move |c, op| {
            service::child_for(c, op, child, Action::ViewCare)?;
            let mut out = Vec::new();
            for p in model::plans_of(c, child)? {
                out.push(plan_json(c, p, caregiver)?);
            }
            viewed(c, op, "care_plan", child)?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Deserialize)]
pub struct PlanBody {
    #[serde(default)]
    pub goals: Vec<GoalInput>,
    /// Submit to the head once the goals are added.
    #[serde(default)]
    pub submit: bool,
}

pub async fn plans_create(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<PlanBody>,
) -> ApiResult<HttpResponse> {
    au.require(Action::DraftCarePlan)?;
    let child = path.into_inner();
    let b = body.into_inner();
    let out = state
        .run(&au, move |c, op| {
            // All in one transaction: a refused goal leaves no draft behind.
            crate::db::write_tx(c, |c| {
                let id = plans::start(c, op, child)?;
                for g in &b.goals {
                    plans::add_goal(c, op, child, id, g)?;
                }
                if b.submit {
                    plans::submit(c, op, child, id, 1)?;
                }
                let p = model::plan(c, id)?.ok_or(AppError::NotFound)?;
                Ok::<_, service::Failure>(plan_json(c, p, false)?)
            })
            .map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

pub async fn assessments_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    au.require(Action::RecordAssessment)?;
    let child = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            service::child_for(c, op, child, Action::RecordAssessment)?;
            let rows = model::assessments_of(c, child)?;
            viewed(c, op, "care_assessment", child)?;
            Ok(rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

pub async fn medical_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    au.require(Action::RecordMedical)?;
    let child = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            service::child_for(c, op, child, Action::RecordMedical)?;
            let rows = model::medical_of(c, child)?;
            viewed(c, op, "care_medical", child)?;
            Ok(rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// A growth check as the API lists it: the record with the primary standard's result, and the WHO
/// 2006 second view with its own standard and version.
#[derive(serde::Serialize)]
struct GrowthOut {
    #[serde(flatten)]
    growth: model::Growth,
    who2006: Option<crate::care::model_more::Who2006>,
}

pub async fn growth_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewCare)?;
    let child = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            service::child_for(c, op, child, Action::ViewCare)?;
            let rows = model::growth_of(c, child)?;
            // GRW-03: each result with the WHO 2006 second view stored beside it (null when none:
            // over 60 months, or recorded before the second view existed).
            let ids: Vec<i64> = rows.iter().map(|g| g.id).collect();
            let who = crate::care::model_more::who2006_of(c, &ids)?;
            let out: Vec<GrowthOut> = rows
                .into_iter()
                .map(|g| GrowthOut {
                    who2006: who.iter().find(|w| w.growth_id == g.id).cloned(),
                    growth: g,
                })
                .collect();
            viewed(c, op, "care_growth", child)?;
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

type Recorder = fn(
    &mut crate::db::DbConn,
    &crate::platform::Op<'_>,
    ChildId,
    &RecordInput,
) -> service::CareResult<i64>;

async fn create(
    state: State,
    au: ApiUser,
    child: ChildId,
    body: RecordInput,
    action: Action,
    f: Recorder,
) -> ApiResult<HttpResponse> {
    au.require(action)?;
    let id = state
        .run(&au, move |c, op| {
            f(c, op, child, &body).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({"id": id})))
}

pub async fn assessments_create(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<RecordInput>,
) -> ApiResult<HttpResponse> {
    create(
        state,
        au,
        path.into_inner(),
        body.into_inner(),
        Action::RecordAssessment,
        records::assessment,
    )
    .await
}

pub async fn medical_create(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<RecordInput>,
) -> ApiResult<HttpResponse> {
    create(
        state,
        au,
        path.into_inner(),
        body.into_inner(),
        Action::RecordMedical,
        records::medical,
    )
    .await
}

pub async fn growth_create(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<RecordInput>,
) -> ApiResult<HttpResponse> {
    create(
        state,
        au,
        path.into_inner(),
        body.into_inner(),
        Action::RecordMedical,
        records::growth,
    )
    .await
}

pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, id_param, json_body, merge, ok, BODY_ERRORS};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    let params = json!([id_param("id", "the archive's child id")]);
    let with_body = |codes: &[&str]| errors(&[codes, &BODY_ERRORS[..]].concat());
    let s = json!({"type": "string"});
    let goal = json!({"type": "object", "properties": {"part": {"type": "string", "enum": ["daily", "medical", "rehab", "education", "social"]}, "goal": s, "intervention": s, "frequency": s, "responsible": s, "target_date": {"type": "string", "format": "date"}}});
    let plan = json!({"type": "object", "required": ["plan", "goals"], "properties": {"plan": {"type": "object"}, "goals": {"type": "array", "items": {"type": "object"}}}});
    out.paths.push(("/api/v1/children/{id}/care/plans", json!({
        "get": {"summary": "The child's care plans (个性化抚养方案), every version, with goals (caregivers: daily care and medical parts)", "parameters": params, "responses": merge(json!({"200": ok("plans", json!({"type": "array", "items": plan}))}), errors(&["401", "403", "404"]))},
        "post": {"summary": "Start a draft (or a revision of the approved plan) with goals, optionally submitted; all or nothing", "parameters": params,
            "requestBody": json_body(json!({"type": "object", "properties": {"goals": {"type": "array", "items": goal}, "submit": {"type": "boolean"}}})),
            "responses": merge(json!({"201": ok("plan", plan)}), with_body(&["401", "403", "404"]))}
    })));
    let record = |fields: &[&str]| {
        let mut props = serde_json::Map::new();
        for f in fields {
            props.insert((*f).into(), json!({"type": "string"}));
        }
        json!({"type": "object", "properties": props})
    };
    let created =
        json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}});
    let items = json!({"type": "array", "items": {"type": "object"}});
    for (path, what, fields) in [
        ("/api/v1/children/{id}/care/assessments", "Periodic assessments (kind: development, mental, illness, disability)", &["kind", "date", "instrument", "score", "level", "narrative", "assessor"][..]),
        ("/api/v1/children/{id}/care/medical", "Clinic visits and hospitalisations (kind: visit, hospital; funding: insurance, aid, tomorrow, other; cost in yuan)", &["kind", "date", "end_date", "reason", "diagnosis", "icd10", "new_diagnosis", "treatment", "cost_yuan", "funding"][..]),
        ("/api/v1/children/{id}/care/growth", "Growth measurements with z-scores ×100 against the primary standard (WS/T 423-2022 under 7, WHO 2007 after) with its standard and version, and `who2006` (the WHO 2006 second view, 0–60 months: wfa, lhfa, hcfa, bmi, wfl z-scores ×100 with its standard and version; null when none)", &["date", "height_cm", "weight_kg", "head_cm", "measurer"][..]),
    ] {
        out.paths.push((path, json!({
            "get": {"summary": what, "parameters": params, "responses": merge(json!({"200": ok("list", items.clone())}), errors(&["401", "403", "404"]))},
            "post": {"summary": format!("Record: {what}"), "parameters": params, "requestBody": json_body(record(fields)), "responses": merge(json!({"201": ok("created", created.clone())}), with_body(&["401", "403", "404"]))}
        })));
    }
    super::api_more::openapi(&mut out);
    out
}
