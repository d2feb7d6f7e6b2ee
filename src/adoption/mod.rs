//! Adoption (收养, issue 13): the eligibility engine under the Civil Code (民法典 第1093–1118条), the
//! registration clock, the placing institution's adoptability marking, the applicants' file, assessment
//! and registration (see docs/adoption.md).

pub mod api;
pub mod demo;
pub mod handlers;
pub mod jobs;
pub mod model;
pub mod rules;
pub mod service;
pub mod views;

/// The module name (tasks, audit rows and registrations carry it).
pub const MODULE_NAME: &str = "adoption";

use crate::auth::Action;
use crate::platform::module::{Module, NavEntry};
use actix_web::web;

/// The adoption module's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages,
    api: api::routes,
    openapi: api::openapi,
    nav: &[NavEntry {
        href: "/adoption",
        label: "nav.adoption",
        action: Action::ViewAdoptions,
        order: 55,
        unless: None,
    }],
    due: Some(jobs::due_items),
    setup: None,
    demo: Some(demo::seed_module),
    catalogue_keys,
};

/// Codes the adoption module shows through the catalogue.
fn catalogue_keys() -> Vec<String> {
    let mut keys: Vec<String> = rules::eligibility::MESSAGE_KEYS
        .iter()
        .map(|k| k.to_string())
        .collect();
    keys.extend(service::refusal::Refused::ALL.iter().map(|r| r.key()));
    keys.extend(
        model::AppState::ALL
            .iter()
            .map(|s| format!("adoption.state.{}", s.code())),
    );
    keys.extend(
        rules::Category::ALL
            .iter()
            .map(|c| format!("adoption.category.{}", c.code())),
    );
    keys.extend(["subject", "registered", "refused"].map(|k| format!("adoption.mail.{k}")));
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    cfg.route("/adoption", web::get().to(handlers::list))
        .route("/adoption/mark", web::get().to(handlers::forms::mark_form))
        .route("/adoption/mark", web::post().to(handlers::forms::mark))
        .route(
            "/adoption/applications/new",
            web::get().to(handlers::forms::apply_form),
        )
        .route(
            "/adoption/applications",
            web::post().to(handlers::forms::apply),
        )
        .route(
            "/adoption/applications/{id}",
            web::get().to(handlers::application::show),
        )
        .route(
            "/adoption/applications/{id}/register",
            web::post().to(handlers::application::register),
        )
        .route(
            "/adoption/applications/{id}/refuse",
            web::post().to(handlers::application::refuse),
        );
}

/// Aggregate counts for the oversight dashboard (issue 17).
pub mod stats;
