//! Child search: the list filters, the search query and what a search term is.

use super::archive_no_terms::{self, ArchiveNoTerm};
use super::{Child, ChildStatus};
use crate::archive::ChildId;
use crate::auth::scope::InstitutionScope;
use crate::db::schema::{child_counts, child_name_chars, children};
use crate::db::{CachedExt, DbConn};
use chrono::NaiveDate;
use diesel::prelude::*;
use std::sync::Arc;

/// List filters (the UI and the API share them).
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct ChildFilter {
    pub q: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub age_band: Option<String>,
    pub institution: Option<i64>,
    pub sort: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ChildFilter {
    pub fn page(&self) -> i64 {
        self.page.unwrap_or(1).clamp(1, 1_000_000)
    }
    pub fn per_page(&self) -> i64 {
        self.per_page.unwrap_or(25).clamp(1, 200)
    }
}

/// Search within the scope: `q` matches the name in characters, full pinyin or initials (prefix), the
/// archive number, or the exact ID number. Active children by default.
pub fn search(
    conn: &mut DbConn,
    scope: &InstitutionScope,
    f: &ChildFilter,
    today: NaiveDate,
) -> QueryResult<(Vec<Arc<Child>>, i64)> {
    let sqlite = crate::db::is_sqlite(conn);
    let kind = f.q.as_deref().map(query_kind);
    let archive_term = match &kind {
        Some(QueryKind::ArchiveNo(a)) => Some(archive_no_terms::expand(conn, a)?),
        _ => None,
    };
    let status = match f.status.as_deref() {
        Some("all") => None,
        s => Some(
            s.and_then(ChildStatus::parse)
                .unwrap_or(ChildStatus::Active),
        ),
    };
    // A scope of many institutions (a supervisor's province) listed in archive-number order, with no
    // term: read the archive-number index in order and stop after one page, rather than every
    // institution's rows and a sort of all of them (1 s at 100,000 children, docs/benchmarks.md). The
    // unary `+` keeps SQLite from choosing the institution index for the `IN`; PostgreSQL ignores it.
    let wide = matches!(scope, InstitutionScope::Only(ids) if ids.len() > 1)
        && f.institution.is_none()
        && matches!(kind, None | Some(QueryKind::Empty))
        && f.sort
            .as_deref()
            .is_none_or(|s| !SORTS_OTHER_THAN_NUMBER.contains(&s));
    let build = || {
        let mut q = children::table.into_boxed();
        match scope {
            InstitutionScope::Only(ids) if wide => {
                // The ids are the database's own integers, never user text.
                let list: Vec<String> = ids.iter().map(|i| i.0.to_string()).collect();
                q = q.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
                    "+children.institution_id IN ({})",
                    list.join(",")
                )));
            }
            // One institution (every role but the supervisor): `=`, so the statement has a fixed
            // text and stays in the connection's statement cache (an `IN` list is prepared anew).
            InstitutionScope::Only(ids) if ids.len() == 1 => {
                q = q.filter(children::institution_id.eq(ids[0]));
            }
            InstitutionScope::Only(ids) => {
                q = q.filter(children::institution_id.eq_any(ids.clone()));
            }
            InstitutionScope::All => {}
        }
        if let Some(i) = f.institution {
            q = q.filter(children::institution_id.eq(i));
        }
        // "all" lists every status; an unknown code falls back to the default (active).
        if let Some(st) = status {
            if wide && sqlite {
                // Unary `+` here too (SQLite only: PostgreSQL has no `+` for text): otherwise SQLite skip-scans `children_scope` on the status and
                // sorts the whole province (232 ms per statement against 2.6 ms, EXPLAIN QUERY PLAN
                // on 100,000 children; 1 s p50 at 8 connections in the growth table). The code comes
                // from the enum, never from user text.
                q = q.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
                    "+children.status = '{}'",
                    st.code()
                )));
            } else {
                q = q.filter(children::status.eq(st));
            }
        }
        if let Some(c) = f.category.as_ref().filter(|c| !c.is_empty()) {
            q = if c.len() == 1 {
                q.filter(children::archive_class.eq(c.clone()))
            } else {
                q.filter(children::intake_category.eq(c.clone()))
            };
        }
        if let Some((_, min, max)) = f.age_band.as_deref().and_then(|b| {
            super::super::rules::AGE_BANDS
                .iter()
                .find(|(n, _, _)| *n == b)
        }) {
            let (from, to) = super::super::rules::birth_range_for_ages(today, *min, *max);
            q = q.filter(children::birth_date.between(from, to));
        }
        match kind.clone() {
            Some(QueryKind::IdNumber(id)) => q = q.filter(children::id_number.eq(id)),
            Some(QueryKind::Pinyin(p)) if sqlite => {
                // An index range on the stored pinyin and initials (binary collation on SQLite).
                let hi = format!("{p}\u{10FFFF}");
                q = q.filter(
                    children::name_pinyin
                        .ge(p.clone())
                        .and(children::name_pinyin.lt(hi.clone()))
                        .or(children::name_initials
                            .ge(p)
                            .and(children::name_initials.lt(hi))),
                );
            }
            Some(QueryKind::Pinyin(p)) => {
                let prefix = format!("{}%", escape_like(&p));
                q = q.filter(
                    children::name_pinyin
                        .like(prefix.clone())
                        .or(children::name_initials.like(prefix)),
                );
            }
            Some(QueryKind::Name(n)) => {
                // The term's grams (neighbouring pairs, or single characters) must all be among the
                // child's name grams: one index range each (child_name_chars), then the substring test
                // on those few rows.
                for ch in super::name_chars::term_grams(&n) {
                    let rows = child_name_chars::table.filter(child_name_chars::ch.eq(ch));
                    q = match scope {
                        InstitutionScope::Only(ids) => q.filter(
                            children::id.eq_any(
                                rows.filter(child_name_chars::institution_id.eq_any(ids.clone()))
                                    .select(child_name_chars::child_id),
                            ),
                        ),
                        InstitutionScope::All => {
                            q.filter(children::id.eq_any(rows.select(child_name_chars::child_id)))
                        }
                    };
                }
                let like = format!("%{}%", escape_like(&n));
                q = q.filter(
                    children::legal_name
                        .like(like.clone())
                        .or(children::former_names.like(like)),
                );
            }
            Some(QueryKind::ArchiveNo(_)) => {
                q = q.filter(archive_no_predicate(archive_term.as_ref(), sqlite))
            }
            Some(QueryKind::Empty) | None => {}
        }
        q
    };
    // The whole scope (no term, category or age band): the total is kept per institution and status
    // (child_counts), so no request counts 14,000 rows. Otherwise the matches are all read to sort
    // them anyway, and the same query counts them (COUNT(*) OVER ()) instead of a second scan.
    let whole_scope = matches!(kind, None | Some(QueryKind::Empty))
        && f.category.as_deref().is_none_or(str::is_empty)
        && f.age_band
            .as_deref()
            .and_then(|b| {
                super::super::rules::AGE_BANDS
                    .iter()
                    .find(|(n, _, _)| *n == b)
            })
            .is_none();
    let (limit, offset) = (f.per_page(), (f.page() - 1) * f.per_page());
    let order_by = match f.sort.as_deref() {
        Some("name") => "children.name_pinyin ASC, children.id ASC",
        Some("birth") => "children.birth_date ASC, children.id ASC",
        Some("intake") => "children.intake_date DESC, children.id DESC",
        _ => "children.archive_no ASC",
    };
    let order = move |q: Boxed<'static>| -> Boxed<'static> {
        q.order(crate::db::order_and_page(order_by, limit, offset))
    };
    // The page's ids first, then their rows (`rows_in_order`): the matching and sorting query stays
    // narrow, and the wide rows are read on the backend's own connection.
    if whole_scope {
        let rows = if wide {
            // Many institutions in archive-number order: selecting the id alone lets SQLite pick a
            // covering index and sort the whole province (2 s at 100,000 children, measured in the
            // growth table), so this plan keeps reading the rows along the archive-number index.
            order(build())
                .select(Child::as_select())
                .cached()
                .load::<Child>(conn)?
                .into_iter()
                .map(Arc::new)
                .collect()
        } else {
            let ids: Vec<ChildId> = order(build()).select(children::id).cached().load(conn)?;
            rows_in_order(conn, &ids)?
        };
        let total = if f.page() == 1 && (rows.len() as i64) < limit {
            rows.len() as i64
        } else {
            kept_total(conn, scope, f.institution, status)?
        };
        return Ok((rows, total));
    }
    let counted: Vec<(ChildId, i64)> = order(build())
        .select((
            children::id,
            diesel::dsl::sql::<diesel::sql_types::BigInt>("COUNT(*) OVER ()"),
        ))
        .cached()
        .load(conn)?;
    let total = match counted.first() {
        Some((_, n)) => *n,
        // Past the last page: the rows say nothing, count them.
        None if f.page() > 1 => build().count().get_result(conn)?,
        None => 0,
    };
    let ids: Vec<ChildId> = counted.into_iter().map(|(id, _)| id).collect();
    Ok((rows_in_order(conn, &ids)?, total))
}

