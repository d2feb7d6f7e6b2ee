//! The daily job pass: asks each module for its due and overdue items and keeps them as tasks (待办) for a
//! role or a user at an institution. Runs at start, every day from the server, from `fuyu run-jobs`, and
//! from tests with any date. Idempotent: tasks are keyed, so a second pass on the same day changes nothing.

pub mod handlers;
pub mod platform;
pub mod queue;

use crate::db::schema::{job_runs, tasks};
use crate::db::DbConn;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// One thing someone must do, as computed by a module's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    /// Stable key: the same situation gives the same key every day.
    pub dedupe_key: String,
    pub module: &'static str,
    /// Catalogue key of the task text; `{subject}` in it is replaced by `subject`.
    pub message_key: &'static str,
    /// Non-personal subject text (an institution name, a policy key, an archive number — never an ID number).
    pub subject: String,
    pub link: String,
    pub institution_id: Option<crate::org::InstitutionId>,
    pub role: Option<&'static str>,
    pub user_id: Option<crate::auth::UserId>,
    pub due_date: NaiveDate,
    /// Also e-mail the addressees (through the outbox) when the task opens — once per situation, not
    /// every day: a reminder, not a nag.
    pub mail: bool,
}

/// A module's source of due items.
pub type Source = crate::platform::module::DueSource;

/// Every registered source, with the module name it owns (from each module's registration).
pub fn sources() -> Vec<(&'static str, Source)> {
    crate::modules::ALL
        .iter()
        .filter_map(|m| m.due.map(|d| (m.name, d)))
        .collect()
}

/// The home page (each user's tasks), the admin's run-now button and the platform's own due items.
pub const MODULE: crate::platform::Module = crate::platform::Module {
    name: platform::MODULE,
    pages,
    api: crate::platform::module::nothing,
    openapi: crate::platform::module::no_openapi,
    nav: &[],
    due: Some(platform::due_items),
    setup: None,
    demo: None,
    catalogue_keys: crate::platform::module::no_keys,
};

fn pages(cfg: &mut actix_web::web::ServiceConfig) {
    use actix_web::web;
    cfg.route("/", web::get().to(handlers::home))
        .route("/admin/jobs/run", web::post().to(handlers::run_now));
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    pub opened: usize,
    pub closed: usize,
    pub open_total: usize,
}

/// Whether a pass already ran for `day` (a server started again the same day does not redo it: at
/// 100,000 children a pass reads for seconds; the admin's "run now" button still can).
pub fn ran_on(conn: &mut DbConn, day: NaiveDate) -> QueryResult<bool> {
    use diesel::dsl::exists;
    diesel::select(exists(job_runs::table.filter(job_runs::run_date.eq(day)))).get_result(conn)
}

/// One pass for `today`: open tasks for new due items, close tasks whose item is no longer due.
pub fn run(conn: &mut DbConn, today: NaiveDate, now: NaiveDateTime) -> QueryResult<RunSummary> {
    // What is due is computed before the write transaction: at 100,000 children the sources read for
    // seconds, and holding the one writer that long stalls every other write (logins, the mail worker).
    let mut due = Vec::new();
    for (module, source) in sources() {
        due.push((module, source(conn, today)?));
    }
    crate::db::write_tx(conn, |c| {
        let mut summary = RunSummary::default();
        for (module, items) in &due {
            sync_items(c, module, items, now, &mut summary)?;
        }
        let open: i64 = tasks::table
            .filter(tasks::status.eq("open"))
            .count()
            .get_result(c)?;
        summary.open_total = open as usize;
        diesel::insert_into(job_runs::table)
            .values((
                job_runs::run_date.eq(today),
                job_runs::started_at.eq(now),
                job_runs::tasks_opened.eq(summary.opened as i32),
                job_runs::tasks_closed.eq(summary.closed as i32),
            ))
            .execute(c)?;
        Ok(summary)
    })
}

