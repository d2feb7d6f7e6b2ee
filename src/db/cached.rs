//! Keeping a statement prepared although diesel cannot prove its text fixed.
//!
//! Diesel keeps a prepared statement per connection only for queries it can prove safe to cache. Any
//! `sql()` fragment (such as [`super::order_and_page`]'s literal `LIMIT`, or `COUNT(*) OVER ()`) or
//! `IN` list of values makes the whole query "unsafe", so it was parsed and planned afresh on every
//! request: a profile of the children list at 64 connections showed 27 % of the server's CPU building
//! and preparing the list's statement (`sqlite3_prepare_v3`), issue 11, docs/benchmarks.md session 9.
//!
//! [`Cached`] wraps such a query and declares it cacheable. The cache is keyed by the SQL text and the
//! bind types (the wrapper never claims a static query id), so a different text is a different
//! statement and no statement is ever run for another text. Diesel's cache is unbounded, so wrap only
//! queries whose texts are few: fixed fragments, page sizes the server validated (at most 200), `IN`
//! lists as long as a page or a scope. Pooled connections are recycled (`max_lifetime`), which bounds
//! what any one connection gathers.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::QueryResult;

/// A query whose prepared statement the connection keeps (see the module comment for when to use it).
#[derive(Debug, Clone)]
pub struct Cached<Q>(pub Q);

impl<Q: Query> Query for Cached<Q> {
    type SqlType = Q::SqlType;
}

/// On any backend: the multi-backend connection, or a backend's own (`crate::on_backend`).
impl<DB: Backend, Q: QueryFragment<DB>> QueryFragment<DB> for Cached<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &DB) -> QueryResult<bool> {
        Ok(true)
    }
}

/// Never a static id: the cache key is always the statement's text and bind types.
impl<Q> QueryId for Cached<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q, C> diesel::RunQueryDsl<C> for Cached<Q> {}

/// `.cached()` on any query: see [`Cached`].
pub trait CachedExt: Sized {
    fn cached(self) -> Cached<Self> {
        Cached(self)
    }
}

impl<Q: Query> CachedExt for Q {}

#[cfg(test)]
mod tests {
    use super::CachedExt;
    use crate::db::DbConn;
    use diesel::connection::{Instrumentation, InstrumentationEvent};
    use diesel::prelude::*;
    use std::sync::{Arc, Mutex};

    /// Counts the statements the connection puts in its cache.
    struct Cachings(Arc<Mutex<usize>>);
    impl Instrumentation for Cachings {
        fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
            if let InstrumentationEvent::CacheQuery { .. } = event {
                if let Ok(mut n) = self.0.lock() {
                    *n += 1;
                }
            }
        }
    }

    fn conn() -> (DbConn, Arc<Mutex<usize>>) {
        let mut c = DbConn::establish(":memory:").expect("in-memory SQLite");
        let n = Arc::new(Mutex::new(0));
        c.set_instrumentation(Cachings(n.clone()));
        (c, n)
    }

    fn count(n: &Arc<Mutex<usize>>) -> usize {
        *n.lock().expect("counter")
    }

    /// A query with an `IN` list and a `sql()` fragment: diesel prepares it on every run, the wrapped
    /// one once per text.
    #[test]
    fn a_wrapped_query_is_prepared_once_per_text_and_gives_the_same_rows() {
        use crate::db::schema::divisions;
        let (mut c, cached) = conn();
        crate::db::migrate(&mut c).expect("migrations");
        let before = count(&cached);
        let query = || {
            divisions::table
                .filter(divisions::id.eq_any(vec![1i64, 2, 3]))
                .filter(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 1"))
                .select(divisions::id)
                .into_boxed()
        };
        let plain: Vec<i64> = query().load(&mut c).expect("plain");
        let _: Vec<i64> = query().load(&mut c).expect("plain again");
        assert_eq!(
            count(&cached),
            before,
            "diesel does not keep the plain query"
        );
        let kept: Vec<i64> = query().cached().load(&mut c).expect("cached");
        for _ in 0..3 {
            let again: Vec<i64> = query().cached().load(&mut c).expect("cached again");
            assert_eq!(again, kept);
        }
        assert_eq!(count(&cached), before + 1, "kept once for four runs");
        assert_eq!(plain, kept, "the same rows");
        // Another text (a longer list) is another statement, never the first one's.
        let four: Vec<i64> = divisions::table
            .filter(divisions::id.eq_any(vec![1i64, 2, 3, 4]))
            .select(divisions::id)
            .into_boxed()
            .cached()
            .load(&mut c)
            .expect("four");
        assert!(four.len() >= kept.len());
        assert_eq!(count(&cached), before + 2);
    }

    /// A kept statement is never planned again because of what is bound to it. SQLite (3.47 on) marks
    /// a statement whose `LIMIT` is a bound parameter — diesel's `.first()` — and, without the
    /// planner stability guarantee (`.cargo/config.toml`), every later bind expired it: each lookup by
    /// id was parsed and planned again. `sqlite_stmt` counts each statement's re-preparations.
    #[test]
    fn a_first_by_id_is_prepared_once_whatever_id_is_bound() {
        use crate::db::schema::divisions;
        let (mut c, _) = conn();
        crate::db::migrate(&mut c).expect("migrations");
        for code in ["A", "B", "C"] {
            diesel::insert_into(divisions::table)
                .values((
                    divisions::code.eq(code),
                    divisions::name.eq(code),
                    divisions::name_en.eq(code),
                    divisions::level.eq("province"),
                ))
                .execute(&mut c)
                .expect("a division");
        }
        let ids: Vec<i64> = divisions::table
            .select(divisions::id)
            .load(&mut c)
            .expect("divisions");
        assert_eq!(ids.len(), 3);
        for round in 0..3 {
            for id in &ids {
                let found: i64 = divisions::table
                    .filter(divisions::id.eq(*id))
                    .select(divisions::id)
                    .first(&mut c)
                    .expect("by id");
                assert_eq!(found, *id, "round {round}");
            }
        }
        let (statements, reprepared): (i64, i64) = diesel::select((
            diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "(SELECT COUNT(*) FROM sqlite_stmt WHERE sql LIKE '%FROM `divisions` WHERE%LIMIT ?%' \
                  AND sql NOT LIKE '%sqlite_stmt%')",
            ),
            diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "(SELECT COALESCE(SUM(reprep), 0) FROM sqlite_stmt \
                  WHERE sql LIKE '%FROM `divisions` WHERE%LIMIT ?%' AND sql NOT LIKE '%sqlite_stmt%')",
            ),
        ))
        .get_result(&mut c)
        .expect("sqlite_stmt (SQLITE_ENABLE_STMTVTAB, .cargo/config.toml)");
        assert_eq!(statements, 1, "one kept statement for every id");
        assert_eq!(reprepared, 0, "never planned again for another id");
    }
}
