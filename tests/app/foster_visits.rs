//! Visits and reviews (issue 12 point 6): the demo's 王建国家庭 was placed 45 days ago and never
//! visited, so its monthly visit (FOS-22) is overdue — tasks and e-mails for the social worker and the
//! head; a recorded visit closes them. The integration review (FOS-16) closes its task once; the head's
//! annual review re-runs the engine and records a decision.

use crate::support::*;
use actix_web::test;
use chrono::Duration;
use diesel::prelude::*;
use fuyu::clock::Clock;
use fuyu::db::schema::{foster_families as ff, foster_placements as fp, foster_steps as fs, tasks};

/// The demo family 王建国家庭 and its open placement.
fn wang(t: &TestApp) -> (i64, i64) {
    let fam: i64 = ff::table
        .filter(ff::family_name.eq("王建国家庭"))
        .select(ff::id)
        .first(&mut t.conn())
        .unwrap();
    let pid: i64 = fp::table
        .filter(fp::family_id.eq(fam))
        .filter(fp::open_child_id.is_not_null())
        .select(fp::id)
        .first(&mut t.conn())
        .unwrap();
    (fam, pid)
}

fn open_tasks(t: &TestApp, prefix: &str) -> Vec<(String, Option<String>)> {
    tasks::table
        .filter(tasks::dedupe_key.like(format!("{prefix}%")))
        .filter(tasks::status.eq("open"))
        .select((tasks::dedupe_key, tasks::role))
        .load(&mut t.conn())
        .unwrap()
}

fn run_jobs(t: &TestApp, days_on: i64) {
    let now = t.clock.now() + Duration::days(days_on);
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
}

const VISIT: &[(&str, &str)] = &[
    ("visit_kind", "scheduled"),
    ("visitor", "社工 张敏"),
    ("visit_health", "身体健康"),
    ("visit_schooling", "幼儿园适应良好"),
    ("visit_home", "居室整洁"),
    ("visit_relationship", "与照料人亲近"),
    ("visit_concerns", ""),
];

fn with_date<'a>(date: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = VISIT.to_vec();
    v.push(("visited_on", date));
    for (k, val) in extra {
        v.retain(|(kk, _)| kk != k);
        v.push((k, val));
    }
    v
}

#[actix_web::test]
async fn foster_overdue_visit_is_a_task_and_mail_for_social_worker_and_head_until_visited() {
    use fuyu::db::schema::mail_outbox as mo;
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, pid) = wang(&t);
    let mails_before: i64 = mo::table.count().get_result(&mut t.conn()).unwrap();
    run_jobs(&t, 0);
    let open = open_tasks(&t, &format!("foster.visit.{pid}."));
    let mut roles: Vec<String> = open.iter().filter_map(|o| o.1.clone()).collect();
    roles.sort();
    assert_eq!(roles, ["head", "social-worker"], "{open:?}");
    let subjects: Vec<String> = mo::table.select(mo::subject).load(&mut t.conn()).unwrap();
    assert!(
        subjects
            .iter()
            .any(|s| s.contains("王建国家庭") && s.contains("探访")),
        "{subjects:?} (before: {mails_before})"
    );
    // The family page shows the overdue visit.
    let mut social = login(&app, "social.cc").await;
    let page = social.get(&app, &format!("/foster/{fam}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("id=\"overdue-{pid}\"")),
        "{}",
        page.body
    );
    // A visit today closes both tasks and files a 养育 entry in the child's archive.
    let today = t.clock.today().to_string();
    let p = social
        .post(
            &app,
            &format!("/foster/{fam}/placements/{pid}/visits"),
            &with_date(&today, &[]),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(open_tasks(&t, &format!("foster.visit.{pid}.")).is_empty());
    let page = social.get(&app, &format!("/foster/{fam}")).await;
    assert!(!page.body.contains(&format!("id=\"overdue-{pid}\"")));
    assert!(page.body.contains("幼儿园适应良好"));
    let child: i64 = fp::table
        .find(pid)
        .select(fp::child_id)
        .first(&mut t.conn())
        .unwrap();
    let entries = fuyu::archive::entries(&mut t.conn(), fuyu::archive::ChildId(child)).unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.section == "care" && e.summary.contains("定期探访")),
        "{entries:?}"
    );
    // Thirty days on it is due again, not before: on the due day no task, the day after a new one.
    run_jobs(&t, 30);
    assert!(open_tasks(&t, &format!("foster.visit.{pid}.")).is_empty());
    run_jobs(&t, 31);
    assert_eq!(open_tasks(&t, &format!("foster.visit.{pid}.")).len(), 2);
}

