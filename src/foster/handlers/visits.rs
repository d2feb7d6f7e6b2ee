//! Visits to a placed child and the annual review on a family's page (issue 12 point 6, FOS-22,
//! FOS-16). A refused form re-renders the page with what was typed and a message per field.

use super::{show, Typed};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::foster::model::FamilyId;
use crate::foster::visit_form::{AnnualForm, VisitForm};
use crate::foster::visits::{self, VisitRefusal};
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};

/// `POST /foster/{id}/placements/{pid}/visits`: the social worker (or the head) records a visit.
pub async fn visit(
    state: State,
    cu: CurrentUser,
    path: web::Path<(FamilyId, i64)>,
    form: web::Form<VisitForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let (id, pid) = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let typed = |visit: VisitForm| Typed {
        visit,
        visit_placement: Some(pid),
        ..Typed::default()
    };
    let v = match f.validate(tr, state.clock.today()) {
        Ok(v) => v,
        Err(errors) => return show(&state, &cu, id, typed(f), errors).await,
    };
    let done = state
        .run(&cu, move |c, op| {
            let r = visits::record(c, op, id, pid, &v)?;
            // The overdue-visit task closes (or the integration review's) in the same request.
            crate::jobs::refresh(c, crate::foster::MODULE_NAME, op.today, op.now)?;
            Ok(r)
        })
        .await?;
    match done {
        Ok(_) => Ok(redirect_with(
            &format!("/foster/{id}#placement-{pid}"),
            "flash.foster_visit_recorded",
        )),
        Err(r) => {
            let mut errors = FieldErrors::default();
            match r {
                VisitRefusal::Ended => errors.add("visit_kind", tr.t("foster.err.visit_ended")),
                VisitRefusal::BeforePlacement => {
                    errors.add("visited_on", tr.t("foster.err.visit_before_placement"))
                }
                VisitRefusal::ReviewDone => {
                    errors.add("visit_kind", tr.t("foster.err.review_done"))
                }
            }
            show(&state, &cu, id, typed(f), errors).await
        }
    }
}

/// `POST /foster/{id}/annual-review`: the head's yearly review with the engine re-run today.
pub async fn annual(
    state: State,
    cu: CurrentUser,
    path: web::Path<FamilyId>,
    form: web::Form<AnnualForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DecideFoster)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let typed = |annual: AnnualForm| Typed {
        annual,
        ..Typed::default()
    };
    let (decision, note) = match f.validate(cu.tr()) {
        Ok(v) => v,
        Err(errors) => return show(&state, &cu, id, typed(f), errors).await,
    };
    let done = state
        .run(&cu, move |c, op| {
            visits::annual_review(c, op, id, decision, &note)?;
            crate::jobs::refresh(c, crate::foster::MODULE_NAME, op.today, op.now)?;
            Ok(())
        })
        .await;
    match done {
        Ok(()) => Ok(redirect_with(
            &format!("/foster/{id}#annual"),
            "flash.foster_annual_recorded",
        )),
        Err(AppError::Conflict(m)) => {
            let mut errors = FieldErrors::default();
            errors.add("annual_decision", m);
            show(&state, &cu, id, typed(f), errors).await
        }
        Err(e) => Err(e),
    }
}
