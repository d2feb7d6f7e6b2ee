//! Batch pages: the list with the create form, and a batch with its children, timeline and actions
//! (each child's checklist and plan: `children`). A refused form comes back with what was typed and
//! the message next to the field at fault (422; 409 when someone changed the batch first).

use super::super::rules::{self, BatchAction, BatchState, Side};
use super::super::service;
use super::super::views::{BatchLine, BatchPage, BatchTyped, KidLine, ListPage, StepView};
use super::{refusal_to_field, status_for};
use crate::auth::Action;
use crate::db::schema::{institutions, transfer_events as te};
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::transfer::model::BatchId;
use crate::transfer::service::Field;
use crate::web::flash::redirect_with;
use crate::web::{render, render_status, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
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

pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewTransfers)?;
    let (rows, all) = state
        .run(&cu, move |c, op| {
            Ok((service::visible(c, op, 500)?, names(c)?))
        })
        .await?;
    let tr = cu.tr();
    render(&ListPage {
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
        ctx: Ctx::for_user(&cu),
    })
}

async fn batch_page(
    state: &State,
    cu: &CurrentUser,
    id: BatchId,
    typed: BatchTyped,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let tr = cu.tr();
    let (b, side, kids, progress, events, event_names, candidates, all, today) = state
        .run(&cu, move |c, op| {
            let b = service::load(c, op, id)?;
            let side = service::side_of(op, &b);
            service::sync_open_list(c, op, &b)?;
            let kids = super::super::model::children_with_names(c, id, None)?;
            let progress = super::super::model::item_progress(c, id)?;
            let events: Vec<(chrono::NaiveDateTime, String, String)> = te::table
                .filter(te::batch_id.eq(id))
                .order(te::id.asc())
                .select((te::at, te::action, te::detail))
                .load(c)?;
            // Children named in the timeline (added, removed, completed) by name, not internal id.
            let ids: Vec<crate::archive::ChildId> =
                events.iter().filter_map(|(_, _, d)| child_in(d)).collect();
            let event_names: Vec<(crate::archive::ChildId, String)> =
                crate::archive::summaries(c, &ids)?
                    .into_iter()
                    .map(|s| (s.id, format!("{} {}", s.legal_name, s.archive_no)))
                    .collect();
            let candidates = if side == Some(Side::Sender) && b.is_editable() {
                service::roster::candidates(c, op, "")?
            } else {
                vec![]
            };
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "transfer", id),
            )?;
            Ok((
                b,
                side,
                kids,
                progress,
                events,
                event_names,
                candidates,
                names(c)?,
                op.today,
            ))
        })
        .await?;
    let (is_sender, is_receiver) = (side == Some(Side::Sender), side == Some(Side::Receiver));
    let no_kids = kids.is_empty();
    let pending = kids.iter().filter(|(k, _, _)| k.is_pending()).count();
    let kid_count = kids.len().max(1);
    let pending = if kids.is_empty() { 1 } else { pending };
    let can = |action: BatchAction| {
        side.is_some_and(|s| {
            rules::batch_transition(b.state, action, s, "x", kid_count, pending).is_ok()
        })
    };
    // Cancelling an accepted batch, or taking a child out once submitted, is either head's (point 13).
    let under_way = matches!(b.state, BatchState::Submitted | BatchState::Accepted);
    let may_stop = if b.state == BatchState::Accepted {
        cu.user.can(Action::StopTransfer)
    } else {
        is_sender_side(side) && cu.user.can(Action::SendTransfers)
    };
    let can_remove = if under_way {
        cu.user.can(Action::StopTransfer)
    } else {
        is_sender_side(side) && b.is_editable() && cu.user.can(Action::SendTransfers)
    };
    let removed: Vec<(String, String, String)> = events
        .iter()
        .filter(|(_, a, _)| a == "remove_child")
        .map(|(at, _, d)| {
            let child = child_in(d);
            let name = event_names
                .iter()
                .find(|(i, _)| Some(*i) == child)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            let reason = d.split_once(": ").map(|(_, r)| r).unwrap_or("");
            (crate::clock::cst_minutes(*at), name, reason.to_string())
        })
        .collect();
    let turn_sides = rules::progress::whose_turn(b.state);
    let turn = if turn_sides.is_empty() {
        String::new()
    } else {
        let who: Vec<String> = turn_sides
            .iter()
            .map(|s| match s {
                Side::Sender => tr.tf(
                    "transfer.turn.sender",
                    &[("name", &name_of(&all, b.sender_institution_id))],
                ),
                Side::Receiver => tr.tf(
                    "transfer.turn.receiver",
                    &[("name", &name_of(&all, b.receiver_institution_id))],
                ),
            })
            .collect();
        tr.tf("transfer.turn", &[("who", &who.join("；"))])
    };
    let kid_status = |tc: &crate::transfer::model::TransferChild| -> (String, String) {
        if !tc.is_pending() {
            return (tr.t("transfer.child.completed").to_string(), String::new());
        }
        let (done, total) = progress
            .iter()
            .find(|(t, _, _)| *t == tc.id)
            .map(|(_, d, n)| (*d, *n))
            .unwrap_or((0, 0));
        match b.state {
            BatchState::Draft | BatchState::Returned => {
                (tr.t("transfer.child.added").to_string(), String::new())
            }
            BatchState::Submitted => (tr.t("transfer.child.awaiting").to_string(), String::new()),
            BatchState::Cancelled => (tr.t("transfer.state.cancelled").to_string(), String::new()),
            _ => (
                tr.t("transfer.child.pending").to_string(),
                tr.tf(
                    "transfer.child.progress",
                    &[("done", &done.to_string()), ("total", &total.to_string())],
                ),
            ),
        }
    };
    let page = BatchPage {
        sender: name_of(&all, b.sender_institution_id),
        receiver: name_of(&all, b.receiver_institution_id),
        state_label: tr.t(&format!("transfer.state.{}", b.state)).to_string(),
        kids: kids
            .into_iter()
            .map(|(tc, archive_no, name)| {
                let (status, progress) = kid_status(&tc);
                KidLine {
                    tc,
                    archive_no,
                    name,
                    status,
                    progress,
                }
            })
            .collect(),
        events: events
            .into_iter()
            .map(|(at, a, d)| {
                let detail = match child_in(&d) {
                    Some(child) => {
                        let name = event_names
                            .iter()
                            .find(|(i, _)| *i == child)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_default();
                        match d.split_once(": ") {
                            Some((_, reason)) => format!("{name}（{reason}）"),
                            None => name,
                        }
                    }
                    None => d,
                };
                (
                    crate::clock::cst_minutes(at),
                    tr.t(&format!("transfer.event.{a}")).to_string(),
                    detail,
                )
            })
            .collect(),
        candidates: super::create::candidate_views(tr, candidates, today, &typed.child_ids),
        steps: rules::progress::steps(b.state)
            .into_iter()
            .map(|(s, st)| StepView {
                label: tr.t(&format!("transfer.step.{}", s.code())).to_string(),
                status: st.code(),
            })
            .collect(),
        turn,
        can_submit: is_sender && cu.user.can(Action::SendTransfers) && can(BatchAction::Submit),
        can_cancel: may_stop && can(BatchAction::Cancel),
        can_remove,
        removed,
        can_decide: is_receiver
            && cu.user.can(Action::DecideIncomingTransfers)
            && can(BatchAction::Accept),
        needs_children: is_sender && b.is_editable() && no_kids,
        is_sender,
        is_receiver,
        can_preview: service::preview::may_preview(side, &cu.user, b.state),
        batch: b,
        typed,
        errors,
        ctx: Ctx::for_user(cu),
    };
    render_status(&page, status_for(&page.errors))
}

