//! Every route: the platform's own (health, stylesheet), then each registered module's pages and its
//! endpoints inside `/api/v1` (see `crate::modules`). Routes match in registration order.

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(super::pages::healthz))
        .route("/static/app.css", web::get().to(super::pages::css));
    for m in crate::modules::ALL {
        cfg.configure(m.pages);
    }
    let mut api = web::scope("/api/v1");
    for m in crate::modules::ALL {
        api = api.configure(m.api);
    }
    cfg.service(
        api.route("/openapi.json", web::get().to(crate::api::openapi))
            .default_service(web::to(crate::api::not_found)),
    )
    .default_service(web::to(super::pages::not_found));
}
