//! Login, logout, own account (password, language), and the API's login, logout and `me`.

use super::session::{self, LoginRefusal, COOKIE, KIND_API, KIND_WEB};
use super::throttle::Gate;
use crate::audit::{self, Event};
use crate::error::{ApiError, ApiResult, AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{
    catalogue, client_addr, render, render_status, ApiUser, Ctx, CurrentUser, Lang, State,
};
use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/login.html")]
pub struct LoginPage {
    pub ctx: Ctx,
    pub username: String,
    pub message: String,
    /// Where to go after logging in (a page of this server, checked by [`safe_next`]); empty: home.
    pub next: String,
}

/// `?next=` of the login page: the page a form was posted from when the session had ended (issue 15
/// point 8: the caregiver returns to what she was typing).
#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// A `next` target only if it is a path on this server: it starts with one `/`, has no backslash, no
/// control character and no scheme or host (`//evil.example` and `/\evil` are refused: no open
/// redirect), and is short.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 300;
    ok.then_some(next)
}

pub async fn login_form(req: HttpRequest, q: web::Query<NextQuery>) -> AppResult<HttpResponse> {
    render(&LoginPage {
        ctx: Ctx::anonymous(&req),
        username: String::new(),
        message: String::new(),
        next: safe_next(&q.next).unwrap_or_default().to_string(),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
}

/// Whether a browser's `Origin` (or, failing that, `Referer`) names this server. A request with
/// neither (a script, a test client, an old browser) is let through: the check is for browsers.
fn same_origin(req: &HttpRequest) -> bool {
    let host = req.connection_info().host().to_string();
    let named = |v: &str| {
        v.split("://")
            .nth(1)
            .map(|rest| rest.split('/').next().unwrap_or("") == host)
            .unwrap_or(false)
    };
    match (req.headers().get("origin"), req.headers().get("referer")) {
        (Some(o), _) => o.to_str().map(|o| o != "null" && named(o)).unwrap_or(false),
        (None, Some(r)) => r.to_str().map(named).unwrap_or(false),
        (None, None) => true,
    }
}

fn refusal_text(lang: Lang, r: &LoginRefusal) -> String {
    let tr = catalogue(lang);
    match r {
        LoginRefusal::BadCredentials => tr.t("login.bad_credentials").into(),
        LoginRefusal::Disabled => tr.t("login.disabled").into(),
        LoginRefusal::Locked { until } => tr.tf(
            "login.locked",
            &[("until", &crate::clock::cst_minutes(*until))],
        ),
    }
}

pub async fn login(
    state: State,
    req: HttpRequest,
    form: web::Form<LoginForm>,
) -> AppResult<HttpResponse> {
    // Login CSRF: a login form posted from another site would put this browser into the attacker's
    // account. A browser names the page's origin; it must be ours (issue 10 point 5).
    if !same_origin(&req) {
        return Err(crate::error::AppError::Csrf);
    }
    let ctx = Ctx::anonymous(&req);
    let lang = Lang::parse(ctx.lang);
    let username = form.username.trim().to_string();
    if username.is_empty()
        || form.password.is_empty()
        || username.chars().count() > 64
        || form.password.len() > 200
    {
        let message = ctx.t("login.bad_credentials").to_string();
        return render_status(
            &LoginPage {
                ctx,
                username: crate::platform::safe_for_log(&username),
                message,
                next: safe_next(&form.next).unwrap_or_default().to_string(),
            },
            StatusCode::UNAUTHORIZED,
        );
    }
    let client = client_addr(&req);
    // Too many failures from this address: refused before any password check (issue 10 point 4).
    let ticket = match state.login_throttle.enter(&state.settings, &client).await {
        Gate::Open(t) => t,
        Gate::Refused { minutes } => {
            let message =
                catalogue(lang).tf("login.throttled", &[("minutes", &minutes.to_string())]);
            return render_status(
                &LoginPage {
                    ctx,
                    username: crate::platform::safe_for_log(&username),
                    message,
                    next: safe_next(&form.next).unwrap_or_default().to_string(),
                },
                StatusCode::TOO_MANY_REQUESTS,
            );
        }
    };
    let (u2, pw) = (username.clone(), form.password.clone());
    let previous = req.cookie(COOKIE).map(|c| c.value().to_string());
    let result = state
        .db(move |c, st| {
            let now = st.clock.now();
            let r = session::login(c, &st.settings, now, &u2, &pw, &client, KIND_WEB)?;
            // The session this browser held before is over once another login succeeds.
            if let (Ok(_), Some(old)) = (&r, previous) {
                session::revoke_token(c, &old, now)?;
            }
            Ok(r)
        })
        .await?;
    match result {
        Ok((_user, token)) => {
            state.login_throttle.succeeded(ticket).await;
            // A fresh session id at every login (the old cookie, if any, is simply replaced).
            let cookie = Cookie::build(COOKIE, token)
                .path("/")
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(state.settings.cookie_secure)
                .finish();
            let to = safe_next(&form.next).unwrap_or("/").to_string();
            Ok(HttpResponse::SeeOther()
                .insert_header(("Location", to))
                .cookie(cookie)
                .finish())
        }
        Err(refusal) => {
            let message = refusal_text(lang, &refusal);
            render_status(
                &LoginPage {
                    ctx,
                    username: crate::platform::safe_for_log(&username),
                    message,
                    next: safe_next(&form.next).unwrap_or_default().to_string(),
                },
                StatusCode::UNAUTHORIZED,
            )
        }
    }
}

pub async fn logout(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    let (sid, actor, uid) = (cu.session_id, cu.actor(), cu.user.id);
    state
        .db(move |c, st| {
            let now = st.clock.now();
            crate::db::write_tx(c, |c| {
                session::revoke(c, sid, now)?;
                audit::record(c, now, &actor, &Event::ok("logout", "user", uid))?;
                Ok(())
            })
        })
        .await?;
    let mut gone = Cookie::build(COOKIE, "").path("/").http_only(true).finish();
    gone.set_max_age(time::Duration::ZERO);
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", "/login"))
        .cookie(gone)
        .finish())
}

/// Switch language before login: `GET /lang/en` or `/lang/zh-CN` sets a cookie.
pub async fn anonymous_language(path: web::Path<String>) -> HttpResponse {
    let lang = Lang::parse(&path.into_inner());
    let c = Cookie::build("fuyu_lang", lang.code())
        .path("/")
        .same_site(SameSite::Lax)
        .finish();
    HttpResponse::SeeOther()
        .insert_header(("Location", "/login"))
        .cookie(c)
        .finish()
}

#[derive(Template)]
#[template(path = "auth/account.html")]
pub struct AccountPage {
    pub ctx: Ctx,
    pub errors: FieldErrors,
    pub notice: String,
}

pub async fn account(cu: CurrentUser) -> AppResult<HttpResponse> {
    render(&AccountPage {
        ctx: Ctx::for_user(&cu),
        errors: FieldErrors::default(),
        notice: String::new(),
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub confirm: String,
}

pub async fn change_password(
    state: State,
    cu: CurrentUser,
    form: web::Form<PasswordForm>,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let mut errors = FieldErrors::default();
    if let Err(key) = super::password::check_strength(&form.new_password) {
        errors.add("new_password", tr.t(key));
    }
    if form.new_password != form.confirm {
        errors.add("confirm", tr.t("err.password_mismatch"));
    }
    let ok_current = super::password::verify(&form.current, &cu.user.password_hash)
        .map_err(AppError::internal)?;
    if !ok_current {
        errors.add("current", tr.t("err.password_wrong"));
    }
    if !errors.is_empty() {
        return render_status(
            &AccountPage {
                ctx: Ctx::for_user(&cu),
                errors,
                notice: String::new(),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let new_hash = web::block({
        let p = form.new_password.clone();
        move || super::password::hash(&p)
    })
    .await?
    .map_err(AppError::internal)?;
    let (uid, sid, actor) = (cu.user.id, cu.session_id, cu.actor());
    state
        .db(move |c, st| {
            use crate::db::schema::{sessions, users};
            use diesel::prelude::*;
            let now = st.clock.now();
            crate::db::write_tx(c, |c| {
                diesel::update(users::table.find(uid))
                    .set((
                        users::password_hash.eq(&new_hash),
                        users::updated_at.eq(now),
                        users::version.eq(users::version + 1),
                    ))
                    .execute(c)?;
                // Other sessions of this user end; the current one stays.
                diesel::update(
                    sessions::table
                        .filter(sessions::user_id.eq(uid))
                        .filter(sessions::id.ne(sid))
                        .filter(sessions::revoked_at.is_null()),
                )
                .set(sessions::revoked_at.eq(Some(now)))
                .execute(c)?;
                audit::record(c, now, &actor, &Event::ok("change_password", "user", uid))?;
                Ok(())
            })
        })
        .await?;
    render(&AccountPage {
        ctx: Ctx::for_user(&cu),
        errors: FieldErrors::default(),
        notice: tr.t("account.password_changed").into(),
    })
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    pub language: String,
}

pub async fn change_language(
    state: State,
    cu: CurrentUser,
    form: web::Form<LanguageForm>,
) -> AppResult<HttpResponse> {
    if !Lang::is_known(&form.language) {
        return Err(AppError::bad("bad_language", "unknown language"));
    }
    let (uid, lang, actor) = (cu.user.id, form.language.clone(), cu.actor());
    state
        .db(move |c, st| {
            use crate::db::schema::users;
            use diesel::prelude::*;
            let now = st.clock.now();
            crate::db::write_tx(c, |c| {
                diesel::update(users::table.find(uid))
                    .set(users::language.eq(&lang))
                    .execute(c)?;
                audit::record(
                    c,
                    now,
                    &actor,
                    &Event::ok("update", "user", uid).with_detail(format!("language={lang}")),
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with("/account", "flash.saved"))
}

// ---- JSON API ----

#[derive(Deserialize)]
pub struct ApiLogin {
    pub username: String,
    pub password: String,
}

pub async fn api_login(
    state: State,
    req: HttpRequest,
    body: web::Json<ApiLogin>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    if body.username.chars().count() > 64
        || body.password.len() > 200
        || body.username.chars().any(char::is_control)
    {
        return Err(ApiError(AppError::bad(
            "invalid_credentials",
            "wrong username or password",
        )));
    }
    let client = client_addr(&req);
    let ticket = match state.login_throttle.enter(&state.settings, &client).await {
        Gate::Open(t) => t,
        Gate::Refused { minutes } => {
            return Ok(HttpResponse::TooManyRequests()
                .insert_header(("Retry-After", (minutes * 60).to_string()))
                .json(serde_json::json!({"error": {"code": "too_many_attempts", "message": "too many failed logins from this address; try again later"}})));
        }
    };
    let r = state
        .db(move |c, st| {
            session::login(
                c,
                &st.settings,
                st.clock.now(),
                body.username.trim(),
                &body.password,
                &client,
                KIND_API,
            )
        })
        .await?;
    match r {
        Ok((_, token)) => {
            state.login_throttle.succeeded(ticket).await;
            Ok(HttpResponse::Ok().json(serde_json::json!({
                "token": token,
                "expires_in_seconds": state.settings.api_token_hours * 3600,
            })))
        }
        Err(LoginRefusal::Locked { .. }) => {
            Ok(HttpResponse::Unauthorized().json(serde_json::json!({"error": {"code": "account_locked", "message": "account locked after repeated failed logins"}})))
        }
        Err(LoginRefusal::Disabled) => {
            Ok(HttpResponse::Unauthorized().json(serde_json::json!({"error": {"code": "account_disabled", "message": "account disabled"}})))
        }
        Err(LoginRefusal::BadCredentials) => {
            Ok(HttpResponse::Unauthorized().json(serde_json::json!({"error": {"code": "invalid_credentials", "message": "wrong username or password"}})))
        }
    }
}

pub async fn api_logout(state: State, au: ApiUser) -> ApiResult<HttpResponse> {
    let (sid, uid, client, name) = (
        au.session_id,
        au.user.id,
        au.client.clone(),
        au.user.username.clone(),
    );
    state
        .db(move |c, st| {
            let now = st.clock.now();
            let actor = audit::Actor {
                user_id: Some(uid),
                name,
                client_addr: client,
            };
            crate::db::write_tx(c, |c| {
                session::revoke(c, sid, now)?;
                audit::record(
                    c,
                    now,
                    &actor,
                    &Event::ok("logout", "user", uid).with_detail("api"),
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn api_me(au: ApiUser) -> ApiResult<HttpResponse> {
    let u = &au.user;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "id": u.id, "username": u.username, "display_name": u.display_name, "role": u.role,
        "institution_id": u.institution_id, "division_id": u.division_id, "language": u.language,
    })))
}

/// OpenAPI paths of this module's endpoints.
pub fn openapi() -> crate::platform::module::OpenApi {
    use crate::api::{errors, json_body, merge, ok};
    use serde_json::json;
    let mut out = crate::platform::module::OpenApi::default();
    // The server refuses (400, as a wrong password) usernames over 64 characters or with control
    // characters and passwords over 200 bytes; 429 when the client address is throttled.
    out.paths.push(("/api/v1/login", json!({"post": {
        "summary": "Exchange username and password for a bearer token", "security": [],
        "requestBody": json_body(json!({"type": "object", "required": ["username","password"],
            "properties": {"username": {"type": "string", "maxLength": 64}, "password": {"type": "string", "maxLength": 200}}})),
        "responses": merge(json!({"200": ok("token", json!({"type": "object", "required": ["token", "expires_in_seconds"], "properties": {"token": {"type": "string"}, "expires_in_seconds": {"type": "integer"}}}))}), errors(&["400", "401", "413", "415", "429"]))}})));
    out.paths.push(("/api/v1/logout", json!({"post": {"summary": "Revoke the bearer token used", "responses": merge(json!({"204": {"description": "revoked"}}), errors(&["401"]))}})));
    out.paths.push(("/api/v1/me", json!({"get": {"summary": "The caller's account", "responses": merge(json!({"200": ok("account", json!({"$ref": "#/components/schemas/User"}))}), errors(&["401"]))}})));
    out.paths.push(("/api/v1/users", json!({"get": {"summary": "All accounts (admin only)", "responses": merge(json!({"200": ok("list", json!({"type": "array", "items": {"$ref": "#/components/schemas/User"}}))}), errors(&["401", "403"]))}})));
    out
}
