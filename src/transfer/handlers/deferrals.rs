//! Deferral of transfer (暂缓移交; seed 003 §3(1), issue 10 point 14): the county's page listing its open
//! deferrals with their review (extend or end) and the form to defer a child not yet sent.

use super::super::service::deferral::{self, Review};
use super::super::service::{roster, Field};
use super::super::views::{DeferralForm, DeferralLine, DeferralsPage};
use super::{refusal_to_field, status_for};
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};

async fn show(
    state: &State,
    cu: &CurrentUser,
    typed: DeferralForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (open, names, candidates, today) = state
        .run(cu, move |c, op| {
            let open = deferral::of_own(c, op)?;
            let ids: Vec<crate::archive::ChildId> = open.iter().map(|d| d.child_id).collect();
            let names = crate::archive::summaries(c, &ids)?;
            let candidates: Vec<crate::archive::ChildSummary> = roster::candidates(c, op, "")?
                .into_iter()
                .filter(|k| !ids.contains(&k.id))
                .collect();
            Ok((open, names, candidates, op.today))
        })
        .await?;
    let page = DeferralsPage {
        open: open
            .into_iter()
            .map(|d| {
                let (archive_no, name) = crate::archive::summary_of(&names, d.child_id)
                    .map(|s| (s.archive_no.clone(), s.legal_name.clone()))
                    .unwrap_or_default();
                DeferralLine {
                    id: d.id,
                    name,
                    archive_no,
                    reason: d.reason,
                    review_date: d.review_date,
                    version: d.version,
                }
            })
            .collect(),
        candidates: super::create::candidate_views(tr, candidates, today, &[]),
        typed,
        errors,
        ctx: Ctx::for_user(cu),
    };
    render_status(&page, status_for(&page.errors))
}

pub async fn page(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    show(&state, &cu, DeferralForm::default(), FieldErrors::default()).await
}

fn record_field(field: Field) -> &'static str {
    match field {
        Field::Reason => "reason",
        Field::ReviewDate => "review_date",
        _ => "child_id",
    }
}

/// Record a deferral: the child, the reason and the review date.
pub async fn record(
    state: State,
    cu: CurrentUser,
    form: web::Form<DeferralForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let f = form.into_inner();
    let Ok(child) = f.child_id.trim().parse::<crate::archive::ChildId>() else {
        let mut errors = FieldErrors::default();
        errors.add("child_id", cu.tr().t("err.choose"));
        return show(&state, &cu, f, errors).await;
    };
    let (reason, review) = (f.reason.clone(), f.review_date.clone());
    let done = state
        .run(&cu, move |c, op| {
            deferral::record(c, op, child, &reason, &review)
        })
        .await;
    match done {
        Ok(_) => Ok(redirect_with(
            "/transfers/deferrals",
            "flash.deferral_recorded",
        )),
        Err(e) => {
            let errors = refusal_to_field(e, record_field)?;
            show(&state, &cu, f, errors).await
        }
    }
}

/// Review a deferral: extend it (new review date and reason) or end it (with a note).
pub async fn review(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<DeferralForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let mut errors = FieldErrors::default();
    let version = f.version.trim().parse::<i32>().ok();
    if version.is_none() {
        errors.add("version", cu.tr().t("err.stale_version"));
    }
    if !matches!(f.action.as_str(), "extend" | "end") {
        errors.add("review", cu.tr().t("err.choose"));
    }
    let (Some(version), true) = (version, errors.is_empty()) else {
        return show(&state, &cu, DeferralForm::default(), errors).await;
    };
    let g = f.clone();
    let done = state
        .run(&cu, move |c, op| {
            let decision = if g.action == "extend" {
                Review::Extend {
                    until: &g.review_date,
                    reason: &g.reason,
                }
            } else {
                Review::End { note: &g.note }
            };
            deferral::review(c, op, id, decision, version)
        })
        .await;
    match done {
        Ok(()) => Ok(redirect_with(
            "/transfers/deferrals",
            "flash.deferral_reviewed",
        )),
        Err(e) => {
            let errors = refusal_to_field(e, |_| "review")?;
            show(&state, &cu, DeferralForm::default(), errors).await
        }
    }
}
