//! County → city transfers (县级儿童福利机构儿童移交): pure rules, the tables and the service layer
//! (batches, checklists, completion), pages, the receiver's archive preview, checklist templates, API,
//! oversight, PDFs and demo data (see docs/transfer-design.md).

pub mod api;
pub mod bench;
pub mod demo;
pub mod handlers;
pub mod jobs;
pub mod model;
pub mod pdf;
pub mod rules;
pub mod service;
pub mod views;

pub const MODULE: &str = "transfer";

/// Temporary old paths, kept while `src/web/routes.rs`, `src/cli.rs` and `src/demo.rs` still name them;
/// delete once those use the new paths (`handlers::…`, `service::checklist::…`).
pub mod checklist {
    pub use super::service::checklist::ensure_default;
}
/// Temporary: see `checklist` above.
pub mod child_pages {
    pub use super::handlers::{child, complete, item, plan};
}
/// Temporary: see `checklist` above.
pub mod oversight {
    pub use super::handlers::oversight::{csv, page};
}
/// Temporary: see `checklist` above.
pub mod preview {
    pub use super::handlers::preview::{document, page};
}
/// Temporary: see `checklist` above.
pub mod template_admin {
    pub use super::handlers::templates::{page, save};
}
