//! Append-only, hash-chained audit log (审计日志). Each row stores SHA-256 over its own content and the
//! previous row's hash, so altering or removing any row breaks the chain from that row on.

pub mod batch;
pub mod handlers;

use crate::auth::Action;
use crate::platform::module::{self, Module, NavEntry};

/// The audit log page (admin).
pub const MODULE: Module = Module {
    name: "audit",
    pages,
    api: module::nothing,
    openapi: module::no_openapi,
    nav: &[NavEntry {
        href: "/admin/audit",
        label: "nav.audit",
        action: Action::ViewAudit,
        order: 95,
        unless: None,
    }],
    due: None,
    setup: None,
    demo: None,
    catalogue_keys: module::no_keys,
};

fn pages(cfg: &mut actix_web::web::ServiceConfig) {
    use actix_web::web;
    cfg.route("/admin/audit", web::get().to(handlers::page));
}

use crate::db::schema::audit_log;
use crate::db::DbConn;
use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

/// Hash that starts the chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did it and from where.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<crate::auth::UserId>,
    pub name: String,
    pub client_addr: String,
}

impl Actor {
    pub fn system(name: &str) -> Self {
        Actor {
            user_id: None,
            name: name.to_string(),
            client_addr: "local".into(),
        }
    }
}

/// One thing to record. `detail` must never carry personal identifiers (ID numbers, names of children).
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub action: &'a str,
    pub resource_type: &'a str,
    pub record_id: Option<String>,
    pub outcome: &'a str,
    pub detail: String,
}

impl<'a> Event<'a> {
    pub fn ok(action: &'a str, resource_type: &'a str, record_id: impl ToString) -> Self {
        Event {
            action,
            resource_type,
            record_id: Some(record_id.to_string()),
            outcome: "success",
            detail: String::new(),
        }
    }
    pub fn with_outcome(mut self, outcome: &'a str) -> Self {
        self.outcome = outcome;
        self
    }
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub resource_type: String,
    pub record_id: Option<String>,
    pub outcome: String,
    pub client_addr: String,
    pub detail: String,
    pub prev_hash: String,
    pub row_hash: String,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewAuditRow<'a> {
    occurred_at: NaiveDateTime,
    actor_id: Option<i64>,
    actor_name: &'a str,
    action: &'a str,
    resource_type: &'a str,
    record_id: Option<&'a str>,
    outcome: &'a str,
    client_addr: &'a str,
    detail: &'a str,
    prev_hash: &'a str,
    row_hash: &'a str,
}

