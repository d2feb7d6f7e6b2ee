//! Policy store (政策参数): effective-dated legal thresholds with national defaults and province/city
//! overrides. Modules read thresholds only through `int` / `date` / `text`, naming a constant from
//! [`keys`]; values are checked against their key's kind when entered; old values are never overwritten.

pub mod handlers;
pub mod keys;

use crate::auth::Action;
use crate::db::schema::{divisions, policy_values};
use crate::db::{CachedExt, DbConn};
use crate::error::{AppError, AppResult};
use crate::platform::module::{self, Module, NavEntry};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

pub const NATIONAL: &str = "CN";

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = policy_values)]
pub struct PolicyValue {
    pub id: i64,
    pub key: String,
    pub jurisdiction: String,
    pub value: String,
    pub effective_from: NaiveDate,
    pub source: String,
    pub verified: bool,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Insert the registry's seeded values that are missing; returns how many were added.
pub fn ensure_defaults(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let mut added = 0;
    for k in keys::all() {
        let Ok(from) = NaiveDate::parse_from_str(k.effective_from, "%Y-%m-%d") else {
            continue;
        };
        let exists: i64 = policy_values::table
            .filter(policy_values::key.eq(k.key))
            .filter(policy_values::jurisdiction.eq(k.jurisdiction))
            .filter(policy_values::effective_from.eq(from))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            insert(
                conn,
                k.key,
                k.jurisdiction,
                k.default,
                from,
                k.source,
                k.verified,
                None,
                now,
            )?;
            added += 1;
        }
    }
    Ok(added)
}

#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut DbConn,
    key: &str,
    jurisdiction: &str,
    value: &str,
    from: NaiveDate,
    source: &str,
    verified: bool,
    by: Option<crate::auth::UserId>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(policy_values::table)
        .values((
            policy_values::key.eq(key),
            policy_values::jurisdiction.eq(jurisdiction),
            policy_values::value.eq(value),
            policy_values::effective_from.eq(from),
            policy_values::source.eq(source),
            policy_values::verified.eq(verified),
            policy_values::created_by.eq(by),
            policy_values::created_at.eq(now),
        ))
        .execute(conn)
}

/// The jurisdictions that apply to a division, most specific first: county, city, province, then `CN`.
pub fn jurisdiction_chain(conn: &mut DbConn, division_id: Option<i64>) -> QueryResult<Vec<String>> {
    let mut chain = Vec::new();
    let mut next = division_id;
    while let Some(id) = next {
        let row: Option<(String, Option<i64>)> = crate::on_backend!(conn, |b| divisions::table
            .find(id)
            .select((divisions::code, divisions::parent_id))
            .get_result(b)
            .optional())?;
        let Some((code, parent)) = row else { break };
        chain.push(code);
        next = parent;
        if chain.len() > 8 {
            break;
        }
    }
    chain.push(NATIONAL.to_string());
    Ok(chain)
}

/// Pure choice: among `rows` for one key, the value of the most specific jurisdiction in `chain` that has a
/// value in force on `on` (latest `effective_from` not after `on`).
pub fn choose<'a>(
    rows: &'a [PolicyValue],
    chain: &[String],
    on: NaiveDate,
) -> Option<&'a PolicyValue> {
    chain.iter().find_map(|j| {
        rows.iter()
            .filter(|r| &r.jurisdiction == j && r.effective_from <= on)
            .max_by_key(|r| (r.effective_from, r.id))
    })
}

/// The value of `key` in force on `on` for a division (None = national).
pub fn text(
    conn: &mut DbConn,
    key: &str,
    division_id: Option<i64>,
    on: NaiveDate,
) -> AppResult<PolicyValue> {
    let chain = jurisdiction_chain(conn, division_id)?;
    let rows: Vec<PolicyValue> = policy_values::table
        .filter(policy_values::key.eq(key))
        .select(PolicyValue::as_select())
        .load(conn)?;
    choose(&rows, &chain, on).cloned().ok_or_else(|| {
        AppError::Internal(format!("policy value {key} has no value in force on {on}"))
    })
}

/// Several values of one division on one day, read together: the jurisdiction chain once and the rows
/// of every key in one query (a page that needs a dozen thresholds asked the chain a dozen times — the
/// care panel's cost on the archive page, docs/benchmarks.md). Each value is chosen exactly as by
/// [`text`].
pub struct Snapshot {
    chain: Vec<String>,
    rows: Vec<PolicyValue>,
    on: NaiveDate,
}

impl Snapshot {
    pub fn read(
        conn: &mut DbConn,
        keys: &[&str],
        division_id: Option<i64>,
        on: NaiveDate,
    ) -> AppResult<Snapshot> {
        Ok(Snapshot {
            chain: jurisdiction_chain(conn, division_id)?,
            // A caller's fixed list of keys: one kept statement per list (crate::db::cached).
            // On the backend's own connection (crate::on_backend): no SQL text per read.
            rows: crate::on_backend!(conn, |b| policy_values::table
                .filter(policy_values::key.eq_any(keys))
                .select(PolicyValue::as_select())
                .cached()
                .load(b))?,
            on,
        })
    }

