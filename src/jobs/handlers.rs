//! The home page (首页): the user's open tasks.

use super::queue;
use crate::auth::Action;
use crate::error::AppResult;
use crate::web::flash::redirect_with;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::HttpResponse;
use askama::Template;

/// One line of the work queue: whose record, what is due, when, and the button to do it.
pub struct TaskLine {
    /// The child's name and archive number, the transfer, or the institution the task is about.
    pub who: String,
    pub what: String,
    pub link: String,
    pub due: String,
    pub group: &'static str,
}

/// A titled group of the queue (逾期 / 今天 / 本周 / 以后), in order.
pub struct TaskGroup {
    pub code: &'static str,
    pub title: String,
    pub lines: Vec<TaskLine>,
}

#[derive(Template)]
#[template(path = "home/home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub groups: Vec<TaskGroup>,
    pub backlog: Vec<TaskLine>,
    pub backlog_since: String,
    pub role_intro: String,
    pub can_run_jobs: bool,
    pub shortcuts: Vec<(String, String)>,
}

/// The child a task's link names (`/children/{id}…`), if any.
fn child_of(link: &str) -> Option<crate::archive::ChildId> {
    let rest = link.strip_prefix("/children/")?;
    let id: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    id.parse().ok()
}

pub async fn home(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    let user = cu.user.clone();
    let (tasks, names, today) = state
        .db(move |c, st| {
            let tasks = super::open_for(c, &user)?;
            // Names of the children the tasks are about, within the user's scope only.
            let ids: Vec<crate::archive::ChildId> =
                tasks.iter().filter_map(|t| child_of(&t.link)).collect();
            let sc = crate::auth::scope::institution_scope(c, &user)?;
            let names: Vec<(crate::archive::ChildId, String)> = crate::archive::summaries(c, &ids)?
                .into_iter()
                .filter(|s| sc.contains(s.institution_id))
                .map(|s| (s.id, format!("{} {}", s.legal_name, s.archive_no)))
                .collect();
            Ok((tasks, names, st.clock.today()))
        })
        .await?;
    let tr = cu.tr();
    let line = |t: &super::Task, group: &'static str| {
        let short = format!("{}.short", t.message_key);
        let who = match child_of(&t.link) {
            Some(id) => names
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| t.subject.clone()),
            None if t.link.starts_with("/transfers/") => {
                tr.tf("queue.transfer", &[("subject", &t.subject)])
            }
            // An unverified policy value: the setting's name and level, not its key.
            None if t.message_key == "task.policy_unverified" => {
                match t.subject.trim_end_matches(')').split_once(" (") {
                    Some((key, j)) => format!(
                        "{}（{}）",
                        crate::policy::handlers::key_name(tr, key),
                        crate::policy::handlers::jurisdiction_name(tr, j)
                    ),
                    None => t.subject.clone(),
                }
            }
            None => t.subject.clone(),
        };
        TaskLine {
            who,
            what: if tr.has(&short) {
                tr.t(&short).to_string()
            } else {
                tr.tf(&t.message_key, &[("subject", &t.subject)])
            },
            link: t.link.clone(),
            due: t.due_date.format("%Y-%m-%d").to_string(),
            group,
        }
    };
    let mut groups: Vec<TaskGroup> = Vec::new();
    let mut backlog = Vec::new();
    let mut backlog_since = String::new();
    for (g, due, t) in queue::ordered(tasks.iter().map(|t| (t.due_date, t)).collect(), today) {
        if g == queue::Group::Backlog {
            if backlog_since.is_empty() || due.to_string() < backlog_since {
                backlog_since = due.to_string();
            }
            backlog.push(line(t, g.code()));
            continue;
        }
        if groups.last().is_none_or(|l| l.code != g.code()) {
            groups.push(TaskGroup {
                code: g.code(),
                title: tr.t(&format!("queue.group.{}", g.code())).to_string(),
                lines: vec![],
            });
        }
        if let Some(last) = groups.last_mut() {
            last.lines.push(line(t, g.code()));
        }
    }
    let role_intro = tr
        .t(&format!("home.intro.{}", cu.role().code()))
        .to_string();
    // The role's everyday starting points, one tap from home.
    let mut shortcuts = Vec::new();
    if cu.user.can(Action::SendTransfers) {
        shortcuts.push((
            "/transfers/new".to_string(),
            tr.t("transfer.new").to_string(),
        ));
    }
    if cu.user.can(Action::AdmitChild) {
        shortcuts.push(("/children/new".to_string(), tr.t("queue.admit").to_string()));
    }
    if cu.user.can(Action::ViewChildren) {
        shortcuts.push(("/children".to_string(), tr.t("nav.children").to_string()));
    }
    render(&HomePage {
        ctx: Ctx::for_user(&cu),
        groups,
        backlog,
        backlog_since,
        role_intro,
        can_run_jobs: cu.user.can(Action::RunJobs),
        shortcuts,
    })
}

/// Admin: run the daily pass now.
pub async fn run_now(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::RunJobs)?;
    let actor = cu.actor();
    state
        .db(move |c, st| {
            let s = super::run(c, st.clock.today(), st.clock.now())?;
            crate::audit::record_alone(
                c,
                st.clock.now(),
                &actor,
                &crate::audit::Event::ok("run_jobs", "jobs", "-")
                    .with_detail(format!("opened {} closed {}", s.opened, s.closed)),
            )?;
            Ok(())
        })
        .await?;
    Ok(redirect_with("/", "flash.jobs_run"))
}
