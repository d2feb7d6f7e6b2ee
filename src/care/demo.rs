//! Demo data (issue 14 point 10), written through the services so every record files its archive
//! entry and audit row as in real use: every child in care at CC-CWI gets a plan (approved; the first
//! one approved long ago so its review is overdue; the second one submitted and awaiting the head),
//! assessments (the fourth child's development assessment overdue), growth history against the WHO
//! standard, a medication order and immunisations (the fifth child missing MMR, so overdue), and the
//! first child an allergy.

use super::rules::growth::{self, Indicator};
use super::service::{plans, plans::GoalInput, records, records::RecordInput};
use crate::audit::Actor;
use crate::db::schema::institutions;
use crate::db::DbConn;
use crate::platform::module::DemoEnv;
use crate::platform::Op;
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;

struct Person {
    user: crate::auth::model::User,
    actor: Actor,
}

fn person(c: &mut DbConn, name: &str) -> Result<Person, String> {
    let user = crate::auth::model::by_username(c, name)
        .map_err(|e| e.to_string())?
        .ok_or(format!("no demo user {name}"))?;
    let actor = Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        client_addr: "demo".into(),
    };
    Ok(Person { user, actor })
}

fn op_at<'a>(
    p: &'a Person,
    tr: &'static crate::platform::Catalogue,
    env: &DemoEnv<'_>,
    days_ago: i64,
) -> Op<'a> {
    Op {
        tr,
        user: &p.user,
        actor: &p.actor,
        today: env.today - Duration::days(days_ago),
        now: env.now - Duration::days(days_ago),
    }
}

/// A demo step that failed (a database error converts too, for the per-child transaction).
struct DemoErr(String);

impl From<diesel::result::Error> for DemoErr {
    fn from(e: diesel::result::Error) -> Self {
        DemoErr(e.to_string())
    }
}

impl From<String> for DemoErr {
    fn from(e: String) -> Self {
        DemoErr(e)
    }
}

fn fail(e: super::service::Failure) -> String {
    format!("{e:?}")
}

fn goal(part: &str, g: &str, how: &str, often: &str, who: &str, target: NaiveDate) -> GoalInput {
    GoalInput {
        part: part.into(),
        goal: g.into(),
        intervention: how.into(),
        frequency: often.into(),
        responsible: who.into(),
        target_date: target.to_string(),
    }
}

pub fn seed(c: &mut DbConn, env: &DemoEnv<'_>) -> Result<(), String> {
    super::service::bulk(|| seed_all(c, env))
}

fn seed_all(c: &mut DbConn, env: &DemoEnv<'_>) -> Result<(), String> {
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    let (social, head, medical) = (
        person(c, "social.cc")?,
        person(c, "head.cc")?,
        person(c, "medical.cc")?,
    );
    let inst: crate::org::InstitutionId = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(c)
        .map_err(|e| e.to_string())?;
    let kids = crate::archive::active_children(c, &[inst], 200).map_err(|e| e.to_string())?;
    for (i, s) in kids.iter().enumerate() {
        seed_child(c, env, tr, (&social, &head, &medical), i, s.id)?;
    }
    // Rehabilitation, education and social work (demo_more), one transaction.
    let ids: Vec<crate::archive::ChildId> = kids.iter().map(|s| s.id).collect();
    let op_at_role = |who: &str, days: i64| {
        let p = if who == "medical" { &medical } else { &social };
        op_at(p, tr, env, days)
    };
    crate::db::write_tx(c, |c| -> Result<(), DemoErr> {
        Ok(super::demo_more::seed(c, &op_at_role, env.today, &ids)?)
    })
    .map_err(|e| e.0)
}

