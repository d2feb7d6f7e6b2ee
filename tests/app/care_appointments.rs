//! Appointments (预约外出, issue 15 point 2b): planned and cancelled on the child's care pages by
//! medical staff, social workers and the head; a past time or a missing escort refused with a message
//! per field and the input kept; shown on the caregiver's round at their time and on the archive
//! overview's panel; scoped to the institution and audited.

use crate::support::*;
use actix_web::test;
use diesel::prelude::*;
use fuyu::db::schema::care_appointments as ap;

fn first<'a>(body: &'a str, before: &str, after: &str) -> &'a str {
    let s = body
        .find(before)
        .unwrap_or_else(|| panic!("{before} in {body}"))
        + before.len();
    let rest = &body[s..];
    &rest[..rest.find(after).unwrap_or(rest.len())]
}

async fn sw_home<S, B>(app: &S) -> String
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut sw = login(app, "social.cc").await;
    sw.get(app, "/").await.body
}

#[actix_web::test]
async fn an_appointment_is_planned_shown_on_the_round_and_cancelled_with_a_reason() {
    let t = TestApp::new();
    // The demo's appointments (care::appointments::demo) out of the way: the counts are this test's.
    diesel::delete(ap::table).execute(&mut t.conn()).unwrap();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    // The test clock: Monday 23 November 2026, 10:00 on the ward. A child of the caregiver's round.
    let mut cg = login(&app, "caregiver.cc").await;
    let round = cg.get(&app, "/shift").await;
    assert_eq!(round.status, 200);
    let child = first(
        &round.body,
        "<article class=\"card child\" id=\"child-",
        "\"",
    )
    .to_string();
    let page = format!("/children/{child}/care/appointments");
    let before_views = audit_count(&mut t.conn(), "view", "success");

    // Medical staff: the form refuses a past time and a missing escort, keeping what was typed.
    let mut med = login(&app, "medical.cc").await;
    let p = med.get(&app, &page).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"appointment-form\""), "{}", p.body);
    let r = med
        .post(
            &app,
            &page,
            &[
                ("kind", "hospital"),
                ("starts_at", "2026-11-23T09:59"),
                ("place", "市儿童医院"),
                ("what", "心脏超声复查"),
                ("escort", ""),
                ("escort_other", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("id=\"appointment-starts_at-error\""));
    assert!(r.body.contains("APT-01"), "{}", r.body);
    assert!(r.body.contains("id=\"appointment-escort-error\""));
    assert!(r.body.contains("value=\"市儿童医院\""));
    assert!(r.body.contains("心脏超声复查</textarea>"));
    assert_eq!(
        ap::table.count().get_result::<i64>(&mut t.conn()).unwrap(),
        0
    );
    // An unknown kind and a staff member of another institution are refused too.
    let r = med
        .post(
            &app,
            &page,
            &[
                ("kind", "party"),
                ("starts_at", "2026-11-23T14:00"),
                ("place", "x"),
                ("what", "y"),
                ("escort", "999999"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"appointment-kind-error\""));
    assert!(r.body.contains("id=\"appointment-escort-error\""));

    // This minute is accepted (APT-01: now or later); 14:00 today with a staff escort.
    let staff_id = i64::from(who(&t, "medical.cc").user.id).to_string();
    let r = med
        .post(
            &app,
            &page,
            &[
                ("kind", "hospital"),
                ("starts_at", "2026-11-23T14:00"),
                ("place", "市儿童医院"),
                ("what", "心脏超声复查"),
                ("escort", &staff_id),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = med
        .post(
            &app,
            &page,
            &[
                ("kind", "school"),
                ("starts_at", "2026-11-23 10:00"),
                ("place", "启明小学"),
                ("what", "家长会"),
                ("escort_other", "志愿者李女士"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let ids: Vec<i64> = ap::table
        .order(ap::id.asc())
        .select(ap::id)
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(ids.len(), 2);
    assert!(audit_count(&mut t.conn(), "create", "success") >= 2);
    // The staff escort has a task on the home page (the day before, until the day has passed).
    let task = format!("陪同外出</span> <span class=\"due\">期限 2026-11-23</span> <a class=\"button\" href=\"{page}\"");
    let home = med.get(&app, "/").await;
    assert!(home.body.contains(&task), "{}", home.body);
    let home = sw_home(&app).await;
    assert!(!home.contains(&task), "only the escort");

    // On the round at its time: the hospital visit with place and escort; the school meeting's time,
    // kind and escort but not what it is about (caregivers read daily care and medical only).
    let round = cg.get(&app, "/shift").await;
    let line = first(
        &round.body,
        &format!("id=\"round-appointment-{}\">", ids[0]),
        "</li>",
    );
    assert!(
        line.contains("14:00") && line.contains("就医") && line.contains("市儿童医院"),
        "{line}"
    );
    assert!(line.contains("陪同："), "{line}");
    let line = first(
        &round.body,
        &format!("id=\"round-appointment-{}\">", ids[1]),
        "</li>",
    );
    assert!(
        line.contains("10:00") && line.contains("学校会面") && line.contains("志愿者李女士"),
        "{line}"
    );
    assert!(!line.contains("家长会"), "{line}");
    // The caregiver reads the page but has no forms, and cannot plan (403).
    let p = cg.get(&app, &page).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("appointment-form"));
    let r = cg
        .post(
            &app,
            &page,
            &[("kind", "other"), ("starts_at", "2026-11-24T09:00")],
        )
        .await;
    assert_eq!(r.status, 403);

    // The archive overview's panel lists the upcoming ones.
    let o = med.get(&app, &format!("/children/{child}")).await;
    assert_eq!(o.status, 200);
    let panel = first(&o.body, "id=\"panel-care-appointments\"", "</section>");
    assert!(
        panel.contains("2026-11-23 14:00") && panel.contains("心脏超声复查"),
        "{panel}"
    );

    // Cancelling needs a reason (the form comes back with its message); then the record stays.
    let cancel = format!("{page}/{}/cancel", ids[0]);
    let r = med.post(&app, &cancel, &[("reason", " ")]).await;
    assert_eq!(r.status, 422);
    assert!(r
        .body
        .contains(&format!("id=\"cancel-{}-reason-error\"", ids[0])));
    let mut sw = login(&app, "social.cc").await;
    let r = sw.post(&app, &cancel, &[("reason", "医院改期")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = sw.post(&app, &cancel, &[("reason", "again")]).await;
    assert_eq!(r.status, 422, "cancelled once");
    let rows: Vec<(String, bool)> = ap::table
        .order(ap::id.asc())
        .select((ap::cancel_reason, ap::cancelled_at.is_not_null()))
        .load(&mut t.conn())
        .unwrap();
    assert_eq!(rows.len(), 2, "the cancelled one stays");
    assert_eq!(rows[0], ("医院改期".to_string(), true));
    assert!(!rows[1].1);
    let p = med.get(&app, &page).await;
    let past = first(&p.body, "id=\"appointments-past\"", "</section>");
    assert!(past.contains("医院改期") && past.contains("<s>"), "{past}");
    let round = cg.get(&app, "/shift").await;
    assert!(!round
        .body
        .contains(&format!("round-appointment-{}\"", ids[0])));
    // The cancelled appointment's escort task is closed.
    let home = med.get(&app, "/").await;
    assert!(!home.body.contains(&task), "{}", home.body);
    assert!(audit_count(&mut t.conn(), "cancel", "success") >= 1);
    assert!(audit_count(&mut t.conn(), "view", "success") > before_views);
}

#[actix_web::test]
async fn appointments_are_scoped_to_the_institution_and_the_role() {
    let t = TestApp::new();
    // The demo's appointments (care::appointments::demo) out of the way: the counts are this test's.
    diesel::delete(ap::table).execute(&mut t.conn()).unwrap();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut cg = login(&app, "caregiver.cc").await;
    let round = cg.get(&app, "/shift").await;
    let child = first(
        &round.body,
        "<article class=\"card child\" id=\"child-",
        "\"",
    )
    .to_string();
    let page = format!("/children/{child}/care/appointments");
    let mut head = login(&app, "head.cc").await;
    let r = head
        .post(
            &app,
            &page,
            &[
                ("kind", "rehab"),
                ("starts_at", "2026-11-25T09:00"),
                ("place", "康复中心"),
                ("what", "评估"),
                ("escort_other", "寄养母亲"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = ap::table.select(ap::id).first(&mut t.conn()).unwrap();
    // Another institution's head: the page and the cancel are 404; nothing changes.
    let mut na = login(&app, "head.na").await;
    assert_eq!(na.get(&app, &page).await.status, 404);
    let r = na
        .post(&app, &format!("{page}/{id}/cancel"), &[("reason", "x")])
        .await;
    assert_eq!(r.status, 404);
    // Another child's id with this appointment: 404.
    let other = first(
        &round.body[round.body.find(&format!("id=\"child-{child}\"")).unwrap() + 10..],
        "<article class=\"card child\" id=\"child-",
        "\"",
    )
    .to_string();
    let r = head
        .post(
            &app,
            &format!("/children/{other}/care/appointments/{id}/cancel"),
            &[("reason", "x")],
        )
        .await;
    assert_eq!(r.status, 404);
    let cancelled: Option<chrono::NaiveDateTime> = ap::table
        .select(ap::cancelled_at)
        .first(&mut t.conn())
        .unwrap();
    assert_eq!(cancelled, None);
    // The supervisor reads (ViewCare) but does not plan.
    let mut sup = login(&app, "supervisor.cc").await;
    let p = sup.get(&app, &page).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("康复中心") && !p.body.contains("appointment-form"));
    let r = sup
        .post(&app, &format!("{page}/{id}/cancel"), &[("reason", "x")])
        .await;
    assert_eq!(r.status, 403);
    // Not on today's round (it is on Wednesday).
    let round = cg.get(&app, "/shift").await;
    assert!(!round.body.contains(&format!("round-appointment-{id}\"")));
}
