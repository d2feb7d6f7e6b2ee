//! A child's siblings page (兄弟姐妹): the group as the reader may see it, and for those who may record
//! links (`ActOnFoster`) a form per direct link to remove a wrong one with a reason.

use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::AppResult;
use crate::foster::siblings;
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "foster/siblings.html")]
pub struct SiblingsPage {
    pub ctx: Ctx,
    pub child: i64,
    pub name: String,
    pub siblings: Vec<siblings::ShownSibling>,
    /// The removal forms and the link to record one are shown (`ActOnFoster`).
    pub can_edit: bool,
    /// The link whose removal was refused, and the typed reason.
    pub failed_link: i64,
    pub errors: FieldErrors,
}

async fn page(
    state: &State,
    cu: &CurrentUser,
    id: ChildId,
    failed_link: i64,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let (name, list) = state
        .run(cu, move |c, op| {
            let child = crate::archive::load_in_scope(c, op.user, id)?;
            let access = crate::archive::section_access(c, id, &op.user.role, false)?;
            let view = crate::archive::child_view(&child, &access, &op.user.role);
            let list = siblings::shown(c, op, id)?;
            // A view of the child's archive facts: audited like the archive page.
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "child", id).with_detail("siblings"),
            )?;
            Ok((format!("{} · {}", view.legal_name, view.archive_no), list))
        })
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        &SiblingsPage {
            ctx: Ctx::for_user(cu),
            child: id.0,
            name,
            siblings: list,
            can_edit: cu.user.can(Action::ActOnFoster),
            failed_link,
            errors,
        },
        status,
    )
}

pub async fn show(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    page(&state, &cu, path.into_inner(), 0, FieldErrors::default()).await
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub reason: String,
}

/// Remove a wrong direct link (who may record may remove), with a reason; audited on both children.
pub async fn remove(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<RemoveForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let Ok(link) = f.link.trim().parse::<i64>() else {
        return Err(crate::error::AppError::NotFound);
    };
    let mut errors = FieldErrors::default();
    let reason = crate::platform::forms::text(&mut errors, tr, "reason", &f.reason, true, 300);
    if !errors.is_empty() {
        return page(&state, &cu, id, link, errors).await;
    }
    state
        .run(&cu, move |c, op| siblings::remove(c, op, id, link, &reason))
        .await?;
    Ok(redirect_with(
        &siblings::siblings_href(id.0),
        "flash.foster_sibling_removed",
    ))
}
