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

use super::MultiBackend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::QueryResult;

/// A query whose prepared statement the connection keeps (see the module comment for when to use it).
#[derive(Debug, Clone)]
pub struct Cached<Q>(pub Q);

impl<Q: Query> Query for Cached<Q> {
    type SqlType = Q::SqlType;
}

impl<Q: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for Cached<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &MultiBackend) -> QueryResult<bool> {
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