#[actix_web::test]
async fn foster_visit_form_rerenders_with_a_message_per_field_and_is_scoped() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, pid) = wang(&t);
    let url = format!("/foster/{fam}/placements/{pid}/visits");
    let mut social = login(&app, "social.cc").await;
    let p = social.post(&app, &url, &[("visitor", "张敏")]).await;
    assert_eq!(p.status, 422);
    for f in [
        "visit_kind",
        "visited_on",
        "visit_health",
        "visit_schooling",
        "visit_home",
        "visit_relationship",
    ] {
        assert!(p.body.contains(&format!("id=\"{f}-error\"")), "{f}");
    }
    // What was typed is kept.
    assert!(p.body.contains("value=\"张敏\""));
    // Before the placement began; in the future.
    let before = (t.clock.today() - Duration::days(400)).to_string();
    let p = social.post(&app, &url, &with_date(&before, &[])).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("探访日期不能早于寄养开始日期"),
        "{}",
        p.body
    );
    let future = (t.clock.today() + Duration::days(1)).to_string();
    let p = social.post(&app, &url, &with_date(&future, &[])).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"visited_on-error\""));
    // A caregiver may not record visits; another institution's head does not see the family.
    let today = t.clock.today().to_string();
    let mut care = login(&app, "caregiver.cc").await;
    assert_eq!(
        care.post(&app, &url, &with_date(&today, &[])).await.status,
        403
    );
    let mut other = login(&app, "head.na").await;
    assert_eq!(
        other.post(&app, &url, &with_date(&today, &[])).await.status,
        404
    );
    // A placement of another family under this family's URL is 404.
    let liu: i64 = ff::table
        .filter(ff::family_name.eq("刘志强家庭"))
        .select(ff::id)
        .first(&mut t.conn())
        .unwrap();
    let wrong = format!("/foster/{liu}/placements/{pid}/visits");
    assert_eq!(
        social
            .post(&app, &wrong, &with_date(&today, &[]))
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn foster_integration_review_closes_its_task_once() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, pid) = wang(&t);
    let key = format!("foster.integration.{pid}");
    // The demo placement is 45 days old: the 60-day period ends in 15 days, the task opens a week before.
    run_jobs(&t, 7);
    assert!(open_tasks(&t, &key).is_empty());
    run_jobs(&t, 10);
    assert_eq!(open_tasks(&t, &key).len(), 1);
    let mut social = login(&app, "social.cc").await;
    let today = t.clock.today().to_string();
    let url = format!("/foster/{fam}/placements/{pid}/visits");
    let review = with_date(&today, &[("visit_kind", "integration_review")]);
    assert_eq!(social.post(&app, &url, &review).await.status, 303);
    run_jobs(&t, 10);
    assert!(open_tasks(&t, &key).is_empty());
    // Once only.
    let p = social.post(&app, &url, &review).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("融合期评估已登记"), "{}", p.body);
}

#[actix_web::test]
async fn foster_annual_review_reruns_the_engine_and_records_the_heads_decision() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (fam, _) = wang(&t);
    let signed: chrono::NaiveDate = fs::table
        .filter(fs::family_id.eq(fam))
        .filter(fs::kind.eq("agreement"))
        .select(fs::on_date)
        .first(&mut t.conn())
        .unwrap();
    let due = signed.checked_add_months(chrono::Months::new(12)).unwrap();
    let key = format!("foster.annual.{fam}.{due}");
    let today = t.clock.today();
    // The head's task opens 30 days before the review is due.
    run_jobs(&t, (due - today).num_days() - 31);
    assert!(open_tasks(&t, &key).is_empty());
    run_jobs(&t, (due - today).num_days() - 30);
    assert_eq!(
        open_tasks(&t, &key),
        [(key.clone(), Some("head".to_string()))]
    );
    let mut head = login(&app, "head.cc").await;
    let page = head.get(&app, &format!("/foster/{fam}")).await;
    assert!(page.body.contains("id=\"annual-due\">"), "{}", page.body);
    assert!(page.body.contains(&due.to_string()));
    let url = format!("/foster/{fam}/annual-review");
    // The social worker does not decide.
    let mut social = login(&app, "social.cc").await;
    assert_eq!(
        social
            .post(&app, &url, &[("annual_decision", "continue")])
            .await
            .status,
        403
    );
    // Conditions need a note; a missing decision is named.
    let p = head
        .post(&app, &url, &[("annual_decision", "conditions")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"annual_note-error\""));
    let p = head.post(&app, &url, &[("annual_note", "x")]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"annual_decision-error\""));
    let p = head
        .post(&app, &url, &[("annual_decision", "continue")])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let data: String = fs::table
        .filter(fs::family_id.eq(fam))
        .filter(fs::kind.eq("annual_review"))
        .select(fs::data)
        .first(&mut t.conn())
        .unwrap();
    let j: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(j["decision"], "continue");
    assert_eq!(j["engine"]["eligible"], true, "{j}");
    assert!(j["caregiver_ages_out_by"].is_null());
    // Next year's review is a year from today: the task for this year's due day is closed.
    run_jobs(&t, (due - today).num_days() - 30);
    assert!(open_tasks(&t, &key).is_empty());
    let page = head.get(&app, &format!("/foster/{fam}")).await;
    assert!(page.body.contains("年度评估"));
}
