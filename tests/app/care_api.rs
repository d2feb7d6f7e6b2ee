//! Care API for rehabilitation, education and social work (issue 14 point 9 for points 4–6): list and
//! create with the page's checks, roles, scope, the archive's restriction rule, audit and the OpenAPI
//! document.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::audit_log as a;

/// A bearer token of a demo account.
macro_rules! token {
    ($app:expr, $who:expr) => {{
        let (s, v) = api_token($app, $who, PW).await;
        assert_eq!(s, 200, "{}", $who);
        v["token"].as_str().unwrap().to_string()
    }};
}

fn post(path: &str, tok: &str, body: serde_json::Value) -> actix_http::Request {
    test::TestRequest::post()
        .uri(path)
        .insert_header(("Authorization", format!("Bearer {tok}")))
        .set_json(body)
        .to_request()
}

#[actix_web::test]
async fn the_api_lists_and_creates_rehabilitation_education_and_social_work() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[0];
    let today = start_time().date().to_string();
    let base = format!("/api/v1/children/{child}/care");
    let med = token!(&app, "medical.cc");
    let social = token!(&app, "social.cc");
    // Rehabilitation: the demo's sessions, a new one, a refused one (400 naming the field).
    let (s, v) = api_get(&app, &format!("{base}/rehab"), &med).await;
    assert_eq!(s, 200, "{v}");
    let n = v["sessions"].as_array().unwrap().len();
    assert!(n >= 1 && v["devices"].is_array() && v["targets"].is_array());
    let p = send(
        &app,
        post(
            &format!("{base}/rehab/session"),
            &med,
            serde_json::json!({"therapist": "康复师 王", "date": today, "minutes": "45", "activity": "步态训练", "progress": "进步"}),
        ),
    )
    .await;
    assert_eq!(p.status, 201, "{}", p.body);
    let (_, v) = api_get(&app, &format!("{base}/rehab"), &med).await;
    assert_eq!(v["sessions"].as_array().unwrap().len(), n + 1);
    let p = send(
        &app,
        post(
            &format!("{base}/rehab/session"),
            &med,
            serde_json::json!({"therapist": "王", "date": today, "minutes": "0", "activity": "x"}),
        ),
    )
    .await;
    assert_eq!(p.status, 400);
    assert!(p.body.contains("minutes:"), "{}", p.body);
    // Malformed JSON (a number for a text field): 400, never 500; an unknown kind: 404.
    let p = send(
        &app,
        post(
            &format!("{base}/rehab/session"),
            &med,
            serde_json::json!({"minutes": 45}),
        ),
    )
    .await;
    assert_eq!(p.status, 400, "{}", p.body);
    let p = send(
        &app,
        post(
            &format!("{base}/rehab/massage"),
            &med,
            serde_json::json!({}),
        ),
    )
    .await;
    assert_eq!(p.status, 404);
    // Education: the social worker records a placement; medical staff may not (403).
    let p = send(
        &app,
        post(
            &format!("{base}/education/placement"),
            &social,
            serde_json::json!({"kind": "special", "school": "长春市特殊教育学校", "grade": "三年级", "xueji_no": "G220102201501010011", "date": today}),
        ),
    )
    .await;
    assert_eq!(p.status, 201, "{}", p.body);
    let p = send(
        &app,
        post(
            &format!("{base}/education/placement"),
            &med,
            serde_json::json!({"kind": "special"}),
        ),
    )
    .await;
    assert_eq!(p.status, 403);
    let (s, v) = api_get(&app, &format!("{base}/education"), &social).await;
    assert_eq!(s, 200);
    assert!(v["placements"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["school"] == "长春市特殊教育学校"));
    // Social work: the child's words verbatim; a bad kind is refused under `kind`.
    let words = "我想学画画。";
    let p = send(
        &app,
        post(
            &format!("{base}/social"),
            &social,
            serde_json::json!({"kind": "wishes", "date": today, "text": words}),
        ),
    )
    .await;
    assert_eq!(p.status, 201, "{}", p.body);
    let p = send(
        &app,
        post(
            &format!("{base}/social"),
            &social,
            serde_json::json!({"kind": "gossip", "date": today, "text": "x"}),
        ),
    )
    .await;
    assert_eq!(p.status, 400);
    assert!(p.body.contains("kind:"), "{}", p.body);
    let (s, v) = api_get(&app, &format!("{base}/social"), &social).await;
    assert_eq!(s, 200);
    assert!(v.as_array().unwrap().iter().any(|x| x["summary"] == words));
    // Caregivers read none of these (403); another institution's head: 404.
    let carer = token!(&app, "caregiver.cc");
    assert_eq!(
        api_get(&app, &format!("{base}/social"), &carer).await.0,
        403
    );
    assert_eq!(api_get(&app, &format!("{base}/rehab"), &carer).await.0, 403);
    let other = token!(&app, "head.na");
    assert_eq!(
        api_get(&app, &format!("{base}/education"), &other).await.0,
        404
    );
    // Every list read is audited as a view.
    let views: i64 = a::table
        .filter(a::action.eq("view"))
        .filter(a::resource_type.eq_any(["care_rehab", "care_education", "care_social"]))
        .filter(a::detail.eq("api"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(views >= 4, "{views}");
}

#[actix_web::test]
async fn a_restricted_section_is_refused_by_the_api_and_the_paths_are_documented() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[0];
    let mut head = login(&app, "head.cc").await;
    let p = head
        .post(
            &app,
            &format!("/children/{child}/restrictions"),
            &[("kind", "adoption-secrecy"), ("reason", "收养保密")],
        )
        .await;
    assert_eq!(p.status, 303);
    // 收养保密 hides 社会工作: refused even to the head (the API never opens the purpose-stated view).
    let tok = token!(&app, "head.cc");
    let base = format!("/api/v1/children/{child}/care");
    assert_eq!(api_get(&app, &format!("{base}/social"), &tok).await.0, 403);
    // Other sections stay readable.
    assert_eq!(api_get(&app, &format!("{base}/rehab"), &tok).await.0, 200);
    let social = token!(&app, "social.cc");
    let p = send(
        &app,
        post(
            &format!("{base}/social"),
            &social,
            serde_json::json!({"kind": "case_note", "date": start_time().date().to_string(), "text": "x"}),
        ),
    )
    .await;
    assert_eq!(p.status, 403);
    // The OpenAPI document names every path and the kinds.
    let (s, doc) = api_get(&app, "/api/v1/openapi.json", &tok).await;
    assert_eq!(s, 200);
    let paths = &doc["paths"];
    for p in [
        "/api/v1/children/{id}/care/rehab",
        "/api/v1/children/{id}/care/rehab/{kind}",
        "/api/v1/children/{id}/care/education",
        "/api/v1/children/{id}/care/education/{kind}",
        "/api/v1/children/{id}/care/social",
    ] {
        assert!(paths[p].is_object(), "{p} documented");
    }
    assert_eq!(
        paths["/api/v1/children/{id}/care/rehab/{kind}"]["post"]["parameters"][1]["schema"]["enum"],
        serde_json::json!(["session", "target", "device"])
    );
}
