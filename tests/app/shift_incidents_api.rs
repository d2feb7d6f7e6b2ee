//! Incidents of the caregiver's shift, continued (issue 15 points 6, 7, 9, 10): the head's day with
//! today's incidents, the demo's open incident with its pending mandatory report, the oversight
//! aggregates, and the incidents API.

use super::shift_incidents::{an_hour_ago, cc_children, user_id};
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{institutions, shift_incidents};

#[actix_web::test]
async fn the_heads_day_shows_todays_incidents_and_the_demo_has_a_pending_report() {
    use fuyu::db::schema::shift_reports;
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // The demo (point 10): an open missing-child incident whose reports are not sent yet.
    let demo: i64 = shift_incidents::table
        .filter(shift_incidents::kind.eq("missing"))
        .select(shift_incidents::id)
        .first(&mut t.conn())
        .unwrap();
    let unsent: i64 = shift_reports::table
        .filter(shift_reports::incident_id.eq(demo))
        .filter(shift_reports::sent_at.is_null())
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(unsent, 2);
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, "/shift/day").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(
        p.body.contains(&format!("id=\"day-incident-{demo}\"")),
        "{}",
        p.body
    );
    assert!(p.body.contains("未发出的强制报告 2"));
    let missing = p.body.find("id=\"day-missing\"").unwrap();
    assert!(p.body[missing..].contains(&format!("/shift/incidents/{demo}")));
    // Another institution's head sees none of it.
    let mut na = login(&app, "head.na").await;
    let p = na.get(&app, "/shift/day").await;
    assert!(!p.body.contains(&format!("id=\"day-incident-{demo}\"")));
    // The oversight aggregates (src/shift/stats.rs): counts by kind and reports by state.
    use fuyu::clock::Clock;
    let cc: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    let now = t.clock.now();
    let (from, until) = (
        now - chrono::Duration::days(1),
        now + chrono::Duration::days(1),
    );
    let kinds = fuyu::shift::stats::incidents_by_kind(&mut t.conn(), &[cc], from, until).unwrap();
    assert_eq!(kinds, vec![("missing".to_string(), 1)]);
    let states =
        fuyu::shift::stats::reports_by_state(&mut t.conn(), &[cc], from, until, now).unwrap();
    assert_eq!(states[0], (fuyu::shift::rules::ReportState::Pending, 2));
    let later = fuyu::shift::stats::reports_by_state(
        &mut t.conn(),
        &[cc],
        from,
        until,
        now + chrono::Duration::hours(3),
    )
    .unwrap();
    assert_eq!(later[1], (fuyu::shift::rules::ReportState::Overdue, 2));
    let none =
        fuyu::shift::stats::incidents_by_kind(&mut t.conn(), &[cc + 1000], from, until).unwrap();
    assert!(none.is_empty());
}

