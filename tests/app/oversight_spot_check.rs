//! The yearly archive spot check (档案抽查, seed 002; issue 17 point 4): a reproducible sample drawn from
//! a recorded seed at the policy rate, a checklist per sampled archive, findings corrected by the head
//! and closed by the supervisor, and the supervisor's task until the check completes.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    audit_log, institutions, oversight_spot_check_draws as dr, oversight_spot_check_items as it,
    oversight_spot_check_samples as sa, oversight_spot_checks as sc, tasks,
};
use fuyu::oversight::rules::spot_check as rules;

fn institution(t: &TestApp, code: &str) -> i64 {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap()
}

/// The sample of one institution, in draw order: (sample id, child id, archive number).
fn samples(t: &TestApp, inst: i64) -> Vec<(i64, i64, String)> {
    sa::table
        .filter(sa::institution_id.eq(inst))
        .order(sa::position.asc())
        .select((sa::id, sa::child_id, sa::archive_no))
        .load(&mut t.conn())
        .unwrap()
}

/// Children in care at the institution now, through the archive's interface (the draw's population).
fn population(t: &TestApp, inst: i64) -> Vec<i64> {
    fuyu::archive::spot_check_population(&mut t.conn(), &[fuyu::org::InstitutionId(inst)])
        .unwrap()
        .into_iter()
        .map(|a| a.id.0)
        .collect()
}

fn open_spot_tasks(t: &TestApp) -> Vec<(Option<i64>, String)> {
    tasks::table
        .filter(tasks::message_key.eq("task.oversight_spot_check"))
        .filter(tasks::status.eq("open"))
        .select((tasks::institution_id, tasks::subject))
        .load::<(Option<fuyu::org::InstitutionId>, String)>(&mut t.conn())
        .unwrap()
        .into_iter()
        .map(|(i, s)| (i.map(|i| i.0), s))
        .collect()
}

#[actix_web::test]
async fn the_sample_is_reproducible_from_its_seed_and_sized_by_policy() {
    let mut drawn: Vec<Vec<(i64, i64, String)>> = Vec::new();
    for round in 0..2 {
        let t = TestApp::new();
        let app = test::init_service(fuyu::build_app(t.data())).await;
        let cc = institution(&t, "CC-CWI");
        let mut sup = login(&app, "supervisor.cc").await;
        let p = sup.get(&app, "/oversight/spot-checks").await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(p.body.contains("id=\"spot-check-start\""));
        // A seed that is not a number is refused beside the field, with the input kept.
        let p = sup
            .post(&app, "/oversight/spot-checks", &[("seed", "12ab")])
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("id=\"seed-error\"") && p.body.contains("value=\"12ab\""));
        let p = sup
            .post(&app, "/oversight/spot-checks", &[("seed", "20261123")])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let pop = population(&t, cc);
        assert!(pop.len() > 5, "the demo has children in care at CC-CWI");
        // Size from the policy values (10 %, at least 5 — the national defaults).
        let size = rules::sample_size(pop.len(), 10, 5);
        let got = samples(&t, cc);
        assert_eq!(got.len(), size);
        let (population_rec, size_rec): (i32, i32) = dr::table
            .filter(dr::institution_id.eq(cc))
            .select((dr::population, dr::sample_size))
            .first(&mut t.conn())
            .unwrap();
        assert_eq!(
            (population_rec as usize, size_rec as usize),
            (pop.len(), size)
        );
        // The sample is the documented draw of the recorded seed over the population.
        let ids: Vec<i64> = got.iter().map(|s| s.1).collect();
        assert_eq!(ids, rules::draw("20261123", &pop, size));
        // The seed is shown on the check.
        let check: i64 = sc::table.select(sc::id).first(&mut t.conn()).unwrap();
        let p = sup
            .get(&app, &format!("/oversight/spot-checks/{check}"))
            .await;
        assert!(
            p.body.contains("id=\"spot-check-seed\">20261123<"),
            "{}",
            p.body
        );
        for s in &got {
            assert!(p.body.contains(&s.2));
        }
        // One check a year for the division.
        let p = sup
            .post(&app, "/oversight/spot-checks", &[("seed", "1")])
            .await;
        assert_eq!(p.status, 422);
        assert!(p.body.contains("已经开始"), "{}", p.body);
        if round == 1 {
            // Roles: the admin and a caregiver 403; the head sees only their institution's samples.
            let mut admin = login(&app, "admin").await;
            assert_eq!(admin.get(&app, "/oversight/spot-checks").await.status, 403);
            let mut cg = login(&app, "caregiver.cc").await;
            let url = format!("/oversight/spot-checks/{check}");
            assert_eq!(cg.get(&app, &url).await.status, 403);
            let mut na = login(&app, "head.na").await;
            let p = na.get(&app, &url).await;
            assert_eq!(p.status, 200);
            assert!(
                !p.body.contains(&got[0].2),
                "CC's archives are not the county's"
            );
            let other = format!("/oversight/spot-checks/samples/{}", got[0].0);
            assert_eq!(na.get(&app, &other).await.status, 404);
            assert_eq!(
                na.post(&app, "/oversight/spot-checks", &[("seed", "")])
                    .await
                    .status,
                403
            );
        }
        drawn.push(got);
    }
    assert_eq!(
        drawn[0], drawn[1],
        "same seed, same children in care: same sample"
    );

    // A higher rate in the city's policy draws more (the size is a policy value, not a literal).
    let t = TestApp::new();
    fuyu::policy::insert(
        &mut t.conn(),
        fuyu::policy::keys::OVERSIGHT_SPOT_CHECK_SAMPLE_PERCENT,
        "2201",
        "100",
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        "test",
        false,
        None,
        start_time(),
    )
    .unwrap();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let cc = institution(&t, "CC-CWI");
    let mut sup = login(&app, "supervisor.cc").await;
    let p = sup
        .post(&app, "/oversight/spot-checks", &[("seed", "")])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(samples(&t, cc).len(), population(&t, cc).len());
}

