//! `/api/v1/children/{id}/care/rehab|education|social` (issue 14 point 9, for points 4–6): the
//! rehabilitation, education and social-work records, each listed and created with the same checks,
//! scope and audit as the records page (`handlers::records`). Caregivers read none of these (point 8);
//! a section the archive's restriction rule hides (e.g. 社会工作 under 收养保密) is refused 403 — the
//! API never opens the purpose-stated view, which is the page's. A refused field answers 400 with the
//! refusal's code and `field: message` for each field, as the rest of the care API.

use super::model_more as mm;
use super::service::{self, rehab::MoreInput};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::{Action, Role};
use crate::db::DbConn;
use crate::error::{ApiResult, AppError, AppResult};
use crate::platform::Op;
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/children/{id}/care/rehab", web::get().to(rehab_list))
        .route(
            "/children/{id}/care/rehab/{kind}",
            web::post().to(rehab_create),
        )
        .route(
            "/children/{id}/care/education",
            web::get().to(education_list),
        )
        .route(
            "/children/{id}/care/education/{kind}",
            web::post().to(education_create),
        )
        .route("/children/{id}/care/social", web::get().to(social_list))
        .route("/children/{id}/care/social", web::post().to(social_create));
}

/// The child in scope, if the reader may see `section` of its archive: not a caregiver (point 8), and
/// the section not hidden by the archive's restriction rule (never unlocked here).
fn open_section(c: &mut DbConn, op: &Op<'_>, child: ChildId, section: &str) -> AppResult<()> {
    service::child_for(c, op, child, Action::ViewCare)?;
    if op.user.role == Role::Caregiver {
        return Err(AppError::Forbidden);
    }
    if crate::archive::section_access(c, child, &op.user.role, false)?.hides(section) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

fn viewed(c: &mut DbConn, op: &Op<'_>, what: &str, child: ChildId) -> AppResult<()> {
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("view", what, child).with_detail("api"),
    )?;
    Ok(())
}

pub async fn rehab_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewCare)?;
    let child = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            open_section(c, op, child, "rehab")?;
            let v = serde_json::json!({
                "sessions": mm::sessions_of(c, child)?,
                "targets": mm::targets_of(c, child)?,
                "devices": mm::devices_of(c, child)?,
            });
            viewed(c, op, "care_rehab", child)?;
            Ok(v)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

pub async fn education_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewCare)?;
    let child = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            open_section(c, op, child, "education")?;
            let v = serde_json::json!({
                "placements": mm::placements_of(c, child)?,
                "records": mm::school_records_of(c, child)?,
            });
            viewed(c, op, "care_education", child)?;
            Ok(v)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

