//! Foster pages: the families list, the new-family form, a family's record with the live engine
//! result and its members.

pub mod changes;
pub mod documents;
pub mod lists;
pub mod oversight;
pub mod placement;
pub mod print;
pub mod siblings;
pub mod steps;
pub mod visits;

use super::form::{FamilyForm, MemberForm, StepForm};
use super::model::FamilyId;
use super::service;
use super::views::{self, FamilyPage, NewPage};
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
    /// The visit form as typed, and the placement it was typed for.
    pub visit: crate::foster::visit_form::VisitForm,
    pub visit_placement: Option<i64>,
    pub annual: crate::foster::visit_form::AnnualForm,
    /// The short-term care form as typed, and the placement it was typed for.
    pub stay: crate::foster::visit_form::StayForm,
    pub stay_placement: Option<i64>,
    /// The moving-house / new-caregiver form as typed.
    pub change: crate::foster::change_form::ChangeForm,
    /// The document / photo upload form as typed.
    pub doc: crate::foster::documents::DocTyped,
}

pub(crate) async fn show(
    state: &State,
    cu: &CurrentUser,
    id: FamilyId,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (family, members, failures, records, min_days, (placed, visit_lines, stays), annual, docs) =
        state
            .run(cu, move |c, op| {
                let (f, m) = service::load(c, op, id)?;
                let docs = crate::foster::documents::view(c, id, &m)?;
                let fails = service::eligibility(c, op, &f, &m)?;
                let records = super::steps::records(c, id)?;
                let min_days = super::steps::integration_min_days(c, &f, op.today)?;
                let placed = views::placement_lines(c, op, &f)?;
                let annual = views::annual_line(&f, &records, op.today);
                Ok((f, m, fails, records, min_days, placed, annual, docs))
            })
            .await?;
    let mut step = typed.step;
    if step.caregiver.is_empty() {
        step.caregiver = family.caregiver_name.clone();
    }
    if step.integration_days.is_empty() {
        step.integration_days = min_days.to_string();
    }
    let mut docs = docs;
    docs.typed = typed.doc;
    let page = FamilyPage {
        ctx: Ctx::for_user(cu),
        docs,
        area: views::area_text(family.area_dm2),
        progress: views::progress(family.stage),
        records: views::record_lines(&records, tr),
        training_hours: views::training_hours(&records),
        family,
        members,
        placements: placed,
        visits: visit_lines,
        stays,
        annual,
        visit: typed.visit,
        visit_placement: typed.visit_placement,
        annual_typed: typed.annual,
        stay: typed.stay,
        stay_placement: typed.stay_placement,
        change: typed.change,
        today: state.clock.today().to_string(),
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
