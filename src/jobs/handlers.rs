//! The home page (首页): the user's open tasks.

use crate::auth::Action;
use crate::error::AppResult;
use crate::web::flash::redirect_with;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::HttpResponse;
use askama::Template;

pub struct TaskLine {
    pub text: String,
    pub link: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "home/home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub tasks: Vec<TaskLine>,
    pub role_intro: String,
    pub can_run_jobs: bool,
}

pub async fn home(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    let user = cu.user.clone();
    let (tasks, today) = state
        .db(move |c, st| Ok((super::open_for(c, &user)?, st.clock.today())))
        .await?;
    let tr = cu.tr();
    let tasks = tasks
        .into_iter()
        .map(|t| TaskLine {
            text: tr.tf(&t.message_key, &[("subject", &t.subject)]),
            link: t.link,
            due: t.due_date.format("%Y-%m-%d").to_string(),
            overdue: t.due_date < today,
        })
        .collect();
    let role_intro = tr
        .t(&format!("home.intro.{}", cu.role().code()))
        .to_string();
    render(&HomePage {
        ctx: Ctx::for_user(&cu),
        tasks,
        role_intro,
        can_run_jobs: cu.user.can(Action::RunJobs),
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
