//! The pages of the oversight duties (issue 17 point 4): a month's roster filed as paid (the frozen
//! snapshot, or the form to file it) and the 应退未退 list with its resolutions.

use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::oversight::rules::allowance::{self as arules, Category, Change};
use crate::oversight::service::duties_overpay::{self, Item};
use crate::oversight::service::roster_filed::{self, Filing};
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render, render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

/// `?institution=ID&month=YYYY-MM` (a malformed month is a 400 naming the field).
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct FiledQuery {
    pub institution: String,
    pub month: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

impl FiledQuery {
    fn parse(&self) -> AppResult<(i64, NaiveDate)> {
        let inst = self
            .institution
            .trim()
            .parse()
            .map_err(|_| AppError::NotFound)?;
        let month = arules::parse_month(&self.month)
            .ok_or_else(|| AppError::bad("invalid_field", "month: must be YYYY-MM"))?;
        Ok((inst, month))
    }
}

/// A frozen line as shown.
pub struct FiledLineView {
    pub archive_no: String,
    pub name: String,
    pub category: String,
    pub change: String,
    pub yuan: i64,
}

#[derive(Template)]
#[template(path = "oversight/duties_roster_filed.html")]
pub struct FiledPage {
    pub ctx: Ctx,
    pub institution: i64,
    pub institution_name: String,
    pub month: String,
    pub filing: Option<Filing>,
    pub lines: Vec<FiledLineView>,
    pub can_file: bool,
    pub errors: FieldErrors,
}

fn label(cu: &CurrentUser, code: &str, f: fn(&str) -> Option<String>) -> String {
    match f(code) {
        Some(k) => cu.tr().t(&k).to_string(),
        None => code.to_string(),
    }
}

async fn filed_page(
    state: &State,
    cu: &CurrentUser,
    q: &FiledQuery,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let (inst, month) = q.parse()?;
    let (place, filing) = state
        .run(cu, move |c, op| roster_filed::view(c, op, inst, month))
        .await?;
    let lines = filing
        .as_ref()
        .map(|f| {
            f.lines
                .iter()
                .map(|l| FiledLineView {
                    archive_no: l.archive_no.clone(),
                    name: l.name.clone(),
                    category: label(cu, &l.category, |c| {
                        Category::parse(c).map(|c| c.label_key())
                    }),
                    change: label(cu, &l.change, |c| Change::parse(c).map(|c| c.label_key())),
                    yuan: l.yuan,
                })
                .collect()
        })
        .unwrap_or_default();
    let page = FiledPage {
        ctx: Ctx::for_user(cu),
        institution: place.id.0,
        institution_name: place.name,
        month: month.format("%Y-%m").to_string(),
        can_file: cu.user.can(Action::FileAllowanceRoster),
        filing,
        lines,
        errors,
    };
    if page.errors.is_empty() {
        render(&page)
    } else {
        render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
    }
}

/// The month's filed roster, or the form to file it.
pub async fn filed(
    state: State,
    cu: CurrentUser,
    q: web::Query<FiledQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAllowanceRoster)?;
    filed_page(&state, &cu, &q, FieldErrors::default()).await
}

/// File the month's roster as paid (the head, with the confirmation).
pub async fn file(
    state: State,
    cu: CurrentUser,
    form: web::Form<FiledQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::FileAllowanceRoster)?;
    let f = form.into_inner();
    let (inst, month) = f.parse()?;
    let confirmed = f.confirm.as_deref() == Some("yes");
    let done = state
        .run(&cu, move |c, op| {
            roster_filed::file(c, op, inst, month, confirmed)
        })
        .await?;
    match done {
        Ok(_) => Ok(redirect_with(
            &format!(
                "/oversight/allowances/filed?institution={inst}&month={}",
                f.month.trim()
            ),
            "flash.oversight_roster_filed",
        )),
        Err(errors) => filed_page(&state, &cu, &f, errors).await,
    }
}

/// An item as shown.
pub struct ItemView {
    pub item: Item,
    pub reason: String,
    pub month: String,
}

#[derive(Template)]
#[template(path = "oversight/duties_overpayments.html")]
pub struct OverpayPage {
    pub ctx: Ctx,
    pub items: Vec<ItemView>,
    pub open: usize,
    pub can_resolve: bool,
    /// The item whose resolution was refused, with the messages and the note typed.
    pub failed: Option<(i64, FieldErrors, String)>,
}

impl OverpayPage {
    pub fn error_for(&self, line: &i64) -> &str {
        match &self.failed {
            Some((l, e, _)) if l == line => e.msg("note"),
            _ => "",
        }
    }
    pub fn typed_for(&self, line: &i64) -> &str {
        match &self.failed {
            Some((l, _, t)) if l == line => t,
            _ => "",
        }
    }
}

async fn overpay_page(
    state: &State,
    cu: &CurrentUser,
    failed: Option<(i64, FieldErrors, String)>,
) -> AppResult<HttpResponse> {
    let items = state.run(cu, duties_overpay::list).await?;
    let tr = cu.tr();
    let open = items.iter().filter(|i| i.resolution.is_none()).count();
    let page = OverpayPage {
        ctx: Ctx::for_user(cu),
        items: items
            .into_iter()
            .map(|i| ItemView {
                reason: tr.t(&i.reason.label_key()).to_string(),
                month: i.month.format("%Y-%m").to_string(),
                item: i,
            })
            .collect(),
        open,
        can_resolve: cu.user.can(Action::ResolveOverpayment),
        failed,
    };
    if page.failed.is_some() {
        render_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        render(&page)
    }
}

/// The 应退未退 list of the institutions the user oversees.
pub async fn overpayments(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAllowanceRoster)?;
    overpay_page(&state, &cu, None).await
}

#[derive(Debug, serde::Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    pub note: String,
}

/// Resolve an item with a note (the supervisor).
pub async fn resolve(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<ResolveForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ResolveOverpayment)?;
    let line = path.into_inner();
    let note = form.into_inner().note;
    let n = note.clone();
    let done = state
        .run(&cu, move |c, op| duties_overpay::resolve(c, op, line, &n))
        .await?;
    match done {
        Ok(()) => Ok(redirect_with(
            "/oversight/overpayments",
            "flash.oversight_overpayment_resolved",
        )),
        Err(errors) => overpay_page(&state, &cu, Some((line, errors, note))).await,
    }
}
