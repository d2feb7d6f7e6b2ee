//! Demo young people (issue 16 point 10) at 长春市儿童福利院, admitted through the archive's intake with
//! exact birth dates relative to the demo day: one 7 months before 18 (window not open yet), one inside
//! the window with an assessment, one with a plan awaiting approval (found in 农安县, so the county sees
//! them as the responsible placing authority), one at university (study deferral), and one placed last
//! year (discharged with reason "adult placement").

use super::service::aftercare::{self, ContactForm};
use super::service::fucai::{self, EnrolmentForm};
use super::service::leaving::{self, ConfirmForm, DischargeForm};
use super::service::plan::{self, Decision, PlanForm};
use super::service::records::{self, AssessmentForm, DeferralForm};
use crate::archive::form::ChildForm;
use crate::archive::ChildId;
use crate::audit::Actor;
use crate::db::DbConn;
use crate::platform::{DemoEnv, Op};
use chrono::{Months, NaiveDate};

struct Person {
    user: crate::auth::model::User,
    actor: Actor,
}

fn person(conn: &mut DbConn, name: &str) -> Result<Person, String> {
    let user = crate::auth::model::by_username(conn, name)
        .map_err(|e| e.to_string())?
        .ok_or(format!("no demo user {name}"))?;
    let actor = Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        client_addr: "demo".into(),
    };
    Ok(Person { user, actor })
}

fn born(today: NaiveDate, years: u32, months_more: i32) -> NaiveDate {
    let base = today
        .checked_sub_months(Months::new(years * 12))
        .unwrap_or(today);
    if months_more >= 0 {
        base.checked_sub_months(Months::new(months_more as u32))
    } else {
        base.checked_add_months(Months::new((-months_more) as u32))
    }
    .unwrap_or(base)
}

fn admit(
    op: &Op<'_>,
    c: &mut DbConn,
    name: &str,
    birth: NaiveDate,
    found: &str,
) -> Result<ChildId, String> {
    let intake = birth.checked_add_months(Months::new(24)).unwrap_or(birth);
    let f = ChildForm {
        legal_name: name.into(),
        sex: "M".into(),
        birth_date: birth.to_string(),
        ethnicity: "汉族".into(),
        hukou_status: "registered".into(),
        hukou_place: "长春市二道区".into(),
        found_date: intake.to_string(),
        found_place: found.into(),
        found_by: "派出所".into(),
        police_report_no: format!("捡字〔{}〕1号", intake.format("%Y")),
        guardian_department: "长春市民政局".into(),
        allowance_category: "orphan-institution".into(),
        wc_orphan: Some("1".into()),
        // Admitted as a toddler, before the 2026 revision: the 2018 list of categories applies.
        intake_category: "2018-unidentified".into(),
        case_type: "abandoned".into(),
        intake_date: intake.to_string(),
        ..ChildForm::default()
    };
    match crate::archive::admit(c, op, &f).map_err(|e| e.to_string())? {
        Ok(id) => Ok(id),
        Err(e) => Err(format!("demo intake of {name}: {:?}", e.fields())),
    }
}

fn must<T>(
    r: crate::error::AppResult<Result<T, crate::platform::FieldErrors>>,
    what: &str,
) -> Result<T, String> {
    match r.map_err(|e| format!("{what}: {e}"))? {
        Ok(v) => Ok(v),
        Err(e) => Err(format!(
            "{what}: {:?}",
            e.fields().iter().map(|f| (f, e.msg(f))).collect::<Vec<_>>()
        )),
    }
}

fn assessment(on: NaiveDate, pathway: &str) -> AssessmentForm {
    AssessmentForm {
        assessed_on: on.to_string(),
        assessor_kind: "staff".into(),
        panel_members: String::new(),
        labour_capacity: "具备劳动能力，完成中职烹饪专业实习。".into(),
        civil_capacity: "完全民事行为能力。".into(),
        self_care: "生活完全自理。".into(),
        mental_physical: "身体健康，情绪稳定。".into(),
        education_skills: "中职在读，持中式烹调师（初级）证书。".into(),
        wishes: "“我想去饭店当厨师，自己租房住。”".into(),
        conclusion: "具备社会化安置条件。".into(),
        proposed_pathway: pathway.into(),
    }
}

fn plan_form(placement: NaiveDate) -> PlanForm {
    PlanForm {
        pathway: "social".into(),
        steps: "1. 联系就业单位并签订劳动合同\n2. 申请公共租赁住房\n3. 办理户口迁移和医保".into(),
        responsible_bodies: "长春市民政局；人社部门；住建部门".into(),
        placement_on: placement.to_string(),
        transition_subsidy_yuan: "1500".into(),
        settlement_yuan: "25000".into(),
        rent_support_yuan: "9600".into(),
        version: String::new(),
    }
}

