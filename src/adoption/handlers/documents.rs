//! The applicants' documents on an application (ADP-18): upload (multipart, read and checked by the
//! archive's upload reader and checks) and download (the bureau's registrar only, audited).

use crate::adoption::service::documents;
use crate::adoption::views::DecideForm;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};

/// `POST /adoption/applications/{id}/documents` (multipart: `csrf_token` first, `doc_type`, `file`).
/// Scope, state and the size limit are checked before the body is read; a refused upload re-renders
/// the application page (422) with the kind chosen and the message beside the field.
pub async fn upload(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    req: actix_web::HttpRequest,
    mp: actix_multipart::Multipart,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let id = path.into_inner();
    let expected = {
        use actix_web::HttpMessage;
        req.extensions()
            .get::<crate::web::csrf::ExpectedToken>()
            .cloned()
    };
    let limit = state
        .run(&cu, move |c, op| documents::upload_limit(c, op, id))
        .await?;
    let dir = state.settings.uploads_dir();
    let up = crate::archive::read_file_upload(&req, mp, dir.clone(), limit, expected).await?;
    let typed = DecideForm {
        doc_kind: up.doc_type.clone(),
        ..DecideForm::default()
    };
    match state
        .run(&cu, move |c, op| documents::add(c, op, id, up, &dir))
        .await?
    {
        Ok(_) => Ok(redirect_with(
            &format!("/adoption/applications/{id}#documents"),
            "flash.uploaded",
        )),
        Err(errors) => super::application::page(&state, &cu, id, typed, errors).await,
    }
}

/// `GET /adoption/applications/{id}/documents/{doc}`: the file, inline and never cached; 404 outside
/// the registrar's bureau or when the file is missing from the store.
pub async fn download(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, doc) = path.into_inner();
    let row = state
        .run(&cu, move |c, op| documents::for_download(c, op, id, doc))
        .await?;
    let file = crate::archive::store::path(&state.settings.uploads_dir(), &row.sha256);
    let bytes = web::block(move || std::fs::read(file))
        .await?
        .map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(row.mime.clone())
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"adoption-document-{}\"", row.id),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}
