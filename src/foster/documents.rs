//! Typed uploads of a foster family (issue 12 points 1, 5, 6): each household member's written consent
//! (全体家庭成员同意), the proofs of income, housing and health filed with the application (家庭寄养管理办法
//! 第12条(一), FOS-13), other papers (户口簿, 身份证, 无犯罪记录证明 — the criminal-record check is part of
//! the assessment, 第12条(二), so it is filed but not an engine condition) and a visit's photos (point 6).
//!
//! The file is checked and stored by the archive (`crate::archive::check_received`, the same checks as a
//! child's document: size from policy, PDF/JPEG/PNG by content, name and declared type matching) in its
//! content-addressed store; this module keeps the row. The family record passes what is filed to the
//! engine ([`Filed`]): a member consents when their consent document is filed; a proof counts while it is
//! not superseded — a move (搬家) supersedes the housing proofs, so the new one is asked for (point 7).

use super::model::{FamilyId, MemberRow};
use super::rules::Proofs;
use super::service;
use crate::audit::{self, Event};
use crate::db::schema::foster_documents as fd;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::platform::Op;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The audit resource of a document.
pub const RESOURCE: &str = "foster_document";

crate::code_enum! {
    /// 材料类型 — what an uploaded document is.
    pub enum DocKind {
        Consent = "consent",
        Income = "income",
        Housing = "housing",
        Health = "health",
        Hukou = "hukou",
        IdCard = "id_card",
        NoCriminalRecord = "no_criminal_record",
        VisitPhoto = "visit_photo",
    }
}

/// The kinds offered on the family's document form (photos are added on a visit).
pub const FAMILY_KINDS: &[DocKind] = &[
    DocKind::Consent,
    DocKind::Income,
    DocKind::Housing,
    DocKind::Health,
    DocKind::Hukou,
    DocKind::IdCard,
    DocKind::NoCriminalRecord,
];

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fd)]
pub struct DocRow {
    pub id: i64,
    pub family_id: FamilyId,
    pub member_id: Option<i64>,
    pub visit_id: Option<i64>,
    pub kind: String,
    pub sha256: String,
    pub mime: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub uploaded_by: i64,
    pub uploaded_at: NaiveDateTime,
    pub superseded_at: Option<NaiveDateTime>,
}

/// A family's documents, oldest first.
pub fn of_family(c: &mut DbConn, id: FamilyId) -> QueryResult<Vec<DocRow>> {
    fd::table
        .filter(fd::family_id.eq(id))
        .order(fd::id.asc())
        .select(DocRow::as_select())
        .load(c)
}

/// What the engine takes from the filed documents (FOS-13).
#[derive(Debug, Clone, Default)]
pub struct Filed {
    pub proofs: Proofs,
    /// Members whose written consent is filed.
    pub consented: Vec<i64>,
}

/// The documents in force of a family, as the engine sees them.
pub fn filed(c: &mut DbConn, id: FamilyId) -> QueryResult<Filed> {
    let rows: Vec<(String, Option<i64>)> = fd::table
        .filter(fd::family_id.eq(id))
        .filter(fd::superseded_at.is_null())
        .select((fd::kind, fd::member_id))
        .load(c)?;
    let mut f = Filed::default();
    for (kind, member) in rows {
        match DocKind::parse(&kind) {
            Some(DocKind::Income) => f.proofs.income = true,
            Some(DocKind::Housing) => f.proofs.housing = true,
            Some(DocKind::Health) => f.proofs.health = true,
            Some(DocKind::Consent) => f.consented.extend(member),
            _ => {}
        }
    }
    Ok(f)
}

/// The upload limit in bytes for a family in scope (404 outside), before any byte is read.
pub fn limit(c: &mut DbConn, op: &Op, id: FamilyId) -> AppResult<u64> {
    let f = service::find(c, op, id)?;
    crate::archive::upload_limit_bytes(c, f.institution_id, op.today)
}

/// The form's fields as typed, for a re-rendered page.
#[derive(Debug, Clone, Default)]
pub struct DocTyped {
    pub kind: String,
    pub member: String,
    pub visit: String,
}

impl DocTyped {
    pub fn from(r: &crate::archive::Received) -> DocTyped {
        DocTyped {
            kind: r.field("doc_kind").to_string(),
            member: r.field("doc_member").to_string(),
            visit: r.field("visit_id").to_string(),
        }
    }
}

