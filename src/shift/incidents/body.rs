//! The body map and photos of an incident (体表伤情图与照片, issue 15 point 6).
//!
//! Decision (docs/caregiving.md, docs/decisions.md): they belong to the INCIDENT, not to the child's
//! archive, and are read exactly by those who may read the incident — every operation here first
//! loads the incident through `service::load` (another institution's, or a staff-involved incident
//! for anyone but the head and the supervisor: 404). The archive entry keeps kind and number only.
//!
//! A mark is one region of one side of a simple figure, per child of the incident, with the kind seen
//! and a short note (BODY-01, `rules::body`). A photo is a JPEG or PNG checked by the archive's upload
//! checks (`archive::check_received`, the policy size limit `archive.upload_max_mb`) and kept in the
//! archive's content-addressed store; `crate::modules::STORED_FILES` lists it for the backup. Nothing
//! is deleted (RPT-03). Each change is one write transaction with its audit row; each download is
//! audited as a view.

use super::service;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{shift_incident_marks as mk, shift_incident_photos as ph};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use crate::shift::rules::body::{self, MarkKind, Region, Side};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The longest note of a mark.
pub const NOTE_MAX: usize = 200;

/// A mark as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mk)]
pub struct Mark {
    pub id: i64,
    pub child_id: i64,
    pub side: String,
    pub region: String,
    pub kind: String,
    pub note: String,
    pub recorded_by: i64,
    pub recorded_at: NaiveDateTime,
    /// The mark this one corrects or withdraws (session 7; `body_fix`).
    pub supersedes: Option<i64>,
    /// Set on a withdrawal row: why the mark it names was withdrawn.
    pub withdrawn_reason: Option<String>,
}

/// A photo as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ph)]
pub struct Photo {
    pub id: i64,
    pub sha256: String,
    pub mime: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub uploaded_by: i64,
    pub uploaded_at: NaiveDateTime,
}

pub fn marks_of(c: &mut DbConn, incident: i64) -> QueryResult<Vec<Mark>> {
    mk::table
        .filter(mk::incident_id.eq(incident))
        .order(mk::id.asc())
        .select(Mark::as_select())
        .load(c)
}

pub fn photos_of(c: &mut DbConn, incident: i64) -> QueryResult<Vec<Photo>> {
    ph::table
        .filter(ph::incident_id.eq(incident))
        .order(ph::id.asc())
        .select(Photo::as_select())
        .load(c)
}

/// The files of incident photos in the store (for the backup, `crate::modules::STORED_FILES`).
pub const STORED_FILES: crate::platform::module::StoredFiles =
    |conn| ph::table.select(ph::sha256).load(conn);

/// The incident, if the user may add to it: records incidents (403) and reads this one (404).
pub(super) fn writable(c: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<super::Incident> {
    if !op.user.can(Action::RecordIncident) {
        return Err(AppError::Forbidden);
    }
    service::load(c, op, id)
}

/// A mark as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MarkInput {
    pub child: String,
    pub side: String,
    pub region: String,
    pub kind: String,
    pub note: String,
}

/// Add a mark to the body map (BODY-01); `Ok(Err(messages))` when the user can fix the input.
pub fn add_mark(
    c: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    f: &MarkInput,
) -> AppResult<Result<i64, FieldErrors>> {
    let i = writable(c, op, id)?;
    let mut e = FieldErrors::default();
    let kids = super::children_of(c, i.id)?;
    let child = f
        .child
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|k| kids.contains(k));
    if child.is_none() {
        e.add("child", op.tr.t("shift.body.err.child"));
    }
    let place = check_place(op.tr, f, &mut e);
    let (Some(child), Some((side, region, kind)), true) = (child, place, e.is_empty()) else {
        return Ok(Err(e));
    };
    crate::db::write_tx(c, |c| {
        diesel::insert_into(mk::table)
            .values((
                mk::incident_id.eq(i.id),
                mk::child_id.eq(child),
                mk::side.eq(side.code()),
                mk::region.eq(region.code()),
                mk::kind.eq(kind.code()),
                mk::note.eq(f.note.trim()),
                mk::recorded_by.eq(i64::from(op.user.id)),
                mk::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let mid: i64 = mk::table
            .filter(mk::incident_id.eq(i.id))
            .select(diesel::dsl::max(mk::id))
            .first::<Option<i64>>(c)?
            .ok_or(diesel::result::Error::NotFound)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "shift_incident_mark", mid)
                .with_detail(format!("incident {}", i.id)),
        )?;
        Ok(Ok(mid))
    })
}

