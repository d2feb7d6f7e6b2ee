//! The five steps' forms on a family's page (FOS-14): assessment, review (the head), training,
//! agreement, refusal (the head). A refused form re-renders the page with what was typed.

use super::{show, Typed};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::foster::form::StepForm;
use crate::foster::model::FamilyId;
use crate::foster::steps;
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};

/// The service call a valid step form leads to.
type StepRun =
    Box<dyn FnOnce(&mut crate::db::DbConn, &crate::platform::Op) -> AppResult<()> + Send>;

pub async fn step(
    state: State,
    cu: CurrentUser,
    path: web::Path<(FamilyId, String)>,
    form: web::Form<StepForm>,
) -> AppResult<HttpResponse> {
    let (id, which) = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let today = state.clock.today();
    // The review and a refusal are the head's (审核); the other steps are the foster workers'.
    let action = match which.as_str() {
        "review" | "refuse" => Action::DecideFoster,
        "assess" | "training" | "sign" => Action::ActOnFoster,
        _ => return Err(AppError::NotFound),
    };
    cu.require(action)?;
    let parsed: Result<StepRun, FieldErrors> = match which.as_str() {
        "assess" => f.assessment(tr, today).map(|a| {
            Box::new(move |c: &mut crate::db::DbConn, op: &crate::platform::Op| {
                steps::assess(c, op, id, &a)
            }) as _
        }),
        "review" => f.review(tr).map(|(ok, reasons)| {
            Box::new(move |c: &mut crate::db::DbConn, op: &crate::platform::Op| {
                steps::review(c, op, id, ok, &reasons)
            }) as _
        }),
        "refuse" => f.refusal(tr).map(|reasons| {
            Box::new(move |c: &mut crate::db::DbConn, op: &crate::platform::Op| {
                steps::refuse(c, op, id, &reasons)
            }) as _
        }),
        "training" => f.training(tr, today).map(|(d, h, topic)| {
            Box::new(move |c: &mut crate::db::DbConn, op: &crate::platform::Op| {
                steps::training(c, op, id, d, h, &topic)
            }) as _
        }),
        _ => f.agreement(tr).map(|a| {
            Box::new(move |c: &mut crate::db::DbConn, op: &crate::platform::Op| {
                steps::sign(c, op, id, &a)
            }) as _
        }),
    };
    let typed = |step| Typed {
        step,
        ..Typed::default()
    };
    let run = match parsed {
        Ok(run) => run,
        Err(errors) => return show(&state, &cu, id, typed(f), errors).await,
    };
    match state.run(&cu, move |c, op| run(c, op)).await {
        Ok(()) => Ok(redirect_with(
            &format!("/foster/{id}"),
            "flash.foster_step_done",
        )),
        Err(AppError::Conflict(m)) => {
            let mut errors = FieldErrors::default();
            errors.add("step", m);
            show(&state, &cu, id, typed(f), errors).await
        }
        Err(AppError::BadRequest {
            code: "foster_integration_short",
            message,
        }) => {
            let mut errors = FieldErrors::default();
            errors.add("integration_days", message);
            show(&state, &cu, id, typed(f), errors).await
        }
        Err(e) => Err(e),
    }
}
