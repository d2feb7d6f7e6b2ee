//! The pages of the yearly archive spot check (档案抽查, seed 002; issue 17 point 4): the checks of the
//! user's scope with the form to start this year's, one check (the draw, the sampled archives, the
//! findings with their corrections), and the checklist of one sampled archive.

use crate::auth::Action;
use crate::error::AppResult;
use crate::oversight::service::spot_check::{self as svc, Check, CheckView, Draw, Marked};
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_form, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "oversight/spot_check_list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub checks: Vec<(Check, Vec<Draw>)>,
    pub can_start: bool,
    pub year: i32,
    pub seed: String,
    pub errors: FieldErrors,
}

impl ListPage {
    /// Archives sampled over the draws shown.
    pub fn sampled(&self, draws: &[Draw]) -> i32 {
        draws.iter().map(|d| d.sample_size).sum()
    }
}

async fn list_page(
    state: &State,
    cu: &CurrentUser,
    seed: String,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let (checks, started) = state
        .run(cu, |c, op| {
            let checks = svc::list(c, op)?;
            crate::oversight::service::audit(c, op, "view_list", "spot-checks")?;
            Ok((checks, svc::started_this_year(c, op)?))
        })
        .await?;
    let page = ListPage {
        ctx: Ctx::for_user(cu),
        checks,
        can_start: cu.user.can(Action::RunSpotCheck) && started.is_none(),
        year: chrono::Datelike::year(&state.clock.today()),
        seed,
        errors,
    };
    render_form(&page, !page.errors.is_empty())
}

/// The checks of the user's scope.
pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewSpotCheck)?;
    list_page(&state, &cu, String::new(), FieldErrors::default()).await
}

#[derive(Debug, serde::Deserialize)]
pub struct StartForm {
    #[serde(default)]
    pub seed: String,
}

/// Start this year's check of the supervisor's division (a seed typed, or a fresh one).
pub async fn start(
    state: State,
    cu: CurrentUser,
    form: web::Form<StartForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::RunSpotCheck)?;
    let seed = form.into_inner().seed;
    let s = seed.clone();
    match state.run(&cu, move |c, op| svc::start(c, op, &s)).await? {
        Ok(id) => Ok(redirect_with(
            &format!("/oversight/spot-checks/{id}"),
            "flash.oversight_spot_check_started",
        )),
        Err(errors) => list_page(&state, &cu, seed, errors).await,
    }
}

#[derive(Template)]
#[template(path = "oversight/spot_check_check.html")]
pub struct CheckPage {
    pub ctx: Ctx,
    pub v: CheckView,
    pub checked: usize,
    pub open_findings: usize,
    pub can_correct: bool,
    pub can_close: bool,
    /// The finding whose correction or closure was refused, with the message and the text typed.
    pub failed: Option<(i64, FieldErrors, String)>,
}

impl CheckPage {
    pub fn archive_no(&self, sample: &i64) -> &str {
        self.v
            .samples
            .iter()
            .find(|s| s.id == *sample)
            .map(|s| s.archive_no.as_str())
            .unwrap_or("")
    }
    pub fn error_for(&self, id: &i64) -> &str {
        match &self.failed {
            Some((f, e, _)) if f == id => e.msg("correction"),
            _ => "",
        }
    }
    pub fn typed_for(&self, id: &i64) -> &str {
        match &self.failed {
            Some((f, _, t)) if f == id => t,
            _ => "",
        }
    }
}

async fn check_page(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    failed: Option<(i64, FieldErrors, String)>,
) -> AppResult<HttpResponse> {
    let v = state.run(cu, move |c, op| svc::view(c, op, id)).await?;
    let page = CheckPage {
        ctx: Ctx::for_user(cu),
        checked: v.samples.iter().filter(|s| s.checked_at.is_some()).count(),
        open_findings: v.findings.iter().filter(|f| f.closed_at.is_none()).count(),
        can_correct: cu.user.can(Action::CorrectSpotCheckFinding),
        can_close: cu.user.can(Action::RunSpotCheck),
        v,
        failed,
    };
    render_form(&page, page.failed.is_some())
}

/// One check (the institutions of the user's scope only; none: 404).
pub async fn check(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    cu.require(Action::ViewSpotCheck)?;
    check_page(&state, &cu, path.into_inner(), None).await
}

/// An item of the checklist as shown: its label, what the archive says now, and what was typed.
pub struct ItemView {
    pub key: String,
    pub label: String,
    pub missing: bool,
    pub outcome: String,
    pub outcome_label: String,
    pub note: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "oversight/spot_check_checklist.html")]
pub struct ChecklistPage {
    pub ctx: Ctx,
    pub check_id: i64,
    pub sample_id: i64,
    pub archive_no: String,
    pub name: String,
    pub child_id: i64,
    pub checked: Option<(String, String)>,
    pub items: Vec<ItemView>,
    pub can_record: bool,
    pub failed: bool,
}