/// The children of `ids` (a page: at most 200), in that order. Rows kept since the data version last
/// moved are taken from the application's store (`platform::kept_rows`); the others are read on the
/// backend's own connection (crate::on_backend), so the 64 columns of a page are not written out as SQL
/// text three times per request (docs/benchmarks.md "Session 10"), with one kept statement per page
/// length (crate::db::cached). The ids come from the scoped search, so what is kept never widens a
/// scope.
/// Shared (`Arc`), so a kept row is handed on without copying its 64 columns.
fn rows_in_order(conn: &mut DbConn, ids: &[ChildId]) -> QueryResult<Vec<Arc<Child>>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let Some(kept) = crate::platform::kept_rows::current() else {
        return Ok(read_in_order(conn, ids)?
            .into_iter()
            .map(Arc::new)
            .collect());
    };
    // The version first: rows read after it are never older than it.
    let version = crate::db::version::current(conn)?;
    let raw: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let found = kept.get::<Child>("child", version, &raw);
    let missing: Vec<ChildId> = ids
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(id, _)| *id)
        .collect();
    let pairs: Vec<(i64, Arc<Child>)> = read_in_order(conn, &missing)?
        .into_iter()
        .map(|c| (c.id.0, Arc::new(c)))
        .collect();
    kept.keep("child", version, &pairs);
    let by_id: std::collections::HashMap<i64, &Arc<Child>> =
        pairs.iter().map(|(id, c)| (*id, c)).collect();
    Ok(ids
        .iter()
        .zip(found)
        .filter_map(|(id, f)| f.or_else(|| by_id.get(&id.0).map(|c| Arc::clone(c))))
        .collect())
}

