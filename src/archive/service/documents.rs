//! Documents: the upload as typed, file-type sniffing and storing a checked document.

use super::super::model::{self, NewDocument};
use super::super::rules;
use super::{load, Op};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::db::schema::{child_documents, children};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use chrono::NaiveDate;
use diesel::prelude::*;

/// An uploaded file, before checks.
pub struct Upload {
    pub section: String,
    pub doc_type: String,
    pub title: String,
    pub doc_date: String,
    pub issuing_body: String,
    pub file_name: String,
    pub claimed_type: Option<String>,
    /// The file as received, staged beside the store (never held in memory); `None` when none was sent.
    pub file: Option<super::super::store::Staged>,
    /// The file went past the size limit while it was read: reading stopped, nothing was kept.
    pub too_large: bool,
    /// A document this one replaces, with the reason.
    pub replaces: Option<i64>,
    pub replace_reason: String,
}

/// The accepted file types, identified from the bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("application/pdf") => Some("application/pdf"),
        Some("image/jpeg") => Some("image/jpeg"),
        Some("image/png") => Some("image/png"),
        _ => None,
    }
}

/// Before any byte of an upload is read (issue 10 point 6): the child must be in the user's scope (404
/// otherwise) and active, and the answer is the policy size limit in bytes for its institution.
pub fn upload_limit(conn: &mut DbConn, op: &Op<'_>, child_id: ChildId) -> AppResult<u64> {
    let child = load(conn, op.user, child_id)?;
    if child.status != model::ChildStatus::Active {
        return Err(AppError::bad(
            "archive_closed",
            op.tr.t("err.archive_closed"),
        ));
    }
    Ok(max_mb(conn, op, child.institution_id)?.unsigned_abs() * 1024 * 1024)
}

fn max_mb(conn: &mut DbConn, op: &Op<'_>, inst: crate::org::InstitutionId) -> AppResult<i64> {
    let inst = crate::org::model::holding(conn, inst)?.ok_or(AppError::NotFound)?;
    crate::policy::int(
        conn,
        crate::policy::keys::ARCHIVE_UPLOAD_MAX_MB,
        Some(inst.division_id),
        op.today,
    )
}

/// Check and store a document: PDF/JPEG/PNG by content, matching what the name and the declared type
/// claim; within the size limit; stored by SHA-256 under the data folder; never overwriting.
pub fn add_document(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    up: Upload,
    uploads_dir: &std::path::Path,
) -> AppResult<Result<i64, FieldErrors>> {
    let (tr, user, actor, today, now) = (op.tr, op.user, op.actor, op.today, op.now);
    let child = load(conn, user, child_id)?;
    if child.status != model::ChildStatus::Active {
        return Err(AppError::bad("archive_closed", tr.t("err.archive_closed")));
    }
    let max_mb = max_mb(conn, op, child.institution_id)?;
    let mut e = FieldErrors::default();
    if !rules::is_section(&up.section) {
        e.add("section", tr.t("err.choose"));
    }
    let doc_type = if up.doc_type.is_empty() {
        "other".to_string()
    } else {
        up.doc_type.clone()
    };
    if !rules::DOCUMENT_TYPES.contains(&doc_type.as_str()) {
        e.add("doc_type", tr.t("err.choose"));
    } else if rules::is_section(&up.section)
        && !rules::types_for(&up.section).contains(&doc_type.as_str())
    {
        // ARC-02: a photo filed under 社会工作 is a photo, never an intake form.
        e.add("doc_type", tr.t("err.type_not_in_section"));
    }
    let title = crate::platform::forms::text(&mut e, tr, "title", &up.title, true, 100);
    let issuing =
        crate::platform::forms::text(&mut e, tr, "issuing_body", &up.issuing_body, false, 100);
    let doc_date = match up.doc_date.trim() {
        "" => None,
        s => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if d <= today => Some(d),
            Ok(_) => {
                e.add("doc_date", tr.t("err.date_future"));
                None
            }
            Err(_) => {
                e.add("doc_date", tr.t("err.date"));
                None
            }
        },
    };
    let name = up.file_name.trim();
    let size = up.file.as_ref().map_or(0, |f| f.size());
    let sniffed = up.file.as_ref().and_then(|f| sniff(f.head()));
    // The same checks every typed upload gets (also the foster module's, `archive::check_file`).
    if let Err(msg) = super::super::interface_uploads::check_file(
        tr,
        name,
        size,
        up.file.as_ref().map(|f| f.head()),
        up.claimed_type.as_deref(),
        up.too_large,
        max_mb.unsigned_abs() * 1024 * 1024,
    ) {
        e.add("file", msg);
    }
    let replaced = match up.replaces {
        Some(rid) => {
            let doc: Option<(i64, Option<i64>)> = child_documents::table
                .filter(child_documents::id.eq(rid))
                .filter(child_documents::child_id.eq(child_id))
                .select((child_documents::id, child_documents::superseded_by))
                .first(conn)
                .optional()?;
            match doc {
                None | Some((_, Some(_))) => {
                    e.add("replaces", tr.t("err.choose"));
                    None
                }
                Some((id, None)) => {
                    if up.replace_reason.trim().is_empty() {
                        e.add("replace_reason", tr.t("err.reason_required"));
                    }
                    Some(id)
                }
            }
        }
        None => None,
    };
    let (Some(mime), true, Some(file)) = (sniffed, e.is_empty(), up.file) else {
        return Ok(Err(e));
    };
    // The file enters the store before its row: a stored file without a row is harmless (the store is
    // append-only), a row without its file is what a backup must never produce.
    let sha = file.commit(uploads_dir).map_err(AppError::internal)?;
    let reason: String = up.replace_reason.trim().chars().take(300).collect();
    crate::db::write_tx(conn, |c| {
        let id = model::insert_document(
            c,
            &NewDocument {
                child_id,
                section: up.section.clone(),
                doc_type: doc_type.clone(),
                title,
                doc_date,
                issuing_body: issuing,
                sha256: sha.clone(),
                mime: mime.into(),
                size_bytes: size as i64,
                original_name: name.to_string(),
                uploaded_by: user.id,
                uploaded_at: now,
            },
        )?;
        if let Some(old) = replaced {
            diesel::update(
                child_documents::table
                    .find(old)
                    .filter(child_documents::superseded_by.is_null()),
            )
            .set((
                child_documents::superseded_by.eq(Some(id)),
                child_documents::superseded_reason.eq(Some(&reason)),
            ))
            .execute(c)?;
            audit::record(
                c,
                now,
                actor,
                &Event::ok("supersede", "child_document", old).with_detail(format!("by {id}")),
            )?;
        }
        if doc_type == "photo" && mime != "application/pdf" {
            diesel::update(children::table.find(child_id))
                .set(children::photo_document_id.eq(Some(id)))
                .execute(c)?;
        }
        audit::record(
            c,
            now,
            actor,
            &Event::ok("create", "child_document", id).with_detail(format!("child {child_id}")),
        )?;
        Ok(Ok(id))
    })
}
