//! The care list (`/care`): the children in care in the user's scope with their plan and the next
//! thing due (issue 14 point 1; the navigation's 养治教康).

use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::model::{self, PlanState};
use crate::care::service::{due, plans};
use crate::care::views::*;
use crate::error::AppResult;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::HttpResponse;

/// The institution's list (`/care`): children in scope with their plan and the next date due.
pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewCare)?;
    let ctx = Ctx::for_user(&cu);
    let lines = state
        .run(&cu, move |c, op| {
            let scope = crate::auth::scope::institution_scope(c, op.user)?;
            let insts: Vec<crate::org::InstitutionId> =
                crate::org::model::list_in_scope(c, &scope)?
                    .into_iter()
                    .map(|(i, _)| i.id)
                    .collect();
            let kids = crate::archive::active_children(c, &insts, 500)?;
            let mut out = Vec::new();
            for s in kids {
                let k = crate::archive::load_in_scope(c, op.user, s.id)?;
                let all = model::plans_of(c, s.id)?;
                let plan = match (plans::current(&all), plans::open_plan(&all)) {
                    (_, Some(o)) if o.state != PlanState::Draft => op
                        .tr
                        .t(&format!("care.state.{}", o.state.code()))
                        .to_string(),
                    (Some(p), _) => {
                        format!("{} {}", op.tr.t("care.version_no"), p.number.unwrap_or(0))
                    }
                    (None, Some(o)) => op
                        .tr
                        .t(&format!("care.state.{}", o.state.code()))
                        .to_string(),
                    (None, None) => op.tr.t("care.no_plan").to_string(),
                };
                let next = due::for_child(c, &k, op.today)?.into_iter().next();
                out.push(ListLine {
                    id: s.id.into(),
                    name: s.legal_name,
                    archive_no: s.archive_no,
                    plan,
                    next: next.as_ref().map_or(String::new(), |l| {
                        format!("{} {}", op.tr.t(&format!("care.due.{}", l.what)), l.due)
                    }),
                    overdue: next.is_some_and(|l| l.due < op.today),
                });
            }
            audit::record_alone(c, op.now, op.actor, &Event::ok("view", "care_list", "-"))?;
            Ok(out)
        })
        .await?;
    let education_link = cu.user.can(Action::ViewEducationList);
    render_status(
        &ListPage {
            ctx,
            lines,
            education_link,
        },
        actix_web::http::StatusCode::OK,
    )
}
