//! Medication rounds (给药记录, MAR — issue 15 point 4). Doses come from the care module's written
//! orders (MAR-01: only against an active written order, read through `care::interface`); each dose is
//! marked given / refused / withheld / missed, the last three with a reason (MAR-02); a PRN (必要时)
//! dose is recorded with the reason it was given. A scheduled dose nobody marked within the policy
//! window (`shift.missed_dose_minutes`) is marked missed by the system (MAR-03) and raises an alert task
//! with an e-mail to the medical staff and the head until one of them reviews it.
//!
//! Doses are not filed in the archive one by one (three a day would bury the archive's entries); the
//! monthly MAR sheet (PDF) is the child's record of them.

use super::{child_in_care, Field, Refused, ShiftResult};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::interface::{self as care, MedicationOrder};
use crate::db::schema::shift_doses as sd;
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use crate::shift::model::{self, Dose, Outcome};
use crate::shift::rules::{self, DoseState, OrderSchedule};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// Marking a scheduled dose (as typed). `due` is the dose's local time, `YYYY-MM-DDTHH:MM`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MarkInput {
    pub child: String,
    pub order: String,
    pub due: String,
    pub outcome: String,
    pub reason: String,
    pub idem: String,
}

/// A PRN dose given (as typed).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PrnInput {
    pub child: String,
    pub order: String,
    pub reason: String,
    pub idem: String,
}

pub fn schedule_of(o: &MedicationOrder) -> OrderSchedule {
    OrderSchedule {
        times: o.times.clone(),
        prn: o.prn,
        start_on: o.start_on,
        end_on: o.end_on,
    }
}

/// One scheduled dose of a child on the round.
#[derive(Debug, Clone)]
pub struct DoseLine {
    pub order: MedicationOrder,
    /// Local time.
    pub due_at: NaiveDateTime,
    pub state: DoseState,
    pub mark: Option<Dose>,
}

pub fn parse_local(raw: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M").ok()
}

/// The scheduled doses of a child on the local days `days`, with their marks and their state at local
/// `now`; and the child's orders in force today (for PRN).
pub fn doses_of(
    c: &mut DbConn,
    child: ChildId,
    days: &[NaiveDate],
    now: NaiveDateTime,
    window: i64,
) -> diesel::QueryResult<(Vec<DoseLine>, Vec<MedicationOrder>)> {
    let Some(first) = days.iter().min().copied() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let marks = model::doses_since(
        c,
        &[i64::from(child)],
        first.and_time(chrono::NaiveTime::MIN),
    )?;
    let mut out = Vec::new();
    let mut prn = Vec::new();
    for &day in days {
        for o in care::active_orders(c, child, day)? {
            if o.prn && day == now.date() {
                prn.push(o.clone());
            }
            for due in rules::doses_of_day(&schedule_of(&o), day) {
                let mark = marks
                    .iter()
                    .find(|m| m.order_id == o.id && m.due_at == Some(due))
                    .cloned();
                out.push(DoseLine {
                    state: rules::dose_state(due, now, window),
                    order: o.clone(),
                    due_at: due,
                    mark,
                });
            }
        }
    }
    out.sort_by_key(|l| l.due_at);
    Ok((out, prn))
}

