//! Matching a child with families and placing the child (issue 12 points 4, 5).

use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::AppResult;
use crate::foster::model::FamilyId;
use crate::foster::placement::{self, ChildFacts, PlaceRefusal};
use crate::foster::views::{failure_lines, FailureLine, MatchLine, MatchingPage, SiblingLine};
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MatchQuery {
    pub child: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct PlaceForm {
    pub child_id: String,
    pub consent: String,
    pub opinion: String,
    pub severe_disability: String,
}

async fn show(
    state: &State,
    cu: &CurrentUser,
    child: Option<ChildId>,
    typed: PlaceForm,
    errors: FieldErrors,
    failures: Vec<FailureLine>,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (children, matched) = state
        .run(cu, move |c, op| {
            let inst: Vec<crate::org::InstitutionId> = op.user.institution_id.into_iter().collect();
            let kids = crate::archive::active_children(c, &inst, 500)?;
            let matched = match child {
                Some(k) => Some(crate::foster::matching::matches(c, op, k)?),
                None => None,
            };
            Ok((kids, matched))
        })
        .await?;
    let today = state.clock.today();
    let (chosen, lines, siblings, disabled) = match matched {
        Some(m) => (
            Some(format!("{} {}", m.child.legal_name, m.child.archive_no)),
            m.matches
                .into_iter()
                .map(|m| MatchLine {
                    id: m.family.id.0,
                    name: m.family.family_name,
                    caregiver: m.family.caregiver_name,
                    professional: tr
                        .t(&format!(
                            "foster.professional.{}",
                            m.family.professional.code()
                        ))
                        .to_string(),
                    volunteer: m.family.volunteer,
                    together: m.together.code(),
                    services: m.services,
                })
                .collect(),
            m.siblings
                .into_iter()
                .map(|s| SiblingLine {
                    id: s.child.id.0,
                    name: format!("{} {}", s.child.legal_name, s.child.archive_no),
                    placed_with: s.placed_with.map(|(id, name)| (id.0, name)),
                })
                .collect(),
            m.disabled,
        ),
        None => (None, Vec::new(), Vec::new(), false),
    };
    let page = MatchingPage {
        ctx: Ctx::for_user(cu),
        children: children
            .into_iter()
            .map(|k| {
                let age = crate::clock::age_on(k.birth_date, today);
                (
                    k.id.0.to_string(),
                    format!(
                        "{} {} · {}",
                        k.legal_name,
                        k.archive_no,
                        tr.tf("age.years", &[("n", &age.to_string())])
                    ),
                )
            })
            .collect(),
        child: child.map(|k| k.0.to_string()).unwrap_or_default(),
        chosen,
        lines,
        siblings,
        disabled,
        typed,
        errors,
        failures,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(&page, status)
}

pub async fn matching(
    state: State,
    cu: CurrentUser,
    q: web::Query<MatchQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let child = q.child.trim().parse::<i64>().ok().map(ChildId);
    show(
        &state,
        &cu,
        child,
        PlaceForm::default(),
        FieldErrors::default(),
        Vec::new(),
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SiblingForm {
    pub child_id: String,
    pub sibling_id: String,
}

/// Records a sibling of the chosen child (兄弟姐妹, through the archive's interface) so matching keeps
/// the group together. A refusal re-renders the page with the message at `sibling_id`.
pub async fn link_sibling(
    state: State,
    cu: CurrentUser,
    form: web::Form<SiblingForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let f = form.into_inner();
    let tr = cu.tr();
    let mut errors = FieldErrors::default();
    let Some(child) = f.child_id.trim().parse::<i64>().ok().map(ChildId) else {
        errors.add("child_id", tr.t("err.choose"));
        return show(&state, &cu, None, PlaceForm::default(), errors, Vec::new()).await;
    };
    let Some(other) = f.sibling_id.trim().parse::<i64>().ok().map(ChildId) else {
        errors.add("sibling_id", tr.t("err.choose"));
        return show(
            &state,
            &cu,
            Some(child),
            PlaceForm::default(),
            errors,
            Vec::new(),
        )
        .await;
    };
    let done = state
        .run(&cu, move |c, op| {
            crate::foster::matching::link_sibling(c, op, child, other)
        })
        .await?;
    match done {
        Ok(()) => Ok(redirect_with(
            &format!("/foster/matching?child={child}"),
            "flash.foster_sibling_linked",
        )),
        Err(r) => {
            let key = match r {
                crate::archive::SiblingRefusal::Same => "foster.err.sibling_same",
                crate::archive::SiblingRefusal::OtherInstitution => "foster.err.sibling_elsewhere",
                crate::archive::SiblingRefusal::Already => "foster.err.sibling_already",
            };
            errors.add("sibling_id", tr.t(key));
            show(
                &state,
                &cu,
                Some(child),
                PlaceForm::default(),
                errors,
                Vec::new(),
            )
            .await
        }
    }
}

pub async fn place(
    state: State,
    cu: CurrentUser,
    path: web::Path<FamilyId>,
    form: web::Form<PlaceForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let mut errors = FieldErrors::default();
    let child = f.child_id.trim().parse::<i64>().ok().map(ChildId);
    let consent = match f.consent.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        "" => None,
        _ => {
            errors.add("consent", tr.t("err.choose"));
            None
        }
    };
    let Some(child) = child else {
        errors.add("child_id", tr.t("err.choose"));
        return show(&state, &cu, None, f, errors, Vec::new()).await;
    };
    if !errors.is_empty() {
        return show(&state, &cu, Some(child), f, errors, Vec::new()).await;
    }
    let facts = ChildFacts {
        severe_disability: f.severe_disability == "yes",
        consent,
        opinion: f.opinion.chars().take(2000).collect(),
    };
    let done = state
        .run(&cu, move |c, op| placement::place(c, op, id, child, &facts))
        .await?;
    match done {
        Ok(_) => Ok(redirect_with(
            &format!("/foster/{id}"),
            "flash.foster_placed",
        )),
        Err(r) => {
            let mut failures = Vec::new();
            match r {
                PlaceRefusal::Engine(fs) => {
                    errors.add("family", tr.t("foster.err.engine"));
                    failures = failure_lines(&fs, tr);
                }
                PlaceRefusal::OpinionRequired => errors.add("opinion", tr.t("foster.err.opinion")),
                PlaceRefusal::NotSigned => errors.add("family", tr.t("foster.err.not_signed")),
                PlaceRefusal::ChildNotActive => {
                    errors.add("child_id", tr.t("foster.err.child_not_active"))
                }
            }
            show(&state, &cu, Some(child), f, errors, failures).await
        }
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EndForm {
    pub reason: String,
    pub note: String,
    pub counselling: String,
    /// FOS-21: the day the family's written notice was received (its own request only).
    pub notice_on: String,
}

/// Termination (point 8): the ground (FOS-19/20/21), a note and the counselling arranged; the child
/// returns to the institution. A mandatory ground opens an urgent task for the head the same day.
pub async fn end(
    state: State,
    cu: CurrentUser,
    path: web::Path<(FamilyId, i64)>,
    form: web::Form<EndForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let (id, pid) = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let mut errors = FieldErrors::default();
    let reason = crate::foster::rules::steps::EndReason::parse(f.reason.trim());
    if reason.is_none() {
        errors.add("end_reason", tr.t("err.choose"));
    }
    let note = crate::platform::forms::multiline(&mut errors, tr, "end_note", &f.note, true, 2000);
    let counselling = crate::platform::forms::multiline(
        &mut errors,
        tr,
        "counselling",
        &f.counselling,
        true,
        2000,
    );
    // FOS-21: the family's own request needs the day its written notice was received.
    let notice = if reason == Some(crate::foster::rules::steps::EndReason::FamilyRequest) {
        match chrono::NaiveDate::parse_from_str(f.notice_on.trim(), "%Y-%m-%d") {
            Ok(d) if d <= state.clock.today() => Some(d),
            Ok(_) => {
                errors.add("notice_on", tr.t("foster.err.future"));
                None
            }
            Err(_) => {
                errors.add("notice_on", tr.t("foster.err.notice_required"));
                None
            }
        }
    } else {
        None
    };
    let Some(reason) = reason.filter(|_| errors.is_empty()) else {
        let t = super::Typed::default();
        return super::show(&state, &cu, id, t, errors).await;
    };
    let done = state
        .run(&cu, move |c, op| {
            placement::terminate(
                c,
                op,
                pid,
                reason.side(),
                reason.code(),
                &note,
                &counselling,
                notice,
            )?;
            crate::jobs::refresh(c, crate::foster::MODULE_NAME, op.today, op.now)?;
            Ok(())
        })
        .await;
    match done {
        Ok(()) => Ok(redirect_with(
            &format!("/foster/{id}"),
            "flash.foster_ended",
        )),
        Err(crate::error::AppError::BadRequest {
            code: "foster_notice_short",
            message,
        }) => {
            let mut errors = FieldErrors::default();
            errors.add("notice_on", message);
            super::show(&state, &cu, id, super::Typed::default(), errors).await
        }
        Err(e) => Err(e),
    }
}
