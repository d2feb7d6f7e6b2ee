//! The adoption chain at the service layer (issue 13 points 1, 2, 5, 8): the placing head marks a child
//! available, the registrar files the application, the engine and the clock judge it, registration
//! discharges the child and restricts the archive in one transaction; refusals per field; scope.

use crate::support::*;
use chrono::{Days, NaiveDate};
use fuyu::adoption::model::AppState;
use fuyu::adoption::rules::{Category, Relation, Sex};
use fuyu::adoption::service::{decision, dossier, registry};
use fuyu::archive::{self, ChildId, ChildStatus};
use fuyu::error::AppError;

fn institution(t: &TestApp, code: &str) -> fuyu::org::InstitutionId {
    fuyu::org::model::by_code(&mut t.conn(), code)
        .unwrap()
        .unwrap()
        .id
}

fn children_of(t: &TestApp, code: &str) -> Vec<archive::ChildSummary> {
    archive::active_children(&mut t.conn(), &[institution(t, code)], 50).unwrap()
}

fn mark(child: ChildId, category: Category, notice: Option<NaiveDate>) -> registry::MarkInput {
    registry::MarkInput {
        child,
        category: Some(category),
        basis: "民法典 第1093条".into(),
        notice_start: notice,
        notice_medium: if notice.is_some() {
            "吉林日报".into()
        } else {
            String::new()
        },
        notice_result: String::new(),
        trafficked: false,
        police_certificate: None,
    }
}

fn couple(child: ChildId, received: NaiveDate) -> registry::ApplicationInput {
    let p = |name: &str, sex, birth| registry::ApplicantInput {
        name: name.into(),
        sex: Some(sex),
        birth_date: Some(birth),
        children_count: Some(0),
        disqualifying_disease: false,
        harmful_record: false,
        able_to_raise: true,
        overseas_chinese: false,
        foreign_national: false,
    };
    registry::ApplicationInput {
        child,
        received_on: Some(received),
        married: true,
        spouse_joins: true,
        relation: Some(Relation::None),
        child_consent: Some(true),
        prior_adoptions: 0,
        applicants: vec![
            p(
                "张伟",
                Sex::Male,
                NaiveDate::from_ymd_opt(1985, 3, 1).unwrap(),
            ),
            p(
                "刘芳",
                Sex::Female,
                NaiveDate::from_ymd_opt(1987, 7, 9).unwrap(),
            ),
        ],
    }
}

#[actix_web::test]
async fn adoption_chain_mark_apply_register_discharges_and_restricts() {
    let t = TestApp::new();
    let (head, reg) = (who(&t, "head.cc"), who(&t, "registrar.cc"));
    let (hop, rop) = (op(&t, &head), op(&t, &reg));
    let today = hop.today;
    let kids = children_of(&t, "CC-CWI");
    let child = kids[0].id;
    let mut c = t.conn();

    // Point 1: a parents-unknown child needs the notice (ADP-15): per-field refusal, nothing written.
    let refused =
        registry::mark_available(&mut c, &hop, &mark(child, Category::ParentsUnknown, None))
            .unwrap()
            .expect_err("no notice");
    assert!(
        refused.has("notice_start") && refused.has("notice_medium"),
        "{:?}",
        refused.fields()
    );
    let notice = today.checked_sub_days(Days::new(90)).unwrap();
    registry::mark_available(
        &mut c,
        &hop,
        &mark(child, Category::ParentsUnknown, Some(notice)),
    )
    .unwrap()
    .expect("marked");
    // The registrar may not mark (another institution's child is 404 for them: no archive scope).
    assert!(matches!(
        registry::mark_available(&mut c, &rop, &mark(kids[1].id, Category::Orphan, None)),
        Err(AppError::NotFound)
    ));

    // Point 2: the registrar files the application; the engine finds nothing; the clock runs.
    let received = today.checked_sub_days(Days::new(40)).unwrap();
    let id = registry::file_application(&mut c, &rop, &couple(child, received))
        .unwrap()
        .expect("filed");
    let d = dossier::dossier(&mut c, &rop, id).unwrap();
    let file = d.file.expect("the registrar sees the file");
    assert_eq!(file.applicants.len(), 2);
    assert!(file.failures.is_empty(), "{:?}", file.failures);
    assert!(file.notice_complete, "90 days after publication");
    // Received 40 days ago while the notice (published 90 days ago) still ran for 10 days: those 10
    // days are not counted (ADP-16), so the 30 days end today.
    assert_eq!(
        file.deadline,
        received.checked_add_days(Days::new(40)).unwrap()
    );
    assert_eq!(file.days_left, 0);

    // Point 8: the head sees the outcome only; a caregiver and another county's head see nothing.
    let hd = dossier::dossier(&mut c, &hop, id).unwrap();
    assert!(hd.file.is_none() && hd.state == AppState::Received);
    for other in ["caregiver.cc", "head.na", "supervisor.jl"] {
        let w = who(&t, other);
        let o = op(&t, &w);
        let r = dossier::dossier(&mut c, &o, id);
        if other == "supervisor.jl" {
            assert!(r.unwrap().file.is_none(), "a supervisor reads the outcome");
        } else {
            assert!(matches!(r, Err(AppError::NotFound)), "{other}");
        }
    }

    // Point 5: registration refuses per field without attendance, certificate and confirmation.
    let mut input = decision::RegisterInput {
        certificate_no: String::new(),
        date: Some(today),
        attended: false,
        secrecy: true,
        confirm: false,
        version: 1,
    };
    let e = decision::register(&mut c, &rop, id, &input)
        .unwrap()
        .expect_err("refused");
    for f in [
        "certificate_no",
        "attended",
        "confirm",
        "assessment",
        "documents",
    ] {
        assert!(e.has(f), "{f}: {:?}", e.fields());
    }
    // ADP-19: the assessment report (适宜) comes first.
    crate::adoption_assessment::assess_suitable(&mut c, &rop, id, received);
    input.version = 2;
    // The head may not register.
    assert!(matches!(
        decision::register(&mut c, &hop, id, &input),
        Err(AppError::Forbidden)
    ));
    let outbox_before = mail_count(&t);
    input.certificate_no = "吉收登字（2026）第0007号".into();
    input.attended = true;
    input.confirm = true;
    decision::register(&mut c, &rop, id, &input)
        .unwrap()
        .expect("registered");

    // One transaction: registered, the child discharged "adopted", the archive under secrecy, mail.
    let facts = archive::adoption_facts(&mut c, child).unwrap();
    assert_eq!(facts.status, ChildStatus::Discharged);
    let access =
        archive::section_access(&mut c, child, &fuyu::auth::Role::Caregiver, false).unwrap();
    assert!(access.restricted(), "adoption secrecy (民法典 第1110条)");
    assert_eq!(mail_count(&t), outbox_before + 1);
    let hd = dossier::dossier(&mut c, &hop, id).unwrap();
    assert_eq!(hd.state, AppState::Registered);
    assert_eq!(hd.app.decided_on, Some(today));
    // Decided once only.
    input.version = 3;
    let e = decision::register(&mut c, &rop, id, &input)
        .unwrap()
        .expect_err("decided");
    assert!(e.has("decision"));
}

