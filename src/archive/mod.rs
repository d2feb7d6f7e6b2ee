//! Per-child archive (一人一档): intake by legal category, the lifelong record, documents, history,
//! restricted access, borrowing requests, discharge, search and print.
//!
//! Other modules use only the public interface re-exported here (`interface.rs`); the archive's rows,
//! queries and services are private to this folder.

pub mod api;
pub mod bench;
pub mod custody;
pub mod demo;
pub mod form;
pub mod handlers;
mod interface;
pub mod jobs;
mod model;
pub mod names;
pub mod pdf;
pub mod rules;
mod sections;
mod service;
pub mod store;
pub mod views;

pub const MODULE: &str = "archive";

pub use interface::*;
/// Setup: the built-in restriction kinds (adoption secrecy), seeded at start.
pub use model::ensure_builtin_restrictions;
pub use model::Child;
/// Validated typed fields of a child (the intake and edit forms produce them).
pub use model::ChildFields;
pub use service::Upload;

/// Temporary: the old path of the restriction-kind admin handlers (`src/web/routes.rs` still names
/// `archive::restrictions::list/create`); delete once routes use `archive::handlers::restriction_kinds`.
pub mod restrictions {
    pub use super::handlers::restriction_kinds::*;
}