/// Check and store an upload to a family in scope: the kind, the member (a consent) or the visit (a
/// photo, which must be an image), and the archive's file checks. One transaction with its audit row.
pub fn add(
    c: &mut DbConn,
    op: &Op,
    id: FamilyId,
    r: crate::archive::Received,
    uploads_dir: &std::path::Path,
) -> AppResult<Result<i64, FieldErrors>> {
    let tr = op.tr;
    let f = service::find(c, op, id)?;
    let max = crate::archive::upload_limit_bytes(c, f.institution_id, op.today)?;
    let mut e = FieldErrors::default();
    let kind = DocKind::parse(r.field("doc_kind").trim());
    let file_field = if kind == Some(DocKind::VisitPhoto) {
        "photo_file"
    } else {
        "file"
    };
    let (mut member_id, mut visit_id) = (None, None);
    match kind {
        None => e.add("doc_kind", tr.t("err.choose")),
        Some(DocKind::Consent) => {
            let members = super::model::members(c, id)?;
            member_id = r
                .field("doc_member")
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|m| members.iter().any(|x| x.id == *m));
            if member_id.is_none() {
                e.add("doc_member", tr.t("foster.doc_member_required"));
            }
        }
        Some(DocKind::VisitPhoto) => {
            let visits = super::visits::of_family(c, id)?;
            visit_id = r
                .field("visit_id")
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|v| visits.iter().any(|x| x.id == *v));
            if visit_id.is_none() {
                return Err(AppError::NotFound);
            }
        }
        Some(_) => {}
    }
    let mime = match crate::archive::check_received(tr, &r, max) {
        Ok(m) => Some(m),
        Err(msg) => {
            e.add(file_field, msg);
            None
        }
    };
    if kind == Some(DocKind::VisitPhoto) && mime == Some("application/pdf") {
        e.add(file_field, tr.t("foster.photo_not_image"));
    }
    let (Some(kind), Some(mime), true, Some(file)) = (kind, mime, e.is_empty(), r.file) else {
        return Ok(Err(e));
    };
    let size = file.size() as i64;
    let name: String = r.file_name.trim().to_string();
    // The file enters the store before its row (the store is append-only; a row never lacks its file).
    let sha = file.commit(uploads_dir).map_err(AppError::internal)?;
    crate::db::write_tx(c, |c| {
        let did: i64 = diesel::insert_into(fd::table)
            .values((
                fd::family_id.eq(id),
                fd::member_id.eq(member_id),
                fd::visit_id.eq(visit_id),
                fd::kind.eq(kind.code()),
                fd::sha256.eq(&sha),
                fd::mime.eq(mime),
                fd::size_bytes.eq(size),
                fd::original_name.eq(&name),
                fd::uploaded_by.eq(op.user.id.0),
                fd::uploaded_at.eq(op.now),
            ))
            .returning(fd::id)
            .get_result(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", RESOURCE, did).with_detail(format!("family {id} {}", kind.code())),
        )?;
        Ok(Ok(did))
    })
}

/// Demo data: file a document already in the store (no checks, no audit: the demo seeds as setup).
pub fn insert_demo(
    c: &mut DbConn,
    id: FamilyId,
    kind: DocKind,
    member_id: Option<i64>,
    sha: &str,
    user: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(fd::table)
        .values((
            fd::family_id.eq(id),
            fd::member_id.eq(member_id),
            fd::kind.eq(kind.code()),
            fd::sha256.eq(sha),
            fd::mime.eq("application/pdf"),
            fd::size_bytes.eq(0i64),
            fd::original_name.eq(format!("{}.pdf", kind.code())),
            fd::uploaded_by.eq(user),
            fd::uploaded_at.eq(now),
        ))
        .execute(c)
}

/// A move supersedes the housing proofs in force (inside the move's transaction): the new housing
/// proof is asked for (第8条(一) is about the residence the child will live in).
pub fn supersede_housing(c: &mut DbConn, id: FamilyId, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        fd::table
            .filter(fd::family_id.eq(id))
            .filter(fd::kind.eq(DocKind::Housing.code()))
            .filter(fd::superseded_at.is_null()),
    )
    .set(fd::superseded_at.eq(Some(now)))
    .execute(c)
}

/// A document of a family in scope for download (404 outside the scope or the family), the view
/// audited.
pub fn for_download(c: &mut DbConn, op: &Op, id: FamilyId, doc: i64) -> AppResult<DocRow> {
    service::find(c, op, id)?;
    let d = fd::table
        .find(doc)
        .filter(fd::family_id.eq(id))
        .select(DocRow::as_select())
        .first(c)
        .optional()?
        .ok_or(AppError::NotFound)?;
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("view", RESOURCE, doc).with_detail(format!("family {id}")),
    )?;
    Ok(d)
}

/// One document on the family page.
pub struct DocLine {
    pub id: i64,
    pub kind: String,
    pub member: String,
    pub visit_id: Option<i64>,
    pub name: String,
    pub uploaded_on: String,
    pub superseded: bool,
}

/// The documents part of the family page.
#[derive(Default)]
pub struct DocsView {
    pub lines: Vec<DocLine>,
    pub consented: Vec<i64>,
    pub typed: DocTyped,
}

/// The family's documents for its page.
pub fn view(c: &mut DbConn, id: FamilyId, members: &[MemberRow]) -> QueryResult<DocsView> {
    let filed = filed(c, id)?;
    let lines = of_family(c, id)?
        .into_iter()
        .map(|d| DocLine {
            id: d.id,
            member: d
                .member_id
                .and_then(|m| members.iter().find(|x| x.id == m))
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            kind: d.kind,
            visit_id: d.visit_id,
            name: d.original_name,
            uploaded_on: d.uploaded_at.date().to_string(),
            superseded: d.superseded_at.is_some(),
        })
        .collect();
    Ok(DocsView {
        lines,
        consented: filed.consented,
        typed: DocTyped::default(),
    })
}

impl super::views::FamilyPage {
    /// Whether this member's written consent is filed (FOS-13).
    pub fn consented<T: std::borrow::Borrow<i64>>(&self, member: T) -> bool {
        self.docs.consented.contains(member.borrow())
    }
    /// The photos of a visit.
    pub fn photos_of<T: std::borrow::Borrow<i64>>(&self, visit: T) -> Vec<&DocLine> {
        let v = *visit.borrow();
        self.docs
            .lines
            .iter()
            .filter(|d| d.visit_id == Some(v))
            .collect()
    }
    /// The family's own documents (not visit photos).
    pub fn family_docs(&self) -> Vec<&DocLine> {
        self.docs
            .lines
            .iter()
            .filter(|d| d.visit_id.is_none())
            .collect()
    }
    /// The kinds offered on the document form.
    pub fn doc_kinds(&self) -> Vec<&'static str> {
        FAMILY_KINDS.iter().map(|k| k.code()).collect()
    }
    /// Whether the re-rendered photo form was typed for this visit.
    pub fn photo_for<T: std::borrow::Borrow<i64>>(&self, visit: T) -> bool {
        self.docs.typed.visit == visit.borrow().to_string()
    }
}