fn mail_count(t: &TestApp) -> i64 {
    use diesel::prelude::*;
    fuyu::db::schema::mail_outbox::table
        .count()
        .get_result(&mut t.conn())
        .unwrap()
}

#[actix_web::test]
async fn adoption_refusals_notice_running_ineligible_jurisdiction_and_refuse_with_reasons() {
    let t = TestApp::new();
    let (head, reg, na) = (
        who(&t, "head.cc"),
        who(&t, "registrar.cc"),
        who(&t, "head.na"),
    );
    let (hop, rop, nop) = (op(&t, &head), op(&t, &reg), op(&t, &na));
    let today = hop.today;
    let kids = children_of(&t, "CC-CWI");
    let mut c = t.conn();

    // ADP-15: the notice started 10 days ago — registration waits, and the clock skips the notice.
    let notice = today.checked_sub_days(Days::new(10)).unwrap();
    registry::mark_available(
        &mut c,
        &hop,
        &mark(kids[0].id, Category::ParentsUnknown, Some(notice)),
    )
    .unwrap()
    .unwrap();
    let mut young = couple(kids[0].id, today);
    young.applicants[1].birth_date = today.checked_sub_days(Days::new(365 * 25));
    let id = registry::file_application(&mut c, &rop, &young)
        .unwrap()
        .unwrap();
    let file = dossier::dossier(&mut c, &rop, id).unwrap().file.unwrap();
    assert_eq!(
        file.failures.iter().map(|f| f.rule).collect::<Vec<_>>(),
        vec!["ADP-04"]
    );
    let n = file.notice.unwrap();
    assert_eq!(
        file.deadline,
        n.last_day().checked_add_days(Days::new(30)).unwrap()
    );
    let e = decision::register(
        &mut c,
        &rop,
        id,
        &decision::RegisterInput {
            certificate_no: "X".into(),
            date: Some(today),
            attended: true,
            secrecy: false,
            confirm: true,
            version: 1,
        },
    )
    .unwrap()
    .expect_err("not eligible, notice running");
    assert!(
        e.msg("decision").contains("ADP-04"),
        "{}",
        e.msg("decision")
    );
    assert!(e.msg("decision").contains("民法典 第1098条"));
    assert_eq!(
        archive::adoption_facts(&mut c, kids[0].id).unwrap().status,
        ChildStatus::Active
    );

    // Refuse with reasons: reasons required; then refused, the child stays in care.
    let e = decision::refuse(&mut c, &rop, id, "  ", true, 1)
        .unwrap()
        .expect_err("no reasons");
    assert!(e.has("reasons"));
    decision::refuse(
        &mut c,
        &rop,
        id,
        "申请人未满30周岁（民法典第1098条）",
        true,
        1,
    )
    .unwrap()
    .unwrap();
    let hd = dossier::dossier(&mut c, &hop, id).unwrap();
    assert_eq!(hd.state, AppState::Refused);
    assert_eq!(
        archive::adoption_facts(&mut c, kids[0].id).unwrap().status,
        ChildStatus::Active
    );

    // ADP-17: a child of another county's institution is not this bureau's to register.
    let na_kids = children_of(&t, "NA-CWI");
    registry::mark_available(&mut c, &nop, &mark(na_kids[0].id, Category::Orphan, None))
        .unwrap()
        .unwrap();
    let e = registry::file_application(&mut c, &rop, &couple(na_kids[0].id, today))
        .unwrap()
        .expect_err("jurisdiction");
    assert!(
        e.msg("child").contains("登记办法第4条"),
        "{}",
        e.msg("child")
    );
    // A child not marked available cannot be applied for; an applicant without name or birth date is
    // named per field.
    let mut bad = couple(kids[2].id, today);
    bad.applicants[1].name = String::new();
    bad.applicants[1].birth_date = None;
    let e = registry::file_application(&mut c, &rop, &bad)
        .unwrap()
        .expect_err("bad");
    for f in ["child", "a2_name", "a2_birth_date"] {
        assert!(e.has(f), "{f}: {:?}", e.fields());
    }
}

