//! Care records, second part (issue 14 points 1–6): a disability assessment updates the child's basic
//! facts with history; rehabilitation sessions, devices and monthly minutes; school placements, term
//! results, education goals and the 控辍保学 list; social work and the child's own words; the archive's
//! status history bringing the plan's review forward. Forms re-render with messages per field; scope.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{child_changes, child_entries, children, tasks};

fn entries(t: &TestApp, child: i64, section: &str, kind: &str) -> i64 {
    child_entries::table
        .filter(child_entries::child_id.eq(child))
        .filter(child_entries::section.eq(section))
        .filter(child_entries::kind.eq(kind))
        .count()
        .get_result(&mut t.conn())
        .unwrap()
}

fn today(t: &TestApp) -> String {
    let _ = t;
    start_time().date().to_string()
}

#[actix_web::test]
async fn a_disability_assessment_updates_the_childs_basic_facts_with_history() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[2];
    let old: Option<i32> = children::table
        .find(child)
        .select(children::disability_grade)
        .first(&mut t.conn())
        .unwrap();
    let new_grade = (old.unwrap_or(0) % 4 + 1).to_string();
    let mut med = login(&app, "medical.cc").await;
    let url = format!("/children/{child}/care/assessments");
    let d = today(&t);
    let base = [
        ("date", d.as_str()),
        ("instrument", "残疾评定量表"),
        ("assessor", "医生 李静"),
    ];
    // A grade on a psychological screening, and a grade out of 1–4: 422, a message under the field.
    let mut f = base.to_vec();
    f.extend([("kind", "mental"), ("disability_grade", "2")]);
    let p = med.post(&app, &url, &f).await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(
        p.body.contains("id=\"assessment-disability_grade-error\""),
        "{}",
        p.body
    );
    let mut f = base.to_vec();
    f.extend([
        ("kind", "disability"),
        ("disability_type", "肢体残疾"),
        ("disability_grade", "5"),
    ]);
    let p = med.post(&app, &url, &f).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("GB/T 26341"),
        "the refusal names its source"
    );
    assert!(p.body.contains("value=\"肢体残疾\""), "typed input kept");
    // A valid finding: the child's facts change, with a history row naming the assessment.
    let mut f = base.to_vec();
    f.extend([
        ("kind", "disability"),
        ("disability_type", "肢体残疾"),
        ("disability_grade", new_grade.as_str()),
    ]);
    let p = med.post(&app, &url, &f).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (ty, grade): (String, Option<i32>) = children::table
        .find(child)
        .select((children::disability_type, children::disability_grade))
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(ty.as_str(), "肢体残疾");
    assert_eq!(grade.map(|g| g.to_string()), Some(new_grade.clone()));
    let reasons: Vec<(String, String, String)> = child_changes::table
        .filter(child_changes::child_id.eq(child))
        .filter(child_changes::field.eq("disability_grade"))
        .select((
            child_changes::old_value,
            child_changes::new_value,
            child_changes::reason,
        ))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert_eq!(reasons[0].1, new_grade);
    assert!(reasons[0].2.contains("残疾评定量表"), "{reasons:?}");
}

