//! What the adoption module (issue 13) needs of the archive beyond `interface.rs`, kept in its own file
//! so parallel work on the archive merges mechanically:
//!
//! - the archive's **upload checks** for files that are not a child's documents (the applicants'
//!   documents of an adoption application, ADP-18): [`read_file_upload`] reads a multipart form the
//!   way the archive does (the CSRF token first, the file streamed to a staged file, reading stopped at
//!   the limit), [`upload_limit_for`] is the archive's policy size limit (`archive.upload_max_mb`) for
//!   an institution's division, [`check_upload`] is the archive's content check (PDF/JPEG/PNG sniffed from
//!   the bytes, matching the file name's extension and the declared type; a safe file name);
//! - [`readmit_after_adoption`]: a child whose adoption was dissolved or revoked returns to the placing
//!   institution's care — the archive reopened (status back to active) with its history row, an entry
//!   in the discharge section and an audit row.

use super::model::{self, ChildId, ChildStatus};
use super::store::Staged;
use crate::audit::{self, Event};
use crate::db::schema::children;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{Catalogue, Op};
use diesel::prelude::*;

/// The archive's upload size limit in bytes for `institution`'s division on `on` (policy
/// `archive.upload_max_mb`: the same limit as a child's documents).
pub fn upload_limit_for(
    conn: &mut DbConn,
    institution: crate::org::InstitutionId,
    on: chrono::NaiveDate,
) -> AppResult<u64> {
    super::interface_uploads::upload_limit_bytes(conn, institution, on)
}

/// Read a multipart upload form as the archive does (see `handlers::read_upload`): with `expected` the
/// first field must be the matching CSRF token; the file is streamed to a staged file and reading stops
/// at `limit` bytes (`too_large`). The text fields land in the archive's `Upload` (`doc_type`, `title`).
/// A declared body length past the limit is refused (413) before anything is read.
pub async fn read_file_upload(
    req: &actix_web::HttpRequest,
    mp: actix_multipart::Multipart,
    uploads_dir: std::path::PathBuf,
    limit: u64,
    expected: Option<crate::web::csrf::ExpectedToken>,
) -> AppResult<super::Upload> {
    super::handlers::refuse_declared(req, limit)?;
    let target = super::handlers::UploadTarget { uploads_dir, limit };
    super::handlers::read_upload(mp, &target, expected).await
}

/// The archive's checks of an uploaded file (`interface_uploads::check_file`, those of
/// `add_document`) on an upload read by [`read_file_upload`]: the sniffed MIME type, or the message
/// for the form's `file` field.
pub fn check_upload(
    up: &super::Upload,
    max_bytes: u64,
    tr: &Catalogue,
) -> Result<&'static str, String> {
    super::interface_uploads::check_file(
        tr,
        &up.file_name,
        up.file.as_ref().map_or(0, Staged::size),
        up.file.as_ref().map(|f| f.head()),
        up.claimed_type.as_deref(),
        up.too_large,
        max_bytes,
    )
}

/// Re-admit a child whose adoption ended — dissolved (解除收养关系, 民法典 第1114条、第1117条) or revoked
/// (撤销收养登记, 登记办法 第13条) — into the care of the institution that placed the child, inside the
/// caller's transaction, acting for that institution (the registrar has no archive scope; the history
/// and audit rows name the registrar as actor), like `discharge_on_adoption`.
///
/// Only a child the archive discharged with reason `adopted` from `institution` is re-admitted: the
/// status goes back to active (the discharge date and reason cleared), a status history row names
/// `reason`, an entry is filed in the discharge section on `date`, and an audit row. Any other state
/// (already re-admitted through the intake, moved on) changes nothing and answers `false`.
///
/// The adoption-secrecy restriction (民法典 第1110条) is **kept**: the adoption remains a fact of the
/// child's history and its secrecy protects the adopters and the placer after the relationship ends;
/// the head opens the archive with a stated purpose as before (docs/adoption.md).
pub fn readmit_after_adoption(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    institution: crate::org::InstitutionId,
    date: chrono::NaiveDate,
    reason: &str,
) -> AppResult<bool> {
    let child = super::load_for_law(conn, child_id, super::LawfulAccess::AdoptionRegistration)?;
    if child.status != ChildStatus::Discharged
        || child.institution_id != institution
        || child.discharge_reason.as_deref() != Some("adopted")
    {
        return Ok(false);
    }
    let n = diesel::update(
        children::table
            .find(child_id)
            .filter(children::version.eq(child.version))
            .filter(children::status.eq(ChildStatus::Discharged)),
    )
    .set((
        children::status.eq(ChildStatus::Active),
        children::discharge_date.eq(None::<chrono::NaiveDate>),
        children::discharge_reason.eq(None::<String>),
        children::version.eq(child.version + 1),
        children::updated_at.eq(op.now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
    }
    model::insert_change(
        conn,
        child_id,
        "status",
        ChildStatus::Discharged.code(),
        ChildStatus::Active.code(),
        reason,
        op.user.id,
        op.now,
    )?;
    model::add_entry(
        conn,
        &super::NewEntry {
            child_id,
            section: "discharge",
            date,
            kind: "readmission",
            summary: reason,
            module: "adoption",
            reference: None,
        },
        Some(op.user.id),
        op.now,
    )?;
    audit::record(
        conn,
        op.now,
        op.actor,
        &Event::ok("status_change", "child", child_id.0)
            .with_detail(format!("re-admitted: {reason}")),
    )?;
    Ok(true)
}
