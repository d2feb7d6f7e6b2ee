//! Adulthood placement (issue 16): the list with the 18th birthday, deferral and placing authority; the
//! responsible county's read-only view; scope (404 / 403); forms that re-render with a message per
//! field; the API.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::children;

pub fn child_named(t: &TestApp, name: &str) -> i64 {
    children::table
        .filter(children::legal_name.eq(name))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn the_list_shows_birthday_window_deferral_and_placing_authority() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "social.cc").await;
    let p = b.get(&app, "/adulthood").await;
    assert_eq!(p.status, 200, "{}", p.body);
    for name in ["邓晓雨", "彭浩宁", "蒋梦琪", "袁子骞", "姚思源"] {
        assert!(p.body.contains(name), "{name} missing");
    }
    // 7 months before 18 (demo day 2026-11-23): the window opens on 2026-12-23.
    assert!(p.body.contains("评估窗口2026-12-23开启"), "{}", p.body);
    assert!(p.body.contains("2027-06-23"), "18th birthday");
    assert!(p.body.contains("一人一案待审批"));
    assert!(p.body.contains("全日制在校就读"));
    assert!(p.body.contains("已安置"));
    // 谁送养谁安置: found in 农安县 → the county places; otherwise the city.
    let c = child_named(&t, "蒋梦琪");
    let row = p.body.split(&format!("id=\"young-{c}\"")).nth(1).unwrap();
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("农安县（发现地）"), "{row}");
    assert!(p.body.contains("长春市（市级民政部门）"));
    // A caregiver has no part in it.
    let mut cg = login(&app, "caregiver.cc").await;
    assert_eq!(cg.get(&app, "/adulthood").await.status, 403);
}

#[actix_web::test]
async fn the_archive_page_shows_the_placing_authority_from_the_due_age() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "social.cc").await;
    // 蒋梦琪 (17, found in 农安县): the archive's key facts name the county and why (ADU-05).
    let c = child_named(&t, "蒋梦琪");
    let p = b.get(&app, &format!("/children/{c}")).await;
    assert_eq!(p.status, 200);
    let facts = &p.body[p.body.find("安置责任主体").expect("the fact")..];
    assert!(
        facts[..200].contains("农安县（发现地）"),
        "{}",
        &facts[..200]
    );
    // A young child of the same institution: the fact does not apply yet.
    let inst: i64 = children::table
        .find(c)
        .select(children::institution_id)
        .first(&mut t.conn())
        .unwrap();
    let young: i64 = children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::birth_date.gt(chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()))
        .filter(children::status.eq("active"))
        .select(children::id)
        .first(&mut t.conn())
        .unwrap();
    let p = b.get(&app, &format!("/children/{young}")).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("安置责任主体"));
    // A caregiver (no part in adulthood placement) does not get the fact.
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, &format!("/children/{c}")).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("安置责任主体"));
}

#[actix_web::test]
async fn the_responsible_county_sees_the_young_people_it_must_place_read_only() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (c, other) = (child_named(&t, "蒋梦琪"), child_named(&t, "彭浩宁"));
    let mut na = login(&app, "head.na").await;
    let p = na.get(&app, "/adulthood").await;
    assert_eq!(p.status, 200);
    assert!(
        p.body.contains("蒋梦琪") && p.body.contains("只读"),
        "{}",
        p.body
    );
    assert!(!p.body.contains("彭浩宁"), "not 农安's to place");
    let page = na.get(&app, &format!("/adulthood/{c}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"read-only\""));
    assert!(
        page.body.contains("一人一案待审批"),
        "the county reads the plan"
    );
    assert!(!page.body.contains("id=\"assessment-form\""));
    assert!(!page.body.contains("id=\"approve-plan\""));
    // Read only: the county's head cannot change the record.
    let post = na
        .post(
            &app,
            &format!("/adulthood/{c}/deferral"),
            &[("deferral", "study"), ("deferral_detail", "x")],
        )
        .await;
    assert_eq!(post.status, 403);
    assert_eq!(
        na.get(&app, &format!("/adulthood/{other}")).await.status,
        404
    );
    // Another county and another city's institution: 404, as if it did not exist.
    let mut ys = login(&app, "head.ys").await;
    assert_eq!(ys.get(&app, &format!("/adulthood/{c}")).await.status, 404);
    let mut jl = login(&app, "head.jl").await;
    assert_eq!(jl.get(&app, &format!("/adulthood/{c}")).await.status, 404);
    let jlp = jl.get(&app, "/adulthood").await;
    assert!(!jlp.body.contains("蒋梦琪"));
}

