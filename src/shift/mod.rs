//! The caregiver's shift (护理员的班次, issue 15): living units (家庭式养育单元) with beds and a roster,
//! the caregiver's round on a phone (my shift), the daily care log, medication rounds (MAR) on the care
//! module's written orders, shift handovers, and the head's day. See docs/caregiving.md.
//!
//! Children are reached only through `crate::archive`; medication orders only through
//! `crate::care::interface` (and the warnings through `crate::care::interface_shift`).

pub mod api;
pub mod api_incidents;
pub mod api_tasks;
pub mod demo;
pub mod due;
pub mod handlers;
pub mod incidents;
pub mod model;
pub mod pdf;
pub mod rules;
pub mod service;
pub mod stats;
pub mod views;

/// The module name (tasks and registrations carry it).
pub const MODULE_NAME: &str = "shift";

use crate::auth::Action;
use crate::platform::module::{Module, NavEntry};
use actix_web::web;

/// The shift module's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages,
    api: api::routes,
    openapi: api::openapi,
    nav: &[
        NavEntry {
            href: "/shift",
            label: "nav.shift",
            action: Action::RecordShift,
            order: 5,
            unless: None,
        },
        NavEntry {
            href: "/shift/day",
            label: "nav.shift_day",
            action: Action::OverseeShift,
            order: 6,
            unless: None,
        },
        NavEntry {
            href: "/shift/units",
            label: "nav.shift_units",
            action: Action::OverseeShift,
            order: 7,
            unless: None,
        },
        NavEntry {
            href: "/shift/incidents",
            label: "nav.shift_incidents",
            action: Action::RecordIncident,
            order: 8,
            unless: None,
        },
    ],
    due: Some(due::due_items),
    setup: None,
    demo: Some(demo::seed),
    catalogue_keys,
};

/// Codes the shift pages show through the catalogue.
fn catalogue_keys() -> Vec<String> {
    use model::*;
    let mut keys: Vec<String> = Vec::new();
    {
        // the body map of an incident (point 6)
        use rules::body::{MarkKind, Region, Side};
        keys.extend(
            Side::ALL
                .iter()
                .map(|k| format!("shift.body.side.{}", k.code())),
        );
        keys.extend(
            Region::ALL
                .iter()
                .map(|k| format!("shift.body.region.{}", k.code())),
        );
        keys.extend(
            MarkKind::ALL
                .iter()
                .map(|k| format!("shift.body.kind.{}", k.code())),
        );
    }
    keys.extend(
        UnitKind::ALL
            .iter()
            .map(|k| format!("shift.kind.{}", k.code())),
    );
    keys.extend(
        Outcome::ALL
            .iter()
            .map(|k| format!("shift.outcome.{}", k.code())),
    );
    keys.extend(
        LogKind::ALL
            .iter()
            .map(|k| format!("shift.log.{}", k.code())),
    );
    for k in LogKind::ALL {
        keys.extend(
            k.values()
                .iter()
                .map(|v| format!("shift.value.{}.{v}", k.code())),
        );
    }
    keys.extend(
        rules::Shift::ALL
            .iter()
            .map(|k| format!("shift.shift.{}", k.code())),
    );
    keys.extend(
        rules::DoseState::ALL
            .iter()
            .map(|k| format!("shift.state.{}", k.code())),
    );
    keys.extend(
        rules::IncidentKind::ALL
            .iter()
            .map(|k| format!("shift.incident_kind.{}", k.code())),
    );
    keys.extend(
        rules::ReportState::ALL
            .iter()
            .map(|k| format!("shift.report_state.{}", k.code())),
    );
    keys.extend(service::Refused::ALL.iter().map(|r| r.message_key()));
    keys.extend(due::TASK_KEYS.iter().map(|k| k.to_string()));
    keys.extend(due::TASK_KEYS.iter().map(|k| format!("{k}.short")));
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    use handlers::{day, round, round_forms, units};
    cfg.route("/shift", web::get().to(round::page))
        .route("/static/shift.css", web::get().to(handlers::css))
        .route("/shift/doses", web::post().to(round_forms::dose))
        .route("/shift/prn", web::post().to(round_forms::prn))
        .route("/shift/tasks", web::post().to(handlers::tasks::mark))
        .route("/shift/log", web::post().to(round_forms::quick_log))
        .route(
            "/shift/handovers/{id}/ack",
            web::post().to(round_forms::acknowledge),
        )
        .route(
            "/shift/units/{id}/handover",
            web::post().to(round_forms::write_handover),
        )
        .route("/shift/units", web::get().to(units::page))
        .route("/shift/units", web::post().to(units::create))
        .route("/shift/units/{id}/place", web::post().to(units::place))
        .route("/shift/units/{id}/roster", web::post().to(units::roster))
        .route("/shift/log/{id}", web::get().to(handlers::log::page))
        .route("/shift/log/{id}", web::post().to(handlers::log::correct))
        .route(
            "/shift/mar/{child}.pdf",
            web::get().to(handlers::log::mar_pdf),
        )
        .route("/shift/day", web::get().to(day::page))
        .route("/shift/doses/{id}/review", web::post().to(day::review))
        .route("/shift/incidents", web::get().to(incidents::handlers::list))
        .route(
            "/shift/incidents",
            web::post().to(incidents::handlers::create),
        )
        .route(
            "/shift/incidents/new",
            web::get().to(incidents::handlers::new),
        )
        .route(
            "/shift/incidents/{id}",
            web::get().to(incidents::handlers::one),
        )
        .route(
            "/shift/incidents/{id}/found",
            web::post().to(incidents::found::post),
        )
        // "found" corrected with a reason, the history kept (session 8)
        .route(
            "/shift/incidents/{id}/found/correct",
            web::post().to(incidents::found_fix::post),
        )
        // the body map and photos of an incident (point 6)
        .route(
            "/shift/incidents/{id}/body",
            web::get().to(incidents::body_web::page),
        )
        .route(
            "/shift/incidents/{id}/marks",
            web::post().to(incidents::body_web::mark),
        )
        // correcting or withdrawing a mark, the history kept (session 7)
        .route(
            "/shift/incidents/{id}/marks/{mark}",
            web::get().to(incidents::mark_web::page),
        )
        .route(
            "/shift/incidents/{id}/marks/{mark}/correct",
            web::post().to(incidents::mark_web::correct),
        )
        .route(
            "/shift/incidents/{id}/marks/{mark}/withdraw",
            web::post().to(incidents::mark_web::withdraw),
        )
        .route(
            "/shift/incidents/{id}/photos",
            web::post().to(incidents::body_web::photo),
        )
        .route(
            "/shift/incidents/{id}/photos/{photo}",
            web::get().to(incidents::body_web::download),
        )
        // a photo withdrawn with a reason, the file kept (session 8)
        .route(
            "/shift/incidents/{id}/photos/{photo}/withdraw",
            web::post().to(incidents::body_web::withdraw),
        )
        .route(
            "/shift/incidents/{id}/review",
            web::post().to(incidents::handlers::review),
        )
        .route(
            "/shift/incidents/{id}/report.pdf",
            web::get().to(incidents::report_web::pdf),
        )
        .route(
            "/shift/reports/{id}/sent",
            web::post().to(incidents::report_web::sent),
        )
        .route(
            "/shift/reports/{id}/confirm",
            web::post().to(incidents::report_web::confirm),
        );
}
