//! Shift operations (issue 15). Each change is one write transaction with its audit row; each read of
//! children's shift records is audited as a view. Children are reached only through `crate::archive`,
//! medication orders only through `crate::care::interface`.
//!
//! Every form carries an idempotency key (issue 15 point 8): [`once`] stores it in the same transaction
//! as what the form records, so a double tap or a retry on a bad connection records once.

pub mod log;
pub mod mar;
pub mod refusal;
pub mod round;
pub mod tasks;
pub mod units;

pub use refusal::{Failure, Field, Refusal, Refused, ShiftResult};

use crate::archive::{Child, ChildId, ChildStatus};
use crate::auth::Action;
use crate::db::schema::shift_submissions as ss;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use diesel::prelude::*;

/// The policy values of the shift for the user's institution on a day.
#[derive(Debug, Clone, Copy)]
pub struct Policies {
    pub missed_window: i64,
    pub fever_tenths: i64,
    pub report_minutes: i64,
    pub day_start: i64,
    pub night_start: i64,
}

/// Read the shift policy values for a division on `on`.
pub fn policies(
    c: &mut DbConn,
    division: Option<i64>,
    on: chrono::NaiveDate,
) -> AppResult<Policies> {
    use crate::policy::{int, keys};
    Ok(Policies {
        missed_window: int(c, keys::SHIFT_MISSED_DOSE_MINUTES, division, on)?,
        fever_tenths: int(c, keys::SHIFT_TEMPERATURE_ALERT_TENTHS, division, on)?,
        report_minutes: int(c, keys::SHIFT_REPORT_DEADLINE_MINUTES, division, on)?,
        day_start: int(c, keys::SHIFT_DAY_START_HOUR, division, on)?,
        night_start: int(c, keys::SHIFT_NIGHT_START_HOUR, division, on)?,
    })
}

/// The division of an institution (for policy values).
pub fn division_of(c: &mut DbConn, institution: i64) -> AppResult<Option<i64>> {
    Ok(
        crate::org::model::holding(c, crate::org::InstitutionId(institution))?
            .map(|i| i.division_id),
    )
}

/// The user's own institution (the ward is an institution's); a user without one has no ward: 403.
pub fn home_institution(op: &Op<'_>) -> AppResult<i64> {
    op.user
        .institution_id
        .map(i64::from)
        .ok_or(AppError::Forbidden)
}

/// The institutions whose ward records the user may read: their own, or a supervisor's division.
pub fn institutions_in_scope(c: &mut DbConn, op: &Op<'_>) -> AppResult<Vec<i64>> {
    let scope = crate::auth::scope::institution_scope(c, op.user)?;
    Ok(crate::org::model::list_in_scope(c, &scope)?
        .into_iter()
        .map(|(i, _)| i64::from(i.id))
        .collect())
}

/// The child, if the user may do `action` (else 403) and sees the child (else 404), in care (active).
pub fn child_in_care(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    action: Action,
) -> ShiftResult<Child> {
    if !op.user.can(action) {
        return Err(AppError::Forbidden.into());
    }
    let k = crate::archive::load_in_scope(c, op.user, child)?;
    if k.status != ChildStatus::Active {
        return Err(Refused::NotInCare.at(op, Field::Child).into());
    }
    Ok(k)
}

/// Run `f` in one write transaction that first claims the form's idempotency key. `Ok(None)`: the key
/// was used before (or by a concurrent submission that won the race) — nothing is recorded again. An
/// empty key (an API client that sends none) runs `f` without the check.
pub fn once<T>(
    c: &mut DbConn,
    op: &Op<'_>,
    key: &str,
    f: impl FnOnce(&mut DbConn) -> ShiftResult<T>,
) -> ShiftResult<Option<T>> {
    let key = key.trim();
    if key.chars().count() > 80 || key.chars().any(char::is_control) {
        return Err(AppError::bad("shift_bad_key", "idem: too long or malformed").into());
    }
    let r = crate::db::write_tx(c, |c| -> ShiftResult<Option<T>> {
        if !key.is_empty() {
            let seen: i64 = ss::table
                .filter(ss::idem_key.eq(key))
                .count()
                .get_result(c)?;
            if seen > 0 {
                return Ok(None);
            }
            diesel::insert_into(ss::table)
                .values((
                    ss::idem_key.eq(key),
                    ss::user_id.eq(i64::from(op.user.id)),
                    ss::created_at.eq(op.now),
                ))
                .execute(c)?;
        }
        f(c).map(Some)
    });
    match r {
        // Two submissions at the same instant on PostgreSQL: the loser's insert of the key fails on the
        // primary key after the winner commits; its transaction is rolled back, nothing was recorded.
        Err(Failure::Error(AppError::Db(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )))) if !key.is_empty() => Ok(None),
        other => other,
    }
}

/// Tasks raised by an event appear at once (ARCHITECTURE: the work queue).
pub fn refresh(c: &mut DbConn, op: &Op<'_>) -> diesel::QueryResult<()> {
    crate::jobs::refresh(c, crate::shift::MODULE_NAME, op.today, op.now).map(|_| ())
}

/// A fresh idempotency key for a form (random, unguessable is not needed — unique is).
pub fn new_key() -> String {
    use rand::RngCore;
    let mut b = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}