#[actix_web::test]
async fn findings_are_corrected_closed_and_the_task_follows_the_check() {
    let t = TestApp::new();
    // Few archives: the city's minimum of 1 at 1 %, so the walk stays short.
    for (key, v) in [
        (fuyu::policy::keys::OVERSIGHT_SPOT_CHECK_SAMPLE_PERCENT, "1"),
        (fuyu::policy::keys::OVERSIGHT_SPOT_CHECK_SAMPLE_MIN, "1"),
    ] {
        fuyu::policy::insert(
            &mut t.conn(),
            key,
            "2201",
            v,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            "test",
            false,
            None,
            start_time(),
        )
        .unwrap();
    }
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let cc = institution(&t, "CC-CWI");
    let today = fuyu::clock::Clock::today(t.clock.as_ref());
    // 23 November, due 30 November with 30 days' notice: the task is open before any check.
    fuyu::jobs::run(&mut t.conn(), today, start_time()).unwrap();
    let open = open_spot_tasks(&t);
    assert!(open.iter().any(|(i, _)| *i == Some(cc)), "{open:?}");
    let mut sup = login(&app, "supervisor.cc").await;
    assert!(sup.get(&app, "/").await.body.contains("年度档案抽查"));
    let p = sup
        .post(&app, "/oversight/spot-checks", &[("seed", "7")])
        .await;
    assert_eq!(p.status, 303);
    let check: i64 = sc::table.select(sc::id).first(&mut t.conn()).unwrap();
    let all: Vec<(i64, i64)> = sa::table
        .select((sa::id, sa::child_id))
        .order(sa::id.asc())
        .load(&mut t.conn())
        .unwrap();
    assert!(!all.is_empty());
    let (first, first_child) = all[0];
    let url = format!("/oversight/spot-checks/samples/{first}");
    let p = sup.get(&app, &url).await;
    assert_eq!(p.status, 200, "{}", p.body);
    // The checklist items are the archive's completeness items (the form names each one).
    let keys: Vec<String> = p
        .body
        .match_indices("name=\"outcome:")
        .map(|(i, _)| {
            let rest = &p.body[i + 14..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .filter(|k| !k.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        keys.contains(&"doc.intake-registration".to_string()),
        "{keys:?}"
    );
    assert!(keys.contains(&"child.photo".to_string()));
    // Opening the checklist is an audited view of the child.
    let views: i64 = audit_log::table
        .filter(audit_log::action.eq("view"))
        .filter(audit_log::record_id.eq(first_child.to_string()))
        .filter(audit_log::detail.eq("spot check checklist"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(views, 1);
    // A finding without a note, an item unmarked: 422, the input kept.
    let p = sup
        .post(
            &app,
            &url,
            &[("outcome:child.photo", "finding"), ("note:child.photo", "")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("须写明情况") && p.body.contains("请选择"),
        "{}",
        p.body
    );
    assert!(p.body.contains("value=\"finding\" checked"));
    // Every item ok, the photo a finding.
    let check_all = |photo_finding: bool| {
        let mut f: Vec<(String, String)> = Vec::new();
        for k in &keys {
            if photo_finding && k == "child.photo" {
                f.push((format!("outcome:{k}"), "finding".into()));
                f.push((format!("note:{k}"), "照片模糊，需重拍".into()));
            } else {
                f.push((format!("outcome:{k}"), "ok".into()));
            }
        }
        f
    };
    let fields = check_all(true);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let p = sup.post(&app, &url, &refs).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let finding: i64 = it::table
        .filter(it::outcome.eq("finding"))
        .select(it::id)
        .first(&mut t.conn())
        .unwrap();
    // The finding is a task for the head of the archive's institution, due 30 days (policy) after the
    // check; nothing yet for the supervisor.
    let finding_tasks = |t: &TestApp| -> Vec<(String, Option<String>, chrono::NaiveDate)> {
        tasks::table
            .filter(tasks::message_key.like("task.oversight_spot_check_%"))
            .filter(tasks::status.eq("open"))
            .select((tasks::message_key, tasks::role, tasks::due_date))
            .load(&mut t.conn())
            .unwrap()
    };
    let got = finding_tasks(&t);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "task.oversight_spot_check_correct");
    assert_eq!(got[0].1.as_deref(), Some("head"));
    assert_eq!(got[0].2, today + chrono::Days::new(30));
    // The supervisor cannot close before the head records a correction.
    let close = format!("/oversight/spot-checks/findings/{finding}/close");
    let correct = format!("/oversight/spot-checks/findings/{finding}/correct");
    let p = sup.post(&app, &close, &[]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("尚未记录整改"), "{}", p.body);
    assert_eq!(
        sup.post(&app, &correct, &[("correction", "x")])
            .await
            .status,
        403
    );
    // The finding's institution's head corrects (empty refused); another head 404.
    let sample_inst: i64 = sa::table
        .find(first)
        .select(sa::institution_id)
        .first(&mut t.conn())
        .unwrap();
    let (mine, other) = if sample_inst == cc {
        ("head.cc", "head.na")
    } else {
        ("head.na", "head.cc")
    };
    let mut other = login(&app, other).await;
    assert_eq!(
        other
            .post(&app, &correct, &[("correction", "x")])
            .await
            .status,
        404
    );
    let mut head = login(&app, mine).await;
    let p = head.post(&app, &correct, &[("correction", " ")]).await;
    assert_eq!(p.status, 422);
    assert!(p
        .body
        .contains(&format!("id=\"correction-error-{finding}\"")));
    let p = head
        .post(&app, &correct, &[("correction", "已重拍照片并归档")])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // Corrected: the head's task closed, the supervisor's opened (shown on the supervisor's home page).
    let got = finding_tasks(&t);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "task.oversight_spot_check_close");
    assert_eq!(got[0].1.as_deref(), Some("supervisor"));
    assert!(sup
        .get(&app, "/")
        .await
        .body
        .contains("复核并关闭档案抽查问题"));
    let p = sup.post(&app, &close, &[]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(finding_tasks(&t).is_empty(), "closed: no task left");
    let closed: Option<chrono::NaiveDateTime> = it::table
        .find(finding)
        .select(it::closed_at)
        .first(&mut t.conn())
        .unwrap();
    assert!(closed.is_some());
    assert_eq!(sup.post(&app, &close, &[]).await.status, 422, "closed once");
    // The check is not complete until every sampled archive is checked; the task stays.
    let done: Option<chrono::NaiveDateTime> = sc::table
        .find(check)
        .select(sc::completed_at)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(done.is_some(), all.len() == 1);
    for (s, _) in all.iter().skip(1) {
        let u = format!("/oversight/spot-checks/samples/{s}");
        let p = sup.get(&app, &u).await;
        let ks: Vec<String> = p
            .body
            .match_indices("name=\"outcome:")
            .map(|(i, _)| {
                let rest = &p.body[i + 14..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect();
        let f: Vec<(String, String)> = ks
            .iter()
            .map(|k| (format!("outcome:{k}"), "ok".to_string()))
            .collect();
        let refs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(sup.post(&app, &u, &refs).await.status, 303);
    }
    let done: Option<chrono::NaiveDateTime> = sc::table
        .find(check)
        .select(sc::completed_at)
        .first(&mut t.conn())
        .unwrap();
    assert!(done.is_some(), "every sampled archive checked: complete");
    let p = sup
        .get(&app, &format!("/oversight/spot-checks/{check}"))
        .await;
    assert!(p.body.contains("已完成") && p.body.contains("已关闭"));
    // The completion refreshed the pass: no task for the city's institutions remains.
    let open = open_spot_tasks(&t);
    assert!(!open.iter().any(|(i, _)| *i == Some(cc)), "{open:?}");
    fuyu::jobs::run(&mut t.conn(), today, start_time()).unwrap();
    assert!(!open_spot_tasks(&t).iter().any(|(i, _)| *i == Some(cc)));
}