#[actix_web::test]
async fn adoption_demo_has_each_stage_of_point_9() {
    let t = TestApp::new();
    let mut c = t.conn();
    let inst = institution(&t, "CC-CWI").0;
    let mcc = institution(&t, "CC-MZJ").0;
    let apps = fuyu::adoption::model::applications_where(&mut c, &[mcc], &[]).unwrap();
    let state = |s: AppState| apps.iter().filter(|a| a.state() == Some(s)).count();
    assert_eq!(state(AppState::Registered), 1);
    assert_eq!(state(AppState::Integration), 1);
    assert_eq!(state(AppState::Refused), 1);
    let registered = apps
        .iter()
        .find(|a| a.state() == Some(AppState::Registered))
        .unwrap();
    let child = ChildId(registered.child_id);
    assert_eq!(
        archive::adoption_facts(&mut c, child).unwrap().status,
        ChildStatus::Discharged
    );
    assert!(
        archive::section_access(&mut c, child, &fuyu::auth::Role::SocialWorker, false)
            .unwrap()
            .restricted()
    );
    // ADP-26: the secret archive opens (with a purpose) to the head and the registrar, not to others.
    for (role, may) in [
        (fuyu::auth::Role::Head, true),
        (fuyu::auth::Role::Registrar, true),
        (fuyu::auth::Role::SocialWorker, false),
        (fuyu::auth::Role::Caregiver, false),
    ] {
        let a = archive::section_access(&mut c, child, &role, false).unwrap();
        assert_eq!(a.role_may_unlock(), may, "{role:?}");
    }
    let refused = apps
        .iter()
        .find(|a| a.state() == Some(AppState::Refused))
        .unwrap();
    assert!(refused.refusal_reasons.contains("第1098条"));
    let in_notice: Vec<_> = fuyu::adoption::model::availability_at(&mut c, &[inst])
        .unwrap()
        .into_iter()
        .filter(|m| m.category == "parents_unknown")
        .collect();
    assert_eq!(in_notice.len(), 1);
    let n = fuyu::adoption::rules::clock::Notice {
        published: in_notice[0].notice_start.unwrap(),
        days: 60,
    };
    let w = who(&t, "head.cc");
    assert!(
        !n.complete_by(op(&t, &w).today),
        "still in its 60-day notice"
    );
}

#[actix_web::test]
async fn adoption_review_deadline_is_the_registrars_task() {
    let t = TestApp::new();
    let (head, reg) = (who(&t, "head.cc"), who(&t, "registrar.cc"));
    let (hop, rop) = (op(&t, &head), op(&t, &reg));
    let today = hop.today;
    let kids = children_of(&t, "CC-CWI");
    let mut c = t.conn();
    // Notice published 10 days ago: the 30 days start after its 60 days.
    let notice = today.checked_sub_days(Days::new(10)).unwrap();
    registry::mark_available(
        &mut c,
        &hop,
        &mark(kids[0].id, Category::ParentsUnknown, Some(notice)),
    )
    .unwrap()
    .unwrap();
    let id = registry::file_application(&mut c, &rop, &couple(kids[0].id, today))
        .unwrap()
        .unwrap();
    let items = fuyu::adoption::jobs::due_items(&mut c, today).unwrap();
    let item = items
        .iter()
        .find(|i| i.dedupe_key == format!("adoption.review.{id}"))
        .expect("a task for the review");
    let expected = notice.checked_add_days(Days::new(60 + 30)).unwrap();
    assert_eq!(item.due_date, expected);
    assert_eq!(item.role, Some("registrar"));
    assert_eq!(item.institution_id, Some(institution(&t, "CC-MZJ")));
    // Decided applications raise no task.
    decision::refuse(&mut c, &rop, id, "理由", true, 1)
        .unwrap()
        .unwrap();
    let items = fuyu::adoption::jobs::due_items(&mut c, today).unwrap();
    assert!(!items
        .iter()
        .any(|i| i.dedupe_key == format!("adoption.review.{id}")));
}
