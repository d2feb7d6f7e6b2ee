//! One diesel schema over SQLite (embedded default) or PostgreSQL, chosen at run time from the URL scheme.
//!
//! **Point reads use `get_result`, not `first`, on SQLite's hot paths.** `first()` adds `LIMIT ?` with a
//! bound value, and SQLite 3.53 (`sqlite3ExprIsInteger`) marks a bound LIMIT as plan-relevant: the
//! statement is then re-prepared — parsed and planned again — on every execution, whatever the cache
//! holds. A profile of the one-child API showed a quarter of the server's CPU in `sqlite3Reprepare`
//! from the session lookup, the user, the child and the audit chain's head (issue 11). A query by a
//! primary or unique key returns at most one row without a LIMIT.

//! **A list's page size is written into its SQL, not bound** ([`order_and_page`]): for the same reason a
//! bound `LIMIT ?` re-prepares a list statement on every execution (8.7 % of the children list's CPU,
//! plus preparing it afresh each time: 21 % in the parser). The page size is one of at most 200 integers
//! the server itself validated, so the statement texts stay few and each stays cached — through
//! [`Cached`], since diesel by itself keeps no statement with a `sql()` fragment; the offset remains a
//! bound parameter (SQLite does not plan on it).

pub mod cached;
pub mod schema;
pub mod slow;
pub mod types;
pub mod version;
mod writer;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

pub use cached::{Cached, CachedExt};

/// The connection type every query runs on. PostgreSQL is listed first: SQLite accepts any string as a path.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// Run `$body` with `$c` bound to the backend's own connection (`SqliteConnection` or `PgConnection`)
/// instead of through the multi-backend [`DbConn`]; the body is compiled once per backend.
///
/// Diesel's `MultiConnection` writes a query's whole SQL text — every column name quoted, each
/// quote made with a fresh string — two or three times on every execution (to ask whether it may be
/// kept, then to send it), even when the statement is already prepared. On the backend's own
/// connection a kept statement is found by its type and no text is written. For a child's 64 columns
/// read on every view that text was a fifth of the archive page's CPU (issue 11, docs/benchmarks.md
/// "Session 10"). Use it for wide rows read on every request, not everywhere: the body is compiled
/// twice.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $body,
            $crate::db::DbConn::Pg($c) => $body,
        }
    };
}

pub type DbPool = Pool<ConnectionManager<DbConn>>;
pub type PooledConn = PooledConnection<ConnectionManager<DbConn>>;

/// Which backend a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbKind {
    Sqlite(String),
    Postgres(String),
}

impl DbKind {
    /// `sqlite://PATH` (or `sqlite:PATH`) and `postgres://` / `postgresql://`; anything else is refused,
    /// never silently turned into a new SQLite file.
    pub fn from_url(url: &str) -> Result<DbKind, String> {
        if let Some(rest) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if rest.is_empty() {
                return Err("sqlite URL has no path".into());
            }
            return Ok(DbKind::Sqlite(rest.to_string()));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DbKind::Postgres(url.to_string()));
        }
        let scheme = url.split(':').next().unwrap_or("");
        Err(format!(
            "unsupported database scheme {scheme:?}: use sqlite://PATH or postgres://…"
        ))
    }

    /// The string diesel's connection establishment understands.
    pub fn connect_string(&self) -> String {
        match self {
            DbKind::Sqlite(p) => p.clone(),
            DbKind::Postgres(u) => u.clone(),
        }
    }
}

/// SQLite pragmas on every pooled connection: foreign keys on, busy timeout, WAL-friendly sync.
#[derive(Debug, Clone, Copy)]
struct Pragmas;
impl CustomizeConnection<DbConn, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConn::Sqlite(c) = conn {
            c.batch_execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;")
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("{0}")]
    Url(String),
    #[error("cannot create the folder for the SQLite file {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("cannot connect to the database: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
}

/// Build the pool; for SQLite create the parent folder and switch the file to WAL once.
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, DbSetupError> {
    let kind = DbKind::from_url(url).map_err(DbSetupError::Url)?;
    if let DbKind::Sqlite(path) = &kind {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() && !path.starts_with("file:") {
                std::fs::create_dir_all(parent)
                    .map_err(|e| DbSetupError::Folder(path.clone(), e))?;
            }
        }
    }
    slow::install_from_env();
    let manager = ConnectionManager::<DbConn>::new(kind.connect_string());
    let pool = Pool::builder()
        .max_size(max_size)
        .connection_timeout(std::time::Duration::from_secs(15))
        .connection_customizer(Box::new(Pragmas))
        .build(manager)?;
    let mut conn = pool.get()?;
    if let DbConn::Sqlite(c) = &mut *conn {
        c.batch_execute("PRAGMA journal_mode = WAL;")?;
    }
    Ok(pool)
}

