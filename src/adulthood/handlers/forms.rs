//! The POST handlers of a young person's page: each form goes to its service operation; success
//! redirects with a flash message, a refusal re-renders the page with the input and the messages.

use super::page;
use crate::adulthood::service::aftercare::{self, ContactForm};
use crate::adulthood::service::fucai::{self, EnrolmentForm};
use crate::adulthood::service::leaving::{self, ConfirmForm, DischargeForm};
use crate::adulthood::service::plan::{self, Decision, PlanForm};
use crate::adulthood::service::records::{self, AssessmentForm, DeferralForm};
use crate::adulthood::views::Typed;
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

/// The outcome of a form: redirect on success, the page again with the messages otherwise (a stale
/// version becomes a message at the top, 409).
async fn finish<T>(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    done: AppResult<Result<T, FieldErrors>>,
    typed: Typed,
    flash: &'static str,
) -> AppResult<HttpResponse> {
    match done {
        Ok(Ok(_)) => Ok(redirect_with(&format!("/adulthood/{child}"), flash)),
        Ok(Err(errors)) => page(state, cu, child, typed, errors).await,
        Err(AppError::Conflict(m)) => {
            let mut errors = FieldErrors::default();
            errors.add("version", m);
            page(state, cu, child, typed, errors).await
        }
        Err(e) => Err(e),
    }
}

pub async fn deferral(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<DeferralForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnAdulthood)?;
    let (child, f) = (path.into_inner(), form.into_inner());
    let g = f.clone();
    let done = state
        .run(&cu, move |c, op| records::set_deferral(c, op, child, &g))
        .await;
    let typed = Typed {
        form: "deferral",
        deferral: f,
        ..Typed::default()
    };
    finish(&state, &cu, child, done, typed, "flash.adulthood_saved").await
}

pub async fn assessment(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<AssessmentForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnAdulthood)?;
    let (child, f) = (path.into_inner(), form.into_inner());
    let g = f.clone();
    let done = state
        .run(&cu, move |c, op| records::assess(c, op, child, &g))
        .await;
    let typed = Typed {
        form: "assessment",
        assessment: f,
        ..Typed::default()
    };
    finish(&state, &cu, child, done, typed, "flash.adulthood_assessed").await
}

pub async fn save_plan(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<PlanForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnAdulthood)?;
    let (child, f) = (path.into_inner(), form.into_inner());
    let g = f.clone();
    let done = state
        .run(&cu, move |c, op| plan::save(c, op, child, &g))
        .await;
    let typed = Typed {
        form: "plan",
        plan: f,
        ..Typed::default()
    };
    finish(
        &state,
        &cu,
        child,
        done,
        typed,
        "flash.adulthood_plan_saved",
    )
    .await
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub decision: String,
    pub comment: String,
    pub version: String,
}

pub async fn decide(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<DecisionForm>,
) -> AppResult<HttpResponse> {
    let (child, f) = (path.into_inner(), form.into_inner());
    let decision = match f.decision.as_str() {
        "submit" => Decision::Submit,
        "approve" => Decision::Approve,
        "return" => Decision::Return,
        _ => return Err(AppError::bad("decision", cu.tr().t("err.choose"))),
    };
    let version: i32 = f.version.trim().parse().unwrap_or(-1);
    let comment = f.comment.clone();
    let done = state
        .run(&cu, move |c, op| {
            plan::decide(c, op, child, decision, &comment, version)
        })
        .await;
    let typed = Typed {
        form: "decision",
        comment: f.comment,
        ..Typed::default()
    };
    let flash = match decision {
        Decision::Submit => "flash.adulthood_plan_submitted",
        Decision::Approve => "flash.adulthood_plan_approved",
        Decision::Return => "flash.adulthood_plan_returned",
    };
    finish(&state, &cu, child, done, typed, flash).await
}

pub async fn confirm(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<ConfirmForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnAdulthood)?;
    let (child, f) = (path.into_inner(), form.into_inner());
    let g = f.clone();
    let done = state
        .run(&cu, move |c, op| leaving::confirm(c, op, child, &g))
        .await;
    let typed = Typed {
        form: "confirm",
        confirm: f,
        ..Typed::default()
    };
    finish(&state, &cu, child, done, typed, "flash.adulthood_confirmed").await
}

pub async fn discharge(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<DischargeForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnAdulthood)?;
    let (child, f) = (path.into_inner(), form.into_inner());
    let g = f.clone();
    let done = state
        .run(&cu, move |c, op| leaving::discharge(c, op, child, &g))
        .await;
    let typed = Typed {
        form: "discharge",
        discharge: f,
        ..Typed::default()
    };
    finish(
        &state,
        &cu,
        child,
        done,
        typed,
        "flash.adulthood_discharged",
    )
    .await
}

pub async fn contact(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<ContactForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnAdulthood)?;
    let (child, f) = (path.into_inner(), form.into_inner());
    let g = f.clone();
    let done = state
        .run(&cu, move |c, op| aftercare::record(c, op, child, &g))
        .await;
    let typed = Typed {
        form: "contact",
        contact: f,
        ..Typed::default()
    };
    finish(&state, &cu, child, done, typed, "flash.adulthood_contact").await
}

pub async fn enrolment(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<EnrolmentForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnAdulthood)?;
    let (child, f) = (path.into_inner(), form.into_inner());
    let g = f.clone();
    let done = state
        .run(&cu, move |c, op| fucai::confirm(c, op, child, &g))
        .await;
    let typed = Typed {
        form: "enrolment",
        enrolment: f,
        ..Typed::default()
    };
    finish(&state, &cu, child, done, typed, "flash.adulthood_enrolment").await
}
