//! JSON endpoints of appointments (issue 15 point 9 / brief point 3): not built yet — the pages are the
//! only way in. Kept so the registration has its place for them.

use actix_web::web;

pub fn routes(_cfg: &mut web::ServiceConfig) {}

pub fn openapi() -> crate::platform::module::OpenApi {
    crate::platform::module::OpenApi::default()
}