pub fn seed(conn: &mut DbConn, env: &DemoEnv<'_>) -> Result<(), String> {
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    let (social, head, sup) = (
        person(conn, "social.cc")?,
        person(conn, "head.cc")?,
        person(conn, "supervisor.cc")?,
    );
    fn op<'a>(p: &'a Person, tr: &'static crate::platform::Catalogue, env: &DemoEnv<'_>) -> Op<'a> {
        Op {
            tr,
            user: &p.user,
            actor: &p.actor,
            today: env.today,
            now: env.now,
        }
    }
    let (sw, hd, sv) = (op(&social, tr, env), op(&head, tr, env), op(&sup, tr, env));
    let today = env.today;
    // 7 months before 18: the window opens in a month.
    admit(&sw, conn, "邓晓雨", born(today, 18, -7), "长春市南关区")?;
    // Inside the window (4 months before 18) with an assessment.
    let b = admit(&sw, conn, "彭浩宁", born(today, 18, -4), "长春市朝阳区")?;
    must(
        records::assess(conn, &sw, b, &assessment(today, "social")),
        "assessment",
    )?;
    // Plan awaiting approval (2 months before 18), found in 农安县: the county places.
    let c = admit(
        &sw,
        conn,
        "蒋梦琪",
        born(today, 18, -2),
        "农安县合隆镇派出所门前",
    )?;
    must(
        records::assess(conn, &sw, c, &assessment(today, "social")),
        "assessment",
    )?;
    let plac = born(today, 0, -3);
    must(plan::save(conn, &sw, c, &plan_form(plac)), "plan")?;
    must(
        plan::decide(conn, &hd, c, Decision::Submit, "", 1),
        "submit",
    )?;
    // At university (19 years 2 months): deferred by full-time study (ADU-02).
    let d = admit(&sw, conn, "袁子骞", born(today, 19, 2), "长春市绿园区")?;
    must(
        records::set_deferral(
            conn,
            &sw,
            d,
            &DeferralForm {
                deferral: "study".into(),
                deferral_detail: "吉林大学（全日制本科，2025级）".into(),
                left_on: String::new(),
            },
        ),
        "deferral",
    )?;
    // 福彩圆梦: the two terms of the current academic year confirmed.
    for (term, ago) in [("第一学期", 2), ("第二学期", 0)] {
        let g = EnrolmentForm {
            academic_year: "2026-2027".into(),
            term: term.into(),
            school: "吉林大学".into(),
            level: "higher".into(),
            enrolment_confirmed_on: born(today, 0, ago).to_string(),
            orphan_identified_on: born(today, 15, 0).to_string(),
            disabled: String::new(),
            full_time: "yes".into(),
        };
        must(fucai::confirm(conn, &sw, d, &g), "enrolment")?;
    }
    // Placed last year: assessment, approved plan, checklist, discharge.
    let e = admit(&sw, conn, "姚思源", born(today, 20, 6), "长春市宽城区")?;
    let last_year = born(today, 1, 0);
    must(
        records::assess(conn, &sw, e, &assessment(born(today, 1, 5), "social")),
        "assessment",
    )?;
    must(plan::save(conn, &sw, e, &plan_form(last_year)), "plan")?;
    must(
        plan::decide(conn, &hd, e, Decision::Submit, "", 1),
        "submit",
    )?;
    must(
        plan::decide(conn, &sv, e, Decision::Approve, "同意。", 2),
        "approve",
    )?;
    for item in super::rules::checklist::ITEMS {
        let f = ConfirmForm {
            item: item.into(),
            confirmed_by_name: "陈社工".into(),
            confirmed_on: last_year.to_string(),
            note: String::new(),
        };
        must(leaving::confirm(conn, &sw, e, &f), "checklist")?;
    }
    let f = DischargeForm {
        date: last_year.to_string(),
        note: "就业于长春市某酒店后厨，入住公租房。".into(),
        confirm: "yes".into(),
    };
    must(leaving::discharge(conn, &sw, e, &f), "discharge")?;
    // Two follow-ups since, one with a concern.
    for (months_ago, note, concern) in [
        (9, "工作稳定，按时缴纳房租。", ""),
        (
            3,
            "换了工作，收入下降，房租吃紧；已联系街道就业服务。",
            "yes",
        ),
    ] {
        let c = ContactForm {
            contact_on: born(today, 0, months_ago).to_string(),
            kind: "followup".into(),
            note: note.into(),
            concern: concern.into(),
        };
        must(aftercare::record(conn, &sw, e, &c), "follow-up")?;
    }
    Ok(())
}
