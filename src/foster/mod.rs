//! Foster families (家庭寄养, 家庭寄养管理办法 民政部令第54号): the eligibility engine FOS-01…FOS-13
//! (pure, `rules`), its policy thresholds per division (`policy`) and the engine's JSON endpoint
//! (`api`). See docs/foster.md.

pub mod api;
pub mod change_form;
pub mod changes;
pub mod demo;
pub mod documents;
pub mod form;
pub mod handlers;
pub mod interface;
pub mod jobs;
pub mod lists;
pub mod matching;
pub mod model;
pub mod oversight;
pub mod pdf;
pub mod placement;
pub mod policy;
pub mod rules;
pub mod service;
pub mod siblings;
pub mod steps;
pub mod views;
pub mod visit_form;
pub mod visits;

/// The module name (tasks, archive entries and registrations carry it).
pub const MODULE_NAME: &str = "foster";

use crate::auth::Action;
use crate::platform::module::{Module, NavEntry};
use actix_web::web;

/// The foster module's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages,
    api: api::routes,
    openapi: api::openapi,
    nav: &[NavEntry {
        href: "/foster",
        label: "nav.foster",
        action: Action::ViewFoster,
        order: 55,
        unless: None,
    }],
    due: Some(jobs::due_items),
    setup: None,
    demo: Some(demo::seed_module),
    catalogue_keys,
};

/// A child placed in a foster family is held by the placement: any discharge (an adoption registered
/// by the adoption module through `crate::archive::discharge(.., "adopted", ..)`, …) ends the placement
/// in the same transaction (registered in `crate::modules::CHILD_HOLDS`).
pub const CHILD_HOLD: crate::platform::module::ChildHold = crate::platform::module::ChildHold {
    module: MODULE_NAME,
    find: hold_find,
    release: hold_release,
};

fn hold_find(c: &mut crate::db::DbConn, child: i64) -> diesel::QueryResult<Option<String>> {
    placement::hold_of(c, crate::archive::ChildId(child))
}

fn hold_release(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    child: i64,
    reason: &str,
) -> crate::error::AppResult<()> {
    placement::release_for_discharge(c, op, crate::archive::ChildId(child), reason)
}

/// Codes the foster pages and messages show through the catalogue.
fn catalogue_keys() -> Vec<String> {
    let mut keys: Vec<String> = rules::FAILURE_KEYS.iter().map(|k| k.to_string()).collect();
    keys.extend(
        rules::Relation::ALL
            .iter()
            .map(|r| format!("foster.relation.{}", r.code())),
    );
    keys.extend(
        rules::Education::ALL
            .iter()
            .map(|e| format!("foster.education.{}", e.code())),
    );
    keys.extend(
        rules::Guardianship::ALL
            .iter()
            .map(|g| format!("foster.guardianship.{}", g.code())),
    );
    keys.push("foster.list_sep".into());
    keys.extend(
        documents::DocKind::ALL
            .iter()
            .map(|k| format!("foster.doc_kind.{}", k.code())),
    );
    keys.extend(
        rules::visits::VisitKind::ALL
            .iter()
            .map(|k| format!("foster.visit_kind.{}", k.code())),
    );
    keys.extend(
        rules::visits::AnnualDecision::ALL
            .iter()
            .map(|k| format!("foster.annual_decision.{}", k.code())),
    );
    keys.extend(
        steps::Kind::ALL
            .iter()
            .map(|k| format!("foster.kind.{}", k.code())),
    );
    keys.extend(
        model::Stage::ALL
            .iter()
            .map(|s| format!("foster.stage.{}", s.code())),
    );
    keys.extend(
        model::Professional::ALL
            .iter()
            .map(|s| format!("foster.professional.{}", s.code())),
    );
    keys.extend(
        ["near_rehab", "near_special_education", "near_medical"]
            .iter()
            .map(|s| format!("foster.nearby.{s}")),
    );
    keys.extend(
        ["all", "open", "ended"]
            .iter()
            .map(|s| format!("foster.export.state.{s}")),
    );
    keys.extend(
        ["with_sibling", "whole_group", "no_siblings", "splits"]
            .iter()
            .map(|s| format!("foster.together.{s}")),
    );
    keys.extend(
        model::Residence::ALL
            .iter()
            .map(|s| format!("foster.residence.{}", s.code())),
    );
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    // `/foster/new` before `/foster/{id}`: routes match in order.
    cfg.route("/foster", web::get().to(handlers::lists::list))
        .route("/foster", web::post().to(handlers::create))
        .route("/foster/new", web::get().to(handlers::new_form))
        .route(
            "/foster/matching",
            web::get().to(handlers::placement::matching),
        )
        .route(
            "/foster/placements",
            web::get().to(handlers::lists::placements),
        )
        .route(
            "/foster/matching/siblings",
            web::post().to(handlers::placement::link_sibling),
        )
        .route(
            "/foster/siblings/{child}",
            web::get().to(handlers::siblings::show),
        )
        .route(
            "/foster/siblings/{child}/remove",
            web::post().to(handlers::siblings::remove),
        )
        .route(
            "/foster/oversight",
            web::get().to(handlers::oversight::overview),
        )
        .route("/foster/roster", web::get().to(handlers::oversight::roster))
        .route("/foster/{id}", web::get().to(handlers::family))
        .route("/foster/{id}/members", web::post().to(handlers::add_member))
        .route(
            "/foster/{id}/documents",
            web::post().to(handlers::documents::upload),
        )
        .route(
            "/foster/{id}/documents/{doc}",
            web::get().to(handlers::documents::download),
        )
        .route(
            "/foster/{id}/steps/{step}",
            web::post().to(handlers::steps::step),
        )
        .route(
            "/foster/{id}/placements",
            web::post().to(handlers::placement::place),
        )
        .route(
            "/foster/{id}/placements/{pid}/end",
            web::post().to(handlers::placement::end),
        )
        .route(
            "/foster/{id}/placements/{pid}/visits",
            web::post().to(handlers::visits::visit),
        )
        .route(
            "/foster/{id}/placements/{pid}/short-stay",
            web::post().to(handlers::changes::short_stay),
        )
        .route(
            "/foster/{id}/placements/{pid}/adopt-wish",
            web::post().to(handlers::changes::adopt_wish),
        )
        .route(
            "/foster/{id}/move",
            web::post().to(handlers::changes::move_house),
        )
        .route(
            "/foster/{id}/caregiver",
            web::post().to(handlers::changes::caregiver),
        )
        .route(
            "/foster/{id}/print/{what}",
            web::get().to(handlers::print::step),
        )
        .route(
            "/foster/{id}/visits/{vid}/print",
            web::get().to(handlers::print::visit),
        )
        .route(
            "/foster/{id}/annual-review",
            web::post().to(handlers::visits::annual),
        );
}

/// Aggregate counts for the oversight dashboard (issue 17).
pub mod stats;

/// The files this module keeps in the archive's store, for the backup (`crate::modules::STORED_FILES`).
pub const STORED_FILES: crate::platform::module::StoredFiles = |conn| {
    use diesel::prelude::*;
    crate::db::schema::foster_documents::table
        .select(crate::db::schema::foster_documents::sha256)
        .load(conn)
};
