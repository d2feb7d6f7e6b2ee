//! After the adoption (issue 13 point 6) and withdrawing a marking: follow-up visits on the policy
//! interval with their task, dissolution by agreement (ADP-25: the placer's agreement before adulthood,
//! the child's consent from 8), revocation for fraud; the pages re-render with messages per field.

use crate::adoption_assessment::days_ago;
use crate::support::*;
use chrono::Days;
use fuyu::adoption::model::{self, AppState};
use fuyu::adoption::service::{after, registry};
use fuyu::clock::Clock;
use fuyu::error::AppError;

fn registered_demo(t: &TestApp) -> model::Application {
    let mut c = t.conn();
    let bureau = fuyu::org::model::by_code(&mut c, "CC-MZJ")
        .unwrap()
        .unwrap()
        .id;
    model::applications_where(&mut c, &[bureau.0], &[])
        .unwrap()
        .into_iter()
        .find(|a| a.state() == Some(AppState::Registered))
        .unwrap()
}

fn end(date: chrono::NaiveDate, version: i32) -> after::EndInput {
    after::EndInput {
        date: Some(date),
        adopter_agrees: true,
        placer_agrees: false,
        child_consents: false,
        reasons: "双方协议解除".into(),
        confirm: true,
        version,
    }
}

#[actix_web::test]
async fn adoption_after_follow_up_task_dissolution_consent_and_revocation() {
    let t = TestApp::new();
    let (head, reg) = (who(&t, "head.cc"), who(&t, "registrar.cc"));
    let (hop, rop) = (op(&t, &head), op(&t, &reg));
    let today = rop.today;
    let a = registered_demo(&t);
    let registered = a.decided_on.unwrap();
    let mut c = t.conn();

    // The first follow-up is due 180 days (policy) after registration; a visit moves it on.
    let items = fuyu::adoption::jobs::due_items(&mut c, today).unwrap();
    let first = registered.checked_add_days(Days::new(180)).unwrap();
    assert!(items.iter().any(
        |i| i.dedupe_key == format!("adoption.follow_up.{}.{first}", a.id)
            && i.due_date == first
            && i.role == Some("registrar")
    ));
    let visit = |on| after::VisitInput {
        visited_on: Some(on),
        visitor: "王敏".into(),
        notes: "家庭生活稳定".into(),
    };
    let e = after::record_visit(
        &mut c,
        &rop,
        a.id,
        after::VisitKind::FollowUp,
        &visit(days_ago(registered, 1)),
    )
    .unwrap()
    .unwrap_err();
    assert!(e.has("visited_on"), "not before the registration");
    let e = after::record_visit(
        &mut c,
        &rop,
        a.id,
        after::VisitKind::Integration,
        &visit(today),
    )
    .unwrap()
    .unwrap_err();
    assert!(
        e.has("visited_on"),
        "no integration visit after registration"
    );
    after::record_visit(
        &mut c,
        &rop,
        a.id,
        after::VisitKind::FollowUp,
        &visit(today),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        after::next_follow_up(&mut c, &a, today).unwrap(),
        today.checked_add_days(Days::new(180))
    );
    assert!(matches!(
        after::record_visit(
            &mut c,
            &hop,
            a.id,
            after::VisitKind::FollowUp,
            &visit(today)
        ),
        Err(AppError::Forbidden)
    ));

    // ADP-25: before adulthood the placer must agree; a child of 8 or more must consent.
    let child = fuyu::archive::adoption_facts(&mut c, fuyu::archive::ChildId(a.child_id)).unwrap();
    let age = fuyu::clock::age_on(child.birth_date, today);
    let e = after::dissolve(&mut c, &rop, a.id, &end(today, a.version))
        .unwrap()
        .unwrap_err();
    assert!(
        e.msg("placer_agrees").contains("ADP-25"),
        "{:?}",
        e.fields()
    );
    assert_eq!(e.has("child_consents"), age >= 8, "age {age}");
    let mut ok = end(today, a.version);
    ok.placer_agrees = true;
    ok.child_consents = true;
    after::dissolve(&mut c, &rop, a.id, &ok).unwrap().unwrap();
    let now = model::application(&mut c, a.id).unwrap().unwrap();
    assert_eq!(now.state(), Some(AppState::Dissolved));
    assert_eq!(now.ended_on, Some(today));
    assert_eq!(audit_count(&mut c, "adoption_dissolve", "success"), 1);
    // Point 6: the child (a minor) returns to the placing institution's care — active again, with a
    // status history row; the adoption secrecy restriction stays (民法典 第1110条).
    let back = fuyu::archive::adoption_facts(&mut c, fuyu::archive::ChildId(a.child_id)).unwrap();
    assert_eq!(back.status, fuyu::archive::ChildStatus::Active);
    assert_eq!(back.institution_id.0, a.placing_institution_id);
    let history =
        fuyu::archive::status_history(&mut c, fuyu::archive::ChildId(a.child_id)).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.old_value == "discharged" && h.new_value == "active"),
        "history"
    );
    let access = fuyu::archive::section_access(
        &mut c,
        fuyu::archive::ChildId(a.child_id),
        &fuyu::auth::Role::Caregiver,
        false,
    )
    .unwrap();
    assert!(access.restricted(), "secrecy kept");
    let in_care = fuyu::archive::active_children(&mut c, &[back.institution_id], 500).unwrap();
    assert!(in_care.iter().any(|k| k.id.0 == a.child_id));
    // Ended once only; no follow-up task after the end.
    let e = after::revoke(&mut c, &rop, a.id, &end(today, now.version))
        .unwrap()
        .unwrap_err();
    assert!(e.has("decision"));
    let items = fuyu::adoption::jobs::due_items(&mut c, today).unwrap();
    assert!(!items.iter().any(|i| i
        .dedupe_key
        .starts_with(&format!("adoption.follow_up.{}.", a.id))));
}