#[actix_web::test]
async fn rehabilitation_sessions_devices_and_the_monthly_minutes_against_the_plan() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[3];
    let d = today(&t);
    let mut med = login(&app, "medical.cc").await;
    let base = format!("/children/{child}/care/records");
    let p = med
        .post(
            &app,
            &format!("{base}/target"),
            &[("minutes", "600"), ("date", &d)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // Zero minutes: 422, the activity typed kept, a message under minutes.
    let p = med
        .post(
            &app,
            &format!("{base}/session"),
            &[
                ("date", &d),
                ("therapist", "康复师 赵强"),
                ("minutes", "0"),
                ("activity", "精细动作训练"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"session-minutes-error\""));
    assert!(p.body.contains("value=\"精细动作训练\""));
    let p = med
        .post(
            &app,
            &format!("{base}/session"),
            &[
                ("date", &d),
                ("therapist", "康复师 赵强"),
                ("minutes", "45"),
                ("activity", "精细动作训练"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    // A device check before its issue date: refused.
    let p = med
        .post(
            &app,
            &format!("{base}/device"),
            &[
                ("device", "助行器"),
                ("date", &d),
                ("next_check", "2001-01-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"device-next_check-error\""));
    let p = med.get(&app, &base).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("精细动作训练"));
    assert!(
        p.body.contains("<td data-label=\"已训练（分钟）\">45</td>"),
        "{}",
        p.body
    );
    assert!(
        p.body.contains("未达目标"),
        "45 of 600 minutes is below the plan"
    );
    assert_eq!(entries(&t, child, "rehab", "care_rehab_session"), 1);
    // The social worker does not record rehabilitation (403); a caregiver sees none of it.
    let mut social = login(&app, "social.cc").await;
    let p = social
        .post(&app, &format!("{base}/session"), &[("minutes", "30")])
        .await;
    assert_eq!(p.status, 403);
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, &base).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"records-hidden\""));
    assert!(!p.body.contains("精细动作训练"));
}

fn unenrolled_section(body: &str) -> &str {
    let a = body.find("id=\"unenrolled\"").unwrap_or(0);
    let b = body[a..]
        .find("id=\"enrolled\"")
        .map_or(body.len(), |x| a + x);
    &body[a..b]
}

#[actix_web::test]
async fn school_placements_results_goals_and_the_unenrolled_list() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, "/care/education").await;
    assert_eq!(p.status, 200);
    let list = unenrolled_section(&p.body);
    let ids: Vec<i64> = list
        .split("href=\"/children/")
        .skip(1)
        .filter_map(|s| s.split('/').next()?.parse().ok())
        .collect();
    assert_eq!(
        ids.len(),
        2,
        "the demo has two school-age children not in school: {list}"
    );
    // The daily pass makes them the head's task.
    let now = start_time();
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
    let links: Vec<String> = tasks::table
        .filter(tasks::message_key.eq("task.care_education_unenrolled"))
        .filter(tasks::closed_at.is_null())
        .filter(tasks::role.eq("head"))
        .select(tasks::link)
        .load(&mut t.conn())
        .unwrap();
    for id in &ids {
        let link = format!("/children/{id}/care");
        assert!(links.contains(&link), "{link} not a task: {links:?}");
    }
    // The social worker places one; the list shrinks.
    let child = ids[0];
    let d = today(&t);
    let mut social = login(&app, "social.cc").await;
    let base = format!("/children/{child}/care/records");
    let p = social
        .post(
            &app,
            &format!("{base}/placement"),
            &[("kind", "regular"), ("school", ""), ("date", &d)],
        )
        .await;
    assert_eq!(p.status, 422, "a school is named");
    assert!(p.body.contains("id=\"placement-school-error\""));
    let p = social
        .post(
            &app,
            &format!("{base}/placement"),
            &[
                ("kind", "special"),
                ("school", "长春市特殊教育学校"),
                ("grade", "一年级"),
                ("xueji_no", "G220101201401010011"),
                ("date", &d),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // An education goal with a past target date: refused; a term result is recorded.
    let p = social
        .post(
            &app,
            &format!("{base}/school_record"),
            &[
                ("kind", "iep"),
                ("label", "语言"),
                ("text", "能说出10个常用词"),
                ("date", "2001-01-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    let p = social
        .post(
            &app,
            &format!("{base}/school_record"),
            &[
                ("kind", "term"),
                ("label", "第一学期"),
                ("text", "适应良好"),
                ("date", &d),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = social.get(&app, &base).await;
    assert!(p.body.contains("长春市特殊教育学校"));
    assert!(p.body.contains("G220101201401010011"));
    assert_eq!(entries(&t, child, "education", "care_school"), 1);
    let p = head.get(&app, "/care/education").await;
    assert!(!unenrolled_section(&p.body).contains(&format!("/children/{child}/")));
    // Caregivers and medical staff have no education list.
    let mut cg = login(&app, "caregiver.cc").await;
    assert_eq!(cg.get(&app, "/care/education").await.status, 403);
}

#[actix_web::test]
async fn social_work_notes_and_the_childs_own_words() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let child = cc_cwi_in_care(&t)[4];
    let d = today(&t);
    let base = format!("/children/{child}/care/records");
    let mut social = login(&app, "social.cc").await;
    let p = social
        .post(
            &app,
            &format!("{base}/social"),
            &[("kind", "wishes"), ("date", &d), ("text", "")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"social-text-error\""));
    let words = "我想和姐姐住在一起。";
    let p = social
        .post(
            &app,
            &format!("{base}/social"),
            &[("kind", "wishes"), ("date", &d), ("text", words)],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = social
        .post(
            &app,
            &format!("{base}/social"),
            &[
                ("kind", "tracing"),
                ("date", &d),
                ("text", "联系派出所比对DNA"),
                ("follow_up", "两周后回访"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = social.get(&app, &base).await;
    assert!(
        p.body.contains(&format!("<q>{words}</q>")),
        "the child's words verbatim"
    );
    assert!(p.body.contains("两周后回访"));
    assert_eq!(entries(&t, child, "social-work", "care_social_wishes"), 1);
    // Medical staff do not write social work (403); another institution's head gets 404.
    let mut med = login(&app, "medical.cc").await;
    let p = med
        .post(&app, &format!("{base}/social"), &[("kind", "case_note")])
        .await;
    assert_eq!(p.status, 403);
    let mut other = login(&app, "head.na").await;
    assert_eq!(other.get(&app, &base).await.status, 404);
    let mut reg = login(&app, "registrar.cc").await;
    assert_eq!(reg.get(&app, &base).await.status, 403);
}

#[actix_web::test]
async fn a_foster_placement_in_the_archive_history_brings_the_plan_review_forward() {
    let t = TestApp::new();
    let child = fuyu::archive::ChildId(cc_cwi_in_care(&t)[5]);
    let w = who(&t, "head.cc");
    let op = op(&t, &w);
    let mut c = t.conn();
    let review_due = |c: &mut fuyu::db::DbConn| {
        let k = fuyu::archive::load_in_scope(c, &w.user, child).unwrap();
        fuyu::care::service::due::for_child(c, &k, op.today)
            .unwrap()
            .into_iter()
            .find(|l| l.what == "plan_review")
            .map(|l| l.due)
            .unwrap()
    };
    let before = review_due(&mut c);
    assert!((before - op.today).num_days() > 60, "{before}");
    fuyu::db::write_tx(&mut c, |c| {
        fuyu::archive::set_status(
            c,
            &op,
            child,
            fuyu::archive::ChildStatus::InFosterCare,
            "寄养",
        )
    })
    .unwrap();
    let after = review_due(&mut c);
    assert_eq!(
        (after - op.today).num_days(),
        30,
        "event + care.event_review_days"
    );
}

#[actix_web::test]
async fn the_yearly_report_of_school_age_children_downloads_as_csv_and_xlsx() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let head = login(&app, "head.cc").await;
    let f = head
        .fetch(&app, "/care/education/export?year=2026&format=csv")
        .await;
    assert_eq!(f.status, 200);
    assert!(f.content_type.starts_with("text/csv"), "{}", f.content_type);
    assert!(f.bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "CSV with BOM");
    let text = String::from_utf8_lossy(&f.bytes);
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains("学籍号") && header.contains("档案号"),
        "{header}"
    );
    assert!(
        text.contains("长春市朝阳区实验小学") || text.contains("特殊教育学校"),
        "{text}"
    );
    assert!(text.contains("G22010"), "学籍号 as text");
    let f = head
        .fetch(&app, "/care/education/export?year=2026&format=xlsx")
        .await;
    assert_eq!(f.status, 200);
    assert!(f.bytes.starts_with(b"PK"), "an XLSX is a zip");
    let f = head
        .fetch(&app, "/care/education/export?year=2026&format=pdf")
        .await;
    assert_eq!(f.status, 400);
    let f = head
        .fetch(&app, "/care/education/export?year=abc&format=csv")
        .await;
    assert_eq!(f.status, 400);
    let cg = login(&app, "caregiver.cc").await;
    let f = cg
        .fetch(&app, "/care/education/export?year=2026&format=csv")
        .await;
    assert_eq!(f.status, 403);
}
