//! Incidents of the caregiver's shift (issue 15 point 6): recorded once, refused per field, the head
//! told at once (task and e-mail), filed in each child's archive; incidents naming a staff member are
//! visible only to the head and the supervisor.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{child_entries, institutions, mail_outbox, shift_incidents, tasks};

pub(crate) fn cc_children(t: &TestApp, n: usize) -> Vec<String> {
    let cc: fuyu::org::InstitutionId = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap();
    fuyu::archive::active_children(&mut t.conn(), &[cc], n as i64)
        .unwrap()
        .into_iter()
        .map(|s| i64::from(s.id).to_string())
        .collect()
}

pub(crate) fn user_id(t: &TestApp, name: &str) -> String {
    i64::from(who(t, name).user.id).to_string()
}

/// A second caregiver of CC-CWI (same password as the demo's caregiver).
pub(crate) fn second_caregiver(t: &TestApp) {
    let first = who(t, "caregiver.cc").user;
    let now = start_time();
    fuyu::auth::model::insert(
        &mut t.conn(),
        &fuyu::auth::model::NewUser {
            username: "caregiver2.cc",
            display_name: "王护理员",
            email: None,
            password_hash: &first.password_hash,
            role: fuyu::auth::Role::Caregiver,
            institution_id: first.institution_id,
            division_id: None,
            language: "zh-CN",
            active: true,
            failed_logins: 0,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap();
}

/// The local time an hour before the test clock, as the form's date-time input sends it.
pub(crate) fn an_hour_ago(t: &TestApp) -> String {
    use fuyu::clock::Clock;
    let now = t.clock.now();
    fuyu::shift::rules::local(now - chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn incident_id(location: &Option<String>) -> i64 {
    let l = location.as_deref().unwrap_or("");
    l.trim_start_matches("/shift/incidents/")
        .split(['?', '/'])
        .next()
        .unwrap_or("")
        .parse()
        .unwrap_or_else(|_| panic!("an incident's page: {l}"))
}

#[actix_web::test]
async fn an_incident_is_recorded_once_tells_the_head_and_lands_in_the_archive() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 2);
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, "/shift/incidents/new").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p
        .body
        .contains(&format!("id=\"incident-child-{}\"", kids[0])));
    // Refused per field; what was typed comes back.
    let p = cg
        .post(
            &app,
            "/shift/incidents",
            &[
                ("kind", "fire"),
                ("occurred", "yesterday"),
                ("place", "活动室"),
                ("description", "  "),
                ("action_taken", ""),
                ("idem", "inc-bad"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    for id in [
        "incident-kind-error",
        "incident-occurred-error",
        "incident-description-error",
        "incident-action-error",
        "incident-children-error",
    ] {
        assert!(p.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(p.body.contains("value=\"活动室\""));
    assert!(!p.body.contains("id=\"incident-place-error\""));
    // A time later than now is refused.
    let fields = |occurred: String, idem: &'static str| {
        vec![
            ("kind", "accident".to_string()),
            ("occurred", occurred),
            ("place", "活动室".to_string()),
            ("child", kids[0].clone()),
            ("child", kids[1].clone()),
            ("description", "从滑梯上摔下，左膝擦伤".to_string()),
            ("action_taken", "清洗消毒，医务室检查".to_string()),
            ("idem", idem.to_string()),
        ]
    };
    let future = {
        use fuyu::clock::Clock;
        fuyu::shift::rules::local(t.clock.now() + chrono::Duration::hours(2))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let f = fields(future, "inc-future");
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = cg.post(&app, "/shift/incidents", &refs).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("发生时间不能晚于现在"), "{}", p.body);
    // Recorded; a double tap records once.
    let f = fields(an_hour_ago(&t), "inc-1");
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = cg.post(&app, "/shift/incidents", &refs).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = incident_id(&p.location);
    let p = cg.post(&app, "/shift/incidents", &refs).await;
    assert_eq!(p.status, 303);
    assert_eq!(p.location.as_deref(), Some("/shift/incidents"));
    let n: i64 = shift_incidents::table
        .filter(shift_incidents::description.eq("从滑梯上摔下，左膝擦伤"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 1, "recorded once");
    // The recorder reads it (no staff named); it is in the register.
    let p = cg.get(&app, &format!("/shift/incidents/{id}")).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("从滑梯上摔下"));
    let p = cg.get(&app, "/shift/incidents").await;
    assert!(p.body.contains(&format!("id=\"incident-{id}\"")));
    // Each child's archive: an entry in the medical section (an injury), no account of it.
    let entries: Vec<(String, String)> = child_entries::table
        .filter(child_entries::kind.eq("shift_incident"))
        .filter(child_entries::ref_id.eq(id.to_string()))
        .select((child_entries::section, child_entries::summary))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|(s, _)| s == "medical"));
    assert!(entries.iter().all(|(_, m)| !m.contains("滑梯")));
    // The head is told at once: a task and an e-mail.
    let key = format!("shift.incident.{id}");
    let open = || -> Vec<Option<String>> {
        tasks::table
            .filter(tasks::dedupe_key.eq(&key))
            .filter(tasks::closed_at.is_null())
            .select(tasks::role)
            .load(&mut t.conn())
            .unwrap()
    };
    assert_eq!(open(), vec![Some("head".to_string())]);
    let mails: Vec<String> = mail_outbox::table
        .filter(mail_outbox::subject.like(format!("%#{id}%")))
        .select(mail_outbox::recipient)
        .load(&mut t.conn())
        .unwrap();
    assert!(mails.iter().any(|r| r.starts_with("head.cc")), "{mails:?}");
    // A caregiver cannot review; the head does, and the task closes.
    let p = cg
        .post(&app, &format!("/shift/incidents/{id}/review"), &[])
        .await;
    assert_eq!(p.status, 403);
    let mut head = login(&app, "head.cc").await;
    let p = head.get(&app, &format!("/shift/incidents/{id}")).await;
    assert!(p.body.contains("id=\"incident-review\""));
    let p = head
        .post(&app, &format!("/shift/incidents/{id}/review"), &[])
        .await;
    assert_eq!(p.status, 303);
    assert!(open().is_empty(), "reviewed: the task is closed");
    // A role without the register gets 403; another institution's head a 404.
    let mut reg = login(&app, "registrar.cc").await;
    assert_eq!(reg.get(&app, "/shift/incidents").await.status, 403);
    let mut na = login(&app, "head.na").await;
    assert_eq!(
        na.get(&app, &format!("/shift/incidents/{id}")).await.status,
        404
    );
}

#[actix_web::test]
async fn an_incident_naming_staff_is_visible_only_to_the_head_and_the_supervisor() {
    let t = TestApp::new();
    second_caregiver(&t);
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let medical = user_id(&t, "medical.cc");
    let mut cg = login(&app, "caregiver.cc").await;
    // A staff member not of this institution is refused.
    let na_head = user_id(&t, "head.na");
    let base = |staff: &str, idem: &str| {
        vec![
            ("kind".to_string(), "suspected-abuse".to_string()),
            ("occurred".to_string(), an_hour_ago(&t)),
            ("place".to_string(), "二号单元卧室".to_string()),
            ("child".to_string(), kids[0].clone()),
            ("staff".to_string(), staff.to_string()),
            (
                "description".to_string(),
                "手臂有抓痕，儿童说是被打的".to_string(),
            ),
            ("action_taken".to_string(), "拍照，报告院长".to_string()),
            ("idem".to_string(), idem.to_string()),
        ]
    };
    let f = base(&na_head, "st-0");
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let p = cg.post(&app, "/shift/incidents", &refs).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"incident-staff-error\""));
    let f = base(&medical, "st-1");
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let p = cg.post(&app, "/shift/incidents", &refs).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        p.location.as_deref(),
        Some("/shift/incidents"),
        "not hers to read again"
    );
    let staff_id: i64 = shift_incidents::table
        .filter(shift_incidents::staff_involved.eq(true))
        .select(shift_incidents::id)
        .first(&mut t.conn())
        .unwrap();
    // An incident without staff, for comparison: another caregiver reads it.
    let mut f = base("", "st-2");
    f.retain(|(k, _)| k != "staff");
    f[0].1 = "conflict".into();
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let p = cg.post(&app, "/shift/incidents", &refs).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let plain = incident_id(&p.location);
    let path = format!("/shift/incidents/{staff_id}");
    let marker = format!("id=\"incident-{staff_id}\"");
    // The recorder, another caregiver, and the staff member named: 404 and absent from the register.
    let mut cg2 = login(&app, "caregiver2.cc").await;
    let mut med = login(&app, "medical.cc").await;
    for b in [&mut cg, &mut cg2, &mut med] {
        assert_eq!(b.get(&app, &path).await.status, 404);
        let p = b.get(&app, "/shift/incidents").await;
        assert_eq!(p.status, 200);
        assert!(!p.body.contains(&marker));
        assert!(p.body.contains(&format!("id=\"incident-{plain}\"")));
    }
    assert_eq!(
        cg2.get(&app, &format!("/shift/incidents/{plain}"))
            .await
            .status,
        200
    );
    // The head and the city's supervisor read it, with the staff member named.
    for name in ["head.cc", "supervisor.cc"] {
        let mut b = login(&app, name).await;
        let p = b.get(&app, &path).await;
        assert_eq!(p.status, 200, "{name}: {}", p.body);
        assert!(p.body.contains("id=\"incident-staff\""));
        let p = b.get(&app, "/shift/incidents").await;
        assert!(p.body.contains(&marker), "{name}");
    }
    // The archive entry is filed (养育 section) without naming anyone.
    let summary: String = child_entries::table
        .filter(child_entries::kind.eq("shift_incident"))
        .filter(child_entries::ref_id.eq(staff_id.to_string()))
        .select(child_entries::summary)
        .first(&mut t.conn())
        .unwrap();
    assert!(!summary.contains("抓痕"), "{summary}");
}