#[actix_web::test]
async fn adoption_after_pages_revoke_with_messages_and_withdraw_marking() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let a = registered_demo(&t);
    let today = t.clock.today().to_string();
    let mut reg = login(&app, "registrar.cc").await;
    let at = format!("/adoption/applications/{}/after", a.id);
    let p = reg.get(&app, &at).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("id=\"next-follow-up\""), "{}", p.body);
    let v = a.version.to_string();
    let p = reg
        .post(
            &app,
            &format!("{at}/revoke"),
            &[
                ("form", "revoke"),
                ("date", &today),
                ("reasons", " "),
                ("confirm", "yes"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"r_reasons-error\""), "{}", p.body);
    let p = reg
        .post(
            &app,
            &format!("{at}/revoke"),
            &[
                ("form", "revoke"),
                ("date", &today),
                ("reasons", "伪造婚姻状况证明"),
                ("confirm", "yes"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = reg
        .get(&app, &format!("/adoption/applications/{}", a.id))
        .await;
    assert!(p.body.contains("已撤销") && p.body.contains("伪造婚姻状况证明"));
    // Revoked: the child is back in the institution's care.
    let back =
        fuyu::archive::adoption_facts(&mut t.conn(), fuyu::archive::ChildId(a.child_id)).unwrap();
    assert_eq!(back.status, fuyu::archive::ChildStatus::Active);
    let mut head = login(&app, "head.cc").await;
    assert_eq!(head.get(&app, &at).await.status, 403);

    // Withdrawing a marking: refused while an application is open, done for a marking alone.
    let mut c = t.conn();
    let inst = fuyu::org::model::by_code(&mut c, "CC-CWI")
        .unwrap()
        .unwrap()
        .id;
    let marks = model::availability_at(&mut c, &[inst.0]).unwrap();
    let mut open = None;
    let mut alone = None;
    for m in &marks {
        match model::application_for_child(&mut c, m.child_id).unwrap() {
            Some(x) if x.state() == Some(AppState::Integration) => open = Some(m),
            None => alone = Some(m),
            _ => {}
        }
    }
    let (open, alone) = (open.unwrap(), alone.unwrap());
    let w = who(&t, "head.cc");
    let hop = op(&t, &w);
    let e = registry::withdraw_marking(&mut c, &hop, open.id, open.version)
        .unwrap()
        .unwrap_err();
    assert!(e.has("withdraw"));
    let list = head.get(&app, "/adoption").await;
    assert!(list.body.contains(&format!("id=\"withdraw-{}\"", alone.id)));
    let p = head
        .post(
            &app,
            &format!("/adoption/mark/{}/withdraw", alone.id),
            &[("version", &alone.version.to_string())],
        )
        .await;
    assert_eq!(p.status, 303);
    assert!(model::availability_of(&mut c, alone.child_id)
        .unwrap()
        .is_none());
    // Another county's head cannot withdraw it (404 outside the archive scope).
    let n = who(&t, "head.na");
    let nop = op(&t, &n);
    assert!(matches!(
        registry::withdraw_marking(&mut c, &nop, open.id, open.version),
        Err(AppError::NotFound)
    ));
}
