//! Foster pages: the families list, the new-family form, a family's record with the live engine
//! result and its members.

pub mod placement;
pub mod steps;

use super::form::{FamilyForm, MemberForm, StepForm};
use super::model::FamilyId;
use super::service;
use super::views::{self, FamilyPage, ListPage, NewPage};
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render, render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

fn status_for(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else if errors.has("step") {
        // The order of the path refused the step (done already, too early, closed).
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewFoster)?;
    let rows = state.run(&cu, service::list).await?;
    render(&ListPage {
        ctx: Ctx::for_user(&cu),
        rows,
        can_act: cu.user.can(Action::ActOnFoster),
    })
}

pub async fn new_form(cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    render(&NewPage {
        ctx: Ctx::for_user(&cu),
        typed: FamilyForm::default(),
        errors: FieldErrors::default(),
    })
}

/// 申请: records the application; a refused form answers 422 with what was typed.
pub async fn create(
    state: State,
    cu: CurrentUser,
    form: web::Form<FamilyForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let typed = form.into_inner();
    let today = state.clock.today();
    match typed.validate(cu.tr(), today) {
        Err(errors) => render_status(
            &NewPage {
                ctx: Ctx::for_user(&cu),
                typed,
                errors,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Ok(fields) => {
            let id = state
                .run(&cu, move |c, op| service::create(c, op, &fields))
                .await?;
            Ok(redirect_with(
                &format!("/foster/{id}"),
                "flash.foster_created",
            ))
        }
    }
}

/// The forms of a family page as typed, when one of them is re-rendered.
#[derive(Default)]
pub struct Typed {
    pub member: MemberForm,
    pub step: StepForm,
}

pub(crate) async fn show(
    state: &State,
    cu: &CurrentUser,
    id: FamilyId,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (family, members, failures, records, min_days, placed) = state
        .run(cu, move |c, op| {
            let (f, m) = service::load(c, op, id)?;
            let fails = service::eligibility(c, op, &f, &m)?;
            let records = super::steps::records(c, id)?;
            let min_days = super::steps::integration_min_days(c, &f, op.today)?;
            let ps = super::placement::of_family(c, id)?;
            let ids: Vec<crate::archive::ChildId> = ps.iter().map(|p| p.child_id).collect();
            // The children placed with this family (the user sees the family, so its children's names).
            let names = crate::archive::summaries(c, &ids)?;
            let placed: Vec<views::PlacementLine> = ps
                .into_iter()
                .map(|p| views::PlacementLine {
                    id: p.id,
                    child_id: p.child_id.0,
                    child: crate::archive::summary_of(&names, p.child_id)
                        .map(|s| format!("{} {}", s.legal_name, s.archive_no))
                        .unwrap_or_default(),
                    started_on: p.started_on.to_string(),
                    integration_until: p.integration_until.to_string(),
                    open: p.open_child_id.is_some(),
                    ended: p
                        .ended_on
                        .map(|d| format!("{d} {}", p.end_note))
                        .unwrap_or_default(),
                })
                .collect();
            Ok((f, m, fails, records, min_days, placed))
        })
        .await?;
    let mut step = typed.step;
    if step.caregiver.is_empty() {
        step.caregiver = family.caregiver_name.clone();
    }
    if step.integration_days.is_empty() {
        step.integration_days = min_days.to_string();
    }
    let page = FamilyPage {
        ctx: Ctx::for_user(cu),
        area: views::area_text(family.area_dm2),
        progress: views::progress(family.stage),
        records: views::record_lines(&records, tr),
        training_hours: views::training_hours(&records),
        family,
        members,
        placements: placed,
        failures: views::failure_lines(&failures, tr),
        can_act: cu.user.can(Action::ActOnFoster),
        can_decide: cu.user.can(Action::DecideFoster),
        typed: typed.member,
        step,
        errors,
    };
    render_status(&page, status_for(&page.errors))
}

pub async fn family(
    state: State,
    cu: CurrentUser,
    path: web::Path<FamilyId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewFoster)?;
    show(
        &state,
        &cu,
        path.into_inner(),
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

pub async fn add_member(
    state: State,
    cu: CurrentUser,
    path: web::Path<FamilyId>,
    form: web::Form<MemberForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let id = path.into_inner();
    let typed = form.into_inner();
    match typed.validate(cu.tr(), state.clock.today()) {
        Err(errors) => {
            let t = Typed {
                member: typed,
                ..Typed::default()
            };
            show(&state, &cu, id, t, errors).await
        }
        Ok(m) => {
            state
                .run(&cu, move |c, op| service::add_member(c, op, id, &m))
                .await?;
            Ok(redirect_with(
                &format!("/foster/{id}#members"),
                "flash.foster_member_added",
            ))
        }
    }
}
