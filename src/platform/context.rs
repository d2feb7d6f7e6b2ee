//! The request context. Every operation of every module receives an [`Op`]: the acting user, the
//! audit actor, the user's catalogue and the instant it happens. Handlers never build it by hand:
//! `state.run(&caller, |conn, op| …)` takes a pooled connection on the blocking pool, builds the
//! context from the caller and the injectable clock, and runs the closure.

use super::i18n::Catalogue;
use crate::audit::Actor;
use crate::auth::model::User;
use crate::clock::{Clock, SharedClock};
use crate::config::Settings;
use crate::db::{DbConn, DbPool};
use crate::error::{AppError, AppResult};
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::Arc;

/// Everything a handler needs, shared by all workers (cheap to clone: every field is shared).
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub settings: Arc<Settings>,
    pub clock: SharedClock,
    /// The batched writer of events recorded alone (views, failed logins): `audit::batch`.
    pub views: crate::audit::batch::ViewLog,
    /// Failed logins per client address (issue 10 point 4), shared by all workers.
    pub login_throttle: crate::auth::throttle::LoginThrottle,
    /// One permit per pooled connection (issue 11): database work waits here, as a cheap future, for a
    /// connection to be free, instead of each waiting request holding a blocking thread (with its
    /// stack and malloc arena) that sleeps on the pool. Keeps the thread count and memory flat under
    /// many connections.
    pub db_gate: Arc<tokio::sync::Semaphore>,
    /// Work a request left running (a large import) and how far it is (`platform::progress`).
    pub running: crate::platform::progress::Running,
    /// Aggregate figures kept while the data version and the day stand (`platform::figures`).
    pub kept: crate::platform::figures::KeptFigures,
    /// The archive page's reads kept per reader, child, tab, language and minute while the data
    /// version stands (`archive::handlers::child_load`, issue 11); bounded by `Settings::kept_pages`.
    pub kept_pages: crate::platform::figures::KeptFigures,
    /// Rows read by id (a list page's children) kept while the data version stands
    /// (`platform::kept_rows`); bounded by `Settings::kept_rows`.
    pub kept_rows: crate::platform::kept_rows::KeptRows,
}

/// The state as actix hands it to handlers.
pub type State = actix_web::web::Data<AppState>;

/// Who is acting, in which language, and when: passed to every module operation.
pub struct Op<'a> {
    pub tr: &'static Catalogue,
    pub user: &'a User,
    pub actor: &'a Actor,
    pub today: NaiveDate,
    pub now: NaiveDateTime,
}

impl<'a> Op<'a> {
    /// An operation happening now (by `clock`), by this user, in their language.
    pub fn now(
        tr: &'static Catalogue,
        user: &'a User,
        actor: &'a Actor,
        clock: &dyn Clock,
    ) -> Op<'a> {
        Op {
            tr,
            user,
            actor,
            today: clock.today(),
            now: clock.now(),
        }
    }
}

/// Anyone a request acts for: the web session's user or the API token's user.
pub trait Caller {
    fn user(&self) -> &User;
    fn actor(&self) -> Actor;
    fn tr(&self) -> &'static Catalogue;
}

impl<C: Caller> Caller for &C {
    fn user(&self) -> &User {
        (*self).user()
    }
    fn actor(&self) -> Actor {
        (*self).actor()
    }
    fn tr(&self) -> &'static Catalogue {
        (*self).tr()
    }
}

impl AppState {
    /// Run blocking database work on the thread pool with a pooled connection.
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &AppState) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let st = self.clone();
        let permit = self
            .db_gate
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        actix_web::web::block(move || {
            // Declared first, dropped last: the permit is handed on in the same moment the connection
            // goes back to the pool, not later when this future is next polled (which left the pool
            // idle between requests and cost a third of the throughput of a one-child read).
            let _permit = permit;
            let _serving = crate::db::version::Serving::enter();
            let mut conn = st.pool.get()?;
            crate::platform::kept_rows::with_rows(&st.kept_rows, || {
                crate::audit::batch::with_sink(&st.views, || f(&mut conn, &st))
            })
        })
        .await?
    }

    /// Run work for `caller` with its context: the one way a handler reaches a module's service.
    pub async fn run<T, F>(&self, caller: &impl Caller, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &Op<'_>) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (user, actor, tr) = (caller.user().clone(), caller.actor(), caller.tr());
        self.db(move |conn, st| {
            let op = Op::now(tr, &user, &actor, st.clock.as_ref());
            f(conn, &op)
        })
        .await
    }
}