/// Give SQLite's query planner statistics of the data (PostgreSQL's autovacuum keeps its own). Without
/// them SQLite may read a whole institution through a name index and sort it rather than walk the
/// scope index in order (38 ms instead of 0.02 ms for a first page at 14,000 children); with them each
/// search shape takes its own index. `analysis_limit` keeps it to a sample, so start-up stays quick.
///
/// The children table is then analysed whole (0.2 s at 100,000 children): sampled, two of its indexes
/// that begin with the same two columns (`children_scope`: institution, status; `children_stats`:
/// status, institution) were given estimates six times apart (1,001 rows against 170), and for a page
/// of fewer than about 20 rows the planner then read the institution's 14,000 rows through
/// `children_stats` and sorted them: 27 ms instead of 0.2 ms, 33 requests a second at 64 connections
/// for `per_page=5` (docs/benchmarks.md, session 9).
pub fn refresh_statistics(conn: &mut DbConn) -> Result<(), DbSetupError> {
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute(
            "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002; \
             PRAGMA analysis_limit = 0; ANALYZE children;",
        )?;
        // The samples of values a whole ANALYZE leaves (sqlite_stat4; the bundled SQLite is built with
        // STAT4) make every bound value in an indexed term plan-relevant: a kept statement is then
        // parsed and planned again whenever a value changes — each request, since each asks for
        // another child or institution. Measured on the children list at 64 connections: 2,720
        // requests a second with the samples, 4,120 without (docs/benchmarks.md, session 9). The
        // per-column counts (sqlite_stat1) stay and choose the indexes.
        //
        // Connections that read the schema before this (every pool checkout runs a check query) keep
        // the statistics they loaded, samples included: neither ANALYZE nor the DELETE changes the
        // schema cookie, so they would not read them again until the next start (measured: the
        // first start on a freshly analysed database re-prepared the list on every request). A table
        // created and dropped moves the cookie, and every connection reloads schema and statistics
        // before its next statement.
        use diesel::RunQueryDsl as _;
        let samples: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4')",
        ))
        .get_result(c)?;
        if samples > 0 {
            c.batch_execute("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema;")?;
        }
        c.batch_execute(
            "CREATE TABLE fuyu_statistics_reload (x INTEGER); DROP TABLE fuyu_statistics_reload;",
        )?;
    }
    Ok(())
}

/// Run every pending migration of the backend in use; returns the names applied.
pub fn migrate(conn: &mut DbConn) -> Result<Vec<String>, DbSetupError> {
    let _migrating = version::Migrating::enter();
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(names),
        DbConn::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(names),
    };
    applied.map_err(|e| DbSetupError::Migration(e.to_string()))
}

fn names(v: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    v.into_iter().map(|m| m.to_string()).collect()
}

/// Is this database a SQLite one?
pub fn is_sqlite(conn: &DbConn) -> bool {
    matches!(conn, DbConn::Sqlite(_))
}

/// Run `f` in a write transaction that moves the data version ([`version`]) just before it commits.
/// SQLite takes the write lock up front (BEGIN IMMEDIATE) so that two writers never both read the same
/// audit-chain head; PostgreSQL uses an ordinary transaction and the audit module takes a
/// transaction-scoped advisory lock.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let _in = version::InTx::enter(version::TxKind::Versioned);
    transaction(conn, |c| {
        let out = f(c)?;
        version::bump(c)?;
        Ok(out)
    })
}

/// A write transaction that records only the audit log (a view, a failed login) and so leaves the data
/// version alone; any other write inside it is a bug the test suite catches (`version`).
pub fn write_tx_unversioned<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let _in = version::InTx::enter(version::TxKind::AuditOnly);
    transaction(conn, f)
}

fn transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    use diesel::Connection;
    if !is_sqlite(conn) {
        return conn.transaction(f);
    }
    // Inside a transaction already (one service calling another in the same unit of work): a savepoint.
    if let DbConn::Sqlite(s) = conn {
        if AnsiTransactionManager::transaction_manager_status_mut(s)
            .transaction_depth()?
            .is_some()
        {
            return conn.transaction(f);
        }
    }
    // Writers queue here, in the application, not in SQLite's busy handler (which sleeps in steps of up
    // to 100 ms when write transactions collide, giving long tails under load).
    let _writer = writer::SqliteWriter::acquire();
    // BEGIN IMMEDIATE through diesel's own transaction manager of the SQLite connection, so diesel knows
    // the depth and anything inside (nested transactions, batch inserts) uses savepoints.
    if let DbConn::Sqlite(s) = conn {
        AnsiTransactionManager::begin_transaction_sql(s, "BEGIN IMMEDIATE")?;
    }
    let result = f(conn);
    if let DbConn::Sqlite(s) = conn {
        match &result {
            Ok(_) => AnsiTransactionManager::commit_transaction(s)?,
            Err(_) => {
                let _ = AnsiTransactionManager::rollback_transaction(s);
            }
        }
    }
    result
}

/// `ORDER BY {order_by} LIMIT {limit} OFFSET ?` as one SQL fragment for `.order(…)` (see the module
/// comment: a literal LIMIT keeps SQLite from re-preparing the statement). `order_by` is a constant of
/// the caller's, never user text; `limit` is an integer; `offset` is bound. Do not also call `.limit()`.
pub fn order_and_page<QS: 'static>(
    order_by: &'static str,
    limit: i64,
    offset: i64,
) -> Box<dyn diesel::BoxableExpression<QS, MultiBackend, SqlType = diesel::sql_types::BigInt> + Send>
{
    Box::new(
        diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "{order_by} LIMIT {} OFFSET ",
            limit.max(0)
        ))
        .bind::<diesel::sql_types::BigInt, _>(offset.max(0)),
    )
}
