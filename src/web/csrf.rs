//! CSRF protection that handlers cannot forget: a middleware checks every state-changing request that
//! carries the session cookie. The token comes from the form field `csrf_token` (url-encoded bodies), the
//! `X-CSRF-Token` header, or the `csrf_token` query parameter. Multipart uploads on the paths that
//! [`checks_own_token`] names carry it as their first form field instead (a token in the URL stays in
//! the address bar and the history): the middleware hands the expected token to the handler as an
//! [`ExpectedToken`] extension, and the upload reader refuses the request before reading any file
//! unless the field matches. The same middleware refuses oversize bodies before any handler runs.

use super::State;
use crate::auth::session::{csrf_for, COOKIE};
use crate::error::AppError;
use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::ResponseError;
use futures_util::StreamExt;
use subtle::ConstantTimeEq;

/// Paths whose POST does not rely on the session cookie (they authenticate by password or bearer token).
fn exempt(path: &str) -> bool {
    path == "/login" || path.starts_with("/api/")
}

/// Multipart forms whose reader checks the `csrf_token` field itself (the document uploads: the
/// archive's, the adoption applicants' and the foster families', which use the archive's reader).
fn checks_own_token(path: &str) -> bool {
    ((path.starts_with("/children/") || path.starts_with("/adoption/applications/"))
        && path.ends_with("/documents"))
        || path == "/oversight/import"
        // foster (issue 12): a family's documents and visit photos.
        || (path.starts_with("/foster/") && path.ends_with("/documents"))
        // caregiver shift (issue 15 point 6): an incident's photos.
        || (path.starts_with("/shift/incidents/") && path.ends_with("/photos"))
}

/// The token a multipart handler must find in its first field (see [`checks_own_token`]).
#[derive(Clone)]
pub struct ExpectedToken(pub String);

impl ExpectedToken {
    /// Constant-time comparison with what the form sent.
    pub fn matches(&self, given: &str) -> bool {
        bool::from(given.as_bytes().ct_eq(self.0.as_bytes()))
    }
}

fn refuse(req: ServiceRequest, e: AppError) -> ServiceResponse<BoxBody> {
    let resp = if req.path().starts_with("/api/") {
        crate::error::ApiError(e).error_response()
    } else {
        e.error_response()
    };
    req.into_response(resp)
}

/// The CSRF and body-size guard; every response it lets out also gets HSTS when the request came over
/// TLS (issue 10 point 9: a browser that once used https here never falls back to plain http).
pub async fn guard(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let tls = super::served_over_tls(req.request());
    let mut res = check(req, next).await?;
    if tls {
        res.headers_mut().insert(
            actix_web::http::header::STRICT_TRANSPORT_SECURITY,
            actix_web::http::header::HeaderValue::from_static(HSTS),
        );
    }
    Ok(res)
}

/// One year, this host only: Fuyu does not know which other hosts share its domain.
pub const HSTS: &str = "max-age=31536000";

async fn check(
    mut req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.call(req).await;
    }
    let limit = super::form_limits::limit_for(
        req.path(),
        req.app_data::<State>()
            .map(|s| s.settings.max_form_bytes)
            .unwrap_or(64 * 1024),
    );
    let is_multipart = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    let declared: Option<usize> = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    // Uploads have their own (larger) limit enforced by their handlers.
    if !is_multipart && declared.is_some_and(|n| n > limit) {
        return Ok(refuse(req, AppError::TooLarge));
    }
    let session = req.cookie(COOKIE).map(|c| c.value().to_string());
    let Some(token) = session.filter(|_| !exempt(req.path())) else {
        return next.call(req).await;
    };
    let expected = csrf_for(&token);
    let mut given = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| field(req.query_string(), "csrf_token"));
    if given.is_none() && is_multipart && checks_own_token(req.path()) {
        use actix_web::HttpMessage;
        req.extensions_mut().insert(ExpectedToken(expected));
        return next.call(req).await;
    }
    if given.is_none() && !is_multipart {
        // Read the form body (bounded), find the token, and put the body back for the handler.
        let mut payload = req.parts_mut().1.take();
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Ok(refuse(req, AppError::TooLarge));
            }
            body.extend_from_slice(&chunk);
        }
        let body: Bytes = body.freeze();
        given = std::str::from_utf8(&body)
            .ok()
            .and_then(|s| field(s, "csrf_token"));
        req.set_payload(actix_web::dev::Payload::from(body));
    }
    match given {
        Some(g) if bool::from(g.as_bytes().ct_eq(expected.as_bytes())) => next.call(req).await,
        _ => Ok(refuse(req, AppError::Csrf)),
    }
}

fn field(urlencoded: &str, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(urlencoded)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Headers on every response: a CSP with no inline script, no framing, no sniffing, little referrer,
/// no caching unless a handler says otherwise. HSTS depends on the request, so [`guard`] adds it.
pub fn security_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ))
        .add(("X-Frame-Options", "DENY"))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
        // Pages and JSON carry children's personal data: never kept by a browser or proxy cache
        // (issue 10 point 9). The stylesheet sets its own, cacheable, header.
        .add(("Cache-Control", "no-store"))
}