/// The exact bytes hashed: every content field, length-prefixed so no two rows can collide by shifting text.
#[allow(clippy::too_many_arguments)]
fn digest(
    prev: &str,
    at: NaiveDateTime,
    actor_id: Option<i64>,
    actor_name: &str,
    action: &str,
    resource_type: &str,
    record_id: Option<&str>,
    outcome: &str,
    client_addr: &str,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    let at = at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
    let actor = actor_id.map(|i| i.to_string()).unwrap_or_default();
    for part in [
        prev,
        &at,
        &actor,
        actor_name,
        action,
        resource_type,
        record_id.unwrap_or("\u{0}"),
        outcome,
        client_addr,
        detail,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Append one row. Call inside the transaction of the change it records, so both commit or neither.
pub fn record(
    conn: &mut DbConn,
    at: NaiveDateTime,
    actor: &Actor,
    ev: &Event<'_>,
) -> QueryResult<()> {
    let prev = lock_head(conn)?;
    append(conn, &prev, at, actor, ev)?;
    Ok(())
}

/// The hash of the chain's last row (or the genesis value), inside the caller's write transaction; on
/// PostgreSQL it first takes the chain's lock so two transactions never chain onto the same head.
pub(crate) fn lock_head(conn: &mut DbConn) -> QueryResult<String> {
    if let DbConn::Pg(_) = conn {
        conn.batch_execute("SELECT pg_advisory_xact_lock(727100)")?;
    }
    // The head through MAX(id) rather than ORDER BY … LIMIT ?: SQLite re-prepares a statement with a
    // bound LIMIT on every execution (see crate::db).
    let head: Option<i64> = audit_log::table
        .select(diesel::dsl::max(audit_log::id))
        .get_result(conn)?;
    let prev: Option<String> = match head {
        Some(id) => audit_log::table
            .find(id)
            .select(audit_log::row_hash)
            .get_result(conn)
            .optional()?,
        None => None,
    };
    Ok(prev.unwrap_or_else(|| GENESIS.to_string()))
}

/// Append one row after the row whose hash is `prev`; returns the new row's hash (the next `prev`: a
/// batch chains its rows in memory instead of reading the head back for each).
pub(crate) fn append(
    conn: &mut DbConn,
    prev: &str,
    at: NaiveDateTime,
    actor: &Actor,
    ev: &Event<'_>,
) -> QueryResult<String> {
    let at = crate::clock::truncate_micros(at);
    let rid = ev.record_id.as_deref();
    let hash = digest(
        prev,
        at,
        actor.user_id.map(i64::from),
        &actor.name,
        ev.action,
        ev.resource_type,
        rid,
        ev.outcome,
        &actor.client_addr,
        &ev.detail,
    );
    // On the backend's own connection: the row's eleven columns are not written out as SQL text
    // three times per insert (crate::on_backend; every view appends one, issue 11).
    crate::on_backend!(conn, |b| diesel::insert_into(audit_log::table)
        .values(NewAuditRow {
            occurred_at: at,
            actor_id: actor.user_id.map(i64::from),
            actor_name: &actor.name,
            action: ev.action,
            resource_type: ev.resource_type,
            record_id: rid,
            outcome: ev.outcome,
            client_addr: &actor.client_addr,
            detail: &ev.detail,
            prev_hash: prev,
            row_hash: &hash,
        })
        .execute(b))?;
    Ok(hash)
}

/// Record an event with no other change (e.g. a view or a failed login). Within a request it goes to the
/// batched view writer (`batch`: one transaction for every event waiting); elsewhere (commands, tests
/// calling services directly) in its own write transaction.
pub fn record_alone(
    conn: &mut DbConn,
    at: NaiveDateTime,
    actor: &Actor,
    ev: &Event<'_>,
) -> QueryResult<()> {
    if batch::defer(at, actor, ev) {
        return Ok(());
    }
    crate::db::write_tx_unversioned(conn, |c| record(c, at, actor, ev))
}

/// Result of checking the whole chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verify {
    Intact { rows: u64 },
    Broken { row_id: i64, reason: String },
}

/// Walk the chain in id order, in pages, recomputing every hash.
pub fn verify(conn: &mut DbConn) -> QueryResult<Verify> {
    let mut prev = GENESIS.to_string();
    let mut last_id = 0i64;
    let mut rows = 0u64;
    loop {
        let page: Vec<AuditRow> = audit_log::table
            .filter(audit_log::id.gt(last_id))
            .order(audit_log::id.asc())
            .limit(5000)
            .select(AuditRow::as_select())
            .load(conn)?;
        if page.is_empty() {
            return Ok(Verify::Intact { rows });
        }
        for r in page {
            if r.prev_hash != prev {
                return Ok(Verify::Broken {
                    row_id: r.id,
                    reason: "previous-hash link does not match the row before it (a row was removed or altered)".into(),
                });
            }
            let h = digest(
                &prev,
                r.occurred_at,
                r.actor_id,
                &r.actor_name,
                &r.action,
                &r.resource_type,
                r.record_id.as_deref(),
                &r.outcome,
                &r.client_addr,
                &r.detail,
            );
            if h != r.row_hash {
                return Ok(Verify::Broken {
                    row_id: r.id,
                    reason: "content does not match its hash (the row was altered)".into(),
                });
            }
            prev = r.row_hash;
            last_id = r.id;
            rows += 1;
        }
    }
}

/// Filter for the admin page.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub resource_type: Option<String>,
    pub record_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<i64>,
}

pub const PAGE_SIZE: i64 = 50;

pub fn search(conn: &mut DbConn, f: &AuditFilter) -> QueryResult<Vec<AuditRow>> {
    let mut q = audit_log::table.select(AuditRow::as_select()).into_boxed();
    let nonempty = |o: &Option<String>| {
        o.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    if let Some(a) = nonempty(&f.actor) {
        q = q.filter(audit_log::actor_name.eq(a));
    }
    if let Some(a) = nonempty(&f.action) {
        q = q.filter(audit_log::action.eq(a));
    }
    if let Some(a) = nonempty(&f.resource_type) {
        q = q.filter(audit_log::resource_type.eq(a));
    }
    if let Some(a) = nonempty(&f.record_id) {
        q = q.filter(audit_log::record_id.eq(a));
    }
    if let Some(d) =
        nonempty(&f.from).and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
    {
        q = q.filter(audit_log::occurred_at.ge(d.and_time(chrono::NaiveTime::MIN)));
    }
    if let Some(d) =
        nonempty(&f.to).and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
    {
        if let Some(next) = d.succ_opt() {
            q = q.filter(audit_log::occurred_at.lt(next.and_time(chrono::NaiveTime::MIN)));
        }
    }
    let page = f.page.unwrap_or(1).max(1);
    q.order(audit_log::id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .load(conn)
}
