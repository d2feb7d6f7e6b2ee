//! Adoption (收养, issue 13): the eligibility engine under the Civil Code (民法典 第1093–1118条), the
//! registration clock, the placing institution's adoptability marking, the applicants' file, assessment
//! and registration (see docs/adoption.md).

pub mod api;
pub mod demo;
pub mod handlers;
pub mod jobs;
pub mod lawful;
pub mod model;
pub mod pdf;
pub mod rules;
pub mod service;
pub mod views;
pub mod views_work;

pub use lawful::LAWFUL_READ;

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
    keys.extend(["dissolved", "revoked"].map(|k| format!("adoption.readmit.{k}")));
    keys.extend(["subject", "registered", "refused"].map(|k| format!("adoption.mail.{k}")));
    use rules::assessment::{Conclusion, Flag, Item, Mode};
    keys.extend(
        Item::ALL
            .iter()
            .map(|x| format!("adoption.assess.item.{}", x.code())),
    );
    keys.extend(
        Flag::ALL
            .iter()
            .map(|x| format!("adoption.assess.flag.{}", x.code())),
    );
    keys.extend(
        Mode::ALL
            .iter()
            .map(|x| format!("adoption.assess.mode.{}", x.code())),
    );
    keys.extend(
        Conclusion::ALL
            .iter()
            .map(|x| format!("adoption.assess.conclusion.{}", x.code())),
    );
    keys.extend(
        [
            "team_size",
            "agency",
            "agreement",
            "item_missing",
            "conclusion",
            "flagged",
            "reasons",
            "report_date",
            "integration",
            "no_report",
            "unsuitable",
            "tp_credit_code",
            "tp_legal_person",
            "tp_management",
            "tp_scope",
            "tp_credit_code_check",
        ]
        .map(|k| format!("adoption.assess.err.{k}")),
    );
    keys.extend(
        rules::third_party::Profession::ALL
            .iter()
            .map(|x| format!("adoption.assess.profession.{}", x.code())),
    );
    keys.extend(
        [
            "reasons",
            "adopter",
            "placer",
            "child_consent",
            "adult_consent",
        ]
        .map(|k| format!("adoption.end.err.{k}")),
    );
    keys.extend(
        rules::checklist::CODES
            .iter()
            .map(|k| format!("adoption.doc.{k}")),
    );
    keys.extend(
        rules::applicant_docs::DocKind::ALL
            .iter()
            .map(|k| format!("adoption.adoc.{}", k.code())),
    );
    keys.extend(
        pdf::Kind::ALL
            .iter()
            .map(|k| format!("adoption.pdf.{}", k.code())),
    );
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    cfg.route("/adoption", web::get().to(handlers::list))
        .route("/adoption/mark", web::get().to(handlers::forms::mark_form))
        .route("/adoption/statistics", web::get().to(handlers::stats::show))
        .route(
            "/adoption/statistics/export",
            web::get().to(handlers::stats::export),
        )
        .route("/adoption/mark", web::post().to(handlers::forms::mark))
        .route(
            "/adoption/mark/{id}/withdraw",
            web::post().to(handlers::forms::withdraw),
        )
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
            "/adoption/applications/{id}/documents",
            web::post().to(handlers::documents::upload),
        )
        .route(
            "/adoption/applications/{id}/documents/{doc}",
            web::get().to(handlers::documents::download),
        )
        .route(
            "/adoption/applications/{id}/refuse",
            web::post().to(handlers::application::refuse),
        )
        .route(
            "/adoption/applications/{id}/assessment",
            web::get().to(handlers::assessment::show),
        )
        .route(
            "/adoption/applications/{id}/assessment/start",
            web::post().to(handlers::assessment::start),
        )
        .route(
            "/adoption/applications/{id}/assessment/integration",
            web::post().to(handlers::assessment::integration),
        )
        .route(
            "/adoption/applications/{id}/assessment/visit",
            web::post().to(handlers::assessment::visit),
        )
        .route(
            "/adoption/applications/{id}/assessment/report",
            web::post().to(handlers::assessment::report),
        )
        .route(
            "/adoption/applications/{id}/print/{kind}",
            web::get().to(handlers::assessment::print),
        )
        .route(
            "/adoption/applications/{id}/after",
            web::get().to(handlers::after::show),
        )
        .route(
            "/adoption/applications/{id}/after/visit",
            web::post().to(handlers::after::visit),
        )
        .route(
            "/adoption/applications/{id}/after/dissolve",
            web::post().to(handlers::after::dissolve),
        )
        .route(
            "/adoption/applications/{id}/after/revoke",
            web::post().to(handlers::after::revoke),
        );
}

/// Aggregate counts for the oversight dashboard (issue 17).
pub mod stats;

/// The files this module keeps in the archive's store, for the backup (`crate::modules::STORED_FILES`).
pub const STORED_FILES: crate::platform::module::StoredFiles = |conn| {
    use diesel::prelude::*;
    crate::db::schema::adoption_documents::table
        .select(crate::db::schema::adoption_documents::sha256)
        .load(conn)
};