async fn checklist_page(
    state: &State,
    cu: &CurrentUser,
    sample: i64,
    typed: Option<(Vec<Marked>, svc::ItemErrors)>,
) -> AppResult<HttpResponse> {
    let list = state
        .run(cu, move |c, op| svc::checklist(c, op, sample))
        .await?;
    let tr = cu.tr();
    let items: Vec<ItemView> = if list.sample.checked_at.is_some() {
        list.recorded
            .iter()
            .map(|r| ItemView {
                label: tr.t(&r.item).to_string(),
                key: r.item.clone(),
                missing: false,
                outcome_label: tr
                    .t(&format!("oversight.spot_check.outcome.{}", r.outcome))
                    .to_string(),
                outcome: r.outcome.clone(),
                note: r.note.clone(),
                error: String::new(),
            })
            .collect()
    } else {
        list.items
            .iter()
            .map(|i| {
                let (marked, errors) = match &typed {
                    Some((m, e)) => (
                        m.iter()
                            .find(|m| m.item == i.key)
                            .cloned()
                            .unwrap_or_default(),
                        e.iter()
                            .find(|(k, _)| *k == i.key)
                            .map(|(_, m)| m.clone())
                            .unwrap_or_default(),
                    ),
                    None => (Marked::default(), String::new()),
                };
                ItemView {
                    label: tr.t(&i.key).to_string(),
                    key: i.key.clone(),
                    missing: i.missing,
                    outcome_label: String::new(),
                    outcome: marked.outcome,
                    note: marked.note,
                    error: errors,
                }
            })
            .collect()
    };
    let page = ChecklistPage {
        ctx: Ctx::for_user(cu),
        check_id: list.sample.check_id,
        sample_id: list.sample.id,
        archive_no: list.sample.archive_no.clone(),
        name: list.name.clone(),
        child_id: list.sample.child_id,
        checked: list.sample.checked_at.map(|at| {
            (
                list.sample.checked_by_name.clone().unwrap_or_default(),
                at.format("%Y-%m-%d %H:%M").to_string(),
            )
        }),
        items,
        can_record: cu.user.can(Action::RunSpotCheck),
        failed: typed.is_some(),
    };
    render_form(&page, page.failed)
}

/// The checklist of a sampled archive.
pub async fn checklist(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewSpotCheck)?;
    checklist_page(&state, &cu, path.into_inner(), None).await
}

/// Record the checklist (fields `outcome:<item>` and `note:<item>`).
pub async fn record(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    cu.require(Action::RunSpotCheck)?;
    let sample = path.into_inner();
    let mut marked: Vec<Marked> = Vec::new();
    for (k, v) in form.into_inner() {
        let (field, item) = match k.split_once(':') {
            Some(x) => x,
            None => continue,
        };
        let i = match marked.iter().position(|m| m.item == item) {
            Some(i) => i,
            None => {
                marked.push(Marked {
                    item: item.to_string(),
                    ..Marked::default()
                });
                marked.len() - 1
            }
        };
        match field {
            "outcome" => marked[i].outcome = v,
            "note" => marked[i].note = v,
            _ => {}
        }
    }
    let m = marked.clone();
    match state
        .run(&cu, move |c, op| svc::record(c, op, sample, &m))
        .await?
    {
        Ok(check) => Ok(redirect_with(
            &format!("/oversight/spot-checks/{check}"),
            "flash.oversight_spot_check_recorded",
        )),
        Err(errors) => checklist_page(&state, &cu, sample, Some((marked, errors))).await,
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct CorrectForm {
    #[serde(default)]
    pub correction: String,
}

/// The head records the correction of a finding.
pub async fn correct(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<CorrectForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::CorrectSpotCheckFinding)?;
    let id = path.into_inner();
    let text = form.into_inner().correction;
    let t = text.clone();
    match state
        .run(&cu, move |c, op| svc::correct(c, op, id, &t))
        .await?
    {
        Ok(check) => Ok(redirect_with(
            &format!("/oversight/spot-checks/{check}"),
            "flash.oversight_spot_check_corrected",
        )),
        Err(errors) => {
            let check = finding_check(&state, &cu, id).await?;
            check_page(&state, &cu, check, Some((id, errors, text))).await
        }
    }
}

/// The supervisor closes a corrected finding.
pub async fn close(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    cu.require(Action::RunSpotCheck)?;
    let id = path.into_inner();
    match state.run(&cu, move |c, op| svc::close(c, op, id)).await? {
        Ok(check) => Ok(redirect_with(
            &format!("/oversight/spot-checks/{check}"),
            "flash.oversight_spot_check_closed",
        )),
        Err(errors) => {
            let check = finding_check(&state, &cu, id).await?;
            check_page(&state, &cu, check, Some((id, errors, String::new()))).await
        }
    }
}

async fn finding_check(state: &State, cu: &CurrentUser, id: i64) -> AppResult<i64> {
    state
        .run(cu, move |c, op| svc::finding_check(c, op, id))
        .await
}
