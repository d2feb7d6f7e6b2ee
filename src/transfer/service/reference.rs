//! The formal reference number (文号) of a transfer batch, e.g. 农安移〔2026〕1号: the sending
//! institution's short name + 移 + 〔year〕 + sequence number + 号.
//!
//! - **When**: assigned once, in the submission's transaction (the moment the sending institution
//!   issues the list to the receiver). A batch returned and submitted again keeps its number; a draft
//!   has none; a batch cancelled after submission keeps its number, which is never reused (a gap in the
//!   series, as with any withdrawn document).
//! - **Stored** in `transfer_batches.reference` (unique), with its parts `reference_issuer`,
//!   `reference_year` and `reference_seq` (unique together), so a signed copy always matches the
//!   system even if the institution is renamed later.
//! - **Year** is the year of submission (the injectable clock's date).
//! - **Sequence** counts per short name and year. Institutions have distinct short names in practice,
//!   so this is the per-sender-per-year series; two institutions that would share a short name share
//!   one series, which keeps every reference unique.
//! - **Short name** ([`short_name`]): see its rule below; pure and unit-tested.
//!
//! On PostgreSQL two submissions at once are serialised by a transaction-scoped advisory lock on the
//! year; SQLite writes are already serialised (`BEGIN IMMEDIATE`).

use crate::db::schema::{institutions, transfer_batches as tb};
use crate::db::DbConn;
use crate::transfer::model::BatchId;
use crate::transfer::rules::BatchState;
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

/// Endings that name the kind of institution, longest first; they are not part of the short name.
const KINDS: &[&str] = &[
    "未成年人救助保护中心",
    "儿童福利指导中心",
    "儿童福利服务中心",
    "社会福利服务中心",
    "儿童福利中心",
    "社会福利中心",
    "儿童福利机构",
    "儿童福利院",
    "社会福利院",
    "儿童村",
    "福利院",
    "救助站",
];

/// Endings of administrative units, longest first.
const UNITS: &[&str] = &[
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "州",
    "盟",
];

/// The sending institution's short name, from its full name:
/// 1. drop the institution-kind ending (儿童福利院, 社会福利院, 儿童福利中心, …);
/// 2. what remains is a chain of administrative units (吉林省长春市农安县): take the last unit whose
///    name has at least two characters after the previous unit ending (so 通州 or 苏州 are not cut
///    at their 州), and drop its ending (县, 市, 区, 旗, …): 农安县 → 农安, 榆树市 → 榆树;
/// 3. for an autonomous unit (…族自治县/旗/州) keep the first two characters, the customary short
///    form: 伊通满族自治县 → 伊通, 前郭尔罗斯蒙古族自治县 → 前郭;
/// 4. a name with no unit (春晖儿童福利院) keeps what is left (春晖); if nothing is left, the whole name.
///
/// Whitespace is ignored.
pub fn short_name(institution_name: &str) -> String {
    let full: String = institution_name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let place = KINDS
        .iter()
        .find_map(|k| full.strip_suffix(k))
        .unwrap_or(&full);
    let chars: Vec<char> = place.chars().collect();
    // Where each administrative unit ends (index after its last character).
    let mut ends = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        match UNITS.iter().find(|u| rest.starts_with(*u)) {
            Some(u) => {
                let end = i + u.chars().count();
                let start = ends.last().copied().unwrap_or(0);
                if i - start >= 2 || (i - start == 1 && end == chars.len()) {
                    ends.push(end);
                }
                i = end;
            }
            None => i += 1,
        }
    }
    let short: String = match ends.as_slice() {
        [] => place.to_string(),
        [.., last] if *last < chars.len() => {
            // Text after the last unit (e.g. 长春市春晖儿童福利院): that text is the name.
            chars[*last..].iter().collect()
        }
        [.., before, _] => last_unit(&chars[*before..]),
        _ => last_unit(&chars),
    };
    if short.is_empty() {
        full
    } else {
        short
    }
}

/// One administrative unit (农安县, 伊通满族自治县) without its ending.
fn last_unit(chars: &[char]) -> String {
    let unit: String = chars.iter().collect();
    let suffix = UNITS.iter().find(|u| unit.ends_with(*u)).copied();
    let name = suffix
        .and_then(|s| unit.strip_suffix(s))
        .unwrap_or(&unit)
        .to_string();
    if suffix.is_some_and(|s| s.starts_with("自治")) {
        name.chars().take(2).collect()
    } else {
        name
    }
}

