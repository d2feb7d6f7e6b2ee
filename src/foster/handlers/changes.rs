//! Changes during a placement on the family page (issue 12 points 7, 8): short-term care at the
//! institution (FOS-17) and the family's wish to adopt its foster child (FOS-24).

use super::{show, Typed};
use crate::auth::Action;
use crate::error::AppResult;
use crate::foster::change_form::ChangeForm;
use crate::foster::changes::{self, CaregiverRefusal};
use crate::foster::model::FamilyId;
use crate::foster::visit_form::StayForm;
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

/// `POST /foster/{id}/placements/{pid}/short-stay`: short-term care from/to with the reason.
pub async fn short_stay(
    state: State,
    cu: CurrentUser,
    path: web::Path<(FamilyId, i64)>,
    form: web::Form<StayForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let (id, pid) = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let typed = |stay: StayForm| Typed {
        stay,
        stay_placement: Some(pid),
        ..Typed::default()
    };
    let (from, to, reason) = match f.validate(tr) {
        Ok(v) => v,
        Err(errors) => return show(&state, &cu, id, typed(f), errors).await,
    };
    let done = state
        .run(&cu, move |c, op| {
            changes::short_stay(c, op, id, pid, from, to, &reason)
        })
        .await?;
    match done {
        Ok(()) => Ok(redirect_with(
            &format!("/foster/{id}#placement-{pid}"),
            "flash.foster_short_stay_recorded",
        )),
        Err(max) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "stay_to",
                tr.tf("foster.err.short_stay_long", &[("max", &max.to_string())]),
            );
            show(&state, &cu, id, typed(f), errors).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WishForm {
    pub wishes: String,
}

/// `POST /foster/{id}/placements/{pid}/adopt-wish`: the family wishes to adopt (`wishes=yes`) or
/// withdraws it (`wishes=no`).
pub async fn adopt_wish(
    state: State,
    cu: CurrentUser,
    path: web::Path<(FamilyId, i64)>,
    form: web::Form<WishForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let (id, pid) = path.into_inner();
    let wishes = match form.wishes.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(crate::error::AppError::bad(
                "invalid_field",
                "wishes: must be yes or no",
            ))
        }
    };
    state
        .run(&cu, move |c, op| {
            changes::wish_to_adopt(c, op, id, pid, wishes)
        })
        .await?;
    Ok(redirect_with(
        &format!("/foster/{id}#placement-{pid}"),
        "flash.foster_adopt_wish_recorded",
    ))
}

/// The family in scope (404 otherwise), to lay a change form over its stored values.
async fn family_of(
    state: &State,
    cu: &CurrentUser,
    id: FamilyId,
) -> AppResult<crate::foster::model::Family> {
    state
        .run(cu, move |c, op| crate::foster::service::find(c, op, id))
        .await
}

/// `POST /foster/{id}/move`: the family moved house; the engine is re-run on the new residence.
pub async fn move_house(
    state: State,
    cu: CurrentUser,
    path: web::Path<FamilyId>,
    form: web::Form<ChangeForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnFoster)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let fam = family_of(&state, &cu, id).await?;
    let typed = |change: ChangeForm| Typed {
        change,
        ..Typed::default()
    };
    let to = match f.moved(&fam, cu.tr(), state.clock.today()) {
        Ok(v) => v,
        Err(errors) => return show(&state, &cu, id, typed(f), errors).await,
    };
    let rented = to.residence_kind == crate::foster::model::Residence::Rented;
    let fails = state
        .run(&cu, move |c, op| changes::move_house(c, op, id, &to))
        .await?;
    // The page shows the engine's result live; the message says whether the move broke a condition
    // and names the housing proof the new residence needs (第12条(一), FOS-13): the move superseded the
    // old one — 不动产权证书 for an owned home, the lease (租赁合同) for a rented one.
    let housing = fails.iter().any(|f| f.key == "foster.fail.proof_housing");
    let others = fails.iter().any(|f| f.key != "foster.fail.proof_housing");
    let key = match (housing, others, rented) {
        (false, false, _) => "flash.foster_moved",
        (false, true, _) => "flash.foster_moved_not_eligible",
        (true, false, false) => "flash.foster_moved_proof_owned",
        (true, false, true) => "flash.foster_moved_proof_rented",
        (true, true, false) => "flash.foster_moved_not_eligible_owned",
        (true, true, true) => "flash.foster_moved_not_eligible_rented",
    };
    Ok(redirect_with(&format!("/foster/{id}#eligibility"), key))
}

/// `POST /foster/{id}/caregiver`: the head approves a new main caregiver who has been trained (FOS-18).
pub async fn caregiver(
    state: State,
    cu: CurrentUser,
    path: web::Path<FamilyId>,
    form: web::Form<ChangeForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DecideFoster)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let fam = family_of(&state, &cu, id).await?;
    let typed = |change: ChangeForm| Typed {
        change,
        ..Typed::default()
    };
    let (to, hours, topic) = match f.caregiver(&fam, tr, state.clock.today()) {
        Ok(v) => v,
        Err(errors) => return show(&state, &cu, id, typed(f), errors).await,
    };
    let done = state
        .run(&cu, move |c, op| {
            changes::change_caregiver(c, op, id, &to, hours, &topic)
        })
        .await?;
    match done {
        Ok(()) => Ok(redirect_with(
            &format!("/foster/{id}#household"),
            "flash.foster_caregiver_changed",
        )),
        Err(r) => {
            let mut errors = FieldErrors::default();
            match r {
                CaregiverRefusal::Training(min) => errors.add(
                    "training_hours",
                    tr.tf(
                        "foster.err.caregiver_training",
                        &[("min", &min.to_string())],
                    ),
                ),
                CaregiverRefusal::Engine(fs) => {
                    let text: Vec<String> = fs
                        .iter()
                        .map(|x| {
                            format!("{} {}（{}）", x.rule.id(), x.message(tr), x.rule.article())
                        })
                        .collect();
                    errors.add("caregiver_name", text.join("；"))
                }
            }
            show(&state, &cu, id, typed(f), errors).await
        }
    }
}
