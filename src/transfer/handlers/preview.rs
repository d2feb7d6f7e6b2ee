//! The receiving institution's read-only preview of a child's archive before the handover completes
//! (issue 4 point 2): key facts, every section's documents and entries, documents downloadable. Sections
//! under a restriction (e.g. adoption secrecy, 民法典 第1110条) stay hidden here — the purpose-stated
//! unlock belongs to the institution that holds the archive. Every view and download is audited.

use super::super::service::preview::{load, Found};
use super::super::views::PreviewPage;
use crate::archive::views::{key_facts, DocLine, SectionView};
use crate::archive::SECTIONS;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::transfer::model::BatchId;
use crate::web::{redirect, render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};

pub async fn page(
    state: State,
    cu: CurrentUser,
    path: web::Path<(BatchId, i64)>,
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
                    .map(|e| crate::archive::views::entry_for_display(tr, e))
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
    path: web::Path<(BatchId, i64, i64)>,
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
