//! Yearly duties (issue 17 point 4): a month's allowance roster filed as paid (a frozen snapshot, filed
//! once) and the quarterly 应退未退 comparison (a discharged child still on a filed roster → an item to
//! resolve, a task for the supervisor while it is open).

use crate::support::*;
use actix_web::test;
use chrono::NaiveDate;
use diesel::prelude::*;
use fuyu::db::schema::{
    children, institutions, oversight_roster_filed_lines as fl, oversight_roster_filings as rf,
    tasks,
};

fn institution(t: &TestApp, code: &str) -> i64 {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Discharge (returned to the family) a child paid on the filed November roster, dated back to
/// October, through the archive's own discharge; returns its archive number and the line's amount.
fn discharge_a_paid_child(t: &TestApp, filing: i64) -> (String, i64) {
    let paid: Vec<(i64, String, i64)> = fl::table
        .filter(fl::filing_id.eq(filing))
        .filter(fl::yuan.gt(0))
        .select((fl::child_id, fl::archive_no, fl::yuan))
        .load(&mut t.conn())
        .unwrap();
    assert!(!paid.is_empty(), "the demo's November roster pays children");
    let head = who(t, "head.cc");
    for (child, no, yuan) in paid {
        let intake: NaiveDate = children::table
            .find(child)
            .select(children::intake_date)
            .first(&mut t.conn())
            .unwrap();
        if intake > d(2026, 10, 1) {
            continue;
        }
        let done = fuyu::archive::discharge(
            &mut t.conn(),
            &op(t, &head),
            fuyu::archive::ChildId(child),
            "guardianship-restored",
            d(2026, 10, 15),
            "test: recorded late",
        )
        .unwrap();
        if done.is_ok() {
            return (no, yuan);
        }
    }
    panic!("no child of the filed roster could be discharged");
}

fn filing_of(t: &TestApp, inst: i64, month: NaiveDate) -> Option<(i64, i32, i64)> {
    rf::table
        .filter(rf::institution_id.eq(inst))
        .filter(rf::month.eq(month))
        .select((rf::id, rf::paid, rf::total_yuan))
        .first(&mut t.conn())
        .optional()
        .unwrap()
}

#[actix_web::test]
async fn a_filed_roster_is_frozen_filed_once_and_only_by_the_head() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let cc = institution(&t, "CC-CWI");
    let mut head = login(&app, "head.cc").await;
    let url = format!("/oversight/allowances/filed?institution={cc}&month=2026-11");
    let p = head.get(&app, &url).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("id=\"not-filed\"") && p.body.contains("id=\"file-roster\""));
    // The roster page links to it.
    let r = head
        .get(
            &app,
            &format!("/oversight/allowances?institution={cc}&month=2026-11"),
        )
        .await;
    assert!(r.body.contains("id=\"roster-filed-link\""));
    let computed_total: String = r
        .body
        .split("id=\"roster-total\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string();
    let inst = cc.to_string();
    let form = |month: &'static str, confirm: bool| {
        let mut f = vec![("institution", inst.clone()), ("month", month.to_string())];
        if confirm {
            f.push(("confirm", "yes".to_string()));
        }
        f
    };
    let post = |f: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { f.clone() };
    // Without the confirmation: 422, nothing filed.
    let f = post(&form("2026-11", false));
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = head
        .post(&app, "/oversight/allowances/filed", &fields)
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"confirm-error\""), "{}", p.body);
    // A month that has not begun (today is 2026-11-23): refused beside the month.
    let f = post(&form("2026-12", true));
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = head
        .post(&app, "/oversight/allowances/filed", &fields)
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("还没有开始"), "{}", p.body);
    assert!(filing_of(&t, cc, d(2026, 11, 1)).is_none());
    // The supervisor reads but does not file; another institution's head does not see it (404).
    let mut sup = login(&app, "supervisor.cc").await;
    let f = post(&form("2026-11", true));
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        sup.post(&app, "/oversight/allowances/filed", &fields)
            .await
            .status,
        403
    );
    let mut na = login(&app, "head.na").await;
    assert_eq!(
        na.post(&app, "/oversight/allowances/filed", &fields)
            .await
            .status,
        404
    );
    assert_eq!(na.get(&app, &url).await.status, 404);
    assert!(filing_of(&t, cc, d(2026, 11, 1)).is_none());
    // Filed: a redirect, the snapshot equals the computed roster.
    let p = head
        .post(&app, "/oversight/allowances/filed", &fields)
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (id, paid, total) = filing_of(&t, cc, d(2026, 11, 1)).expect("filed");
    assert_eq!(total.to_string(), computed_total);
    assert!(paid > 0);
    assert_eq!(audit_count(&mut t.conn(), "file", "success"), 1);
    let p = head.get(&app, &url).await;
    assert!(p.body.contains("id=\"filed-status\""), "{}", p.body);
    assert!(p.body.contains(&format!("id=\"filed-total\">{total}<")));
    // Filed once: a second filing is refused.
    let p = head
        .post(&app, "/oversight/allowances/filed", &fields)
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("已经报送过了"), "{}", p.body);
    // Frozen: a discharge dated back to October stops the computed November roster's payment, the
    // filed snapshot keeps it.
    let (no, yuan) = discharge_a_paid_child(&t, id);
    let r = head
        .get(
            &app,
            &format!("/oversight/allowances?institution={cc}&month=2026-11"),
        )
        .await;
    let now_total: i64 = r
        .body
        .split("id=\"roster-total\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(now_total, total - yuan, "the computed roster moved");
    let p = sup.get(&app, &url).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains(&format!("<td>{no}</td>")));
    assert!(p.body.contains(&format!("id=\"filed-total\">{total}<")));
    assert_eq!(filing_of(&t, cc, d(2026, 11, 1)), Some((id, paid, total)));
    // Other roles: 403.
    let mut cg = login(&app, "caregiver.cc").await;
    assert_eq!(cg.get(&app, &url).await.status, 403);
    // A malformed month is a 400 naming the field.
    let p = head
        .get(
            &app,
            &format!("/oversight/allowances/filed?institution={cc}&month=2026-13"),
        )
        .await;
    assert_eq!(p.status, 400);
}

