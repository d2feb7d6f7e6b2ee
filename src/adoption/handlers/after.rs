//! The registrar's after-adoption page (`/adoption/applications/{id}/after`, issue 13 point 6): the
//! follow-up visits on the policy schedule (收养后回访), dissolution by agreement (ADP-25) and revocation
//! for fraud (登记办法 第12条).

use crate::adoption::model::{self, AppState};
use crate::adoption::service::{after, dossier};
use crate::adoption::views_work::{AfterPage, Typed, VisitView};
use crate::auth::{Action, Role};
use crate::error::{AppError, AppResult};
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

async fn page(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (app, child, next, visits, today) = state
        .run(cu, move |c, op| {
            if op.user.role() != Role::Registrar {
                return Err(AppError::Forbidden);
            }
            let app = dossier::load(c, op, id)?;
            let child = crate::archive::adoption_facts(c, crate::archive::ChildId(app.child_id))?;
            let next = after::next_follow_up(c, &app, op.today)?;
            let visits = model::visits(c, id, after::VisitKind::FollowUp.code())?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "adoption_after", id),
            )?;
            Ok((app, child, next, visits, op.today))
        })
        .await?;
    let st = app.state().unwrap_or(AppState::Received);
    let page = AfterPage {
        ctx: Ctx::for_user(cu),
        id,
        version: app.version,
        archive_no: child.archive_no,
        name: child.name,
        state: tr.t(&format!("adoption.state.{}", st.code())).to_string(),
        registered: st == AppState::Registered,
        decided_on: app.decided_on.map_or(String::new(), |d| d.to_string()),
        certificate_no: app.certificate_no.clone().unwrap_or_default(),
        next_follow_up: next.map_or(String::new(), |d| d.to_string()),
        follow_up_days_left: next.map_or(0, |d| crate::adoption::rules::clock::days_left(d, today)),
        visits: visits
            .into_iter()
            .map(|v| VisitView {
                date: v.visited_on.to_string(),
                visitor: v.visitor,
                notes: v.notes,
            })
            .collect(),
        ended_on: app.ended_on.map_or(String::new(), |d| d.to_string()),
        end_reasons: app.end_reasons.clone(),
        typed,
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(&page, status)
}

/// `GET /adoption/applications/{id}/after`.
pub async fn show(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    page(
        &state,
        &cu,
        path.into_inner(),
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

type Pairs = web::Form<Vec<(String, String)>>;

/// `POST …/after/visit`: a follow-up visit.
pub async fn visit(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, t) = (path.into_inner(), Typed::from_pairs(form.into_inner()));
    let input = after::VisitInput {
        visited_on: t.date("visited_on"),
        visitor: t.v("visitor").to_string(),
        notes: t.v("notes").to_string(),
    };
    let r = state
        .run(&cu, move |c, op| {
            after::record_visit(c, op, id, after::VisitKind::FollowUp, &input)
        })
        .await?;
    finish(&state, &cu, id, t, r, "flash.adoption_visit_recorded").await
}

fn end_input(t: &Typed) -> after::EndInput {
    after::EndInput {
        date: t.date("date"),
        adopter_agrees: t.on("adopter_agrees"),
        placer_agrees: t.on("placer_agrees"),
        child_consents: t.on("child_consents"),
        reasons: t.v("reasons").to_string(),
        confirm: t.v("confirm") == "yes",
        version: t.version(),
    }
}

/// `POST …/after/dissolve`.
pub async fn dissolve(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, t) = (path.into_inner(), Typed::from_pairs(form.into_inner()));
    let input = end_input(&t);
    let r = state
        .run(&cu, move |c, op| after::dissolve(c, op, id, &input))
        .await?;
    finish(&state, &cu, id, t, r, "flash.adoption_dissolved").await
}

/// `POST …/after/revoke`.
pub async fn revoke(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: Pairs,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, t) = (path.into_inner(), Typed::from_pairs(form.into_inner()));
    let input = end_input(&t);
    let r = state
        .run(&cu, move |c, op| after::revoke(c, op, id, &input))
        .await?;
    finish(&state, &cu, id, t, r, "flash.adoption_revoked").await
}

async fn finish(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    typed: Typed,
    r: Result<(), FieldErrors>,
    flash: &'static str,
) -> AppResult<HttpResponse> {
    match r {
        Ok(()) => Ok(redirect_with(
            &format!("/adoption/applications/{id}/after"),
            flash,
        )),
        Err(errors) => page(state, cu, id, typed, errors).await,
    }
}