/// 农安移〔2026〕1号.
pub fn format(issuer: &str, year: i32, seq: i32) -> String {
    format!("{issuer}移〔{year}〕{seq}号")
}

/// On submission, give the batch its reference (the one call in the batch actions).
pub fn on_transition(
    conn: &mut DbConn,
    batch: BatchId,
    to: BatchState,
    today: NaiveDate,
) -> QueryResult<()> {
    if to == BatchState::Submitted {
        assign(conn, batch, today)
    } else {
        Ok(())
    }
}

/// Give the batch its reference unless it has one. Runs inside the submission's write transaction.
pub fn assign(conn: &mut DbConn, batch: BatchId, today: NaiveDate) -> QueryResult<()> {
    let (sender, current): (crate::org::InstitutionId, Option<String>) = tb::table
        .find(batch)
        .select((tb::sender_institution_id, tb::reference))
        .first(conn)?;
    if current.is_some() {
        return Ok(());
    }
    let name: String = institutions::table
        .find(sender)
        .select(institutions::name)
        .first(conn)?;
    let issuer = short_name(&name);
    let year = today.year();
    if let DbConn::Pg(pg) = conn {
        // Held until the transaction ends: a concurrent submission waits, then sees this number.
        diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind::<diesel::sql_types::Integer, _>(LOCK_SPACE)
            .bind::<diesel::sql_types::Integer, _>(year)
            .execute(pg)?;
    }
    let last: Option<i32> = tb::table
        .filter(tb::reference_issuer.eq(&issuer))
        .filter(tb::reference_year.eq(year))
        .select(diesel::dsl::max(tb::reference_seq))
        .first(conn)?;
    let seq = last.unwrap_or(0) + 1;
    diesel::update(tb::table.find(batch).filter(tb::reference.is_null()))
        .set((
            tb::reference.eq(format(&issuer, year, seq)),
            tb::reference_issuer.eq(&issuer),
            tb::reference_year.eq(year),
            tb::reference_seq.eq(seq),
        ))
        .execute(conn)?;
    Ok(())
}

/// The advisory-lock namespace of transfer references ("TR").
const LOCK_SPACE: i32 = 0x5452;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_and_city_institutions() {
        assert_eq!(short_name("农安县儿童福利院"), "农安");
        assert_eq!(short_name("长春市儿童福利院"), "长春");
        assert_eq!(short_name("榆树市儿童福利院"), "榆树");
        assert_eq!(short_name("永吉县社会福利院"), "永吉");
        assert_eq!(short_name(" 磐石市 儿童福利中心 "), "磐石");
    }

    #[test]
    fn the_last_unit_of_a_chain_names_the_institution() {
        assert_eq!(short_name("吉林省长春市农安县儿童福利院"), "农安");
        assert_eq!(short_name("吉林省儿童福利院"), "吉林");
        assert_eq!(short_name("长春市二道区儿童福利院"), "二道");
    }

    #[test]
    fn unit_characters_inside_a_name_are_not_endings() {
        assert_eq!(short_name("苏州市儿童福利院"), "苏州");
        assert_eq!(short_name("通州区儿童福利院"), "通州");
        assert_eq!(short_name("沛县儿童福利院"), "沛");
    }

    #[test]
    fn autonomous_units_keep_two_characters() {
        assert_eq!(short_name("伊通满族自治县儿童福利院"), "伊通");
        assert_eq!(short_name("前郭尔罗斯蒙古族自治县儿童福利院"), "前郭");
        assert_eq!(short_name("延边朝鲜族自治州儿童福利院"), "延边");
    }

    #[test]
    fn names_without_a_unit_or_kind() {
        assert_eq!(short_name("春晖儿童福利院"), "春晖");
        assert_eq!(short_name("长春市春晖儿童村"), "春晖");
        assert_eq!(short_name("儿童福利院"), "儿童福利院");
        assert_eq!(short_name("Test Home"), "TestHome");
    }

    #[test]
    fn the_reference_reads_like_a_document_number() {
        assert_eq!(format("农安", 2026, 1), "农安移〔2026〕1号");
        assert_eq!(format("榆树", 2027, 12), "榆树移〔2027〕12号");
    }
}
