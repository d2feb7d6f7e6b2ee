//! How much of a form the server reads. Every form is bounded by `max_form_bytes` (64 KiB by default,
//! docs/configuration.md), except the few pages whose fields are long prose — a yearly report of nine
//! sections of up to 10,000 characters each is about 800 KB URL-encoded. Those paths get
//! [`LONG_TEXT_FORM_BYTES`]: refusing a report a supervisor spent a day writing with a 413 would lose it.

use crate::error::AppError;
use actix_web::web as aw;

/// The bound of a long-prose form (1 MiB).
pub const LONG_TEXT_FORM_BYTES: usize = 1024 * 1024;

/// Paths (prefixes) of the long-prose forms.
const LONG_TEXT_PATHS: &[&str] = &["/oversight/progress-reports/"];

/// The bound of the form posted to `path` when forms are otherwise bounded by `configured`.
pub fn limit_for(path: &str, configured: usize) -> usize {
    if LONG_TEXT_PATHS.iter().any(|p| path.starts_with(p)) {
        configured.max(LONG_TEXT_FORM_BYTES)
    } else {
        configured
    }
}

/// The form extractor's configuration with this bound: too large is a 413, anything unreadable a 400
/// that says so in both languages.
pub fn config(limit: usize) -> aw::FormConfig {
    aw::FormConfig::default()
        .limit(limit)
        .error_handler(|e, _| {
            let too_large = matches!(e, actix_web::error::UrlencodedError::Overflow { .. });
            if too_large {
                AppError::TooLarge.into()
            } else {
                AppError::bad("bad_form", "表单内容无法读取 / The form could not be read.").into()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_long_prose_forms_get_the_larger_bound() {
        assert_eq!(
            limit_for("/oversight/progress-reports/3", 65536),
            LONG_TEXT_FORM_BYTES
        );
        assert_eq!(
            limit_for("/oversight/progress-reports", 65536),
            65536,
            "the list's form"
        );
        assert_eq!(limit_for("/children/1/notes", 65536), 65536);
        assert_eq!(
            limit_for("/oversight/progress-reports/3", 4 << 20),
            4 << 20,
            "never lower"
        );
    }
}
