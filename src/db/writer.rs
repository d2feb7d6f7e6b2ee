//! One SQLite writer at a time, queued in the application. SQLite allows one write transaction per
//! database; when two `BEGIN IMMEDIATE`s collide, the loser's busy handler sleeps (1, 2, 5 … 100 ms) and
//! retries, so under load requests wait far longer than the writes take. A process-wide lock taken before
//! `BEGIN IMMEDIATE` makes writers wait their turn instead, in arrival order, without sleeping.
//!
//! The lock is process-wide rather than per database file: a server has one database; the test suite,
//! which runs many small databases in one process, only serialises writes that take milliseconds. A
//! thread that already holds it (a write transaction begun on a second connection inside the first)
//! does not take it again, so the lock can never deadlock its own holder.

use std::cell::Cell;
use std::sync::{Mutex, MutexGuard};

static WRITER: Mutex<()> = Mutex::new(());

thread_local! {
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// Held for the length of one SQLite write transaction.
pub struct SqliteWriter {
    _guard: Option<MutexGuard<'static, ()>>,
}

impl SqliteWriter {
    pub fn acquire() -> SqliteWriter {
        if HOLDING.with(Cell::get) {
            return SqliteWriter { _guard: None };
        }
        let guard = WRITER.lock().unwrap_or_else(|e| e.into_inner());
        HOLDING.with(|h| h.set(true));
        SqliteWriter {
            _guard: Some(guard),
        }
    }
}

impl Drop for SqliteWriter {
    fn drop(&mut self) {
        if self._guard.is_some() {
            HOLDING.with(|h| h.set(false));
        }
    }
}
