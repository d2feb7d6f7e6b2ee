//! Transfer pages, by page group: batches (the list with the create form, a batch with its children,
//! timeline, actions and handover PDFs), one child's page in a batch (checklist, plan, completion), the
//! receiver's archive preview, the supervisor's oversight (page and CSV) and the admin page for checklist
//! templates. `preview`, `oversight` and `templates` keep their own paths: their `page` handlers would
//! clash with each other's names.

mod batches;
mod children;
pub mod oversight;
pub mod preview;
pub mod templates;

pub use batches::*;
pub use children::*;

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

/// Turn a refusal the user can fix into a message on a field of the form (`field_of` names the field for
/// each stable code); anything else stays an error page.
pub fn refusal_to_field(
    e: AppError,
    field_of: fn(&str) -> &'static str,
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    match e {
        AppError::BadRequest { code, message } => errors.add(field_of(code), message),
        AppError::Conflict(message) => errors.add("version", message),
        other => return Err(other),
    }
    Ok(errors)
}
