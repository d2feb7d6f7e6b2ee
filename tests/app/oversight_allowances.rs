//! The monthly allowance roster (issue 17 point 3): the transfer's allowance switch month on the
//! sending and the receiving institution, the standard in force (a standard starting mid-month applies
//! to that month), stops after discharge, the downloads, and the scope.

use crate::support::*;
use actix_web::test;
use chrono::NaiveDate;
use diesel::prelude::*;
use fuyu::db::schema::{children, institutions, transfer_batches as tb, transfer_children as tc};

fn institution(t: &TestApp, code: &str) -> i64 {
    institutions::table
        .filter(institutions::code.eq(code))
        .select(institutions::id)
        .first(&mut t.conn())
        .unwrap()
}

/// The demo's completed handover 农安 → 长春: (archive number, sender, receiver, switch month).
fn completed_transfer(t: &TestApp) -> (String, i64, i64, String) {
    let (child, from, to, month): (i64, i64, i64, String) = tc::table
        .inner_join(tb::table)
        .filter(tc::state.eq("completed"))
        .select((
            tc::child_id,
            tb::sender_institution_id,
            tb::receiver_institution_id,
            tc::allowance_from_month,
        ))
        .first(&mut t.conn())
        .unwrap();
    // The demo may place this child for adoption later (a discharge); the roster test needs the child
    // in care, so the discharge is undone here (test data only).
    diesel::update(children::table.find(child))
        .set((
            children::status.eq("active"),
            children::discharge_date.eq(None::<NaiveDate>),
            children::discharge_reason.eq(None::<String>),
        ))
        .execute(&mut t.conn())
        .unwrap();
    let no: String = children::table
        .find(child)
        .select(children::archive_no)
        .first(&mut t.conn())
        .unwrap();
    (no, from, to, month)
}

/// The roster's rows (XLSX read back with calamine), without the header.
async fn roster_rows<S, B>(app: &S, who: &Browser, inst: i64, month: &str) -> Vec<Vec<String>>
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let f = who
        .fetch(
            app,
            &format!("/oversight/allowances?institution={inst}&month={month}&format=xlsx"),
        )
        .await;
    assert_eq!(f.status, 200, "roster {inst} {month}");
    let sheets = xlsx_sheets(&f.bytes);
    sheets[0].1.iter().skip(1).cloned().collect()
}

fn line<'a>(rows: &'a [Vec<String>], archive_no: &str) -> Option<&'a Vec<String>> {
    rows.iter().find(|r| r[2] == archive_no)
}

#[actix_web::test]
async fn the_roster_shows_the_transfer_switch_on_both_institutions() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let sup = login(&app, "supervisor.jl").await;
    let (no, from, to, switch) = completed_transfer(&t);
    assert_eq!(
        switch, "2027-01",
        "the demo's switch month (today + 40 days)"
    );
    // Before the switch month the sender pays, though the child already lives at the receiver.
    let na = roster_rows(&app, &sup, from, "2026-12").await;
    let l = line(&na, &no).expect("on the sender's roster in December");
    assert_eq!(l[5], "继续发放");
    // The Jilin 2020 standards: institution orphans 1500, de facto unsupported (scattered rate) 1100.
    let rate = if l[4] == "机构集中养育孤儿" {
        "1500"
    } else {
        "1100"
    };
    assert_eq!(l[6], rate, "{l:?}");
    assert!(line(&roster_rows(&app, &sup, to, "2026-12").await, &no).is_none());
    // The switch month: a stop line at the sender, a transfer-in at the receiver.
    let na = roster_rows(&app, &sup, from, "2027-01").await;
    let l = line(&na, &no).expect("a stop line at the sender");
    assert_eq!((l[5].as_str(), l[6].as_str()), ("移交转出（停发）", "0"));
    let cc = roster_rows(&app, &sup, to, "2027-01").await;
    let l = line(&cc, &no).expect("transferred in at the receiver");
    assert_eq!((l[5].as_str(), l[6].as_str()), ("移交转入", rate));
    // The month after: gone at the sender, continuing at the receiver.
    assert!(line(&roster_rows(&app, &sup, from, "2027-02").await, &no).is_none());
    let cc = roster_rows(&app, &sup, to, "2027-02").await;
    assert_eq!(line(&cc, &no).unwrap()[5], "继续发放");
    // The page highlights the change.
    let mut sup = sup;
    let page = sup
        .get(
            &app,
            &format!("/oversight/allowances?institution={to}&month=2027-01"),
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&format!("<td>{no}</td>")));
    assert!(page.body.contains("<mark>移交转入</mark>"));
}

