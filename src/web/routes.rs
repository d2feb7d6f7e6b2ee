//! Every route: the platform's own (health, stylesheet), then every registered module's endpoints
//! inside `/api/v1`, then the modules' pages (see `crate::modules`). Routes match in registration order.

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The health check is in the API document, so another method on it is a JSON 405 as there.
    cfg.service(
        web::resource("/healthz")
            .route(web::get().to(super::pages::healthz))
            .default_service(web::to(crate::api::unmatched)),
    )
    .route("/static/app.css", web::get().to(super::pages::css))
    .route("/static/reload.js", web::get().to(super::pages::reload_js));
    // The API scope before the pages: actix tries routes in order, matching each dynamic page
    // pattern by regex, so an API request would otherwise be tested against every page route first
    // (8 % of a one-child API request's CPU, issue 11). A scope matches by its static prefix, so pages
    // pay one string comparison for it.
    let mut api = crate::api::configure_extractors(web::scope("/api/v1"));
    for m in crate::modules::ALL {
        api = api.configure(m.api);
    }
    cfg.service(
        api.route("/openapi.json", web::get().to(crate::api::openapi))
            .default_service(web::to(crate::api::unmatched))
            .wrap(actix_web::middleware::from_fn(crate::api::json_errors)),
    );
    for m in crate::modules::ALL {
        cfg.configure(m.pages);
    }
    cfg.default_service(web::to(super::pages::not_found));
}
