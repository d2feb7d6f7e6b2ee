//! A family's typed uploads (issue 12 points 1, 5, 6): upload (multipart, the token as the first
//! field, the size limit checked before the body is read) and the scoped, audited download.

use super::{show, Typed};
use crate::auth::Action;
use crate::error::AppResult;
use crate::foster::documents::{self, DocTyped};
use crate::foster::model::FamilyId;
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};

pub async fn upload(
    state: State,
    cu: CurrentUser,
    path: web::Path<FamilyId>,
    req: actix_web::HttpRequest,
    mp: actix_multipart::Multipart,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let id = path.into_inner();
    let expected = {
        use actix_web::HttpMessage;
        req.extensions()
            .get::<crate::web::csrf::ExpectedToken>()
            .cloned()
    };
    // Scope (404) and the policy limit before any byte of the body is read.
    let limit = state
        .run(&cu, move |c, op| documents::limit(c, op, id))
        .await?;
    crate::archive::refuse_declared(&req, limit)?;
    let uploads = state.settings.uploads_dir();
    let received = crate::archive::read_form(mp, &uploads, limit, expected).await?;
    let typed = DocTyped::from(&received);
    let photo = typed.kind == documents::DocKind::VisitPhoto.code();
    let r = state
        .run(&cu, move |c, op| {
            documents::add(c, op, id, received, &uploads)
        })
        .await?;
    match r {
        Ok(_) => {
            let anchor = if photo { "visits" } else { "documents" };
            Ok(redirect_with(
                &format!("/foster/{id}#{anchor}"),
                "flash.foster_doc_uploaded",
            ))
        }
        Err(errors) => {
            let t = Typed {
                doc: typed,
                ..Typed::default()
            };
            show(&state, &cu, id, t, errors).await
        }
    }
}

/// Download a document of a family in the user's scope (404 otherwise), audited as a view.
pub async fn download(
    state: State,
    cu: CurrentUser,
    path: web::Path<(FamilyId, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewFoster)?;
    let (id, doc) = path.into_inner();
    let d = state
        .run(&cu, move |c, op| documents::for_download(c, op, id, doc))
        .await?;
    let ext = match d.mime.as_str() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    crate::archive::send_stored(
        &state.settings.uploads_dir(),
        &d.sha256,
        &d.mime,
        &format!("foster-document-{}.{ext}", d.id),
    )
    .await
}
