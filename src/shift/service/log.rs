//! The daily care log (日常照料记录, issue 15 point 3; CARE-05: the sections of MZ/T 208-2024 — feeding,
//! sleep, toileting, mood, health observation, activity). A quick entry records the same observation
//! for several children at once; a correction is a new row that supersedes the old one, which stays
//! (no deletion: the history of what was written is kept).

use super::{child_in_care, Field, Refused, ShiftResult};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::shift_log as sl;
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use crate::shift::model::{self, LogEntry, LogKind};
use crate::shift::rules;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A quick entry (as typed): the same section and value for every ticked child.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct LogInput {
    pub children: Vec<i64>,
    pub kind: String,
    pub value: String,
    pub temperature: String,
    pub note: String,
    pub idem: String,
}

impl LogInput {
    /// From a submitted form: `child` may repeat (one per ticked child).
    pub fn from_pairs(pairs: &[(String, String)]) -> LogInput {
        let mut f = LogInput::default();
        for (k, v) in pairs {
            match k.as_str() {
                "child" => f.children.extend(v.trim().parse::<i64>().ok()),
                "kind" => f.kind = v.clone(),
                "value" => f.value = v.clone(),
                "temperature" => f.temperature = v.clone(),
                "note" => f.note = v.clone(),
                "idem" => f.idem = v.clone(),
                _ => {}
            }
        }
        f
    }
}

/// What was checked: the fields to write.
struct Checked {
    kind: LogKind,
    value: String,
    temperature: Option<i32>,
    note: String,
}

fn check(op: &Op<'_>, kind_raw: &str, f: &LogInput) -> ShiftResult<Checked> {
    let mut errs = Vec::new();
    let kind = LogKind::parse(kind_raw.trim());
    if kind.is_none() {
        errs.push(Refused::BadKind.at(op, Field::Kind));
    }
    let value = f.value.trim().to_string();
    let note = f.note.trim().to_string();
    if note.chars().count() > 1000
        || note
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        errs.push(Refused::Required.at(op, Field::Note));
    }
    let mut temperature = None;
    match kind {
        Some(LogKind::Temperature) => {
            temperature = rules::parse_temperature(&f.temperature);
            if temperature.is_none() {
                errs.push(Refused::BadTemperature.at(op, Field::Temperature));
            }
        }
        Some(LogKind::Note) if note.is_empty() => {
            errs.push(Refused::Required.at(op, Field::Note));
        }
        Some(k) if !k.values().is_empty() && !k.values().contains(&value.as_str()) => {
            errs.push(Refused::BadValue.at(op, Field::Value));
        }
        _ => {}
    }
    match (kind, errs.is_empty()) {
        (Some(kind), true) => Ok(Checked {
            value: if kind.values().is_empty() {
                String::new()
            } else {
                value
            },
            kind,
            temperature,
            note,
        }),
        _ => Err(super::Failure::Refused(errs)),
    }
}

/// Record one observation for every ticked child (the same institution's children in care). Returns
/// the ids written, or `None` for a repeated submission.
pub fn quick(c: &mut DbConn, op: &Op<'_>, f: &LogInput) -> ShiftResult<Option<Vec<i64>>> {
    if !op.user.can(Action::RecordShift) {
        return Err(AppError::Forbidden.into());
    }
    let mut kids = f.children.clone();
    kids.sort_unstable();
    kids.dedup();
    let mut errs = Vec::new();
    if kids.is_empty() {
        errs.push(Refused::NoChildren.at(op, Field::Children));
    }
    let checked = match check(op, &f.kind, f) {
        Ok(v) => Some(v),
        Err(super::Failure::Refused(mut r)) => {
            errs.append(&mut r);
            None
        }
        Err(e) => return Err(e),
    };
    let (Some(v), true) = (checked, errs.is_empty()) else {
        return Err(super::Failure::Refused(errs));
    };
    let mut children = Vec::new();
    for k in &kids {
        children.push(child_in_care(c, op, ChildId(*k), Action::RecordShift)?);
    }
    let day = rules::local(op.now).date();
    super::once(c, op, &f.idem, |c| {
        let mut ids = Vec::new();
        for k in &children {
            ids.push(insert(c, op, k, day, &v, None)?);
        }
        Ok(ids)
    })
}

fn insert(
    c: &mut DbConn,
    op: &Op<'_>,
    k: &crate::archive::Child,
    day: chrono::NaiveDate,
    v: &Checked,
    supersedes: Option<i64>,
) -> ShiftResult<i64> {
    diesel::insert_into(sl::table)
        .values((
            sl::institution_id.eq(i64::from(k.institution_id)),
            sl::child_id.eq(i64::from(k.id)),
            sl::day.eq(day),
            sl::kind.eq(v.kind.code()),
            sl::value.eq(&v.value),
            sl::temperature.eq(v.temperature),
            sl::note.eq(&v.note),
            sl::supersedes.eq(supersedes),
            sl::recorded_by.eq(i64::from(op.user.id)),
            sl::recorded_at.eq(op.now),
        ))
        .execute(c)?;
    let id: i64 = sl::table
        .filter(sl::child_id.eq(i64::from(k.id)))
        .order(sl::id.desc())
        .select(sl::id)
        .first(c)?;
    audit::record(
        c,
        op.now,
        op.actor,
        &Event::ok(
            if supersedes.is_some() {
                "correct"
            } else {
                "create"
            },
            "shift_log",
            id,
        )
        .with_detail(format!("child {}", k.id)),
    )?;
    Ok(id)
}

/// Correct an entry: a new row with the corrected value that supersedes it (the old one stays, shown
/// struck through in the history). Only the latest version of an entry can be corrected.
pub fn correct(c: &mut DbConn, op: &Op<'_>, id: i64, f: &LogInput) -> ShiftResult<Option<i64>> {
    if !op.user.can(Action::RecordShift) {
        return Err(AppError::Forbidden.into());
    }
    let Some(old) = model::log_entry(c, id)? else {
        return Err(AppError::NotFound.into());
    };
    // The child in the user's scope, else 404 (another institution's entry does not exist for them).
    let k = child_in_care(c, op, ChildId(old.child_id), Action::RecordShift)?;
    let v = check(op, old.kind.code(), f)?;
    super::once(c, op, &f.idem, |c| {
        let newer: i64 = sl::table
            .filter(sl::supersedes.eq(Some(old.id)))
            .count()
            .get_result(c)?;
        if newer > 0 {
            return Err(Refused::AlreadyMarked.at(op, Field::Value).into());
        }
        insert(c, op, &k, old.day, &v, Some(old.id))
    })
}

/// The entries in force (not superseded) among `all`, oldest first.
pub fn in_force(all: &[LogEntry]) -> Vec<&LogEntry> {
    let superseded: std::collections::HashSet<i64> =
        all.iter().filter_map(|e| e.supersedes).collect();
    all.iter().filter(|e| !superseded.contains(&e.id)).collect()
}
