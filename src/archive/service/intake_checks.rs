//! Checks of an intake or an edit that need the database: the ID number's uniqueness without revealing
//! another institution's record (issue 10 point 7), TRF-01 and the age limit at intake (point 15), and
//! the history of a birth date corrected from the ID number (point 16).

use super::super::model::{self, Child, ChildFields};
use super::super::rules::{self, IntakeCategory};
use super::{IntakePolicy, Op};
use crate::archive::ChildId;
use crate::db::schema::children;
use crate::db::DbConn;
use crate::platform::forms::FieldErrors;
use chrono::NaiveDate;
use diesel::prelude::*;

/// The reason written in the history when the ID number corrects an estimated birth date.
pub const BIRTH_FROM_ID_REASON: &str = "按身份证号登记的出生日期更正估算出生日期 (GB 11643)";

/// Is the ID number free? If another record holds it: someone who may see that record is told so
/// (`err.id_taken`); anyone else only that it cannot be registered here, while the holding institution's
/// head and the supervisor get a notice (`err.id_conflict_notified`). Runs inside the caller's
/// transaction, which must commit for the notice to stay (the form is refused with `Ok(false)`).
pub(crate) fn id_number_free(
    c: &mut DbConn,
    op: &Op<'_>,
    e: &mut FieldErrors,
    id_number: &str,
    except: Option<ChildId>,
) -> QueryResult<bool> {
    let mut q = children::table
        .filter(children::id_number.eq(id_number))
        .select(model::Child::as_select())
        .into_boxed();
    if let Some(me) = except {
        q = q.filter(children::id.ne(me));
    }
    let Some(holder): Option<Child> = q.first(c).optional()? else {
        return Ok(true);
    };
    if super::child_scope(c, op.user)?.contains(holder.institution_id) {
        e.add("id_number", op.tr.t("err.id_taken"));
    } else {
        super::raise_id_conflict(c, op, &holder)?;
        e.add("id_number", op.tr.t("err.id_conflict_notified"));
    }
    Ok(false)
}

/// Point 15: the child must be a minor on the intake day, and a county institution after the TRF-01
/// date admits a long-term category only as a recorded exception (with a reason; the supervisor is told).
/// Returns the exception reason when one applies.
pub(crate) fn intake_limits(
    op: &Op<'_>,
    e: &mut FieldErrors,
    pol: &IntakePolicy,
    institution_kind: &str,
    fields: &ChildFields,
    (cat, intake_date): (IntakeCategory, NaiveDate),
    exception_reason: &str,
) -> Option<String> {
    let tr = op.tr;
    if rules::too_old_for_intake(fields.birth_date, intake_date, pol.adult_age) {
        e.add(
            "birth_date",
            tr.tf("err.intake_adult", &[("n", &pol.adult_age.to_string())]),
        );
    }
    if !rules::county_long_term_refused(institution_kind, cat, intake_date, pol.county_closed_from)
    {
        return None;
    }
    let reason: String = exception_reason.trim().chars().take(500).collect();
    if reason.is_empty() {
        e.add(
            "intake_category",
            tr.tf(
                "err.county_long_term",
                &[("date", &pol.county_closed_from.to_string())],
            ),
        );
        e.add("exception_reason", tr.t("err.exception_reason_required"));
        return None;
    }
    Some(reason)
}

/// Point 16 at intake: when the ID number replaced the estimated birth date typed on the form, the
/// history keeps what was typed.
pub(crate) fn record_birth_correction(
    c: &mut DbConn,
    op: &Op<'_>,
    id: ChildId,
    typed: &str,
    fields: &ChildFields,
) -> QueryResult<()> {
    let Ok(typed) = NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d") else {
        return Ok(());
    };
    if typed == fields.birth_date {
        return Ok(());
    }
    model::insert_change(
        c,
        id,
        "birth_date",
        &typed.to_string(),
        &fields.birth_date.to_string(),
        BIRTH_FROM_ID_REASON,
        op.user.id,
        op.now,
    )?;
    model::insert_change(
        c,
        id,
        "birth_date_estimated",
        "true",
        "false",
        BIRTH_FROM_ID_REASON,
        op.user.id,
        op.now,
    )?;
    Ok(())
}
