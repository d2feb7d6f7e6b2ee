//! Fuyu (抚育): the operations system for residential child-welfare institutions (儿童福利机构).
//! Library crate; `main.rs` is a thin binary over [`cli`].

pub mod adoption;
pub mod adulthood;
pub mod api;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod foster;
pub mod jobs;
pub mod mail;
pub mod modules;
pub mod org;
pub mod pdf;
pub mod platform;
pub mod policy;
pub mod transfer;
// care module (issue 14)
pub mod care;
pub mod shift;
// oversight module (issue 17)
pub mod oversight;
pub mod web;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{middleware, web as aw, App};
use error::{ApiError, AppError};

/// Build the whole application over a shared state; used by `serve` and by the tests alike.
pub fn build_app(
    state: aw::Data<web::AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let limit = state.settings.max_form_bytes;
    App::new()
        .app_data(state)
        .app_data(web::form_limits::config(limit))
        .app_data(
            aw::JsonConfig::default()
                .limit(limit)
                .error_handler(|e, _| {
                    let too_large = matches!(
                        e,
                        actix_web::error::JsonPayloadError::OverflowKnownLength { .. }
                            | actix_web::error::JsonPayloadError::Overflow { .. }
                    );
                    use actix_web::error::JsonPayloadError as J;
                    // A body that is not JSON at all is 415; JSON of the wrong shape is 400 with
                    // serde's reason (which field, which type), so a client can fix it.
                    let err = if too_large {
                        AppError::TooLarge
                    } else if matches!(e, J::ContentType) {
                        AppError::UnsupportedMediaType
                    } else {
                        let why = match &e {
                            J::Deserialize(d) => format!(": {d}"),
                            _ => String::new(),
                        };
                        AppError::bad(
                            "bad_json",
                            format!("request body is not the JSON this endpoint expects{why}"),
                        )
                    };
                    ApiError(err).into()
                }),
        )
        .app_data(aw::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()))
        .app_data(aw::QueryConfig::default().error_handler(|_, _| {
            AppError::bad("bad_query", "查询参数无效 / Invalid query parameters.").into()
        }))
        .configure(web::routes::configure)
        .wrap(middleware::from_fn(web::csrf::guard))
        .wrap(middleware::from_fn(web::flash::clear))
        .wrap(web::csrf::security_headers())
        // Paths only: query strings can carry search terms with personal names, so they are not logged.
        .wrap(
            middleware::Logger::new("%{path}xi %s %Dms")
                .custom_request_replace("path", |r| format!("{} {}", r.method(), r.path())),
        )
}
