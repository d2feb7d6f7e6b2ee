//! `/api/v1` answers every error in its JSON shape with a stable code, as its OpenAPI document says
//! (issue 10 point 8): parse errors of paths, queries and bodies, unknown paths, other methods; the
//! transfer create is all or nothing; a child's handover list names a child of that batch only.

use crate::support::*;
use actix_web::http::Method;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{children, institutions, transfer_batches as tb, transfer_children as tc};

fn token(v: (u16, serde_json::Value)) -> String {
    assert_eq!(v.0, 200, "login: {}", v.1);
    v.1["token"].as_str().unwrap().to_string()
}

/// A request under the API with a bearer token.
fn call(method: Method, uri: &str, token: &str) -> test::TestRequest {
    test::TestRequest::default()
        .method(method)
        .uri(uri)
        .insert_header(("Authorization", format!("Bearer {token}")))
}

/// The body is the API's error shape; its code.
fn error_code(p: &Page) -> String {
    let v: serde_json::Value =
        serde_json::from_str(&p.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", p.body));
    let code = v["error"]["code"].as_str();
    assert!(code.is_some() && v["error"]["message"].is_string(), "{v}");
    code.unwrap_or_default().to_string()
}

fn active_child_of(t: &TestApp, code: &str) -> Vec<i64> {
    let inst: i64 = institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::status.eq("active"))
        .order(children::id.asc())
        .select(children::id)
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn unreadable_queries_and_paths_answer_json_with_a_code() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "head.cc", PW).await);
    for uri in [
        "/api/v1/children?per_page=abc",
        "/api/v1/children?page=0",
        "/api/v1/children?per_page=201",
        "/api/v1/children?status=bogus",
        "/api/v1/children?sort=bogus",
        "/api/v1/children?age_band=bogus",
        // A NUL in the search text was a 500 on PostgreSQL (found by the fuzz run).
        "/api/v1/children?q=a%00b",
    ] {
        let p = send(&app, call(Method::GET, uri, &tok).to_request()).await;
        assert_eq!(p.status, 400, "{uri}: {}", p.body);
        assert_eq!(error_code(&p), "bad_query", "{uri}");
    }
    // A path that names no record (not an id at all, or too large for one) is 404, like an id out of
    // scope; never the HTML error page.
    for uri in [
        "/api/v1/children/null",
        "/api/v1/children/99999999999999999999999",
        "/api/v1/transfers/abc",
        "/api/v1/transfers/1/children/x/complete",
    ] {
        let m = if uri.ends_with("complete") {
            Method::POST
        } else {
            Method::GET
        };
        let p = send(&app, call(m, uri, &tok).to_request()).await;
        assert_eq!(p.status, 404, "{uri}: {}", p.body);
        assert_eq!(error_code(&p), "not_found", "{uri}");
    }
    let p = send(
        &app,
        call(Method::GET, "/api/v1/no-such-thing", &tok).to_request(),
    )
    .await;
    assert_eq!((p.status, error_code(&p).as_str()), (404, "not_found"));
    // A valid filter still lists.
    let (s, v) = api_get(
        &app,
        "/api/v1/children?per_page=5&status=all&sort=name",
        &tok,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["per_page"], 5);
}

