//! Demo appointments (issue 15 point 2b, session 7), planned through the service as in real use by
//! the CC-CWI medical staff: an under-three of the infant room (the caregiver's unit in the shift demo)
//! goes to the children's hospital tomorrow at 07:00 with the nurse — the night shift sees it on its
//! round (`shift::rules::span`) — and another has a rehabilitation session later today with a
//! volunteer, so the round shows both kinds of escort.

use crate::audit::Actor;
use crate::db::schema::institutions;
use crate::db::DbConn;
use crate::platform::module::DemoEnv;
use crate::platform::Op;
use chrono::{Duration, Timelike};
use diesel::prelude::*;

pub fn seed(c: &mut DbConn, env: &DemoEnv<'_>) -> Result<(), String> {
    let user = crate::auth::model::by_username(c, "medical.cc")
        .map_err(|e| e.to_string())?
        .ok_or("no demo user medical.cc")?;
    let actor = Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        client_addr: "demo".into(),
    };
    let op = Op {
        tr: crate::platform::catalogue(crate::platform::Lang::Zh),
        user: &user,
        actor: &actor,
        today: env.today,
        now: env.now,
    };
    let inst: crate::org::InstitutionId = institutions::table
        .filter(institutions::code.eq("CC-CWI"))
        .select(institutions::id)
        .first(c)
        .map_err(|e| e.to_string())?;
    let kids = crate::archive::active_children(c, &[inst], 200).map_err(|e| e.to_string())?;
    let infants: Vec<_> = kids
        .iter()
        .filter(|s| crate::clock::age_on(s.birth_date, env.today) < 3)
        .collect();
    let local = super::rules::local(env.now);
    let tomorrow_seven = (local.date() + Duration::days(1))
        .and_hms_opt(7, 0, 0)
        .ok_or("no 07:00")?;
    // Later today, on the hour, at least two hours ahead (the next day when the demo starts late).
    let later = local
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .ok_or("no hour")?
        + Duration::hours(3);
    let plans = [
        (
            "hospital",
            tomorrow_seven,
            "市儿童医院儿科门诊",
            "复查血常规",
            user.id.to_string(),
            "",
        ),
        (
            "rehab",
            later,
            "院内康复室",
            "感统训练",
            String::new(),
            "志愿者李女士",
        ),
    ];
    for (k, (kind, at, place, what, escort, other)) in infants.iter().zip(plans) {
        let f = super::service::AppointmentInput {
            kind: kind.into(),
            starts_at: at.format("%Y-%m-%dT%H:%M").to_string(),
            place: place.into(),
            what: what.into(),
            escort,
            escort_other: other.into(),
        };
        super::service::create(c, &op, k.id, &f).map_err(|e| match e {
            super::service::Failure::Refused(_, code) => code.to_string(),
            super::service::Failure::Error(e) => e.to_string(),
        })?;
    }
    Ok(())
}
