//! Editing an archive (with history and stale-version conflicts) and discharge (离院).

use super::super::form::ChildForm;
use super::super::model::{self, ChildFields};
use super::super::service::{self, EditOutcome};
use super::super::views::{choices, DischargePage, DischargeTyped};
use super::*;
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render, render_status, Ctx, CurrentUser, State};
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
        EditOutcome::Saved => Ok(redirect_with(
            &format!("/children/{id}?tab=history"),
            "flash.saved",
        )),
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
    /// The required "I understand the archive will be sealed" checkbox.
    #[serde(default)]
    pub confirm: String,
    /// "Also remove the child from the transfer (reason = discharge reason)" (issue 10 point 13).
    #[serde(default)]
    pub release_holds: String,
}

/// The discharge page: the consequences, the form, a required confirmation (works without JavaScript).
async fn discharge_page(
    state: &State,
    cu: &CurrentUser,
    id: ChildId,
    typed: Option<DischargeTyped>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let user = cu.user.clone();
    let (child, institution, today, holds) = state
        .db(move |c, st| {
            let child = service::load(c, &user, id)?;
            let inst = crate::org::model::holding(c, child.institution_id)?
                .map(|i| i.name)
                .unwrap_or_default();
            let holds = service::holds(c, id)?;
            Ok((child, inst, st.clock.today(), holds))
        })
        .await?;
    if child.status != model::ChildStatus::Active {
        return Err(AppError::bad(
            "archive_closed",
            cu.tr().t("err.archive_closed"),
        ));
    }
    let tr = cu.tr();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = DischargePage {
        head: crate::archive::header::header(tr, &child, &institution, today, false),
        crumb: tr.t("archive.discharge").to_string(),
        version: child.version,
        reasons: choices(tr, "discharge", &crate::archive::rules::DISCHARGE_REASONS),
        holds,
        typed: typed.unwrap_or(DischargeTyped {
            date: today.to_string(),
            ..DischargeTyped::default()
        }),
        errors,
        ctx: Ctx::for_user(cu),
    };
    render_status(&page, status)
}

pub async fn discharge_form(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DischargeChild)?;
    discharge_page(&state, &cu, path.into_inner(), None, FieldErrors::default()).await
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
    let typed = DischargeTyped {
        reason: f.discharge_reason.clone(),
        date: f.discharge_date.clone(),
        note: f.discharge_note.clone(),
        release_holds: f.release_holds == "yes",
    };
    let release_holds = typed.release_holds;
    let tr = cu.tr();
    let mut errors = FieldErrors::default();
    let version = f.version.trim().parse::<i32>().ok();
    if version.is_none() {
        errors.add("version", tr.t("err.stale_version"));
    }
    if f.confirm != "yes" {
        errors.add("confirm", tr.t("err.confirm_required"));
    }
    let (Some(version), true) = (version, errors.is_empty()) else {
        return discharge_page(&state, &cu, id, Some(typed), errors).await;
    };
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
                    release_holds,
                },
            )
        })
        .await;
    match r {
        Ok(Ok(())) => Ok(redirect_with(
            &format!("/children/{id}"),
            "flash.discharged",
        )),
        Ok(Err(errors)) => discharge_page(&state, &cu, id, Some(typed), errors).await,
        Err(AppError::Conflict(m)) => {
            let mut errors = FieldErrors::default();
            errors.add("version", m);
            discharge_page(&state, &cu, id, Some(typed), errors).await
        }
        Err(e) => Err(e),
    }
}
