//! Transfer pages, by page group: batches (the list with the create form, a batch with its children,
//! timeline, actions and handover PDFs), one child's page in a batch (checklist, plan, completion), the
//! receiver's archive preview, the supervisor's oversight (page and CSV) and the admin page for checklist
//! templates. `preview`, `oversight` and `templates` keep their own paths: their `page` handlers would
//! clash with each other's names.

mod batches;
mod children;
mod create;
pub mod deferrals;
pub mod oversight;
pub mod preview;
pub mod templates;

pub use batches::*;
pub use children::*;
pub use create::{create, new_form};

use super::service::refusal::{refused, Field};
use crate::error::AppError;
use crate::platform::forms::FieldErrors;
use actix_web::http::StatusCode;

/// The status a page answers with: 200, or 409 when the refusal was a stale version, else 422.
pub fn status_for(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else if errors.has("version") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// The service's typed refusal placed beside the input `field_of` names for its [`Field`]; a stale
/// version goes to the top of the form. Any other error is returned as it is.
pub fn refusal_to_field(
    e: AppError,
    field_of: fn(Field) -> &'static str,
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    // Input refused elsewhere (no transfer refusal) is shown at the action.
    let field = field_of(refused(&e).map_or(Field::Action, |r| r.field()));
    match e {
        AppError::BadRequest { message, .. } => errors.add(field, message),
        AppError::Conflict(message) => errors.add("version", message),
        other => return Err(other),
    }
    Ok(errors)
}

// The transfers list as CSV/XLSX (issue 17 point 6, oversight).
pub mod export;
