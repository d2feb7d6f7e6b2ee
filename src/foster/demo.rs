//! Demo foster data (issue 12 point 11) at 长春市儿童福利院: two signed families with a child placed,
//! one of them with an earlier placement that was terminated; one family assessed and waiting for the
//! head's review; one refused with its reasons. Everything goes through the service functions.

use super::form::{FamilyForm, MemberForm, StepForm};
use super::model::FamilyId;
use super::placement::ChildFacts;
use crate::audit::Actor;
use crate::db::DbConn;
use crate::platform::module::DemoEnv;
use crate::platform::Op;
use diesel::prelude::*;

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

fn s(v: &str) -> String {
    v.to_string()
}

fn family(
    name: &str,
    caregiver: &str,
    birth: &str,
    professional: &str,
    volunteer: bool,
) -> FamilyForm {
    FamilyForm {
        family_name: s(name),
        hukou_place: s("吉林省长春市朝阳区"),
        hukou_local: s("yes"),
        residence_kind: s("owned"),
        fixed_residence: s("yes"),
        area: s("168.6"),
        address: s("长春市朝阳区红旗街18号"),
        income: s("46000"),
        caregiver_name: s(caregiver),
        caregiver_birth_date: s(birth),
        caregiver_education: s("senior_high"),
        caregiver_healthy: s("yes"),
        professional: s(professional),
        volunteer: if volunteer { s("yes") } else { s("no") },
        phone: s("0431-80000000"),
        near_medical: s("yes"),
        ..FamilyForm::default()
    }
}