fn open_overpay_tasks(t: &TestApp) -> Vec<(String, Option<String>)> {
    tasks::table
        .filter(tasks::module.eq("oversight"))
        .filter(tasks::message_key.eq("task.oversight_overpayments"))
        .filter(tasks::status.eq("open"))
        .select((tasks::subject, tasks::role))
        .load(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_discharged_child_on_a_filed_roster_is_an_item_to_resolve_with_a_task() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let cc = institution(&t, "CC-CWI");
    let mut sup = login(&app, "supervisor.cc").await;
    let p = sup.get(&app, "/oversight/overpayments").await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("id=\"overpay-none\""));
    // The head files November; then a discharge dated back to October is entered.
    let head = who(&t, "head.cc");
    let filing = fuyu::oversight::service::roster_filed::file(
        &mut t.conn(),
        &op(&t, &head),
        cc,
        d(2026, 11, 1),
        true,
    )
    .unwrap()
    .unwrap();
    assert!(open_overpay_tasks(&t).is_empty(), "nothing overpaid yet");
    let (no, yuan) = discharge_a_paid_child(&t, filing);
    // The daily pass opens the supervisor's task (per institution, per quarter).
    let today = fuyu::clock::Clock::today(t.clock.as_ref());
    fuyu::jobs::run(&mut t.conn(), today, start_time()).unwrap();
    let open = open_overpay_tasks(&t);
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].1.as_deref(), Some("supervisor"));
    assert!(open[0].0.contains("(1)"), "{open:?}");
    // The list names the child, the month, the reason and the amount, for both supervisors.
    let p = sup.get(&app, "/oversight/overpayments").await;
    assert!(p.body.contains(&no), "{}", p.body);
    assert!(p.body.contains("已离院 2026-10-15"));
    assert!(p.body.contains(&format!(">{yuan}<")));
    assert!(
        p.body.contains("id=\"overpay-open\">待处理: 1<"),
        "{}",
        p.body
    );
    let mut jl = login(&app, "supervisor.jl").await;
    assert!(jl
        .get(&app, "/oversight/overpayments")
        .await
        .body
        .contains(&no));
    // The home page shows the supervisor the task.
    assert!(sup.get(&app, "/").await.body.contains("应退未退"));
    // The head reads the list but does not resolve; another county's head sees nothing of it.
    let mut hd = login(&app, "head.cc").await;
    let p = hd.get(&app, "/oversight/overpayments").await;
    assert!(p.body.contains(&no) && !p.body.contains("name=\"note\""));
    let line: i64 = fl::table
        .filter(fl::filing_id.eq(filing))
        .filter(fl::archive_no.eq(&no))
        .select(fl::id)
        .first(&mut t.conn())
        .unwrap();
    let path = format!("/oversight/overpayments/{line}/resolve");
    assert_eq!(hd.post(&app, &path, &[("note", "x")]).await.status, 403);
    let mut na = login(&app, "head.na").await;
    assert!(!na
        .get(&app, "/oversight/overpayments")
        .await
        .body
        .contains(&no));
    // A resolution needs a note (422, per item), then it is recorded with who and when.
    let p = sup.post(&app, &path, &[("note", "  ")]).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains(&format!("id=\"note-error-{line}\"")),
        "{}",
        p.body
    );
    let p = sup.post(&app, &path, &[("note", "已追回11月发放")]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = sup.get(&app, "/oversight/overpayments").await;
    assert!(p.body.contains("已处理") && p.body.contains("已追回11月发放"));
    assert!(p.body.contains("id=\"overpay-open\">待处理: 0<"));
    assert_eq!(audit_count(&mut t.conn(), "resolve", "success"), 1);
    // Resolved once; the task is closed at once (the resolution refreshes the pass).
    assert_eq!(
        sup.post(&app, &path, &[("note", "again")]).await.status,
        422
    );
    assert!(open_overpay_tasks(&t).is_empty());
    // An unknown item is a 404.
    assert_eq!(
        sup.post(
            &app,
            "/oversight/overpayments/999999/resolve",
            &[("note", "x")]
        )
        .await
        .status,
        404
    );
}
