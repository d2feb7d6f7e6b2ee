//! The marking form (placing institution, issue 13 point 1) and the application form (registrar,
//! point 2). A refused form answers 422 with what was typed and a message per field.

use crate::adoption::model;
use crate::adoption::rules::{Category, Relation, Sex};
use crate::adoption::service::registry::{self, ApplicantInput, ApplicationInput, MarkInput};
use crate::adoption::views::{ApplyForm, ApplyPage, Choice, MarkForm, MarkPage};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;

fn status(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn ticked(s: &str) -> bool {
    !s.trim().is_empty()
}

async fn mark_page(
    state: &State,
    cu: &CurrentUser,
    typed: MarkForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let children = state
        .run(cu, move |c, op| {
            let own: Vec<_> = op.user.institution_id.into_iter().collect();
            // 民法典 第1093条: only minors may be adopted, so an adult still in care is not offered.
            let adult_age =
                crate::policy::int(c, crate::policy::keys::CHILD_ADULT_AGE, None, op.today)? as i32;
            Ok(crate::archive::active_children(c, &own, 500)?
                .into_iter()
                .filter(|k| crate::clock::age_on(k.birth_date, op.today) < adult_age)
                .map(|k| Choice {
                    id: k.id.0,
                    label: format!("{} {}", k.legal_name, k.archive_no),
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let categories = Category::ALL
        .iter()
        .filter(|c| **c != Category::ParentsAble)
        .map(|c| {
            let code = c.code().to_string();
            let label = tr.t(&format!("adoption.category.{code}")).to_string();
            (code, label)
        })
        .collect();
    // ADP-18 where the child is marked: the placer's documents of the chosen child for the chosen
    // category, from the archive (a child outside the institution shows nothing).
    let pick = (
        typed.child_id.trim().parse::<ChildId>().ok(),
        Category::parse(typed.category.trim()),
        ticked(&typed.trafficked),
    );
    let placer_docs = match pick {
        (Some(child), Some(category), trafficked) => {
            state
                .run(cu, move |c, op| {
                    if crate::archive::load_in_scope(c, op.user, child).is_err() {
                        return Ok(None);
                    }
                    let disabled = crate::archive::adoption_facts(c, child)?.disabled;
                    let lines =
                        super::placer_lines(c, op.tr, child, category, disabled, trafficked)?;
                    crate::audit::record_alone(
                        c,
                        op.now,
                        op.actor,
                        &crate::audit::Event::ok("view", "adoption_placer_documents", child.0),
                    )?;
                    Ok(Some(lines))
                })
                .await?
        }
        _ => None,
    };
    let page = MarkPage {
        ctx: Ctx::for_user(cu),
        placer_docs,
        children,
        categories,
        typed,
        errors,
    };
    render_status(&page, status(&page.errors))
}

/// `GET /adoption/mark`; with `?child_id=…&category=…[&trafficked=yes]` the form comes prefilled and
/// shows that child's placer's documents for the category (ADP-18).
pub async fn mark_form(
    state: State,
    cu: CurrentUser,
    query: web::Query<MarkForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::MarkAdoptable)?;
    mark_page(&state, &cu, query.into_inner(), FieldErrors::default()).await
}

/// `POST /adoption/mark`.
pub async fn mark(
    state: State,
    cu: CurrentUser,
    form: web::Form<MarkForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::MarkAdoptable)?;
    let f = form.into_inner();
    let Ok(child) = f.child_id.trim().parse::<ChildId>() else {
        let mut errors = FieldErrors::default();
        errors.add("child", cu.tr().t("adoption.err.child"));
        return mark_page(&state, &cu, f, errors).await;
    };
    let input = MarkInput {
        child,
        category: Category::parse(f.category.trim()),
        basis: f.basis.clone(),
        notice_start: date(&f.notice_start),
        notice_medium: f.notice_medium.clone(),
        notice_result: f.notice_result.clone(),
        trafficked: ticked(&f.trafficked),
        police_certificate: date(&f.police_certificate),
    };
    match state
        .run(&cu, move |c, op| registry::mark_available(c, op, &input))
        .await?
    {
        Ok(_) => Ok(redirect_with("/adoption", "flash.adoption_marked")),
        Err(errors) => mark_page(&state, &cu, f, errors).await,
    }
}

async fn apply_page(
    state: &State,
    cu: &CurrentUser,
    typed: ApplyForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let children = state
        .run(cu, move |c, op| {
            // Children marked available by institutions in the bureau's area (ADP-17).
            let Some(bureau) = op.user.institution_id else {
                return Ok(Vec::new());
            };
            let div = registry::division(c, bureau)?;
            let insts: Vec<i64> = crate::org::model::list_all(c)?
                .into_iter()
                .filter(|(i, _)| Some(i.division_id) == div)
                .map(|(i, _)| i.id.0)
                .collect();
            let mut out = Vec::new();
            for m in model::availability_at(c, &insts)? {
                // Not a child with an application under way or registered.
                let taken = model::application_for_child(c, m.child_id)?
                    .is_some_and(|a| a.state().is_some_and(|s| s != model::AppState::Refused));
                if taken {
                    continue;
                }
                let f = crate::archive::adoption_facts(c, ChildId(m.child_id))?;
                out.push(Choice {
                    id: m.child_id,
                    label: format!("{} {}", f.name, f.archive_no),
                });
            }
            Ok(out)
        })
        .await?;
    let relations = Relation::ALL
        .iter()
        .map(|r| {
            (
                r.code().to_string(),
                tr.t(&format!("adoption.relation.{}", r.code())).to_string(),
            )
        })
        .collect();
    let page = ApplyPage {
        ctx: Ctx::for_user(cu),
        children,
        relations,
        typed,
        errors,
    };
    render_status(&page, status(&page.errors))
}

/// `GET /adoption/applications/new`.
pub async fn apply_form(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    apply_page(&state, &cu, ApplyForm::default(), FieldErrors::default()).await
}

#[allow(clippy::too_many_arguments)]
fn applicant(
    name: &str,
    sex: &str,
    birth: &str,
    count: &str,
    disease: &str,
    record: &str,
    unable: &str,
    overseas: &str,
    foreign: &str,
) -> ApplicantInput {
    ApplicantInput {
        name: name.to_string(),
        sex: Sex::parse(sex.trim()),
        birth_date: date(birth),
        children_count: count.trim().parse().ok(),
        disqualifying_disease: ticked(disease),
        harmful_record: ticked(record),
        able_to_raise: !ticked(unable),
        overseas_chinese: ticked(overseas),
        foreign_national: ticked(foreign),
    }
}

/// `POST /adoption/applications`.
pub async fn apply(
    state: State,
    cu: CurrentUser,
    form: web::Form<ApplyForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAdoptions)?;
    let f = form.into_inner();
    let mut errors = FieldErrors::default();
    let child = f.child_id.trim().parse::<ChildId>().ok();
    if child.is_none() {
        errors.add("child", cu.tr().t("adoption.err.child"));
    }
    let prior = match f.prior_adoptions.trim() {
        "" => Some(0),
        s => s.parse::<u32>().ok(),
    };
    if prior.is_none() {
        errors.add("prior_adoptions", cu.tr().t("err.number"));
    }
    let (Some(child), Some(prior)) = (child, prior) else {
        return apply_page(&state, &cu, f, errors).await;
    };
    let mut applicants = vec![applicant(
        &f.a1_name,
        &f.a1_sex,
        &f.a1_birth_date,
        &f.a1_children_count,
        &f.a1_disease,
        &f.a1_record,
        &f.a1_unable,
        &f.a1_overseas,
        &f.a1_foreign,
    )];
    // The second applicant (the spouse) when anything of them is typed.
    if [
        &f.a2_name,
        &f.a2_sex,
        &f.a2_birth_date,
        &f.a2_children_count,
    ]
    .iter()
    .any(|s| !s.trim().is_empty())
    {
        applicants.push(applicant(
            &f.a2_name,
            &f.a2_sex,
            &f.a2_birth_date,
            &f.a2_children_count,
            &f.a2_disease,
            &f.a2_record,
            &f.a2_unable,
            &f.a2_overseas,
            &f.a2_foreign,
        ));
    }
    let input = ApplicationInput {
        child,
        received_on: date(&f.received_on),
        married: ticked(&f.married),
        spouse_joins: ticked(&f.spouse_joins),
        relation: Relation::parse(f.relation.trim()),
        child_consent: match f.child_consent.trim() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        prior_adoptions: prior,
        applicants,
    };
    match state
        .run(&cu, move |c, op| registry::file_application(c, op, &input))
        .await?
    {
        Ok(id) => Ok(redirect_with(
            &format!("/adoption/applications/{id}"),
            "flash.adoption_filed",
        )),
        Err(errors) => apply_page(&state, &cu, f, errors).await,
    }
}

/// `POST /adoption/mark/{id}/withdraw`: the placing institution withdraws a marking (404 for another
/// institution's child); refused while an application for the child is open.
pub async fn withdraw(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    cu.require(Action::MarkAdoptable)?;
    let id = path.into_inner();
    let t = crate::adoption::views_work::Typed::from_pairs(form.into_inner());
    let v = t.version();
    let r = state
        .run(&cu, move |c, op| registry::withdraw_marking(c, op, id, v))
        .await?;
    Ok(match r {
        Ok(()) => redirect_with("/adoption", "flash.adoption_withdrawn"),
        Err(_) => redirect_with("/adoption", "flash.adoption_withdraw_open"),
    })
}
