//! Appointments beyond midnight on the round (issue 15 point 2b, session 7): the round shows the
//! appointments of the shift's span joined with today (`shift::rules::span`), so the night shift sees
//! tomorrow morning's 07:00 hospital visit, named "明天 07:00"; the day shift does not see it until its
//! own day. Uses the demo's appointments (care::appointments::demo).

use crate::support::*;
use actix_web::test;
use chrono::Duration;
use diesel::prelude::*;
use fuyu::db::schema::{care_appointments as ap, shift_units};

fn li(body: &str, id: i64) -> &str {
    let start = body
        .find(&format!("id=\"round-appointment-{id}\""))
        .unwrap_or_else(|| panic!("appointment {id} not on the round: {body}"));
    let rest = &body[start..];
    &rest[..rest.find("</li>").unwrap_or(rest.len())]
}

#[actix_web::test]
async fn the_night_shift_sees_tomorrow_mornings_hospital_visit_with_its_day() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // The demo: a hospital visit tomorrow 07:00 with the nurse, a rehabilitation session at 13:00 today.
    let rows: Vec<(i64, String, chrono::NaiveDateTime)> = ap::table
        .order(ap::starts_at.asc())
        .select((ap::id, ap::kind, ap::starts_at))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let rehab = rows.iter().find(|r| r.1 == "rehab").unwrap();
    let visit = rows.iter().find(|r| r.1 == "hospital").unwrap();
    assert_eq!(
        visit.2.format("%Y-%m-%d %H:%M").to_string(),
        "2026-11-24 07:00"
    );
    let infant_room: i64 = shift_units::table
        .filter(shift_units::name.eq("小星星婴儿室"))
        .select(shift_units::id)
        .first(&mut t.conn())
        .unwrap();
    let round = format!("/shift?unit={infant_room}");

    // 10:00, day shift: today's session at its time; tomorrow's visit belongs to the night shift.
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, &round).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("本班外出"), "{}", p.body);
    assert!(li(&p.body, rehab.0).contains("<strong>13:00</strong>"));
    assert!(li(&p.body, rehab.0).contains("志愿者李女士"));
    assert!(!p.body.contains(&format!("round-appointment-{}\"", visit.0)));

    // 21:00, night shift: the 07:00 visit is on the round, named as tomorrow's, with the escort.
    t.clock.advance(Duration::hours(11));
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, &round).await;
    let line = li(&p.body, visit.0);
    assert!(line.contains("<strong>明天 07:00</strong>"), "{line}");
    assert!(line.contains("陪同："), "{line}");
    // Today's 13:00 session is still listed (today's appointments stay on the round all day).
    assert!(li(&p.body, rehab.0).contains("<strong>13:00</strong>"));

    // 03:00, the same night shift after midnight: the visit is today's now; yesterday's 13:00 session
    // is before the shift began (20:00) and not today: gone.
    t.clock.advance(Duration::hours(6));
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, &round).await;
    assert!(li(&p.body, visit.0).contains("<strong>07:00</strong>"));
    assert!(!p.body.contains(&format!("round-appointment-{}\"", rehab.0)));

    // 09:00, day shift of the visit's day: still today's (it has happened; the card shows the day).
    t.clock.advance(Duration::hours(6));
    let mut cg = login(&app, "caregiver.cc").await;
    let p = cg.get(&app, &round).await;
    assert!(li(&p.body, visit.0).contains("<strong>07:00</strong>"));
}
