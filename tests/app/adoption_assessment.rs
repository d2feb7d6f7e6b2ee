//! The adoption assessment (收养评估, issue 13 point 4, ADP-19…ADP-24) at the service layer and its
//! printed documents: the team minimum, the third party's agreement, the integration period before a
//! 适宜 report, red flags reported and blocking, the report deadline task, and registration refused
//! without a 适宜 report (except a stepchild); the report, certificate and refusal letter read back
//! with pdftotext.

use crate::support::*;
use chrono::{Days, NaiveDate};
use fuyu::adoption::model::{self, AppState};
use fuyu::adoption::rules::assessment::{Conclusion, Flag, Item, Mode};
use fuyu::adoption::rules::{Category, Relation, Sex};
use fuyu::adoption::service::{after, assessment, decision, registry};
use fuyu::archive::{self, ChildId};
use fuyu::db::DbConn;
use fuyu::platform::Op;

pub fn days_ago(today: NaiveDate, n: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(n)).unwrap()
}

pub fn team(started: NaiveDate) -> assessment::StartInput {
    assessment::StartInput {
        mode: Some(Mode::Team),
        assessors: "王敏\n李强".into(),
        agency: String::new(),
        agreement_ref: String::new(),
        started_on: Some(started),
        third_party: Default::default(),
    }
}

pub fn full_report(
    conclusion: Conclusion,
    flags: Vec<Flag>,
    on: NaiveDate,
) -> assessment::ReportInput {
    assessment::ReportInput {
        findings: Item::ALL.iter().map(|i| (*i, "良好".to_string())).collect(),
        flags,
        conclusion: Some(conclusion),
        reasons: "综合评估".into(),
        reported_on: Some(on),
    }
}

/// The applicants' required documents (ADP-18) handed in: a sample PDF per missing kind.
pub fn hand_in_documents(c: &mut DbConn, rop: &Op<'_>, id: i64) {
    let dir = std::env::temp_dir().join(format!("fuyu-test-adoption-docs-{}", std::process::id()));
    fuyu::adoption::service::documents::attach_required_samples(c, rop, id, &dir)
        .unwrap()
        .unwrap();
}

/// Start the assessment and the integration period on `start`, report 适宜 today (version 1 → 2), and
/// the applicants' documents handed in.
pub fn assess_suitable(c: &mut DbConn, rop: &Op<'_>, id: i64, start: NaiveDate) {
    assessment::start(c, rop, id, &team(start))
        .unwrap()
        .unwrap();
    assessment::start_integration(c, rop, id, Some(start), 1)
        .unwrap()
        .unwrap();
    assessment::report(
        c,
        rop,
        id,
        &full_report(Conclusion::Suitable, vec![], rop.today),
    )
    .unwrap()
    .unwrap();
    hand_in_documents(c, rop, id);
}

pub fn kids(t: &TestApp) -> Vec<archive::ChildSummary> {
    let inst = fuyu::org::model::by_code(&mut t.conn(), "CC-CWI")
        .unwrap()
        .unwrap()
        .id;
    archive::active_children(&mut t.conn(), &[inst], 50).unwrap()
}

pub fn file(
    c: &mut DbConn,
    hop: &Op<'_>,
    rop: &Op<'_>,
    child: ChildId,
    received: NaiveDate,
    relation: Relation,
) -> i64 {
    registry::mark_available(
        c,
        hop,
        &registry::MarkInput {
            child,
            category: Some(Category::Orphan),
            basis: "孤儿".into(),
            notice_start: None,
            notice_medium: String::new(),
            notice_result: String::new(),
            trafficked: false,
            police_certificate: None,
        },
    )
    .unwrap()
    .unwrap();
    let p = |name: &str, sex, y| registry::ApplicantInput {
        name: name.into(),
        sex: Some(sex),
        birth_date: NaiveDate::from_ymd_opt(y, 3, 1),
        children_count: Some(0),
        disqualifying_disease: false,
        harmful_record: false,
        able_to_raise: true,
        overseas_chinese: false,
        foreign_national: false,
    };
    registry::file_application(
        c,
        rop,
        &registry::ApplicationInput {
            child,
            received_on: Some(received),
            married: true,
            spouse_joins: true,
            relation: Some(relation),
            child_consent: Some(true),
            prior_adoptions: 0,
            applicants: vec![p("赵军", Sex::Male, 1980), p("钱芳", Sex::Female, 1982)],
        },
    )
    .unwrap()
    .unwrap()
}

