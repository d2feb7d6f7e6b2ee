//! Changes during a placement on the family page (issue 12 points 7, 8): short-term care at the
//! institution (FOS-17) and the family's wish to adopt its foster child (FOS-24).

use super::{show, Typed};
use crate::auth::Action;
use crate::error::AppResult;
use crate::foster::changes;
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
        .run(&cu, move |c, op| changes::wish_to_adopt(c, op, id, pid, wishes))
        .await?;
    Ok(redirect_with(
        &format!("/foster/{id}#placement-{pid}"),
        "flash.foster_adopt_wish_recorded",
    ))
}
