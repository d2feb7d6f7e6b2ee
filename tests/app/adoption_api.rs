//! `POST /api/v1/adoption/eligibility` end to end (issue 13 point 3): the issue's own body, every failure
//! with rule and article, the reader's language, the roles, malformed bodies named by field, and a
//! policy value read from the store.

use crate::support::*;
use actix_web::test;
use serde_json::{json, Value};

fn token(v: (u16, Value)) -> String {
    assert_eq!(v.0, 200, "login: {}", v.1);
    v.1["token"].as_str().unwrap().to_string()
}

fn sample() -> Value {
    json!({"on": "2026-12-01",
     "applicants": [{"sex": "M", "birth_date": "1990-04-02", "children_count": 0, "disqualifying_disease": false,
                     "harmful_record": false, "able_to_raise": true, "overseas_chinese": false, "foreign_national": false}],
     "married": true, "spouse_joins": true,
     "relation": "none",
     "child": {"sex": "F", "birth_date": "2022-06-01", "category": "parents_unknown", "disabled": false,
               "cwi_raised_parents_unknown": true, "consent": null},
     "birth_parent_consent": true,
     "prior_adoptions_since_childless": 0})
}

async fn post<S, B>(app: &S, tok: &str, body: &str) -> (u16, Value)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::post()
        .uri("/api/v1/adoption/eligibility")
        .insert_header(("Authorization", format!("Bearer {tok}")))
        .insert_header(("Content-Type", "application/json"))
        .set_payload(body.to_string())
        .to_request();
    let p = send(app, req).await;
    let v = serde_json::from_str(&p.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", p.body));
    (p.status, v)
}

