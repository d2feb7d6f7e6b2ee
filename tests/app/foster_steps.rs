//! The five steps in order (issue 12 point 3, FOS-14): no skipping, no doing twice, the head approves
//! (a caregiver or social worker cannot: 403), approval files a 备案 record and e-mail, refusal closes.

use crate::foster_pages::{create_family, SELF_MEMBER};
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;

pub const ASSESS: &[(&str, &str)] = &[
    ("visit_date", "2026-11-20"),
    ("assessors", "张社工、李社工"),
    ("score_home", "4"),
    ("score_parenting", "5"),
    ("score_relations", "4"),
    ("score_community", "4"),
    ("narrative", "家庭和睦，住房宽敞，邻里关系良好。"),
];

pub const SIGN: &[(&str, &str)] = &[
    ("period_from", "2026-12-01"),
    ("period_to", "2029-11-30"),
    ("rights_obligations", "按寄养协议范本第二、三章。"),
    ("caregiver", "王建国"),
    ("integration_days", "60"),
    ("breach_liability", "按寄养协议范本第五章处理。"),
    ("signed_on", "2026-11-22"),
];

fn stage(t: &TestApp, id: i64) -> String {
    use fuyu::db::schema::foster_families as ff;
    ff::table
        .find(id)
        .select(ff::stage)
        .first(&mut t.conn())
        .unwrap()
}

fn outbox(t: &TestApp, like: &str) -> i64 {
    use fuyu::db::schema::mail_outbox as m;
    m::table
        .filter(m::subject.like(format!("%{like}%")))
        .count()
        .get_result(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn foster_five_steps_in_order_with_the_head_approving() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut social = login(&app, "social.cc").await;
    let id = create_family(&app, &mut social).await;
    social
        .post(&app, &format!("/foster/{id}/members"), SELF_MEMBER)
        .await;
    let base = format!("/foster/{id}/steps");
    // No skipping: training or the agreement before the assessment is refused (409), nothing changes.
    let p = social
        .post(
            &app,
            &format!("{base}/training"),
            &[
                ("date", "2026-11-20"),
                ("hours", "8"),
                ("topic", "儿童照料"),
            ],
        )
        .await;
    assert_eq!(p.status, 409, "{}", p.body);
    assert!(p.body.contains("step-error"));
    assert_eq!(stage(&t, id), "applied");
    // A bad assessment re-renders with a message per field and what was typed.
    let p = social
        .post(
            &app,
            &format!("{base}/assess"),
            &[
                ("visit_date", "2099-01-01"),
                ("score_home", "9"),
                ("narrative", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    for f in [
        "visit_date",
        "assessors",
        "score_home",
        "score_parenting",
        "narrative",
    ] {
        assert!(p.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    let p = social.post(&app, &format!("{base}/assess"), ASSESS).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(stage(&t, id), "assessed");
    // Not twice.
    assert_eq!(
        social
            .post(&app, &format!("{base}/assess"), ASSESS)
            .await
            .status,
        409
    );
    // The review is the head's: a social worker and a caregiver get 403.
    let approve = [("decision", "approve"), ("reasons", "符合条件")];
    assert_eq!(
        social
            .post(&app, &format!("{base}/review"), &approve)
            .await
            .status,
        403
    );
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(
        care.post(&app, &format!("{base}/review"), &approve)
            .await
            .status,
        403
    );
    let mut head = login(&app, "head.cc").await;
    let page = head.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains("review-form"));
    let p = head
        .post(&app, &format!("{base}/review"), &[("decision", "")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("decision-error"));
    let p = head.post(&app, &format!("{base}/review"), &approve).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(stage(&t, id), "approved");
    // 备案: an e-mail to the city's and the province's supervisors, and a record the supervisor sees.
    assert!(outbox(&t, "家庭寄养备案") >= 1);
    let mut sup = login(&app, "supervisor.cc").await;
    let page = sup.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains("报民政部门备案"), "{}", page.body);
    // Training up to the policy minimum (8 hours): 5 + 3.
    let p = social
        .post(
            &app,
            &format!("{base}/training"),
            &[
                ("date", "2026-11-21"),
                ("hours", "5"),
                ("topic", "儿童照料"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(stage(&t, id), "approved");
    social
        .post(
            &app,
            &format!("{base}/training"),
            &[
                ("date", "2026-11-22"),
                ("hours", "3"),
                ("topic", "心理支持"),
            ],
        )
        .await;
    assert_eq!(stage(&t, id), "trained");
    // The agreement: every FOS-15 field; the integration period at least the policy's 60 days.
    let mut short: Vec<(&str, &str)> = SIGN.to_vec();
    short.retain(|(k, _)| *k != "integration_days" && *k != "breach_liability");
    short.push(("integration_days", "59"));
    let p = social.post(&app, &format!("{base}/sign"), &short).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("breach_liability-error"));
    short.push(("breach_liability", "按范本处理"));
    let p = social.post(&app, &format!("{base}/sign"), &short).await;
    assert_eq!(p.status, 422, "the policy minimum");
    assert!(p.body.contains("integration_days-error") && p.body.contains("60"));
    let p = social.post(&app, &format!("{base}/sign"), SIGN).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(stage(&t, id), "signed");
    assert_eq!(
        social
            .post(&app, &format!("{base}/sign"), SIGN)
            .await
            .status,
        409
    );
}

#[actix_web::test]
async fn foster_refusal_closes_the_application_with_reasons() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut social = login(&app, "social.cc").await;
    let id = create_family(&app, &mut social).await;
    social
        .post(&app, &format!("/foster/{id}/steps/assess"), ASSESS)
        .await;
    let mut head = login(&app, "head.cc").await;
    let p = head
        .post(
            &app,
            &format!("/foster/{id}/steps/review"),
            &[("decision", "refuse"), ("reasons", "")],
        )
        .await;
    assert_eq!(p.status, 422, "reasons are required to refuse");
    let p = head
        .post(
            &app,
            &format!("/foster/{id}/steps/review"),
            &[("decision", "refuse"), ("reasons", "主要照料人有不良嗜好")],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(stage(&t, id), "refused");
    let page = head.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains("主要照料人有不良嗜好"));
    // Closed: no step any more.
    assert_eq!(
        social
            .post(
                &app,
                &format!("/foster/{id}/steps/training"),
                &[("date", "2026-11-20"), ("hours", "8"), ("topic", "x")]
            )
            .await
            .status,
        409
    );
    // Another institution's head: 404.
    let mut other = login(&app, "head.na").await;
    assert_eq!(
        other
            .post(
                &app,
                &format!("/foster/{id}/steps/refuse"),
                &[("reasons", "x")]
            )
            .await
            .status,
        404
    );
}
