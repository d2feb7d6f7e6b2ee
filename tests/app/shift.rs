//! The caregiver's shift (issue 15): the round on a phone (doses marked once, reasons required), the
//! quick log for several children with corrections kept, missed-dose alerts to medical staff and the
//! head, handovers acknowledged by the next shift, units and occupancy, scope, the MAR sheet, and a form
//! kept across a session timeout.

use crate::support::*;
use actix_web::test;
use chrono::Duration;
use diesel::prelude::*;
use fuyu::db::schema::{mail_outbox, shift_doses, shift_handovers, shift_log, shift_units, tasks};

/// The local instant `h:m` (China time) of the day after the test start, as UTC.
fn next_day_local(h: i64, m: i64) -> chrono::NaiveDateTime {
    // start_time() is 2026-11-23 02:00 UTC = 10:00 local; the next day's 00:00 local is 16:00 UTC.
    start_time() + Duration::hours(14) + Duration::hours(h) + Duration::minutes(m)
}

fn infant_unit(t: &TestApp) -> i64 {
    shift_units::table
        .filter(shift_units::kind.eq("infant"))
        .select(shift_units::id)
        .first(&mut t.conn())
        .unwrap()
}

/// The (child, order, due) of the first dose form on a round page.
fn first_dose(body: &str) -> (String, String, String) {
    let i = body.find("class=\"dose-form\"").expect("a dose form");
    let part = &body[i..];
    let val = |name: &str| {
        let k = format!("name=\"{name}\" value=\"");
        let j = part.find(&k).unwrap() + k.len();
        part[j..j + part[j..].find('"').unwrap()].to_string()
    };
    (val("child"), val("order"), val("due"))
}

