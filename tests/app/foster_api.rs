//! `POST /api/v1/foster/eligibility` end to end (issue 12 point 2): the issue's body, every failure
//! with rule, article and message, the local figures from the policy store when left out, and bad
//! bodies answered 400 naming the field — never a 500.

use crate::support::*;
use actix_web::test;
use serde_json::{json, Value};

fn token(v: (u16, Value)) -> String {
    assert_eq!(v.0, 200, "login: {}", v.1);
    v.1["token"].as_str().unwrap().to_string()
}

fn example() -> Value {
    json!({"on": "2026-12-01",
     "family": {"hukou_local": true, "fixed_residence": true,
                "area_per_capita_after": 28.5, "local_avg_area": 25.0,
                "income_per_capita": 42000, "local_middle_income": 36000,
                "current_foster_children": 0,
                "main_caregiver": {"birth_date": "1981-05-02", "education": "junior_middle", "healthy": true},
                "members": [{"relation": "self", "birth_date": "1981-05-02", "infectious_or_mental_illness": false,
                             "criminal_record": false, "bad_habits": false, "consents": true}]},
     "child": {"birth_date": "2018-03-01", "guardianship": "civil_affairs",
               "severe_disability_needing_professional_care": false, "consent": null}})
}

async fn post<S, B>(app: &S, tok: Option<&str>, body: String) -> (u16, Value)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut req = test::TestRequest::post()
        .uri("/api/v1/foster/eligibility")
        .insert_header(("Content-Type", "application/json"))
        .set_payload(body);
    if let Some(t) = tok {
        req = req.insert_header(("Authorization", format!("Bearer {t}")));
    }
    let p = send(app, req.to_request()).await;
    (
        p.status,
        serde_json::from_str(&p.body).unwrap_or(Value::Null),
    )
}

fn rules(v: &Value) -> Vec<String> {
    v["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn foster_eligibility_api_answers_the_issue_example_and_every_failure() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "social.cc", PW).await);
    let (s, v) = post(&app, Some(&tok), example().to_string()).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v, json!({"eligible": true, "failures": []}));

    // Caregiver 66 on the day, a 5-year-old at home, a 10-year-old not asked: three failures at once.
    let mut b = example();
    b["family"]["main_caregiver"]["birth_date"] = json!("1960-12-01");
    b["family"]["members"][0]["birth_date"] = json!("1960-12-01");
    b["family"]["members"]
        .as_array_mut()
        .unwrap()
        .push(json!({"relation": "other", "birth_date": "2020-12-02", "infectious_or_mental_illness": false,
                     "criminal_record": false, "bad_habits": false, "consents": true}));
    b["child"]["birth_date"] = json!("2016-12-01");
    let (s, v) = post(&app, Some(&tok), b.to_string()).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["eligible"], json!(false));
    assert_eq!(rules(&v), ["FOS-08", "FOS-11", "FOS-12"]);
    let f = &v["failures"][0];
    assert!(
        f["article"]
            .as_str()
            .unwrap()
            .starts_with("家庭寄养管理办法 第8条"),
        "{f}"
    );
    assert!(f["message"].as_str().unwrap().contains("66"), "{f}");

    // Every role that may see foster families; not a caregiver; not without a token.
    for who in ["head.cc", "supervisor.cc", "supervisor.jl", "head.na"] {
        let tk = token(api_token(&app, who, PW).await);
        assert_eq!(
            post(&app, Some(&tk), example().to_string()).await.0,
            200,
            "{who}"
        );
    }
    let care = token(api_token(&app, "caregiver.cc", PW).await);
    assert_eq!(post(&app, Some(&care), example().to_string()).await.0, 403);
    assert_eq!(post(&app, None, example().to_string()).await.0, 401);
}

