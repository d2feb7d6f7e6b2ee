//! Withdrawing an incident photo (照片撤回, issue 15 point 6, session 8): a photo uploaded by mistake
//! (the wrong child, the wrong picture) is withdrawn with a required reason by the institution's head or
//! by whoever uploaded it. Nothing is deleted (RPT-03): the photo's row and its stored file stay (the
//! backup keeps it, `body::STORED_FILES`), and a withdrawal row (one per photo) says why, by whom and
//! when. A withdrawn photo is no longer shown with the incident nor downloadable — except to the head,
//! who sees it marked withdrawn with the reason (and may download it, audited as any view). Everyone
//! else gets a 404 for it, as for a photo that does not exist. Each withdrawal is one write
//! transaction with its audit row.

use super::body::{self, Photo};
use crate::audit::{self, Event};
use crate::auth::Role;
use crate::db::schema::shift_photo_withdrawals as pw;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DbError};

/// The longest reason of a withdrawal.
pub const REASON_MAX: usize = 200;

/// A photo withdrawn, as stored.
#[derive(Debug, Clone, Queryable)]
pub struct Withdrawal {
    pub photo_id: i64,
    pub reason: String,
    pub withdrawn_by: i64,
    pub withdrawn_at: NaiveDateTime,
}

/// The withdrawals of these photos.
pub fn withdrawals_of(c: &mut DbConn, photos: &[i64]) -> QueryResult<Vec<Withdrawal>> {
    pw::table
        .filter(pw::photo_id.eq_any(photos))
        .select((pw::photo_id, pw::reason, pw::withdrawn_by, pw::withdrawn_at))
        .load(c)
}

/// Whether the user sees withdrawn photos (marked, with the reason): the head only.
pub fn sees_withdrawn(op: &Op<'_>) -> bool {
    op.user.role == Role::Head
}

/// Whether the user may withdraw this photo: the head, or whoever uploaded it.
pub fn may_withdraw(op: &Op<'_>, p: &Photo) -> bool {
    op.user.role == Role::Head || p.uploaded_by == i64::from(op.user.id)
}

/// The photos of an incident as this user may see them, oldest first: those in force, and for the
/// head also the withdrawn ones with their withdrawal.
pub fn listed(
    c: &mut DbConn,
    op: &Op<'_>,
    incident: i64,
) -> QueryResult<Vec<(Photo, Option<Withdrawal>)>> {
    let all = body::photos_of(c, incident)?;
    let ids: Vec<i64> = all.iter().map(|p| p.id).collect();
    let mut gone = withdrawals_of(c, &ids)?;
    let head = sees_withdrawn(op);
    Ok(all
        .into_iter()
        .filter_map(|p| {
            let w = gone
                .iter()
                .position(|w| w.photo_id == p.id)
                .map(|k| gone.swap_remove(k));
            match w {
                None => Some((p, None)),
                Some(w) if head => Some((p, Some(w))),
                Some(_) => None,
            }
        })
        .collect())
}

/// The photos in force of an incident (the API and the report count these).
pub fn in_force(c: &mut DbConn, incident: i64) -> QueryResult<Vec<Photo>> {
    let all = body::photos_of(c, incident)?;
    let ids: Vec<i64> = all.iter().map(|p| p.id).collect();
    let gone: Vec<i64> = withdrawals_of(c, &ids)?
        .into_iter()
        .map(|w| w.photo_id)
        .collect();
    Ok(all.into_iter().filter(|p| !gone.contains(&p.id)).collect())
}

/// Withdraw photo `photo` of incident `id` with a reason. 404: the incident out of scope, or the photo
/// not in it or (for anyone but the head) withdrawn already; 403: neither the head nor its uploader.
/// `Ok(Err(messages))` for the `reason` field.
pub fn withdraw(
    c: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    photo: i64,
    reason: &str,
) -> AppResult<Result<(), FieldErrors>> {
    let i = super::service::load(c, op, id)?;
    let (p, w) = listed(c, op, i.id)?
        .into_iter()
        .find(|(p, _)| p.id == photo)
        .ok_or(AppError::NotFound)?;
    if !may_withdraw(op, &p) {
        return Err(AppError::Forbidden);
    }
    let mut e = FieldErrors::default();
    if w.is_some() {
        e.add("reason", op.tr.t("shift.photo.err.withdrawn"));
    } else if !crate::shift::rules::body::note_ok(reason, REASON_MAX) {
        e.add("reason", op.tr.t("shift.photo.err.reason"));
    }
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let r = crate::db::write_tx(c, |c| -> Result<(), DbError> {
        diesel::insert_into(pw::table)
            .values((
                pw::photo_id.eq(p.id),
                pw::reason.eq(reason.trim()),
                pw::withdrawn_by.eq(i64::from(op.user.id)),
                pw::withdrawn_at.eq(op.now),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("withdraw", "shift_incident_photo", p.id)
                .with_detail(format!("incident {}", i.id)),
        )?;
        Ok(())
    });
    match r {
        Ok(()) => Ok(Ok(())),
        // Two withdrawals at once: the second finds the first's row.
        Err(DbError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            let mut e = FieldErrors::default();
            e.add("reason", op.tr.t("shift.photo.err.withdrawn"));
            Ok(Err(e))
        }
        Err(e) => Err(e.into()),
    }
}