/// BODY-01 on a posted mark: side, a region on that side, a kind and a short note; messages per field.
pub(super) fn check_place(
    tr: &crate::platform::Catalogue,
    f: &MarkInput,
    e: &mut FieldErrors,
) -> Option<(Side, Region, MarkKind)> {
    let side = Side::parse(f.side.trim());
    let region = Region::parse(f.region.trim());
    match (side, region) {
        (None, _) => e.add("side", tr.t("shift.body.err.side")),
        (_, None) => e.add("region", tr.t("shift.body.err.region")),
        (Some(s), Some(r)) if !body::on_side(r, s) => {
            e.add("region", tr.t("shift.body.err.not_on_side"))
        }
        _ => {}
    }
    let kind = MarkKind::parse(f.kind.trim());
    if kind.is_none() {
        e.add("kind", tr.t("shift.body.err.kind"));
    }
    if !body::note_ok(&f.note, NOTE_MAX) {
        e.add("note", tr.t("shift.body.err.note"));
    }
    match (side, region, kind) {
        (Some(s), Some(r), Some(k)) if body::on_side(r, s) => Some((s, r, k)),
        _ => None,
    }
}

/// The upload limit for the incident's institution (checked before the body is read); 404 / 403 as
/// [`writable`].
pub fn limit(c: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<u64> {
    let i = writable(c, op, id)?;
    crate::archive::upload_limit_bytes(c, crate::org::InstitutionId(i.institution_id), op.today)
}

/// Add a photo (JPEG or PNG, the archive's checks and size limit); messages for the `file` field.
pub fn add_photo(
    c: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    r: crate::archive::Received,
    uploads_dir: &std::path::Path,
) -> AppResult<Result<i64, FieldErrors>> {
    let i = writable(c, op, id)?;
    let max = limit(c, op, id)?;
    let mut e = FieldErrors::default();
    let mime = match crate::archive::check_received(op.tr, &r, max) {
        Ok("application/pdf") => {
            e.add("file", op.tr.t("shift.body.err.not_image"));
            None
        }
        Ok(m) => Some(m),
        Err(msg) => {
            e.add("file", msg);
            None
        }
    };
    let (Some(mime), Some(file)) = (mime, r.file) else {
        return Ok(Err(e));
    };
    let size = file.size() as i64;
    let name = r.file_name.trim().to_string();
    // The file enters the store before its row (the store is append-only; a row never lacks its file).
    let sha = file.commit(uploads_dir).map_err(AppError::internal)?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(ph::table)
            .values((
                ph::incident_id.eq(i.id),
                ph::sha256.eq(&sha),
                ph::mime.eq(mime),
                ph::size_bytes.eq(size),
                ph::original_name.eq(&name),
                ph::uploaded_by.eq(i64::from(op.user.id)),
                ph::uploaded_at.eq(op.now),
            ))
            .execute(c)?;
        let pid: i64 = ph::table
            .filter(ph::incident_id.eq(i.id))
            .select(diesel::dsl::max(ph::id))
            .first::<Option<i64>>(c)?
            .ok_or(diesel::result::Error::NotFound)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "shift_incident_photo", pid)
                .with_detail(format!("incident {}", i.id)),
        )?;
        Ok(Ok(pid))
    })
}

/// A photo of an incident the user reads (404 otherwise), its download audited as a view. A withdrawn
/// photo only for the head (`photo_fix`; 404 for anyone else).
pub fn for_download(c: &mut DbConn, op: &Op<'_>, id: i64, photo: i64) -> AppResult<Photo> {
    let i = service::load(c, op, id)?;
    let (p, w) = super::photo_fix::listed(c, op, i.id)?
        .into_iter()
        .find(|(p, _)| p.id == photo)
        .ok_or(AppError::NotFound)?;
    let detail = match w {
        Some(_) => format!("incident {} (withdrawn)", i.id),
        None => format!("incident {}", i.id),
    };
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("view", "shift_incident_photo", p.id).with_detail(detail),
    )?;
    Ok(p)
}