    /// As [`text`] (an error when the key has no value in force, or was not read).
    pub fn text(&self, key: &str) -> AppResult<&PolicyValue> {
        let rows: Vec<PolicyValue> = self.rows.iter().filter(|r| r.key == key).cloned().collect();
        let chosen = choose(&rows, &self.chain, self.on).map(|v| v.id);
        chosen
            .and_then(|id| self.rows.iter().find(|r| r.id == id))
            .ok_or_else(|| {
                AppError::Internal(format!(
                    "policy value {key} has no value in force on {}",
                    self.on
                ))
            })
    }

    /// As [`int`].
    pub fn int(&self, key: &str) -> AppResult<i64> {
        let v = self.text(key)?;
        v.value
            .trim()
            .parse()
            .map_err(|_| unreadable(v, "is not a whole number"))
    }
}

/// An integer threshold. Values entered on the policy page are checked by [`keys::check`]; a row stored
/// before that check that does not parse is an error for the caller (logged), never a panic.
pub fn int(
    conn: &mut DbConn,
    key: &str,
    division_id: Option<i64>,
    on: NaiveDate,
) -> AppResult<i64> {
    let v = text(conn, key, division_id, on)?;
    v.value
        .trim()
        .parse()
        .map_err(|_| unreadable(&v, "is not a whole number"))
}

/// A date-valued policy (YYYY-MM-DD); a stored row that does not parse is an error, as for [`int`].
pub fn date(
    conn: &mut DbConn,
    key: &str,
    division_id: Option<i64>,
    on: NaiveDate,
) -> AppResult<NaiveDate> {
    let v = text(conn, key, division_id, on)?;
    NaiveDate::parse_from_str(v.value.trim(), "%Y-%m-%d")
        .map_err(|_| unreadable(&v, "is not a date"))
}

/// The error for a stored value its reader cannot use (a row from before values were checked at entry).
fn unreadable(v: &PolicyValue, what: &str) -> AppError {
    let msg = format!(
        "policy value {} (row {}, {} from {}) {what}: {:?}",
        v.key, v.id, v.jurisdiction, v.effective_from, v.value
    );
    // Also logged here because some readers fall back to a default instead of returning the error.
    log::warn!("{msg}; add a corrected value on /policy");
    AppError::Internal(msg)
}

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<PolicyValue>> {
    policy_values::table
        .order((
            policy_values::key.asc(),
            policy_values::jurisdiction.asc(),
            policy_values::effective_from.desc(),
        ))
        .select(PolicyValue::as_select())
        .load(conn)
}

/// The policy store's pages; national defaults are ensured at every start.
pub const MODULE: Module = Module {
    name: "policy",
    pages,
    api: module::nothing,
    openapi: module::no_openapi,
    nav: &[NavEntry {
        href: "/policy",
        label: "nav.policy",
        action: Action::ViewPolicy,
        order: 85,
        unless: None,
    }],
    due: None,
    setup: Some(setup),
    demo: None,
    catalogue_keys: module::no_keys,
};

fn pages(cfg: &mut actix_web::web::ServiceConfig) {
    use actix_web::web;
    cfg.route("/policy", web::get().to(handlers::view))
        .route("/admin/policy", web::post().to(handlers::add));
}

fn setup(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<()> {
    ensure_defaults(conn, now).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    fn row(id: i64, j: &str, v: &str, from: (i32, u32, u32)) -> PolicyValue {
        PolicyValue {
            id,
            key: "k".into(),
            jurisdiction: j.into(),
            value: v.into(),
            effective_from: NaiveDate::from_ymd_opt(from.0, from.1, from.2).unwrap(),
            source: String::new(),
            verified: true,
            created_by: None,
            created_at: NaiveDateTime::default(),
        }
    }
    #[test]
    fn most_specific_then_latest_in_force() {
        let rows = vec![
            row(1, "CN", "30", (2014, 12, 1)),
            row(2, "22", "31", (2026, 1, 1)),
            row(3, "CN", "32", (2027, 1, 1)),
        ];
        let chain: Vec<String> = vec!["2201".into(), "22".into(), "CN".into()];
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(choose(&rows, &chain, d(2025, 12, 31)).unwrap().value, "30");
        assert_eq!(choose(&rows, &chain, d(2026, 1, 1)).unwrap().value, "31");
        assert_eq!(
            choose(&rows, &chain, d(2027, 6, 1)).unwrap().value,
            "31",
            "province override wins over a newer national value"
        );
        assert_eq!(
            choose(&rows, &["CN".to_string()], d(2027, 1, 1))
                .unwrap()
                .value,
            "32"
        );
        assert!(choose(&rows, &chain, d(2000, 1, 1)).is_none());
    }
}
