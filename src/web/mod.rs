//! Web layer: shared state, page context (language + CSRF + navigation in every page), the logged-in-user
//! extractors, CSRF and security-header middleware, and routing.

pub mod csrf;
pub mod deferred;
pub mod flash;
pub mod form_limits;
pub mod pages;
pub mod routes;

use crate::auth::model::User;
use crate::auth::session::{self, COOKIE, KIND_API, KIND_WEB};
use crate::auth::{Action, Role};
use crate::error::{ApiError, AppError, AppResult};
pub use crate::platform::{catalogue, AppState, Caller, Catalogue, Lang, State};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
pub use deferred::{ApiToken, PageRequest};
use futures_util::future::LocalBoxFuture;

/// The client address for the audit log and the login throttle: the peer address, or — only when the
/// peer is one of the configured `trusted_proxies` — the address that proxy appended last to
/// `X-Forwarded-For`. Headers from anyone else are ignored, so a client cannot choose its own address.
pub fn client_addr(req: &HttpRequest) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let forwarded = || {
        let h = req.headers().get("x-forwarded-for")?.to_str().ok()?;
        h.rsplit(',')
            .next()?
            .trim()
            .parse::<std::net::IpAddr>()
            .ok()
    };
    let ip = if from_trusted_proxy(req) {
        forwarded().or(peer)
    } else {
        peer
    };
    ip.map(|a| a.to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Whether the request's peer is a reverse proxy the settings trust (`trusted_proxies`).
pub fn from_trusted_proxy(req: &HttpRequest) -> bool {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return false;
    };
    req.app_data::<State>()
        .is_some_and(|s| s.settings.trusted_proxies.contains(&peer))
}

/// Whether the browser reached us over TLS: the connection itself is TLS, or a trusted proxy says so
/// with `X-Forwarded-Proto: https` (Fuyu listens on plain HTTP behind such a proxy). Actix's own
/// `connection_info().scheme()` believes any client's header, so it is not used for this.
pub fn served_over_tls(req: &HttpRequest) -> bool {
    if req.app_config().secure() {
        return true;
    }
    from_trusted_proxy(req)
        && req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// The user and session behind a token of `kind` (web cookie or API bearer), or 401.
async fn session_of(state: &State, token: String, kind: &'static str) -> AppResult<(User, i64)> {
    let found = state
        .db(move |c, st| {
            Ok(session::authenticate(
                c,
                &st.settings,
                st.clock.now(),
                &token,
                kind,
            )?)
        })
        .await?;
    found.ok_or(AppError::Unauthorized)
}

/// The logged-in user of a web request (session cookie). Cloned for work a request leaves running.
#[derive(Clone)]
pub struct CurrentUser {
    pub user: User,
    pub session_id: i64,
    pub csrf: String,
    pub client: String,
    /// The flash message waiting for this page (translated), if any.
    pub flash: String,
    /// The request path, to mark the current page in the navigation.
    pub path: String,
}

impl CurrentUser {
    pub fn role(&self) -> Role {
        self.user.role()
    }
    /// 403 unless the role may do `action`.
    pub fn require(&self, action: Action) -> AppResult<()> {
        if self.user.can(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.user.language)
    }
    pub fn tr(&self) -> &'static Catalogue {
        catalogue(self.lang())
    }
    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            user_id: Some(self.user.id),
            name: self.user.username.clone(),
            client_addr: self.client.clone(),
        }
    }
}

impl Caller for CurrentUser {
    fn user(&self) -> &User {
        &self.user
    }
    fn actor(&self) -> crate::audit::Actor {
        CurrentUser::actor(self)
    }
    fn tr(&self) -> &'static Catalogue {
        CurrentUser::tr(self)
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<State>().cloned();
        let token = req.cookie(COOKIE).map(|c| c.value().to_string());
        let client = client_addr(req);
        let req = req.clone();
        let path = req.path().to_string();
        Box::pin(async move {
            let (Some(state), Some(token)) = (state, token) else {
                return Err(AppError::Unauthorized);
            };
            let csrf = session::csrf_for(&token);
            let (user, session_id) = session_of(&state, token, KIND_WEB).await?;
            let flash = flash::message(&req, catalogue(Lang::parse(&user.language)));
            Ok(CurrentUser {
                user,
                session_id,
                csrf,
                client,
                flash,
                path,
            })
        })
    }
}

/// The caller of a JSON API request (bearer token); errors are JSON.
pub struct ApiUser {
    pub user: User,
    pub session_id: i64,
    pub client: String,
}

impl ApiUser {
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if self.user.can(action) {
            Ok(())
        } else {
            Err(ApiError(AppError::Forbidden))
        }
    }
}

impl Caller for ApiUser {
    fn user(&self) -> &User {
        &self.user
    }
    fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            user_id: Some(self.user.id),
            name: self.user.username.clone(),
            client_addr: self.client.clone(),
        }
    }
    /// API callers get messages in their account's language.
    fn tr(&self) -> &'static Catalogue {
        catalogue(Lang::parse(&self.user.language))
    }
}

