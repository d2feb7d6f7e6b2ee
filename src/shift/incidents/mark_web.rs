//! The page to correct or withdraw one body-map mark (`/shift/incidents/{id}/marks/{mark}`, session 7):
//! the mark as recorded, the correction form (side, region, kind, note — prefilled with the mark) and
//! the withdrawal form (a reason). A refused form comes back with what was typed and a message per
//! field (422). Same scope as the incident (404) and `RecordIncident` (403); the view is audited.

use super::body::MarkInput;
use super::body_fix;
use crate::audit::{self, Event};
use crate::error::AppResult;
use crate::platform::FieldErrors;
use crate::shift::rules::body::{MarkKind, Region, Side};
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "shift/incident_mark.html")]
pub struct MarkPage {
    pub ctx: Ctx,
    pub id: i64,
    pub mark: i64,
    /// The mark as recorded: "正面 · 左臂 · 淤青 · note".
    pub current: String,
    /// Whether it is still in force (a superseded mark is shown, its forms are not).
    pub open: bool,
    pub sides: Vec<(&'static str, String)>,
    pub regions: Vec<(&'static str, String)>,
    pub kinds: Vec<(&'static str, String)>,
    pub typed: MarkInput,
    pub reason: String,
    pub errors: FieldErrors,
}

/// What the forms show: the typed input after a refusal, the mark itself otherwise.
enum Typed {
    Fresh,
    Correct(MarkInput),
    Withdraw(String),
}

async fn show(
    state: &State,
    cu: &CurrentUser,
    (id, mark): (i64, i64),
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let ctx = Ctx::for_user(cu);
    let (m, open) = state
        .run(cu, move |c, op| {
            let r = body_fix::for_page(c, op, id, mark)?;
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "shift_incident_mark", mark)
                    .with_detail(format!("incident {id}")),
            )?;
            Ok(r)
        })
        .await?;
    let opts = |codes: Vec<&'static str>, prefix: &str| {
        codes
            .into_iter()
            .map(|c| (c, ctx.t(&format!("shift.body.{prefix}.{c}")).to_string()))
            .collect::<Vec<_>>()
    };
    let current = format!(
        "{} · {} · {} · {}",
        ctx.t(&format!("shift.body.side.{}", m.side)),
        ctx.t(&format!("shift.body.region.{}", m.region)),
        ctx.t(&format!("shift.body.kind.{}", m.kind)),
        m.note
    );
    let (typed, reason) = match typed {
        Typed::Fresh => (
            MarkInput {
                child: m.child_id.to_string(),
                side: m.side.clone(),
                region: m.region.clone(),
                kind: m.kind.clone(),
                note: m.note.clone(),
            },
            String::new(),
        ),
        Typed::Correct(f) => (f, String::new()),
        Typed::Withdraw(r) => (
            MarkInput {
                side: m.side.clone(),
                region: m.region.clone(),
                kind: m.kind.clone(),
                note: m.note.clone(),
                ..Default::default()
            },
            r,
        ),
    };
    let page = MarkPage {
        sides: opts(Side::ALL.iter().map(|s| s.code()).collect(), "side"),
        regions: opts(Region::ALL.iter().map(|s| s.code()).collect(), "region"),
        kinds: opts(MarkKind::ALL.iter().map(|s| s.code()).collect(), "kind"),
        ctx,
        id,
        mark,
        current,
        open,
        typed,
        reason,
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(&page, status)
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    show(
        &state,
        &cu,
        path.into_inner(),
        Typed::Fresh,
        FieldErrors::default(),
    )
    .await
}

/// `POST …/marks/{mark}/correct`: the corrected mark; back to the body map.
pub async fn correct(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<MarkInput>,
) -> AppResult<HttpResponse> {
    let (id, mark) = path.into_inner();
    let f = form.into_inner();
    let typed = f.clone();
    let r = state
        .run(&cu, move |c, op| body_fix::correct(c, op, id, mark, &f))
        .await?;
    match r {
        Ok(_) => Ok(redirect_with(
            &format!("/shift/incidents/{id}/body"),
            "flash.shift_mark_corrected",
        )),
        Err(e) => show(&state, &cu, (id, mark), Typed::Correct(typed), e).await,
    }
}

/// The withdrawal form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct WithdrawInput {
    pub reason: String,
}

/// `POST …/marks/{mark}/withdraw`: the mark withdrawn with its reason; back to the body map.
pub async fn withdraw(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
    form: web::Form<WithdrawInput>,
) -> AppResult<HttpResponse> {
    let (id, mark) = path.into_inner();
    let reason = form.into_inner().reason;
    let typed = reason.clone();
    let r = state
        .run(&cu, move |c, op| {
            body_fix::withdraw(c, op, id, mark, &reason)
        })
        .await?;
    match r {
        Ok(_) => Ok(redirect_with(
            &format!("/shift/incidents/{id}/body"),
            "flash.shift_mark_withdrawn",
        )),
        Err(e) => show(&state, &cu, (id, mark), Typed::Withdraw(typed), e).await,
    }
}