#[actix_web::test]
async fn a_missing_child_starts_a_mandatory_report_that_escalates_when_not_sent() {
    use fuyu::clock::Clock;
    use fuyu::db::schema::shift_reports;
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let ten_minutes_ago = fuyu::shift::rules::local(t.clock.now() - chrono::Duration::minutes(10))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let mut cg = login(&app, "caregiver.cc").await;
    // A conflict without serious harm starts no report (rules::must_report).
    let p = cg
        .post(
            &app,
            "/shift/incidents",
            &[
                ("kind", "conflict"),
                ("occurred", &ten_minutes_ago),
                ("place", "餐厅"),
                ("child", &kids[0]),
                ("description", "两名儿童争抢玩具"),
                ("action_taken", "分开安抚"),
                ("idem", "r-0"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let conflict = incident_id(&p.location);
    let n: i64 = shift_reports::table
        .filter(shift_reports::incident_id.eq(conflict))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 0);
    let p = cg
        .post(
            &app,
            "/shift/incidents",
            &[
                ("kind", "missing"),
                ("occurred", &ten_minutes_ago),
                ("place", "院内操场"),
                ("child", &kids[0]),
                ("description", "午休后清点人数时发现不在"),
                ("action_taken", "全院搜寻，调取监控"),
                ("idem", "r-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = incident_id(&p.location);
    // One report per policy recipient (police and civil affairs by default), due within the window.
    let reports: Vec<(i64, String)> = shift_reports::table
        .filter(shift_reports::incident_id.eq(id))
        .order(shift_reports::id.asc())
        .select((shift_reports::id, shift_reports::recipient))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(reports[0].1.contains("公安"));
    let (r1, r2) = (reports[0].0, reports[1].0);
    let p = cg.get(&app, &format!("/shift/incidents/{id}")).await;
    assert!(
        p.body
            .contains(&format!("id=\"report-state-{r1}\">应立即报告")),
        "{}",
        p.body
    );
    let open = |key: String| -> Vec<Option<String>> {
        tasks::table
            .filter(tasks::dedupe_key.eq(key))
            .filter(tasks::closed_at.is_null())
            .select(tasks::role)
            .load(&mut t.conn())
            .unwrap()
    };
    assert_eq!(
        open(format!("shift.report.{r1}")),
        vec![Some("head".into())]
    );
    assert!(open(format!("shift.report.overdue.{r1}")).is_empty());
    // The generated report, read back by pdftotext.
    let f = cg
        .fetch(&app, &format!("/shift/incidents/{id}/report.pdf"))
        .await;
    assert_eq!(f.status, 200);
    assert_eq!(f.content_type, "application/pdf");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &f.bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdftotext"))
        .arg("-raw")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("强制报告"), "{text}");
    assert!(text.contains("第十一条"), "{text}");
    assert!(text.contains("院内操场"), "{text}");
    // Two hours on, unsent: overdue, escalated to the supervisor with an e-mail.
    t.clock.set(t.clock.now() + chrono::Duration::hours(2));
    // (the session timed out meanwhile)
    cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, &format!("/shift/incidents/{id}")).await;
    assert!(
        p.body.contains(&format!("id=\"report-state-{r1}\">已超时")),
        "{}",
        p.body
    );
    assert_eq!(
        open(format!("shift.report.overdue.{r1}")),
        vec![Some("supervisor".into())]
    );
    let mails: Vec<String> = mail_outbox::table
        .filter(mail_outbox::subject.like("%强制报告%"))
        .select(mail_outbox::recipient)
        .load(&mut t.conn())
        .unwrap();
    assert!(
        mails.iter().any(|r| r.starts_with("supervisor.cc")),
        "{mails:?}"
    );
    // The supervisor reads but does not act.
    let mut sup = login(&app, "supervisor.cc").await;
    assert_eq!(
        sup.get(&app, &format!("/shift/incidents/{id}"))
            .await
            .status,
        200
    );
    let p = sup
        .post(
            &app,
            &format!("/shift/reports/{r1}/sent"),
            &[("how", "电话")],
        )
        .await;
    assert_eq!(p.status, 403);
    // Sent needs how; a confirmation needs sending first.
    let p = cg
        .post(&app, &format!("/shift/reports/{r1}/sent"), &[("how", " ")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains(&format!("id=\"report-how-{r1}-error\"")));
    let p = cg
        .post(
            &app,
            &format!("/shift/reports/{r2}/confirm"),
            &[("receipt", "X1")],
        )
        .await;
    assert_eq!(p.status, 422);
    let p = cg
        .post(
            &app,
            &format!("/shift/reports/{r1}/sent"),
            &[("how", "110电话报警")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(
        open(format!("shift.report.overdue.{r1}")).is_empty(),
        "sent: no longer escalating"
    );
    let p = cg
        .post(
            &app,
            &format!("/shift/reports/{r1}/confirm"),
            &[("receipt", "长公接字2026-1")],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = cg.get(&app, &format!("/shift/incidents/{id}")).await;
    assert!(p.body.contains(&format!("id=\"report-state-{r1}\">已确认")));
    assert!(p.body.contains("长公接字2026-1"));
    assert!(p.body.contains(&format!("id=\"report-state-{r2}\">已超时")));
}
