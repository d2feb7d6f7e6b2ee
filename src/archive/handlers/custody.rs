//! The child's property in custody (代管财产, 民法典 第35条): the ledger with its running balance and
//! receipts, and the form the head records deposits and withdrawals with. Caregivers never see it (no
//! `ViewCustody`); another institution's child is a 404 as everywhere in the archive.

use super::super::custody::{self, EntryForm, Line};
use super::super::service;
use super::super::views::Tab;
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::AppResult;
use crate::platform::forms::FieldErrors;
use crate::platform::money;
use crate::platform::Catalogue;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

/// One ledger line as shown.
pub struct LineView {
    pub at: String,
    pub kind: String,
    pub description: String,
    pub account: String,
    pub receipt_no: String,
    pub amount: String,
    pub balance: String,
}

#[derive(Template)]
#[template(path = "archive/custody.html")]
pub struct CustodyPage {
    pub ctx: Ctx,
    pub head: crate::archive::header::ChildHeader,
    pub crumb: String,
    pub tabs: Vec<Tab>,
    pub lines: Vec<LineView>,
    pub balance: String,
    pub can_write: bool,
    pub typed: EntryForm,
    pub errors: FieldErrors,
}

/// The archive's tabs with 财产 last (the page is its own route, the other tabs are the child page's).
pub fn tabs(tr: &Catalogue, id: ChildId, custody_current: bool) -> Vec<Tab> {
    let mut v: Vec<Tab> = ["overview", "documents", "timeline", "history", "access"]
        .iter()
        .map(|t| Tab {
            href: if *t == "overview" {
                format!("/children/{id}")
            } else {
                format!("/children/{id}?tab={t}")
            },
            label: tr.t(&format!("archive.tab.{t}")).to_string(),
            current: false,
        })
        .collect();
    v.push(custody_tab(tr, id, custody_current));
    v
}

pub fn custody_tab(tr: &Catalogue, id: ChildId, current: bool) -> Tab {
    Tab {
        href: format!("/children/{id}/custody"),
        label: tr.t("archive.tab.custody").to_string(),
        current,
    }
}

pub fn line_view(tr: &Catalogue, l: &Line) -> LineView {
    LineView {
        at: crate::clock::cst_minutes(l.recorded_at),
        kind: tr.t(&format!("custody.kind.{}", l.kind)).to_string(),
        description: l.description.clone(),
        account: l.account.clone(),
        receipt_no: l.receipt_no.clone(),
        amount: money::yuan(l.amount_fen),
        balance: money::yuan(l.balance_fen),
    }
}

async fn page(
    state: &State,
    cu: &CurrentUser,
    id: ChildId,
    typed: EntryForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let (child, institution, today, lines) = state
        .run(cu, move |c, op| {
            let child = service::load(c, op.user, id)?;
            let inst = crate::org::model::holding(c, child.institution_id)?
                .map(|i| i.name)
                .unwrap_or_default();
            let lines = custody::lines_held(c, id, child.institution_id)?;
            // Reading a child's property is audited like every view of the archive.
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "custody_property", id),
            )?;
            Ok((child, inst, op.today, lines))
        })
        .await?;
    let tr = cu.tr();
    let balance = lines.last().map(|l| l.balance_fen).unwrap_or(0);
    let page = CustodyPage {
        head: crate::archive::header::header(tr, &child, &institution, today, false),
        crumb: tr.t("archive.tab.custody").to_string(),
        tabs: tabs(tr, id, true),
        lines: lines.iter().map(|l| line_view(tr, l)).collect(),
        balance: money::yuan(balance),
        can_write: child.status == crate::archive::ChildStatus::Active
            && cu.user.can(Action::ManageCustody),
        typed,
        ctx: Ctx::for_user(cu),
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(&page, status)
}

pub async fn custody_page(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewCustody)?;
    page(
        &state,
        &cu,
        path.into_inner(),
        EntryForm::default(),
        FieldErrors::default(),
    )
    .await
}

pub async fn custody_record(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<EntryForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageCustody)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let f2 = f.clone();
    match state
        .run(&cu, move |c, op| custody::record(c, op, id, &f2))
        .await?
    {
        Ok(_) => Ok(redirect_with(
            &format!("/children/{id}/custody"),
            "flash.custody_recorded",
        )),
        Err(errors) => page(&state, &cu, id, f, errors).await,
    }
}
