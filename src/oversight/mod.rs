//! Oversight for civil-affairs supervisors (监督, issue 17): a dashboard of aggregate figures with charts
//! drawn on the server as SVG and the table behind each chart, and the quarterly statistical extract
//! (季度统计, JBZH0001 layout) as XLSX. Supervisors see their division, heads their own institution.
//! Numbers come from each module's `stats` (aggregate SQL), never from loading children. See
//! docs/oversight.md (including what is not built yet: allowances, yearly duties, Excel import).

pub mod charts;
pub mod handlers;
pub mod rules;
pub mod service;
pub mod table;
pub mod views;

/// The module name (audit rows and tasks carry it).
pub const MODULE_NAME: &str = "oversight";

use crate::auth::Action;
use crate::platform::module::{no_openapi, nothing, Module, NavEntry};
use actix_web::web;

/// The oversight module's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages,
    api: nothing,
    openapi: no_openapi,
    nav: &[
        NavEntry {
            href: "/oversight",
            label: "nav.oversight_dashboard",
            action: Action::ViewOversight,
            order: 8,
            unless: None,
        },
        NavEntry {
            href: "/oversight/allowances",
            label: "nav.oversight_allowances",
            action: Action::ViewAllowanceRoster,
            order: 9,
            unless: None,
        },
        NavEntry {
            href: "/oversight/import",
            label: "nav.oversight_import",
            action: Action::ImportChildren,
            order: 42,
            unless: None,
        },
        NavEntry {
            href: "/oversight/overpayments",
            label: "nav.oversight_overpayments",
            action: Action::ViewAllowanceRoster,
            order: 10,
            unless: None,
        },
        NavEntry {
            href: "/oversight/progress-reports",
            label: "nav.oversight_progress_reports",
            action: Action::FileProgressReport,
            order: 12,
            unless: None,
        },
        NavEntry {
            href: "/oversight/spot-checks",
            label: "nav.oversight_spot_checks",
            action: Action::ViewSpotCheck,
            order: 11,
            unless: None,
        },
    ],
    due: Some(due),
    setup: None,
    demo: None,
    catalogue_keys,
};

/// Keys the oversight pages build at run time.
fn catalogue_keys() -> Vec<String> {
    let mut keys: Vec<String> = views::TABLE_TITLES.iter().map(|s| s.to_string()).collect();
    keys.extend(["oversight.disabled.yes", "oversight.disabled.no"].map(String::from));
    // allowances (issue 17 point 3): category and change labels.
    use rules::allowance::{Category, Change};
    keys.extend(Category::ALL.iter().map(|c| c.label_key()));
    keys.extend(Change::ALL.iter().map(|c| c.label_key()));
    keys.extend(duties_keys());
    keys.extend(spot_check_keys());
    keys.extend(progress_report_keys());
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    cfg.route("/oversight", web::get().to(handlers::dashboard))
        .route("/oversight/quarterly", web::get().to(handlers::quarterly))
        .route(
            "/oversight/quarterly/download",
            web::get().to(handlers::quarterly_download),
        )
        .route("/oversight/tables/{slug}", web::get().to(handlers::table))
        .route(
            "/oversight/tables/{slug}/download",
            web::get().to(handlers::table_download),
        );
    // allowances (issue 17 point 3)
    cfg.route(
        "/oversight/allowances",
        web::get().to(handlers::allowance::roster),
    );
    import_routes(cfg);
    duties_routes(cfg);
    spot_check_routes(cfg);
    progress_report_routes(cfg);
}

/// The yearly duties' pages (issue 17 point 4).
fn duties_routes(cfg: &mut web::ServiceConfig) {
    use handlers::duties as d;
    cfg.route("/oversight/allowances/filed", web::get().to(d::filed))
        .route("/oversight/allowances/filed", web::post().to(d::file))
        .route("/oversight/overpayments", web::get().to(d::overpayments))
        .route(
            "/oversight/overpayments/{line}/resolve",
            web::post().to(d::resolve),
        );
}

/// The Excel import's pages (issue 17 point 5).
fn import_routes(cfg: &mut web::ServiceConfig) {
    use handlers::import as i;
    cfg.route("/oversight/import", web::get().to(i::import_page))
        .route("/oversight/import", web::post().to(i::import_upload))
        .route(
            "/oversight/import/template",
            web::get().to(i::import_template),
        )
        .route("/oversight/import/{id}", web::get().to(i::import_report))
        .route("/oversight/import/{id}", web::post().to(i::import_run));
}