pub fn bearer(req: &HttpRequest) -> Option<String> {
    let h = req.headers().get("Authorization")?.to_str().ok()?;
    h.strip_prefix("Bearer ").map(|t| t.trim().to_string())
}

impl FromRequest for ApiUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<State>().cloned();
        let token = bearer(req);
        let client = client_addr(req);
        Box::pin(async move {
            let (Some(state), Some(token)) = (state, token) else {
                return Err(ApiError(AppError::Unauthorized));
            };
            let (user, session_id) = session_of(&state, token, KIND_API).await?;
            Ok(ApiUser {
                user,
                session_id,
                client,
            })
        })
    }
}

/// One link in the role-specific navigation; `current` marks the page the user is on.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// Which entry of `hrefs` is the current page for `path`: the longest one that is the path or a parent
/// of it (`/children` for `/children/42/edit`); `/` only on the home page itself.
pub fn current_entry(hrefs: &[&str], path: &str) -> Option<usize> {
    hrefs
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            path == **h
                || (**h != "/" && path.starts_with(&format!("{}/", h.trim_end_matches('/'))))
        })
        .max_by_key(|(_, h)| h.len())
        .map(|(i, _)| i)
}

/// Navigation by role: home first, then every registered module's entries the role may use (in their
/// `order`), the account page last; the entry for `path` is marked current.
pub fn nav_for(user: &User, tr: &'static Catalogue, path: &str) -> Vec<NavItem> {
    let mut entries: Vec<&crate::platform::NavEntry> = crate::modules::ALL
        .iter()
        .flat_map(|m| m.nav.iter())
        .filter(|e| e.shown_to(user))
        .collect();
    entries.sort_by_key(|e| e.order);
    let item = |href: &'static str, key: &'static str| NavItem {
        href,
        label: tr.t(key),
        current: false,
    };
    let mut v = vec![item("/", "nav.home")];
    v.extend(entries.into_iter().map(|e| item(e.href, e.label)));
    v.push(item("/account", "nav.account"));
    let hrefs: Vec<&str> = v.iter().map(|n| n.href).collect();
    if let Some(i) = current_entry(&hrefs, path) {
        v[i].current = true;
    }
    v
}

/// What every page template receives: translations, language, CSRF token, user and navigation.
pub struct Ctx {
    pub tr: &'static Catalogue,
    pub lang: &'static str,
    pub csrf: String,
    pub user_name: String,
    pub role_label: String,
    pub logged_in: bool,
    pub nav: Vec<NavItem>,
    /// The result of the last action, shown once at the top of the page.
    pub flash: String,
}

impl Ctx {
    pub fn for_user(cu: &CurrentUser) -> Ctx {
        let tr = cu.tr();
        let role_label = tr.t(&cu.role().label_key()).to_string();
        Ctx {
            tr,
            lang: cu.lang().code(),
            csrf: cu.csrf.clone(),
            user_name: cu.user.display_name.clone(),
            role_label,
            logged_in: true,
            nav: nav_for(&cu.user, tr, &cu.path),
            flash: cu.flash.clone(),
        }
    }
    /// For pages before login: language from the `fuyu_lang` cookie, Chinese by default.
    pub fn anonymous(req: &HttpRequest) -> Ctx {
        let lang = req
            .cookie("fuyu_lang")
            .map(|c| Lang::parse(c.value()))
            .unwrap_or(Lang::Zh);
        Ctx {
            tr: catalogue(lang),
            lang: lang.code(),
            csrf: String::new(),
            user_name: String::new(),
            role_label: String::new(),
            logged_in: false,
            nav: vec![],
            flash: flash::message(req, catalogue(lang)),
        }
    }
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.tr.t(key)
    }
    /// A stored code shown through the catalogue (`{prefix}.{code}`); the code itself only when the
    /// catalogue has no label for it (the untranslated-codes test finds those).
    pub fn label(&self, prefix: &str, code: &str) -> String {
        let key = format!("{prefix}.{code}");
        if self.tr.has(&key) {
            self.tr.t(&key).to_string()
        } else {
            code.to_string()
        }
    }
}

/// Render an askama template into an HTML response.
pub fn render<T: askama::Template>(t: &T) -> AppResult<actix_web::HttpResponse> {
    let body = t.render().map_err(AppError::internal)?;
    Ok(actix_web::HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// Render with a status other than 200 (a form re-rendered with errors answers 422).
pub fn render_status<T: askama::Template>(
    t: &T,
    status: actix_web::http::StatusCode,
) -> AppResult<actix_web::HttpResponse> {
    let body = t.render().map_err(AppError::internal)?;
    Ok(actix_web::HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// Render a form page: 422 when it shows refused input (`failed`), else 200.
pub fn render_form<T: askama::Template>(t: &T, failed: bool) -> AppResult<actix_web::HttpResponse> {
    if failed {
        render_status(t, actix_web::http::StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        render(t)
    }
}

pub fn redirect(to: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther()
        .insert_header(("Location", to))
        .finish()
}
