//! Every route, in one place.

use crate::{audit, auth, jobs, org, policy};
use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(super::pages::healthz))
        .route("/static/app.css", web::get().to(super::pages::css))
        .route("/login", web::get().to(auth::handlers::login_form))
        .route("/login", web::post().to(auth::handlers::login))
        .route("/logout", web::post().to(auth::handlers::logout))
        .route(
            "/lang/{code}",
            web::get().to(auth::handlers::anonymous_language),
        )
        .route("/", web::get().to(jobs::handlers::home))
        .route("/account", web::get().to(auth::handlers::account))
        .route(
            "/account/password",
            web::post().to(auth::handlers::change_password),
        )
        .route(
            "/account/language",
            web::post().to(auth::handlers::change_language),
        )
        .route("/institutions", web::get().to(org::handlers::list))
        .route("/institutions/{id}", web::get().to(org::handlers::detail))
        .route(
            "/admin/institutions",
            web::get().to(org::handlers::admin_list),
        )
        .route("/admin/institutions", web::post().to(org::handlers::create))
        .route(
            "/admin/institutions/new",
            web::get().to(org::handlers::new_form),
        )
        .route(
            "/admin/institutions/{id}/edit",
            web::get().to(org::handlers::edit_form),
        )
        .route(
            "/admin/institutions/{id}",
            web::post().to(org::handlers::update),
        )
        .route("/admin/users", web::get().to(auth::users_admin::list))
        .route("/admin/users", web::post().to(auth::users_admin::create))
        .route(
            "/admin/users/new",
            web::get().to(auth::users_admin::new_form),
        )
        .route(
            "/admin/users/{id}",
            web::get().to(auth::users_admin::detail),
        )
        .route("/admin/users/{id}", web::post().to(auth::users_admin::act))
        .route("/policy", web::get().to(policy::handlers::view))
        .route("/admin/policy", web::post().to(policy::handlers::add))
        .route("/admin/audit", web::get().to(audit::handlers::page))
        .route("/admin/jobs/run", web::post().to(jobs::handlers::run_now))
        .service(
            web::scope("/api/v1")
                .route("/login", web::post().to(auth::handlers::api_login))
                .route("/logout", web::post().to(auth::handlers::api_logout))
                .route("/me", web::get().to(auth::handlers::api_me))
                .route("/institutions", web::get().to(org::handlers::api_list))
                .route("/users", web::get().to(auth::users_admin::api_list))
                .route("/openapi.json", web::get().to(crate::api::openapi))
                .default_service(web::to(crate::api::not_found)),
        )
        .default_service(web::to(super::pages::not_found));
}
