//! Matching and placement (issue 12 points 4, 5): a signed family is offered for a child, the child is
//! placed (status "in foster care", entry in 养育), and a discharge of the child — as the adoption
//! module does with `archive::discharge(.., "adopted", ..)` — ends the placement in the same step.

use crate::foster_pages::{create_family, SELF_MEMBER};
use crate::foster_steps::{ASSESS, SIGN};
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::foster_placements as fp;

/// A family taken through the five steps by social.cc and head.cc; its id.
pub async fn signed_family<S, B>(t: &TestApp, app: &S) -> i64
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut social = login(app, "social.cc").await;
    let id = create_family(app, &mut social).await;
    social
        .post(app, &format!("/foster/{id}/members"), SELF_MEMBER)
        .await;
    // FOS-13: the member's written consent and the proofs of income, housing and health.
    let m: Vec<i64> = {
        use fuyu::db::schema::foster_members as fm;
        let mut conn = t.conn();
        fm::table
            .filter(fm::family_id.eq(id))
            .select(fm::id)
            .load(&mut conn)
            .unwrap()
    };
    crate::foster_documents::file_papers(app, &mut social, id, &m).await;
    let base = format!("/foster/{id}/steps");
    assert_eq!(
        social
            .post(app, &format!("{base}/assess"), ASSESS)
            .await
            .status,
        303
    );
    let mut head = login(app, "head.cc").await;
    let approve = [("decision", "approve"), ("reasons", "符合条件")];
    assert_eq!(
        head.post(app, &format!("{base}/review"), &approve)
            .await
            .status,
        303
    );
    let training = [
        ("date", "2026-11-21"),
        ("hours", "8"),
        ("topic", "儿童照料"),
    ];
    assert_eq!(
        social
            .post(app, &format!("{base}/training"), &training)
            .await
            .status,
        303
    );
    assert_eq!(
        social.post(app, &format!("{base}/sign"), SIGN).await.status,
        303
    );
    id
}

/// An active child of 长春市儿童福利院 aged under 8 (no opinion needed) — its id.
pub fn young_child(t: &TestApp) -> i64 {
    let w = who(t, "social.cc");
    let inst: Vec<fuyu::org::InstitutionId> = w.user.institution_id.into_iter().collect();
    let today = fuyu::clock::Clock::today(t.clock.as_ref());
    let kids = fuyu::archive::active_children(&mut t.conn(), &inst, 500).unwrap();
    kids.iter()
        .find(|k| fuyu::clock::age_on(k.birth_date, today) < 8)
        .map(|k| k.id.0)
        .expect("a demo child under 8")
}

fn status(t: &TestApp, child: i64) -> fuyu::archive::ChildStatus {
    let w = who(t, "head.cc");
    fuyu::archive::load_in_scope(&mut t.conn(), &w.user, fuyu::archive::ChildId(child))
        .unwrap()
        .status
}

