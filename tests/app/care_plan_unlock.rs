//! The purpose-stated restricted view on the plan page (issue 14 point 8; the archive's restriction
//! rule, 收养保密 民法典第1110条): the plan's 社会工作 part, hidden under adoption secrecy, opens for one
//! page view to a role every restriction allows, after a stated purpose, audited with it.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{audit_log as a, children, institutions};

/// The demo's social-work goal, in every CC-CWI child's plan.
const SOCIAL_GOAL: &str = "与照护人建立稳定依恋";

fn first_cc_child(t: &TestApp) -> i64 {
    let inst: i64 = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    children::table
        .filter(children::institution_id.eq(inst))
        .filter(children::status.eq("active"))
        .order(children::archive_no.asc())
        .select(children::id)
        .first(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn the_plan_page_opens_a_restricted_part_only_with_a_purpose_for_an_allowed_role() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = first_cc_child(&t);
    let plan = format!("/children/{child}/care/plan");
    let unlock = format!("{plan}/restricted");
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, &plan).await;
    assert!(p.body.contains(SOCIAL_GOAL), "shown before any restriction");
    assert!(!p.body.contains("id=\"care-unlock\""), "nothing to open");
    let p = head
        .post(
            &app,
            &format!("/children/{child}/restrictions"),
            &[("kind", "adoption-secrecy"), ("reason", "收养保密")],
        )
        .await;
    assert_eq!(p.status, 303);
    // Hidden, and the form is offered to the head (adoption secrecy allows the head).
    let p = head.get(&app, &plan).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains(SOCIAL_GOAL), "hidden");
    assert!(p.body.contains("id=\"care-unlock\""), "offered");
    assert!(p.body.contains(&format!("action=\"{unlock}\"")));
    // Without a purpose: the form again with the message under the field, still hidden.
    let p = head.post(&app, &unlock, &[("purpose", " ")]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"purpose-error\""));
    assert!(!p.body.contains(SOCIAL_GOAL));
    // With a purpose: the part is shown for this one view.
    let p = head
        .post(&app, &unlock, &[("purpose", "收养评估核对抚养方案")])
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains(SOCIAL_GOAL), "opened");
    assert!(p.body.contains("id=\"care-unlocked\""));
    assert!(!p.body.contains("id=\"care-unlock\""), "no form while open");
    let p = head.get(&app, &plan).await;
    assert!(
        !p.body.contains(SOCIAL_GOAL),
        "locked again on the next view"
    );
    // The social worker (not allowed by adoption secrecy) never sees it: no form, a post is 403.
    let mut social = login(&app, "social.cc").await;
    let p = social.get(&app, &plan).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains(SOCIAL_GOAL) && !p.body.contains("id=\"care-unlock\""));
    let p = social.post(&app, &unlock, &[("purpose", "复查")]).await;
    assert_eq!(p.status, 403);
    assert!(!p.body.contains(SOCIAL_GOAL));
    // The caregiver: 403 as well (and never the social part).
    let mut carer = login(&app, "caregiver.cc").await;
    assert_eq!(
        carer
            .post(&app, &unlock, &[("purpose", "复查")])
            .await
            .status,
        403
    );
    // Another institution's head: 404.
    let mut other = login(&app, "head.na").await;
    assert_eq!(
        other.post(&app, &unlock, &[("purpose", "x")]).await.status,
        404
    );
    // Audit: the opened view with its purpose, and the refused attempts.
    let opened: Vec<String> = a::table
        .filter(a::action.eq("view_restricted"))
        .filter(a::outcome.eq("success"))
        .filter(a::resource_type.eq("care_plan"))
        .select(a::detail)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert!(opened[0].contains("收养评估核对抚养方案"));
    let denied: i64 = a::table
        .filter(a::action.eq("view_restricted"))
        .filter(a::outcome.eq("denied"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(denied, 2, "social worker and caregiver");
}
