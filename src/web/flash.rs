//! Flash messages (操作结果提示): a successful post redirects with a message that the next page shows
//! once at the top ("已提交", "已离院，档案已封存"), then it is gone.
//!
//! The message travels as a catalogue key in a short-lived cookie, never as text: nothing a user typed and
//! no personal data goes into it, and a forged cookie can only name a message that exists (anything else is
//! ignored). The middleware [`clear`] removes the cookie once a page (not a redirect) has been answered.

use actix_web::body::BoxBody;
use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};

pub const COOKIE: &str = "fuyu_flash";

/// Redirect after a successful action, carrying the message `key` (a `flash.*` catalogue key).
pub fn redirect_with(to: &str, key: &'static str) -> HttpResponse {
    debug_assert!(key.starts_with("flash."), "flash keys start with flash.");
    let cookie = Cookie::build(COOKIE, key)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(120))
        .finish();
    HttpResponse::SeeOther()
        .insert_header(("Location", to))
        .cookie(cookie)
        .finish()
}

/// The message waiting for this request, translated; empty when there is none or the key is unknown.
pub fn message(req: &HttpRequest, tr: &crate::platform::Catalogue) -> String {
    message_for(req.cookie(COOKIE).as_ref().map(|c| c.value()), tr)
}

/// The message for the flash cookie's value `key` (as [`message`], once the cookie has been read).
pub fn message_for(key: Option<&str>, tr: &crate::platform::Catalogue) -> String {
    key.filter(|k| k.starts_with("flash.") && tr.has(k))
        .map(|k| tr.t(k).to_string())
        .unwrap_or_default()
}

/// Forget the message once a page has shown it (redirects pass it on to the page they lead to).
pub async fn clear(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let had = req.cookie(COOKIE).is_some();
    let mut res = next.call(req).await?;
    if had && !res.status().is_redirection() {
        let mut gone = Cookie::build(COOKIE, "").path("/").finish();
        gone.make_removal();
        res.response_mut().add_cookie(&gone)?;
    }
    Ok(res)
}