#[actix_web::test]
async fn foster_placement_and_discharge_ends_it() {
    use fuyu::clock::Clock;
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let id = signed_family(&t, &app).await;
    let child = young_child(&t);
    let mut social = login(&app, "social.cc").await;
    let page = social
        .get(&app, &format!("/foster/matching?child={child}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("id=\"match-{id}\"")),
        "{}",
        page.body
    );
    // A severely disabled child needing professional care is refused with FOS-02 and its article.
    let p = social
        .post(
            &app,
            &format!("/foster/{id}/placements"),
            &[
                ("child_id", &child.to_string()),
                ("severe_disability", "yes"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(
        p.body.contains("FOS-02") && p.body.contains("第7条第2款"),
        "{}",
        p.body
    );
    let p = social
        .post(
            &app,
            &format!("/foster/{id}/placements"),
            &[("child_id", &child.to_string()), ("opinion", "愿意")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(status(&t, child), fuyu::archive::ChildStatus::InFosterCare);
    // The child appears on the family record; the placement is filed in the child's 养育 section.
    let page = social.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains(&format!("/children/{child}")));
    let w = who(&t, "head.cc");
    let entries = fuyu::archive::entries(&mut t.conn(), fuyu::archive::ChildId(child)).unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.section == "care" && e.summary.contains("家庭寄养")),
        "{entries:?}"
    );
    // Placed already: not twice.
    let p = social
        .post(
            &app,
            &format!("/foster/{id}/placements"),
            &[("child_id", &child.to_string()), ("opinion", "愿意")],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    // The adoption module registers an adoption: archive::discharge(.., "adopted", ..) ends the placement.
    let o = op(&t, &w);
    let today = Clock::today(t.clock.as_ref());
    let r = fuyu::archive::discharge(
        &mut t.conn(),
        &o,
        fuyu::archive::ChildId(child),
        "adopted",
        today,
        "收养登记",
    )
    .unwrap();
    assert!(r.is_ok(), "discharge refused");
    assert_eq!(status(&t, child), fuyu::archive::ChildStatus::Discharged);
    let (open, reason): (Option<i64>, Option<String>) = fp::table
        .filter(fp::child_id.eq(child))
        .order(fp::id.desc())
        .select((fp::open_child_id, fp::end_reason))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(open, None);
    assert_eq!(reason.as_deref(), Some("discharged"));
    let page = social.get(&app, &format!("/foster/{id}")).await;
    assert!(page.body.contains("foster.ended") || page.body.contains("已结束"));
}

#[actix_web::test]
async fn foster_matching_is_for_foster_workers_only() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(care.get(&app, "/foster/matching").await.status, 403);
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(sup.get(&app, "/foster/matching").await.status, 403);
    let mut social = login(&app, "social.cc").await;
    assert_eq!(social.get(&app, "/foster/matching").await.status, 200);
}

#[actix_web::test]
async fn foster_termination_on_a_mandatory_ground_returns_the_child_and_alerts_the_head() {
    use fuyu::db::schema::tasks;
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let id = signed_family(&t, &app).await;
    let child = young_child(&t);
    let mut social = login(&app, "social.cc").await;
    let p = social
        .post(
            &app,
            &format!("/foster/{id}/placements"),
            &[("child_id", &child.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let pid: i64 = fp::table
        .filter(fp::open_child_id.eq(child))
        .select(fp::id)
        .first(&mut t.conn())
        .unwrap();
    let end = format!("/foster/{id}/placements/{pid}/end");
    // Every field is required: the page answers 422 with a message per field.
    let p = social.post(&app, &end, &[("reason", "bored")]).await;
    assert_eq!(p.status, 422);
    for f in ["end_reason", "end_note", "counselling"] {
        assert!(p.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    assert_eq!(status(&t, child), fuyu::archive::ChildStatus::InFosterCare);
    let p = social
        .post(
            &app,
            &end,
            &[
                ("reason", "abuse"),
                ("note", "邻居报告打骂儿童，经核实。"),
                ("counselling", "心理老师每周两次疏导"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(status(&t, child), fuyu::archive::ChildStatus::Active);
    let (side, reason): (Option<String>, Option<String>) = fp::table
        .find(pid)
        .select((fp::end_side, fp::end_reason))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(
        (side.as_deref(), reason.as_deref()),
        (Some("family"), Some("abuse"))
    );
    // The urgent task for the head, due today.
    let due: Vec<(Option<String>, String)> = tasks::table
        .filter(tasks::dedupe_key.eq(format!("foster.mandatory_end.{pid}")))
        .filter(tasks::status.eq("open"))
        .select((tasks::role, tasks::status))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].0.as_deref(), Some("head"));
    // Ended already: not twice.
    let again = social
        .post(
            &app,
            &end,
            &[("reason", "abuse"), ("note", "x"), ("counselling", "y")],
        )
        .await;
    assert_eq!(again.status, 409);
}
