//! Care plans (养治教康 + 社会工作, issue 14): the individual care plan (个性化抚养方案) with reviews and
//! approval, periodic assessments, medical records, immunisations, growth and medication orders, the
//! child's care page and the API. See docs/care.md.
//!
//! Other modules use `interface` only (medication orders for the caregiver shift, major events).

pub mod api;
pub mod api_more;
pub mod chart;
pub mod demo;
pub mod demo_more;
pub mod handlers;
pub mod interface;
pub mod model;
pub mod model_more;
pub mod panel;
pub mod pdf;
pub mod pdf_chart;
pub mod pdf_growth;
pub mod rules;
pub mod service;
pub mod views;
pub mod views_more;
/// The module name (tasks, archive entries and registrations carry it).
pub const MODULE_NAME: &str = "care";

use crate::auth::Action;
use crate::platform::module::{Module, NavEntry};
use actix_web::web;

/// The care module's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages,
    api: api::routes,
    openapi: api::openapi,
    nav: &[NavEntry {
        href: "/care",
        label: "nav.care",
        action: Action::ViewCare,
        order: 25,
        unless: None,
    }],
    due: Some(service::due::due_items),
    setup: None,
    demo: Some(demo::seed),
    catalogue_keys,
};

/// The "care" tab of the child's archive page (registered in `crate::modules::CHILD_TABS`).
pub const CHILD_TAB: crate::platform::module::ChildTab = crate::platform::module::ChildTab {
    label: "care.title",
    action: Action::ViewCare,
    href: care_href,
};

/// The care panel on the archive page's overview (registered in `crate::modules::CHILD_PANELS`).
pub use panel::CHILD_PANEL;

fn care_href(child: i64) -> String {
    format!("/children/{child}/care")
}

/// Codes the care pages show through the catalogue.
fn catalogue_keys() -> Vec<String> {
    use model::*;
    let mut keys: Vec<String> = Vec::new();
    keys.extend(
        PlanState::ALL
            .iter()
            .map(|s| format!("care.state.{}", s.code())),
    );
    keys.extend(Part::ALL.iter().map(|s| format!("care.part.{}", s.code())));
    keys.extend(
        Progress::ALL
            .iter()
            .map(|s| format!("care.progress.{}", s.code())),
    );
    keys.extend(
        MedicalKind::ALL
            .iter()
            .map(|s| format!("care.medical.{}", s.code())),
    );
    keys.extend(
        Funding::ALL
            .iter()
            .map(|s| format!("care.funding.{}", s.code())),
    );
    keys.extend(
        ConditionKind::ALL
            .iter()
            .map(|s| format!("care.condition.{}", s.code())),
    );
    keys.extend(
        rules::schedule::AssessmentKind::ALL
            .iter()
            .map(|s| format!("care.assessment.{}", s.code())),
    );
    keys.extend(
        rules::schedule::AssessmentKind::ALL
            .iter()
            .map(|s| format!("care.due.assessment.{}", s.code())),
    );
    keys.extend(
        [
            "plan_first",
            "plan_approval",
            "plan_revise",
            "plan_review",
            "immunisation",
            "education_unenrolled",
            "device_check",
            "growth_review",
        ]
        .map(|w| format!("care.due.{w}")),
    );
    {
        use model_more::*;
        keys.extend(
            PlacementKind::ALL
                .iter()
                .map(|s| format!("care.placement.{}", s.code())),
        );
        keys.extend(
            SchoolRecordKind::ALL
                .iter()
                .map(|s| format!("care.school_record.{}", s.code())),
        );
        keys.extend(
            SocialKind::ALL
                .iter()
                .map(|s| format!("care.social.{}", s.code())),
        );
    }
    keys.extend(
        rules::immunisation::vaccines()
            .into_iter()
            .map(|v| format!("care.vaccine.{v}")),
    );
    keys.extend(service::due::TASK_KEYS.iter().map(|k| k.to_string()));
    keys.extend(service::due::TASK_KEYS.iter().map(|k| format!("{k}.short")));
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    use handlers::{page, plan};
    cfg.route("/care", web::get().to(handlers::list::list))
        .route("/children/{id}/care", web::get().to(page::page))
        .route("/children/{id}/care/medical", web::post().to(page::medical))
        .route("/children/{id}/care/growth", web::post().to(page::growth))
        .route("/children/{id}/care/orders", web::post().to(page::order))
        .route(
            "/children/{id}/care/orders/{order}/stop",
            web::post().to(page::stop_order),
        )
        .route(
            "/children/{id}/care/conditions",
            web::post().to(page::condition),
        )
        .route(
            "/children/{id}/care/immunisations",
            web::post().to(page::immunisation),
        )
        .route(
            "/children/{id}/care/assessments",
            web::post().to(page::assessment),
        )
        .route("/care/plans-due", web::get().to(handlers::plans_due::page))
        .route(
            "/care/plans-due/export",
            web::get().to(handlers::plans_due::export),
        )
        .route("/care/education", web::get().to(handlers::education::list))
        .route(
            "/care/education/export",
            web::get().to(handlers::education_export::export),
        )
        .route(
            "/children/{id}/care/records",
            web::get().to(handlers::records::page),
        )
        .route(
            "/children/{id}/care/restricted",
            web::post().to(handlers::restricted::care_page),
        )
        .route(
            "/children/{id}/care/records/restricted",
            web::post().to(handlers::restricted::records_page),
        )
        .route(
            "/children/{id}/care/records/{kind}",
            web::post().to(handlers::records::create),
        )
        .route("/children/{id}/care/plan", web::get().to(plan::page))
        .route("/children/{id}/care/plan", web::post().to(plan::start))
        .route(
            "/children/{id}/care/plan/restricted",
            web::post().to(handlers::restricted::plan_page),
        )
        .route(
            "/children/{id}/care/plan/{plan}/goals",
            web::post().to(plan::add_goal),
        )
        .route(
            "/children/{id}/care/plan/{plan}/goals/{goal}/remove",
            web::post().to(plan::remove_goal),
        )
        .route(
            "/children/{id}/care/plan/{plan}/submit",
            web::post().to(plan::submit),
        )
        .route(
            "/children/{id}/care/plan/{plan}/decide",
            web::post().to(plan::decide),
        )
        .route(
            "/children/{id}/care/plan/{plan}/review",
            web::post().to(plan::review),
        )
        .route(
            "/children/{id}/care/plan/{plan}/pdf",
            web::get().to(plan::pdf),
        );
}

// caregiver shift (issue 15): the warnings shown beside a child on the round.
pub mod interface_shift;
/// Aggregate counts for the oversight dashboard (issue 17).
pub mod stats;
// caregiver shift (issue 15 point 2): the plan interventions that apply today, for the round.
pub mod interface_round;
// appointments (issue 15 point 2b): planned on the care pages, read by the round through the interface.
pub mod appointments;
pub mod interface_appointments;
