//! Adulthood placement (成年后安置, issue 16): from the assessment window before 18 to a placed young
//! adult — who is due and who places them (谁送养谁安置), the comprehensive assessment, the one-person
//! plan (一人一案) and its approval, the leaving-care checklist and discharge. See docs/adulthood.md.

pub mod api;
pub mod demo;
mod fact;
pub mod handlers;
pub mod jobs;
pub mod model;
pub mod pdf;
pub mod rules;
pub mod service;
pub mod views;

/// The module name (tasks and archive entries carry it).
pub use fact::PLACING_AUTHORITY;

pub const MODULE_NAME: &str = "adulthood";

use crate::auth::Action;
use crate::platform::module::{Module, NavEntry};
use actix_web::web;

/// The adulthood module's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages,
    api: api::routes,
    openapi: api::openapi,
    nav: &[
        NavEntry {
            href: "/adulthood",
            label: "nav.adulthood",
            action: Action::ViewAdulthood,
            order: 55,
            unless: None,
        },
        NavEntry {
            href: "/adulthood/oversight",
            label: "nav.adulthood_oversight",
            action: Action::OverseeAdulthood,
            order: 61,
            unless: None,
        },
    ],
    due: Some(jobs::due_items),
    setup: None,
    demo: Some(demo::seed),
    catalogue_keys,
};

/// Codes the adulthood pages show through the catalogue.
fn catalogue_keys() -> Vec<String> {
    let mut keys: Vec<String> = rules::Pathway::ALL
        .iter()
        .map(|p| format!("adulthood.pathway.{}", p.code()))
        .collect();
    keys.extend(
        model::PlanState::ALL
            .iter()
            .map(|s| format!("adulthood.plan_state.{}", s.code())),
    );
    keys.extend(
        model::AssessorKind::ALL
            .iter()
            .map(|s| format!("adulthood.assessor.{}", s.code())),
    );
    keys.extend(
        rules::Deferral::ALL
            .iter()
            .map(|s| format!("adulthood.deferral.{}", s.code())),
    );
    keys.extend(
        rules::authority::Basis::ALL
            .iter()
            .map(|s| format!("adulthood.basis.{}", s.code())),
    );
    keys.extend(
        rules::checklist::ITEMS
            .iter()
            .map(|s| format!("adulthood.item.{s}")),
    );
    keys.extend(
        [
            "task.adulthood_assess",
            "task.adulthood_assess_overdue",
            "task.adulthood_assess_escalated",
            "task.adulthood_plan",
            "task.adulthood_plan_overdue",
            "task.adulthood_plan_escalated",
            "task.adulthood_decide",
            "task.adulthood_followup",
            "adulthood.fucai.not_orphan_before_18",
            "adulthood.fucai.adopted",
            "adulthood.fucai.not_full_time",
            "adulthood.fucai.level",
        ]
        .map(String::from),
    );
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    cfg.route("/adulthood", web::get().to(handlers::list))
        // Before `/adulthood/{id}`: routes match in order.
        .route(
            "/adulthood/oversight",
            web::get().to(handlers::oversight::page),
        )
        .route(
            "/adulthood/oversight.{format}",
            web::get().to(handlers::oversight::export),
        )
        .route(
            "/adulthood/fucai.{format}",
            web::get().to(handlers::oversight::roster),
        )
        .route(
            "/adulthood/{id}/plan.pdf",
            web::get().to(handlers::oversight::plan_pdf),
        )
        .route("/adulthood/{id}", web::get().to(handlers::show))
        .route(
            "/adulthood/{id}/deferral",
            web::post().to(handlers::deferral),
        )
        .route(
            "/adulthood/{id}/assessment",
            web::post().to(handlers::assessment),
        )
        .route("/adulthood/{id}/plan", web::post().to(handlers::save_plan))
        .route(
            "/adulthood/{id}/plan/decision",
            web::post().to(handlers::decide),
        )
        .route(
            "/adulthood/{id}/checklist",
            web::post().to(handlers::confirm),
        )
        .route(
            "/adulthood/{id}/discharge",
            web::post().to(handlers::discharge),
        )
        .route(
            "/adulthood/{id}/contacts",
            web::post().to(handlers::contact),
        )
        .route(
            "/adulthood/{id}/enrolments",
            web::post().to(handlers::enrolment),
        );
}
