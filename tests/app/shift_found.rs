//! A missing child recorded as found (issue 15 point 6): the incident shows it and closes its missing
//! part, the head's day stops listing the child, reports already sent get a follow-up line and notice
//! (outbox), the archive gets an entry with kind and number only; a double submit records once.

use crate::shift_incidents::cc_children;
use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{
    child_entries, mail_outbox, shift_incident_found, shift_report_followups, shift_reports,
};

fn local_minutes_ago(t: &TestApp, m: i64) -> String {
    use fuyu::clock::Clock;
    fuyu::shift::rules::local(t.clock.now() - chrono::Duration::minutes(m))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn incident_of(location: &Option<String>) -> i64 {
    let l = location.as_deref().unwrap_or("");
    l.trim_start_matches("/shift/incidents/")
        .split(['?', '/'])
        .next()
        .unwrap_or("")
        .parse()
        .unwrap_or_else(|_| panic!("an incident's page: {l}"))
}

/// The head's day's "children absent" section.
fn missing_section(body: &str) -> String {
    let start = body
        .find("id=\"day-missing\"")
        .expect("the missing section");
    let rest = &body[start..];
    rest[..rest.find("</section>").unwrap_or(rest.len())].to_string()
}

#[actix_web::test]
async fn a_missing_child_found_closes_the_incident_follows_up_the_sent_report_and_records_once() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let mut cg = login(&app, "caregiver.cc").await;
    let occurred = local_minutes_ago(&t, 40);
    let p = cg
        .post(
            &app,
            "/shift/incidents",
            &[
                ("kind", "missing"),
                ("occurred", &occurred),
                ("place", "院内操场"),
                ("child", &kids[0]),
                ("description", "午休后清点人数时发现不在"),
                ("action_taken", "全院搜寻"),
                ("idem", "found-incident"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = incident_of(&p.location);
    let reports: Vec<i64> = shift_reports::table
        .filter(shift_reports::incident_id.eq(id))
        .order(shift_reports::id.asc())
        .select(shift_reports::id)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(reports.len(), 2);
    // The police report is sent; the civil-affairs one not yet.
    let p = cg
        .post(
            &app,
            &format!("/shift/reports/{}/sent", reports[0]),
            &[("how", "电话报警110")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut head = login(&app, "head.cc").await;
    let day = head.get(&app, "/shift/day").await;
    assert!(missing_section(&day.body).contains(&format!("/shift/incidents/{id}\"")));
    let page = cg.get(&app, &format!("/shift/incidents/{id}")).await;
    assert!(page.body.contains("id=\"found-open\""), "{}", page.body);
    assert!(page.body.contains("id=\"found-form\""));

    // Refused per field, the input kept: found before the incident happened, nobody named.
    let before = local_minutes_ago(&t, 90);
    let p = cg
        .post(
            &app,
            &format!("/shift/incidents/{id}/found"),
            &[
                ("found_at", &before),
                ("place", "后山小路"),
                ("found_by", ""),
                ("condition", "膝盖擦伤"),
                ("idem", "found-bad"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p
        .body
        .contains("id=\"found-at-error\">找到时间不能早于事件发生时间"));
    assert!(p.body.contains("id=\"found-by-error\""));
    assert!(p.body.contains("value=\"后山小路\""));
    assert!(p.body.contains("膝盖擦伤</textarea>"));

    // Another institution's head: a 404, nothing recorded.
    let mut na = login(&app, "head.na").await;
    let now = local_minutes_ago(&t, 5);
    let good: Vec<(&str, &str)> = vec![
        ("found_at", &now),
        ("place", "后山小路"),
        ("found_by", "保安李师傅"),
        ("condition", "膝盖擦伤，情绪稳定"),
        ("medical_check", "1"),
        ("idem", "found-1"),
    ];
    let p = na
        .post(&app, &format!("/shift/incidents/{id}/found"), &good)
        .await;
    assert_eq!(p.status, 404);

    // Recorded; the double tap (same key) records nothing more.
    for _ in 0..2 {
        let p = cg
            .post(&app, &format!("/shift/incidents/{id}/found"), &good)
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
    }
    let n: i64 = shift_incident_found::table
        .filter(shift_incident_found::incident_id.eq(id))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 1);
    // A fresh form (another key) is refused: found once.
    let mut again = good.clone();
    again[5] = ("idem", "found-2");
    let p = cg
        .post(&app, &format!("/shift/incidents/{id}/found"), &again)
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("已记录为找到"), "{}", p.body);

    // The follow-up line is on the sent report only, and its notice went out once (head and sender).
    let lines: Vec<(i64, String)> = shift_report_followups::table
        .select((
            shift_report_followups::report_id,
            shift_report_followups::note,
        ))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].0, reports[0]);
    let mails: Vec<(String, String)> = mail_outbox::table
        .filter(mail_outbox::subject.like("%强制报告后续%"))
        .select((mail_outbox::recipient, mail_outbox::body))
        .load(&mut t.conn())
        .unwrap();
    let mut to: Vec<&str> = mails.iter().map(|m| m.0.as_str()).collect();
    to.sort();
    assert_eq!(
        to,
        vec!["caregiver.cc@fuyu.invalid", "head.cc@fuyu.invalid"],
        "{mails:?}"
    );
    assert!(mails.iter().all(|m| m.1.contains("公安")));

    // The page shows it and the report's follow-up; the missing part is closed.
    let page = cg.get(&app, &format!("/shift/incidents/{id}")).await;
    assert!(page.body.contains("id=\"found-closed\""), "{}", page.body);
    assert!(!page.body.contains("id=\"found-form\""));
    assert!(page.body.contains("保安李师傅"));
    assert!(page.body.contains("id=\"found-medical\">是"));
    assert!(page
        .body
        .contains(&format!("id=\"report-followup-{}-1\"", reports[0])));
    assert!(!page
        .body
        .contains(&format!("id=\"report-followup-{}-1\"", reports[1])));
    // The head's day no longer lists the child as absent.
    let day = head.get(&app, "/shift/day").await;
    assert!(!missing_section(&day.body).contains(&format!("/shift/incidents/{id}\"")));
    // The archive: a second entry, kind and number only.
    let entries: Vec<String> = child_entries::table
        .filter(child_entries::kind.eq("shift_incident"))
        .filter(child_entries::ref_id.eq(id.to_string()))
        .order(child_entries::id.asc())
        .select(child_entries::summary)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(entries[1].contains("已找到"));
    assert!(!entries[1].contains("后山") && !entries[1].contains("李师傅"));
    assert_eq!(audit_count(&mut t.conn(), "found", "success"), 1);
}

#[actix_web::test]
async fn only_a_missing_child_incident_can_be_found_and_staff_incidents_stay_hidden() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let kids = cc_children(&t, 1);
    let staff = crate::shift_incidents::user_id(&t, "medical.cc");
    let mut cg = login(&app, "caregiver.cc").await;
    let occurred = local_minutes_ago(&t, 30);
    let mut head = login(&app, "head.cc").await;
    let mut ids = Vec::new();
    for (kind, staff) in [("conflict", ""), ("missing", staff.as_str())] {
        let mut f = vec![
            ("kind", kind),
            ("occurred", occurred.as_str()),
            ("place", "活动室"),
            ("child", kids[0].as_str()),
            ("description", "情况"),
            ("action_taken", "处理"),
            ("idem", kind),
        ];
        if !staff.is_empty() {
            f.push(("staff", staff));
        }
        let p = head.post(&app, "/shift/incidents", &f).await;
        assert_eq!(p.status, 303, "{}", p.body);
        ids.push(incident_of(&p.location));
    }
    let now = local_minutes_ago(&t, 1);
    let f = [
        ("found_at", now.as_str()),
        ("place", "门口"),
        ("found_by", "保安"),
        ("condition", "良好"),
        ("idem", "x-1"),
    ];
    // A conflict has no missing child: there is nothing to find.
    let p = head
        .post(&app, &format!("/shift/incidents/{}/found", ids[0]), &f)
        .await;
    assert_eq!(p.status, 404);
    let page = head
        .get(&app, &format!("/shift/incidents/{}", ids[0]))
        .await;
    assert!(!page.body.contains("id=\"incident-found\""));
    // A staff-involved missing-child incident is the head's; a caregiver gets a 404.
    let p = cg
        .post(&app, &format!("/shift/incidents/{}/found", ids[1]), &f)
        .await;
    assert_eq!(p.status, 404);
    let p = head
        .post(&app, &format!("/shift/incidents/{}/found", ids[1]), &f)
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let n: i64 = shift_incident_found::table
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(n, 1);
}
