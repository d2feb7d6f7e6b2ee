//! The platform every module stands on: shared state, the request context (who acts, in which
//! language, when), the translation catalogue and per-field form errors. Modules import these from
//! here, never from `web` (which is only the HTTP edge: extractors, middleware, routing, page chrome).

pub mod context;
pub mod export;
pub mod figures;
pub mod forms;
pub mod i18n;
pub mod kept_rows;
pub mod memory;
pub mod module;
pub mod money;
pub mod progress;

pub use context::{AppState, Caller, Op, State};
pub use forms::FieldErrors;
pub use i18n::{catalogue, Catalogue, Lang};
pub use module::{DemoEnv, Module, NavEntry};

/// Make user-typed text safe for logs and audit rows: no control characters, bounded length.
pub fn safe_for_log(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(64).collect()
}
