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
pub mod header;
mod interface;
mod interface_panels;
// Every interface_* file other modules asked for, re-exported in one place.
mod interface_exports;
pub mod jobs;
mod model;
pub mod names;
pub mod pdf;
pub mod rules;
mod sections;
// Care's additions to the interface (issue 14), re-exported by interface_exports.rs.
mod interface_care;
// Adoption's additions (issue 13), re-exported by interface_exports.rs.
mod interface_adoption;
// Typed uploads for other modules (foster, issue 12), re-exported by interface_exports.rs.
mod interface_uploads;
mod service;
pub mod store;
pub mod views;

/// The module name (tasks and registrations carry it).
pub const MODULE_NAME: &str = "archive";

pub use interface::*;
pub use interface_exports::*;
pub use interface_panels::*;
/// Setup: the built-in restriction kinds (adoption secrecy), seeded at start.
pub use model::ensure_builtin_restrictions;
pub use model::Child;
/// Validated typed fields of a child (the intake and edit forms produce them).
pub use model::ChildFields;
/// The quality list's self-check (its SQL against the pure completeness rule), for its test.
pub use service::completeness_mismatches;
pub use service::Upload;

use crate::auth::Action;
use crate::platform::module::{Module, NavEntry};
use actix_web::web;

/// The archive's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages,
    api: api::routes,
    openapi: api::openapi,
    nav: &[
        NavEntry {
            href: "/children",
            label: "nav.children",
            action: Action::ViewChildren,
            order: 20,
            unless: None,
        },
        NavEntry {
            href: "/archive/quality",
            label: "nav.quality",
            action: Action::ViewChildren,
            order: 30,
            unless: None,
        },
        NavEntry {
            href: "/archive/requests",
            label: "nav.requests",
            action: Action::DecideArchiveRequest,
            order: 40,
            unless: None,
        },
        NavEntry {
            href: "/admin/restrictions",
            label: "nav.restrictions",
            action: Action::ManageRestrictionKinds,
            order: 88,
            unless: None,
        },
    ],
    due: Some(jobs::due_items),
    setup: Some(model::ensure_builtin_restrictions),
    demo: Some(demo::seed_module),
    catalogue_keys: views::catalogue_keys,
};

fn pages(cfg: &mut web::ServiceConfig) {
    use handlers as h;
    cfg.route("/children", web::get().to(h::list))
        .route("/children", web::post().to(h::create))
        .route("/children/new", web::get().to(h::new_form))
        .route(
            "/children/export",
            web::get().to(h::export::export_children),
        )
        .route("/children/{id}", web::get().to(h::show))
        .route("/children/{id}", web::post().to(h::update))
        .route("/children/{id}/edit", web::get().to(h::edit_form))
        .route(
            "/children/{id}/restricted",
            web::post().to(h::restricted_view),
        )
        .route("/children/{id}/discharge", web::get().to(h::discharge_form))
        .route("/children/{id}/discharge", web::post().to(h::discharge))
        .route("/children/{id}/documents", web::post().to(h::upload))
        .route("/children/{id}/documents/{doc}", web::get().to(h::download))
        .route("/children/{id}/restrictions", web::post().to(h::restrict))
        .route("/children/{id}/requests", web::post().to(h::request_access))
        .route("/children/{id}/archive.pdf", web::get().to(h::print))
        .route("/children/{id}/custody", web::get().to(h::custody_page))
        .route("/children/{id}/custody", web::post().to(h::custody_record))
        .route("/archive/requests", web::get().to(h::requests))
        .route("/archive/requests/{id}", web::post().to(h::decide))
        .route("/archive/quality", web::get().to(h::quality))
        .route("/archive/notices/{id}", web::get().to(h::show_notice))
        .route("/archive/notices/{id}", web::post().to(h::close_notice))
        .route(
            "/admin/restrictions",
            web::get().to(handlers::restriction_kinds::list),
        )
        .route(
            "/admin/restrictions",
            web::post().to(handlers::restriction_kinds::create),
        );
}

/// Aggregate counts for the oversight dashboard (issue 17).
pub mod stats;

// Oversight's bulk intake (Excel import, issue 17 point 5), re-exported by interface_exports.rs.
mod interface_import;
// oversight module (issue 17 point 3): the allowance roster's facts (re-exported by interface_exports.rs).
mod interface_oversight;
// adoption (issue 13 point 5, ADP-26): lawful reads of an archive outside the scope (modules::LAWFUL_READS).
mod interface_lawful;
// oversight duties (issue 17 point 4): the 应退未退 comparison's facts (re-exported by interface_exports.rs).
mod interface_oversight_duties;
// foster module (issue 12 point 4): sibling links (re-exported by interface_exports.rs).
mod interface_siblings;
// foster module (issue 12 point 4): removing a wrong sibling link (re-exported by interface_exports.rs).
mod interface_siblings_unlink;
// oversight (issue 17 point 4): the yearly archive spot check's population and checklist (re-exported by interface_exports.rs).
mod interface_spot_check;
