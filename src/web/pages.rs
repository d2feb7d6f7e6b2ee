//! Platform pages that are not a module's: the stylesheet, the reload script and the health check.

use actix_web::HttpResponse;

pub const CSS: &str = include_str!("../../templates/static/app.css");

pub async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(CSS)
}

/// The one script: reloads a page showing running work (`data-reload-seconds`); every page works
/// without it.
pub const RELOAD_JS: &str = include_str!("../../templates/static/reload.js");

pub async fn reload_js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(RELOAD_JS)
}

pub async fn healthz(state: super::State) -> HttpResponse {
    let ok = state.db(|c, _| {
        use diesel::RunQueryDsl;
        diesel::sql_query("SELECT 1").execute(c)?;
        Ok(())
    });
    match ok.await {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({"status": "ok"})),
        Err(_) => HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({"status": "database unavailable"})),
    }
}

pub async fn not_found() -> Result<HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::NotFound)
}
