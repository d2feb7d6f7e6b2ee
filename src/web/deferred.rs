//! Authentication in the same database hop as the work (issue 11).
//!
//! [`super::ApiUser`] and [`super::CurrentUser`] look the session up in a hop of their own before the
//! handler runs, and the handler's `state.run` then takes a second hop: two permits, two pooled
//! connections, two hand-offs to the blocking pool for one request. On the hottest reads (one child,
//! the children list) that second hop cost as much as the reads themselves (docs/benchmarks.md). The
//! extractors here only take the token from the request; `run` then checks it, the permission and
//! the scope inside the one hop that also does the work. The checks are the same functions, in the
//! same order (session, then permission), so a request is refused exactly as before.

use super::{bearer, catalogue, client_addr, flash, ApiUser, Caller, CurrentUser, Lang, State};
use crate::auth::session::{self, COOKIE, KIND_API, KIND_WEB};
use crate::auth::Action;
use crate::db::DbConn;
use crate::error::{ApiError, AppError, AppResult};
use crate::platform::Op;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use std::future::{ready, Ready};

/// A bearer token not yet checked (401 at once when there is none).
pub struct ApiToken {
    token: String,
    client: String,
}

impl FromRequest for ApiToken {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match bearer(req) {
            Some(token) => Ok(ApiToken {
                token,
                client: client_addr(req),
            }),
            None => Err(ApiError(AppError::Unauthorized)),
        })
    }
}

impl ApiToken {
    /// Check the token (401) and that its user may do `action` (403), then run `f` for that user, all
    /// with one pooled connection.
    pub async fn run<T, F>(self, state: &State, action: Action, f: F) -> AppResult<(ApiUser, T)>
    where
        F: FnOnce(&mut DbConn, &Op<'_>) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let ApiToken { token, client } = self;
        state
            .db(move |conn, st| {
                let (user, session_id) =
                    session::authenticate(conn, &st.settings, st.clock.now(), &token, KIND_API)?
                        .ok_or(AppError::Unauthorized)?;
                let au = ApiUser {
                    user,
                    session_id,
                    client,
                };
                au.require(action).map_err(|e| e.0)?;
                let actor = au.actor();
                let out = f(conn, &Op::now(au.tr(), &au.user, &actor, st.clock.as_ref()))?;
                Ok((au, out))
            })
            .await
    }
}

/// A page request's session cookie not yet checked (the login page when there is none).
pub struct PageRequest {
    token: String,
    client: String,
    path: String,
    flash_key: Option<String>,
}

impl FromRequest for PageRequest {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match req.cookie(COOKIE) {
            Some(c) => Ok(PageRequest {
                token: c.value().to_string(),
                client: client_addr(req),
                path: req.path().to_string(),
                flash_key: req.cookie(flash::COOKIE).map(|c| c.value().to_string()),
            }),
            None => Err(AppError::Unauthorized),
        })
    }
}

impl PageRequest {
    /// As [`ApiToken::run`], for a page: the logged-in user as [`CurrentUser`] builds it (CSRF token,
    /// the waiting flash message in the user's language, the path for the navigation) and the result.
    pub async fn run<T, F>(self, state: &State, action: Action, f: F) -> AppResult<(CurrentUser, T)>
    where
        F: FnOnce(&mut DbConn, &Op<'_>) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let PageRequest {
            token,
            client,
            path,
            flash_key,
        } = self;
        state
            .db(move |conn, st| {
                let csrf = session::csrf_for(&token);
                let (user, session_id) =
                    session::authenticate(conn, &st.settings, st.clock.now(), &token, KIND_WEB)?
                        .ok_or(AppError::Unauthorized)?;
                let tr = catalogue(Lang::parse(&user.language));
                let cu = CurrentUser {
                    flash: flash::message_for(flash_key.as_deref(), tr),
                    user,
                    session_id,
                    csrf,
                    client,
                    path,
                };
                cu.require(action)?;
                let actor = cu.actor();
                let out = f(conn, &Op::now(cu.tr(), &cu.user, &actor, st.clock.as_ref()))?;
                Ok((cu, out))
            })
            .await
    }
}
