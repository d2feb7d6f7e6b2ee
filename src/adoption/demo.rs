//! Demo data (issue 13 point 9), through the same services as the pages: at 长春市儿童福利院 a registered
//! adoption (archive closed, secrecy on), one application in its integration period, one refused with
//! reasons, and one parents-unknown child in the 60-day public notice. Deterministic.

use super::rules::assessment::{Conclusion, Item, Mode};
use super::rules::{Category, Relation, Sex};
use super::service::{after, assessment, decision, registry};
use crate::audit::Actor;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::module::DemoEnv;
use crate::platform::FieldErrors;
use crate::platform::Op;
use chrono::{Days, NaiveDate};

fn person(conn: &mut DbConn, name: &str) -> Result<(crate::auth::model::User, Actor), String> {
    let user = crate::auth::model::by_username(conn, name)
        .map_err(|e| e.to_string())?
        .ok_or(format!("no demo user {name}"))?;
    let actor = Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        client_addr: "demo".into(),
    };
    Ok((user, actor))
}

fn ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn applicant(name: &str, sex: Sex, birth: (i32, u32, u32)) -> registry::ApplicantInput {
    registry::ApplicantInput {
        name: name.into(),
        sex: Some(sex),
        birth_date: NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2),
        children_count: Some(0),
        disqualifying_disease: false,
        harmful_record: false,
        able_to_raise: true,
        overseas_chinese: false,
        foreign_national: false,
    }
}

/// Start the assessment `started` days ago by a team of two and the integration period `integration`
/// days ago (the application is at version 1 and goes to 2).
fn assess(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    today: NaiveDate,
    started: u64,
    integration: u64,
) -> AppResult<Result<(), FieldErrors>> {
    let input = assessment::StartInput {
        mode: Some(Mode::Team),
        assessors: "王敏\n李强".into(),
        agency: String::new(),
        agreement_ref: String::new(),
        started_on: Some(ago(today, started)),
        third_party: Default::default(),
    };
    if let Err(x) = assessment::start(conn, op, id, &input)? {
        return Ok(Err(x));
    }
    assessment::start_integration(conn, op, id, Some(ago(today, integration)), 1)
}

fn visit(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    on: NaiveDate,
) -> AppResult<Result<(), FieldErrors>> {
    after::record_visit(
        conn,
        op,
        id,
        after::VisitKind::Integration,
        &after::VisitInput {
            visited_on: Some(on),
            visitor: "王敏".into(),
            notes: "儿童适应良好，与申请人关系融洽。".into(),
        },
    )
}

