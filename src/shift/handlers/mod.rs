//! Shift pages and forms. Every form posts its fields as pairs (`child` repeats on the quick log) with
//! an idempotency key (`idem`) and the user's id (`who`, for the draft below).
//!
//! A form left open across a session timeout (issue 15 point 8): the post arrives without a live
//! session; instead of losing what was typed, [`stash`] keeps the form's fields in a short-lived
//! cookie on the caregiver's own phone (HttpOnly, SameSite=Strict, path `/shift`, 2 hours — nothing is
//! stored on the server for a user nobody has authenticated) and sends her to the login page. After she
//! logs in again, her round page finds the draft, checks it is hers (`who`), puts the text back into the
//! form it came from and says so; the idempotency key travels with it, so saving it records once.

pub mod day;
pub mod log;
pub mod round;
pub mod round_forms;
pub mod tasks;
pub mod units;

use crate::error::AppError;
use crate::web::CurrentUser;
use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;

pub const DRAFT_COOKIE: &str = "fuyu_shift_draft";
/// Larger drafts are not kept (a cookie holds about 4 KB); a note of a few hundred characters fits.
const DRAFT_MAX: usize = 3600;

/// A form's pairs as a typed input (unknown fields ignored; a malformed value is the service's to refuse).
pub fn typed<T: DeserializeOwned + Default>(pairs: &[(String, String)]) -> T {
    let single: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| k != "child" || pairs.iter().filter(|(k2, _)| k2 == "child").count() == 1)
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    serde_urlencoded::to_string(&single)
        .ok()
        .and_then(|s| serde_urlencoded::from_str(&s).ok())
        .unwrap_or_default()
}

pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The user of a form post, or — when the session has ended — the form kept as a draft and a redirect
/// to the login page. Any other refusal (disabled account…) stays an error.
pub fn user_or_stash(
    cu: Result<CurrentUser, AppError>,
    form: &str,
    pairs: &[(String, String)],
) -> Result<CurrentUser, Box<HttpResponse>> {
    match cu {
        Ok(u) => Ok(u),
        Err(AppError::Unauthorized) => Err(Box::new(stash(form, pairs))),
        Err(e) => Err(Box::new(actix_web::ResponseError::error_response(&e))),
    }
}

fn stash(form: &str, pairs: &[(String, String)]) -> HttpResponse {
    let mut kept: Vec<(&str, &str)> = vec![("_form", form)];
    kept.extend(
        pairs
            .iter()
            .filter(|(k, _)| k != "csrf_token")
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let value = serde_urlencoded::to_string(&kept)
        .map(|s| hex::encode(s.as_bytes()))
        .unwrap_or_default();
    // Back to the form's page after logging in (its draft cookie restores what was typed there).
    let page = if form == "incident" {
        "/shift/incidents/new"
    } else {
        "/shift"
    };
    let login = format!(
        "/login?{}",
        serde_urlencoded::to_string([("next", page)]).unwrap_or_default()
    );
    let mut res = HttpResponse::SeeOther();
    res.insert_header(("Location", login));
    if !value.is_empty() && value.len() <= DRAFT_MAX {
        res.cookie(
            Cookie::build(DRAFT_COOKIE, value)
                .path("/shift")
                .http_only(true)
                .same_site(SameSite::Strict)
                .max_age(time::Duration::hours(2))
                .finish(),
        );
    }
    res.finish()
}

/// The draft kept for this user, if any: (form name, pairs).
pub fn draft(req: &HttpRequest, user: i64) -> Option<(String, Vec<(String, String)>)> {
    let raw = req.cookie(DRAFT_COOKIE)?;
    let bytes = hex::decode(raw.value()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&text).ok()?;
    if field(&pairs, "who") != user.to_string() {
        return None;
    }
    let form = field(&pairs, "_form").to_string();
    Some((form, pairs))
}

/// Clears the draft cookie (once shown, or when it belongs to someone else).
pub fn clear_draft(res: &mut HttpResponse) {
    let mut c = Cookie::build(DRAFT_COOKIE, "").path("/shift").finish();
    c.make_removal();
    let _ = res.add_cookie(&c);
}

/// The shift stylesheet.
pub async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(super::views::CSS)
}
