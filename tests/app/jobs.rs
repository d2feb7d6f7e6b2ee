//! The daily job pass makes tasks, shows them on the right home pages, and closes them when resolved.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::{institutions as i, tasks};

#[actix_web::test]
async fn tasks_reach_the_right_people_and_close_when_fixed() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let today = fuyu::clock::Clock::today(&*t.clock);
    let first = fuyu::jobs::run(&mut t.conn(), today, fuyu::clock::Clock::now(&*t.clock)).unwrap();
    assert_eq!(
        first.opened, 0,
        "the seed already ran the pass; a second run on the same day changes nothing"
    );
    assert!(first.open_total > 0);
    let mut head = login(&app, "head.ys").await;
    let home = head.get(&app, "/").await;
    assert!(
        home.body.contains("缺少联系邮箱"),
        "head of the institution without e-mail sees the task"
    );
    let mut other = login(&app, "head.cc").await;
    assert!(
        !other.get(&app, "/").await.body.contains("缺少联系邮箱"),
        "another head does not"
    );
    let mut admin = login(&app, "admin").await;
    let home = admin.get(&app, "/").await;
    assert!(home.body.contains("榆树市儿童福利院"));
    assert!(
        home.body.contains("核对政策参数是否与正式文本一致")
            && home.body.contains("寄养须征得儿童同意的年龄（全国）"),
        "admin sees unverified policy values, by name"
    );
    diesel::update(i::table.filter(i::code.eq("YS-CWI")))
        .set(i::contact_email.eq("cwi@ys.fuyu.invalid"))
        .execute(&mut t.conn())
        .unwrap();
    let p = admin.post(&app, "/admin/jobs/run", &[]).await;
    assert_eq!(p.status, 303);
    assert!(
        !head.get(&app, "/").await.body.contains("缺少联系邮箱"),
        "closed once fixed"
    );
    // (Transfer tasks open and close with the demo's own handovers, at once; not counted here.)
    let closed: i64 = tasks::table
        .filter(tasks::status.eq("done"))
        .filter(tasks::module.ne("transfer"))
        // Adulthood tasks too (its demo assesses, submits and discharges, closing tasks at once).
        .filter(tasks::module.ne("adulthood"))
        .count()
        .get_result(&mut t.conn())
        .unwrap();
    assert_eq!(closed, 2);
}

#[actix_web::test]
async fn overdue_tasks_are_marked() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    t.clock.advance(chrono::Duration::days(3));
    let mut head = login(&app, "head.ys").await;
    let home = head.get(&app, "/").await;
    assert!(home.body.contains("已逾期"), "{}", home.body);
}

#[actix_web::test]
async fn a_task_for_the_supervisor_of_an_institution_mails_the_supervisors_above_it() {
    let t = TestApp::new();
    let mut c = t.conn();
    let inst = |code: &str, c: &mut fuyu::db::DbConn| -> fuyu::org::InstitutionId {
        i::table
            .filter(i::code.eq(code))
            .select(i::id)
            .first(c)
            .unwrap()
    };
    let item = |institution| fuyu::jobs::DueItem {
        dedupe_key: "test".into(),
        module: "test",
        message_key: "task.notice_missing_file",
        subject: "x".into(),
        link: "/".into(),
        institution_id: Some(institution),
        role: Some("supervisor"),
        user_id: None,
        due_date: fuyu::clock::Clock::today(&*t.clock),
        mail: true,
    };
    // CC-CWI is in 长春市 (2201) in 吉林省 (22): the city's and the province's supervisors.
    let cc = inst("CC-CWI", &mut c);
    let mut to = fuyu::jobs::addressees(&mut c, &item(cc)).unwrap();
    to.sort();
    assert_eq!(
        to,
        ["supervisor.cc@fuyu.invalid", "supervisor.jl@fuyu.invalid"]
    );
    // A head's task at the same institution still reaches that institution's heads only.
    let mut head = item(cc);
    head.role = Some("head");
    assert_eq!(
        fuyu::jobs::addressees(&mut c, &head).unwrap(),
        ["head.cc@fuyu.invalid"]
    );
}

#[actix_web::test]
async fn the_dashboard_task_counts_agree_with_the_task_rows() {
    // jobs::stats::open_tasks counts open and overdue in one grouped pass; the rows themselves decide.
    let t = TestApp::new();
    let today = fuyu::clock::Clock::today(&*t.clock);
    // Make some open tasks overdue and one not, so both counts are exercised.
    diesel::update(tasks::table.filter(tasks::status.eq("open")))
        .set(tasks::due_date.eq(today - chrono::Duration::days(3)))
        .execute(&mut t.conn())
        .unwrap();
    let modules = [
        "archive",
        "care",
        "foster",
        "adulthood",
        "shift",
        "platform",
    ];
    let one: i64 = tasks::table
        .filter(tasks::status.eq("open"))
        .filter(tasks::module.eq_any(modules))
        .filter(tasks::institution_id.is_not_null())
        .select(tasks::id)
        .first(&mut t.conn())
        .unwrap();
    diesel::update(tasks::table.find(one))
        .set(tasks::due_date.eq(today))
        .execute(&mut t.conn())
        .unwrap();
    let counted = fuyu::jobs::stats::open_tasks(&mut t.conn(), &modules, today).unwrap();
    let rows: Vec<(String, String, Option<i64>, chrono::NaiveDate)> = tasks::table
        .filter(tasks::status.eq("open"))
        .filter(tasks::module.eq_any(modules))
        .filter(tasks::institution_id.is_not_null())
        .select((
            tasks::module,
            tasks::message_key,
            tasks::institution_id,
            tasks::due_date,
        ))
        .load(&mut t.conn())
        .unwrap();
    assert!(!counted.is_empty() && !rows.is_empty());
    let (mut open, mut overdue) = (0, 0);
    for c in &counted {
        let mine: Vec<_> = rows
            .iter()
            .filter(|r| {
                r.0 == c.module && r.1 == c.message_key && r.2 == Some(i64::from(c.institution))
            })
            .collect();
        assert_eq!(c.open, mine.len() as i64, "{c:?}");
        assert_eq!(
            c.overdue,
            mine.iter().filter(|r| r.3 < today).count() as i64,
            "{c:?}"
        );
        open += c.open;
        overdue += c.overdue;
    }
    assert_eq!(open, rows.len() as i64, "every open task is counted once");
    assert_eq!(overdue, open - 1, "all but the one due today are overdue");
}