/// The adoption module's demo data.
pub fn seed_module(conn: &mut DbConn, env: &DemoEnv<'_>) -> Result<(), String> {
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    let (head, head_actor) = person(conn, "head.cc")?;
    let (reg, reg_actor) = person(conn, "registrar.cc")?;
    let (today, now) = (env.today, env.now);
    let hop = Op {
        tr,
        user: &head,
        actor: &head_actor,
        today,
        now,
    };
    let rop = Op {
        tr,
        user: &reg,
        actor: &reg_actor,
        today,
        now,
    };
    let inst = head.institution_id.ok_or("head.cc has no institution")?;
    let kids = crate::archive::active_children(conn, &[inst], 200).map_err(|e| e.to_string())?;
    // The last children by archive number (so the other modules' demo children stay as they are) who
    // are under 14 and in care for more than 60 days (the registration date is after intake).
    let mut pick = Vec::new();
    for k in kids.iter().rev() {
        let f = crate::archive::adoption_facts(conn, k.id).map_err(|x| x.to_string())?;
        if crate::clock::age_on(f.birth_date, today) < 14 && f.intake_date <= ago(today, 60) {
            pick.push(k.id);
        }
        if pick.len() == 4 {
            break;
        }
    }
    let [a, b, c, d] = pick[..] else {
        return Err("fewer than four children at 长春市儿童福利院".into());
    };
    let e = |x: crate::error::AppError| x.to_string();
    let fe = |x: crate::platform::FieldErrors| format!("demo form refused: {:?}", x.fields());
    let mark = |conn: &mut DbConn, child, category, notice: Option<NaiveDate>| {
        registry::mark_available(
            conn,
            &hop,
            &registry::MarkInput {
                child,
                category: Some(category),
                basis: "民法典 第1093条、第1094条(二)".into(),
                notice_start: notice,
                notice_medium: notice.map(|_| "吉林日报".to_string()).unwrap_or_default(),
                notice_result: String::new(),
                trafficked: false,
                police_certificate: None,
            },
        )
    };
    let apply = |conn: &mut DbConn, child, received, applicants| {
        registry::file_application(
            conn,
            &rop,
            &registry::ApplicationInput {
                child,
                received_on: Some(received),
                married: true,
                spouse_joins: true,
                relation: Some(Relation::None),
                child_consent: Some(true),
                prior_adoptions: 0,
                applicants,
            },
        )
    };
    // 1. Registered, archive closed under secrecy.
    mark(conn, a, Category::Orphan, None)
        .map_err(e)?
        .map_err(fe)?;
    let id = apply(
        conn,
        a,
        ago(today, 45),
        vec![
            applicant("周建国", Sex::Male, (1984, 5, 12)),
            applicant("林秀英", Sex::Female, (1986, 9, 3)),
        ],
    )
    .map_err(e)?
    .map_err(fe)?;
    // The assessment (ADP-19…ADP-23): team of two, 30-day integration with a visit, report 适宜.
    assess(conn, &rop, id, today, 44, 40)
        .map_err(e)?
        .map_err(fe)?;
    visit(conn, &rop, id, ago(today, 20))
        .map_err(e)?
        .map_err(fe)?;
    assessment::report(
        conn,
        &rop,
        id,
        &assessment::ReportInput {
            findings: Item::ALL
                .iter()
                .map(|i| (*i, "良好。".to_string()))
                .collect(),
            flags: Vec::new(),
            conclusion: Some(Conclusion::Suitable),
            reasons: "申请人具备抚养、教育和保护被收养人的能力，融合情况良好。".into(),
            reported_on: Some(ago(today, 5)),
        },
    )
    .map_err(e)?
    .map_err(fe)?;
    // The applicants' documents handed in (ADP-18, 登记办法 第6条).
    super::service::documents::attach_required_samples(conn, &rop, id, env.uploads)
        .map_err(e)?
        .map_err(fe)?;
    decision::register(
        conn,
        &rop,
        id,
        &decision::RegisterInput {
            certificate_no: "长民收登字（2026）第0012号".into(),
            date: Some(ago(today, 3)),
            attended: true,
            secrecy: true,
            confirm: true,
            version: 2,
        },
    )
    .map_err(e)?
    .map_err(fe)?;
    // 2. In its integration period (融合期, ADP-22) since ten days.
    mark(conn, b, Category::ParentsDifficulty, None)
        .map_err(e)?
        .map_err(fe)?;
    let id = apply(
        conn,
        b,
        ago(today, 12),
        vec![
            applicant("郑海涛", Sex::Male, (1982, 2, 28)),
            applicant("何丽", Sex::Female, (1983, 11, 30)),
        ],
    )
    .map_err(e)?
    .map_err(fe)?;
    assess(conn, &rop, id, today, 11, 10)
        .map_err(e)?
        .map_err(fe)?;
    visit(conn, &rop, id, ago(today, 3))
        .map_err(e)?
        .map_err(fe)?;
    // 3. Refused with reasons: one applicant under 30 (民法典 第1098条(五)).
    mark(conn, c, Category::Orphan, None)
        .map_err(e)?
        .map_err(fe)?;
    let id = apply(
        conn,
        c,
        ago(today, 40),
        vec![
            applicant("吴磊", Sex::Male, (1999, 8, 8)),
            applicant("孙静", Sex::Female, (1998, 1, 20)),
        ],
    )
    .map_err(e)?
    .map_err(fe)?;
    decision::refuse(
        conn,
        &rop,
        id,
        "申请人吴磊未满三十周岁，不符合民法典第1098条第（五）项的规定。",
        true,
        1,
    )
    .map_err(e)?
    .map_err(fe)?;
    // 4. A parents-unknown child in the 60-day public notice (ADP-15), published 20 days ago.
    mark(conn, d, Category::ParentsUnknown, Some(ago(today, 20)))
        .map_err(e)?
        .map_err(fe)?;
    Ok(())
}
