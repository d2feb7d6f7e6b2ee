//! `/api/v1` incidents read with their body map and photos (issue 15 points 6 and 9, session 8): the
//! register's list and one incident, each with the body marks in force (corrected and withdrawn marks
//! left out, `incidents::body_fix`) and the photos in force (withdrawn ones left out,
//! `incidents::photo_fix`), each photo with a download URL that answers with the incident's scope.
//! Same scope as the pages: another institution's incident is a 404, and an incident naming a staff
//! member is listed and readable only by the head and the supervisor. Every read is audited.

use super::incidents::body::{Mark, Photo};
use super::incidents::body_fix::{fates, Fate};
use super::incidents::{self, Incident};
use crate::audit::{self, Event};
use crate::db::schema::{
    shift_incident_marks as mk, shift_incident_photos as ph, shift_photo_withdrawals as pw,
};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::web::{ApiUser, State};
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/shift/incidents", web::get().to(list))
        .route("/shift/incidents/{id}", web::get().to(one))
        .route("/shift/incidents/{id}/photos/{photo}", web::get().to(photo));
}

/// A body mark in force (BODY-01).
#[derive(Debug, Serialize)]
pub struct MarkOut {
    pub id: i64,
    pub child_id: i64,
    pub region: String,
    pub side: String,
    pub kind: String,
    pub note: String,
}

/// A photo in force, with the URL that downloads it (the same scope as the incident).
#[derive(Debug, Serialize)]
pub struct PhotoOut {
    pub id: i64,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_at: NaiveDateTime,
    pub url: String,
}

/// An incident with its body map and photos in force.
#[derive(Debug, Serialize)]
pub struct IncidentOut {
    #[serde(flatten)]
    pub incident: Incident,
    pub body_marks: Vec<MarkOut>,
    pub photos: Vec<PhotoOut>,
}

/// The marks and photos in force of these incidents, in three queries whatever their number.
fn with_body(c: &mut DbConn, rows: Vec<Incident>) -> QueryResult<Vec<IncidentOut>> {
    let ids: Vec<i64> = rows.iter().map(|i| i.id).collect();
    let marks: Vec<(i64, Mark)> = mk::table
        .filter(mk::incident_id.eq_any(&ids))
        .order(mk::id.asc())
        .select((mk::incident_id, Mark::as_select()))
        .load(c)?;
    let photos: Vec<(i64, Photo)> = ph::table
        .filter(ph::incident_id.eq_any(&ids))
        .order(ph::id.asc())
        .select((ph::incident_id, Photo::as_select()))
        .load(c)?;
    let photo_ids: Vec<i64> = photos.iter().map(|p| p.1.id).collect();
    let gone: Vec<i64> = pw::table
        .filter(pw::photo_id.eq_any(&photo_ids))
        .select(pw::photo_id)
        .load(c)?;
    Ok(rows
        .into_iter()
        .map(|i| {
            let own: Vec<Mark> = marks
                .iter()
                .filter(|m| m.0 == i.id)
                .map(|m| m.1.clone())
                .collect();
            let body_marks = fates(&own)
                .into_iter()
                .filter(|(_, f)| matches!(f, Fate::InForce(_)))
                .map(|(m, _)| MarkOut {
                    id: m.id,
                    child_id: m.child_id,
                    region: m.region.clone(),
                    side: m.side.clone(),
                    kind: m.kind.clone(),
                    note: m.note.clone(),
                })
                .collect();
            let photos = photos
                .iter()
                .filter(|p| p.0 == i.id && !gone.contains(&p.1.id))
                .map(|(_, p)| PhotoOut {
                    id: p.id,
                    content_type: p.mime.clone(),
                    size_bytes: p.size_bytes,
                    uploaded_at: p.uploaded_at,
                    url: format!("/api/v1/shift/incidents/{}/photos/{}", i.id, p.id),
                })
                .collect();
            IncidentOut {
                incident: i,
                body_marks,
                photos,
            }
        })
        .collect())
}