#[actix_web::test]
async fn a_dose_is_marked_once_and_a_refusal_needs_a_reason() {
    let t = TestApp::new();
    t.clock.set(next_day_local(8, 10));
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, "/shift").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("id=\"round-doses\""));
    assert!(p.body.contains("维生素D滴剂"), "{}", p.body);
    assert!(
        p.body.contains("该给药了"),
        "the 08:00 dose is due at 08:10"
    );
    let (child, order, due) = first_dose(&p.body);
    // Refused without a reason: 422, the message beside the reason, nothing written.
    let before: i64 = shift_doses::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    let p = cg
        .post(
            &app,
            "/shift/doses",
            &[
                ("child", &child),
                ("order", &order),
                ("due", &due),
                ("outcome", "refused"),
                ("reason", ""),
                ("idem", "k-refuse-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("请写明原因"), "{}", p.body);
    assert!(p.body.contains("aria-invalid=\"true\""));
    let after: i64 = shift_doses::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(before, after);
    // Given, submitted twice with the same key (a double tap): recorded once, the same answer.
    let fields = [
        ("child", child.as_str()),
        ("order", order.as_str()),
        ("due", due.as_str()),
        ("outcome", "given"),
        ("idem", "k-give-1"),
    ];
    let p1 = cg.post(&app, "/shift/doses", &fields).await;
    assert_eq!(p1.status, 303, "{}", p1.body);
    let p2 = cg.post(&app, "/shift/doses", &fields).await;
    assert_eq!(p2.status, 303, "{}", p2.body);
    let given: i64 = shift_doses::table
        .filter(shift_doses::order_id.eq(order.parse::<i64>().unwrap()))
        .filter(shift_doses::outcome.eq("given"))
        .filter(shift_doses::recorded_by.is_not_null())
        .filter(
            shift_doses::due_at
                .eq(chrono::NaiveDateTime::parse_from_str(&due, "%Y-%m-%dT%H:%M").unwrap()),
        )
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(given, 1, "a double submit records once");
    let page = cg.get(&app, "/shift").await;
    assert!(
        page.body.contains("只记录了一次") || page.body.contains("已服"),
        "{}",
        page.body
    );
    // The same dose marked again with a new key: refused, it is already recorded.
    let p = cg
        .post(
            &app,
            "/shift/doses",
            &[
                ("child", &child),
                ("order", &order),
                ("due", &due),
                ("outcome", "given"),
                ("idem", "k-give-2"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("已经记录过"), "{}", p.body);
}

#[actix_web::test]
async fn a_dose_not_marked_in_the_window_alerts_medical_staff_and_the_head() {
    let t = TestApp::new();
    // Seeding at 10:00 local swept today's 08:00 doses as missed.
    let missed: Vec<i64> = shift_doses::table
        .filter(shift_doses::outcome.eq("missed"))
        .filter(shift_doses::recorded_by.is_null())
        .select(shift_doses::id)
        .load(&mut t.conn())
        .unwrap();
    assert!(!missed.is_empty(), "the demo has a missed dose");
    let now = start_time();
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
    let roles: Vec<Option<String>> = tasks::table
        .filter(tasks::module.eq("shift"))
        .filter(tasks::message_key.eq("task.shift_missed_dose"))
        .filter(tasks::closed_at.is_null())
        .select(tasks::role)
        .load(&mut t.conn())
        .unwrap();
    assert!(
        roles.iter().any(|r| r.as_deref() == Some("medical")),
        "{roles:?}"
    );
    assert!(
        roles.iter().any(|r| r.as_deref() == Some("head")),
        "{roles:?}"
    );
    let mails: i64 = mail_outbox::table
        .filter(mail_outbox::subject.like("%漏服%"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(mails > 0, "the alert is e-mailed");
    // The head sees it on the day page and the doctor reviews it: its tasks close.
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, "/shift/day").await;
    assert_eq!(p.status, 200);
    assert!(
        p.body.contains(&format!("id=\"missed-{}\"", missed[0])),
        "{}",
        p.body
    );
    let mut med = login(&app, "medical.cc").await;
    let _ = med.get(&app, "/shift/day").await;
    let p = med
        .post(
            &app,
            &format!("/shift/doses/{}/review", missed[0]),
            &[("idem", "rv-1")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let open: i64 = tasks::table
        .filter(tasks::dedupe_key.like(format!("shift.missed.{}.%", missed[0])))
        .filter(tasks::closed_at.is_null())
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(open, 0, "reviewed: the alert tasks close");
    // A caregiver may not review.
    let mut cg = login(&app, "caregiver.cc").await;
    let _ = cg.get(&app, "/shift").await;
    let p = cg
        .post(
            &app,
            &format!("/shift/doses/{}/review", missed[1 % missed.len()]),
            &[],
        )
        .await;
    assert_eq!(p.status, 403);
}

#[actix_web::test]
async fn three_children_logged_at_once_and_a_correction_keeps_the_old_entry() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, "/shift").await;
    let kids: Vec<String> = p
        .body
        .match_indices("name=\"child\" value=\"")
        .filter(|(i, _)| p.body[..*i].ends_with("type=\"checkbox\" "))
        .map(|(i, m)| {
            let s = &p.body[i + m.len()..];
            s[..s.find('"').unwrap()].to_string()
        })
        .collect();
    assert!(kids.len() >= 3, "three children to tick: {kids:?}");
    let before: i64 = shift_log::table.count().get_result(&mut t.conn()).unwrap();
    // A temperature typed wrong: 422 with the message under the field, the ticks and the note kept.
    let p = cg
        .post(
            &app,
            "/shift/log",
            &[
                ("child", &kids[0]),
                ("child", &kids[1]),
                ("child", &kids[2]),
                ("note", "午睡后"),
                ("temperature", "368"),
                ("entry", "temperature:"),
                ("idem", "log-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("id=\"log-temperature-error\""));
    assert!(p.body.contains("value=\"午睡后\""));
    assert!(p.body.contains(&format!("id=\"tick-{}\" checked", kids[2])));
    // One tap: lunch eaten by all three, sent twice, recorded once.
    let fields = [
        ("child", kids[0].as_str()),
        ("child", kids[1].as_str()),
        ("child", kids[2].as_str()),
        ("note", ""),
        ("entry", "meal:all"),
        ("idem", "log-2"),
    ];
    assert_eq!(cg.post(&app, "/shift/log", &fields).await.status, 303);
    assert_eq!(cg.post(&app, "/shift/log", &fields).await.status, 303);
    let after: i64 = shift_log::table.count().get_result(&mut t.conn()).unwrap();
    assert_eq!(after - before, 3, "three entries, once");
    // Correct one: a new row supersedes it, the old stays.
    let id: i64 = shift_log::table
        .filter(shift_log::child_id.eq(kids[0].parse::<i64>().unwrap()))
        .order(shift_log::id.desc())
        .select(shift_log::id)
        .first(&mut t.conn())
        .unwrap();
    let p = cg.get(&app, &format!("/shift/log/{id}")).await;
    assert_eq!(p.status, 200);
    let p = cg
        .post(
            &app,
            &format!("/shift/log/{id}"),
            &[("value", "some"), ("note", "只吃了半碗"), ("idem", "cor-1")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let rows: Vec<(i64, String, Option<i64>)> = shift_log::table
        .filter(shift_log::child_id.eq(kids[0].parse::<i64>().unwrap()))
        .filter(shift_log::id.ge(id))
        .order(shift_log::id.asc())
        .select((shift_log::id, shift_log::value, shift_log::supersedes))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].1, "all");
    assert_eq!(rows[1].1, "some");
    assert_eq!(rows[1].2, Some(id));
    let p = cg.get(&app, &format!("/shift/log/{}", rows[1].0)).await;
    assert!(
        p.body.contains("<del>"),
        "history shows the old value struck: {}",
        p.body
    );
}

#[actix_web::test]
async fn the_next_shift_acknowledges_the_handover_and_the_head_sees_it_until_then() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // The demo's night handover waits for the day shift.
    let pending: i64 = shift_handovers::table
        .filter(shift_handovers::acked_at.is_null())
        .select(shift_handovers::id)
        .first(&mut t.conn())
        .unwrap();
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, "/shift/day").await;
    assert!(p.body.contains(&format!("id=\"open-handover-{pending}\"")));
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, "/shift").await;
    let first = p
        .body
        .find(&format!("id=\"handover-{pending}\""))
        .expect("shown");
    let doses = p.body.find("id=\"round-doses\"").unwrap();
    assert!(first < doses, "the handover is shown first");
    let p = cg
        .post(
            &app,
            &format!("/shift/handovers/{pending}/ack"),
            &[("idem", "ack-1")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = head.get(&app, "/shift/day").await;
    assert!(!p.body.contains(&format!("id=\"open-handover-{pending}\"")));
    // The caregiver's own handover: the unit note is required; then she cannot acknowledge her own.
    let unit = infant_unit(&t);
    let p = cg
        .post(
            &app,
            &format!("/shift/units/{unit}/handover"),
            &[("note", " "), ("idem", "h-0")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"handover-note-error\""));
    let p = cg
        .post(
            &app,
            &format!("/shift/units/{unit}/handover"),
            &[("note", "白班平稳"), ("idem", "h-1")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mine: i64 = shift_handovers::table
        .filter(shift_handovers::note.eq("白班平稳"))
        .select(shift_handovers::id)
        .first(&mut t.conn())
        .unwrap();
    let p = cg
        .post(
            &app,
            &format!("/shift/handovers/{mine}/ack"),
            &[("idem", "ack-2")],
        )
        .await;
    assert_eq!(p.status, 422);
}

#[actix_web::test]
async fn units_show_occupancy_and_are_scoped_to_the_institution() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, "/shift/units").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("小星星婴儿室"));
    assert!(
        p.body.contains("超员"),
        "the demo's observation room is over capacity"
    );
    // A unit with a capacity typed wrong: 422, the name kept, the message under the capacity.
    let p = head
        .post(
            &app,
            "/shift/units",
            &[
                ("name", "月亮家庭"),
                ("kind", "family"),
                ("capacity", "0"),
                ("idem", "u-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("value=\"月亮家庭\""));
    assert!(p.body.contains("id=\"unit-capacity-error\""));
    // Over capacity is a task for the head.
    let now = start_time();
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
    let n: i64 = tasks::table
        .filter(tasks::message_key.eq("task.shift_over_capacity"))
        .filter(tasks::role.eq("head"))
        .filter(tasks::closed_at.is_null())
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(n >= 1);
    // Another institution's head sees none of CC-CWI's units and cannot place a child in one.
    let unit = infant_unit(&t);
    let mut other = login(&app, "head.na").await;
    let p = other.get(&app, "/shift/units").await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("小星星婴儿室"));
    let p = other
        .post(
            &app,
            &format!("/shift/units/{unit}/place"),
            &[("child", "1"), ("bed", "9")],
        )
        .await;
    assert_eq!(p.status, 404);
    // The caregiver has no units page; the province supervisor reads it.
    let mut cg = login(&app, "caregiver.cc").await;
    assert_eq!(cg.get(&app, "/shift/units").await.status, 403);
    let mut sup = login(&app, "supervisor.jl").await;
    let p = sup.get(&app, "/shift/units").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("小星星婴儿室"));
    assert!(
        !p.body.contains("id=\"unit-form\""),
        "supervisors read, never act"
    );
}

#[actix_web::test]
async fn what_was_typed_survives_a_session_timeout() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, "/shift").await;
    let kid = {
        let k = "type=\"checkbox\" name=\"child\" value=\"";
        let i = p.body.find(k).unwrap() + k.len();
        p.body[i..i + p.body[i..].find('"').unwrap()].to_string()
    };
    let who = {
        let k = "name=\"who\" value=\"";
        let i = p.body.find(k).unwrap() + k.len();
        p.body[i..i + p.body[i..].find('"').unwrap()].to_string()
    };
    // The phone lies in a pocket for two hours: the session is gone when the note is sent.
    t.clock.advance(Duration::hours(2));
    let p = cg
        .post(
            &app,
            "/shift/log",
            &[
                ("who", &who),
                ("child", &kid),
                ("note", "下午在院子里摔了一跤，膝盖擦伤"),
                ("entry", "note:"),
                ("idem", "late-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(p.location.as_deref(), Some("/login?next=%2Fshift"));
    assert!(
        cg.jar.contains_key("fuyu_shift_draft"),
        "the draft is kept on the phone"
    );
    let written: i64 = shift_log::table
        .filter(shift_log::note.like("%膝盖擦伤%"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(written, 0);
    // She logs in again: the round gives the note back, ticked as it was; saving records it once.
    let mut again = login(&app, "caregiver.cc").await;
    again.jar.extend(cg.jar.clone());
    let p = again.get(&app, "/shift").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"draft-restored\""), "{}", p.body);
    assert!(p.body.contains("value=\"下午在院子里摔了一跤，膝盖擦伤\""));
    assert!(p.body.contains(&format!("id=\"tick-{kid}\" checked")));
    assert!(!again.jar.contains_key("fuyu_shift_draft"), "shown once");
    // Another user on the same phone would not get it.
    let mut other = login(&app, "medical.cc").await;
    other.jar.extend(cg.jar.clone());
    let p = other.get(&app, "/shift").await;
    assert!(!p.body.contains("膝盖擦伤"));
}

#[actix_web::test]
async fn the_monthly_mar_sheet_lists_the_doses() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child: i64 = shift_doses::table
        .filter(shift_doses::outcome.eq("given"))
        .select(shift_doses::child_id)
        .first(&mut t.conn())
        .unwrap();
    let cg = login(&app, "caregiver.cc").await;
    let f = cg
        .fetch(&app, &format!("/shift/mar/{child}.pdf?month=2026-11"))
        .await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, "application/pdf");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mar.pdf");
    std::fs::write(&path, &f.bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdftotext"))
        .arg("-raw")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("给药记录单"), "{text}");
    assert!(text.contains("维生素D滴剂"), "{text}");
    assert!(text.contains("已服"), "{text}");
    assert!(text.contains("漏服"), "{text}");
    // Another institution's head: 404.
    let other = login(&app, "head.na").await;
    assert_eq!(
        other
            .fetch(&app, &format!("/shift/mar/{child}.pdf?month=2026-11"))
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn the_api_lists_and_creates_log_entries_once_and_is_in_the_openapi_document() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (s, v) = api_token(&app, "caregiver.cc", PW).await;
    assert_eq!(s, 200);
    let tok = v["token"].as_str().unwrap().to_string();
    let kid: i64 = shift_log::table
        .select(shift_log::child_id)
        .first(&mut t.conn())
        .unwrap();
    let post = |body: String| {
        test::TestRequest::post()
            .uri("/api/v1/shift/log")
            .insert_header(("Authorization", format!("Bearer {tok}")))
            .insert_header(("content-type", "application/json"))
            .set_payload(body)
            .to_request()
    };
    let body =
        format!(r#"{{"children": [{kid}], "kind": "mood", "value": "calm", "idem": "api-1"}}"#);
    let p = send(&app, post(body.clone())).await;
    assert_eq!(p.status, 201, "{}", p.body);
    let p = send(&app, post(body)).await;
    assert_eq!(p.status, 200, "a repeated key records nothing: {}", p.body);
    assert!(p.body.contains("repeated"));
    // A value the section does not have: 400 naming the field; malformed JSON: a client error.
    let p = send(
        &app,
        post(format!(
            r#"{{"children": [{kid}], "kind": "mood", "value": "angry"}}"#
        )),
    )
    .await;
    assert_eq!(p.status, 400, "{}", p.body);
    assert!(
        p.body.contains("shift_bad_value") && p.body.contains("value"),
        "{}",
        p.body
    );
    let p = send(&app, post("{\"children\": [".into())).await;
    assert!((400..500).contains(&p.status), "{}", p.body);
    let (s, list) = api_get(&app, &format!("/api/v1/children/{kid}/shift/log"), &tok).await;
    assert_eq!(s, 200);
    let calm = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "mood" && e["value"] == "calm")
        .count();
    assert_eq!(calm, 1, "{list}");
    // A day or month given must be one exactly as the OpenAPI document says; absent means today.
    for (q, want) in [
        ("log?day=", 400),
        ("log?day=2026-11-1", 400),
        ("log?day=2026-11-24", 200),
        ("doses?month=", 400),
        ("doses?month=2026-13", 400),
        ("doses?month=2026-1", 400),
        ("doses?month=2026-11", 200),
        ("doses", 200),
    ] {
        let (s, _) = api_get(&app, &format!("/api/v1/children/{kid}/shift/{q}"), &tok).await;
        assert_eq!(s, want, "{q}");
    }
    let (_, spec) = api_get(&app, "/api/v1/openapi.json", "").await;
    for path in [
        "/api/v1/shift/log",
        "/api/v1/shift/doses",
        "/api/v1/children/{id}/shift/doses",
    ] {
        assert!(
            spec["paths"][path].is_object(),
            "{path} in the OpenAPI document"
        );
    }
    // Another institution's head cannot read CC-CWI's log: 404.
    let (_, v) = api_token(&app, "head.na", PW).await;
    let other = v["token"].as_str().unwrap().to_string();
    let (s, _) = api_get(&app, &format!("/api/v1/children/{kid}/shift/log"), &other).await;
    assert_eq!(s, 404);
}
