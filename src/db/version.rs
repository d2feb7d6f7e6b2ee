//! The data version: a counter that every write transaction of the application moves (`db::write_tx`),
//! inside the transaction, so it becomes visible exactly when the data it guards does — on SQLite and
//! PostgreSQL alike, and for every process that shares the database. Figures computed from the data
//! (the oversight dashboard, issue 17 point 7) may be kept and served again while the version they were
//! computed at is still the current one ([`crate::platform::figures`]).
//!
//! Why it is moved last, just before COMMIT: on PostgreSQL the row is then locked only from that
//! moment to the commit, and a transaction holding it asks for no other lock, so it can never take part
//! in a deadlock; on SQLite writers are one at a time anyway.
//!
//! Writes that record only the audit log (a view, a failed login: `audit::record_alone` and its batch
//! writer) use [`write_tx_unversioned`](super::write_tx_unversioned): every request records a view, and
//! moving the version for each would throw the cache away on every read.
//!
//! **A write outside a versioned transaction would leave cached figures stale.** The test suite turns
//! on [`require_versioned_writes`]: from then on any INSERT, UPDATE or DELETE of a table other than the
//! audit log's and the session store's that a request's database work (`AppState::db`) runs outside
//! `db::write_tx` panics with the table's name, so every write path the tests reach through HTTP is
//! checked.

use super::schema::data_version;
use diesel::prelude::*;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

/// What kind of write transaction the current thread is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TxKind {
    None,
    /// `db::write_tx`: moves the version.
    Versioned,
    /// `db::write_tx_unversioned`: the audit log only.
    AuditOnly,
}

thread_local! {
    static CURRENT: Cell<TxKind> = const { Cell::new(TxKind::None) };
    /// Migrations write their seed rows outside any transaction of ours.
    static MIGRATING: Cell<bool> = const { Cell::new(false) };
    /// Inside a request's database work (`AppState::db`): where the check applies.
    static SERVING: Cell<bool> = const { Cell::new(false) };
}

static STRICT: AtomicBool = AtomicBool::new(false);

/// Tables whose writes do not change any figure: the audit log (every view writes it), the session
/// store (every request touches it), the version itself, and diesel's migration ledger.
const UNVERSIONED_TABLES: &[&str] = &[
    "audit_log",
    "sessions",
    "data_version",
    "__diesel_schema_migrations",
];

/// Marks the current thread as inside a write transaction of `kind` until dropped (nested
/// transactions keep the outer kind once they end).
pub(crate) struct InTx {
    before: TxKind,
}

impl InTx {
    pub(crate) fn enter(kind: TxKind) -> InTx {
        let before = CURRENT.with(|c| c.replace(kind));
        // A versioned transaction nested in an audit-only one would be a bug of ours; the outer kind
        // wins only when it is the stronger one.
        if before == TxKind::Versioned {
            CURRENT.with(|c| c.set(TxKind::Versioned));
        }
        InTx { before }
    }
}

impl Drop for InTx {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.before));
    }
}

/// Marks the current thread as running migrations until dropped.
pub(crate) struct Migrating;

impl Migrating {
    pub(crate) fn enter() -> Migrating {
        MIGRATING.with(|m| m.set(true));
        Migrating
    }
}

impl Drop for Migrating {
    fn drop(&mut self) {
        MIGRATING.with(|m| m.set(false));
    }
}

/// Marks the current thread as doing a request's database work until dropped: the writes the check
/// covers are the application's own (a test's direct setup writes are not a request's).
pub struct Serving {
    before: bool,
}

impl Serving {
    pub fn enter() -> Serving {
        Serving {
            before: SERVING.with(|s| s.replace(true)),
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        SERVING.with(|s| s.set(self.before));
    }
}

/// Move the version, inside the caller's write transaction.
pub(crate) fn bump(conn: &mut super::DbConn) -> QueryResult<()> {
    diesel::update(data_version::table.find(1))
        .set(data_version::n.eq(data_version::n + 1))
        .execute(conn)
        .map(|_| ())
}

/// Whether this thread is inside a write transaction of ours (`db::write_tx` or the audit's).
pub(crate) fn in_write_tx() -> bool {
    CURRENT.with(Cell::get) != TxKind::None
}

/// The current version (a point read). Read it *before* computing figures: a write that commits in
/// between then only makes the kept figures look older than they are, never newer.
pub fn current(conn: &mut super::DbConn) -> QueryResult<i64> {
    // Read before every kept archive page (issue 11): on the backend's own connection (crate::on_backend).
    crate::on_backend!(conn, |b| data_version::table
        .find(1)
        .select(data_version::n)
        .get_result(b))
}

/// Panic on any write outside a versioned transaction, from now on, in this process (the test suite).
pub fn require_versioned_writes() {
    STRICT.store(true, Ordering::Relaxed);
    super::slow::install();
}

pub(crate) fn strict() -> bool {
    STRICT.load(Ordering::Relaxed)
}

/// Called with each statement's text while [`strict`]: panics on a write that no versioned transaction
/// covers.
pub(crate) fn check_statement(sql: &str) {
    if !SERVING.with(Cell::get)
        || MIGRATING.with(Cell::get)
        || CURRENT.with(Cell::get) == TxKind::Versioned
    {
        return;
    }
    let Some(table) = written_table(sql) else {
        return;
    };
    if UNVERSIONED_TABLES.contains(&table.as_str()) {
        return;
    }
    panic!(
        "a write to `{table}` outside db::write_tx would leave cached figures stale (db::version)"
    );
}

/// The table an INSERT, UPDATE or DELETE statement writes, unquoted; `None` for anything else.
fn written_table(sql: &str) -> Option<String> {
    let s = sql.trim_start();
    let upper: String = s.chars().take(12).collect::<String>().to_ascii_uppercase();
    let rest = if upper.starts_with("INSERT ") || upper.starts_with("REPLACE ") {
        // INSERT INTO, INSERT OR IGNORE INTO, REPLACE INTO: the table follows INTO.
        let at = s.to_ascii_uppercase().find(" INTO ")?;
        &s[at + 6..]
    } else if upper.starts_with("UPDATE ") {
        &s[7..]
    } else if upper.starts_with("DELETE FROM ") {
        &s[12..]
    } else {
        return None;
    };
    let name: String = rest
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '(')
        .filter(|c| !matches!(c, '"' | '`'))
        .collect();
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::written_table;

    #[test]
    fn the_written_table_is_read_off_each_statement_shape() {
        assert_eq!(
            written_table("INSERT INTO `children` (`a`) VALUES (?)").as_deref(),
            Some("children")
        );
        assert_eq!(
            written_table("UPDATE \"tasks\" SET \"status\" = $1").as_deref(),
            Some("tasks")
        );
        assert_eq!(
            written_table("delete from audit_log where id = 1").as_deref(),
            Some("audit_log")
        );
        assert_eq!(written_table("SELECT * FROM children"), None);
        assert_eq!(
            written_table("  insert into x(a) values (1)").as_deref(),
            Some("x")
        );
        assert_eq!(
            written_table("INSERT OR IGNORE INTO child_name_chars (a) VALUES (1)").as_deref(),
            Some("child_name_chars")
        );
    }
}