#[actix_web::test]
async fn other_methods_answer_405_with_the_documented_methods() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "head.cc", PW).await);
    let p = send(
        &app,
        call(Method::TRACE, "/api/v1/children", &tok).to_request(),
    )
    .await;
    assert_eq!(p.status, 405, "{}", p.body);
    assert_eq!(error_code(&p), "method_not_allowed");
    // Every documented path, asked with TRACE and DELETE (no operation uses them), says which methods
    // it answers — exactly those the document lists.
    let (_, spec) = api_get(&app, "/api/v1/openapi.json", "").await;
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() >= 15, "{}", paths.len());
    for (path, item) in paths {
        let concrete = path
            .split('/')
            .map(|s| if s.starts_with('{') { "1" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let mut documented: Vec<String> = item
            .as_object()
            .unwrap()
            .keys()
            .map(|m| m.to_uppercase())
            .collect();
        documented.sort();
        for m in [Method::TRACE, Method::DELETE] {
            let req = call(m.clone(), &concrete, &tok).to_request();
            let resp = test::call_service(&app, req).await;
            assert_eq!(resp.status().as_u16(), 405, "{m} {concrete}");
            let ct = resp
                .headers()
                .get("content-type")
                .unwrap()
                .to_str()
                .unwrap();
            assert!(ct.starts_with("application/json"), "{m} {concrete}: {ct}");
            let allow = resp.headers().get("allow").expect("Allow header");
            let mut allowed: Vec<String> = allow
                .to_str()
                .unwrap()
                .split(',')
                .map(|s| s.trim().to_string())
                .collect();
            allowed.sort();
            assert_eq!(allowed, documented, "{concrete}");
        }
    }
}

#[actix_web::test]
async fn bodies_that_are_not_the_documented_json_are_refused_in_json() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "transfer.na", PW).await);
    let post = |body: &str, ct: Option<&str>| {
        let mut r = call(Method::POST, "/api/v1/transfers", &tok).set_payload(body.to_string());
        if let Some(ct) = ct {
            r = r.insert_header(("Content-Type", ct.to_string()));
        }
        r.to_request()
    };
    let json = Some("application/json");
    // As the document says: 400 `bad_json` for JSON that is not the body's shape…
    for body in [
        "{not json",
        "{}",
        r#"{"planned_date": "not a date"}"#,
        r#"{"planned_date": "2026-12-01", "child_ids": ["x"]}"#,
        r#"{"planned_date": "2026-12-01", "receiver_institution_id": "CC"}"#,
    ] {
        let p = send(&app, post(body, json)).await;
        assert_eq!(p.status, 400, "{body}: {}", p.body);
        assert_eq!(error_code(&p), "bad_json", "{body}");
    }
    // …415 for a body that is not sent as JSON at all.
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let p = send(&app, post(r#"{"planned_date": "2026-12-01"}"#, ct)).await;
        assert_eq!(p.status, 415, "{ct:?}: {}", p.body);
        assert_eq!(error_code(&p), "unsupported_media_type");
    }
    let (_, spec) = api_get(&app, "/api/v1/openapi.json", "").await;
    let responses = &spec["paths"]["/api/v1/transfers"]["post"]["responses"];
    for s in ["400", "413", "415"] {
        assert!(responses[s].is_object(), "{s} is documented");
    }
}

#[actix_web::test]
async fn a_refused_child_leaves_no_transfer_behind() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "transfer.na", PW).await);
    let own = active_child_of(&t, "NA-CWI")[0];
    let elsewhere = active_child_of(&t, "CC-CWI")[0];
    let batches = || -> i64 { tb::table.count().get_result(&mut t.conn()).unwrap() };
    let records = || -> i64 { tc::table.count().get_result(&mut t.conn()).unwrap() };
    let (b0, r0) = (batches(), records());
    let p = send(
        &app,
        call(Method::POST, "/api/v1/transfers", &tok)
            .set_json(
                serde_json::json!({"planned_date": "2026-12-01", "child_ids": [own, elsewhere]}),
            )
            .to_request(),
    )
    .await;
    assert_eq!(p.status, 400, "{}", p.body);
    assert_eq!(error_code(&p), "not_own_child");
    assert_eq!(batches(), b0, "no empty draft batch is left behind");
    assert_eq!(records(), r0, "the accepted child is not left in a draft");
    // The same request without the refused child creates the batch with its child.
    let p = send(
        &app,
        call(Method::POST, "/api/v1/transfers", &tok)
            .set_json(serde_json::json!({"planned_date": "2026-12-01", "child_ids": [own]}))
            .to_request(),
    )
    .await;
    assert_eq!(p.status, 201, "{}", p.body);
    assert_eq!((batches(), records()), (b0 + 1, r0 + 1));
}

#[actix_web::test]
async fn a_childs_handover_list_names_a_child_of_that_batch_only() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "transfer.na", PW).await);
    let kids = active_child_of(&t, "NA-CWI");
    let mut made = Vec::new();
    for child in &kids[..2] {
        let p = send(
            &app,
            call(Method::POST, "/api/v1/transfers", &tok)
                .set_json(serde_json::json!({"planned_date": "2026-12-01", "child_ids": [child]}))
                .to_request(),
        )
        .await;
        assert_eq!(p.status, 201, "{}", p.body);
        let v: serde_json::Value = serde_json::from_str(&p.body).unwrap();
        made.push((
            v["batch"]["id"].as_i64().unwrap(),
            v["children"][0]["record"]["id"].as_i64().unwrap(),
        ));
    }
    let ((b1, tc1), (_, tc2)) = (made[0], made[1]);
    let officer = login(&app, "transfer.na").await;
    let own = officer
        .fetch(
            &app,
            &format!("/transfers/{b1}/children/{tc1}/handover.pdf"),
        )
        .await;
    assert_eq!(own.status, 200);
    assert_eq!(own.content_type, "application/pdf");
    // The other batch's child, through this batch: not found, not an empty list.
    let other = officer
        .fetch(
            &app,
            &format!("/transfers/{b1}/children/{tc2}/handover.pdf"),
        )
        .await;
    assert_eq!(
        other.status,
        404,
        "{}",
        String::from_utf8_lossy(&other.bytes)
    );
    let none = officer
        .fetch(
            &app,
            &format!("/transfers/{b1}/children/999999/handover.pdf"),
        )
        .await;
    assert_eq!(none.status, 404);
}