#[actix_web::test]
async fn adoption_eligibility_api_end_to_end() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "registrar.cc", PW).await);

    // The body: a 36-year-old adopting a CWI-raised parents-unknown girl — eligible.
    let (s, v) = post(&app, &tok, &sample().to_string()).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v, json!({"eligible": true, "failures": []}));

    // Everything wrong at once: every failure, each with rule, article and message.
    let mut b = sample();
    b["applicants"][0]["birth_date"] = json!("1996-12-02"); // 29 until tomorrow
    b["applicants"][0]["foreign_national"] = json!(true);
    b["spouse_joins"] = json!(false);
    b["child"]["birth_date"] = json!("2018-12-01"); // 8 today
    let (s, v) = post(&app, &tok, &b.to_string()).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["eligible"], json!(false));
    let failures = v["failures"].as_array().unwrap();
    let rules: Vec<&str> = failures
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["ADP-04", "ADP-07", "ADP-09", "ADP-27"]);
    assert_eq!(failures[0]["article"], json!("民法典 第1098条"));
    assert_eq!(failures[1]["article"], json!("民法典 第1101条"));
    assert_eq!(failures[2]["article"], json!("民法典 第1104条"));
    let msg = failures[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("29") && msg.contains("30"),
        "zh message with the ages: {msg}"
    );
    assert!(msg.contains("周岁"), "the registrar reads Chinese: {msg}");

    // A stepparent of 25 with the birth parent's consent: 第1103条 exempts 第1098条.
    let mut b = sample();
    b["applicants"][0]["birth_date"] = json!("2001-06-01");
    b["relation"] = json!("stepparent");
    b["spouse_joins"] = json!(false);
    b["child"]["category"] = json!("parents_able");
    b["child"]["cwi_raised_parents_unknown"] = json!(false);
    let (s, v) = post(&app, &tok, &b.to_string()).await;
    assert_eq!((s, v["eligible"].clone()), (200, json!(true)), "{v}");
    b["birth_parent_consent"] = json!(false);
    let (_, v) = post(&app, &tok, &b.to_string()).await;
    assert_eq!(v["failures"][0]["rule"], json!("ADP-13"));

    // Optional fields absent.
    let mut b = sample();
    b.as_object_mut().unwrap().remove("birth_parent_consent");
    b.as_object_mut()
        .unwrap()
        .remove("prior_adoptions_since_childless");
    let (s, v) = post(&app, &tok, &b.to_string()).await;
    assert_eq!((s, v["eligible"].clone()), (200, json!(true)), "{v}");

    // Malformed bodies: 422 naming the field, or 400 for what is not JSON — never a 500.
    for (ptr, value, field) in [
        (
            "/applicants/0/birth_date",
            json!("1990-02-30"),
            "applicants[0].birth_date",
        ),
        ("/child/consent", json!("maybe"), "child.consent"),
        ("/relation", json!("cousin"), "relation"),
        (
            "/applicants/0/children_count",
            json!(-1),
            "applicants[0].children_count",
        ),
        ("/on", json!("2020-12-31"), "on"),
    ] {
        let mut b = sample();
        *b.pointer_mut(ptr).unwrap() = value;
        let (s, v) = post(&app, &tok, &b.to_string()).await;
        assert_eq!(s, 422, "{ptr}: {v}");
        assert_eq!(v["error"]["field"], json!(field), "{v}");
        assert_eq!(v["error"]["code"], json!("invalid_field"));
    }
    let mut b = sample();
    b.as_object_mut().unwrap().remove("married");
    let (s, v) = post(&app, &tok, &b.to_string()).await;
    assert_eq!((s, v["error"]["field"].clone()), (422, json!("married")));
    let (s, v) = post(&app, &tok, "{\"on\": ").await;
    assert_eq!((s, v["error"]["code"].clone()), (400, json!("bad_json")));
    let (s, _) = post(&app, &tok, "[]").await;
    assert_eq!(s, 422);

    // Roles: a caregiver may not ask (403); without a token 401.
    let care = token(api_token(&app, "caregiver.cc", PW).await);
    let (s, _) = post(&app, &care, &sample().to_string()).await;
    assert_eq!(s, 403);
    for who in ["head.cc", "social.cc", "supervisor.jl"] {
        let tok = token(api_token(&app, who, PW).await);
        let (s, v) = post(&app, &tok, &sample().to_string()).await;
        assert_eq!(s, 200, "{who}: {v}");
    }
    let req = test::TestRequest::post()
        .uri("/api/v1/adoption/eligibility")
        .set_json(sample())
        .to_request();
    assert_eq!(send(&app, req).await.status, 401);

    // The OpenAPI description documents the endpoint and its body's names.
    let (s, doc) = api_get(&app, "/api/v1/openapi.json", &tok).await;
    assert_eq!(s, 200);
    let op = &doc["paths"]["/api/v1/adoption/eligibility"]["post"];
    let props = &op["requestBody"]["content"]["application/json"]["schema"]["properties"];
    for name in [
        "on",
        "applicants",
        "married",
        "spouse_joins",
        "relation",
        "child",
        "birth_parent_consent",
        "prior_adoptions_since_childless",
    ] {
        assert!(props.get(name).is_some(), "{name} documented");
    }
    assert!(op["responses"].get("422").is_some());
}

#[actix_web::test]
async fn adoption_eligibility_reads_thresholds_from_the_policy_store() {
    let t = TestApp::new();
    {
        // A later national value of the intercountry date (a policy decision, not code).
        let mut c = t.conn();
        fuyu::policy::insert(
            &mut c,
            fuyu::policy::keys::ADOPTION_INTERCOUNTRY_RESTRICTED_FROM,
            "CN",
            "2027-01-01",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            "test",
            true,
            None,
            start_time(),
        )
        .unwrap();
    }
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "registrar.cc", PW).await);
    let mut b = sample();
    b["applicants"][0]["foreign_national"] = json!(true);
    let (_, v) = post(&app, &tok, &b.to_string()).await;
    assert_eq!(v["eligible"], json!(true), "{v}");
    b["on"] = json!("2025-12-31");
    let (_, v) = post(&app, &tok, &b.to_string()).await;
    assert_eq!(
        v["failures"][0]["rule"],
        json!("ADP-27"),
        "the old value in force then: {v}"
    );
}