fn is_sender_side(side: Option<Side>) -> bool {
    side == Some(Side::Sender)
}

/// The child an event's detail names: `"220"` or `"220: reason"`.
fn child_in(detail: &str) -> Option<crate::archive::ChildId> {
    let head = detail.split(':').next().unwrap_or("");
    if head.is_empty() || !head.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    head.parse().ok()
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

/// Add the ticked children (several at once) to a batch the sender is editing.
pub async fn add_child(
    state: State,
    cu: CurrentUser,
    path: web::Path<BatchId>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    cu.require(Action::SendTransfers)?;
    let id = path.into_inner();
    let ticked: Vec<String> = form
        .into_inner()
        .into_iter()
        .filter(|(k, _)| k == "child_id")
        .map(|(_, v)| v.trim().to_string())
        .collect();
    let typed = BatchTyped {
        child_ids: ticked.clone(),
        ..BatchTyped::default()
    };
    let children: Vec<crate::archive::ChildId> =
        ticked.iter().filter_map(|s| s.parse().ok()).collect();
    let added = if children.is_empty() || children.len() != ticked.len() {
        Err(AppError::bad("bad_child", cu.tr().t("err.choose_children")))
    } else {
        state
            .run(&cu, move |c, op| {
                service::roster::add_children(c, op, id, &children)
            })
            .await
    };
    match added {
        Ok(_) => Ok(redirect_with(
            &format!("/transfers/{id}"),
            "flash.child_added",
        )),
        // Every refusal of adding children is about the children chosen.
        Err(e) => {
            let errors = refusal_to_field(e, |_| "child_id")?;
            batch_page(&state, &cu, id, typed, errors).await
        }
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    pub reason: String,
}

/// Take a child out of a batch before the child's handover completes (a reason is required).
pub async fn remove_child(
    state: State,
    cu: CurrentUser,
    path: web::Path<(BatchId, i64)>,
    form: web::Form<RemoveForm>,
) -> AppResult<HttpResponse> {
    // Who may take a child out depends on the batch's state (the service decides; issue 10 point 13).
    cu.require(Action::ActOnTransfers)?;
    let (id, tcid) = path.into_inner();
    let reason = form.into_inner().reason;
    let typed = BatchTyped {
        reason: reason.clone(),
        ..BatchTyped::default()
    };
    let done = state
        .run(&cu, move |c, op| {
            service::roster::remove_child(c, op, id, tcid, &reason)
        })
        .await;
    match done {
        Ok(()) => Ok(redirect_with(
            &format!("/transfers/{id}"),
            "flash.child_removed",
        )),
        Err(e) => {
            let errors = refusal_to_field(e, |_| "remove_reason")?;
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
    /// Cancelling is final: the form carries a required confirmation.
    #[serde(default)]
    pub confirm: String,
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
    if action == Some(BatchAction::Cancel) && f.confirm != "yes" {
        errors.add("confirm", tr.t("err.confirm_required"));
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
        Ok(_) => Ok(redirect_with(
            &format!("/transfers/{id}"),
            match action {
                BatchAction::Submit => "flash.transfer_submitted",
                BatchAction::Accept => "flash.transfer_accepted",
                BatchAction::Return => "flash.transfer_returned",
                BatchAction::Cancel => "flash.transfer_cancelled",
                BatchAction::Complete => "flash.transfer_completed",
            },
        )),
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
