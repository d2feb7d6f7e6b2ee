//! Batch pages: the list with the create form, and a batch with its children, timeline and actions
//! (each child's checklist and plan: `children`). A refused form comes back with what was typed and
//! the message next to the field at fault (422; 409 when someone changed the batch first).

use super::super::rules::{BatchAction, Side};
use super::super::service;
use super::super::views::{BatchLine, BatchPage, BatchTyped, CreateForm, KidLine, ListPage};
use super::{refusal_to_field, status_for};
use crate::auth::Action;
use crate::db::schema::{institutions, transfer_events as te};
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::transfer::model::BatchId;
use crate::transfer::service::Field;
use crate::web::{redirect, render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

fn names(
    conn: &mut crate::db::DbConn,
) -> QueryResult<Vec<(crate::org::InstitutionId, String, String)>> {
    institutions::table
        .select((institutions::id, institutions::name, institutions::kind))
        .load(conn)
}

fn name_of(
    all: &[(crate::org::InstitutionId, String, String)],
    id: crate::org::InstitutionId,
) -> String {
    all.iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, n, _)| n.clone())
        .unwrap_or_default()
}

async fn list_page(
    state: &State,
    cu: &CurrentUser,
    form: Option<CreateForm>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let (rows, all, today) = state
        .run(cu, move |c, op| {
            let rows = service::visible(c, op, 500)?;
            Ok((rows, names(c)?, op.today))
        })
        .await?;
    let tr = cu.tr();
    let page = ListPage {
        rows: rows
            .into_iter()
            .map(|b| BatchLine {
                sender: name_of(&all, b.sender_institution_id),
                receiver: name_of(&all, b.receiver_institution_id),
                state_label: tr.t(&format!("transfer.state.{}", b.state)).to_string(),
                batch: b,
            })
            .collect(),
        can_send: cu.user.can(Action::SendTransfers),
        receivers: all
            .iter()
            .filter(|(_, _, k)| k == "city-welfare" || k == "county-welfare")
            .map(|(i, n, _)| (*i, n.clone()))
            .collect(),
        form: form.unwrap_or_else(|| CreateForm {
            planned_date: today.to_string(),
            ..CreateForm::default()
        }),
        ctx: Ctx::for_user(cu),
        errors,
    };
    render_status(&page, status_for(&page.errors))
}

pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    list_page(&state, &cu, None, FieldErrors::default()).await
}

fn create_field(field: Field) -> &'static str {
    match field {
        Field::PlannedDate => "planned_date",
        Field::Reason => "reason",
        Field::Receiver => "receiver",
        _ => "form",
    }
}

pub async fn create(
    state: State,
    cu: CurrentUser,
    form: web::Form<CreateForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let f = form.into_inner();
    let tr = cu.tr();
    let mut errors = FieldErrors::default();
    let planned = NaiveDate::parse_from_str(f.planned_date.trim(), "%Y-%m-%d").ok();
    if planned.is_none() {
        errors.add("planned_date", tr.t("err.date"));
    }
    let receiver = match f.receiver.trim() {
        "" => None,
        r => match r.parse::<crate::org::InstitutionId>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("receiver", tr.t("err.choose"));
                None
            }
        },
    };
    let reason = crate::platform::forms::text(&mut errors, tr, "reason", &f.reason, false, 200);
    let (Some(planned), true) = (planned, errors.is_empty()) else {
        return list_page(&state, &cu, Some(f), errors).await;
    };
    let created = state
        .run(&cu, move |c, op| {
            service::create(c, op, receiver, &reason, planned)
        })
        .await;
    match created {
        Ok(id) => Ok(redirect(&format!("/transfers/{id}"))),
        Err(e) => {
            let errors = refusal_to_field(e, create_field)?;
            list_page(&state, &cu, Some(f), errors).await
        }
    }
}

