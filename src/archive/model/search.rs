//! Child search: the list filters, the search query and what a search term is.

use super::{Child, ChildStatus};
use crate::auth::scope::InstitutionScope;
use crate::db::schema::children;
use crate::db::DbConn;
use chrono::NaiveDate;
use diesel::prelude::*;

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
) -> QueryResult<(Vec<Child>, i64)> {
    let sqlite = crate::db::is_sqlite(conn);
    let build = || {
        let mut q = children::table.into_boxed();
        if let InstitutionScope::Only(ids) = scope {
            q = q.filter(children::institution_id.eq_any(ids.clone()));
        }
        if let Some(i) = f.institution {
            q = q.filter(children::institution_id.eq(i));
        }
        // "all" lists every status; an unknown code falls back to the default (active).
        match f.status.as_deref() {
            Some("all") => {}
            s => {
                let st = s
                    .and_then(ChildStatus::parse)
                    .unwrap_or(ChildStatus::Active);
                q = q.filter(children::status.eq(st))
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
        match f.q.as_deref().map(query_kind) {
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
                let like = format!("%{}%", escape_like(&n));
                q = q.filter(
                    children::legal_name
                        .like(like.clone())
                        .or(children::former_names.like(like)),
                );
            }
            Some(QueryKind::ArchiveNo(a)) => {
                q = q.filter(children::archive_no.like(format!("%{}%", escape_like(&a))))
            }
            Some(QueryKind::Empty) | None => {}
        }
        q
    };
    let mut q = build().select(Child::as_select());
    q = match f.sort.as_deref() {
        Some("name") => q.order((children::name_pinyin.asc(), children::id.asc())),
        Some("birth") => q.order((children::birth_date.asc(), children::id.asc())),
        Some("intake") => q.order((children::intake_date.desc(), children::id.desc())),
        _ => q.order(children::archive_no.asc()),
    };
    let rows: Vec<Child> = q
        .limit(f.per_page())
        .offset((f.page() - 1) * f.per_page())
        .load(conn)?;
    // A first page that is not full already says how many there are: skip the second scan.
    let total = if f.page() == 1 && (rows.len() as i64) < f.per_page() {
        rows.len() as i64
    } else {
        build().count().get_result(conn)?
    };
    Ok((rows, total))
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