fn member(name: &str, relation: &str, birth: &str) -> MemberForm {
    MemberForm {
        name: s(name),
        relation: s(relation),
        birth_date: s(birth),
        health: s("健康"),
        education: s("senior_high"),
        occupation: s("职员"),
        consents: s("yes"),
        ..MemberForm::default()
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn new_family(
    c: &mut DbConn,
    op: &Op,
    f: FamilyForm,
    members: &[MemberForm],
) -> Result<FamilyId, String> {
    let fields = f
        .validate(op.tr, op.today)
        .map_err(|e| format!("{:?}", e.fields()))?;
    let id = super::service::create(c, op, &fields).map_err(err)?;
    for m in members {
        let mf = m
            .validate(op.tr, op.today)
            .map_err(|e| format!("{:?}", e.fields()))?;
        super::service::add_member(c, op, id, &mf).map_err(err)?;
    }
    Ok(id)
}

fn assess(c: &mut DbConn, op: &Op, id: FamilyId) -> Result<(), String> {
    let form = StepForm {
        visit_date: (op.today - chrono::Duration::days(40)).to_string(),
        assessors: s("张社工、李社工"),
        score_home: s("4"),
        score_parenting: s("4"),
        score_relations: s("5"),
        score_community: s("4"),
        narrative: s("实地走访：住房宽敞整洁，家庭关系和睦，邻里评价良好，主要照料人有育儿经验。"),
        ..StepForm::default()
    };
    let a = form
        .assessment(op.tr, op.today)
        .map_err(|e| format!("{:?}", e.fields()))?;
    super::steps::assess(c, op, id, &a).map_err(err)
}

fn through_signing(c: &mut DbConn, social: &Op, head: &Op, id: FamilyId) -> Result<(), String> {
    assess(c, social, id)?;
    super::steps::review(c, head, id, true, "符合家庭寄养条件").map_err(err)?;
    let d = social.today - chrono::Duration::days(30);
    super::steps::training(c, social, id, d, 80, "儿童照料与安全").map_err(err)?;
    let a = super::steps::Agreement {
        period_from: social.today - chrono::Duration::days(25),
        period_to: social.today + chrono::Duration::days(3 * 365),
        rights_obligations: s("按长春市家庭寄养协议范本第二、三章。"),
        caregiver: s("—"),
        integration_days: 60,
        breach_liability: s("按协议范本第五章处理。"),
        signed_on: social.today - chrono::Duration::days(25),
    };
    super::steps::sign(c, social, id, &a).map_err(err)
}

/// Moves a demo placement's start back (and its integration period with it), so the demo shows a
/// placement some weeks old.
fn backdate(c: &mut DbConn, placement: i64, started: chrono::NaiveDate) -> Result<(), String> {
    use crate::db::schema::foster_placements as fp;
    let (old_start, until): (chrono::NaiveDate, chrono::NaiveDate) = fp::table
        .find(placement)
        .select((fp::started_on, fp::integration_until))
        .first(c)
        .map_err(err)?;
    diesel::update(fp::table.find(placement))
        .set((
            fp::started_on.eq(started),
            fp::integration_until.eq(until - (old_start - started)),
        ))
        .execute(c)
        .map_err(err)?;
    Ok(())
}

/// The application papers (第12条(一), FOS-13) of a demo family: every member's written consent and the
/// proofs of income and housing, and of health unless `health` is false (the demo then shows the
/// missing proof with its article). One small PDF in the archive's store stands for each paper.
fn file_papers(
    c: &mut DbConn,
    env: &DemoEnv<'_>,
    p: &Person,
    id: FamilyId,
    health: bool,
) -> Result<(), String> {
    use super::documents::{insert_demo, DocKind};
    let sha = crate::archive::store_bytes(
        env.uploads,
        b"%PDF-1.4\n% Fuyu demo paper\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    )
    .map_err(err)?;
    for m in super::model::members(c, id).map_err(err)? {
        insert_demo(
            c,
            id,
            DocKind::Consent,
            Some(m.id),
            &sha,
            p.user.id.0,
            env.now,
        )
        .map_err(err)?;
    }
    let mut kinds = vec![DocKind::Income, DocKind::Housing, DocKind::Hukou];
    if health {
        kinds.push(DocKind::Health);
    }
    for k in kinds {
        insert_demo(c, id, k, None, &sha, p.user.id.0, env.now).map_err(err)?;
    }
    Ok(())
}

pub fn seed_module(conn: &mut DbConn, env: &DemoEnv<'_>) -> Result<(), String> {
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    let (social, head) = (person(conn, "social.cc")?, person(conn, "head.cc")?);
    fn at<'a>(p: &'a Person, tr: &'static crate::platform::Catalogue, env: &DemoEnv<'_>) -> Op<'a> {
        Op {
            tr,
            user: &p.user,
            actor: &p.actor,
            today: env.today,
            now: env.now,
        }
    }
    let (so, ho) = (at(&social, tr, env), at(&head, tr, env));
    let c = conn;
    let wang = new_family(
        c,
        &so,
        // Near a rehabilitation centre and a special-education school (FOS-23, 第10条).
        FamilyForm {
            near_rehab: s("yes"),
            near_special_education: s("yes"),
            ..family("王建国家庭", "王建国", "1978-05-02", "social_work", true)
        },
        &[
            member("王建国", "self", "1978-05-02"),
            member("李梅", "spouse", "1980-09-12"),
        ],
    )?;
    file_papers(c, env, &social, wang, true)?;
    through_signing(c, &so, &ho, wang)?;
    let liu = new_family(
        c,
        &so,
        family("刘志强家庭", "刘志强", "1972-03-15", "none", false),
        &[member("刘志强", "self", "1972-03-15")],
    )?;
    file_papers(c, env, &social, liu, true)?;
    through_signing(c, &so, &ho, liu)?;
    let chen = new_family(
        c,
        &so,
        family("陈丽家庭", "陈丽", "1985-11-20", "education", false),
        &[member("陈丽", "self", "1985-11-20")],
    )?;
    // 陈丽家庭 has not yet brought its proof of health: the record shows FOS-13 with 第12条(一).
    file_papers(c, env, &social, chen, false)?;
    assess(c, &so, chen)?;
    let zhao = new_family(
        c,
        &so,
        family("赵刚家庭", "赵刚", "1990-01-08", "none", false),
        &[
            member("赵刚", "self", "1990-01-08"),
            member("赵小宇", "son", "2022-04-01"),
        ],
    )?;
    file_papers(c, env, &social, zhao, true)?;
    assess(c, &so, zhao)?;
    super::steps::review(
        c,
        &ho,
        zhao,
        false,
        "家中有未满六周岁的儿童（家庭寄养管理办法 第9条），暂不符合条件。",
    )
    .map_err(err)?;
    // Placements: the youngest children in care at the institution (no opinion needed under 8).
    let inst: Vec<crate::org::InstitutionId> = social.user.institution_id.into_iter().collect();
    let kids: Vec<crate::archive::ChildSummary> = crate::archive::active_children(c, &inst, 500)
        .map_err(err)?
        .into_iter()
        .filter(|k| crate::clock::age_on(k.birth_date, env.today) < 8)
        .take(3)
        .collect();
    let facts = ChildFacts {
        severe_disability: false,
        consent: None,
        opinion: String::new(),
    };
    let place =
        |c: &mut DbConn, id: FamilyId, k: &crate::archive::ChildSummary| -> Result<i64, String> {
            match super::placement::place(c, &so, id, k.id, &facts).map_err(err)? {
                Ok(p) => Ok(p),
                Err(super::placement::PlaceRefusal::Engine(fs)) => Err(format!(
                    "demo placement of {} refused: {:?}",
                    k.archive_no,
                    fs.iter().map(|f| f.rule.id()).collect::<Vec<_>>()
                )),
                Err(_) => Err(format!("demo placement of {} refused", k.archive_no)),
            }
        };
    if let [a, b, rest @ ..] = kids.as_slice() {
        let w = place(c, wang, a)?;
        // 王建国家庭: placed 45 days ago and never visited — the monthly visit (FOS-22) is overdue.
        backdate(c, w, env.today - chrono::Duration::days(45))?;
        // 刘志强家庭: a first placement ended on the family's request, then another child placed.
        let first = place(c, liu, b)?;
        super::placement::terminate(
            c,
            &so,
            first,
            "family",
            "family_request",
            "家庭因照料人工作调动提出解除，提前一个月书面通知。",
            "社工已安排两次心理疏导。",
            Some(env.today),
        )
        .map_err(err)?;
        if let Some(k) = rest.first() {
            let p = place(c, liu, k)?;
            // Placed 40 days ago and visited 10 days ago: the next visit is on time.
            backdate(c, p, env.today - chrono::Duration::days(40))?;
            let visit = super::visits::NewVisit {
                kind: super::rules::visits::VisitKind::Scheduled,
                visited_on: env.today - chrono::Duration::days(10),
                visitor: s("社工 张敏"),
                health: s("身体健康，按时体检。"),
                schooling: s("在社区幼儿园就读，适应良好。"),
                home: s("居室整洁，有独立床位。"),
                relationship: s("与照料人亲近，称呼“刘爸爸”。"),
                concerns: String::new(),
            };
            match super::visits::record(c, &so, liu, p, &visit).map_err(err)? {
                Ok(_) => {}
                Err(r) => return Err(format!("demo visit refused: {r:?}")),
            }
        }
    }
    Ok(())
}
