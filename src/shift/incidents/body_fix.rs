//! Correcting and withdrawing body-map marks (体表标记的更正与撤回, issue 15 point 6, session 7).
//!
//! A wrong mark is never changed or deleted (RPT-03: the handling records the police may ask for):
//! a correction is a new mark that names the mark it replaces (`supersedes`), with the corrected side,
//! region, kind and note for the same child; a withdrawal is a new row naming the withdrawn mark, a copy
//! of its place, with the reason (`withdrawn_reason`). The page shows the marks in force, numbered as on
//! the figure, and below them the superseded ones struck through with who corrected or withdrew them,
//! when and why. Whoever may record marks may correct them (`RecordIncident`, the incident in scope —
//! 404 otherwise); each change is one write transaction with its audit row. A mark is replaced once:
//! correcting a superseded mark is refused (correct the one in force) — checked in the transaction and,
//! for two simultaneous corrections on PostgreSQL, by the unique index on `supersedes`.

use super::body::{self, check_place, marks_of, writable, Mark, MarkInput};
use crate::audit::{self, Event};
use crate::db::schema::shift_incident_marks as mk;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DbError};

/// What became of a mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// In force: shown on the figure with its number (1-based, in order of recording).
    InForce(usize),
    /// Replaced by the correction with this id.
    Corrected(i64),
    /// Withdrawn by this row (its reason, who and when).
    Withdrawn(i64),
}

/// The fate of each mark that is not itself a withdrawal row, in recording order.
pub fn fates(marks: &[Mark]) -> Vec<(&Mark, Fate)> {
    let mut n = 0;
    marks
        .iter()
        .filter(|m| m.withdrawn_reason.is_none())
        .map(|m| {
            let by = marks.iter().find(|x| x.supersedes == Some(m.id));
            let fate = match by {
                Some(x) if x.withdrawn_reason.is_some() => Fate::Withdrawn(x.id),
                Some(x) => Fate::Corrected(x.id),
                None => {
                    n += 1;
                    Fate::InForce(n)
                }
            };
            (m, fate)
        })
        .collect()
}

/// The mark to correct, in force, of an incident the user may add to (403 / 404 as `writable`).
fn in_force(c: &mut DbConn, op: &Op<'_>, id: i64, mark: i64) -> AppResult<(Mark, bool)> {
    let i = writable(c, op, id)?;
    let all = marks_of(c, i.id)?;
    let m = all
        .iter()
        .find(|m| m.id == mark && m.withdrawn_reason.is_none())
        .cloned()
        .ok_or(AppError::NotFound)?;
    let open = !all.iter().any(|x| x.supersedes == Some(m.id));
    Ok((m, open))
}

/// The mark for the correction page (with whether it is still in force).
pub fn for_page(c: &mut DbConn, op: &Op<'_>, id: i64, mark: i64) -> AppResult<(Mark, bool)> {
    in_force(c, op, id, mark)
}

fn insert(
    c: &mut DbConn,
    op: &Op<'_>,
    old: &Mark,
    values: (&str, &str, &str, &str),
    reason: Option<&str>,
) -> Result<i64, DbError> {
    diesel::insert_into(mk::table)
        .values((
            mk::incident_id.eq(old_incident(c, old.id)?),
            mk::child_id.eq(old.child_id),
            mk::side.eq(values.0),
            mk::region.eq(values.1),
            mk::kind.eq(values.2),
            mk::note.eq(values.3),
            mk::recorded_by.eq(i64::from(op.user.id)),
            mk::recorded_at.eq(op.now),
            mk::supersedes.eq(Some(old.id)),
            mk::withdrawn_reason.eq(reason),
        ))
        .execute(c)?;
    mk::table
        .filter(mk::supersedes.eq(old.id))
        .select(mk::id)
        .first(c)
}

fn old_incident(c: &mut DbConn, mark: i64) -> Result<i64, DbError> {
    mk::table.find(mark).select(mk::incident_id).first(c)
}

/// One replacement in its transaction: refused on the `field` when the mark was replaced meanwhile.
fn replace(
    c: &mut DbConn,
    op: &Op<'_>,
    old: &Mark,
    values: (&str, &str, &str, &str),
    reason: Option<&str>,
    field: &'static str,
) -> AppResult<Result<i64, FieldErrors>> {
    let action = if reason.is_some() {
        "withdraw"
    } else {
        "correct"
    };
    let r = crate::db::write_tx(c, |c| -> Result<Option<i64>, DbError> {
        let taken: i64 = mk::table
            .filter(mk::supersedes.eq(old.id))
            .count()
            .get_result(c)?;
        if taken > 0 {
            return Ok(None);
        }
        let new = insert(c, op, old, values, reason)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok(action, "shift_incident_mark", old.id).with_detail(format!("by mark {new}")),
        )?;
        Ok(Some(new))
    });
    match r {
        Ok(Some(new)) => Ok(Ok(new)),
        Ok(None) | Err(DbError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            let mut e = FieldErrors::default();
            e.add(field, op.tr.t("shift.body.err.superseded"));
            Ok(Err(e))
        }
        Err(e) => Err(e.into()),
    }
}

/// Correct a mark in force: the new side, region, kind and note (BODY-01) for the same child.
pub fn correct(
    c: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    mark: i64,
    f: &MarkInput,
) -> AppResult<Result<i64, FieldErrors>> {
    let (old, open) = in_force(c, op, id, mark)?;
    let mut e = FieldErrors::default();
    if !open {
        e.add("side", op.tr.t("shift.body.err.superseded"));
    }
    let place = check_place(op.tr, f, &mut e);
    let (Some((side, region, kind)), true) = (place, e.is_empty()) else {
        return Ok(Err(e));
    };
    replace(
        c,
        op,
        &old,
        (side.code(), region.code(), kind.code(), f.note.trim()),
        None,
        "side",
    )
}

/// Withdraw a mark in force with a reason (a short line, as a note).
pub fn withdraw(
    c: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    mark: i64,
    reason: &str,
) -> AppResult<Result<i64, FieldErrors>> {
    let (old, open) = in_force(c, op, id, mark)?;
    let mut e = FieldErrors::default();
    if !open {
        e.add("reason", op.tr.t("shift.body.err.superseded"));
    } else if !crate::shift::rules::body::note_ok(reason, body::NOTE_MAX) {
        e.add("reason", op.tr.t("shift.body.err.reason"));
    }
    if !e.is_empty() {
        return Ok(Err(e));
    }
    replace(
        c,
        op,
        &old,
        (&old.side, &old.region, &old.kind, &old.note),
        Some(reason.trim()),
        "reason",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: i64, supersedes: Option<i64>, reason: Option<&str>) -> Mark {
        Mark {
            id,
            child_id: 1,
            side: "front".into(),
            region: "face".into(),
            kind: "cut".into(),
            note: "x".into(),
            recorded_by: 1,
            recorded_at: chrono::NaiveDateTime::default(),
            supersedes,
            withdrawn_reason: reason.map(str::to_string),
        }
    }

    #[test]
    fn in_force_marks_are_numbered_and_replaced_ones_are_not() {
        let marks = [
            m(1, None, None),
            m(2, None, None),
            m(3, Some(1), None),
            m(4, Some(2), Some("看错了")),
            m(5, None, None),
        ];
        let f: Vec<(i64, Fate)> = fates(&marks).into_iter().map(|(x, f)| (x.id, f)).collect();
        assert_eq!(
            f,
            vec![
                (1, Fate::Corrected(3)),
                (2, Fate::Withdrawn(4)),
                (3, Fate::InForce(1)),
                (5, Fate::InForce(2)),
            ]
        );
    }
}