pub async fn social_list(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
) -> ApiResult<HttpResponse> {
    au.require(Action::ViewCare)?;
    let child = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            open_section(c, op, child, "social-work")?;
            let v = mm::social_of(c, child)?;
            viewed(c, op, "care_social", child)?;
            Ok(v)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

type Recorder = fn(&mut DbConn, &Op<'_>, ChildId, &MoreInput) -> service::CareResult<i64>;

/// Create one record: the action, the section it files in, the service operation.
async fn create(
    state: State,
    au: ApiUser,
    child: ChildId,
    body: MoreInput,
    (action, section, f): (Action, &'static str, Recorder),
) -> ApiResult<HttpResponse> {
    au.require(action)?;
    let id = state
        .run(&au, move |c, op| {
            open_section(c, op, child, section)?;
            f(c, op, child, &body).map_err(service::Failure::into_app_error)
        })
        .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({"id": id})))
}

pub async fn rehab_create(
    state: State,
    au: ApiUser,
    path: web::Path<(ChildId, String)>,
    body: web::Json<MoreInput>,
) -> ApiResult<HttpResponse> {
    use service::rehab;
    let (child, kind) = path.into_inner();
    let f: Recorder = match kind.as_str() {
        "session" => rehab::session,
        "target" => rehab::target,
        "device" => rehab::device,
        _ => return Err(AppError::NotFound.into()),
    };
    let how = (Action::RecordRehab, "rehab", f);
    create(state, au, child, body.into_inner(), how).await
}

pub async fn education_create(
    state: State,
    au: ApiUser,
    path: web::Path<(ChildId, String)>,
    body: web::Json<MoreInput>,
) -> ApiResult<HttpResponse> {
    use service::school;
    let (child, kind) = path.into_inner();
    let f: Recorder = match kind.as_str() {
        "placement" => school::placement,
        "school_record" => school::school_record,
        _ => return Err(AppError::NotFound.into()),
    };
    let how = (Action::RecordEducation, "education", f);
    create(state, au, child, body.into_inner(), how).await
}

pub async fn social_create(
    state: State,
    au: ApiUser,
    path: web::Path<ChildId>,
    body: web::Json<MoreInput>,
) -> ApiResult<HttpResponse> {
    let how = (
        Action::RecordSocialWork,
        "social-work",
        service::social::record as Recorder,
    );
    create(state, au, path.into_inner(), body.into_inner(), how).await
}

/// The OpenAPI path items of these endpoints.
pub fn openapi(out: &mut crate::platform::module::OpenApi) {
    use crate::api::{errors, id_param, json_body, merge, ok, BODY_ERRORS};
    use serde_json::json;
    let s = json!({"type": "string"});
    let date = json!({"type": "string", "description": "YYYY-MM-DD"});
    let codes = |all: &[&str]| json!({"type": "string", "enum": all});
    let body = |props: serde_json::Value| json_body(json!({"type": "object", "properties": props}));
    let created =
        json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}});
    let list = json!({"type": "array", "items": {"type": "object"}});
    let read = errors(&["401", "403", "404"]);
    let write = errors(&[&["401", "403", "404"][..], &BODY_ERRORS[..]].concat());
    let child = id_param("id", "the archive's child id");
    let kind_param = |all: &[&str]| {
        json!({"name": "kind", "in": "path", "required": true, "description": "which record",
            "schema": {"type": "string", "enum": all}})
    };
    let get = |what: &str, schema: serde_json::Value| {
        json!({"summary": what, "parameters": [child.clone()],
            "responses": merge(json!({"200": ok("records", schema)}), read.clone())})
    };
    let post = |what: &str, params: serde_json::Value, b: serde_json::Value| {
        json!({"summary": what, "parameters": params, "requestBody": b,
            "responses": merge(json!({"201": ok("created", created.clone())}), write.clone())})
    };
    out.paths.push(("/api/v1/children/{id}/care/rehab", json!({"get": get(
        "Rehabilitation (康复): sessions, monthly targets in minutes, assistive devices (not caregivers; 403 when the archive's restriction hides the section)",
        json!({"type": "object", "required": ["sessions", "targets", "devices"], "properties": {"sessions": list, "targets": list, "devices": list}}))})));
    out.paths.push(("/api/v1/children/{id}/care/rehab/{kind}", json!({"post": post(
        "Record a rehabilitation session (therapist, date, minutes 1–600, activity, progress), a monthly target (date, minutes) or an assistive device (device, size, date issued, next_check)",
        json!([child.clone(), kind_param(&["session", "target", "device"])]),
        body(json!({"date": date, "therapist": s, "minutes": s, "activity": s, "progress": s, "device": s, "size": s, "next_check": date})))})));
    out.paths.push(("/api/v1/children/{id}/care/education", json!({"get": get(
        "Education (教育): school placements and school records (term results, individual education goals)",
        json!({"type": "object", "required": ["placements", "records"], "properties": {"placements": list, "records": list}}))})));
    out.paths.push(("/api/v1/children/{id}/care/education/{kind}", json!({"post": post(
        "Record a school placement (kind: kindergarten, regular, special, home, none; school, grade, 学籍号 xueji_no, date, end_date) or a school record (kind: term, iep; label, text, date)",
        json!([child.clone(), kind_param(&["placement", "school_record"])]),
        body(json!({"kind": s, "date": date, "end_date": date, "school": s, "grade": s, "xueji_no": s, "label": s, "text": s})))})));
    out.paths.push(("/api/v1/children/{id}/care/social", json!({
        "get": get("Social work (社会工作): case notes, counselling, family tracing (寻亲), relatives' visits, the child's own wishes (verbatim)", list.clone()),
        "post": post("Record a social-work note (kind: case_note, counselling, tracing, visit, wishes; date, text, follow_up)",
            json!([child.clone()]),
            body(json!({"kind": codes(&["case_note", "counselling", "tracing", "visit", "wishes"]), "date": date, "text": s, "follow_up": s})))})));
}