#[actix_web::test]
async fn the_api_lists_and_creates_incidents_once_and_hides_staff_incidents() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let medical = user_id(&t, "medical.cc");
    let when = an_hour_ago(&t);
    let (s, v) = api_token(&app, "caregiver.cc", PW).await;
    assert_eq!(s, 200);
    let tok = v["token"].as_str().unwrap().to_string();
    let post = |body: String| {
        test::TestRequest::post()
            .uri("/api/v1/shift/incidents")
            .insert_header(("Authorization", format!("Bearer {tok}")))
            .insert_header(("content-type", "application/json"))
            .set_payload(body)
            .to_request()
    };
    let body = |kind: &str, staff: &str, idem: &str| {
        format!(
            r#"{{"kind": "{kind}", "occurred": "{when}", "place": "浴室", "description": "滑倒", "action_taken": "冷敷", "children": [{}], "staff": [{staff}], "idem": "{idem}"}}"#,
            kids[0]
        )
    };
    let p = send(&app, post(body("accident", "", "api-i1"))).await;
    assert_eq!(p.status, 201, "{}", p.body);
    let p = send(&app, post(body("accident", "", "api-i1"))).await;
    assert_eq!(p.status, 200, "repeated: {}", p.body);
    let p = send(&app, post(body("restraint", &medical, "api-i2"))).await;
    assert_eq!(p.status, 201, "{}", p.body);
    // Refusals name the field; an unknown field and malformed JSON are client errors.
    let p = send(&app, post(body("flood", "", "api-i3"))).await;
    assert_eq!(p.status, 400);
    assert!(p.body.contains("kind"), "{}", p.body);
    let p = send(
        &app,
        post(r#"{"kind": "accident", "colour": "red"}"#.into()),
    )
    .await;
    assert!((400..500).contains(&p.status), "{}", p.body);
    let p = send(&app, post("{\"children\": [".into())).await;
    assert!((400..500).contains(&p.status), "{}", p.body);
    let (s, list) = api_get(&app, "/api/v1/shift/incidents", &tok).await;
    assert_eq!(s, 200);
    let kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"accident"), "{list}");
    assert!(
        !kinds.contains(&"restraint"),
        "staff-involved hidden: {list}"
    );
    let (_, head) = api_token(&app, "head.cc", PW).await;
    let (s, list) = api_get(
        &app,
        "/api/v1/shift/incidents",
        head["token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    assert!(list.to_string().contains("restraint"));
    let (s, doc) = api_get(&app, "/api/v1/openapi.json", &tok).await;
    assert_eq!(s, 200);
    assert!(doc["paths"]["/api/v1/shift/incidents"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/shift/incidents"]["get"].is_object());
}

#[actix_web::test]
async fn an_incident_typed_before_a_session_timeout_comes_back_in_its_form() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let who = user_id(&t, "caregiver.cc");
    let when = an_hour_ago(&t);
    let mut cg = login(&app, "caregiver.cc").await;
    t.clock.advance(chrono::Duration::hours(2));
    let p = cg
        .post(
            &app,
            "/shift/incidents",
            &[
                ("who", &who),
                ("kind", "illness"),
                ("occurred", &when),
                ("place", "三号卧室"),
                ("child", &kids[0]),
                ("description", "夜里呕吐两次"),
                ("action_taken", "通知值班医生"),
                ("idem", "late-inc"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(
        p.location.as_deref(),
        Some("/login?next=%2Fshift%2Fincidents%2Fnew")
    );
    // The login page carries the form's page and, once she has logged in, sends her back to it.
    let mut anon = Browser::anonymous();
    let page = anon
        .get(&app, "/login?next=%2Fshift%2Fincidents%2Fnew")
        .await;
    assert!(
        page.body
            .contains("name=\"next\" value=\"&#x2f;shift&#x2f;incidents&#x2f;new\"")
            || page
                .body
                .contains("name=\"next\" value=\"/shift/incidents/new\""),
        "{}",
        page.body
    );
    let back = anon
        .post_raw(
            &app,
            "/login",
            &[
                ("username", "caregiver.cc"),
                ("password", PW),
                ("next", "/shift/incidents/new"),
            ],
        )
        .await;
    assert_eq!(back.status, 303);
    assert_eq!(back.location.as_deref(), Some("/shift/incidents/new"));
    // Another site is never a target (no open redirect): home instead.
    for hostile in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let mut b = Browser::anonymous();
        let p = b
            .post_raw(
                &app,
                "/login",
                &[
                    ("username", "caregiver.cc"),
                    ("password", PW),
                    ("next", hostile),
                ],
            )
            .await;
        assert_eq!(p.status, 303);
        assert_eq!(p.location.as_deref(), Some("/"), "{hostile}");
        let form = b
            .get(
                &app,
                &format!("/login?next={}", hostile.replace('/', "%2F")),
            )
            .await;
        assert!(
            !form.body.contains("name=\"next\""),
            "{hostile} is not offered"
        );
    }
    let mut again = login(&app, "caregiver.cc").await;
    again.jar.extend(cg.jar.clone());
    // The round does not take the incident's draft; the incident form gives it back, once.
    let p = again.get(&app, "/shift").await;
    assert!(!p.body.contains("夜里呕吐两次"));
    let p = again.get(&app, "/shift/incidents/new").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("id=\"draft-restored\""), "{}", p.body);
    assert!(p.body.contains("夜里呕吐两次"));
    assert!(p.body.contains("value=\"late-inc\""));
    assert!(p
        .body
        .contains(&format!("id=\"incident-child-{}\" checked", kids[0])));
}

#[actix_web::test]
async fn the_register_exports_filtered_and_scoped_as_csv_and_xlsx() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let medical = user_id(&t, "medical.cc");
    let when = an_hour_ago(&t);
    let mut cg = login(&app, "caregiver.cc").await;
    for (kind, staff, idem) in [
        ("accident", "", "x-1"),
        ("restraint", medical.as_str(), "x-2"),
    ] {
        let mut f = vec![
            ("kind", kind),
            ("occurred", when.as_str()),
            ("place", "走廊"),
            ("child", kids[0].as_str()),
            ("description", "经过"),
            ("action_taken", "措施"),
            ("idem", idem),
        ];
        if !staff.is_empty() {
            f.push(("staff", staff));
        }
        assert_eq!(cg.post(&app, "/shift/incidents", &f).await.status, 303);
    }
    let before = audit_count(&mut t.conn(), "export", "success");
    // The caregiver's XLSX: hers and the demo's, never the staff-involved one.
    let f = cg.fetch(&app, "/shift/incidents?format=xlsx").await;
    assert_eq!(f.status, 200);
    let sheets = xlsx_sheets(&f.bytes);
    let cells: Vec<String> = sheets[0].1.iter().flatten().cloned().collect();
    assert!(cells.iter().any(|c| c == "意外伤害"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "走失或失踪"), "{cells:?}");
    assert!(!cells.iter().any(|c| c == "约束"), "{cells:?}");
    // Filtered CSV: only accidents.
    let f = cg
        .fetch(&app, "/shift/incidents?kind=accident&format=csv")
        .await;
    assert_eq!(f.status, 200);
    let csv = String::from_utf8_lossy(&f.bytes).to_string();
    assert!(
        csv.contains("意外伤害") && !csv.contains("走失或失踪"),
        "{csv}"
    );
    assert_eq!(audit_count(&mut t.conn(), "export", "success"), before + 2);
    // The head's export has the staff-involved incident.
    let head = login(&app, "head.cc").await;
    let f = head.fetch(&app, "/shift/incidents?format=xlsx").await;
    let cells: Vec<String> = xlsx_sheets(&f.bytes)[0]
        .1
        .iter()
        .flatten()
        .cloned()
        .collect();
    assert!(cells.iter().any(|c| c == "约束"), "{cells:?}");
    // A bad format, kind or date is a 400, not a page.
    for q in ["format=pdf", "kind=fire", "from=2026-13-01"] {
        let f = cg.fetch(&app, &format!("/shift/incidents?{q}")).await;
        assert_eq!(f.status, 400, "{q}");
    }
    // The page keeps the filter and offers the downloads.
    let p = cg.get(&app, "/shift/incidents?kind=accident").await;
    assert!(p.body.contains("id=\"export-xlsx\""));
    assert!(!p.body.contains("走失或失踪 ·"));
}
