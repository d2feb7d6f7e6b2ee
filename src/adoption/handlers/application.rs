//! One application (`/adoption/applications/{id}`): the registrar's file with the engine's findings and
//! the review clock, and the decision forms; the placing institution and supervisors see the outcome.

use crate::adoption::rules::applicant_docs::DocKind;
use crate::adoption::service::decision::{self, RegisterInput};
use crate::adoption::service::{documents, dossier};
use crate::adoption::views::{
    ApplicantView, ApplicationPage, DecideForm, DocLineView, FailureView, FileView, UploadView,
};
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;

pub(super) async fn page(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    typed: DecideForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (d, docs) = state
        .run(cu, move |c, op| {
            let d = dossier::dossier(c, op, id)?;
            let docs = match d.file {
                Some(_) => Some((
                    documents::checklist(c, &d.app)?,
                    documents::list(c, d.app.id)?,
                )),
                None => None,
            };
            Ok((d, docs))
        })
        .await?;
    let (lines, rows) = docs.unwrap_or_default();
    let open = matches!(
        d.state,
        crate::adoption::model::AppState::Received | crate::adoption::model::AppState::Integration
    );
    let file = d.file.map(|f| FileView {
        applicants: f
            .applicants
            .iter()
            .map(|a| ApplicantView {
                name: a.name.clone(),
                sex: tr.t(&format!("sex.{}", a.sex)).to_string(),
                birth_date: a.birth_date.to_string(),
                children_count: a.children_count,
                attended: a.attended,
            })
            .collect(),
        category: f
            .marking
            .as_ref()
            .map(|m| {
                tr.t(&format!("adoption.category.{}", m.category))
                    .to_string()
            })
            .unwrap_or_default(),
        failures: f
            .failures
            .iter()
            .map(|x| FailureView {
                rule: x.rule.to_string(),
                article: x.article.to_string(),
                message: x.message(tr),
            })
            .collect(),
        deadline: f.deadline.to_string(),
        days_left: f.days_left,
        notice: f
            .notice
            .map(|n| format!("{} – {}", n.published, n.last_day()))
            .unwrap_or_default(),
        open,
        docs: lines
            .iter()
            .map(|l| DocLineView {
                code: l.kind.code().to_string(),
                label: tr
                    .t(&format!("adoption.adoc.{}", l.kind.code()))
                    .to_string(),
                required: l.required,
                present: l.present,
            })
            .collect(),
        uploads: rows
            .iter()
            .map(|r| UploadView {
                id: r.id,
                label: tr.t(&format!("adoption.adoc.{}", r.kind)).to_string(),
                name: r.original_name.clone(),
                at: r.uploaded_at.format("%Y-%m-%d %H:%M").to_string(),
            })
            .collect(),
        kinds: DocKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_string(),
                    tr.t(&format!("adoption.adoc.{}", k.code())).to_string(),
                )
            })
            .collect(),
    });
    let page = ApplicationPage {
        ctx: Ctx::for_user(cu),
        id,
        version: d.app.version,
        archive_no: d.child.archive_no.clone(),
        name: d.child.name.clone(),
        child_line: format!(
            "{} · {}",
            tr.t(&format!("sex.{}", d.child.sex)),
            d.child.birth_date
        ),
        state: tr
            .t(&format!("adoption.state.{}", d.state.code()))
            .to_string(),
        received_on: d.app.received_on.to_string(),
        decided_on: d.app.decided_on.map(|x| x.to_string()).unwrap_or_default(),
        certificate_no: d.app.certificate_no.clone().unwrap_or_default(),
        refusal_reasons: d.app.refusal_reasons.clone(),
        state_code: d.state.code().to_string(),
        ended_on: d.app.ended_on.map(|x| x.to_string()).unwrap_or_default(),
        end_reasons: d.app.end_reasons.clone(),
        file,
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

/// `GET /adoption/applications/{id}` (404 outside the reader's scope).
pub async fn show(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAdoptions)?;
    page(
        &state,
        &cu,
        path.into_inner(),
        DecideForm::default(),
        FieldErrors::default(),
    )
    .await
}

fn version(f: &DecideForm) -> i32 {
    f.version.trim().parse().unwrap_or(0)
}

/// `POST /adoption/applications/{id}/register`.
pub async fn register(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<DecideForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, f) = (path.into_inner(), form.into_inner());
    let input = RegisterInput {
        certificate_no: f.certificate_no.clone(),
        date: NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d").ok(),
        attended: !f.attended.is_empty(),
        secrecy: !f.secrecy.is_empty(),
        confirm: f.confirm == "yes",
        version: version(&f),
    };
    match state
        .run(&cu, move |c, op| decision::register(c, op, id, &input))
        .await?
    {
        Ok(()) => Ok(redirect_with(
            &format!("/adoption/applications/{id}"),
            "flash.adoption_registered",
        )),
        Err(errors) => page(&state, &cu, id, f, errors).await,
    }
}

/// `POST /adoption/applications/{id}/refuse`.
pub async fn refuse(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<DecideForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let (id, f) = (path.into_inner(), form.into_inner());
    let (reasons, confirm, v) = (f.reasons.clone(), f.confirm == "yes", version(&f));
    match state
        .run(&cu, move |c, op| {
            decision::refuse(c, op, id, &reasons, confirm, v)
        })
        .await?
    {
        Ok(()) => Ok(redirect_with(
            &format!("/adoption/applications/{id}"),
            "flash.adoption_refused",
        )),
        Err(errors) => page(&state, &cu, id, f, errors).await,
    }
}