/// The incidents the caller may read (the register's scope), newest first, the latest 200.
pub async fn list(state: State, au: ApiUser) -> ApiResult<HttpResponse> {
    let out = state
        .run(&au, move |c, op| {
            let (insts, see_staff) = incidents::service::readable(c, op)?;
            let rows = incidents::list(c, &insts, see_staff, &incidents::Filter::default(), 200)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "shift_incidents", "-").with_detail("api"),
            )?;
            Ok(with_body(c, rows)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// One incident the caller may read (404 otherwise), with its body map and photos in force.
pub async fn one(state: State, au: ApiUser, path: web::Path<i64>) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let out = state
        .run(&au, move |c, op| {
            let i = incidents::service::load(c, op, id)?;
            let mut v = with_body(c, vec![i])?;
            v.pop().ok_or(crate::error::AppError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// A photo in force of an incident the caller reads (the head also gets a withdrawn one, as on the
/// page); 404 otherwise; the download audited as a view.
pub async fn photo(
    state: State,
    au: ApiUser,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, photo) = path.into_inner();
    let p = state
        .run(&au, move |c, op| {
            incidents::body::for_download(c, op, id, photo)
        })
        .await?;
    let ext = if p.mime == "image/png" { "png" } else { "jpg" };
    Ok(crate::archive::send_stored(
        &state.settings.uploads_dir(),
        &p.sha256,
        &p.mime,
        &format!("incident-{id}-photo-{}.{ext}", p.id),
    )
    .await?)
}

/// The incident's schema with its body marks and photos in force (the list's items and one incident).
pub fn schema(incident: &serde_json::Value) -> serde_json::Value {
    use serde_json::json;
    let s = json!({"type": "string"});
    let mark = json!({"type": "object", "description": "a body mark in force (BODY-01); corrected and withdrawn marks are left out", "properties": {"id": {"type": "integer"}, "child_id": {"type": "integer"}, "region": s, "side": {"type": "string", "enum": ["front", "back"]}, "kind": s, "note": s}});
    let photo = json!({"type": "object", "description": "a photo in force; withdrawn photos are left out", "properties": {"id": {"type": "integer"}, "content_type": {"type": "string", "enum": ["image/jpeg", "image/png"]}, "size_bytes": {"type": "integer"}, "uploaded_at": s, "url": {"type": "string", "description": "GET downloads the photo, with the incident's scope"}}});
    let mut full = incident.clone();
    if let Some(p) = full.get_mut("properties").and_then(|p| p.as_object_mut()) {
        p.insert("body_marks".into(), json!({"type": "array", "items": mark}));
        p.insert("photos".into(), json!({"type": "array", "items": photo}));
    }
    full
}

/// The OpenAPI path items of these calls (merged into the shift module's document).
pub fn openapi_paths(out: &mut crate::platform::module::OpenApi, incident: &serde_json::Value) {
    use crate::api::{errors, id_param, merge, ok};
    use serde_json::json;
    out.paths.push(("/api/v1/shift/incidents/{id}", json!({
        "get": {"summary": "One incident the caller may read, with its body marks and photos in force; an incident naming a staff member only for the head and the supervisor (404 for anyone else)",
            "parameters": [id_param("id", "the incident's id")],
            "responses": merge(json!({"200": ok("incident", schema(incident))}), errors(&["401", "403", "404"]))}
    })));
    out.paths.push(("/api/v1/shift/incidents/{id}/photos/{photo}", json!({
        "get": {"summary": "Download a photo of an incident the caller may read (JPEG or PNG); a withdrawn photo only for the head",
            "parameters": [id_param("id", "the incident's id"), id_param("photo", "the photo's id")],
            "responses": merge(json!({"200": {"description": "the photo", "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}, "image/png": {"schema": {"type": "string", "format": "binary"}}}}}), errors(&["401", "403", "404"]))}
    })));
}
