//! The policy store: national defaults, overrides by province or city, effective dates, history kept.

use crate::support::*;
use actix_web::test;
use chrono::NaiveDate;
use fuyu::policy;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[actix_web::test]
async fn defaults_and_jilin_override() {
    let t = TestApp::new();
    let mut c = t.conn();
    assert_eq!(
        policy::int(&mut c, "foster.caregiver_min_age", None, d(2026, 11, 23)).unwrap(),
        30
    );
    assert_eq!(
        policy::int(&mut c, "adoption.adopter_min_age", None, d(2026, 11, 23)).unwrap(),
        30
    );
    let cc = fuyu::org::model::division_by_code(&mut c, "220122")
        .unwrap()
        .unwrap();
    assert_eq!(
        policy::int(
            &mut c,
            "allowance.orphan_institution_monthly_yuan",
            Some(cc.id),
            d(2026, 1, 1)
        )
        .unwrap(),
        1500
    );
    assert_eq!(
        policy::int(
            &mut c,
            "allowance.orphan_institution_monthly_yuan",
            None,
            d(2026, 1, 1)
        )
        .unwrap(),
        1000
    );
    assert!(policy::int(&mut c, "no.such.key", None, d(2026, 1, 1)).is_err());
}

#[actix_web::test]
async fn admin_adds_a_dated_value_and_the_old_one_is_kept() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    a.get(&app, "/policy").await;
    let p = a
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", "foster.caregiver_max_age"),
                ("jurisdiction", "2201"),
                ("value", "60"),
                ("effective_from", "2027-13-01"),
                ("source", "长春市 test"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("格式为 YYYY-MM-DD") && p.body.contains("value=\"长春市 test\""));
    let p = a
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", "foster.caregiver_max_age"),
                ("jurisdiction", "2201"),
                ("value", "60"),
                ("effective_from", "2027-01-01"),
                ("source", "长春市 test"),
                ("verified", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut c = t.conn();
    let city = fuyu::org::model::division_by_code(&mut c, "220122")
        .unwrap()
        .unwrap();
    assert_eq!(
        policy::int(
            &mut c,
            "foster.caregiver_max_age",
            Some(city.id),
            d(2026, 12, 31)
        )
        .unwrap(),
        65
    );
    assert_eq!(
        policy::int(
            &mut c,
            "foster.caregiver_max_age",
            Some(city.id),
            d(2027, 1, 1)
        )
        .unwrap(),
        60
    );
    let other = fuyu::org::model::division_by_code(&mut c, "2202")
        .unwrap()
        .unwrap();
    assert_eq!(
        policy::int(
            &mut c,
            "foster.caregiver_max_age",
            Some(other.id),
            d(2027, 1, 1)
        )
        .unwrap(),
        65
    );
    let rows = policy::all(&mut c).unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r.key == "foster.caregiver_max_age")
            .count(),
        2,
        "old value kept"
    );
    let page = a.get(&app, "/policy").await;
    assert!(page.body.contains("长春市 test"));
    let mut h = login(&app, "head.cc").await;
    assert_eq!(
        h.get(&app, "/policy").await.status,
        200,
        "heads read policy"
    );
    let p = h
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", "foster.max_children"),
                ("jurisdiction", "CN"),
                ("value", "3"),
                ("effective_from", "2027-01-01"),
                ("source", "x"),
            ],
        )
        .await;
    assert_eq!(p.status, 403);
}
