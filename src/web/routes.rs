//! Every route, in one place.

use crate::{archive, audit, auth, jobs, org, policy, transfer};
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
        .route("/children", web::get().to(archive::handlers::list))
        .route("/children", web::post().to(archive::handlers::create))
        .route("/children/new", web::get().to(archive::handlers::new_form))
        .route("/children/{id}", web::get().to(archive::handlers::show))
        .route("/children/{id}", web::post().to(archive::handlers::update))
        .route(
            "/children/{id}/edit",
            web::get().to(archive::handlers::edit_form),
        )
        .route(
            "/children/{id}/restricted",
            web::post().to(archive::handlers::restricted_view),
        )
        .route(
            "/children/{id}/discharge",
            web::post().to(archive::handlers::discharge),
        )
        .route(
            "/children/{id}/documents",
            web::post().to(archive::handlers::upload),
        )
        .route(
            "/children/{id}/documents/{doc}",
            web::get().to(archive::handlers::download),
        )
        .route(
            "/children/{id}/restrictions",
            web::post().to(archive::handlers::restrict),
        )
        .route(
            "/children/{id}/requests",
            web::post().to(archive::handlers::request_access),
        )
        .route(
            "/children/{id}/archive.pdf",
            web::get().to(archive::handlers::print),
        )
        .route(
            "/archive/requests",
            web::get().to(archive::handlers::requests),
        )
        .route(
            "/archive/requests/{id}",
            web::post().to(archive::handlers::decide),
        )
        .route(
            "/archive/quality",
            web::get().to(archive::handlers::quality),
        )
        .route("/transfers", web::get().to(transfer::handlers::list))
        .route("/transfers", web::post().to(transfer::handlers::create))
        .route(
            "/transfers/oversight",
            web::get().to(transfer::oversight::page),
        )
        .route(
            "/transfers/oversight.csv",
            web::get().to(transfer::oversight::csv),
        )
        .route("/transfers/{id}", web::get().to(transfer::handlers::show))
        .route(
            "/transfers/{id}/children",
            web::post().to(transfer::handlers::add_child),
        )
        .route(
            "/transfers/{id}/actions",
            web::post().to(transfer::handlers::act),
        )
        .route(
            "/transfers/{id}/children/{tc}",
            web::get().to(transfer::child_pages::child),
        )
        .route(
            "/transfers/{id}/children/{tc}/plan",
            web::post().to(transfer::child_pages::plan),
        )
        .route(
            "/transfers/{id}/children/{tc}/complete",
            web::post().to(transfer::child_pages::complete),
        )
        .route(
            "/transfers/{id}/items/{item}",
            web::post().to(transfer::child_pages::item),
        )
        .route(
            "/transfers/{id}/handover.pdf",
            web::get().to(transfer::handlers::batch_pdf),
        )
        .route(
            "/transfers/{id}/children/{tc}/handover.pdf",
            web::get().to(transfer::handlers::child_pdf),
        )
        .route(
            "/transfers/{id}/children/{tc}/archive",
            web::get().to(transfer::preview::page),
        )
        .route(
            "/transfers/{id}/children/{tc}/documents/{doc}",
            web::get().to(transfer::preview::document),
        )
        .route(
            "/admin/transfer-templates",
            web::get().to(transfer::template_admin::page),
        )
        .route(
            "/admin/transfer-templates",
            web::post().to(transfer::template_admin::save),
        )
        .route(
            "/admin/restrictions",
            web::get().to(archive::restrictions::list),
        )
        .route(
            "/admin/restrictions",
            web::post().to(archive::restrictions::create),
        )
        .service(
            web::scope("/api/v1")
                .route("/transfers", web::get().to(transfer::api::list))
                .route("/transfers", web::post().to(transfer::api::create))
                .route("/transfers/{id}", web::get().to(transfer::api::read))
                .route(
                    "/transfers/{id}/actions",
                    web::post().to(transfer::api::act),
                )
                .route(
                    "/transfers/{id}/children/{child_id}/items/{item_id}",
                    web::post().to(transfer::api::item),
                )
                .route(
                    "/transfers/{id}/children/{child_id}/complete",
                    web::post().to(transfer::api::complete),
                )
                .route(
                    "/transfers/{id}/handover.pdf",
                    web::get().to(transfer::api::pdf),
                )
                .route("/login", web::post().to(auth::handlers::api_login))
                .route("/logout", web::post().to(auth::handlers::api_logout))
                .route("/me", web::get().to(auth::handlers::api_me))
                .route("/institutions", web::get().to(org::handlers::api_list))
                .route("/users", web::get().to(auth::users_admin::api_list))
                .route("/children", web::get().to(archive::api::list))
                .route("/children", web::post().to(archive::api::create))
                .route("/children/{id}", web::get().to(archive::api::read))
                .route("/children/{id}", web::put().to(archive::api::update))
                .route(
                    "/children/{id}/documents",
                    web::get().to(archive::api::documents),
                )
                .route(
                    "/children/{id}/documents",
                    web::post().to(archive::api::upload),
                )
                .route(
                    "/children/{id}/archive.pdf",
                    web::get().to(archive::api::pdf),
                )
                .route("/openapi.json", web::get().to(crate::api::openapi))
                .default_service(web::to(crate::api::not_found)),
        )
        .default_service(web::to(super::pages::not_found));
}
