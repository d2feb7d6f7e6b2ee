//! Care-plan tasks on the round (issue 15 point 2): the child card's lines and the one-tap
//! "done / not done" (`POST /shift/tasks`).

use super::{typed, user_or_stash};
use crate::auth::model::User;
use crate::error::{AppError, AppResult};
use crate::platform::Catalogue;
use crate::shift::rules;
use crate::shift::service::{self, tasks};
use crate::shift::views::TaskView;
use crate::web::{CurrentUser, State};
use actix_web::{web, HttpResponse};

/// The card's lines: what (the intervention), how often and by whom, and the mark in force.
pub fn views(tr: &Catalogue, users: &[User], lines: &[tasks::TaskLine]) -> Vec<TaskView> {
    lines
        .iter()
        .map(|l| {
            let (state, mark) = match l.mark {
                Some((done, by, at)) => (
                    if done { "done" } else { "not" },
                    format!(
                        "{} · {} {}",
                        tr.t(if done {
                            "shift.task_done"
                        } else {
                            "shift.task_not_done"
                        }),
                        users
                            .iter()
                            .find(|u| i64::from(u.id) == by)
                            .map_or("", |u| u.display_name.as_str()),
                        rules::local(at).format("%H:%M")
                    ),
                ),
                None => ("open", String::new()),
            };
            TaskView {
                goal: l.task.goal_id,
                text: l.task.intervention.clone(),
                meta: format!(
                    "{} · {} · {}",
                    tr.t(&format!("care.part.{}", l.task.part)),
                    l.task.frequency,
                    l.task.responsible
                ),
                state,
                mark,
                idem: service::new_key(),
            }
        })
        .collect()
}

/// The appointments on the child's card (point 2b): (id, time, "就医 · 市儿童医院 · 复查 · 陪同：王医生");
/// the time names the day when it is not `today` ("明天 07:00"); place and what are empty when the
/// care module leaves them out for this reader.
pub fn appointments(
    tr: &Catalogue,
    lines: &[crate::care::interface_appointments::AppointmentLine],
    today: chrono::NaiveDate,
) -> Vec<(i64, String, String)> {
    lines
        .iter()
        .map(|a| {
            let mut text = tr
                .t(&format!("care.appointment.kind.{}", a.kind))
                .to_string();
            for part in [&a.place, &a.what] {
                if !part.is_empty() {
                    text.push_str(" · ");
                    text.push_str(part);
                }
            }
            text.push_str(" · ");
            text.push_str(&tr.tf("care.appointment.escorted_by", &[("who", &a.escort)]));
            let time = a.starts_at.format("%H:%M").to_string();
            let day = a.starts_at.date();
            let when = if day == today {
                time
            } else if day.pred_opt() == Some(today) {
                tr.tf("shift.appointment_tomorrow", &[("time", &time)])
            } else if day.succ_opt() == Some(today) {
                tr.tf("shift.appointment_yesterday", &[("time", &time)])
            } else {
                a.starts_at.format("%m-%d %H:%M").to_string()
            };
            (a.id, when, text)
        })
        .collect()
}

/// One tap: done (`done=1`) or not done (`done=0`); back to the round.
pub async fn mark(
    state: State,
    cu: Result<CurrentUser, AppError>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let pairs = form.into_inner();
    let cu = match user_or_stash(cu, "task", &pairs) {
        Ok(u) => u,
        Err(res) => return Ok(*res),
    };
    let input: tasks::MarkInput = typed(&pairs);
    let r = state
        .run(&cu, move |c, op| Ok(tasks::mark(c, op, &input)))
        .await?;
    super::round_forms::answer(&state, &cu, "task", pairs, r).await
}
