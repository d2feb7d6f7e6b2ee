//! The purpose-stated view of a restricted archive, and what a lawful reader (依法查阅, ADP-26) may do
//! under the same ground: download the documents and print the archive PDF of the sections the page
//! shows them, each time with the stated purpose, audited with the purpose and the ground exactly as
//! the page view is (`interface_lawful::audit_detail`).
//!
//! The ground is asked again on every request (`interface_lawful::load_child`), so a download or a
//! print works only while the ground holds by its module's rule (for adoption: the registrar's own
//! bureau handles an application under review or registered); without it the answer is the scope's
//! 404. Without a purpose a lawful reader is refused (403): every section is hidden until one is stated.

use super::super::interface_lawful as lawful;
use super::super::model::{self};
use super::*;
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::web::{render, render_status, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PurposeForm {
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub tab: String,
}

/// The stated purpose on a lawful reader's download and print links.
#[derive(Deserialize, Default)]
pub struct PurposeQuery {
    #[serde(default)]
    pub purpose: String,
}

/// A purpose as stored in the audit: trimmed, no control characters, at most 200 characters.
pub(super) fn clean(purpose: &str) -> String {
    purpose
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

/// The `?purpose=…` the purpose-stated page puts on its links for a lawful reader.
fn query_for(purpose: &str) -> String {
    serde_urlencoded::to_string([("purpose", purpose)])
        .map(|q| format!("?{q}"))
        .unwrap_or_default()
}

/// A restricted archive's hidden sections, for an allowed role that states a purpose (audited).
pub async fn restricted_view(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<PurposeForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::OpenChildArchive)?;
    let id = path.into_inner();
    let purpose = clean(&form.purpose);
    if purpose.is_empty() {
        let l = load_all(&state, &cu, id, &form.tab, "view", String::new()).await?;
        let mut e = FieldErrors::default();
        e.add("purpose", cu.tr().t("err.purpose_required"));
        return render_status(
            &child_page(&cu, &l, &form.tab, false, e, String::new()),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    // Only the roles every active restriction allows may see the hidden sections; a refused attempt is audited.
    let allowed = state
        .run(&cu, move |c, op| {
            lawful::load_child(c, op.user, id, op.today)?;
            let ok = model::active_restrictions(c, id)?
                .iter()
                .all(|k| k.allows(&op.user.role));
            if !ok {
                audit::record_alone(
                    c,
                    op.now,
                    op.actor,
                    &Event::ok("view_restricted", "child", id).with_outcome("denied"),
                )?;
            }
            Ok(ok)
        })
        .await?;
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let l = load_all(
        &state,
        &cu,
        id,
        &form.tab,
        "view_restricted",
        format!("purpose: {purpose}"),
    )
    .await?;
    let is_lawful = l.lawful;
    let mut page = child_page(
        &cu,
        &l,
        &form.tab,
        true,
        FieldErrors::default(),
        String::new(),
    );
    // The documents of this view carry the purpose, for staff (the head of a secret adoption, ADP-26)
    // as for a lawful reader: a restricted section's document is served only with it.
    page.doc_query = query_for(&purpose);
    // The print of this view carries the purpose too: the head's PDF then includes the restricted
    // sections, audited with the purpose (`archive::pdf::print`), as a lawful reader's does.
    page.lawful_query = query_for(&purpose);
    if is_lawful {
        // The downloads and the print of this view, under the same ground and purpose.
        page.can_print = true;
    }
    render(&page)
}

/// Whether a request for `archive.pdf` or a document goes the lawful-reader way: the user reaches
/// children only on a module's ground (no `ViewChildren`), yet may open an archive on one.
pub fn is_lawful_reader(cu: &CurrentUser) -> bool {
    !cu.user.can(Action::ViewChildren) && cu.user.can(Action::OpenChildArchive)
}

/// The child on a lawful ground with the purpose stated, and the section access of the
/// purpose-stated page (the child's restrictions plus the ground's, unlocked).
fn lawful_child(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    id: ChildId,
    purpose: &str,
) -> AppResult<(
    model::Child,
    lawful::LawfulGround,
    crate::archive::SectionAccess,
)> {
    let (child, ground) = lawful::load_child(c, op.user, id, op.today)?;
    // In scope without `ViewChildren` does not happen (`load_child`); refuse rather than guess.
    let ground = ground.ok_or(AppError::Forbidden)?;
    if purpose.is_empty() {
        return Err(AppError::Forbidden);
    }
    let kinds = lawful::restrictions_for(
        model::active_restrictions(c, id)?,
        Some(&ground),
        &op.user.role,
        "",
    );
    let access = crate::archive::SectionAccess::of(kinds, &op.user.role, true);
    Ok((child, ground, access))
}

/// A lawful reader downloads a document of a section the purpose-stated page shows them.
pub async fn lawful_download(
    state: State,
    cu: CurrentUser,
    id: ChildId,
    doc_id: i64,
    purpose: &str,
) -> AppResult<HttpResponse> {
    let purpose = clean(purpose);
    let settings = state.settings.clone();
    let (doc, file) = state
        .run(&cu, move |c, op| {
            let (_, ground, access) = lawful_child(c, op, id, &purpose)?;
            let doc = model::documents(c, id)?
                .into_iter()
                .find(|d| d.id == doc_id && !access.hides(&d.section))
                .ok_or(AppError::NotFound)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view_document", "child_document", doc_id).with_detail(
                    lawful::audit_detail(format!("child {id}; purpose: {purpose}"), Some(&ground)),
                ),
            )?;
            let file = super::super::store::path(&settings.uploads_dir(), &doc.sha256);
            Ok((doc, file))
        })
        .await?;
    super::super::store::send_if_present(&doc, file)
        .await?
        .ok_or(AppError::NotFound)
}

/// A lawful reader prints the archive PDF: the sections the purpose-stated page shows them.
pub async fn lawful_print(
    state: State,
    cu: CurrentUser,
    id: ChildId,
    purpose: &str,
) -> AppResult<HttpResponse> {
    let purpose = clean(purpose);
    let uploads = state.settings.uploads_dir();
    let bytes = state
        .run(&cu, move |c, op| {
            let (child, ground, access) = lawful_child(c, op, id, &purpose)?;
            let doc = super::super::pdf::build(
                c,
                op.tr,
                &child,
                &access,
                &op.user.role,
                op.today,
                &uploads,
            )?;
            let bytes = crate::pdf::render(&doc).map_err(AppError::internal)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("print", "child", id).with_detail(lawful::audit_detail(
                    format!("archive.pdf; purpose: {purpose}"),
                    Some(&ground),
                )),
            )?;
            Ok(bytes)
        })
        .await?;
    Ok(super::pdf_response(bytes, id))
}