async fn batch_page(
    state: &State,
    cu: &CurrentUser,
    id: BatchId,
    typed: BatchTyped,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (b, side, kids, events, candidates, all) = state
        .run(&cu, move |c, op| {
            let b = service::load(c, op, id)?;
            let side = service::side_of(op, &b);
            let kids = super::super::model::children_with_names(c, id, None)?;
            let events: Vec<(chrono::NaiveDateTime, String, String)> = te::table
                .filter(te::batch_id.eq(id))
                .order(te::id.asc())
                .select((te::at, te::action, te::detail))
                .load(c)?;
            let candidates: Vec<(crate::archive::ChildId, String)> = if side == Some(Side::Sender) {
                crate::archive::active_children(c, &[b.sender_institution_id], 500)?
                    .into_iter()
                    .map(|k| (k.id, k.archive_no))
                    .collect()
            } else {
                vec![]
            };
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "transfer", id),
            )?;
            Ok((b, side, kids, events, candidates, names(c)?))
        })
        .await?;
    let page = BatchPage {
        sender: name_of(&all, b.sender_institution_id),
        receiver: name_of(&all, b.receiver_institution_id),
        state_label: tr.t(&format!("transfer.state.{}", b.state)).to_string(),
        kids: kids
            .into_iter()
            .map(|(tc, archive_no, name)| KidLine {
                tc,
                archive_no,
                name,
            })
            .collect(),
        events: events
            .into_iter()
            .map(|(at, a, d)| {
                (
                    crate::clock::cst_minutes(at),
                    tr.t(&format!("transfer.event.{a}")).to_string(),
                    d,
                )
            })
            .collect(),
        candidates,
        is_sender: side == Some(Side::Sender),
        is_receiver: side == Some(Side::Receiver),
        can_preview: service::preview::may_preview(side, &cu.user, b.state),
        batch: b,
        typed,
        errors,
        ctx: Ctx::for_user(cu),
    };
    render_status(&page, status_for(&page.errors))
}

pub async fn show(
    state: State,
    cu: CurrentUser,
    path: web::Path<BatchId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    batch_page(
        &state,
        &cu,
        path.into_inner(),
        BatchTyped::default(),
        FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    pub child_id: String,
}

pub async fn add_child(
    state: State,
    cu: CurrentUser,
    path: web::Path<BatchId>,
    form: web::Form<AddForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let id = path.into_inner();
    let typed = BatchTyped {
        child_id: form.child_id.trim().to_string(),
        ..BatchTyped::default()
    };
    let added = match typed.child_id.parse::<crate::archive::ChildId>() {
        Err(_) => Err(AppError::bad("bad_child", cu.tr().t("err.choose"))),
        Ok(child) => {
            state
                .run(&cu, move |c, op| service::add_child(c, op, id, child))
                .await
        }
    };
    match added {
        Ok(_) => Ok(redirect(&format!("/transfers/{id}"))),
        // Every refusal of adding a child is about the child chosen.
        Err(e) => {
            let errors = refusal_to_field(e, |_| "child_id")?;
            batch_page(&state, &cu, id, typed, errors).await
        }
    }
}

#[derive(Deserialize)]
pub struct ActForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub version: String,
}

fn act_field(field: Field) -> &'static str {
    match field {
        Field::Reason => "reason",
        _ => "action",
    }
}

pub async fn act(
    state: State,
    cu: CurrentUser,
    path: web::Path<BatchId>,
    form: web::Form<ActForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ActOnTransfers)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let tr = cu.tr();
    let typed = BatchTyped {
        reason: f.reason.clone(),
        ..BatchTyped::default()
    };
    let mut errors = FieldErrors::default();
    let reason = crate::platform::forms::text(&mut errors, tr, "reason", &f.reason, false, 300);
    let action = BatchAction::requested(f.action.trim());
    if action.is_none() {
        errors.add("action", tr.t("err.choose"));
    }
    let version = f.version.trim().parse::<i32>().ok();
    if version.is_none() {
        errors.add("version", tr.t("err.stale_version"));
    }
    let (Some(action), Some(version), true) = (action, version, errors.is_empty()) else {
        return batch_page(&state, &cu, id, typed, errors).await;
    };
    let done = state
        .run(&cu, move |c, op| {
            service::act(c, op, id, action, &reason, version)
        })
        .await;
    match done {
        Ok(_) => Ok(redirect(&format!("/transfers/{id}"))),
        Err(e) => {
            let errors = refusal_to_field(e, act_field)?;
            batch_page(&state, &cu, id, typed, errors).await
        }
    }
}

async fn handover_pdf(
    state: State,
    cu: CurrentUser,
    id: BatchId,
    only: Option<i64>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (bytes, disposition) = state
        .run(&cu, move |c, op| {
            let b = service::load(c, op, id)?;
            let doc = super::super::pdf::build(c, op.tr, &b, only)?;
            let bytes = crate::pdf::render(&doc).map_err(AppError::internal)?;
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("print", "transfer", id).with_detail(
                    only.map(|t| format!("child {t}"))
                        .unwrap_or_else(|| "batch".into()),
                ),
            )?;
            Ok((bytes, crate::pdf::content_disposition(&doc)))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", disposition))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

pub async fn batch_pdf(
    state: State,
    cu: CurrentUser,
    path: web::Path<BatchId>,
) -> AppResult<HttpResponse> {
    handover_pdf(state, cu, path.into_inner(), None).await
}

pub async fn child_pdf(
    state: State,
    cu: CurrentUser,
    path: web::Path<(BatchId, i64)>,
) -> AppResult<HttpResponse> {
    let (id, tcid) = path.into_inner();
    handover_pdf(state, cu, id, Some(tcid)).await
}
