//! Kept figures: aggregate results that are expensive to compute (the oversight dashboard over a whole
//! province, issue 17 point 7) and are served again while nothing they depend on can have changed —
//! the same data version (`db::version`, moved by every write transaction) and the same day (figures
//! such as age bands and overdue counts move with the date). A write anywhere makes the next request
//! compute afresh, so a kept figure always agrees with the detail pages.
//!
//! Figures that move with the time of day (mandatory reports overdue by the hour) are never kept here.

use crate::db::DbConn;
use crate::error::AppResult;
use chrono::NaiveDate;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// At most this many kept results (one per scope and language): a province's divisions and
/// institutions, each in two languages, fit many times over.
const CAPACITY: usize = 256;

struct Entry {
    version: i64,
    day: NaiveDate,
    used: u64,
    value: Arc<dyn Any + Send + Sync>,
}

#[derive(Default)]
struct Store {
    entries: HashMap<String, Entry>,
    clock: u64,
    /// At most this many entries (`CAPACITY` unless made `with_capacity`); 0 keeps nothing.
    capacity: Option<usize>,
}

/// Shared by all workers of one server (cheap to clone).
#[derive(Clone, Default)]
pub struct KeptFigures {
    store: Arc<Mutex<Store>>,
}

impl KeptFigures {
    /// A store of at most `capacity` results; 0 keeps nothing (every request computes afresh).
    pub fn with_capacity(capacity: usize) -> KeptFigures {
        KeptFigures {
            store: Arc::new(Mutex::new(Store {
                capacity: Some(capacity),
                ..Store::default()
            })),
        }
    }

    /// The figures under `key` for `day`: kept ones if the data version has not moved since they were
    /// computed, otherwise `compute`d now (and kept). The version is read before computing, so a write
    /// that commits meanwhile makes the kept result look older than it is, never newer.
    pub fn get_or_compute<T, F>(
        &self,
        conn: &mut DbConn,
        key: String,
        day: NaiveDate,
        compute: F,
    ) -> AppResult<Arc<T>>
    where
        T: Send + Sync + 'static,
        F: FnOnce(&mut DbConn) -> AppResult<T>,
    {
        let version = crate::db::version::current(conn)?;
        if let Some(hit) = self.lookup::<T>(&key, version, day) {
            return Ok(hit);
        }
        let value = Arc::new(compute(conn)?);
        self.keep(key, version, day, value.clone());
        Ok(value)
    }

    fn lookup<T: Send + Sync + 'static>(
        &self,
        key: &str,
        version: i64,
        day: NaiveDate,
    ) -> Option<Arc<T>> {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        store.clock += 1;
        let now = store.clock;
        let entry = store.entries.get_mut(key)?;
        if entry.version != version || entry.day != day {
            return None;
        }
        entry.used = now;
        entry.value.clone().downcast::<T>().ok()
    }

    fn keep<T: Send + Sync + 'static>(
        &self,
        key: String,
        version: i64,
        day: NaiveDate,
        value: Arc<T>,
    ) {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        store.clock += 1;
        let used = store.clock;
        let capacity = store.capacity.unwrap_or(CAPACITY);
        if capacity == 0 {
            return;
        }
        if store.entries.len() >= capacity && !store.entries.contains_key(&key) {
            let oldest = store
                .entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                store.entries.remove(&k);
            }
        }
        // Two requests that computed the same figures at once: keep the newer version's.
        if let Some(e) = store.entries.get(&key) {
            if e.version > version && e.day == day {
                return;
            }
        }
        store.entries.insert(
            key,
            Entry {
                version,
                day,
                used,
                value,
            },
        );
    }

    /// How many results are kept (for tests).
    pub fn len(&self) -> usize {
        self.store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entries
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    #[test]
    fn a_kept_result_is_served_only_at_its_version_and_day() {
        let k = KeptFigures::default();
        k.keep("a".into(), 5, day(1), Arc::new(7i64));
        assert_eq!(k.lookup::<i64>("a", 5, day(1)).as_deref(), Some(&7));
        assert!(
            k.lookup::<i64>("a", 6, day(1)).is_none(),
            "a write moved the version"
        );
        assert!(k.lookup::<i64>("a", 5, day(2)).is_none(), "the day changed");
        assert!(k.lookup::<i64>("b", 5, day(1)).is_none(), "another scope");
        assert!(k.lookup::<String>("a", 5, day(1)).is_none(), "another type");
    }

    #[test]
    fn an_older_computation_does_not_replace_a_newer_one_and_the_store_is_bounded() {
        let k = KeptFigures::default();
        k.keep("a".into(), 9, day(1), Arc::new(1i64));
        k.keep("a".into(), 8, day(1), Arc::new(2i64));
        assert_eq!(k.lookup::<i64>("a", 9, day(1)).as_deref(), Some(&1));
        for i in 0..(CAPACITY + 10) {
            k.keep(format!("k{i}"), 1, day(1), Arc::new(i));
        }
        assert_eq!(k.len(), CAPACITY);
        assert!(
            k.lookup::<usize>("k0", 1, day(1)).is_none(),
            "the least used went first"
        );
    }

    #[test]
    fn a_store_of_capacity_zero_keeps_nothing_and_a_small_one_stays_small() {
        let none = KeptFigures::with_capacity(0);
        none.keep("a".into(), 1, day(1), Arc::new(1i64));
        assert!(none.is_empty());
        let two = KeptFigures::with_capacity(2);
        for i in 0..5 {
            two.keep(format!("k{i}"), 1, day(1), Arc::new(i));
        }
        assert_eq!(two.len(), 2);
        assert_eq!(two.lookup::<i32>("k4", 1, day(1)).as_deref(), Some(&4));
    }
}
