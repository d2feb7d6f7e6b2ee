//! Care (issue 14 point 7 and point 8): the care panel on the archive page's overview, through the
//! `CHILD_PANELS` registry; the purpose-stated restricted view on the care pages (the archive's rule).

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::audit_log as a;

/// The care panel's HTML on the archive page (empty when there is none).
fn panel(body: &str) -> &str {
    body.find("id=\"panel-care\"")
        .map(|i| {
            let rest = &body[i..];
            &rest[..rest.find("</section>").unwrap_or(rest.len())]
        })
        .unwrap_or("")
}

#[actix_web::test]
async fn the_archive_overview_shows_the_care_panel_for_the_readers_role() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[1];
    let today = start_time().date().to_string();
    let mut med = login(&app, "medical.cc").await;
    let p = med
        .post(
            &app,
            &format!("/children/{child}/care/conditions"),
            &[("kind", "allergy"), ("text", "青霉素过敏")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = med
        .post(
            &app,
            &format!("/children/{child}/care/orders"),
            &[
                ("drug", "布地奈德"),
                ("dose", "0.5 mg"),
                ("route", "雾化"),
                ("times", "08:00"),
                ("date", &today),
                ("prescriber", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, &format!("/children/{child}")).await;
    assert_eq!(p.status, 200);
    let h = panel(&p.body);
    assert!(!h.is_empty(), "the panel is on the overview: {}", p.body);
    assert!(h.contains("个性化抚养方案"), "{h}");
    assert!(
        h.contains("青霉素过敏") && h.contains("class=\"overdue\""),
        "{h}"
    );
    assert!(h.contains("布地奈德 0.5 mg 雾化 08:00"), "{h}");
    assert!(h.contains(&format!("href=\"/children/{child}/care\"")));
    // What is due: the next review or the plan's open step, and the assessments.
    assert!(h.contains("复查抚养方案") || h.contains("方案"), "{h}");
    assert!(
        h.contains("评估") || h.contains("测评"),
        "assessments due (or none): {h}"
    );
    // Other tabs do not carry the panel.
    let p = head
        .get(&app, &format!("/children/{child}?tab=history"))
        .await;
    assert!(panel(&p.body).is_empty());
    // A caregiver reads daily care and medication: the orders and the allergy, no assessments.
    let mut carer = login(&app, "caregiver.cc").await;
    let p = carer.get(&app, &format!("/children/{child}")).await;
    let h = panel(&p.body);
    assert!(h.contains("布地奈德") && h.contains("青霉素过敏"), "{h}");
    assert!(
        !h.contains("评估") && !h.contains("测评"),
        "no assessments for caregivers: {h}"
    );
    // English readers get it in English.
    head.post(&app, "/account/language", &[("language", "en")])
        .await;
    let p = head.get(&app, &format!("/children/{child}")).await;
    assert!(panel(&p.body).contains("Open the care page"), "{}", p.body);
    // A role without ViewCare sees no panel (the registrar has no archive scope at all: 403/404).
    let mut reg = login(&app, "registrar.cc").await;
    let s = reg.get(&app, &format!("/children/{child}")).await.status;
    assert!(s == 403 || s == 404, "{s}");
}

#[actix_web::test]
async fn restricted_care_sections_open_only_with_a_stated_purpose_for_an_allowed_role() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // The first child has a case note and its own wishes in the demo (社会工作).
    let child = cc_cwi_in_care(&t)[0];
    let records = format!("/children/{child}/care/records");
    let mut head = login(&app, "head.cc").await;
    let p = head
        .post(
            &app,
            &format!("/children/{child}/restrictions"),
            &[("kind", "adoption-secrecy"), ("reason", "收养保密")],
        )
        .await;
    assert_eq!(p.status, 303);
    // adoption-secrecy hides 社会工作 and opens to the head (and the registrar) only.
    let p = head.get(&app, &records).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("id=\"care-social\""), "hidden");
    assert!(p.body.contains("id=\"care-unlock\""), "offered to the head");
    let p = head
        .post(&app, &format!("{records}/restricted"), &[("purpose", "  ")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"purpose-error\""));
    assert!(!p.body.contains("id=\"care-social\""));
    let p = head
        .post(
            &app,
            &format!("{records}/restricted"),
            &[("purpose", "收养评估核对社工记录")],
        )
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"care-social\"") && p.body.contains("id=\"care-unlocked\""));
    assert!(!p.body.contains("id=\"care-unlock\""), "no form while open");
    // Only for that one view: the next view is locked again.
    let p = head.get(&app, &records).await;
    assert!(!p.body.contains("id=\"care-social\""));
    // The care page offers the same view (the mental-health screening follows 社会工作).
    let p = head.get(&app, &format!("/children/{child}/care")).await;
    assert!(p.body.contains("id=\"care-unlock\""));
    let p = head
        .post(
            &app,
            &format!("/children/{child}/care/restricted"),
            &[("purpose", "复查方案")],
        )
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"care-unlocked\""));
    // The social worker is not allowed by adoption-secrecy: no form, and a post is 403 (audited).
    let mut social = login(&app, "social.cc").await;
    let p = social.get(&app, &records).await;
    assert!(!p.body.contains("id=\"care-unlock\"") && !p.body.contains("id=\"care-social\""));
    let p = social
        .post(
            &app,
            &format!("{records}/restricted"),
            &[("purpose", "随访")],
        )
        .await;
    assert_eq!(p.status, 403);
    // Another institution's head: 404.
    let mut other = login(&app, "head.na").await;
    let p = other
        .post(&app, &format!("{records}/restricted"), &[("purpose", "x")])
        .await;
    assert_eq!(p.status, 404);
    // Audit: two opened views with their purposes, one refused attempt.
    let details: Vec<String> = a::table
        .filter(a::action.eq("view_restricted"))
        .filter(a::outcome.eq("success"))
        .filter(a::resource_type.like("care%"))
        .select(a::detail)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(details.len(), 2, "{details:?}");
    assert!(details.iter().any(|d| d.contains("收养评估核对社工记录")));
    let denied: i64 = a::table
        .filter(a::action.eq("view_restricted"))
        .filter(a::outcome.eq("denied"))
        .filter(a::resource_type.eq("care"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(denied, 1);
}
