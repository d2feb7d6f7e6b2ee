//! Deferral of a child's transfer (暂缓移交). Seed 003 §3(1): "因学业等特殊情况不适合立即移交的儿童，应根据
//! 实际情况作出妥善安排" — a child finishing a school year may stay at the county institution for now. The
//! county records the deferral with its reason and a review date (issue 10 point 14); the oversight report
//! then lists the child as deferred until that date instead of "应移送未移送", and the review date is a
//! task for the county's head. The review extends the deferral (a new date and reason) or ends it.

use super::refusal::Refused;
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{
    transfer_batches as tb, transfer_children as tc, transfer_deferrals as td,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::jobs::DueItem;
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::prelude::*;

/// An open deferral.
#[derive(Debug, Clone, Queryable)]
pub struct Deferral {
    pub id: i64,
    pub child_id: ChildId,
    pub institution_id: crate::org::InstitutionId,
    pub reason: String,
    pub review_date: NaiveDate,
    pub version: i32,
}

/// Every open deferral.
pub fn open_by_child(conn: &mut DbConn) -> QueryResult<Vec<Deferral>> {
    td::table
        .filter(td::ended_at.is_null())
        .order(td::review_date.asc())
        .select((
            td::id,
            td::child_id,
            td::institution_id,
            td::reason,
            td::review_date,
            td::version,
        ))
        .load(conn)
}

/// The open deferrals of the user's institution.
pub fn of_own(conn: &mut DbConn, op: &Op<'_>) -> QueryResult<Vec<Deferral>> {
    let Some(own) = op.user.institution_id else {
        return Ok(vec![]);
    };
    Ok(open_by_child(conn)?
        .into_iter()
        .filter(|d| d.institution_id == own)
        .collect())
}

fn review_date(op: &Op<'_>, raw: &str) -> AppResult<NaiveDate> {
    match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
        Ok(d) if d > op.today => Ok(d),
        _ => Err(Refused::ReviewDate.error(op)),
    }
}

/// Record a deferral for an active child of the user's own institution that is in no submitted or
/// accepted batch (a child already sent is not deferred).
pub fn record(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    reason: &str,
    review: &str,
) -> AppResult<i64> {
    if !op.user.can(Action::SendTransfers) {
        return Err(AppError::Forbidden);
    }
    let own = op.user.institution_id.ok_or(AppError::Forbidden)?;
    if !crate::archive::is_active_at(conn, child_id, own)? {
        return Err(Refused::NotOwnChild.error(op));
    }
    if reason.trim().is_empty() {
        return Err(Refused::ReasonRequired.error(op));
    }
    let review = review_date(op, review)?;
    crate::db::write_tx(conn, |c| {
        let sent: i64 = tc::table
            .inner_join(tb::table)
            .filter(tc::open_child_id.eq(child_id))
            .filter(tb::state.eq_any([super::BatchState::Submitted, super::BatchState::Accepted]))
            .count()
            .get_result(c)?;
        if sent > 0 {
            return Err(Refused::ChildInTransfer.error(op));
        }
        let inserted = diesel::insert_into(td::table)
            .values((
                td::child_id.eq(child_id),
                td::open_child_id.eq(Some(child_id)),
                td::institution_id.eq(own),
                td::reason.eq(reason.trim()),
                td::review_date.eq(review),
                td::recorded_by.eq(op.user.id),
                td::recorded_at.eq(op.now),
                td::end_note.eq(""),
                td::version.eq(1),
            ))
            .execute(c);
        // One open deferral per child (the unique open_child_id settles a race too).
        if let Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) = inserted
        {
            return Err(Refused::AlreadyDeferred.error(op));
        }
        inserted?;
        let id: i64 = td::table
            .filter(td::open_child_id.eq(child_id))
            .select(td::id)
            .first(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "transfer_deferral", id)
                .with_detail(format!("child {child_id} until {review}")),
        )?;
        crate::jobs::refresh(c, super::super::MODULE_NAME, op.today, op.now)?;
        Ok(id)
    })
}

/// What the review decides.
pub enum Review<'a> {
    /// Keep the child here until a later date, for this reason.
    Extend { until: &'a str, reason: &'a str },
    /// The deferral is over (the child is to be sent, or the note says why not).
    End { note: &'a str },
}

/// Review a deferral of the user's own institution (anything else is 404).
pub fn review(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    decision: Review<'_>,
    seen_version: i32,
) -> AppResult<()> {
    if !op.user.can(Action::SendTransfers) {
        return Err(AppError::Forbidden);
    }
    let d = of_own(conn, op)?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or(AppError::NotFound)?;
    let row = td::table
        .find(id)
        .filter(td::ended_at.is_null())
        .filter(td::version.eq(seen_version));
    crate::db::write_tx(conn, |c| {
        let (n, detail) = match &decision {
            Review::Extend { until, reason } => {
                let until = review_date(op, until)?;
                if reason.trim().is_empty() {
                    return Err(Refused::ReasonRequired.error(op));
                }
                let n = diesel::update(row)
                    .set((
                        td::review_date.eq(until),
                        td::reason.eq(reason.trim()),
                        td::version.eq(seen_version + 1),
                    ))
                    .execute(c)?;
                (n, format!("extended until {until}: {}", reason.trim()))
            }
            Review::End { note } => {
                let n = diesel::update(row)
                    .set((
                        td::ended_at.eq(Some(op.now)),
                        td::ended_by.eq(Some(op.user.id)),
                        td::end_note.eq(note.trim()),
                        td::open_child_id.eq(None::<i64>),
                        td::version.eq(seen_version + 1),
                    ))
                    .execute(c)?;
                (n, format!("ended: {}", note.trim()))
            }
        };
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("update", "transfer_deferral", id)
                .with_detail(format!("child {}: {detail}", d.child_id)),
        )?;
        crate::jobs::refresh(c, super::super::MODULE_NAME, op.today, op.now)?;
        Ok(())
    })
}

/// The review date of each open deferral is a task for the county's head (keyed by the date, so an
/// extension opens a new task and closes the old one).
pub fn due_items(conn: &mut DbConn) -> QueryResult<Vec<DueItem>> {
    let open = open_by_child(conn)?;
    let ids: Vec<ChildId> = open.iter().map(|d| d.child_id).collect();
    let names = crate::archive::summaries(conn, &ids)?;
    Ok(open
        .into_iter()
        .map(|d| DueItem {
            dedupe_key: format!("transfer.deferral.{}.{}", d.id, d.review_date),
            module: super::super::MODULE_NAME,
            message_key: "task.transfer_deferral_review",
            subject: crate::archive::summary_of(&names, d.child_id)
                .map(|s| s.archive_no.clone())
                .unwrap_or_default(),
            link: "/transfers/deferrals".into(),
            institution_id: Some(d.institution_id),
            role: Some("head"),
            user_id: None,
            due_date: d.review_date,
            mail: false,
        })
        .collect())
}
