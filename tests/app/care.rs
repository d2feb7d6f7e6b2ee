//! Care plans (issue 14): the plan drafted, returned, approved and revised in the pages with messages
//! per field; scope and roles; medical records, growth and orders; the daily pass; the plan PDF; the API.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    care_events, care_growth, care_plans, child_entries, children, mail_outbox, tasks,
};

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("plan.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdftotext"))
        .arg("-raw")
        .arg(&f)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

fn plan_of(t: &TestApp, child: i64, state: &str) -> (i64, i32) {
    care_plans::table
        .filter(care_plans::child_id.eq(child))
        .filter(care_plans::state.eq(state))
        .order(care_plans::id.desc())
        .select((care_plans::id, care_plans::version))
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn social_worker_revises_head_returns_then_approves_with_what_changed_and_a_pdf() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_cwi_in_care(&t);
    let child = kids[2];
    let mut social = login(&app, "social.cc").await;
    let p = social
        .get(&app, &format!("/children/{child}/care/plan"))
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"start-plan\""), "{}", p.body);
    let p = social
        .post(&app, &format!("/children/{child}/care/plan"), &[])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (draft, v) = plan_of(&t, child, "draft");
    // A goal with a past target date and no staff: 422, what was typed kept, a message per field.
    let url = format!("/children/{child}/care/plan/{draft}/goals");
    let p = social
        .post(
            &app,
            &url,
            &[
                ("part", "education"),
                ("goal", "认读100个汉字"),
                ("intervention", "每日识字卡"),
                ("frequency", "每日"),
                ("responsible", ""),
                ("target_date", "2001-01-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("认读100个汉字"));
    assert!(
        p.body.contains("id=\"goal-responsible-error\""),
        "{}",
        p.body
    );
    assert!(p.body.contains("id=\"goal-target_date-error\""));
    let target = (start_time().date() + chrono::Duration::days(365)).to_string();
    let p = social
        .post(
            &app,
            &url,
            &[
                ("part", "education"),
                ("goal", "认读100个汉字"),
                ("intervention", "每日识字卡"),
                ("frequency", "每日"),
                ("responsible", "教师 刘芳"),
                ("target_date", &target),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = social
        .post(
            &app,
            &format!("/children/{child}/care/plan/{draft}/submit"),
            &[("version", &v.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // The head returns it: a return without comments is refused beside the comment field.
    let mut head = login(&app, "head.cc").await;
    let (sub, v) = plan_of(&t, child, "submitted");
    let decide = format!("/children/{child}/care/plan/{sub}/decide");
    let p = head
        .post(
            &app,
            &decide,
            &[
                ("version", &v.to_string()),
                ("action", "return"),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"comment-error\""));
    let p = head
        .post(
            &app,
            &decide,
            &[
                ("version", &v.to_string()),
                ("action", "return"),
                ("comment", "请写明康复频次"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = social
        .get(&app, &format!("/children/{child}/care/plan"))
        .await;
    assert!(p.body.contains("请写明康复频次"));
    let (ret, v) = plan_of(&t, child, "returned");
    social
        .post(
            &app,
            &format!("/children/{child}/care/plan/{ret}/submit"),
            &[("version", &v.to_string())],
        )
        .await;
    let (sub, v) = plan_of(&t, child, "submitted");
    // A stale version is a conflict, nothing written.
    let p = head
        .post(
            &app,
            &decide,
            &[("version", &(v - 1).to_string()), ("action", "approve")],
        )
        .await;
    assert_eq!(p.status, 409);
    let p = head
        .post(
            &app,
            &format!("/children/{child}/care/plan/{sub}/decide"),
            &[("version", &v.to_string()), ("action", "approve")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let number: Option<i32> = care_plans::table
        .find(sub)
        .select(care_plans::number)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(number, Some(2));
    let old: String = care_plans::table
        .filter(care_plans::child_id.eq(child))
        .filter(care_plans::number.eq(1))
        .select(care_plans::state)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(old, "superseded");
    // The revision shows what changed since version 1.
    let p = social
        .get(&app, &format!("/children/{child}/care/plan"))
        .await;
    assert!(p.body.contains("id=\"changes\""));
    assert!(p.body.contains("class=\"added\""));
    // An approved version never changes: adding a goal is refused.
    let p = social
        .post(
            &app,
            &format!("/children/{child}/care/plan/{sub}/goals"),
            &[
                ("part", "daily"),
                ("goal", "x"),
                ("intervention", "x"),
                ("frequency", "x"),
                ("responsible", "x"),
                ("target_date", &target),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    // The approval is filed in the archive's 养育 section.
    let filed: i64 = child_entries::table
        .filter(child_entries::child_id.eq(child))
        .filter(child_entries::kind.eq("care_plan"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(filed >= 2);
    // The PDF names the version, the parts and who drafted and approved it.
    let f = head
        .fetch(&app, &format!("/children/{child}/care/plan/{sub}/pdf"))
        .await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, "application/pdf");
    let text = pdf_text(&f.bytes);
    assert!(text.contains("个性化抚养方案"), "{text}");
    assert!(text.contains("认读100个汉字"), "{text}");
    assert!(text.contains("批准人"), "{text}");
    assert!(text.contains("王院长"), "{text}");
    assert!(text.contains("陈社工"), "{text}");
}

#[actix_web::test]
async fn scope_and_roles_on_the_care_pages() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[2];
    // Another institution's head: 404, as if the child did not exist.
    let mut other = login(&app, "head.na").await;
    assert_eq!(
        other
            .get(&app, &format!("/children/{child}/care"))
            .await
            .status,
        404
    );
    assert_eq!(
        other
            .get(&app, &format!("/children/{child}/care/plan"))
            .await
            .status,
        404
    );
    // The registrar has no care duty: 403.
    let mut reg = login(&app, "registrar.cc").await;
    assert_eq!(reg.get(&app, "/care").await.status, 403);
    // A caregiver reads daily care and medication, never writes, and does not see the other parts.
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, &format!("/children/{child}/care/plan")).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("按时作息"));
    assert!(
        !p.body.contains("粗大运动"),
        "rehabilitation goal shown to a caregiver"
    );
    // The archive page has the care tab (from the registry of child tabs).
    let p = cg.get(&app, &format!("/children/{child}")).await;
    assert!(
        p.body.contains(&format!("href=\"/children/{child}/care\"")),
        "no care tab"
    );
    let p = cg.get(&app, &format!("/children/{child}/care")).await;
    assert!(p.body.contains("id=\"care-orders\""));
    assert!(!p.body.contains("id=\"medical-form\""));
    let p = cg
        .post(
            &app,
            &format!("/children/{child}/care/growth"),
            &[
                ("date", "2026-01-01"),
                ("weight_kg", "10"),
                ("measurer", "x"),
            ],
        )
        .await;
    assert_eq!(p.status, 403);
    // The head approves, never drafts.
    let mut head = login(&app, "head.cc").await;
    assert_eq!(
        head.post(&app, &format!("/children/{child}/care/plan"), &[])
            .await
            .status,
        403
    );
    // The supervisor of the city reads.
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(
        sup.get(&app, &format!("/children/{child}/care"))
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn medical_worker_records_a_visit_growth_and_an_order() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[5];
    let mut med = login(&app, "medical.cc").await;
    let base = format!("/children/{child}/care");
    let today = start_time().date().to_string();
    // A weight that is not a number: 422 with the message under the weight and the input kept.
    let p = med
        .post(
            &app,
            &format!("{base}/growth"),
            &[
                ("date", &today),
                ("weight_kg", "十公斤"),
                ("measurer", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("id=\"growth-weight_kg-error\""),
        "{}",
        p.body
    );
    assert!(p.body.contains("十公斤"));
    let before: i64 = care_growth::table
        .filter(care_growth::child_id.eq(child))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    let p = med
        .post(
            &app,
            &format!("{base}/growth"),
            &[
                ("date", &today),
                ("weight_kg", "12.5"),
                ("height_cm", "88"),
                ("measurer", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (n, std): (i64, String) = (
        care_growth::table
            .filter(care_growth::child_id.eq(child))
            .count()
            .get_result(&mut t.conn())
            .unwrap(),
        care_growth::table
            .filter(care_growth::child_id.eq(child))
            .order(care_growth::id.desc())
            .select(care_growth::standard)
            .first(&mut t.conn())
            .unwrap(),
    );
    assert_eq!(n, before + 1);
    // GRW-03: the standard for the age on the day measured (WS/T 423-2022 under 7, WHO 2007 after).
    let birth: chrono::NaiveDate = children::table
        .find(child)
        .select(children::birth_date)
        .first(&mut t.conn())
        .unwrap();
    let expected = fuyu::care::rules::growth_std::Standard::of(birth, start_time().date()).name();
    assert_eq!(std, expected);
    // A hospitalisation with a bad ICD-10 code is refused; a good one opens a major event.
    let p = med
        .post(
            &app,
            &format!("{base}/medical"),
            &[
                ("kind", "hospital"),
                ("date", &today),
                ("reason", "肺炎"),
                ("icd10", "pneumonia"),
                ("funding", "aid"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"medical-icd10-error\""));
    let p = med
        .post(
            &app,
            &format!("{base}/medical"),
            &[
                ("kind", "hospital"),
                ("date", &today),
                ("reason", "肺炎"),
                ("diagnosis", "社区获得性肺炎"),
                ("icd10", "j18.9"),
                ("funding", "aid"),
                ("cost_yuan", "1200.50"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let events: i64 = care_events::table
        .filter(care_events::child_id.eq(child))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(events, 1);
    // An order without times that is not PRN is refused; a written order is offered to other modules.
    let p = med
        .post(
            &app,
            &format!("{base}/orders"),
            &[
                ("drug", "阿莫西林"),
                ("dose", "125 mg"),
                ("route", "口服"),
                ("times", "8点"),
                ("date", &today),
                ("prescriber", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"order-times-error\""));
    let p = med
        .post(
            &app,
            &format!("{base}/orders"),
            &[
                ("drug", "阿莫西林"),
                ("dose", "125 mg"),
                ("route", "口服"),
                ("times", "20:00, 08:00"),
                ("date", &today),
                ("prescriber", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let on = start_time().date();
    let orders =
        fuyu::care::interface::active_orders(&mut t.conn(), fuyu::archive::ChildId(child), on)
            .unwrap();
    let amox = orders
        .iter()
        .find(|o| o.drug == "阿莫西林")
        .expect("order in force");
    assert_eq!(amox.times, vec!["08:00".to_string(), "20:00".to_string()]);
    let p = med.get(&app, &base).await;
    assert!(p.body.contains("肺炎"));
    assert!(p.body.contains("阿莫西林"));
}

#[actix_web::test]
async fn the_daily_pass_raises_care_tasks_and_mails_the_plan_steps() {
    let t = TestApp::new();
    let now = start_time();
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
    let keys: Vec<String> = tasks::table
        .filter(tasks::module.eq("care"))
        .filter(tasks::closed_at.is_null())
        .select(tasks::message_key)
        .load(&mut t.conn())
        .unwrap();
    for k in [
        "task.care_plan_review",
        "task.care_plan_approval",
        "task.care_assessment",
        "task.care_immunisation",
    ] {
        assert!(keys.iter().any(|x| x == k), "{k} missing in {keys:?}");
    }
    let mails: i64 = mail_outbox::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(mails > 0);
}

#[actix_web::test]
async fn the_api_lists_and_creates_plans_and_growth() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[3];
    let (s, v) = api_token(&app, "medical.cc", PW).await;
    assert_eq!(s, 200);
    let tok = v["token"].as_str().unwrap().to_string();
    let (s, list) = api_get(&app, &format!("/api/v1/children/{child}/care/growth"), &tok).await;
    assert_eq!(s, 200);
    let n = list.as_array().unwrap().len();
    let post = |path: String, body: serde_json::Value| {
        test::TestRequest::post()
            .uri(&path)
            .insert_header(("Authorization", format!("Bearer {tok}")))
            .set_json(body)
            .to_request()
    };
    let today = start_time().date().to_string();
    let p = send(
        &app,
        post(
            format!("/api/v1/children/{child}/care/growth"),
            serde_json::json!({"date": today, "weight_kg": "15", "measurer": "api"}),
        ),
    )
    .await;
    assert_eq!(p.status, 201, "{}", p.body);
    let (_, list) = api_get(&app, &format!("/api/v1/children/{child}/care/growth"), &tok).await;
    assert_eq!(list.as_array().unwrap().len(), n + 1);
    let p = send(
        &app,
        post(
            format!("/api/v1/children/{child}/care/growth"),
            serde_json::json!({"date": "tomorrow", "measurer": ""}),
        ),
    )
    .await;
    assert_eq!(p.status, 400);
    assert!(p.body.contains("care_bad_date"), "{}", p.body);
    // Medical staff do not write plans.
    let p = send(
        &app,
        post(
            format!("/api/v1/children/{child}/care/plans"),
            serde_json::json!({}),
        ),
    )
    .await;
    assert_eq!(p.status, 403);
    // The plans are listed (the demo approved one).
    let (s, plans) = api_get(&app, &format!("/api/v1/children/{child}/care/plans"), &tok).await;
    assert_eq!(s, 200);
    assert!(!plans.as_array().unwrap().is_empty());
    // Another institution: 404.
    let (_, v) = api_token(&app, "head.na", PW).await;
    let other = v["token"].as_str().unwrap().to_string();
    let (s, _) = api_get(
        &app,
        &format!("/api/v1/children/{child}/care/plans"),
        &other,
    )
    .await;
    assert_eq!(s, 404);
}