#[actix_web::test]
async fn a_standard_starting_mid_month_applies_to_that_month_and_discharge_stops_next_month() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let sup = login(&app, "supervisor.cc").await;
    let cc = institution(&t, "CC-CWI");
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    fuyu::policy::insert(
        &mut t.conn(),
        fuyu::policy::keys::ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN,
        "2201",
        "1800",
        d(2026, 12, 15),
        "test: 长春市 2026年12月15日起",
        false,
        None,
        start_time(),
    )
    .unwrap();
    let nov = roster_rows(&app, &sup, cc, "2026-11").await;
    let dec = roster_rows(&app, &sup, cc, "2026-12").await;
    let orphans = |rows: &[Vec<String>]| {
        rows.iter()
            .filter(|r| r[4] == "机构集中养育孤儿" && r[6] != "0")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(
        !orphans(&nov).is_empty(),
        "the demo has institution orphans at 长春"
    );
    assert!(orphans(&nov).iter().all(|r| r[6] == "1500"));
    assert!(
        orphans(&dec)
            .iter()
            .all(|r| r[6] == "1800" && r[7] == "1500"),
        "the new rate for all of December, last month's shown: {:?}",
        orphans(&dec)
    );
    // A child discharged (adopted) in November is paid for November and stopped in December.
    let no = &orphans(&nov)[0][2];
    diesel::update(children::table.filter(children::archive_no.eq(no)))
        .set((
            children::status.eq("discharged"),
            children::discharge_date.eq(Some(d(2026, 11, 20))),
            children::discharge_reason.eq(Some("adopted")),
        ))
        .execute(&mut t.conn())
        .unwrap();
    let nov = roster_rows(&app, &sup, cc, "2026-11").await;
    assert_eq!(line(&nov, no).unwrap()[5], "继续发放");
    let dec = roster_rows(&app, &sup, cc, "2026-12").await;
    let l = line(&dec, no).expect("a stop line");
    assert_eq!(
        (l[5].as_str(), l[6].as_str()),
        ("离院（停发）（被依法收养）", "0")
    );
    assert!(line(&roster_rows(&app, &sup, cc, "2027-01").await, no).is_none());
    // The page's total is the sum of the paid lines.
    let mut sup = sup;
    let page = sup
        .get(
            &app,
            &format!("/oversight/allowances?institution={cc}&month=2026-12"),
        )
        .await;
    let sum: i64 = dec.iter().map(|r| r[6].parse::<i64>().unwrap()).sum();
    assert!(
        page.body.contains(&format!("id=\"roster-total\">{sum}<")),
        "total {sum}"
    );
    assert!(
        page.body.contains("1800"),
        "the standards table shows the new rate"
    );
}

#[actix_web::test]
async fn the_roster_is_scoped_audited_and_refuses_bad_input() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let cc = institution(&t, "CC-CWI");
    let jl = institution(&t, "JL-CWI");
    // A head opens their own institution's roster by default; another institution is a 404.
    let mut head = login(&app, "head.cc").await;
    let page = head.get(&app, "/oversight/allowances").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"allowance-roster\""));
    let na = institution(&t, "NA-CWI");
    let other = head
        .get(&app, &format!("/oversight/allowances?institution={na}"))
        .await;
    assert_eq!(other.status, 404);
    // supervisor.cc oversees 长春 (2201), not 吉林市 (2202).
    let mut sup = login(&app, "supervisor.cc").await;
    let page = sup.get(&app, "/oversight/allowances").await;
    assert!(page.body.contains("id=\"choose-institution\""));
    let outside = sup
        .get(&app, &format!("/oversight/allowances?institution={jl}"))
        .await;
    assert_eq!(outside.status, 404);
    // Roles without the action.
    for name in ["caregiver.cc", "admin"] {
        let mut b = login(&app, name).await;
        let p = b.get(&app, "/oversight/allowances").await;
        assert_eq!(p.status, 403, "{name}");
    }
    // Malformed month or format: 400 naming the field, never 500.
    let bad = sup
        .get(
            &app,
            &format!("/oversight/allowances?institution={cc}&month=2026-13"),
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("month"));
    let bad = sup
        .get(
            &app,
            &format!("/oversight/allowances?institution={cc}&format=pdf"),
        )
        .await;
    assert_eq!(bad.status, 400);
    // Views and downloads are audited; the CSV has a header row in Chinese.
    let exports = audit_count(&mut t.conn(), "export", "success");
    let f = sup
        .fetch(
            &app,
            &format!("/oversight/allowances?institution={cc}&month=2026-11&format=csv"),
        )
        .await;
    assert_eq!(f.status, 200);
    let csv = String::from_utf8_lossy(&f.bytes);
    assert!(csv.contains("档案号") && csv.contains("本月金额"), "{csv}");
    // `t.conn()` flushes the batched view writer first.
    let mut c = t.conn();
    assert_eq!(audit_count(&mut c, "export", "success"), exports + 1);
    let views: i64 = fuyu::db::schema::audit_log::table
        .filter(fuyu::db::schema::audit_log::resource_type.eq("allowance_roster"))
        .count()
        .get_result(&mut c)
        .unwrap();
    assert!(views >= 2, "views audited: {views}");
}