/// MAR-03: mark missed every scheduled dose of these children past its window and unmarked (today and
/// yesterday, local), and open the alert tasks. Run when the round, the unit or the head's day is shown.
pub fn sweep(c: &mut DbConn, op: &Op<'_>, children: &[ChildId], window: i64) -> ShiftResult<usize> {
    let now = rules::local(op.now);
    let today = now.date();
    let days = [today.pred_opt().unwrap_or(today), today];
    let mut missed = Vec::new();
    for &k in children {
        let (lines, _) = doses_of(c, k, &days, now, window)?;
        missed.extend(
            lines
                .into_iter()
                .filter(|l| l.mark.is_none() && l.state == DoseState::Missed)
                .map(|l| (k, l)),
        );
    }
    if missed.is_empty() {
        return Ok(0);
    }
    let n = missed.len();
    crate::db::write_tx(c, |c| -> ShiftResult<()> {
        for (k, l) in &missed {
            // Another page may have swept the same dose a moment ago: the unique index keeps one row.
            let exists: i64 = sd::table
                .filter(sd::order_id.eq(l.order.id))
                .filter(sd::due_at.eq(Some(l.due_at)))
                .count()
                .get_result(c)?;
            if exists > 0 {
                continue;
            }
            diesel::insert_into(sd::table)
                .values((
                    sd::institution_id.eq(i64::from(l_inst(c, *k)?)),
                    sd::child_id.eq(i64::from(*k)),
                    sd::order_id.eq(l.order.id),
                    sd::due_at.eq(Some(l.due_at)),
                    sd::given_at.eq(l.due_at),
                    sd::outcome.eq(Outcome::Missed.code()),
                    sd::reason.eq(""),
                    sd::recorded_at.eq(op.now),
                ))
                .execute(c)?;
            audit::record(
                c,
                op.now,
                op.actor,
                &Event::ok("missed", "shift_dose", l.order.id)
                    .with_detail(format!("child {k} due {}", l.due_at)),
            )?;
        }
        super::refresh(c, op)?;
        Ok(())
    })?;
    Ok(n)
}

fn l_inst(c: &mut DbConn, k: ChildId) -> Result<crate::org::InstitutionId, AppError> {
    crate::archive::summaries(c, &[k])?
        .into_iter()
        .next()
        .map(|s| s.institution_id)
        .ok_or(AppError::NotFound)
}

/// Mark a scheduled dose (MAR-02).
pub fn mark(c: &mut DbConn, op: &Op<'_>, f: &MarkInput) -> ShiftResult<Option<i64>> {
    let Ok(child) = f.child.trim().parse::<i64>() else {
        return Err(AppError::bad("shift_bad_child", "child: not a number").into());
    };
    let k = child_in_care(c, op, ChildId(child), Action::RecordShift)?;
    let mut errs = Vec::new();
    let outcome = Outcome::parse(f.outcome.trim());
    if outcome.is_none() {
        errs.push(Refused::BadKind.at(op, Field::Outcome));
    }
    let reason = f.reason.trim().to_string();
    if outcome.is_some_and(Outcome::needs_reason) && reason.is_empty() {
        errs.push(Refused::ReasonRequired.at(op, Field::Reason));
    }
    if reason.chars().count() > 500 || reason.chars().any(char::is_control) {
        errs.push(Refused::Required.at(op, Field::Reason));
    }
    let due = parse_local(&f.due);
    let order = match (f.order.trim().parse::<i64>(), due) {
        (Ok(o), Some(d)) => care::order_in_force(c, ChildId(child), o, d.date())?,
        _ => None,
    };
    match (&order, due) {
        (None, _) | (_, None) => errs.push(Refused::NoOrder.at(op, Field::Order)),
        (Some(o), Some(d)) if !rules::doses_of_day(&schedule_of(o), d.date()).contains(&d) => {
            errs.push(Refused::NotScheduled.at(op, Field::Order))
        }
        _ => {}
    }
    let (Some(outcome), Some(order), Some(due), true) = (outcome, order, due, errs.is_empty())
    else {
        return Err(super::Failure::Refused(errs));
    };
    let r = super::once(c, op, &f.idem, |c| {
        let exists: i64 = sd::table
            .filter(sd::order_id.eq(order.id))
            .filter(sd::due_at.eq(Some(due)))
            .count()
            .get_result(c)?;
        if exists > 0 {
            return Err(Refused::AlreadyMarked.at(op, Field::Outcome).into());
        }
        let id = insert(
            c,
            op,
            &k,
            order.id,
            Some(due),
            rules::local(op.now),
            outcome,
            &reason,
        )?;
        if outcome == Outcome::Missed {
            super::refresh(c, op)?;
        }
        Ok(id)
    });
    match r {
        // A colleague marked the same dose at the same instant (PostgreSQL's unique index decided).
        Err(super::Failure::Error(AppError::Db(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )))) => Err(Refused::AlreadyMarked.at(op, Field::Outcome).into()),
        other => other,
    }
}

