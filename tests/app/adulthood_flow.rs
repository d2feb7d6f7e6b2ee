//! Adulthood placement from the assessment to discharge through the pages (social worker, head,
//! supervisor), and the tasks of the window, the deadlines and their escalation.

use crate::adulthood::child_named;
use crate::support::*;
use actix_web::test;
use chrono::NaiveDate;
use diesel::prelude::*;
use fuyu::db::schema::{children, mail_outbox, tasks};

const ASSESSMENT: [(&str, &str); 10] = [
    ("assessed_on", "2026-11-20"),
    ("assessor_kind", "panel"),
    ("panel_members", "王院长、陈社工、赵医生"),
    ("labour_capacity", "具备劳动能力"),
    ("civil_capacity", "完全民事行为能力"),
    ("self_care", "完全自理"),
    ("mental_physical", "健康"),
    ("education_skills", "大学肄业"),
    ("wishes", "“我想去长春工作。”"),
    ("conclusion", "社会化安置"),
];

#[actix_web::test]
async fn from_leaving_school_to_an_approved_plan_a_complete_checklist_and_discharge() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let d = child_named(&t, "袁子骞");
    let base = format!("/adulthood/{d}");
    let mut sw = login(&app, "social.cc").await;
    let p = sw.get(&app, &base).await;
    assert!(
        p.body.contains("全日制在校就读"),
        "deferred while at university"
    );
    assert!(
        !p.body.contains("id=\"assessment-due\""),
        "nothing due while deferred"
    );
    // Left university at 19 years 2 months: assessment within 1 month (ADU-02).
    let r = sw
        .post(
            &app,
            &format!("{base}/deferral"),
            &[
                ("deferral", "study"),
                ("deferral_detail", "吉林大学"),
                ("left_on", "2026-11-01"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let p = sw.get(&app, &base).await;
    assert!(
        p.body.contains("<dd id=\"assessment-due\">2026-12-01</dd>"),
        "{}",
        p.body
    );
    let mut a = ASSESSMENT.to_vec();
    a.push(("proposed_pathway", "social"));
    assert_eq!(
        sw.post(&app, &format!("{base}/assessment"), &a)
            .await
            .status,
        303
    );
    let plan = [
        ("pathway", "social"),
        ("steps", "1. 签订劳动合同\n2. 申请公租房"),
        ("responsible_bodies", "长春市民政局"),
        ("placement_on", "2026-12-15"),
        ("transition_subsidy_yuan", "1500"),
        ("settlement_yuan", "25000"),
        ("rent_support_yuan", "9600"),
        ("version", ""),
    ];
    assert_eq!(
        sw.post(&app, &format!("{base}/plan"), &plan).await.status,
        303
    );
    // The social worker does not submit; the head does.
    let p = sw.get(&app, &base).await;
    assert!(!p.body.contains("id=\"submit-plan\""));
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, &base).await;
    assert!(p.body.contains("id=\"submit-plan\""));
    let r = head
        .post(
            &app,
            &format!("{base}/plan/decision"),
            &[("decision", "submit"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The supervisor returns without a comment: refused; then approves.
    let mut sup = login(&app, "supervisor.cc").await;
    let p = sup.get(&app, &base).await;
    assert!(p.body.contains("id=\"approve-plan\""));
    let r = sup
        .post(
            &app,
            &format!("{base}/plan/decision"),
            &[("decision", "return"), ("comment", ""), ("version", "2")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"decision-comment-error\""));
    // A stale version is a conflict, not an overwrite.
    let r = sup
        .post(
            &app,
            &format!("{base}/plan/decision"),
            &[("decision", "approve"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = sup
        .post(
            &app,
            &format!("{base}/plan/decision"),
            &[
                ("decision", "approve"),
                ("comment", "同意"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Discharge refused while the checklist is incomplete: the message names what is missing.
    sw.get(&app, &base).await;
    let dis = [("date", "2026-11-23"), ("note", ""), ("confirm", "yes")];
    let r = sw.post(&app, &format!("{base}/discharge"), &dis).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("居民身份证") && r.body.contains("离院清单尚未完成"),
        "{}",
        r.body
    );
    // A confirmation without a name is refused beside the item.
    let r = sw
        .post(
            &app,
            &format!("{base}/checklist"),
            &[
                ("item", "id-card"),
                ("confirmed_by_name", ""),
                ("confirmed_on", "2026-11-22"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    for item in fuyu::adulthood::rules::checklist::ITEMS {
        let r = sw
            .post(
                &app,
                &format!("{base}/checklist"),
                &[
                    ("item", item),
                    ("confirmed_by_name", "陈社工"),
                    ("confirmed_on", "2026-11-22"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{item}: {}", r.body);
    }
    let r = sw
        .post(
            &app,
            &format!("{base}/discharge"),
            &[("date", "2026-11-23")],
        )
        .await;
    assert_eq!(r.status, 422, "the confirmation box is required");
    let r = sw.post(&app, &format!("{base}/discharge"), &dis).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (status, reason): (String, Option<String>) = children::table
        .find(d)
        .select((children::status, children::discharge_reason))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(status, "discharged");
    assert_eq!(reason.as_deref(), Some("adult-placed"));
    // The archive stays readable; the young adult is listed as placed.
    assert_eq!(sw.get(&app, &format!("/children/{d}")).await.status, 200);
    let p = sw.get(&app, "/adulthood").await;
    assert!(p.body.contains("已安置（社会化安置"), "{}", p.body);
}

fn open_tasks(t: &TestApp, key_part: &str) -> Vec<(String, Option<String>, Option<i64>)> {
    tasks::table
        .filter(tasks::module.eq("adulthood"))
        .filter(tasks::status.eq("open"))
        .filter(tasks::dedupe_key.like(format!("%{key_part}%")))
        .select((tasks::message_key, tasks::role, tasks::user_id))
        .load(&mut t.conn())
        .unwrap()
}

fn run_on(t: &TestApp, y: i32, m: u32, d: u32) {
    let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
    fuyu::jobs::run(&mut t.conn(), day, day.and_hms_opt(1, 0, 0).unwrap()).unwrap();
}

#[actix_web::test]
async fn the_window_opens_a_task_and_overdue_steps_escalate_by_mail() {
    let t = TestApp::new();
    let a = child_named(&t, "邓晓雨");
    let b = child_named(&t, "彭浩宁");
    let c = child_named(&t, "蒋梦琪");
    run_on(&t, 2026, 11, 23);
    // 7 months before 18: nothing yet. Assessed 4 months before: the plan is the social workers' task.
    assert!(open_tasks(&t, &format!(".{a}.")).is_empty());
    let plan = open_tasks(&t, &format!("plan.sw.{b}."));
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0].1.as_deref(), Some("social-worker"));
    // A submitted plan is the department's to decide.
    assert_eq!(
        open_tasks(&t, &format!("decide.{c}"))[0].1.as_deref(),
        Some("supervisor")
    );
    // The day before the window opens (2026-12-23): still nothing; on the day: the assessment task.
    run_on(&t, 2026, 12, 22);
    assert!(open_tasks(&t, &format!("assess.sw.{a}.")).is_empty());
    run_on(&t, 2026, 12, 23);
    assert_eq!(open_tasks(&t, &format!("assess.sw.{a}.")).len(), 1);
    // 彭浩宁's plan is due on 2027-02-23 (1 month before 18): not overdue that day, the head the day
    // after (with an e-mail), the supervisor 14 days after (by name, with an e-mail).
    let mails_before: i64 = mail_outbox::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    run_on(&t, 2027, 2, 23);
    assert!(open_tasks(&t, &format!("plan.head.{b}.")).is_empty());
    run_on(&t, 2027, 2, 24);
    assert_eq!(open_tasks(&t, &format!("plan.head.{b}.")).len(), 1);
    let mails_head: i64 = mail_outbox::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(mails_head > mails_before, "the head is e-mailed");
    run_on(&t, 2027, 3, 8);
    // Keys are adulthood.plan.sup<user>.<child>.<due>.
    let sup_of_b = |t: &TestApp| {
        open_tasks(t, &format!(".{b}.2027-02-23"))
            .into_iter()
            .filter(|x| x.2.is_some())
            .collect::<Vec<_>>()
    };
    assert!(sup_of_b(&t).is_empty(), "13 days overdue: not yet");
    run_on(&t, 2027, 3, 9);
    let sup = sup_of_b(&t);
    assert_eq!(
        sup.len(),
        2,
        "14 days overdue: each supervisor over 长春 (city and province)"
    );
    assert!(sup
        .iter()
        .all(|x| x.0 == "task.adulthood_plan_escalated" && x.2.is_some()));
    let mails_sup: i64 = mail_outbox::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert!(mails_sup > mails_head, "the supervisor is e-mailed");
}

#[actix_web::test]
async fn a_placed_young_adult_is_followed_up_and_a_return_is_recorded_not_readmitted() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let e = child_named(&t, "姚思源");
    let base = format!("/adulthood/{e}");
    let mut sw = login(&app, "social.cc").await;
    let p = sw.get(&app, &base).await;
    assert!(
        p.body.contains("房租吃紧"),
        "the demo's follow-ups are shown"
    );
    let r = sw
        .post(
            &app,
            &format!("{base}/contacts"),
            &[
                ("contact_on", "2026-11-20"),
                ("kind", "return"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"contact-note-error\""));
    let r = sw
        .post(
            &app,
            &format!("{base}/contacts"),
            &[
                ("contact_on", "2026-11-20"),
                ("kind", "return"),
                ("note", "失业，来院求助，已转介街道。"),
                ("concern", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let status: String = children::table
        .find(e)
        .select(children::status)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(status, "discharged", "recorded, not re-admitted");
    // Not placed: no contacts.
    let b = child_named(&t, "彭浩宁");
    sw.get(&app, &format!("/adulthood/{b}")).await;
    let r = sw
        .post(
            &app,
            &format!("/adulthood/{b}/contacts"),
            &[
                ("contact_on", "2026-11-20"),
                ("kind", "followup"),
                ("note", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    // The next follow-up is the social workers' task, 90 days after the last contact.
    run_on(&t, 2027, 2, 18);
    assert_eq!(open_tasks(&t, &format!("followup.{e}.2027-02-18")).len(), 1);
}
