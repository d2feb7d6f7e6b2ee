//! The purpose-stated restricted view on the care pages (`/children/{id}/care/restricted`,
//! `/children/{id}/care/records/restricted` and `/children/{id}/care/plan/restricted`). The archive's rule (`archive::section_access`, 收养保密
//! 民法典第1110条): a section an active restriction hides is shown only to a role every active
//! restriction allows, after the user states a purpose, for that one page view; the view is audited
//! with the purpose (`view_restricted`), a refused attempt is audited as denied, an empty purpose is
//! refused under its field (422). The same rule and audit as the archive page's own restricted view.

use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::FieldErrors;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PurposeForm {
    #[serde(default)]
    pub purpose: String,
}

/// The stated purpose, cleaned as the archive cleans it (no control characters, at most 200).
fn clean(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

/// `Ok(None)`: the purpose is empty (the page is drawn again with the message). A role that no active
/// restriction allows (or a child without a restriction) is refused 403, audited as denied.
async fn check(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    purpose: &str,
) -> AppResult<Option<String>> {
    cu.require(Action::ViewCare)?;
    let purpose = clean(purpose);
    if purpose.is_empty() {
        return Ok(None);
    }
    let role = cu.role();
    let allowed = state
        .run(cu, move |c, op| {
            crate::care::service::child_for(c, op, child, Action::ViewCare)?;
            let access = crate::archive::section_access(c, child, &role, true)?;
            let ok = access.restricted() && access.role_may_unlock();
            if !ok {
                audit::record_alone(
                    c,
                    op.now,
                    op.actor,
                    &Event::ok("view_restricted", "care", child).with_outcome("denied"),
                )?;
            }
            Ok(ok)
        })
        .await?;
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok(Some(purpose))
}

/// [`check`], with the message under the purpose field when it is empty (the page is drawn again).
async fn checked(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    purpose: &str,
) -> AppResult<(Option<String>, FieldErrors)> {
    let purpose = check(state, cu, child, purpose).await?;
    let mut errors = FieldErrors::default();
    if purpose.is_none() {
        errors.add("purpose", cu.tr().t("err.purpose_required"));
    }
    Ok((purpose, errors))
}

/// The care page with the restricted sections open.
pub async fn care_page(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<PurposeForm>,
) -> AppResult<HttpResponse> {
    let child = path.into_inner();
    let (purpose, errors) = checked(&state, &cu, child, &form.purpose).await?;
    super::page::show(&state, &cu, child, "", Default::default(), errors, purpose).await
}

/// The rehabilitation, education and social-work page with the restricted sections open.
pub async fn records_page(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<PurposeForm>,
) -> AppResult<HttpResponse> {
    let child = path.into_inner();
    let (purpose, errors) = checked(&state, &cu, child, &form.purpose).await?;
    super::records::show(
        &state,
        &cu,
        child,
        String::new(),
        Default::default(),
        errors,
        purpose,
    )
    .await
}

/// The plan page with the parts of the restricted sections open.
pub async fn plan_page(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<PurposeForm>,
) -> AppResult<HttpResponse> {
    let child = path.into_inner();
    let (purpose, errors) = checked(&state, &cu, child, &form.purpose).await?;
    super::plan::show_with(
        &state,
        &cu,
        child,
        Default::default(),
        String::new(),
        errors,
        purpose,
    )
    .await
}
