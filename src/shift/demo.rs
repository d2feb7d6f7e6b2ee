//! Demo data (issue 15 point 10), written through the services as in real use: CC-CWI gets four
//! living units (one over capacity, so the head has a task), its children in beds (the under-threes in
//! the infant room, whose 08:00 vitamin D orders from the care demo make the medication round; today's
//! 08:00 doses are past the window at seeding time, so they are missed and alert the medical staff and
//! the head), the caregiver on the infant room's day shift for a week, this morning's care log, and
//! last night's handover by the duty nurse awaiting the day shift's acknowledgement.

use super::service::{log, round, units};
use crate::audit::Actor;
use crate::db::schema::institutions;
use crate::db::DbConn;
use crate::platform::module::DemoEnv;
use crate::platform::Op;
use chrono::Duration;
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

fn op_at<'a>(p: &'a Person, env: &DemoEnv<'_>, minutes_ago: i64) -> Op<'a> {
    let now = env.now - Duration::minutes(minutes_ago);
    Op {
        tr: crate::platform::catalogue(crate::platform::Lang::Zh),
        user: &p.user,
        actor: &p.actor,
        today: (now + Duration::hours(8)).date(),
        now,
    }
}

fn fail(e: super::service::Failure) -> String {
    format!("{e:?}")
}

pub fn seed(c: &mut DbConn, env: &DemoEnv<'_>) -> Result<(), String> {
    let (head, caregiver, medical) = (
        person(c, "head.cc")?,
        person(c, "caregiver.cc")?,
        person(c, "medical.cc")?,
    );
    let inst: crate::org::InstitutionId = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(c)
        .map_err(|e| e.to_string())?;
    let op = op_at(&head, env, 60 * 24 * 30);
    let mut ids = Vec::new();
    for (name, kind, cap) in [
        ("向日葵家庭", "family", "6"),
        ("小星星婴儿室", "infant", "8"),
        ("康复病区", "rehab", "10"),
        ("观察室", "observation", "1"),
    ] {
        let f = units::UnitInput {
            name: name.into(),
            kind: kind.into(),
            capacity: cap.into(),
            idem: String::new(),
        };
        let id = units::create_unit(c, &op, &f)
            .map_err(fail)?
            .ok_or("unit not created")?;
        ids.push(id);
    }
    let kids = crate::archive::active_children(c, &[inst], 200).map_err(|e| e.to_string())?;
    let mut infants = Vec::new();
    for (i, s) in kids.iter().enumerate() {
        let young = crate::clock::age_on(s.birth_date, env.today) < 3;
        let unit = if young {
            ids[1]
        } else {
            match i % 4 {
                0 | 1 => ids[0],
                2 => ids[2],
                _ => ids[3],
            }
        };
        if young {
            infants.push(s.id);
        }
        let f = units::PlaceInput {
            child: s.id.to_string(),
            bed: format!("{}", i + 1),
            idem: String::new(),
        };
        units::place(c, &op, unit, &f).map_err(fail)?;
    }
    // The caregiver on the infant room's day shift for a week; nobody on the night shift's roster
    // yet (the duty nurse covers it).
    for d in 0..7 {
        let f = units::RosterInput {
            user: caregiver.user.id.to_string(),
            date: (env.today + Duration::days(d)).to_string(),
            shift: "day".into(),
            idem: String::new(),
        };
        units::roster(c, &op_at(&head, env, 60), ids[1], &f).map_err(fail)?;
    }
    // This morning's log: breakfast for every infant, one refused; one temperature above the alert.
    if !infants.is_empty() {
        let cg = op_at(&caregiver, env, 90);
        let f = log::LogInput {
            children: infants.iter().skip(1).map(|k| i64::from(*k)).collect(),
            kind: "meal".into(),
            value: "all".into(),
            ..Default::default()
        };
        if !f.children.is_empty() {
            log::quick(c, &cg, &f).map_err(fail)?;
        }
        let first = i64::from(infants[0]);
        for (kind, value, temp, note) in [
            ("meal", "refused", "", "早餐只喝了几口奶"),
            ("temperature", "", "37.8", "午前复测"),
            ("sleep", "good", "", ""),
        ] {
            let f = log::LogInput {
                children: vec![first],
                kind: kind.into(),
                value: value.into(),
                temperature: temp.into(),
                note: note.into(),
                ..Default::default()
            };
            log::quick(c, &cg, &f).map_err(fail)?;
        }
    }
    // Last night's handover by the duty nurse, waiting for the day shift.
    let nurse = op_at(&medical, env, 60 * 3);
    let mut f = round::HandoverInput {
        note: "夜间平稳。3床凌晨哭闹两次，已安抚。".into(),
        ..Default::default()
    };
    if let Some(k) = infants.first() {
        f.lines
            .push((i64::from(*k), "夜里咳嗽，请白班留意体温。".into()));
    }
    round::write_handover(c, &nurse, ids[1], &f).map_err(fail)?;
    // Yesterday's round was done: every scheduled dose given five minutes after its time.
    let local_now = super::rules::local(env.now);
    let yesterday = local_now.date() - Duration::days(1);
    for k in &infants {
        let orders =
            crate::care::interface::active_orders(c, *k, yesterday).map_err(|e| e.to_string())?;
        for o in orders {
            for due in super::rules::doses_of_day(&super::service::mar::schedule_of(&o), yesterday)
            {
                let at = super::rules::utc_of(due + Duration::minutes(5));
                let minutes_ago = (env.now - at).num_minutes();
                let f = super::service::mar::MarkInput {
                    child: k.to_string(),
                    order: o.id.to_string(),
                    due: due.format("%Y-%m-%dT%H:%M").to_string(),
                    outcome: "given".into(),
                    ..Default::default()
                };
                super::service::mar::mark(c, &op_at(&caregiver, env, minutes_ago), &f)
                    .map_err(fail)?;
            }
        }
    }
    // The round as the caregiver opens it: today's 08:00 doses are past the window → missed (MAR-03).
    let kids: Vec<crate::archive::ChildId> = infants.clone();
    let div = super::service::division_of(c, i64::from(inst)).map_err(|e| e.to_string())?;
    let p = super::service::policies(c, div, env.today).map_err(|e| e.to_string())?;
    super::service::mar::sweep(c, &op_at(&caregiver, env, 0), &kids, p.missed_window)
        .map_err(fail)?;
    // An open incident with a pending mandatory report (point 10): a child found missing at the
    // after-lunch head count a quarter of an hour ago (RPT-05: police and civil affairs at once).
    let older = crate::archive::active_children(c, &[inst], 1000).map_err(|e| e.to_string())?;
    if let Some(k) = older.iter().rev().find(|s| !infants.contains(&s.id)) {
        let found = super::rules::local(env.now - Duration::minutes(15));
        let f = super::incidents::service::IncidentInput {
            kind: "missing".into(),
            occurred: found.format("%Y-%m-%dT%H:%M").to_string(),
            place: "院内操场".into(),
            description: "午休后清点人数时发现该儿童不在，最后一次见到是在操场。".into(),
            action_taken: "全院搜寻，调取监控，已报告院长。".into(),
            children: vec![i64::from(k.id)],
            idem: "demo-incident-missing".into(),
            ..Default::default()
        };
        super::incidents::service::create(c, &op_at(&caregiver, env, 10), &f).map_err(fail)?;
    }
    Ok(())
}