/// Catalogue keys of the yearly duties (issue 17 point 4).
fn duties_keys() -> Vec<String> {
    use rules::duties::OverpayReason;
    use service::duties_refusal::Refused;
    let mut keys: Vec<String> = OverpayReason::ALL.iter().map(|r| r.label_key()).collect();
    keys.extend(Refused::ALL.iter().map(|r| r.message_key()));
    keys.extend([
        service::duties_overpay::TASK_KEY.to_string(),
        format!("{}.short", service::duties_overpay::TASK_KEY),
    ]);
    keys
}

/// The daily pass's sources of the module, one after the other: the 应退未退 comparison and the yearly
/// duties (issue 17 point 4).
fn due(
    conn: &mut crate::db::DbConn,
    today: chrono::NaiveDate,
) -> diesel::QueryResult<Vec<crate::jobs::DueItem>> {
    let mut items = service::duties_overpay::due(conn, today)?;
    items.extend(service::spot_check::due(conn, today)?);
    items.extend(service::spot_check_findings::due(conn, today)?);
    items.extend(service::progress_report::due(conn, today)?);
    Ok(items)
}

/// The yearly archive spot check's pages (issue 17 point 4; seed 002).
fn spot_check_routes(cfg: &mut web::ServiceConfig) {
    use handlers::spot_check as s;
    cfg.route("/oversight/spot-checks", web::get().to(s::list))
        .route("/oversight/spot-checks", web::post().to(s::start))
        .route("/oversight/spot-checks/{id}", web::get().to(s::check))
        .route(
            "/oversight/spot-checks/samples/{id}",
            web::get().to(s::checklist),
        )
        .route(
            "/oversight/spot-checks/samples/{id}",
            web::post().to(s::record),
        )
        .route(
            "/oversight/spot-checks/findings/{id}/correct",
            web::post().to(s::correct),
        )
        .route(
            "/oversight/spot-checks/findings/{id}/close",
            web::post().to(s::close),
        );
}

/// Catalogue keys of the spot check built at run time (refusals, outcomes, the task).
fn spot_check_keys() -> Vec<String> {
    use rules::spot_check::Outcome;
    use service::spot_check::{Refused, TASK_KEY};
    let mut keys: Vec<String> = Outcome::ALL.iter().map(|o| o.label_key()).collect();
    keys.extend(Refused::ALL.iter().map(|r| r.message_key()));
    keys.extend([TASK_KEY.to_string(), format!("{TASK_KEY}.short")]);
    use service::spot_check_findings::{CLOSE_TASK_KEY, CORRECT_TASK_KEY};
    for k in [CORRECT_TASK_KEY, CLOSE_TASK_KEY] {
        keys.extend([k.to_string(), format!("{k}.short")]);
    }
    keys
}

/// The yearly progress report's pages (issue 17 point 4; seed 003 每年11月底前报送).
fn progress_report_routes(cfg: &mut web::ServiceConfig) {
    use handlers::progress_report as p;
    cfg.route("/oversight/progress-reports", web::get().to(p::list))
        .route("/oversight/progress-reports", web::post().to(p::create))
        .service(
            // Nine sections of prose: the larger form bound (crate::web::form_limits).
            web::resource("/oversight/progress-reports/{id}")
                .app_data(crate::web::form_limits::config(
                    crate::web::form_limits::LONG_TEXT_FORM_BYTES,
                ))
                .route(web::get().to(p::page))
                .route(web::post().to(p::save)),
        )
        .route(
            "/oversight/progress-reports/{id}/figures",
            web::post().to(p::refresh),
        )
        .route(
            "/oversight/progress-reports/{id}/download",
            web::get().to(p::download),
        );
}

/// Catalogue keys of the progress report built at run time (sections, drafts, refusals, the task).
fn progress_report_keys() -> Vec<String> {
    use rules::progress_report::{Problem, Section};
    use service::progress_report::{Refused, TASK_KEY};
    let mut keys: Vec<String> = Section::ALL.iter().map(|s| s.label_key()).collect();
    keys.extend(Section::ALL.iter().filter_map(|s| s.draft_key()));
    keys.extend(Refused::ALL.iter().map(|r| r.message_key()));
    keys.extend([Problem::Required, Problem::TooLong].map(|p| p.message_key().to_string()));
    keys.extend([TASK_KEY.to_string(), format!("{TASK_KEY}.short")]);
    keys
}
