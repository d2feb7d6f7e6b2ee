//! Foster printouts (issue 12 point 10): the assessment report, the agreement, a visit record.

use crate::auth::Action;
use crate::error::AppResult;
use crate::foster::model::FamilyId;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};

fn pdf(doc: &crate::pdf::Document) -> AppResult<HttpResponse> {
    crate::pdf::http_response(doc)
}

/// `GET /foster/{id}/print/{what}`: `assessment` or `agreement`.
pub async fn step(
    state: State,
    cu: CurrentUser,
    path: web::Path<(FamilyId, String)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewFoster)?;
    let (id, what) = path.into_inner();
    let doc = state
        .run(&cu, move |c, op| {
            crate::foster::pdf::step_document(c, op, id, &what)
        })
        .await?;
    pdf(&doc)
}

/// `GET /foster/{id}/visits/{vid}/print`.
pub async fn visit(
    state: State,
    cu: CurrentUser,
    path: web::Path<(FamilyId, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewFoster)?;
    let (id, vid) = path.into_inner();
    let doc = state
        .run(&cu, move |c, op| {
            crate::foster::pdf::visit_document(c, op, id, vid)
        })
        .await?;
    pdf(&doc)
}
