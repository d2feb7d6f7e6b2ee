//! The applicants' documents (ADP-18, 登记办法 第6条) uploaded on the application by the registrar of
//! the bureau: checked with the archive's upload checks (`archive::check_upload`: PDF/JPEG/PNG sniffed
//! from the content, the archive's size limit), stored in the archive's content-addressed store, listed
//! as a checklist (`rules::applicant_docs`), downloaded by the bureau's registrar only — every upload and
//! download audited. Registration is refused while a required document is missing
//! (`decision::register`).

use super::dossier::load;
use crate::adoption::model::{self, AppState, Application};
use crate::adoption::rules::applicant_docs::{self, DocKind, Line};
use crate::adoption::rules::{Category, Relation};
use crate::archive::store::Staged;
use crate::audit::{self, Event};
use crate::auth::Role;
use crate::db::schema::adoption_documents as ad;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// One stored document of an application.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ad)]
pub struct DocRow {
    pub id: i64,
    pub application_id: i64,
    pub kind: String,
    pub sha256: String,
    pub mime: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub uploaded_at: NaiveDateTime,
}

/// The application for the registrar of its bureau (others 403; outside the scope 404).
fn registrar_app(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Application> {
    if op.user.role() != Role::Registrar {
        return Err(AppError::Forbidden);
    }
    load(conn, op, id)
}

/// Before any byte is read: the application is the registrar's and open, and the answer is the
/// archive's size limit for the bureau's division.
pub fn upload_limit(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<u64> {
    let app = registrar_app(conn, op, id)?;
    if !matches!(
        app.state(),
        Some(AppState::Received | AppState::Integration)
    ) {
        return Err(AppError::Conflict(op.tr.t("adoption.err.decided").into()));
    }
    crate::archive::upload_limit_for(conn, crate::org::InstitutionId(app.bureau_id), op.today)
}

/// The documents of an application, newest first.
pub fn list(conn: &mut DbConn, id: i64) -> AppResult<Vec<DocRow>> {
    Ok(ad::table
        .filter(ad::application_id.eq(id))
        .order((ad::uploaded_at.desc(), ad::id.desc()))
        .select(DocRow::as_select())
        .load(conn)?)
}

/// The kinds an application holds.
pub fn held(conn: &mut DbConn, id: i64) -> AppResult<Vec<DocKind>> {
    let codes: Vec<String> = ad::table
        .filter(ad::application_id.eq(id))
        .select(ad::kind)
        .distinct()
        .load(conn)?;
    Ok(codes.iter().filter_map(|c| DocKind::parse(c)).collect())
}

/// The relation and category the checklist depends on (the marking's category; none: the strictest
/// list, as for an unrelated adopter).
fn basis(conn: &mut DbConn, app: &Application) -> AppResult<(Relation, Category)> {
    let relation = Relation::parse(&app.relation).unwrap_or(Relation::None);
    let category = model::availability_of(conn, app.child_id)?
        .and_then(|m| Category::parse(&m.category))
        .unwrap_or(Category::ParentsUnknown);
    Ok((relation, category))
}

/// The checklist of an application (ADP-18).
pub fn checklist(conn: &mut DbConn, app: &Application) -> AppResult<Vec<Line>> {
    let (r, c) = basis(conn, app)?;
    let held = held(conn, app.id)?;
    Ok(applicant_docs::checklist(r, c, &held))
}

/// The required documents still missing (registration waits for them).
pub fn missing(conn: &mut DbConn, app: &Application) -> AppResult<Vec<DocKind>> {
    let (r, c) = basis(conn, app)?;
    let held = held(conn, app.id)?;
    Ok(applicant_docs::missing(r, c, &held))
}

/// Check and store one uploaded document: its kind, then the archive's file checks; per field.
pub fn add(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    up: crate::archive::Upload,
    uploads_dir: &std::path::Path,
) -> AppResult<Result<i64, FieldErrors>> {
    let limit = upload_limit(conn, op, id)?;
    let mut e = FieldErrors::default();
    let kind = DocKind::parse(up.doc_type.trim());
    if kind.is_none() {
        e.add("kind", op.tr.t("err.choose"));
    }
    let mime = match crate::archive::check_upload(&up, limit, op.tr) {
        Ok(m) => Some(m),
        Err(msg) => {
            e.add("file", msg);
            None
        }
    };
    let name: String = up.file_name.trim().chars().take(120).collect();
    let (Some(kind), Some(mime), Some(file), true) = (kind, mime, up.file, e.is_empty()) else {
        return Ok(Err(e));
    };
    store(conn, op, id, kind, mime, &name, file, uploads_dir).map(Ok)
}

/// Commit a checked file to the store, then its row and audit row in one transaction (the file first:
/// a stored file without a row is harmless, a row without its file is not).
#[allow(clippy::too_many_arguments)]
fn store(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    kind: DocKind,
    mime: &str,
    name: &str,
    file: Staged,
    uploads_dir: &std::path::Path,
) -> AppResult<i64> {
    let size = i64::try_from(file.size()).unwrap_or(i64::MAX);
    let sha = file.commit(uploads_dir).map_err(AppError::internal)?;
    crate::db::write_tx(conn, |c| -> AppResult<i64> {
        diesel::insert_into(ad::table)
            .values((
                ad::application_id.eq(id),
                ad::kind.eq(kind.code()),
                ad::sha256.eq(&sha),
                ad::mime.eq(mime),
                ad::size_bytes.eq(size),
                ad::original_name.eq(name),
                ad::uploaded_by.eq(op.user.id.0),
                ad::uploaded_at.eq(op.now),
            ))
            .execute(c)?;
        let doc: i64 = ad::table
            .filter(ad::application_id.eq(id))
            .order(ad::id.desc())
            .select(ad::id)
            .first(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("upload", "adoption_document", doc)
                .with_detail(format!("application {id}: {}", kind.code())),
        )?;
        Ok(doc)
    })
}

/// A document of an application for download: the registrar of the bureau only (the placing side
/// never sees the applicants' file, point 8); audited as a view.
pub fn for_download(conn: &mut DbConn, op: &Op<'_>, id: i64, doc: i64) -> AppResult<DocRow> {
    registrar_app(conn, op, id)?;
    let row = ad::table
        .filter(ad::id.eq(doc))
        .filter(ad::application_id.eq(id))
        .select(DocRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    audit::record_alone(
        conn,
        op.now,
        op.actor,
        &Event::ok("view_document", "adoption_document", doc)
            .with_detail(format!("application {id}")),
    )?;
    Ok(row)
}

/// A minimal valid PDF (demo data and tests: an application whose documents were handed in).
pub const SAMPLE_PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// Attach a sample PDF for every required document still missing, through the same checks and store as
/// an upload (demo data; tests of the later steps). Returns how many were attached.
pub fn attach_required_samples(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    uploads_dir: &std::path::Path,
) -> AppResult<Result<usize, FieldErrors>> {
    let app = registrar_app(conn, op, id)?;
    let missing = missing(conn, &app)?;
    for kind in &missing {
        let up = crate::archive::Upload {
            section: String::new(),
            doc_type: kind.code().into(),
            title: String::new(),
            doc_date: String::new(),
            issuing_body: String::new(),
            file_name: format!("{}.pdf", kind.code()),
            claimed_type: Some("application/pdf".into()),
            file: Some(Staged::from_bytes(uploads_dir, SAMPLE_PDF).map_err(AppError::internal)?),
            too_large: false,
            replaces: None,
            replace_reason: String::new(),
        };
        if let Err(e) = add(conn, op, id, up, uploads_dir)? {
            return Ok(Err(e));
        }
    }
    Ok(Ok(missing.len()))
}