#[actix_web::test]
async fn a_refused_assessment_re_renders_with_the_input_and_a_message_per_field() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let c = child_named(&t, "邓晓雨");
    let mut b = login(&app, "social.cc").await;
    b.get(&app, &format!("/adulthood/{c}")).await;
    let p = b
        .post(
            &app,
            &format!("/adulthood/{c}/assessment"),
            &[
                ("assessed_on", "2030-01-01"),
                ("assessor_kind", "panel"),
                ("labour_capacity", "能胜任简单劳动"),
                ("wishes", "我想读书"),
                ("proposed_pathway", "nowhere"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains("能胜任简单劳动"), "typed text kept");
    assert!(p.body.contains("id=\"assessment-assessed_on-error\""));
    assert!(p.body.contains("日期不能晚于今天"));
    assert!(p.body.contains("id=\"assessment-panel_members-error\""));
    assert!(p.body.contains("委托评估小组须列明成员"));
    assert!(p.body.contains("id=\"assessment-civil_capacity-error\""));
    assert!(!p.body.contains("id=\"assessment-labour_capacity-error\""));
    assert!(p.body.contains("id=\"assessment-proposed_pathway-error\""));
    // Nothing was written.
    let n: i64 = fuyu::db::schema::adulthood_assessments::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 3, "only the demo's assessments");
}

#[actix_web::test]
async fn tekun_support_needs_the_recorded_wish_and_plans_need_an_assessment() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut b = login(&app, "social.cc").await;
    let none = child_named(&t, "邓晓雨");
    b.get(&app, &format!("/adulthood/{none}")).await;
    let plan = [
        ("pathway", "social"),
        ("steps", "1. 就业"),
        ("responsible_bodies", "民政局"),
        ("placement_on", "2027-07-01"),
        ("transition_subsidy_yuan", "1500"),
        ("settlement_yuan", "abc"),
        ("rent_support_yuan", "9600"),
    ];
    let p = b
        .post(&app, &format!("/adulthood/{none}/plan"), &plan)
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("请先完成综合评估"), "{}", p.body);
    let c = child_named(&t, "彭浩宁");
    b.get(&app, &format!("/adulthood/{c}")).await;
    let p = b.post(&app, &format!("/adulthood/{c}/plan"), &plan).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("id=\"plan-settlement_yuan-error\""),
        "{}",
        p.body
    );
    assert!(p.body.contains("value=\"abc\""));
    // ADU-08: an assessment without the young person's wish cannot lead to 特困 support.
    let mut a = vec![
        ("assessed_on", "2026-11-20"),
        ("assessor_kind", "staff"),
        ("labour_capacity", "无"),
        ("civil_capacity", "限制"),
        ("self_care", "部分"),
        ("mental_physical", "智力残疾二级"),
        ("education_skills", "特教学校"),
        ("wishes", "（本人无法表达）"),
        ("conclusion", "宜特困供养"),
        ("proposed_pathway", "tekun-concentrated"),
    ];
    let ok = b
        .post(&app, &format!("/adulthood/{c}/assessment"), &a)
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    a.retain(|(k, _)| *k != "wishes");
    let refused = b
        .post(&app, &format!("/adulthood/{c}/assessment"), &a)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("id=\"assessment-wishes-error\""));
}

#[actix_web::test]
async fn the_api_lists_and_refuses_per_field() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (status, tok) = api_token(&app, "social.cc", fuyu::demo::DEMO_PASSWORD).await;
    assert_eq!(status, 200);
    let tok = tok["token"].as_str().unwrap().to_string();
    let (s, list) = api_get(&app, "/api/v1/adulthood", &tok).await;
    assert_eq!(s, 200);
    let c = child_named(&t, "蒋梦琪");
    let one = list
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["child_id"] == c)
        .unwrap();
    assert_eq!(one["placing_basis"], "found");
    assert_eq!(one["plan"]["state"], "submitted");
    assert!(one["plan_due"].is_string());
    let post = |body: &str| {
        test::TestRequest::post()
            .uri(&format!("/api/v1/adulthood/{c}/assessments"))
            .insert_header(("Authorization", format!("Bearer {tok}")))
            .insert_header(("Content-Type", "application/json"))
            .set_payload(body.to_string())
            .to_request()
    };
    let bad = send(&app, post("{not json")).await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    let p = send(&app, post(r#"{"assessed_on": "x"}"#)).await;
    assert_eq!(p.status, 422, "{}", p.body);
    let v: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    assert!(v["error"]["fields"]["assessed_on"].is_string());
    assert!(v["error"]["fields"]["wishes"].is_string());
    let (_, spec) = api_get(&app, "/api/v1/openapi.json", "").await;
    assert!(spec["paths"]["/api/v1/adulthood/{id}/plan/decision"]["post"].is_object());
    // The supervisor reads; a caregiver may not.
    let (_, ctok) = api_token(&app, "caregiver.cc", fuyu::demo::DEMO_PASSWORD).await;
    let (s, _) = api_get(&app, "/api/v1/adulthood", ctok["token"].as_str().unwrap()).await;
    assert_eq!(s, 403);
}

#[actix_web::test]
async fn supervisors_oversee_by_placing_authority_with_a_csv() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut sup = login(&app, "supervisor.cc").await;
    let p = sup.get(&app, "/adulthood/oversight").await;
    assert_eq!(p.status, 200, "{}", p.body);
    // 蒋梦琪's plan (found in 农安县) awaits approval: 农安县's line says 1.
    let row = p
        .body
        .split("<td class=\"main\">农安县</td>")
        .nth(1)
        .unwrap();
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("一人一案待审批\">1</td>"), "{row}");
    assert!(p.body.contains("<td class=\"main\">长春市</td>"));
    let csv = sup.fetch(&app, "/adulthood/oversight.csv").await;
    assert_eq!(csv.status, 200);
    let text = String::from_utf8_lossy(&csv.bytes).to_string();
    assert!(
        text.contains("安置责任主体") && text.contains("农安县,"),
        "{text}"
    );
    // The same report as a workbook, read back by calamine: counts are numbers, not text.
    let x = sup.fetch(&app, "/adulthood/oversight.xlsx").await;
    assert_eq!(x.status, 200);
    let sheets = crate::support::xlsx_sheets(&x.bytes);
    let rows = &sheets[0].1;
    assert_eq!(rows[0][0], "安置责任主体", "{rows:?}");
    let nongan = rows
        .iter()
        .find(|r| r[0] == "农安县")
        .expect("农安县's line");
    assert_eq!(nongan[3], "1", "{nongan:?}");
    assert_eq!(
        sup.fetch(&app, "/adulthood/oversight.xls").await.status,
        404
    );
    let mut sw = login(&app, "social.cc").await;
    assert_eq!(sw.get(&app, "/adulthood/oversight").await.status, 403);
    assert_eq!(
        sw.fetch(&app, "/adulthood/oversight.xlsx").await.status,
        403
    );
}

