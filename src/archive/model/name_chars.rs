//! The characters of a child's names, and their neighbouring pairs, as rows (`child_name_chars`, issue
//! 11), so a search in characters (张小明, or just 张) reads an index range per gram instead of every
//! name in scope. Kept in the same transaction as whatever changes a name or the child's institution.

use super::ChildId;
use crate::db::schema::{child_name_chars, children};
use crate::db::DbConn;
use diesel::prelude::*;
use std::collections::BTreeSet;

/// Whether a character is indexed: everything beyond ASCII that is not a space (Chinese characters,
/// and the few other scripts a name may hold). The migration's backfill uses the same rule.
fn indexed(c: char) -> bool {
    (c as u32) > 126 && !c.is_whitespace()
}

/// The grams of a text: each indexed character, and each pair of neighbouring indexed characters (a
/// pair such as 张俊 is far rarer than either character, so a full name reads a few rows, not the
/// thousand children who share a surname).
pub fn grams(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: BTreeSet<String> = chars
        .iter()
        .filter(|c| indexed(**c))
        .map(|c| c.to_string())
        .collect();
    for w in chars.windows(2) {
        if indexed(w[0]) && indexed(w[1]) {
            out.insert(w.iter().collect());
        }
    }
    out
}

/// The grams a search term asks for: its neighbouring pairs if it has any, else its characters; at
/// most three (the substring test after them is exact anyway).
pub fn term_grams(term: &str) -> Vec<String> {
    let all = grams(term);
    let pairs: Vec<String> = all
        .iter()
        .filter(|g| g.chars().count() == 2)
        .cloned()
        .collect();
    let chosen = if pairs.is_empty() {
        all.into_iter().collect()
    } else {
        pairs
    };
    chosen.into_iter().take(3).collect()
}

/// Write the rows of one child from its stored names and institution, replacing what was there.
pub fn reindex(conn: &mut DbConn, id: ChildId) -> QueryResult<()> {
    let (institution, name, former): (i64, String, String) = children::table
        .find(id)
        .select((
            children::institution_id,
            children::legal_name,
            children::former_names,
        ))
        .first(conn)?;
    let child = i64::from(id);
    diesel::delete(child_name_chars::table.filter(child_name_chars::child_id.eq(child)))
        .execute(conn)?;
    // One row per character (a name has a handful); multi-row VALUES is not available across backends.
    // A space between the name and the former names: no pair spans them.
    for ch in grams(&format!("{name} {former}")) {
        diesel::insert_into(child_name_chars::table)
            .values((
                child_name_chars::ch.eq(ch),
                child_name_chars::institution_id.eq(institution),
                child_name_chars::child_id.eq(child),
            ))
            .execute(conn)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn characters_beyond_ascii_and_their_neighbouring_pairs_are_indexed_once_each() {
        let got: Vec<String> = super::grams("张小张 Zhang、李").into_iter().collect();
        assert_eq!(got, ["、", "、李", "小", "小张", "张", "张小", "李"]);
    }
    #[test]
    fn a_term_asks_for_its_pairs_or_else_its_characters() {
        assert_eq!(super::term_grams("张俊然"), ["俊然", "张俊"]);
        assert_eq!(super::term_grams("张"), ["张"]);
        assert_eq!(super::term_grams("张 俊"), ["俊", "张"]);
        assert_eq!(super::term_grams("欧阳娜娜子"), ["娜娜", "娜子", "欧阳"]);
    }
}
