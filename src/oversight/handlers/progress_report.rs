//! The pages of the yearly progress report (工作进展情况报告, seed 003; issue 17 point 4): the list (the
//! division's reports and this year's state of the divisions below, with the button that drafts this
//! year's), one report (sections editable while it is a draft, the figures, filing), and its PDF and XLSX.

use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::oversight::rules::progress_report::{Figure, Section};
use crate::oversight::service::progress_report::{self as svc, Listing, ReportView};
use crate::platform::{export, FieldErrors};
use crate::web::flash::redirect_with;
use crate::web::{render_form, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Datelike;

#[derive(Template)]
#[template(path = "oversight/progress_report_list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub l: Listing,
    pub year: i32,
    pub draft_button: String,
    pub below_title: String,
    pub can_draft: bool,
    pub errors: FieldErrors,
}

async fn list_page(
    state: &State,
    cu: &CurrentUser,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let l = state
        .run(cu, |c, op| {
            let l = svc::list(c, op)?;
            crate::oversight::service::audit(c, op, "view_list", "progress-reports")?;
            Ok(l)
        })
        .await?;
    let year = state.clock.today().year();
    let y = year.to_string();
    let tr = cu.tr();
    let page = ListPage {
        ctx: Ctx::for_user(cu),
        draft_button: tr.tf("oversight.progress.draft_button", &[("year", &y)]),
        below_title: tr.tf("oversight.progress.below", &[("year", &y)]),
        can_draft: l.division_name.is_some() && !l.own.iter().any(|r| r.year == year),
        l,
        year,
        errors,
    };
    render_form(&page, !page.errors.is_empty())
}

/// The division's reports and the divisions below.
pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::FileProgressReport)?;
    list_page(&state, &cu, FieldErrors::default()).await
}

/// Draft this year's report of the supervisor's division.
pub async fn create(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::FileProgressReport)?;
    match state.run(&cu, svc::create).await? {
        Ok(id) => Ok(redirect_with(
            &format!("/oversight/progress-reports/{id}"),
            "flash.oversight_progress_drafted",
        )),
        Err(errors) => list_page(&state, &cu, errors).await,
    }
}

#[derive(Template)]
#[template(path = "oversight/progress_report.html")]
pub struct ReportPage {
    pub ctx: Ctx,
    pub v: ReportView,
    pub doc_title: String,
    pub figures: Vec<Figure>,
    pub editable: bool,
    /// Every section: as typed when a save was refused, else as stored; and the errors.
    pub typed: Vec<(Section, String)>,
    pub errors: FieldErrors,
}

impl ReportPage {
    pub fn label(&self, s: &Section) -> String {
        self.ctx.t(&s.label_key()).to_string()
    }
    pub fn field(&self, s: &Section) -> String {
        svc::field(*s)
    }
    pub fn rows(&self, s: &Section) -> usize {
        if s.draft_key().is_some() {
            4
        } else {
            8
        }
    }
}

async fn report_page(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    failed: Option<(Vec<(Section, String)>, FieldErrors)>,
) -> AppResult<HttpResponse> {
    let v = state.run(cu, move |c, op| svc::view(c, op, id)).await?;
    // A refused form shows every section as typed; one not sent keeps its stored text.
    let (sent, errors) = failed.unwrap_or_default();
    let typed = v
        .sections
        .iter()
        .map(|(s, stored)| {
            let text = sent.iter().find(|(t, _)| t == s).map(|(_, b)| b);
            (*s, text.unwrap_or(stored).clone())
        })
        .collect();
    let page = ReportPage {
        ctx: Ctx::for_user(cu),
        doc_title: cu.tr().tf(
            "oversight.progress.doc_title",
            &[("year", &v.report.year.to_string())],
        ),
        figures: v.report.figures(),
        editable: v.own && !v.report.is_filed(),
        v,
        typed,
        errors,
    };
    render_form(&page, !page.errors.is_empty())
}

/// One report (the supervisor's own, or a filed one of a division below; anything else: 404).
pub async fn page(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    cu.require(Action::FileProgressReport)?;
    report_page(&state, &cu, path.into_inner(), None).await
}

/// Save the sections (`section:<code>`); `action=file` also files the report.
pub async fn save(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    cu.require(Action::FileProgressReport)?;
    let id = path.into_inner();
    let mut typed: Vec<(Section, String)> = Vec::new();
    let mut file = false;
    for (k, v) in form.into_inner() {
        if k == "action" {
            file = v == "file";
        } else if let Some(s) = k.strip_prefix("section:").and_then(Section::parse) {
            if !typed.iter().any(|(t, _)| *t == s) {
                typed.push((s, v));
            }
        }
    }
    let t = typed.clone();
    match state
        .run(&cu, move |c, op| svc::save(c, op, id, &t, file))
        .await?
    {
        Ok(()) => Ok(redirect_with(
            &format!("/oversight/progress-reports/{id}"),
            if file {
                "flash.oversight_progress_filed"
            } else {
                "flash.saved"
            },
        )),
        Err(errors) => report_page(&state, &cu, id, Some((typed, errors))).await,
    }
}

/// Bring the figures of this year's draft up to today.
pub async fn refresh(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    cu.require(Action::FileProgressReport)?;
    let id = path.into_inner();
    match state
        .run(&cu, move |c, op| svc::refresh_figures(c, op, id))
        .await?
    {
        Ok(()) => Ok(redirect_with(
            &format!("/oversight/progress-reports/{id}"),
            "flash.oversight_progress_refreshed",
        )),
        Err(errors) => report_page(&state, &cu, id, Some((Vec::new(), errors))).await,
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct DownloadQuery {
    pub format: Option<String>,
}

/// The report as PDF (`?format=pdf`, the default) or XLSX (the figures and the sections, one sheet
/// each); a draft is marked as such. Audited as an export.
pub async fn download(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    q: web::Query<DownloadQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::FileProgressReport)?;
    let id = path.into_inner();
    let format = q
        .format
        .as_deref()
        .unwrap_or("pdf")
        .trim()
        .to_ascii_lowercase();
    if format != "pdf" && format != "xlsx" {
        return Err(AppError::NotFound);
    }
    let f = format.clone();
    let v = state
        .run(&cu, move |c, op| {
            let v = svc::view(c, op, id)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &export::audit_event(
                    crate::oversight::MODULE_NAME,
                    &format!("progress-report.{f}"),
                    &format!("report={id}&year={}", v.report.year),
                ),
            )?;
            Ok(v)
        })
        .await?;
    let tr = cu.tr();
    if format == "pdf" {
        return crate::pdf::http_response(&super::progress_print::document(&v, tr));
    }
    let mut figures = export::Table::new(tr.t("oversight.progress.figures"))
        .column(tr.t("oversight.q.code"), export::ColumnKind::Id)
        .column(tr.t("oversight.q.item"), export::ColumnKind::Text)
        .column(tr.t("oversight.progress.value"), export::ColumnKind::Int);
    for f in v.report.figures() {
        figures.row(vec![
            export::Cell::text(f.code),
            export::Cell::text(f.label),
            export::Cell::Int(f.value),
        ]);
    }
    let mut text = export::Table::new(tr.t("oversight.progress.text"))
        .column(tr.t("oversight.progress.section"), export::ColumnKind::Text)
        .column(tr.t("oversight.progress.body"), export::ColumnKind::Text);
    for (s, body) in &v.sections {
        text.row(vec![
            export::Cell::text(tr.t(&s.label_key())),
            export::Cell::text(body.clone()),
        ]);
    }
    export::download(
        export::Format::Xlsx,
        &format!("progress-report-{}", v.report.year),
        &[figures, text],
    )
}