pub fn register(
    c: &mut DbConn,
    rop: &Op<'_>,
    id: i64,
    version: i32,
) -> Result<(), fuyu::platform::FieldErrors> {
    decision::register(
        c,
        rop,
        id,
        &decision::RegisterInput {
            certificate_no: "吉收登字第9号".into(),
            date: Some(rop.today),
            attended: true,
            secrecy: false,
            confirm: true,
            version,
        },
    )
    .unwrap()
}

#[actix_web::test]
async fn adoption_assessment_team_integration_flags_and_registration_needs_report() {
    let t = TestApp::new();
    let (head, reg) = (who(&t, "head.cc"), who(&t, "registrar.cc"));
    let (hop, rop) = (op(&t, &head), op(&t, &reg));
    let today = rop.today;
    let k = kids(&t);
    let mut c = t.conn();
    let received = days_ago(today, 40);
    let id = file(&mut c, &hop, &rop, k[0].id, received, Relation::None);

    // ADP-19: no report, no registration.
    let e = register(&mut c, &rop, id, 1).expect_err("no report");
    assert!(e.msg("assessment").contains("ADP-19"), "{:?}", e.fields());

    // ADP-20: a team of one is refused; a third party needs its agreement; the head may not assess.
    let mut one = team(received);
    one.assessors = "王敏".into();
    let e = assessment::start(&mut c, &rop, id, &one)
        .unwrap()
        .unwrap_err();
    assert!(
        e.msg("assessors").contains("ADP-20"),
        "{}",
        e.msg("assessors")
    );
    let third = assessment::StartInput {
        mode: Some(Mode::ThirdParty),
        assessors: String::new(),
        agency: "长春市阳光社会工作服务中心".into(),
        agreement_ref: " ".into(),
        started_on: Some(received),
        third_party: Default::default(),
    };
    let e = assessment::start(&mut c, &rop, id, &third)
        .unwrap()
        .unwrap_err();
    assert!(e.has("agreement_ref"));
    assert!(matches!(
        assessment::start(&mut c, &hop, id, &team(received)),
        Err(fuyu::error::AppError::Forbidden)
    ));
    assessment::start(&mut c, &rop, id, &team(received))
        .unwrap()
        .unwrap();

    // ADP-23: the report deadline is a registrar task, due 60 days (policy) after the start.
    let items = fuyu::adoption::jobs::due_items(&mut c, today).unwrap();
    let task = items
        .iter()
        .find(|i| i.dedupe_key == format!("adoption.assessment.{id}"))
        .expect("report task");
    assert_eq!(
        task.due_date,
        received.checked_add_days(Days::new(60)).unwrap()
    );
    assert_eq!(task.role, Some("registrar"));

    // ADP-22: integration started 29 days ago — a 适宜 report is refused; a visit is recorded.
    assessment::start_integration(&mut c, &rop, id, Some(days_ago(today, 29)), 1)
        .unwrap()
        .unwrap();
    let e = assessment::report(
        &mut c,
        &rop,
        id,
        &full_report(Conclusion::Suitable, vec![], today),
    )
    .unwrap()
    .unwrap_err();
    assert!(e.msg("reported_on").contains("ADP-22"), "{:?}", e.fields());
    let v = after::record_visit(
        &mut c,
        &rop,
        id,
        after::VisitKind::Integration,
        &after::VisitInput {
            visited_on: Some(days_ago(today, 30)),
            visitor: "王敏".into(),
            notes: "良好".into(),
        },
    )
    .unwrap()
    .unwrap_err();
    assert!(v.has("visited_on"), "before the integration period");

    // ADP-21: a red flag allows only 不宜; reported by mail to the bureau; registration blocked.
    let e = assessment::report(
        &mut c,
        &rop,
        id,
        &full_report(Conclusion::Suitable, vec![Flag::DomesticViolence], today),
    )
    .unwrap()
    .unwrap_err();
    assert!(e.msg("conclusion").contains("ADP-21"));
    let mails = audit_count(&mut c, "adoption_red_flag", "success");
    assessment::report(
        &mut c,
        &rop,
        id,
        &full_report(Conclusion::Unsuitable, vec![Flag::DomesticViolence], today),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        audit_count(&mut c, "adoption_red_flag", "success"),
        mails + 1
    );
    let e = register(&mut c, &rop, id, 2).expect_err("unsuitable");
    assert!(
        e.msg("assessment").contains("不宜收养"),
        "{}",
        e.msg("assessment")
    );
    let items = fuyu::adoption::jobs::due_items(&mut c, today).unwrap();
    assert!(!items
        .iter()
        .any(|i| i.dedupe_key == format!("adoption.assessment.{id}")));

    // A stepparent needs no assessment report (收养评估办法 第2条).
    let id2 = file(&mut c, &hop, &rop, k[1].id, received, Relation::Stepparent);
    let e = decision::register(
        &mut c,
        &rop,
        id2,
        &decision::RegisterInput {
            certificate_no: "X".into(),
            date: Some(today),
            attended: true,
            secrecy: false,
            confirm: false,
            version: 1,
        },
    )
    .unwrap()
    .expect_err("not confirmed");
    assert!(e.has("confirm") && !e.has("assessment"), "{:?}", e.fields());

    // 适宜 after 30 days of integration: registered.
    let id3 = file(&mut c, &hop, &rop, k[2].id, received, Relation::None);
    assess_suitable(&mut c, &rop, id3, days_ago(today, 30));
    register(&mut c, &rop, id3, 2).expect("registered");
    let a = model::application(&mut c, id3).unwrap().unwrap();
    assert_eq!(a.state(), Some(AppState::Registered));
}