#[actix_web::test]
async fn foster_eligibility_api_takes_local_figures_from_the_policy_of_the_callers_city() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "social.cc", PW).await);
    let mut b = example();
    let f = b["family"].as_object_mut().unwrap();
    f.remove("local_avg_area");
    f.remove("local_middle_income");
    // National reference values: 41.76 m² and 34 707 yuan. 28.5 m² is below; 42 000 yuan is above.
    let (s, v) = post(&app, Some(&tok), b.to_string()).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(rules(&v), ["FOS-04"]);
    assert!(
        v["failures"][0]["message"]
            .as_str()
            .unwrap()
            .contains("41.76"),
        "{v}"
    );
    // Changchun (2201) sets its own figures: 28.5 m² exactly (equal passes) and 45 000 yuan.
    let now = start_time();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    fuyu::policy::insert(
        &mut t.conn(),
        fuyu::policy::keys::FOSTER_LOCAL_AVG_AREA_DM2,
        "2201",
        "2850",
        from,
        "长春市 test",
        true,
        None,
        now,
    )
    .unwrap();
    fuyu::policy::insert(
        &mut t.conn(),
        fuyu::policy::keys::FOSTER_LOCAL_MIDDLE_INCOME_YUAN,
        "2201",
        "45000",
        from,
        "长春市 test",
        true,
        None,
        now,
    )
    .unwrap();
    let (s, v) = post(&app, Some(&tok), b.to_string()).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(rules(&v), ["FOS-05"], "{v}");
    // Before the city's value took effect the national one applies (effective-dated).
    b["on"] = json!("2025-12-31");
    let (_, v) = post(&app, Some(&tok), b.to_string()).await;
    assert_eq!(rules(&v), ["FOS-04"], "{v}");
    // A figure in the body wins over the policy.
    b["on"] = json!("2026-12-01");
    b["family"]["local_middle_income"] = json!(42000);
    let (_, v) = post(&app, Some(&tok), b.to_string()).await;
    assert_eq!(v["eligible"], json!(true), "{v}");
}

/// A change made to the example body.
type Change = Box<dyn Fn(&mut Value)>;

#[actix_web::test]
async fn foster_eligibility_api_names_the_field_of_a_bad_body() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "head.cc", PW).await);
    let cases: Vec<(&str, Change)> = vec![
        (
            "on",
            Box::new(|b| {
                b.as_object_mut().unwrap().remove("on");
            }),
        ),
        ("on", Box::new(|b| b["on"] = json!("2026-13-01"))),
        // Before the Measures took effect no threshold is in force (the child left out: born later).
        (
            "on",
            Box::new(|b| {
                b["on"] = json!("2014-11-30");
                b["child"] = json!(null);
            }),
        ),
        ("family", Box::new(|b| b["family"] = json!(null))),
        (
            "family.hukou_local",
            Box::new(|b| b["family"]["hukou_local"] = json!("yes")),
        ),
        (
            "family.area_per_capita_after",
            Box::new(|b| b["family"]["area_per_capita_after"] = json!(-1)),
        ),
        (
            "family.income_per_capita",
            Box::new(|b| b["family"]["income_per_capita"] = json!("42000")),
        ),
        (
            "family.current_foster_children",
            Box::new(|b| b["family"]["current_foster_children"] = json!(1.5)),
        ),
        (
            "family.main_caregiver.education",
            Box::new(|b| b["family"]["main_caregiver"]["education"] = json!("phd")),
        ),
        (
            "family.main_caregiver.birth_date",
            Box::new(|b| b["family"]["main_caregiver"]["birth_date"] = json!("2027-01-01")),
        ),
        (
            "family.members[0].relation",
            Box::new(|b| b["family"]["members"][0]["relation"] = json!("cousin")),
        ),
        (
            "family.members[0].consents",
            Box::new(|b| {
                b["family"]["members"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("consents");
            }),
        ),
        (
            "family.members",
            Box::new(|b| b["family"]["members"] = json!({})),
        ),
        (
            "family.local_avg_aera",
            Box::new(|b| b["family"]["local_avg_aera"] = json!(20)),
        ),
        (
            "child.guardianship",
            Box::new(|b| b["child"]["guardianship"] = json!("grandparents")),
        ),
        (
            "child.consent",
            Box::new(|b| b["child"]["consent"] = json!("maybe")),
        ),
        (
            "child.birth_date",
            Box::new(|b| b["child"]["birth_date"] = json!(20180301)),
        ),
    ];
    for (field, change) in cases {
        let mut b = example();
        change(&mut b);
        let (s, v) = post(&app, Some(&tok), b.to_string()).await;
        assert_eq!(s, 400, "{field}: {v}");
        let msg = v["error"]["message"].as_str().unwrap_or_default();
        assert!(msg.starts_with(&format!("{field}:")), "{field}: {v}");
        assert_eq!(v["error"]["field"], json!(field), "{v}");
        assert_eq!(v["error"]["code"], json!("invalid_field"), "{v}");
    }
    // Not JSON, or JSON that is not an object: 400 in the API's shape.
    for raw in ["{\"on\": ", "[1, 2]", "null"] {
        let (s, v) = post(&app, Some(&tok), raw.to_string()).await;
        assert_eq!(s, 400, "{raw}: {v}");
        assert!(v["error"]["code"].is_string(), "{raw}: {v}");
    }
    // The OpenAPI document describes the endpoint.
    let (s, spec) = api_get(&app, "/api/v1/openapi.json", &tok).await;
    assert_eq!(s, 200);
    let post = &spec["paths"]["/api/v1/foster/eligibility"]["post"];
    assert!(post["requestBody"].is_object(), "{post}");
    assert!(post["responses"]["200"].is_object(), "{post}");
}

