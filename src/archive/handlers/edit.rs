//! Editing an archive (with history and stale-version conflicts) and discharge (离院).

use super::super::form::ChildForm;
use super::super::model::{self, ChildFields};
use super::super::service::{self, EditOutcome};
use super::*;
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::web::{redirect, render, render_status, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub async fn edit_form(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::EditChild)?;
    let id = path.into_inner();
    let user = cu.user.clone();
    let child = state.db(move |c, _| service::load(c, &user, id)).await?;
    if child.status != model::ChildStatus::Active {
        return Err(AppError::bad(
            "archive_closed",
            cu.tr().t("err.archive_closed"),
        ));
    }
    let (today, rev) = revised_from(&state, &cu).await?;
    let mut form = ChildForm::from_fields(&ChildFields::from_child(&child));
    form.version = child.version.to_string();
    render(&intake_page(
        &cu,
        form,
        FieldErrors::default(),
        today,
        rev,
        Some(id),
    ))
}

pub async fn update(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<ChildForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::EditChild)?;
    let id = path.into_inner();
    let form = form.into_inner();
    let f2 = form.clone();
    let r = state
        .run(&cu, move |c, op| service::update(c, op, id, &f2))
        .await;
    let r = match r {
        Err(AppError::Conflict(msg)) => {
            // Someone saved first: show the current data (never silently overwrite) with the message.
            let user = cu.user.clone();
            let child = state.db(move |c, _| service::load(c, &user, id)).await?;
            let mut current = ChildForm::from_fields(&ChildFields::from_child(&child));
            current.version = child.version.to_string();
            let mut errors = FieldErrors::default();
            errors.add("version", msg);
            let (today, rev) = revised_from(&state, &cu).await?;
            return render_status(
                &intake_page(&cu, current, errors, today, rev, Some(id)),
                StatusCode::CONFLICT,
            );
        }
        other => other?,
    };
    match r {
        EditOutcome::Saved => Ok(redirect(&format!("/children/{id}?tab=history"))),
        EditOutcome::Invalid(errors) => {
            let (today, rev) = revised_from(&state, &cu).await?;
            render_status(
                &intake_page(&cu, form, errors, today, rev, Some(id)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

#[derive(Deserialize)]
pub struct DischargeForm {
    #[serde(default)]
    pub discharge_reason: String,
    #[serde(default)]
    pub discharge_date: String,
    #[serde(default)]
    pub discharge_note: String,
    #[serde(default)]
    pub version: String,
}

pub async fn discharge(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<DischargeForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DischargeChild)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let version: i32 = f
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::bad("bad_version", cu.tr().t("err.stale_version")))?;
    let (reason, date, note) = (
        f.discharge_reason.clone(),
        f.discharge_date.clone(),
        f.discharge_note.clone(),
    );
    let r = state
        .run(&cu, move |c, op| {
            service::discharge(
                c,
                op,
                id,
                &service::DischargeInput {
                    reason: &reason,
                    date: &date,
                    note: &note,
                    version,
                },
            )
        })
        .await?;
    match r {
        Ok(()) => Ok(redirect(&format!("/children/{id}"))),
        Err(errors) => {
            let l = load_all(&state, &cu, id, "view", String::new()).await?;
            render_status(
                &child_page(&cu, l, "overview", false, errors, String::new()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}
