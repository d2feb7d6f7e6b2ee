//! Intake (入院登记): the form and its submission.

use super::super::form::{ChildForm, ALLOWANCE_CATEGORIES, HUKOU_STATUSES};
use super::super::rules::{self};
use super::super::service::{self};
use super::super::views::*;
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render, render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;

pub(crate) fn intake_page(
    cu: &CurrentUser,
    form: ChildForm,
    errors: FieldErrors,
    today: NaiveDate,
    revised_from: NaiveDate,
    editing: Option<crate::archive::ChildId>,
) -> IntakePage {
    let tr = cu.tr();
    let intake_day =
        NaiveDate::parse_from_str(form.intake_date.trim(), "%Y-%m-%d").unwrap_or(today);
    let cats: Vec<&str> = rules::categories_on(intake_day, revised_from)
        .iter()
        .map(|c| c.code())
        .collect();
    let cases: Vec<&str> = rules::ALL_CASE_TYPES.iter().map(|c| c.code()).collect();
    IntakePage {
        categories: choices(tr, "category", &cats),
        case_types: choices(tr, "case", &cases),
        hukou: choices(tr, "hukou", &HUKOU_STATUSES),
        allowances: choices(tr, "allowance", &ALLOWANCE_CATEGORIES),
        required_docs: rules::ALL_CASE_TYPES
            .iter()
            .map(|c| {
                (
                    tr.t(&format!("case.{}", c.code())).to_string(),
                    c.required_documents()
                        .iter()
                        .map(|d| tr.t(&format!("doc.{d}")).to_string())
                        .collect(),
                )
            })
            .collect(),
        action: editing
            .map(|id| format!("/children/{id}"))
            .unwrap_or_else(|| "/children".into()),
        editing: editing.is_some(),
        form,
        errors,
        ctx: Ctx::for_user(cu),
    }
}

pub(crate) async fn revised_from(
    state: &State,
    cu: &CurrentUser,
) -> AppResult<(NaiveDate, NaiveDate)> {
    let inst = cu.user.institution_id;
    state
        .db(move |c, st| {
            let today = st.clock.today();
            let div = match inst {
                Some(i) => crate::org::model::holding(c, i)?.map(|x| x.division_id),
                None => None,
            };
            Ok((
                today,
                crate::policy::date(
                    c,
                    crate::policy::keys::INTAKE_REVISED_CATEGORIES_FROM,
                    div,
                    today,
                )?,
            ))
        })
        .await
}

pub async fn new_form(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::AdmitChild)?;
    let (today, rev) = revised_from(&state, &cu).await?;
    let form = ChildForm {
        intake_date: today.to_string(),
        ethnicity: "汉族".into(),
        hukou_status: "pending".into(),
        allowance_category: "orphan-institution".into(),
        guardian_department: String::new(),
        ..Default::default()
    };
    render(&intake_page(
        &cu,
        form,
        FieldErrors::default(),
        today,
        rev,
        None,
    ))
}

pub async fn create(
    state: State,
    cu: CurrentUser,
    form: web::Form<ChildForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::AdmitChild)?;
    let form = form.into_inner();
    let f2 = form.clone();
    let r = state
        .run(&cu, move |c, op| service::intake(c, op, &f2))
        .await?;
    match r {
        Ok(id) => Ok(redirect_with(&format!("/children/{id}"), "flash.admitted")),
        Err(errors) => {
            let (today, rev) = revised_from(&state, &cu).await?;
            render_status(
                &intake_page(&cu, form, errors, today, rev, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}