#[actix_web::test]
async fn foster_eligibility_api_checks_any_date_the_measures_apply_from_2014_12_01() {
    // 家庭寄养管理办法 (in force 2014-12-01): a date before the Civil Code (2021-01-01) and before the
    // revised 未成年人保护法 (2021-06-01) is still checked — the age of majority was 18 then too
    // (民法通则 第11条), and the consent age of 第11条 applies.
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let tok = token(api_token(&app, "social.cc", PW).await);
    let mut b = example();
    b["child"]["birth_date"] = json!("2010-03-01");
    for on in ["2014-12-01", "2020-06-01", "2021-05-31"] {
        b["on"] = json!(on);
        b["child"]["consent"] = json!(null);
        let (s, v) = post(&app, Some(&tok), b.to_string()).await;
        assert_eq!(s, 200, "{on}: {v}");
        // The child is 4, 10 and 11: the consent is missing from the 10th birthday on.
        let expected: &[&str] = if on == "2014-12-01" { &[] } else { &["FOS-12"] };
        assert_eq!(rules(&v), expected, "{on}: {v}");
        b["child"]["consent"] = json!(true);
        let (s, v) = post(&app, Some(&tok), b.to_string()).await;
        assert_eq!((s, v["eligible"].clone()), (200, json!(true)), "{on}: {v}");
    }
    // The caregiver born 1981-05-02 was 29 until 2011: on 2014-12-01 33. A caregiver 30 on that day
    // passes, one day short fails (FOS-08).
    b["on"] = json!("2014-12-01");
    b["family"]["main_caregiver"]["birth_date"] = json!("1984-12-01");
    assert_eq!(
        post(&app, Some(&tok), b.to_string()).await.1["eligible"],
        json!(true)
    );
    b["family"]["main_caregiver"]["birth_date"] = json!("1984-12-02");
    let (_, v) = post(&app, Some(&tok), b.to_string()).await;
    assert_eq!(rules(&v), ["FOS-08"], "{v}");
    // The day before the Measures: nothing in force, the field named.
    b["on"] = json!("2014-11-30");
    let (s, v) = post(&app, Some(&tok), b.to_string()).await;
    assert_eq!((s, v["error"]["field"].clone()), (400, json!("on")), "{v}");
}
