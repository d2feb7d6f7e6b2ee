//! Care pages: the child's care page with its record forms (`page`), the plan page and its actions
//! (`plan`), the institution's list. Handlers parse, call the service through `state.run`, and on a
//! refusal draw the same page again with what was typed and a message per field (422).

pub mod education;
pub mod education_export;
pub mod list;
pub mod page;
pub mod plan;
pub mod plans_due;
pub mod records;
pub mod restricted;

use super::service::Failure;
use crate::error::{AppError, AppResult};
use crate::platform::FieldErrors;
use actix_web::http::StatusCode;

/// The status a page answers with: 200, 409 for a stale version, else 422.
pub fn status_for(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else if errors.has("version") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// A failure as per-field messages (a stale version goes to the top); any other error is returned.
pub fn to_fields(f: Failure) -> AppResult<FieldErrors> {
    let mut errors = FieldErrors::default();
    match f {
        Failure::Refused(rs) => {
            for r in rs {
                errors.add(r.field.name(), r.message);
            }
        }
        Failure::Error(AppError::Conflict(m)) => errors.add("version", m),
        Failure::Error(e) => return Err(e),
    }
    Ok(errors)
}
