//! "Found" corrected (issue 15 point 6, session 8): a wrong "found" entry is corrected with a required
//! reason, the first record kept unchanged and shown struck through with who corrected it and why;
//! refused per field with the input kept; recorded once on a double submit; audited; out of scope 404.

use crate::shift_incidents::cc_children;
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{shift_found_corrections as fc, shift_incident_found as sf};

fn local_minutes_ago(t: &TestApp, m: i64) -> String {
    use fuyu::clock::Clock;
    fuyu::shift::rules::local(t.clock.now() - chrono::Duration::minutes(m))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[actix_web::test]
async fn a_wrong_found_entry_is_corrected_with_a_reason_and_the_old_one_stays_struck_through() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let mut cg = login(&app, "caregiver.cc").await;
    let occurred = local_minutes_ago(&t, 60);
    let p = cg
        .post(
            &app,
            "/shift/incidents",
            &[
                ("kind", "missing"),
                ("occurred", &occurred),
                ("place", "院内操场"),
                ("child", &kids[0]),
                ("description", "清点人数时发现不在"),
                ("action_taken", "全院搜寻"),
                ("idem", "fix-incident"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id: i64 = p
        .location
        .as_deref()
        .unwrap_or("")
        .trim_start_matches("/shift/incidents/")
        .split(['?', '/'])
        .next()
        .unwrap_or("")
        .parse()
        .expect("the incident's page");
    let page = format!("/shift/incidents/{id}");
    // Before "found" is recorded there is nothing to correct.
    let p = cg.get(&app, &page).await;
    assert!(!p.body.contains("id=\"found-fix-form\""), "{}", p.body);
    let wrong_at = local_minutes_ago(&t, 30);
    let p = cg
        .post(
            &app,
            &format!("{page}/found"),
            &[
                ("found_at", &wrong_at),
                ("place", "后山小路"),
                ("found_by", "保安李师傅"),
                ("condition", "情绪稳定"),
                ("idem", "found-first"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = cg.get(&app, &page).await;
    assert!(p.body.contains("id=\"found-fix-form\""), "{}", p.body);
    // The correction form starts from the values in force.
    assert!(p
        .body
        .contains("id=\"found-fix-place\" name=\"place\" value=\"后山小路\""));

    // Refused per field, the input kept: no reason, nobody named.
    let fix = format!("{page}/found/correct");
    let right_at = local_minutes_ago(&t, 20);
    let p = cg
        .post(
            &app,
            &fix,
            &[
                ("found_at", &right_at),
                ("place", "村口小卖部"),
                ("found_by", ""),
                ("condition", "膝盖擦伤"),
                ("reason", "  "),
                ("idem", "fix-bad"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(
        p.body.contains("id=\"found-fix-reason-error\""),
        "{}",
        p.body
    );
    assert!(p.body.contains("id=\"found-fix-by-error\""));
    assert!(p.body.contains("value=\"村口小卖部\""));
    assert!(p.body.contains("膝盖擦伤</textarea>"));
    assert_eq!(
        fc::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        0
    );

    // Another institution's head: 404, nothing recorded.
    let mut na = login(&app, "head.na").await;
    let good: Vec<(&str, &str)> = vec![
        ("found_at", &right_at),
        ("place", "村口小卖部"),
        ("found_by", "村民张大姐"),
        ("condition", "膝盖擦伤，已消毒"),
        ("medical_check", "1"),
        ("reason", "地点和发现人记错了，按派出所记录更正"),
        ("idem", "fix-1"),
    ];
    assert_eq!(na.post(&app, &fix, &good).await.status, 404);

    // Corrected; a double submit records once.
    let before = audit_count(&mut t.conn(), "correct", "success");
    for _ in 0..2 {
        let p = cg.post(&app, &fix, &good).await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
    assert_eq!(
        fc::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        1
    );
    assert_eq!(audit_count(&mut t.conn(), "correct", "success"), before + 1);
    // The first record is never changed.
    let first: (String, String) = sf::table
        .find(id)
        .select((sf::place, sf::found_by))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(first, ("后山小路".to_string(), "保安李师傅".to_string()));
    // The page: the values in force, the old ones struck through with who corrected them and why.
    let p = cg.get(&app, &page).await;
    assert_eq!(p.status, 200);
    let history = &p.body[p.body.find("id=\"found-history\"").expect("history")..];
    assert!(history.contains("<del>"), "{history}");
    assert!(history.contains("后山小路 · 保安李师傅"), "{history}");
    assert!(
        history.contains("地点和发现人记错了，按派出所记录更正"),
        "{history}"
    );
    let current = &p.body[..p.body.find("id=\"found-history\"").unwrap()];
    assert!(current.contains("村民张大姐"), "{current}");
    assert!(
        current.contains("id=\"found-medical\">是"),
        "medical check in force: {current}"
    );
    // English labels too.
    cg.post(&app, "/account/language", &[("language", "en")])
        .await;
    let p = cg.get(&app, &page).await;
    assert!(p.body.contains("Correct the found record"), "{}", p.body);
    assert!(
        p.body.contains("Corrected (地点和发现人记错了"),
        "{}",
        p.body
    );
}
