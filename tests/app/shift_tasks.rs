//! Care-plan tasks on the caregiver's round (issue 15 point 2): the interventions of each child's
//! approved plan that apply today (care::interface_round, care::rules::frequency), the parts a
//! caregiver reads, one tap done / not done with who and when, recorded once per form.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::shift_plan_marks;

fn first<'a>(body: &'a str, before: &str, after: &str) -> &'a str {
    let s = body
        .find(before)
        .unwrap_or_else(|| panic!("{before} in {body}"))
        + before.len();
    let rest = &body[s..];
    &rest[..rest.find(after).unwrap_or(rest.len())]
}

#[actix_web::test]
async fn todays_plan_tasks_are_on_the_round_and_marked_with_one_tap_once() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut cg = login(&app, "caregiver.cc").await;
    // The test clock is Monday 23 November 2026, 10:00 in the ward: the demo plans' daily item
    // (每日) applies; the rehabilitation item (每周3次: Mon, Wed, Fri) is not a caregiver's part.
    let p = cg.get(&app, "/shift").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("今日护理计划任务"), "{}", p.body);
    assert!(p.body.contains("护理员示范并协助进餐"));
    assert!(!p.body.contains("康复训练：平衡与步行"));
    let unit = first(&p.body, "name=\"unit\" value=\"", "\"").to_string();
    let ids = first(&p.body, "id=\"task-done-", "\"").to_string();
    let (child, goal) = ids.split_once('-').expect("child-goal");
    let (child, goal) = (child.to_string(), goal.to_string());
    // Medical staff covering the unit read every part of the plan: the rehabilitation item is due.
    let mut med = login(&app, "medical.cc").await;
    let m = med.get(&app, &format!("/shift?unit={unit}")).await;
    assert_eq!(m.status, 200);
    assert!(m.body.contains("康复训练：平衡与步行"), "{}", m.body);

    // One tap, twice (a double tap): one row.
    for _ in 0..2 {
        let r = cg
            .post(
                &app,
                "/shift/tasks",
                &[
                    ("unit", &unit),
                    ("child", &child),
                    ("goal", &goal),
                    ("done", "1"),
                    ("idem", "task-1"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let rows = || -> Vec<(bool, i64)> {
        shift_plan_marks::table
            .order(shift_plan_marks::id.asc())
            .select((shift_plan_marks::done, shift_plan_marks::recorded_by))
            .load(&mut t.conn())
            .unwrap()
    };
    let me = i64::from(who(&t, "caregiver.cc").user.id);
    assert_eq!(rows(), vec![(true, me)]);
    let p = cg.get(&app, "/shift").await;
    let mark = first(
        &p.body,
        &format!("id=\"task-mark-{child}-{goal}\">"),
        "</p>",
    );
    assert!(mark.starts_with("已完成"), "{mark}");
    // Changed to "not done": a new row, the first one kept; the page shows the latest.
    let r = cg
        .post(
            &app,
            "/shift/tasks",
            &[
                ("unit", &unit),
                ("child", &child),
                ("goal", &goal),
                ("done", "0"),
                ("idem", "task-2"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(rows(), vec![(true, me), (false, me)]);
    let p = cg.get(&app, "/shift").await;
    assert!(first(
        &p.body,
        &format!("id=\"task-mark-{child}-{goal}\">"),
        "</p>"
    )
    .starts_with("未完成"));
    // A goal that is not today's task of this child (or a part she does not read) is refused.
    let r = cg
        .post(
            &app,
            "/shift/tasks",
            &[
                ("unit", &unit),
                ("child", &child),
                ("goal", "999999"),
                ("done", "1"),
                ("idem", "task-3"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(rows().len(), 2);
    // Another institution's staff cannot mark this child.
    let mut na = login(&app, "head.na").await;
    let r = na
        .post(
            &app,
            "/shift/tasks",
            &[
                ("child", &child),
                ("goal", &goal),
                ("done", "1"),
                ("idem", "task-4"),
            ],
        )
        .await;
    assert!(r.status == 403 || r.status == 404, "{}", r.status);
    assert_eq!(rows().len(), 2);
}
