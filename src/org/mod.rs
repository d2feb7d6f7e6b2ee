//! Divisions (行政区划: province → city 市/州 → county 县/市/区) and institutions (机构).

pub mod handlers;
pub mod model;

pub use model::{Division, Institution, InstitutionKind};

use crate::auth::Action;
use crate::platform::module::{Module, NavEntry};
use actix_web::web;
pub use model::InstitutionId;

/// Divisions and institutions: the list for staff, administration for the system admin.
pub const MODULE: Module = Module {
    name: "org",
    pages,
    api,
    openapi: handlers::openapi,
    nav: &[
        NavEntry {
            href: "/admin/institutions",
            label: "nav.institutions",
            action: Action::ManageInstitutions,
            order: 10,
            unless: None,
        },
        NavEntry {
            href: "/institutions",
            label: "nav.institutions",
            action: Action::ViewInstitutions,
            order: 10,
            unless: Some(Action::ManageInstitutions),
        },
    ],
    due: None,
    setup: None,
    demo: None,
    catalogue_keys: kind_keys,
};

fn pages(cfg: &mut web::ServiceConfig) {
    cfg.route("/institutions", web::get().to(handlers::list))
        .route("/institutions/{id}", web::get().to(handlers::detail))
        .route("/admin/institutions", web::get().to(handlers::admin_list))
        .route("/admin/institutions", web::post().to(handlers::create))
        .route("/admin/institutions/new", web::get().to(handlers::new_form))
        .route(
            "/admin/institutions/{id}/edit",
            web::get().to(handlers::edit_form),
        )
        .route("/admin/institutions/{id}", web::post().to(handlers::update));
}

fn api(cfg: &mut web::ServiceConfig) {
    cfg.route("/institutions", web::get().to(handlers::api_list));
}

fn kind_keys() -> Vec<String> {
    model::ALL_KINDS
        .iter()
        .map(|k| format!("kind.{}", k.as_str()))
        .collect()
}
