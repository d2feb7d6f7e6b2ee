//! GRW-04, the growth-check schedule, through the policy store, the care page, the care panel and the
//! daily pass (issue 14 point 3; care-and-oversight.md §3).

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::care::rules::add_months;
use fuyu::db::schema::{care_growth, policy_values, tasks};

/// The youngest child in CC-CWI's care.
fn youngest(t: &TestApp) -> (i64, chrono::NaiveDate) {
    cc_cwi_in_care_youngest_first(t)[0]
}

fn set_policy(t: &TestApp, key: &str, value: &str) {
    let n = diesel::update(policy_values::table.filter(policy_values::key.eq(key)))
        .set(policy_values::value.eq(value))
        .execute(&mut t.conn())
        .unwrap();
    assert!(n >= 1, "{key} is seeded");
}

fn check_tasks(t: &TestApp, child: i64) -> i64 {
    tasks::table
        .filter(tasks::message_key.eq("task.care_growth_check"))
        .filter(tasks::link.eq(format!("/children/{child}/care")))
        .count()
        .get_result(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn the_scheduled_growth_check_is_due_from_policy_and_a_measurement_moves_it_on() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, birth) = youngest(&t);
    let today = start_time().date();
    // The child's age in whole months today; the policy asks for a check at exactly that age (so its
    // window is open today whatever the demo's dates), then yearly.
    let months = (0..300u32)
        .take_while(|&m| add_months(birth, m + 1) <= today)
        .last()
        .map_or(0, |m| m + 1);
    set_policy(&t, "care.growth_check_months", &months.to_string());
    let ids: Vec<i64> = care_growth::table
        .filter(care_growth::child_id.eq(child))
        .select(care_growth::id)
        .load(&mut t.conn())
        .unwrap();
    diesel::delete(
        fuyu::db::schema::care_growth_who2006::table
            .filter(fuyu::db::schema::care_growth_who2006::growth_id.eq_any(ids)),
    )
    .execute(&mut t.conn())
    .unwrap();
    diesel::delete(care_growth::table.filter(care_growth::child_id.eq(child)))
        .execute(&mut t.conn())
        .unwrap();
    let on = add_months(birth, months);
    let due_by = on + chrono::Duration::days(14);
    let base = format!("/children/{child}/care");
    let mut med = login(&app, "medical.cc").await;
    let p = med.get(&app, &base).await;
    assert_eq!(p.status, 200);
    let due = &p.body[p.body.find("id=\"care-due\"").unwrap()..];
    let due = &due[..due.find("</section>").unwrap()];
    assert!(due.contains("生长发育监测"), "{due}");
    assert!(due.contains(&format!("{months}月龄")), "{due}");
    assert!(due.contains(&due_by.to_string()), "due by {due_by}: {due}");
    // The care panel on the archive page shows it to the medical staff.
    let p = med.get(&app, &format!("/children/{child}")).await;
    let panel = &p.body[p.body.find("id=\"panel-care\"").unwrap()..];
    assert!(
        panel[..panel.find("</section>").unwrap()].contains("生长发育监测"),
        "on the panel"
    );
    // Caregivers do not get the medical staff's task line.
    let mut carer = login(&app, "caregiver.cc").await;
    assert!(!carer.get(&app, &base).await.body.contains("生长发育监测"));
    // The daily pass opens a task for the medical staff.
    let now = start_time();
    fuyu::jobs::run(&mut t.conn(), now.date(), now).unwrap();
    assert_eq!(check_tasks(&t, child), 1, "one task for this child");
    let role: Option<String> = tasks::table
        .filter(tasks::message_key.eq("task.care_growth_check"))
        .select(tasks::role)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(role.as_deref(), Some("medical"));
    // A measurement today is the check: the next one is a year later.
    let p = med
        .post(
            &app,
            &format!("{base}/growth"),
            &[
                ("date", &today.to_string()),
                ("height_cm", "80.0"),
                ("weight_kg", "10.5"),
                ("measurer", "医生 李静"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = med.get(&app, &base).await;
    let next = add_months(birth, months + 12) + chrono::Duration::days(14);
    assert!(
        p.body.contains(&format!("{}月龄", months + 12)),
        "next year"
    );
    assert!(p.body.contains(&next.to_string()), "due by {next}");
    assert!(!p.body.contains(&due_by.to_string()) || due_by == next);
}

#[actix_web::test]
async fn an_unreadable_schedule_asks_for_no_check_and_the_page_still_opens() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let (child, _) = youngest(&t);
    let mut med = login(&app, "medical.cc").await;
    let base = format!("/children/{child}/care");
    assert!(med.get(&app, &base).await.body.contains("生长发育监测"));
    set_policy(&t, "care.growth_check_months", "3,1");
    let p = med.get(&app, &base).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("生长发育监测"), "no schedule, no line");
}
