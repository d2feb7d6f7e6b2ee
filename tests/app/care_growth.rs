//! Growth standards by age (GRW-03) and the review task (GRW-02) through the pages and the daily pass.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{care_growth, children, institutions};

/// The youngest child in CC-CWI's care (under 7 in the demo).
fn youngest(t: &TestApp) -> (i64, chrono::NaiveDate) {
    let inst: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::status.eq("active"))
        .order(children::birth_date.desc())
        .select((children::id, children::birth_date))
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_check_below_p3_is_stored_under_wst423_and_asks_a_doctor_until_a_visit() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, birth) = youngest(&t);
    let today = start_time().date();
    assert!(
        fuyu::clock::age_on(birth, today) < 7,
        "the demo has a child under 7"
    );
    let base = format!("/children/{child}/care");
    let mut med = login(&app, "medical.cc").await;
    let p = med.get(&app, &base).await;
    assert!(!p.body.contains("生长监测复核"), "no review before");
    // 1.5 kg is far below P3 at any age of the table.
    let p = med
        .post(
            &app,
            &format!("{base}/growth"),
            &[
                ("date", &today.to_string()),
                ("weight_kg", "1.5"),
                ("measurer", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (std, ver, z): (String, String, Option<i32>) = care_growth::table
        .filter(care_growth::child_id.eq(child))
        .order(care_growth::id.desc())
        .select((
            care_growth::standard,
            care_growth::standard_version,
            care_growth::wfa_z100,
        ))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(std, "WS/T 423-2022");
    assert!(ver.contains("unverified"), "{ver}");
    assert!(z.is_some_and(|z| z < -300), "{z:?}");
    let p = med.get(&app, &base).await;
    assert!(p.body.contains("生长监测复核"), "GRW-02 review due");
    assert!(
        p.body.contains("WS/T 423-2022"),
        "the standard is shown with the result"
    );
    // The daily pass opens a task for the medical staff.
    let now = start_time();
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
    let tasks: i64 = fuyu::db::schema::tasks::table
        .filter(fuyu::db::schema::tasks::message_key.eq("task.care_growth_review"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(tasks, 1);
    // Caregivers do not see the review line.
    let mut carer = login(&app, "caregiver.cc").await;
    assert!(!carer.get(&app, &base).await.body.contains("生长监测复核"));
    // A clinic visit on or after the check is the doctor's review.
    let p = med
        .post(
            &app,
            &format!("{base}/medical"),
            &[
                ("kind", "visit"),
                ("date", &today.to_string()),
                ("reason", "体重复核"),
                ("diagnosis", "营养不良待查"),
                ("funding", "insurance"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = med.get(&app, &base).await;
    assert!(!p.body.contains("生长监测复核"), "closed by the visit");
}