/// [`rows_in_order`] from the database.
fn read_in_order(conn: &mut DbConn, ids: &[ChildId]) -> QueryResult<Vec<Child>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<Child> = crate::on_backend!(conn, |b| children::table
        .filter(children::id.eq_any(ids))
        .select(Child::as_select())
        .cached()
        .load(b))?;
    let at: std::collections::HashMap<ChildId, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|r| at.get(&r.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// Sort orders other than the archive number (the default).
const SORTS_OTHER_THAN_NUMBER: [&str; 3] = ["name", "birth", "intake"];

type Boxed<'a> = children::BoxedQuery<'a, crate::db::MultiBackend>;

/// The total of the whole scope from the kept counts (child_counts, maintained by triggers).
fn kept_total(
    conn: &mut DbConn,
    scope: &InstitutionScope,
    institution: Option<i64>,
    status: Option<ChildStatus>,
) -> QueryResult<i64> {
    let mut q = child_counts::table.select(child_counts::n).into_boxed();
    match scope {
        InstitutionScope::Only(ids) if ids.len() == 1 => {
            q = q.filter(child_counts::institution_id.eq(ids[0]));
        }
        InstitutionScope::Only(ids) => {
            q = q.filter(child_counts::institution_id.eq_any(ids.clone()));
        }
        InstitutionScope::All => {}
    }
    if let Some(i) = institution {
        q = q.filter(child_counts::institution_id.eq(i));
    }
    if let Some(st) = status {
        q = q.filter(child_counts::status.eq(st.code()));
    }
    Ok(q.cached().load::<i64>(conn)?.into_iter().sum())
}

type Pred = Box<
    dyn BoxableExpression<
        children::table,
        crate::db::MultiBackend,
        SqlType = diesel::sql_types::Bool,
    >,
>;

/// The archive-number predicate from the expanded term: index ranges for prefixes, `IN` for exact
/// numbers, a substring test only for a fragment.
fn archive_no_predicate(term: Option<&ArchiveNoTerm>, sqlite: bool) -> Pred {
    let prefix = |p: &String| -> Pred {
        if sqlite {
            // Binary collation: a range on the unique index.
            Box::new(
                children::archive_no
                    .ge(p.clone())
                    .and(children::archive_no.lt(format!("{p}\u{10FFFF}"))),
            )
        } else {
            // text_pattern_ops index (children_archive_no_pattern).
            Box::new(children::archive_no.like(format!("{}%", escape_like(p))))
        }
    };
    let none = || -> Pred { Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 0")) };
    let any = |preds: Vec<Pred>| -> Pred {
        preds
            .into_iter()
            .reduce(|a, b| Box::new(a.or(b)))
            .unwrap_or_else(none)
    };
    match term {
        Some(ArchiveNoTerm::Prefixes(ps)) => any(ps.iter().map(prefix).collect()),
        Some(ArchiveNoTerm::PrefixesOrExact(ps, exact)) => {
            let mut preds: Vec<Pred> = ps.iter().map(prefix).collect();
            if !exact.is_empty() {
                preds.push(Box::new(children::archive_no.eq_any(exact.clone())));
            }
            any(preds)
        }
        Some(ArchiveNoTerm::Fragment(a)) => {
            Box::new(children::archive_no.like(format!("%{}%", escape_like(a))))
        }
        None => none(),
    }
}

/// What a search term is, decided from its shape, so each kind uses the cheapest predicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryKind {
    Empty,
    /// 18 characters, 17 digits and a digit or X: exact match on the indexed ID number.
    IdNumber(String),
    /// Latin letters only: a prefix of the full pinyin or of the initials (张小明 ← "zxm", "zhangxiaoming").
    Pinyin(String),
    /// Contains Chinese characters: part of the name or a former name.
    Name(String),
    /// Anything else (digits, hyphens): part of the archive number.
    ArchiveNo(String),
}

pub fn query_kind(raw: &str) -> QueryKind {
    let t = raw.trim();
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return QueryKind::Empty;
    }
    // Checked first, so the byte slicing below only ever sees ASCII.
    if !compact.is_ascii() {
        return QueryKind::Name(t.to_string());
    }
    let upper = compact.to_uppercase();
    if upper.len() == 18
        && upper[..17].chars().all(|c| c.is_ascii_digit())
        && upper[17..].chars().all(|c| c.is_ascii_digit() || c == 'X')
    {
        return QueryKind::IdNumber(upper);
    }
    if compact.chars().all(|c| c.is_ascii_alphabetic()) {
        return QueryKind::Pinyin(compact.to_lowercase());
    }
    QueryKind::ArchiveNo(upper)
}

fn escape_like(s: &str) -> String {
    s.replace(['%', '_'], "")
}

#[cfg(test)]
mod query_tests {
    use super::{query_kind, QueryKind};
    #[test]
    fn query_kinds() {
        assert_eq!(query_kind(" zxm "), QueryKind::Pinyin("zxm".into()));
        assert_eq!(
            query_kind("Zhang XiaoMing"),
            QueryKind::Pinyin("zhangxiaoming".into())
        );
        assert_eq!(query_kind("张小明"), QueryKind::Name("张小明".into()));
        assert_eq!(
            query_kind("22010220200501123x"),
            QueryKind::IdNumber("22010220200501123X".into())
        );
        assert_eq!(
            query_kind("cc-cwi-2026"),
            QueryKind::ArchiveNo("CC-CWI-2026".into())
        );
        assert_eq!(query_kind("00017"), QueryKind::ArchiveNo("00017".into()));
        assert_eq!(query_kind("  "), QueryKind::Empty);
        // 18 bytes of Chinese must not be sliced mid-character.
        assert_eq!(
            query_kind("张张张张张张"),
            QueryKind::Name("张张张张张张".into())
        );
    }
}
