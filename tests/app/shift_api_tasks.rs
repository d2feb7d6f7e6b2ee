//! The API for appointments, the round's plan tasks and "found" (brief point 3; issue 15 point 9): the
//! same checks, scope, idempotency and audit as the pages, unknown fields refused, and every call in
//! the OpenAPI document.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{care_appointments as ap, shift_incident_found, shift_incidents as si};

fn post(path: &str, tok: &str, body: String) -> actix_http::Request {
    test::TestRequest::post()
        .uri(path)
        .insert_header(("Authorization", format!("Bearer {tok}")))
        .insert_header(("content-type", "application/json"))
        .set_payload(body)
        .to_request()
}

async fn token<S, B>(app: &S, who: &str) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let (s, v) = api_token(app, who, PW).await;
    assert_eq!(s, 200);
    v["token"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn appointments_plan_tasks_and_found_are_in_the_api() {
    let t = TestApp::new();
    // The demo's appointments (care::appointments::demo) out of the way: the counts are this test's.
    diesel::delete(ap::table).execute(&mut t.conn()).unwrap();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut cg = login(&app, "caregiver.cc").await;
    let round = cg.get(&app, "/shift").await;
    let marker = "<article class=\"card child\" id=\"child-";
    let s = round.body.find(marker).unwrap() + marker.len();
    let kid: i64 = round.body[s..s + round.body[s..].find('"').unwrap()]
        .parse()
        .unwrap();
    let med = token(&app, "medical.cc").await;
    let path = format!("/api/v1/children/{kid}/appointments");

    // Appointments: a past time refused naming the field; an unknown field refused; then planned.
    let p = send(&app, post(&path, &med, r#"{"kind": "hospital", "starts_at": "2026-11-22T09:00", "place": "市儿童医院", "what": "复查", "escort_other": "志愿者"}"#.into())).await;
    assert_eq!(p.status, 400, "{}", p.body);
    assert!(p.body.contains("starts_at"), "{}", p.body);
    let p = send(&app, post(&path, &med, r#"{"kind": "hospital", "starts_at": "2026-11-24T09:00", "place": "x", "what": "y", "escort_other": "z", "colour": "red"}"#.into())).await;
    assert!((400..500).contains(&p.status), "{}", p.body);
    assert_eq!(
        ap::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        0
    );
    let p = send(&app, post(&path, &med, r#"{"kind": "hospital", "starts_at": "2026-11-24T09:00", "place": "市儿童医院", "what": "复查", "escort_other": "志愿者"}"#.into())).await;
    assert_eq!(p.status, 201, "{}", p.body);
    let id: i64 = ap::table.select(ap::id).first(&mut t.conn()).unwrap();
    let (s, v) = api_get(&app, &path, &med).await;
    assert_eq!(s, 200);
    assert_eq!(v["appointments"][0]["place"], "市儿童医院");
    // The caregiver may not plan (403); another institution's head gets 404.
    let cgt = token(&app, "caregiver.cc").await;
    let p = send(&app, post(&path, &cgt, r#"{"kind": "other", "starts_at": "2026-11-24T09:00", "place": "x", "what": "y", "escort_other": "z"}"#.into())).await;
    assert_eq!(p.status, 403);
    let na = token(&app, "head.na").await;
    assert_eq!(api_get(&app, &path, &na).await.0, 404);
    let cancel = format!("{path}/{id}/cancel");
    let p = send(&app, post(&cancel, &med, r#"{"reason": ""}"#.into())).await;
    assert_eq!(p.status, 400, "{}", p.body);
    let p = send(&app, post(&cancel, &med, r#"{"reason": "改期"}"#.into())).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let (_, v) = api_get(&app, &path, &med).await;
    assert_eq!(v["appointments"][0]["cancel_reason"], "改期");

    // Plan tasks: today's list for the caregiver, one mark recorded once.
    let (s, v) = api_get(&app, &format!("/api/v1/children/{kid}/shift/tasks"), &cgt).await;
    assert_eq!(s, 200, "{v}");
    let tasks = v["day_tasks"].as_array().unwrap().clone();
    if let Some(task) = tasks.first() {
        let goal = task["goal"].as_i64().unwrap();
        let body =
            format!(r#"{{"child": {kid}, "goal": {goal}, "done": true, "idem": "api-task-1"}}"#);
        let p = send(&app, post("/api/v1/shift/tasks", &cgt, body.clone())).await;
        assert_eq!(p.status, 201, "{}", p.body);
        let p = send(&app, post("/api/v1/shift/tasks", &cgt, body)).await;
        assert_eq!(p.status, 200, "repeated: {}", p.body);
        let (_, v) = api_get(&app, &format!("/api/v1/children/{kid}/shift/tasks"), &cgt).await;
        assert_eq!(v["day_tasks"][0]["done"], true);
    }
    let p = send(
        &app,
        post(
            "/api/v1/shift/tasks",
            &cgt,
            format!(r#"{{"child": {kid}, "goal": 0, "done": true}}"#),
        ),
    )
    .await;
    assert_eq!(p.status, 400, "a task not of today: {}", p.body);

    // Found: the demo's missing child, recorded once through the API.
    let (inc, occurred): (i64, chrono::NaiveDateTime) = si::table
        .filter(si::kind.eq("missing"))
        .select((si::id, si::occurred_at))
        .first(&mut t.conn())
        .unwrap();
    let at = (occurred + chrono::Duration::hours(8) + chrono::Duration::minutes(5))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let url = format!("/api/v1/shift/incidents/{inc}/found");
    let body = format!(
        r#"{{"found_at": "{at}", "place": "院外公园", "found_by": "护理员", "condition": "良好", "medical_check": true, "idem": "api-found-1"}}"#
    );
    let p = send(&app, post(&url, &cgt, body.clone())).await;
    assert_eq!(p.status, 201, "{}", p.body);
    let p = send(&app, post(&url, &cgt, body)).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!(
        shift_incident_found::table
            .count()
            .get_result::<i64>(&mut t.conn())
            .unwrap(),
        1
    );
    assert_eq!(send(&app, post(&url, &na, r#"{"found_at": "2026-11-23T10:00", "place": "x", "found_by": "y", "condition": "z"}"#.into())).await.status, 404);

    let (_, spec) = api_get(&app, "/api/v1/openapi.json", "").await;
    for p in [
        "/api/v1/children/{id}/appointments",
        "/api/v1/children/{id}/appointments/{appointment}/cancel",
        "/api/v1/children/{id}/shift/tasks",
        "/api/v1/shift/tasks",
        "/api/v1/shift/incidents/{id}/found",
    ] {
        assert!(spec["paths"][p].is_object(), "{p} in the OpenAPI document");
    }
}