/// Bring one module's tasks up to date now, inside the caller's transaction: a module calls this after
/// an event (a submission, a return, a discrepancy, a completion) so the task appears — or closes — at
/// once, not at the next daily pass. Only for modules whose due items are cheap to compute.
pub fn refresh(
    c: &mut DbConn,
    module: &str,
    today: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<RunSummary> {
    // A write transaction of its own when the caller has none (a savepoint inside the caller's).
    crate::db::write_tx(c, |c| {
        let mut summary = RunSummary::default();
        for (name, source) in sources().into_iter().filter(|(n, _)| *n == module) {
            sync(c, name, source, today, now, &mut summary)?;
        }
        Ok(summary)
    })
}

/// Open, reopen and close one source's tasks.
fn sync(
    c: &mut DbConn,
    module: &'static str,
    source: Source,
    today: NaiveDate,
    now: NaiveDateTime,
    summary: &mut RunSummary,
) -> QueryResult<()> {
    let items = source(c, today)?;
    sync_items(c, module, &items, now, summary)
}

/// Open, reopen and close one module's tasks against its due items.
fn sync_items(
    c: &mut DbConn,
    module: &'static str,
    items: &[DueItem],
    now: NaiveDateTime,
    summary: &mut RunSummary,
) -> QueryResult<()> {
    // The module's tasks read once (not one query per due item), and the ones to close found here:
    // at 100,000 children a `NOT IN` of every due key passes SQLite's limit of bound values.
    let existing: std::collections::HashMap<String, (i64, String)> = tasks::table
        .filter(tasks::module.eq(module))
        .select((tasks::dedupe_key, tasks::id, tasks::status))
        .load::<(String, i64, String)>(c)?
        .into_iter()
        .map(|(k, id, st)| (k, (id, st)))
        .collect();
    let due: std::collections::HashSet<&str> =
        items.iter().map(|i| i.dedupe_key.as_str()).collect();
    // Keys unique across the table (not only the module's) are looked up in chunks, not one by one.
    let unknown: Vec<&str> = due
        .iter()
        .copied()
        .filter(|k| !existing.contains_key(*k))
        .collect();
    let mut elsewhere = std::collections::HashMap::new();
    for keys in unknown.chunks(500) {
        elsewhere.extend(
            tasks::table
                .filter(tasks::dedupe_key.eq_any(keys))
                .select((tasks::dedupe_key, tasks::id, tasks::status))
                .load::<(String, i64, String)>(c)?
                .into_iter()
                .map(|(k, id, st)| (k, (id, st))),
        );
    }
    let mut seen = std::collections::HashSet::new();
    for item in items {
        // A source naming the same key twice makes one task.
        if !seen.insert(item.dedupe_key.as_str()) {
            continue;
        }
        let found = existing
            .get(&item.dedupe_key)
            .or_else(|| elsewhere.get(&item.dedupe_key))
            .cloned();
        match found {
            None => {
                diesel::insert_into(tasks::table)
                    .values((
                        tasks::dedupe_key.eq(&item.dedupe_key),
                        tasks::module.eq(item.module),
                        tasks::message_key.eq(item.message_key),
                        tasks::subject.eq(&item.subject),
                        tasks::link.eq(&item.link),
                        tasks::institution_id.eq(item.institution_id),
                        tasks::role.eq(item.role),
                        tasks::user_id.eq(item.user_id),
                        tasks::due_date.eq(item.due_date),
                        tasks::status.eq("open"),
                        tasks::created_at.eq(now),
                    ))
                    .execute(c)?;
                summary.opened += 1;
                remind(c, item, now)?;
            }
            Some((id, status)) if status != "open" => {
                diesel::update(tasks::table.find(id))
                    .set((
                        tasks::status.eq("open"),
                        tasks::closed_at.eq(None::<NaiveDateTime>),
                        tasks::due_date.eq(item.due_date),
                    ))
                    .execute(c)?;
                summary.opened += 1;
                remind(c, item, now)?;
            }
            Some(_) => {}
        }
    }
    let to_close: Vec<i64> = existing
        .iter()
        .filter(|(k, (_, st))| st == "open" && !due.contains(k.as_str()))
        .map(|(_, (id, _))| *id)
        .collect();
    for ids in to_close.chunks(500) {
        summary.closed += diesel::update(tasks::table.filter(tasks::id.eq_any(ids)))
            .set((tasks::status.eq("done"), tasks::closed_at.eq(Some(now))))
            .execute(c)?;
    }
    Ok(())
}

/// E-mail a task that asks for it to its addressees with an e-mail address: the named user, or the
/// active users of the role at the institution. Subjects and bodies are in Chinese (mail is read outside
/// the app; the task text carries no personal identifiers).
fn remind(c: &mut DbConn, item: &DueItem, now: NaiveDateTime) -> QueryResult<()> {
    if !item.mail {
        return Ok(());
    }
    let to = addressees(c, item)?;
    if to.is_empty() {
        return Ok(());
    }
    let tr = crate::platform::catalogue(crate::platform::Lang::Zh);
    let subject = tr.tf(item.message_key, &[("subject", &item.subject)]);
    let body = tr.tf(
        "mail.task_body",
        &[("task", &subject), ("link", &item.link)],
    );
    for to in to {
        crate::mail::enqueue(c, &to, &subject, &body, now)?;
    }
    Ok(())
}

/// The e-mail addresses a task reaches: the named user, or the active users of the role at the
/// institution — for supervisors, those whose division holds the institution.
pub fn addressees(c: &mut DbConn, item: &DueItem) -> QueryResult<Vec<String>> {
    use crate::db::schema::users;
    let mut q = users::table
        .filter(users::active.eq(true))
        .select(users::email)
        .into_boxed();
    q = match (item.user_id, item.role, item.institution_id) {
        (Some(u), _, _) => q.filter(users::id.eq(u)),
        // Supervisors hold a division, not an institution: a task for "the supervisor" of an
        // institution reaches the supervisors whose division holds it (as `open_for` shows it to them).
        (None, Some(r), Some(i)) if r == crate::auth::Role::Supervisor.code() => q
            .filter(users::role.eq(r))
            .filter(users::division_id.eq_any(divisions_holding(c, i)?)),
        (None, Some(r), Some(i)) => q
            .filter(users::role.eq(r))
            .filter(users::institution_id.eq(i)),
        (None, Some(r), None) => q.filter(users::role.eq(r)),
        (None, None, _) => return Ok(Vec::new()),
    };
    Ok(q.load::<Option<String>>(c)?.into_iter().flatten().collect())
}

/// The division of an institution and every division above it (county → city → province).
fn divisions_holding(
    c: &mut DbConn,
    institution: crate::org::InstitutionId,
) -> QueryResult<Vec<i64>> {
    use crate::db::schema::{divisions, institutions};
    let mut out = Vec::new();
    let mut next: Option<i64> = institutions::table
        .find(institution)
        .select(institutions::division_id)
        .first(c)
        .optional()?;
    // A division tree is a few levels deep; the bound stops a cycle in bad reference data.
    while let Some(d) = next.filter(|_| out.len() < 16) {
        out.push(d);
        next = divisions::table
            .find(d)
            .select(divisions::parent_id)
            .first::<Option<i64>>(c)
            .optional()?
            .flatten();
    }
    Ok(out)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks)]
pub struct Task {
    pub id: i64,
    pub module: String,
    pub message_key: String,
    pub subject: String,
    pub link: String,
    pub institution_id: Option<crate::org::InstitutionId>,
    pub role: Option<String>,
    pub user_id: Option<crate::auth::UserId>,
    pub due_date: NaiveDate,
}

/// Open tasks for this user: addressed to them, or to their role at their institution (admins: their role
/// anywhere; supervisors: their role at institutions in their division).
pub fn open_for(conn: &mut DbConn, user: &crate::auth::model::User) -> QueryResult<Vec<Task>> {
    let scope = crate::auth::scope::institution_scope(conn, user)?;
    let rows: Vec<Task> = tasks::table
        .filter(tasks::status.eq("open"))
        .filter(tasks::user_id.eq(user.id).or(tasks::role.eq(&user.role)))
        .order((tasks::due_date.asc(), tasks::id.asc()))
        .select(Task::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|t| {
            t.user_id == Some(user.id) || t.institution_id.is_none_or(|i| scope.contains(i))
        })
        .collect())
}

/// Aggregate counts for the oversight dashboard (issue 17).
pub mod stats;