fn squeeze(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new(require_tool("pdftotext"))
        .arg("-raw")
        .arg(&f)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[actix_web::test]
async fn adoption_documents_certificate_refusal_and_report_read_back() {
    let t = TestApp::new();
    let app = actix_web::test::init_service(fuyu::build_app(t.data())).await;
    let mut c = t.conn();
    let bureau = fuyu::org::model::by_code(&mut c, "CC-MZJ")
        .unwrap()
        .unwrap()
        .id;
    let apps = model::applications_where(&mut c, &[bureau.0], &[]).unwrap();
    let id_of = |s: AppState| apps.iter().find(|a| a.state() == Some(s)).unwrap().id;
    let (registered, refused) = (id_of(AppState::Registered), id_of(AppState::Refused));
    let reg = login(&app, "registrar.cc").await;

    let f = reg
        .fetch(
            &app,
            &format!("/adoption/applications/{registered}/print/certificate"),
        )
        .await;
    assert_eq!(
        (f.status, f.content_type.as_str()),
        (200, "application/pdf")
    );
    let text = squeeze(&f.bytes);
    for s in [
        "收养登记证",
        "长民收登字（2026）第0012号",
        "周建国",
        "林秀英",
        "收养关系自登记之日起成立",
    ] {
        assert!(text.contains(s), "{s} in {text}");
    }
    let f = reg
        .fetch(
            &app,
            &format!("/adoption/applications/{refused}/print/refusal"),
        )
        .await;
    let text = squeeze(&f.bytes);
    for s in ["不予收养登记通知书", "吴磊", "第1098条", "行政复议"] {
        assert!(text.contains(s), "{s} in {text}");
    }
    let f = reg
        .fetch(
            &app,
            &format!("/adoption/applications/{registered}/print/assessment"),
        )
        .await;
    let text = squeeze(&f.bytes);
    for s in [
        "收养评估报告",
        "收养动机",
        "与被收养人融合情况",
        "适宜收养",
        "王敏",
    ] {
        assert!(text.contains(s), "{s} in {text}");
    }
    // No refusal letter for a registered adoption; the head of the placing institution prints nothing.
    let f = reg
        .fetch(
            &app,
            &format!("/adoption/applications/{registered}/print/refusal"),
        )
        .await;
    assert_eq!(f.status, 404);
    let head = login(&app, "head.cc").await;
    let f = head
        .fetch(
            &app,
            &format!("/adoption/applications/{registered}/print/certificate"),
        )
        .await;
    assert_eq!(f.status, 403);
    assert!(audit_count(&mut t.conn(), "print", "success") >= 3);
}
