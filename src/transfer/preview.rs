//! The receiving institution's read-only preview of a child's archive before the handover completes
//! (issue 4 point 2): key facts, every section's documents and entries, documents downloadable. Sections
//! under a restriction (e.g. adoption secrecy, 民法典 第1110条) stay hidden here — the purpose-stated
//! unlock belongs to the institution that holds the archive. Every view and download is audited.

use super::model::{Batch, TransferChild};
use super::rules::{BatchState, Side};
use super::service;
use crate::archive::views::{key_facts, DocLine, SectionView};
use crate::archive::{self, Child, Document, SECTIONS};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::{institutions, transfer_children as tc};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use crate::web::{redirect, render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;
use diesel::prelude::*;

/// Roles of the receiving side that may preview (issue 4: "the receiving institution's head and social
/// workers").
const PREVIEW_ROLES: [&str; 2] = ["head", "social-worker"];

/// Whether this user may open previews of a batch in this state (the page link and the check agree).
pub fn may_preview(side: Option<Side>, role: &str, batch_state: &str) -> bool {
    side == Some(Side::Receiver)
        && PREVIEW_ROLES.contains(&role)
        && matches!(
            BatchState::parse(batch_state),
            Some(BatchState::Submitted | BatchState::Accepted)
        )
}

/// What one preview shows.
pub struct Loaded {
    pub batch: Batch,
    pub tc: TransferChild,
    pub child: Child,
    pub institution: String,
    pub docs: Vec<Document>,
    pub entries: Vec<archive::Entry>,
    pub hidden: Vec<String>,
}

/// The outcome of asking for a preview: the archive, or — once the handover is complete and the
/// receiver holds the archive — the archive's own address.
pub enum Found {
    Preview(Box<Loaded>),
    OwnArchive(i64),
}

/// Check that the user previews for the receiving side of an open (submitted or accepted) batch, then
/// load the child's archive. Anyone else: 404 outside the batch's sides, 403 on the wrong side or role.
pub fn load(conn: &mut DbConn, op: &Op<'_>, batch_id: i64, tcid: i64) -> AppResult<Found> {
    let batch = service::load(conn, op, batch_id)?;
    let kid: TransferChild = tc::table
        .find(tcid)
        .filter(tc::batch_id.eq(batch_id))
        .select(TransferChild::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let side = service::side_of(op, &batch);
    if side != Some(Side::Receiver) || !PREVIEW_ROLES.contains(&op.user.role.as_str()) {
        return Err(AppError::Forbidden);
    }
    if kid.state == "completed" {
        return Ok(Found::OwnArchive(kid.child_id));
    }
    if !may_preview(side, &op.user.role, &batch.state) {
        return Err(AppError::NotFound);
    }
    let child = archive::load_for_law(conn, kid.child_id, archive::LawfulAccess::TransferPreview)?;
    let institution: String = institutions::table
        .find(child.institution_id)
        .select(institutions::name)
        .first(conn)?;
    // The receiver never opens the purpose-stated restricted view: that belongs to the holder.
    let access = archive::section_access(conn, child.id, &op.user.role, false)?;
    let docs = archive::documents(conn, child.id)?
        .into_iter()
        .filter(|d| !access.hides(&d.section))
        .collect();
    let entries = archive::entries(conn, child.id)?
        .into_iter()
        .filter(|e| !access.hides(&e.section))
        .collect();
    let hidden = access.hidden_sections();
    Ok(Found::Preview(Box::new(Loaded {
        batch,
        tc: kid,
        child,
        institution,
        docs,
        entries,
        hidden,
    })))
}

#[derive(Template)]
#[template(path = "transfer/preview.html")]
pub struct PreviewPage {
    pub ctx: Ctx,
    pub batch: Batch,
    pub tc: TransferChild,
    pub child: Child,
    pub institution: String,
    pub age: i32,
    pub facts: Vec<(String, String)>,
    pub sections: Vec<SectionView>,
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (id, tcid) = path.into_inner();
    let tr = cu.tr();
    let (found, today) = state
        .run(&cu, move |c, op| {
            let found = load(c, op, id, tcid)?;
            if let Found::Preview(l) = &found {
                audit::record_alone(
                    c,
                    op.now,
                    op.actor,
                    &Event::ok("view", "child", l.child.id)
                        .with_detail(format!("transfer preview {id}")),
                )?;
            }
            Ok((found, op.today))
        })
        .await?;
    let l = match found {
        Found::OwnArchive(child) => return Ok(redirect(&format!("/children/{child}"))),
        Found::Preview(l) => *l,
    };
    let sections = SECTIONS
        .iter()
        .map(|s| {
            let hidden = l.hidden.iter().any(|h| h == s);
            SectionView {
                code: s.to_string(),
                label: tr.t(&format!("section.{s}")).to_string(),
                hidden,
                docs: l
                    .docs
                    .iter()
                    .filter(|d| d.section == *s)
                    .map(|d| DocLine {
                        type_label: tr.t(&format!("doc.{}", d.doc_type)).to_string(),
                        doc: d.clone(),
                    })
                    .collect(),
                entries: l
                    .entries
                    .iter()
                    .filter(|e| e.section == *s)
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    render(&PreviewPage {
        age: crate::clock::age_on(l.child.birth_date, today),
        facts: key_facts(tr, &l.child),
        sections,
        batch: l.batch,
        tc: l.tc,
        institution: l.institution,
        child: l.child,
        ctx: Ctx::for_user(&cu),
    })
}

/// Download one document from the preview (current or superseded, never from a hidden section).
pub async fn document(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (id, tcid, doc_id) = path.into_inner();
    let settings = state.settings.clone();
    let (doc, file) = state
        .run(&cu, move |c, op| {
            let Found::Preview(l) = load(c, op, id, tcid)? else {
                return Err(AppError::NotFound);
            };
            let doc = l
                .docs
                .into_iter()
                .find(|d| d.id == doc_id)
                .ok_or(AppError::NotFound)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view_document", "child_document", doc_id)
                    .with_detail(format!("transfer preview {id}")),
            )?;
            let file = crate::archive::store::path(&settings.uploads_dir(), &doc.sha256);
            Ok((doc, file))
        })
        .await?;
    crate::archive::store::send(&doc, file).await
}
