//! Accounts, roles, permissions, data scopes, sessions and login throttling.

pub mod handlers;
pub mod model;
pub mod password;
pub mod permissions;
pub mod scope;
pub mod session;
pub mod throttle;
pub mod users_admin;

pub use model::UserId;
pub use permissions::{allowed, Action, Role, ALL_ROLES};

use crate::platform::module::{Module, NavEntry};
use actix_web::web;

/// Accounts and sessions: login/logout, the account page, user administration and their API.
pub const MODULE: Module = Module {
    name: "auth",
    pages,
    api,
    openapi: handlers::openapi,
    nav: &[NavEntry {
        href: "/admin/users",
        label: "nav.users",
        action: Action::ManageUsers,
        order: 80,
        unless: None,
    }],
    due: None,
    setup: None,
    demo: None,
    catalogue_keys: role_keys,
};

fn pages(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(handlers::login_form))
        .route("/login", web::post().to(handlers::login))
        .route("/logout", web::post().to(handlers::logout))
        .route("/lang/{code}", web::get().to(handlers::anonymous_language))
        .route("/account", web::get().to(handlers::account))
        .route(
            "/account/password",
            web::post().to(handlers::change_password),
        )
        .route(
            "/account/language",
            web::post().to(handlers::change_language),
        )
        .route("/admin/users", web::get().to(users_admin::list))
        .route("/admin/users", web::post().to(users_admin::create))
        .route("/admin/users/new", web::get().to(users_admin::new_form))
        .route("/admin/users/{id}", web::get().to(users_admin::detail))
        .route("/admin/users/{id}", web::post().to(users_admin::act));
}

fn api(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::post().to(handlers::api_login))
        .route("/logout", web::post().to(handlers::api_logout))
        .route("/me", web::get().to(handlers::api_me))
        .route("/users", web::get().to(users_admin::api_list));
}

/// Role names and each role's home-page introduction.
fn role_keys() -> Vec<String> {
    ALL_ROLES
        .iter()
        .flat_map(|r| [r.label_key(), format!("home.intro.{}", r.code())])
        .collect()
}
