//! Body-map marks corrected or withdrawn, keeping history (issue 15 point 6, session 7), and the drawn
//! figure: a wrong region is corrected (a new mark; the old one struck through, not deleted), a mark
//! withdrawn needs a reason (refused with a message on the field and the input kept), a superseded mark
//! cannot be corrected again, the figure highlights and numbers the marks in force; scope and role as
//! the incident's (404 / 403); every change audited.

use crate::shift_incidents::{an_hour_ago, cc_children};
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{shift_incident_marks as mk, shift_incidents};

#[actix_web::test]
async fn a_wrong_mark_is_corrected_or_withdrawn_and_the_old_one_stays_struck_through() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let mut cg = login(&app, "caregiver.cc").await;
    let when = an_hour_ago(&t);
    let r = cg
        .post(
            &app,
            "/shift/incidents",
            &[
                ("kind", "accident"),
                ("occurred", when.as_str()),
                ("place", "活动室"),
                ("child", &kids[0]),
                ("description", "摔倒"),
                ("action_taken", "冷敷"),
                ("idem", "marks-1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = shift_incidents::table
        .order(shift_incidents::id.desc())
        .select(shift_incidents::id)
        .first(&mut t.conn())
        .unwrap();
    let marks = format!("/shift/incidents/{id}/marks");
    for (region, note) in [("arm_left", "左前臂淤青"), ("leg_right", "右膝擦伤")] {
        let r = cg
            .post(
                &app,
                &marks,
                &[
                    ("child", &kids[0]),
                    ("side", "front"),
                    ("region", region),
                    ("kind", "bruise"),
                    ("note", note),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let ids: Vec<i64> = mk::table
        .order(mk::id.asc())
        .select(mk::id)
        .load(&mut t.conn())
        .unwrap();
    let (arm, knee) = (ids[0], ids[1]);
    let body = format!("/shift/incidents/{id}/body");
    let p = cg.get(&app, &body).await;
    // The figure: both regions highlighted and numbered 1 and 2, as in the list; others plain.
    assert!(p.body.contains("<svg") && p.body.contains("id=\"body-figure\""));
    assert!(p.body.contains("id=\"fig-front-arm_left-marked\""));
    assert!(p.body.contains("id=\"fig-front-leg_right-marked\""));
    assert!(p.body.contains("id=\"fig-back-arm_left\""));
    assert!(p.body.contains(">1</text>") && p.body.contains(">2</text>"));
    assert!(p
        .body
        .contains(&format!("<li id=\"mark-{arm}\" value=\"1\">")));
    assert!(p
        .body
        .contains(&format!("href=\"/shift/incidents/{id}/marks/{arm}\"")));

    // The arm was the right arm: corrected; the form comes prefilled with the mark.
    let page = format!("/shift/incidents/{id}/marks/{arm}");
    let f = cg.get(&app, &page).await;
    assert_eq!(f.status, 200);
    assert!(f.body.contains("value=\"左前臂淤青\""), "{}", f.body);
    // A region not on the side is refused (BODY-01) with the input kept.
    let r = cg
        .post(
            &app,
            &format!("{page}/correct"),
            &[
                ("side", "front"),
                ("region", "back"),
                ("kind", "bruise"),
                ("note", "右前臂淤青"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"fix-region-error\"") && r.body.contains("value=\"右前臂淤青\""));
    let before = audit_count(&mut t.conn(), "correct", "success");
    let r = cg
        .post(
            &app,
            &format!("{page}/correct"),
            &[
                ("side", "front"),
                ("region", "arm_right"),
                ("kind", "bruise"),
                ("note", "右前臂淤青"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(audit_count(&mut t.conn(), "correct", "success"), before + 1);
    // Correcting the superseded mark again is refused; its page shows it is superseded.
    let r = cg
        .post(
            &app,
            &format!("{page}/correct"),
            &[
                ("side", "front"),
                ("region", "arm_left"),
                ("kind", "cut"),
                ("note", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("BODY-02"));
    assert_eq!(
        mk::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        3
    );

    // Withdrawing the knee needs a reason; then it is withdrawn and stays in the history.
    let wd = format!("/shift/incidents/{id}/marks/{knee}/withdraw");
    let r = cg.post(&app, &wd, &[("reason", "  ")]).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("id=\"withdraw-reason-error\""),
        "{}",
        r.body
    );
    let r = cg.post(&app, &wd, &[("reason", "记错了孩子")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(audit_count(&mut t.conn(), "withdraw", "success"), 1);
    let r = cg.post(&app, &wd, &[("reason", "again")]).await;
    assert_eq!(r.status, 422, "withdrawn once");

    let p = cg.get(&app, &body).await;
    // In force: the corrected right arm only, numbered 1 on the figure; the left arm and the knee
    // struck through with who and why.
    assert!(p.body.contains("id=\"fig-front-arm_right-marked\""));
    assert!(!p.body.contains("fig-front-arm_left-marked"));
    assert!(!p.body.contains("fig-front-leg_right-marked"));
    let history = &p.body[p.body.find("class=\"mark-history\"").unwrap()..];
    assert!(
        history.contains("<del>正面 · 左臂 · 淤青 · 左前臂淤青</del>"),
        "{history}"
    );
    assert!(history.contains(&format!("id=\"fate-{arm}\">已更正")));
    assert!(history.contains("已撤回（记错了孩子）"));
    assert_eq!(
        mk::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        4
    );

    // Scope: another institution's head 404; the supervisor reads but records nothing (403).
    let mut na = login(&app, "head.na").await;
    assert_eq!(na.get(&app, &page).await.status, 404);
    let new = mk::table
        .select(diesel::dsl::max(mk::id))
        .first::<Option<i64>>(&mut t.conn())
        .unwrap()
        .unwrap();
    let fix_new = format!("/shift/incidents/{id}/marks/{}/withdraw", new - 1);
    assert_eq!(
        na.post(&app, &fix_new, &[("reason", "x")]).await.status,
        404
    );
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(sup.get(&app, &body).await.status, 200);
    assert_eq!(
        sup.post(&app, &fix_new, &[("reason", "x")]).await.status,
        403
    );
    assert_eq!(
        mk::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        4
    );
}
