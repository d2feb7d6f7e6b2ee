//! Adulthood pages: the list of young people due (`/adulthood`) and one young person's page
//! (`/adulthood/{id}`) with the deferral, the assessment, the plan and its approval, the leaving-care
//! checklist and discharge. A refused form answers 422 and re-renders with what was typed and a message
//! per field; a stale version answers 409.

mod forms;
pub mod oversight;
pub use forms::*;

use super::model;
use super::service::{self, Access};
use super::views::{check_lines, pathway_codes, CasePage, Line, ListPage, Typed};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::FieldErrors;
use crate::web::{render, render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// The list of young people due, placed and those the user's county must place.
pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAdulthood)?;
    let tr = cu.tr();
    let lines = state
        .run(&cu, move |c, op| {
            let all = service::visible(c, op)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view_list", "adulthood", "-")
                    .with_detail(format!("{} young people", all.len())),
            )?;
            Ok(all
                .iter()
                .map(|y| Line::of(y, op.today, tr))
                .collect::<Vec<_>>())
        })
        .await?;
    render(&ListPage {
        ctx: Ctx::for_user(&cu),
        lines,
    })
}

/// One young person's page.
pub async fn show(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAdulthood)?;
    page(
        &state,
        &cu,
        path.into_inner(),
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

/// Render the page, with a submitted form's input and errors when there are any.
pub async fn page(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (young, checklist, followups, grants, today, in_scope, amounts) = state
        .run(cu, move |c, op| {
            let y = service::load(c, op, child)?;
            let (items, followups, grants) = match &y.case {
                Some(k) => (
                    model::checklist(c, k.id)?,
                    model::followups(c, &[k.id])?,
                    service::fucai::of_cases(c, &[k.id])?,
                ),
                None => (vec![], vec![], vec![]),
            };
            let in_scope =
                crate::auth::scope::institution_scope(c, op.user)?.contains(y.child.institution_id);
            let org = service::Org::load(c)?;
            let div = org.division_of(y.child.institution_id).unwrap_or(0);
            let amounts = service::plan::default_amounts(c, div, op.today)?;
            Ok((y, items, followups, grants, op.today, in_scope, amounts))
        })
        .await?;
    let mut typed = typed;
    if typed.form != "plan" && young.plan.is_none() {
        // A new plan is offered the policy amounts of the child's division.
        typed.plan.transition_subsidy_yuan = amounts.0.to_string();
        typed.plan.settlement_yuan = amounts.1.to_string();
        typed.plan.rent_support_yuan = amounts.2.to_string();
    }
    if typed.form != "plan" {
        if let Some(p) = &young.plan {
            typed.plan = super::service::plan::PlanForm {
                pathway: p.pathway.code().into(),
                steps: p.steps.clone(),
                responsible_bodies: p.responsible_bodies.clone(),
                placement_on: p.placement_on.to_string(),
                transition_subsidy_yuan: p.transition_subsidy_yuan.to_string(),
                settlement_yuan: p.settlement_yuan.to_string(),
                rent_support_yuan: p.rent_support_yuan.to_string(),
                version: p.version.to_string(),
            };
        }
    }
    if typed.form != "deferral" {
        if let Some(k) = &young.case {
            typed.deferral.deferral = k.deferral.clone();
            typed.deferral.deferral_detail = k.deferral_detail.clone();
            typed.deferral.left_on = k.left_on.map(|d| d.to_string()).unwrap_or_default();
        }
    }
    let can_act = young.access == Access::Act;
    let line = Line::of(&young, today, tr);
    let checklist = check_lines(&checklist);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else if errors.has("version") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = CasePage {
        ctx: Ctx::for_user(cu),
        checklist_complete: checklist.iter().all(|l| l.done.is_some()),
        checklist,
        followups,
        grants,
        levels: crate::adulthood::rules::fucai::Level::ALL
            .iter()
            .map(|l| l.code())
            .collect(),
        assessment: young.assessment.clone(),
        plan: young.plan.clone(),
        pathways: pathway_codes(),
        can_act,
        can_submit: can_act && cu.user.can(Action::SubmitAdulthoodPlan),
        can_decide: in_scope && cu.user.can(Action::DecideAdulthoodPlan),
        line,
        young,
        typed,
        errors,
        today,
    };
    render_status(&page, status)
}
