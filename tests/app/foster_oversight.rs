//! The foster overview and the monthly payment roster (issue 12 points 9, 10) on the demo data of
//! 长春市儿童福利院 (test day 2026-11-23): 王建国家庭's child placed since 2026-10-09 and never visited,
//! 刘志强家庭's first placement ended on the demo day, its second placed since 2026-10-14.

use crate::support::*;
use actix_web::test;

#[actix_web::test]
async fn foster_overview_shows_stages_overdue_visits_terminations_and_the_staff_ratio() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, "/foster/oversight").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"stage-signed\">2<"), "{}", p.body);
    assert!(p.body.contains("id=\"stage-refused\">1<"));
    assert!(p.body.contains("id=\"open-placements\">2<"));
    // 王建国家庭's monthly visit is overdue; 刘志强家庭 was visited ten days ago.
    let overdue = p.body.split("id=\"overdue-list\"").nth(1).unwrap_or_default();
    assert!(overdue.contains("王建国家庭") && !overdue.split("</ul>").next().unwrap_or_default().contains("刘志强家庭"));
    assert!(p.body.contains("寄养家庭提出解除") || p.body.contains("家庭提出"), "{}", p.body);
    assert!(p.body.contains("id=\"ratio-table\""));
    // The supervisor of the city sees it; the social worker and the caregiver do not.
    let mut sup = login(&app, "supervisor.cc").await;
    let p = sup.get(&app, "/foster/oversight").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("王建国家庭"));
    let mut social = login(&app, "social.cc").await;
    assert_eq!(social.get(&app, "/foster/oversight").await.status, 403);
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.get(&app, "/foster/roster").await.status, 403);
    // Another institution's head sees none of these families.
    let mut other = login(&app, "head.na").await;
    let p = other.get(&app, "/foster/oversight").await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("王建国家庭"));
}

#[actix_web::test]
async fn foster_roster_pays_each_placement_by_its_days_in_the_month() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, "/foster/roster?month=2026-11").await;
    assert_eq!(p.status, 200);
    // Two full Novembers at the national default 1 000 yuan, one day of 30 (33.33).
    assert!(p.body.contains("1000.00"), "{}", p.body);
    assert!(p.body.contains("33.33"));
    assert!(p.body.contains("id=\"total-rearing\">2033.33<"), "{}", p.body);
    assert!(p.body.contains("id=\"total-labour\">0.00<"));
    // No placement before October.
    let p = head.get(&app, "/foster/roster?month=2026-09").await;
    assert!(p.body.contains("id=\"no-roster\""));
    // A malformed month shows this month, never an error.
    let p = head.get(&app, "/foster/roster?month=garbage").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("2026-11"));
}
