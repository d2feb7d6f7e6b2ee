//! Growth standards by age (GRW-03) and the review task (GRW-02) through the pages and the daily pass.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{care_growth, children, institutions};

/// The youngest child in CC-CWI's care (under 7 in the demo).
fn youngest(t: &TestApp) -> (i64, chrono::NaiveDate) {
    cc_cwi_in_care_youngest_first(t)[0]
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

/// The oldest child in CC-CWI's care.
fn oldest(t: &TestApp) -> (i64, chrono::NaiveDate) {
    let inst: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::status.eq("active"))
        .order(children::birth_date.asc())
        .select((children::id, children::birth_date))
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_check_under_five_years_also_stores_and_shows_the_who_2006_view() {
    use fuyu::db::schema::care_growth_who2006 as w;
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, birth) = youngest(&t);
    let mut med = login(&app, "medical.cc").await;
    let base = format!("/children/{child}/care");
    // A check today: the youngest child is under 60 months (WHO 2006's range).
    let on = start_time().date();
    assert!(on - birth <= chrono::Duration::days(1856), "under 5");
    let p = med
        .post(
            &app,
            &format!("{base}/growth"),
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
    let (id, primary): (i64, String) = care_growth::table
        .filter(care_growth::child_id.eq(child))
        .order(care_growth::id.desc())
        .select((care_growth::id, care_growth::standard))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(primary, "WS/T 423-2022", "the primary standard under 7");
    let (std, ver, wfa, bmi, wfl): (String, String, Option<i32>, Option<i32>, Option<i32>) =
        w::table
            .filter(w::growth_id.eq(id))
            .select((
                w::standard,
                w::standard_version,
                w::wfa_z100,
                w::bmi_z100,
                w::wfl_z100,
            ))
            .first(&mut t.conn())
            .unwrap();
    assert_eq!(std, "WHO Child Growth Standards");
    assert!(ver.starts_with("2006"), "{ver}");
    assert!(wfa.is_some() && bmi.is_some() && wfl.is_some());
    // 9.5 kg at 75 cm is WHO's median weight-for-length for boys and close to it for girls.
    assert!(wfl.unwrap().abs() < 100, "{wfl:?}");
    let p = med.get(&app, &base).await;
    let table = &p.body[p.body.find("id=\"growth-table\"").unwrap()..];
    assert!(table.contains("WS/T 423-2022"));
    assert!(
        table.contains("对照： WHO Child Growth Standards 2006"),
        "both views shown: {}",
        &table[..table.find("</table>").unwrap_or(table.len())]
    );
    assert!(table.contains("年龄别BMI Z值") && table.contains("身长/身高别体重 Z值"));
    // Over 60 months there is no second view.
    let (older, obirth) = oldest(&t);
    let today = start_time().date();
    assert!(
        today - obirth > chrono::Duration::days(1856),
        "the demo's oldest is over 5"
    );
    let p = med
        .post(
            &app,
            &format!("/children/{older}/care/growth"),
            &[
                ("date", &today.to_string()),
                ("height_cm", "120.0"),
                ("weight_kg", "22.0"),
                ("measurer", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let oid: i64 = care_growth::table
        .filter(care_growth::child_id.eq(older))
        .order(care_growth::id.desc())
        .select(care_growth::id)
        .first(&mut t.conn())
        .unwrap();
    let n: i64 = w::table
        .filter(w::growth_id.eq(oid))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 0);
}