/// Record a PRN dose given now, with the reason (MAR-02; the order must be PRN and in force).
pub fn prn(c: &mut DbConn, op: &Op<'_>, f: &PrnInput) -> ShiftResult<Option<i64>> {
    let Ok(child) = f.child.trim().parse::<i64>() else {
        return Err(AppError::bad("shift_bad_child", "child: not a number").into());
    };
    let k = child_in_care(c, op, ChildId(child), Action::RecordShift)?;
    let now = rules::local(op.now);
    let order = match f.order.trim().parse::<i64>() {
        Ok(o) => care::order_in_force(c, ChildId(child), o, now.date())?.filter(|o| o.prn),
        Err(_) => None,
    };
    let mut errs = Vec::new();
    if order.is_none() {
        errs.push(Refused::NoOrder.at(op, Field::Order));
    }
    let reason = f.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 500 || reason.chars().any(char::is_control) {
        errs.push(Refused::ReasonRequired.at(op, Field::Reason));
    }
    let (Some(order), true) = (order, errs.is_empty()) else {
        return Err(super::Failure::Refused(errs));
    };
    super::once(c, op, &f.idem, |c| {
        insert(c, op, &k, order.id, None, now, Outcome::Given, &reason)
    })
}

#[allow(clippy::too_many_arguments)]
fn insert(
    c: &mut DbConn,
    op: &Op<'_>,
    k: &crate::archive::Child,
    order: i64,
    due: Option<NaiveDateTime>,
    given: NaiveDateTime,
    outcome: Outcome,
    reason: &str,
) -> ShiftResult<i64> {
    diesel::insert_into(sd::table)
        .values((
            sd::institution_id.eq(i64::from(k.institution_id)),
            sd::child_id.eq(i64::from(k.id)),
            sd::order_id.eq(order),
            sd::due_at.eq(due),
            sd::given_at.eq(given),
            sd::outcome.eq(outcome.code()),
            sd::reason.eq(reason),
            sd::recorded_by.eq(Some(i64::from(op.user.id))),
            sd::recorded_at.eq(op.now),
        ))
        .execute(c)?;
    let id: i64 = sd::table
        .filter(sd::order_id.eq(order))
        .filter(sd::recorded_at.eq(op.now))
        .order(sd::id.desc())
        .select(sd::id)
        .first(c)?;
    audit::record(
        c,
        op.now,
        op.actor,
        &Event::ok(outcome.code(), "shift_dose", id).with_detail(format!("child {}", k.id)),
    )?;
    Ok(id)
}

/// The medical staff or the head reviews a missed-dose alert (MAR-03: a missed dose is looked at by
/// someone who can judge it); the alert task closes.
pub fn review(c: &mut DbConn, op: &Op<'_>, dose: i64, idem: &str) -> ShiftResult<Option<()>> {
    if !op.user.can(Action::ReviewMissedDose) {
        return Err(AppError::Forbidden.into());
    }
    let insts = super::institutions_in_scope(c, op)?;
    let d: Option<Dose> = sd::table
        .find(dose)
        .select(Dose::as_select())
        .first(c)
        .optional()?;
    let Some(d) = d.filter(|d| insts.contains(&d.institution_id)) else {
        return Err(AppError::NotFound.into());
    };
    if d.outcome != Outcome::Missed || d.reviewed_at.is_some() {
        return Err(Refused::AlreadyMarked.at(op, Field::Outcome).into());
    }
    super::once(c, op, idem, |c| {
        diesel::update(sd::table.find(d.id))
            .set((
                sd::reviewed_by.eq(Some(i64::from(op.user.id))),
                sd::reviewed_at.eq(Some(op.now)),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("review", "shift_dose", d.id),
        )?;
        super::refresh(c, op)?;
        Ok(())
    })
}

/// The local start of a month and of the next (for the MAR sheet).
pub fn month_bounds(month: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    use chrono::Datelike;
    let first = month.with_day(1).unwrap_or(month);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first + Duration::days(31));
    (
        first.and_time(chrono::NaiveTime::MIN),
        next.and_time(chrono::NaiveTime::MIN),
    )
}
