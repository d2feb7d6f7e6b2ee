//! The WHO 2006 second view (GRW-01/03) in the growth API and on the care plan PDF, with the standard
//! and version stored with each result (issue 14, session 6).

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::care_plans;

/// The youngest child in CC-CWI's care (under 5 in the demo).
fn youngest(t: &TestApp) -> (i64, chrono::NaiveDate) {
    cc_cwi_in_care_youngest_first(t)[0]
}

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

#[actix_web::test]
async fn care_who_2006_second_view_is_in_the_api_and_on_the_plan_pdf() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, birth) = youngest(&t);
    let on = start_time().date();
    assert!(on - birth <= chrono::Duration::days(1856), "under 5");
    let mut med = login(&app, "medical.cc").await;
    let p = med
        .post(
            &app,
            &format!("/children/{child}/care/growth"),
            &[
                ("date", &on.to_string()),
                ("height_cm", "75.0"),
                ("weight_kg", "9.5"),
                ("head_cm", "46.0"),
                ("measurer", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);

    // The API: the primary result with its standard, and the second view with its own.
    let (s, v) = api_token(&app, "medical.cc", fuyu::demo::DEMO_PASSWORD).await;
    assert_eq!(s, 200);
    let tok = v["token"].as_str().unwrap().to_string();
    let (s, list) = api_get(&app, &format!("/api/v1/children/{child}/care/growth"), &tok).await;
    assert_eq!(s, 200, "{list}");
    let rows = list.as_array().unwrap();
    let last = rows
        .iter()
        .find(|r| r["measured_on"] == on.to_string() && r["measurer"] == "医生 李静")
        .expect("the new check is listed");
    assert_eq!(last["standard"], "WS/T 423-2022");
    let who = &last["who2006"];
    assert_eq!(who["standard"], "WHO Child Growth Standards", "{last}");
    assert!(
        who["standard_version"]
            .as_str()
            .unwrap()
            .starts_with("2006"),
        "{who}"
    );
    assert!(who["wfl_z100"].as_i64().unwrap().abs() < 100, "{who}");
    assert!(who["bmi_z100"].is_i64());
    // Every row carries the key (null where there is no second view).
    assert!(rows.iter().all(|r| r.get("who2006").is_some()));

    // The plan PDF prints the latest results with both views.
    let plan: i64 = care_plans::table
        .filter(care_plans::child_id.eq(child))
        .order(care_plans::id.desc())
        .select(care_plans::id)
        .first(&mut t.conn())
        .expect("every demo child has a plan");
    let f = med
        .fetch(&app, &format!("/children/{child}/care/plan/{plan}/pdf"))
        .await;
    assert_eq!(f.status, 200);
    let text = pdf_text(&f.bytes);
    assert!(text.contains("生长发育"), "{text}");
    assert!(text.contains("WS/T 423-2022"), "{text}");
    // Table cells wrap: compare without white space.
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("对照：WHOChildGrowthStandards2006"), "{text}");
    assert!(text.contains(&on.to_string()), "{text}");
}
