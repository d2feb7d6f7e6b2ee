//! Rehabilitation records (康复, issue 14 point 4): sessions (therapist, date, minutes, activity,
//! progress), the plan's monthly minutes, and assistive devices (辅具: issued, size, next check). The
//! rehabilitation assessment is a periodic assessment (development, disability) and the goals are the
//! plan's 康复 part. Each record is one write transaction with its audit row and an entry in the
//! archive's 康复 section. Medical and rehabilitation staff record them (`RecordRehab`).

use super::records::{audit_create, file, last_id};
use super::{child_to_write, parse_date, CareResult, Check, Field, Refused};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::db::schema::{care_devices as dv, care_rehab_sessions as rs, care_rehab_targets as rt};
use crate::db::DbConn;
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// Every form of the rehabilitation, education and social-work records as typed (pages and tests share
/// it; unused fields stay empty).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MoreInput {
    pub kind: String,
    pub date: String,
    pub end_date: String,
    pub therapist: String,
    pub minutes: String,
    pub activity: String,
    pub progress: String,
    pub device: String,
    pub size: String,
    pub next_check: String,
    pub school: String,
    pub grade: String,
    pub xueji_no: String,
    pub label: String,
    pub text: String,
    pub follow_up: String,
}

/// A whole number of minutes within `1..=max`.
pub(crate) fn minutes(op: &Op<'_>, ck: &mut Check, raw: &str, max: i32) -> i32 {
    match raw.trim().parse::<i32>() {
        Ok(m) if (1..=max).contains(&m) => m,
        _ => {
            ck.push(Refused::BadNumber.at(op, Field::Minutes));
            0
        }
    }
}

/// An optional date on or after `from` (a period's end, a device's next check).
pub(crate) fn date_after(
    op: &Op<'_>,
    ck: &mut Check,
    field: Field,
    raw: &str,
    from: NaiveDate,
) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        return None;
    }
    match parse_date(raw) {
        Some(d) if d >= from => Some(d),
        Some(_) => {
            ck.push(Refused::BadPeriod.at(op, field));
            None
        }
        None => {
            ck.push(Refused::BadDate.at(op, field));
            None
        }
    }
}

/// A rehabilitation session (康复训练): at most a day's minutes (1–600).
pub fn session(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &MoreInput) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::RecordRehab)?;
    let mut ck = Check::default();
    let on = ck.past_date(op, Field::Date, &f.date);
    let therapist = ck.text(op, Field::Therapist, &f.therapist, 100);
    let mins = minutes(op, &mut ck, &f.minutes, 600);
    let activity = ck.text(op, Field::Activity, &f.activity, 300);
    let progress = ck.optional(op, Field::Progress, &f.progress, 2000);
    ck.done(())?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(rs::table)
            .values((
                rs::child_id.eq(child),
                rs::institution_id.eq(k.institution_id),
                rs::therapist.eq(&therapist),
                rs::held_on.eq(on),
                rs::minutes.eq(mins),
                rs::activity.eq(&activity),
                rs::progress.eq(&progress),
                rs::recorded_by.eq(op.user.id),
                rs::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = rs::table
            .filter(rs::child_id.eq(child))
            .select(diesel::dsl::max(rs::id))
            .first(c);
        let id = last_id(c, q)?;
        let summary = op.tr.tf(
            "care.entry.rehab_session",
            &[
                ("minutes", &mins.to_string()),
                ("activity", &activity),
                ("therapist", &therapist),
            ],
        );
        file(
            c,
            op,
            child,
            "rehab",
            on,
            "care_rehab_session",
            &summary,
            id,
        )?;
        audit_create(c, op, "care_rehab_session", id, child)?;
        Ok(id)
    })
}

/// The plan's monthly rehabilitation minutes from a date on (RHB-01: hours against the plan); the
/// latest target applies from its date.
pub fn target(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &MoreInput) -> CareResult<i64> {
    child_to_write(c, op, child, Action::RecordRehab)?;
    let mut ck = Check::default();
    let from = match parse_date(&f.date) {
        Some(d) => d,
        None => {
            ck.push(Refused::BadDate.at(op, Field::Date));
            op.today
        }
    };
    // A month has at most 31 days of 10 hours: 18,600 minutes.
    let mins = minutes(op, &mut ck, &f.minutes, 18_600);
    ck.done(())?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(rt::table)
            .values((
                rt::child_id.eq(child),
                rt::monthly_minutes.eq(mins),
                rt::from_on.eq(from),
                rt::recorded_by.eq(op.user.id),
                rt::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = rt::table
            .filter(rt::child_id.eq(child))
            .select(diesel::dsl::max(rt::id))
            .first(c);
        let id = last_id(c, q)?;
        let summary = op.tr.tf(
            "care.entry.rehab_target",
            &[("minutes", &mins.to_string()), ("date", &from.to_string())],
        );
        file(
            c,
            op,
            child,
            "rehab",
            from.min(op.today),
            "care_rehab_target",
            &summary,
            id,
        )?;
        audit_create(c, op, "care_rehab_target", id, child)?;
        Ok(id)
    })
}

/// An assistive device issued (辅具), with its size and the date of its next check (a task for the
/// medical staff when due).
pub fn device(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &MoreInput) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::RecordRehab)?;
    let mut ck = Check::default();
    let device = ck.text(op, Field::Device, &f.device, 100);
    let size = ck.optional(op, Field::Size, &f.size, 50);
    let on = ck.past_date(op, Field::Date, &f.date);
    let next = date_after(op, &mut ck, Field::NextCheck, &f.next_check, on);
    ck.done(())?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(dv::table)
            .values((
                dv::child_id.eq(child),
                dv::institution_id.eq(k.institution_id),
                dv::device.eq(&device),
                dv::size.eq(&size),
                dv::issued_on.eq(on),
                dv::next_check_on.eq(next),
                dv::recorded_by.eq(op.user.id),
                dv::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = dv::table
            .filter(dv::child_id.eq(child))
            .select(diesel::dsl::max(dv::id))
            .first(c);
        let id = last_id(c, q)?;
        let summary = op
            .tr
            .tf("care.entry.device", &[("device", &device), ("size", &size)]);
        file(c, op, child, "rehab", on, "care_device", &summary, id)?;
        audit_create(c, op, "care_device", id, child)?;
        super::refresh(c, op)?;
        Ok(id)
    })
}
