//! The archive-number search as prefixes (issue 11). An archive number is `{institution code}-{year}-
//! {sequence:05}` (e.g. CC-CWI-2026-00017, `next_archive_no`), and people type it from its start, from
//! the year, or only the sequence. Each shape becomes prefixes or exact numbers, so the search is an
//! index range instead of a substring test on every number in scope:
//!
//! - starts with a letter (`CC-CWI-2026-000`): that prefix;
//! - starts with a year and a hyphen (`2026-00017`, `2026-0`): that prefix after each institution code;
//! - digits only (`17`, `00017`): the sequence number, exactly, in every year an institution has
//!   numbered that far (from `archive_sequences`); four digits are also read as a year prefix.
//!
//! Anything else (a fragment from the middle, `CWI-2026`) is not a prefix and falls back to a substring
//! test (docs/benchmarks.md says why that shape stays slower).

use crate::db::schema::{archive_sequences, institutions};
use crate::db::DbConn;
use diesel::prelude::*;

/// What an archive-number term asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveNoTerm {
    /// Numbers starting with any of these (none: nothing matches).
    Prefixes(Vec<String>),
    /// Numbers starting with one of the prefixes or equal to one of the exact numbers.
    PrefixesOrExact(Vec<String>, Vec<String>),
    /// Not a prefix shape: a substring test.
    Fragment(String),
}

/// Every institution as (id, code). Not only those in scope: a child keeps the archive number it got
/// at its first institution when it is transferred (NA-CWI-2025-00001 may now live at CC-CWI); the
/// children query applies the scope.
fn codes(conn: &mut DbConn) -> QueryResult<Vec<(i64, String)>> {
    institutions::table
        .select((institutions::id, institutions::code))
        .load(conn)
}

/// Turn an (upper-cased) archive-number term into prefixes and exact numbers within the scope.
pub fn expand(conn: &mut DbConn, a: &str) -> QueryResult<ArchiveNoTerm> {
    let first = a.chars().next();
    if first.is_some_and(|c| c.is_ascii_alphabetic()) {
        return Ok(ArchiveNoTerm::Prefixes(vec![a.to_string()]));
    }
    let digits = a.chars().all(|c| c.is_ascii_digit());
    let year_then_hyphen = a.len() >= 5
        && a[..4].chars().all(|c| c.is_ascii_digit())
        && a.as_bytes()[4] == b'-'
        && a[5..].chars().all(|c| c.is_ascii_digit());
    if year_then_hyphen {
        let codes = codes(conn)?;
        return Ok(ArchiveNoTerm::Prefixes(
            codes.into_iter().map(|(_, c)| format!("{c}-{a}")).collect(),
        ));
    }
    if digits && (1..=5).contains(&a.len()) {
        let seq: i32 = a.parse().unwrap_or(0);
        let codes = codes(conn)?;
        let ids: Vec<i64> = codes.iter().map(|(i, _)| *i).collect();
        let years: Vec<(i64, i32)> = archive_sequences::table
            .filter(archive_sequences::institution_id.eq_any(&ids))
            .filter(archive_sequences::last_seq.ge(seq))
            .select((archive_sequences::institution_id, archive_sequences::year))
            .load(conn)?;
        let exact = years
            .into_iter()
            .filter_map(|(i, y)| {
                let code = codes.iter().find(|(id, _)| *id == i)?;
                Some(format!("{}-{y}-{seq:05}", code.1))
            })
            .collect();
        let prefixes = if a.len() == 4 {
            codes
                .into_iter()
                .map(|(_, c)| format!("{c}-{a}-"))
                .collect()
        } else {
            Vec::new()
        };
        return Ok(ArchiveNoTerm::PrefixesOrExact(prefixes, exact));
    }
    Ok(ArchiveNoTerm::Fragment(a.to_string()))
}