fn seed_child(
    c: &mut DbConn,
    env: &DemoEnv<'_>,
    tr: &'static crate::platform::Catalogue,
    staff: (&Person, &Person, &Person),
    i: usize,
    child: crate::archive::ChildId,
) -> Result<(), String> {
    let (social, head, medical) = staff;
    crate::db::write_tx(c, |c| -> Result<(), DemoErr> {
        let k = crate::archive::load_for_law(c, child, crate::archive::LawfulAccess::DailyPass)
            .map_err(|e| e.to_string())?;
        // The plan: drafted and approved 200 days ago for the first child (review overdue), submitted
        // two days ago for the second (awaiting the head), approved a month ago for the others.
        let start = match i {
            0 => 200,
            1 => 2,
            _ => 31,
        };
        let op = op_at(social, tr, env, start);
        let id = plans::start(c, &op, child).map_err(fail)?;
        let target = op.today + Duration::days(180);
        for g in [
            goal(
                "daily",
                "按时作息，独立进食",
                "护理员示范并协助进餐，记录进食量",
                "每日",
                "护理员 王敏",
                target,
            ),
            goal(
                "medical",
                "按计划完成预防接种与体检",
                "医务室核对接种证，按时带往接种点",
                "每月核对",
                "医生 李静",
                target,
            ),
            goal(
                "rehab",
                "粗大运动能力提高一个等级",
                "康复训练：平衡与步行",
                "每周3次，每次40分钟",
                "康复师 赵强",
                target,
            ),
            goal(
                "education",
                "适应学前班集体生活",
                "教师个别化指导，参加集体活动",
                "每个工作日",
                "教师 刘芳",
                target,
            ),
            goal(
                "social",
                "与照护人建立稳定依恋",
                "社工每周陪伴游戏与情绪观察",
                "每周1次",
                "社工 陈晨",
                target,
            ),
        ] {
            plans::add_goal(c, &op, child, id, &g).map_err(fail)?;
        }
        plans::submit(c, &op, child, id, 1).map_err(fail)?;
        if i != 1 {
            let op = op_at(head, tr, env, start - 1);
            plans::decide(c, &op, child, id, true, "同意", 2).map_err(fail)?;
        }
        // Assessments: every kind three weeks ago; the fourth child's development assessment is
        // 400 days old instead (overdue on any schedule).
        for kind in ["development", "mental", "illness", "disability"] {
            let days = if i == 3 && kind == "development" {
                400
            } else {
                21
            };
            let by = if kind == "mental" { social } else { medical };
            let op = op_at(by, tr, env, days);
            let f = RecordInput {
                kind: kind.into(),
                date: op.today.to_string(),
                instrument: match kind {
                    "development" => "Gesell 发育量表",
                    "mental" => "儿童心理健康筛查",
                    "illness" => "体格检查",
                    _ => "残疾评定",
                }
                .into(),
                score: "—".into(),
                level: "正常范围".into(),
                narrative: "详见评估报告。".into(),
                assessor: if kind == "mental" {
                    "社工 陈晨"
                } else {
                    "医生 李静"
                }
                .into(),
                ..Default::default()
            };
            records::assessment(c, &op, child, &f).map_err(fail)?;
        }
        // Growth: three measurements, three months apart, near the WHO median (z from −0.6 to +0.4).
        for (n, days) in [180i64, 90, 7].into_iter().enumerate() {
            let on = env.today - Duration::days(days);
            if on < k.birth_date {
                continue;
            }
            let age = (on - k.birth_date).num_days();
            let z = -0.6 + 0.3 * n as f64 + 0.1 * (i % 3) as f64;
            let val = |ind| growth::lms_at(ind, &k.sex, age).map(|p| growth::value_at_sd(p, z));
            // Past five years the standard does not apply: plausible school-age figures.
            let years = age as f64 / 365.25;
            let weight = val(Indicator::WeightForAge).unwrap_or(8.0 + 2.5 * years);
            let height = val(Indicator::LengthForAge).unwrap_or(77.0 + 6.0 * years);
            let head_cm = val(Indicator::HeadForAge);
            let op = op_at(medical, tr, env, days);
            let f = RecordInput {
                date: on.to_string(),
                height_cm: format!("{height:.1}"),
                weight_kg: format!("{weight:.2}"),
                head_cm: head_cm.map_or(String::new(), |h| format!("{h:.1}")),
                measurer: "医生 李静".into(),
                ..Default::default()
            };
            records::growth(c, &op, child, &f).map_err(fail)?;
        }
        // A medication order each; a PRN order for older children.
        let op = op_at(medical, tr, env, 30);
        let young = crate::clock::age_on(k.birth_date, env.today) < 3;
        let f = RecordInput {
            drug: if young {
                "维生素D滴剂"
            } else {
                "布洛芬混悬液"
            }
            .into(),
            dose: if young { "400 IU" } else { "5 ml" }.into(),
            route: "口服".into(),
            times: if young { "08:00" } else { "" }.into(),
            prn: if young { "" } else { "yes" }.into(),
            date: op.today.to_string(),
            prescriber: "医生 李静".into(),
            ..Default::default()
        };
        records::order(c, &op, child, &f).map_err(fail)?;
        if i == 0 {
            let f = RecordInput {
                kind: "allergy".into(),
                text: "青霉素过敏".into(),
                ..Default::default()
            };
            records::condition(c, &op_at(medical, tr, env, 60), child, &f).map_err(fail)?;
        }
        // Immunisations: every dose due so far, on its due date (the fifth child without MMR).
        let eds = super::rules::immunisation::shipped();
        let s = super::rules::immunisation::for_child(&eds, k.birth_date);
        {
            let s = s.as_slice();
            let due = super::rules::immunisation::outstanding(s, k.birth_date, &[], env.today, 18);
            for d in due {
                if i == 4 && d.dose.vaccine == "MMR" {
                    continue;
                }
                let given = d.due_on.max(k.intake_date).min(env.today);
                let days = (env.today - given).num_days();
                let f = RecordInput {
                    vaccine: d.dose.vaccine.clone(),
                    dose_no: d.dose.dose.to_string(),
                    date: given.to_string(),
                    clinic: "朝阳区预防接种门诊".into(),
                    ..Default::default()
                };
                records::immunisation(c, &op_at(medical, tr, env, days), child, &f)
                    .map_err(fail)?;
            }
        }
        Ok(())
    })
    .map_err(|e| e.0)
}
