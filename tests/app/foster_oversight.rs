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
    let overdue = p
        .body
        .split("id=\"overdue-list\"")
        .nth(1)
        .unwrap_or_default();
    assert!(
        overdue.contains("王建国家庭")
            && !overdue
                .split("</ul>")
                .next()
                .unwrap_or_default()
                .contains("刘志强家庭")
    );
    assert!(
        p.body.contains("寄养家庭提出解除") || p.body.contains("家庭提出"),
        "{}",
        p.body
    );
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
    assert!(
        p.body.contains("id=\"total-rearing\">2033.33<"),
        "{}",
        p.body
    );
    assert!(p.body.contains("id=\"total-labour\">0.00<"));
    // No placement before October.
    let p = head.get(&app, "/foster/roster?month=2026-09").await;
    assert!(p.body.contains("id=\"no-roster\""));
    // A malformed month shows this month, never an error.
    let p = head.get(&app, "/foster/roster?month=garbage").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("2026-11"));
}

#[actix_web::test]
async fn foster_printouts_assessment_agreement_and_visit() {
    use diesel::prelude::*;
    use fuyu::db::schema::{foster_families as ff, foster_visits as fv};
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let fam = |name: &str| -> i64 {
        ff::table
            .filter(ff::family_name.eq(name))
            .select(ff::id)
            .first(&mut t.conn())
            .unwrap()
    };
    let (wang, liu, chen) = (fam("王建国家庭"), fam("刘志强家庭"), fam("陈丽家庭"));
    let social = login(&app, "social.cc").await;
    for what in ["assessment", "agreement"] {
        let f = social
            .fetch(&app, &format!("/foster/{wang}/print/{what}"))
            .await;
        assert_eq!(f.status, 200, "{what}");
        assert_eq!(f.content_type, "application/pdf");
        assert!(f.bytes.starts_with(b"%PDF"));
    }
    // 陈丽家庭 is assessed but has signed nothing; an unknown printout is 404.
    assert_eq!(
        social
            .fetch(&app, &format!("/foster/{chen}/print/agreement"))
            .await
            .status,
        404
    );
    assert_eq!(
        social
            .fetch(&app, &format!("/foster/{chen}/print/assessment"))
            .await
            .status,
        200
    );
    assert_eq!(
        social
            .fetch(&app, &format!("/foster/{wang}/print/bogus"))
            .await
            .status,
        404
    );
    let vid: i64 = fv::table
        .filter(fv::family_id.eq(liu))
        .select(fv::id)
        .first(&mut t.conn())
        .unwrap();
    let f = social
        .fetch(&app, &format!("/foster/{liu}/visits/{vid}/print"))
        .await;
    assert_eq!(f.status, 200);
    assert!(f.bytes.starts_with(b"%PDF"));
    // The visit under another family's URL, or another institution's user: 404.
    assert_eq!(
        social
            .fetch(&app, &format!("/foster/{wang}/visits/{vid}/print"))
            .await
            .status,
        404
    );
    let other = login(&app, "head.na").await;
    assert_eq!(
        other
            .fetch(&app, &format!("/foster/{liu}/visits/{vid}/print"))
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn foster_roster_downloads_as_csv_and_xlsx() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let head = login(&app, "head.cc").await;
    let f = head
        .fetch(&app, "/foster/roster?month=2026-11&format=csv")
        .await;
    assert_eq!(f.status, 200);
    assert!(f.bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "CSV with BOM");
    let text = String::from_utf8_lossy(&f.bytes);
    assert!(
        text.contains("王建国家庭") && text.contains("1000.00"),
        "{text}"
    );
    assert!(text.contains("养育费"));
    let f = head
        .fetch(&app, "/foster/roster?month=2026-11&format=xlsx")
        .await;
    assert_eq!(f.status, 200);
    assert!(f.bytes.starts_with(b"PK"), "an XLSX is a zip");
    assert_eq!(
        head.fetch(&app, "/foster/roster?month=2026-11&format=pdf")
            .await
            .status,
        400
    );
    let mut c = t.conn();
    assert!(audit_count(&mut c, "export", "success") >= 2);
}