#[actix_web::test]
async fn fucai_enrolments_are_checked_and_paid_per_term_with_a_roster() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let d = child_named(&t, "袁子骞");
    let mut sw = login(&app, "social.cc").await;
    let p = sw.get(&app, &format!("/adulthood/{d}")).await;
    assert!(
        p.body.contains("id=\"grants\"") && p.body.contains("5000"),
        "demo terms"
    );
    // Orphan status identified on the 18th birthday is too late, and part-time study is not covered:
    // every failed condition is named.
    let birth: chrono::NaiveDate = children::table
        .find(d)
        .select(children::birth_date)
        .first(&mut t.conn())
        .unwrap();
    let adult = fuyu::adulthood::rules::birthday(birth, 18).to_string();
    let f = [
        ("academic_year", "2027-2028"),
        ("term", "第一学期"),
        ("school", "吉林大学"),
        ("level", "higher"),
        ("enrolment_confirmed_on", "2026-11-20"),
        ("orphan_identified_on", adult.as_str()),
    ];
    let r = sw
        .post(&app, &format!("/adulthood/{d}/enrolments"), &f)
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("未在年满18周岁前认定为孤儿") && r.body.contains("非全日制连续就读"),
        "{}",
        r.body
    );
    let mut ok = f.to_vec();
    ok.retain(|(k, _)| *k != "orphan_identified_on");
    ok.push(("orphan_identified_on", "2015-01-01"));
    ok.push(("full_time", "yes"));
    let r = sw
        .post(&app, &format!("/adulthood/{d}/enrolments"), &ok)
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let csv = sw.fetch(&app, "/adulthood/fucai.csv").await;
    assert_eq!(csv.status, 200);
    let text = String::from_utf8_lossy(&csv.bytes).to_string();
    assert_eq!(text.matches("袁子骞").count(), 3, "{text}");
    assert!(text.contains("2027-2028,第一学期,吉林大学,普通高等学校,2026-11-20,5000.00"));
    // The workbook: the enrolment date is a date cell, the amount a number, the archive number text.
    let x = sw.fetch(&app, "/adulthood/fucai.xlsx").await;
    assert_eq!(x.status, 200);
    let sheets = crate::support::xlsx_sheets(&x.bytes);
    let row = sheets[0]
        .1
        .iter()
        .find(|r| r[3] == "2027-2028")
        .expect("the new term");
    assert_eq!(
        (row[0].as_str(), row[7].as_str(), row[8].as_str()),
        ("袁子骞", "2026-11-20", "5000"),
        "{row:?}"
    );
}

#[actix_web::test]
async fn the_plan_prints_with_its_approval_state() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let c = child_named(&t, "蒋梦琪");
    let sw = login(&app, "social.cc").await;
    let pdf = sw.fetch(&app, &format!("/adulthood/{c}/plan.pdf")).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.content_type, "application/pdf");
    let tool = require_tool("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("plan.pdf");
    std::fs::write(&f, &pdf.bytes).unwrap();
    let out = std::process::Command::new(tool)
        .arg(&f)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "一人一案安置方案",
        "蒋梦琪",
        "农安县",
        "未批准",
        "社会化安置",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    // No plan: 404.
    let none = child_named(&t, "邓晓雨");
    assert_eq!(
        sw.fetch(&app, &format!("/adulthood/{none}/plan.pdf"))
            .await
            .status,
        404
    );
}
