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
/// The module name (tasks, archive entries and registrations carry it).
pub const MODULE_NAME: &str = "transfer";

use crate::auth::Action;
use crate::platform::module::{Module, NavEntry};
use actix_web::web;

/// The transfer module's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages,
    api: api::routes,
    openapi: api::openapi,
    nav: &[
        NavEntry {
            href: "/transfers",
            label: "nav.transfers",
            action: Action::ViewTransfers,
            order: 50,
            unless: None,
        },
        NavEntry {
            href: "/transfers/oversight",
            label: "nav.oversight",
            action: Action::OverseeTransfers,
            order: 60,
            unless: None,
        },
        NavEntry {
            href: "/admin/transfer-templates",
            label: "nav.transfer_templates",
            action: Action::ManageTransferTemplates,
            order: 90,
            unless: None,
        },
    ],
    due: Some(jobs::due_items),
    setup: Some(service::checklist::ensure_default),
    demo: Some(demo::seed_module),
    catalogue_keys,
};

/// A child in an open transfer batch is held by it: discharge must take the child out of the batch in
/// the same step (issue 10 point 13; registered in `crate::modules::CHILD_HOLDS`).
pub const CHILD_HOLD: crate::platform::module::ChildHold = crate::platform::module::ChildHold {
    module: MODULE_NAME,
    find: hold_find,
    release: hold_release,
};

fn hold_find(c: &mut crate::db::DbConn, child: i64) -> diesel::QueryResult<Option<String>> {
    service::roster::open_batch_of(c, crate::archive::ChildId(child))
}

fn hold_release(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    child: i64,
    reason: &str,
) -> crate::error::AppResult<()> {
    service::roster::release_for_discharge(c, op, crate::archive::ChildId(child), reason)
}

/// Codes the transfer pages show through the catalogue.
fn catalogue_keys() -> Vec<String> {
    let mut keys: Vec<String> = rules::ALL_BATCH_STATES
        .iter()
        .map(|s| format!("transfer.state.{}", s.code()))
        .collect();
    keys.extend(
        rules::ALL_ITEM_STATES
            .iter()
            .map(|s| format!("transfer.item.{}", s.code())),
    );
    keys.extend(
        [
            "create",
            "add_child",
            "plan",
            "child_completed",
            "completed",
            "hukou_confirmed",
            "remove_child",
        ]
        .map(|e| format!("transfer.event.{e}")),
    );
    // State changes are timeline events too (`submitted`, `item_received`, …).
    keys.extend(
        rules::ALL_BATCH_STATES
            .iter()
            .filter(|s| **s != rules::BatchState::Draft)
            .map(|s| format!("transfer.event.{}", s.code())),
    );
    keys.extend(
        rules::ALL_ITEM_STATES
            .iter()
            .filter(|s| **s != rules::ItemState::Pending)
            .map(|s| format!("transfer.event.item_{}", s.code())),
    );
    keys.extend(
        [
            "not-sent",
            "deferred",
            "stale-draft",
            "not-received",
            "overdue",
            "discrepancy",
        ]
        .map(|k| format!("oversight.{k}")),
    );
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    // `/transfers/oversight` before `/transfers/{id}`: routes match in order.
    cfg.route("/transfers", web::get().to(handlers::list))
        .route("/transfers", web::post().to(handlers::create))
        .route("/transfers/new", web::get().to(handlers::new_form))
        .route(
            "/transfers/export",
            web::get().to(handlers::export::export_transfers),
        )
        .route(
            "/transfers/oversight",
            web::get().to(handlers::oversight::page),
        )
        .route(
            "/transfers/oversight.{format}",
            web::get().to(handlers::oversight::export),
        )
        .route(
            "/transfers/deferrals",
            web::get().to(handlers::deferrals::page),
        )
        .route(
            "/transfers/deferrals",
            web::post().to(handlers::deferrals::record),
        )
        .route(
            "/transfers/deferrals/{id}",
            web::post().to(handlers::deferrals::review),
        )
        .route("/transfers/{id}", web::get().to(handlers::show))
        .route(
            "/transfers/{id}/children",
            web::post().to(handlers::add_child),
        )
        .route("/transfers/{id}/actions", web::post().to(handlers::act))
        .route(
            "/transfers/{id}/children/{tc}/remove",
            web::post().to(handlers::remove_child),
        )
        .route(
            "/transfers/{id}/children/{tc}",
            web::get().to(handlers::child),
        )
        .route(
            "/transfers/{id}/children/{tc}/plan",
            web::post().to(handlers::plan),
        )
        .route(
            "/transfers/{id}/children/{tc}/complete",
            web::post().to(handlers::complete),
        )
        .route(
            "/transfers/{id}/children/{tc}/hukou",
            web::post().to(handlers::hukou_confirm),
        )
        .route(
            "/transfers/{id}/items/{item}",
            web::post().to(handlers::item),
        )
        .route(
            "/transfers/{id}/handover.pdf",
            web::get().to(handlers::batch_pdf),
        )
        .route(
            "/transfers/{id}/children/{tc}/handover.pdf",
            web::get().to(handlers::child_pdf),
        )
        .route(
            "/transfers/{id}/children/{tc}/archive",
            web::get().to(handlers::preview::page),
        )
        .route(
            "/transfers/{id}/children/{tc}/documents/{doc}",
            web::get().to(handlers::preview::document),
        )
        .route(
            "/admin/transfer-templates",
            web::get().to(handlers::templates::page),
        )
        .route(
            "/admin/transfer-templates",
            web::post().to(handlers::templates::save),
        );
}

/// Aggregate counts for the oversight dashboard (issue 17).
pub mod stats;

// oversight module (issue 17 point 3): the allowance switch month of completed handovers.
pub mod interface_oversight;
