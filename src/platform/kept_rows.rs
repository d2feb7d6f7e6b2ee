//! Kept rows: records read by id (a list page's children) kept while the data version stands
//! (`db::version`, moved by every write transaction). A list still runs its scoped search, its count
//! and its audit row on every request; only decoding the same rows again is saved — two fifths of a
//! list request's CPU at 64 connections (issue 11, docs/benchmarks.md "Session 11"). A write anywhere
//! empties the store at the next read. Rows read inside a write transaction are never kept: they may
//! hold what that transaction has not committed.
//!
//! The store is the application's (`AppState::kept_rows`), reached by the request's database work
//! through this thread (`with_rows`, set by `AppState::db`), so code without an application (the CLI,
//! unit tests) simply reads.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type Row = Arc<dyn Any + Send + Sync>;

struct Store {
    /// The data version the rows were read at (or after).
    version: i64,
    rows: HashMap<(&'static str, i64), Row>,
}

/// Shared by all workers of one server (cheap to clone).
#[derive(Clone)]
pub struct KeptRows {
    store: Arc<Mutex<Store>>,
    capacity: usize,
}

impl KeptRows {
    /// At most `capacity` rows (when full, the store starts again empty); 0 keeps nothing.
    pub fn with_capacity(capacity: usize) -> KeptRows {
        KeptRows {
            store: Arc::new(Mutex::new(Store {
                version: i64::MIN,
                rows: HashMap::new(),
            })),
            capacity,
        }
    }

    /// The kept rows of `kind` for `ids` at `version` (None where not kept). A newer version than the
    /// store's empties it; an older one (a request that read the version before a write) is served
    /// nothing and leaves the store as it is.
    pub fn get<T: Send + Sync + 'static>(
        &self,
        kind: &'static str,
        version: i64,
        ids: &[i64],
    ) -> Vec<Option<Arc<T>>> {
        let mut s = self.store.lock().unwrap_or_else(|e| e.into_inner());
        if version > s.version {
            s.rows.clear();
            s.version = version;
        }
        if version != s.version {
            return vec![None; ids.len()];
        }
        ids.iter()
            .map(|id| {
                s.rows
                    .get(&(kind, *id))
                    .and_then(|r| r.clone().downcast::<T>().ok())
            })
            .collect()
    }

    /// Keep rows read at `version` (read *after* the version was, so they are never older than it).
    pub fn keep<T: Send + Sync + 'static>(
        &self,
        kind: &'static str,
        version: i64,
        rows: &[(i64, Arc<T>)],
    ) {
        if self.capacity == 0 {
            return;
        }
        let mut s = self.store.lock().unwrap_or_else(|e| e.into_inner());
        if s.version != version {
            // A newer version was seen meanwhile: these rows may be older than it.
            return;
        }
        if s.rows.len() + rows.len() > self.capacity {
            s.rows.clear();
        }
        for (id, row) in rows {
            s.rows.insert((kind, *id), row.clone() as Row);
        }
    }

    /// How many rows are kept (for tests).
    pub fn len(&self) -> usize {
        self.store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .rows
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

thread_local! {
    static CURRENT: RefCell<Option<KeptRows>> = const { RefCell::new(None) };
}

/// Run `f` with `rows` as this thread's store (`AppState::db`).
pub fn with_rows<T>(rows: &KeptRows, f: impl FnOnce() -> T) -> T {
    struct Reset(Option<KeptRows>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0.take();
            CURRENT.with(|s| *s.borrow_mut() = prev);
        }
    }
    let prev = CURRENT.with(|s| s.borrow_mut().replace(rows.clone()));
    let _reset = Reset(prev);
    f()
}

/// This thread's store, unless there is none or a write transaction is open on it.
pub fn current() -> Option<KeptRows> {
    if crate::db::version::in_write_tx() {
        return None;
    }
    CURRENT.with(|s| s.borrow().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_served_only_at_their_version_and_a_full_store_starts_again() {
        let k = KeptRows::with_capacity(3);
        assert_eq!(k.get::<i32>("child", 7, &[1]), vec![None]);
        k.keep("child", 7, &[(1, Arc::new(10)), (2, Arc::new(20))]);
        let got: Vec<Option<i32>> = k
            .get::<i32>("child", 7, &[2, 3, 1])
            .into_iter()
            .map(|r| r.map(|v| *v))
            .collect();
        assert_eq!(got, vec![Some(20), None, Some(10)]);
        assert_eq!(k.get::<i32>("other", 7, &[1]), vec![None], "another kind");
        assert_eq!(k.get::<i64>("child", 7, &[1]), vec![None], "another type");
        // A write moved the version: nothing is served, and the store is empty.
        assert_eq!(k.get::<i32>("child", 8, &[1]), vec![None]);
        assert!(k.is_empty());
        // Rows read at an older version than the store's are not kept, nor served, and the store
        // does not go back to that version.
        k.keep("child", 7, &[(1, Arc::new(10))]);
        assert!(k.is_empty());
        k.keep("child", 8, &[(5, Arc::new(50))]);
        assert_eq!(k.get::<i32>("child", 7, &[5]), vec![None]);
        assert_eq!(k.get::<i32>("child", 8, &[5]).len(), 1);
        assert_eq!(k.len(), 1, "an older version left the store alone");
        k.get::<i32>("child", 8, &[]);
        assert!(k.get::<i32>("child", 8, &[5])[0].is_some());
        k.store.lock().unwrap().rows.clear();
        k.keep(
            "child",
            8,
            &[(1, Arc::new(1)), (2, Arc::new(2)), (3, Arc::new(3))],
        );
        assert_eq!(k.len(), 3);
        k.keep("child", 8, &[(4, Arc::new(4))]);
        assert_eq!(k.len(), 1, "full: started again");
        let none = KeptRows::with_capacity(0);
        none.get::<i32>("child", 1, &[1]);
        none.keep("child", 1, &[(1, Arc::new(1))]);
        assert!(none.is_empty());
    }
}
