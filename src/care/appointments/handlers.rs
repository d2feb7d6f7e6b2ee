//! The child's appointments page (`/children/{id}/care/appointments`): upcoming and past appointments
//! (cancelled ones struck through with their reason), the planning form and a cancel form per upcoming
//! appointment for medical staff, social workers and the head. Every view is audited; a refused form is
//! drawn again with what was typed and a message per field (422).

use super::model::{self, Kind};
use super::service::{self, AppointmentInput, Failure};
use super::{rules, sees_detail};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::FieldErrors;
use crate::web::flash::redirect_with;
use crate::web::{render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

/// One appointment as the page lists it.
pub struct Row {
    pub id: i64,
    pub when: String,
    pub kind: String,
    /// Place and what (empty when the reader does not see them).
    pub detail: String,
    pub escort: String,
    pub cancelled: String,
    /// The cancel form: what was typed and its message, when it was this one that failed.
    pub reason: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "care/appointments.html")]
pub struct Page {
    pub ctx: Ctx,
    pub head: crate::archive::header::ChildHeader,
    pub crumb: String,
    pub upcoming: Vec<Row>,
    pub past: Vec<Row>,
    /// The reader may plan and cancel (and the child is in care).
    pub manage: bool,
    pub kinds: Vec<(&'static str, String)>,
    pub staff: Vec<(String, String)>,
    pub typed: AppointmentInput,
    pub errors: FieldErrors,
    /// The least start the browser's picker offers (the ward's current minute).
    pub min: String,
}

/// What failed: nothing, the planning form, or the cancel form of one appointment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Failed {
    None,
    Create,
    Cancel(i64),
}

async fn show(
    state: &State,
    cu: &CurrentUser,
    child: ChildId,
    failed: Failed,
    typed: AppointmentInput,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let role = cu.role();
    let ctx = Ctx::for_user(cu);
    let (cancel_reason, cancel_error) = (typed.what.clone(), errors.msg("reason").to_string());
    let (head, upcoming, past, manage, staff, min) = state
        .run(cu, move |c, op| {
            let k = crate::archive::load_in_scope(c, op.user, child)?;
            let access = crate::archive::section_access(c, child, &role, false)?;
            let tr = op.tr;
            let inst =
                crate::org::model::holding(c, k.institution_id)?.map_or(String::new(), |i| i.name);
            let head =
                crate::archive::header::header(tr, &k, &inst, op.today, !access.hides("basic"));
            let users = crate::auth::model::list(c)?;
            let now = rules::local(op.now);
            let (mut upcoming, mut past) = (Vec::new(), Vec::new());
            for a in model::of_child(c, child)? {
                let detail = if sees_detail(role, &access, a.kind) {
                    format!("{} · {}", a.place, a.what)
                } else {
                    String::new()
                };
                let this = failed == Failed::Cancel(a.id);
                let row = Row {
                    id: a.id,
                    when: a.starts_at.format("%Y-%m-%d %H:%M").to_string(),
                    kind: tr
                        .t(&format!("care.appointment.kind.{}", a.kind.code()))
                        .to_string(),
                    detail,
                    escort: super::escort_name(&users, a.escort_user_id, &a.escort_text),
                    cancelled: match a.cancelled_at {
                        Some(at) => tr.tf(
                            "care.appointment.cancelled_on",
                            &[
                                ("date", &crate::clock::cst_minutes(at)),
                                ("reason", &a.cancel_reason),
                            ],
                        ),
                        None => String::new(),
                    },
                    reason: if this {
                        cancel_reason.clone()
                    } else {
                        String::new()
                    },
                    error: if this {
                        cancel_error.clone()
                    } else {
                        String::new()
                    },
                };
                if a.starts_at >= now && !a.cancelled() {
                    upcoming.push(row);
                } else {
                    past.push(row);
                }
            }
            past.reverse();
            let manage = op.user.can(Action::ManageAppointments)
                && matches!(
                    k.status,
                    crate::archive::ChildStatus::Active | crate::archive::ChildStatus::InFosterCare
                );
            let staff = if manage {
                service::staff(c, i64::from(k.institution_id))?
                    .into_iter()
                    .map(|(id, n)| (id.to_string(), n))
                    .collect()
            } else {
                Vec::new()
            };
            audit::record_alone(
                c,
                op.now,
                op.actor,
                &Event::ok("view", "care_appointments", child)
                    .with_detail(format!("child {child}")),
            )?;
            Ok((
                head,
                upcoming,
                past,
                manage,
                staff,
                now.format("%Y-%m-%dT%H:%M").to_string(),
            ))
        })
        .await?;
    let kinds = Kind::ALL
        .iter()
        .map(|k| {
            (
                k.code(),
                ctx.t(&format!("care.appointment.kind.{}", k.code()))
                    .to_string(),
            )
        })
        .collect();
    let page = Page {
        crumb: ctx.t("care.appointment.title").to_string(),
        ctx,
        head,
        upcoming,
        past,
        manage,
        kinds,
        staff,
        typed: if failed == Failed::Create {
            typed
        } else {
            AppointmentInput::default()
        },
        errors: if failed == Failed::Create {
            errors.clone()
        } else {
            FieldErrors::default()
        },
        min,
    };
    let status = if failed == Failed::None {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(&page, status)
}

pub async fn page(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewCare)?;
    show(
        &state,
        &cu,
        path.into_inner(),
        Failed::None,
        AppointmentInput::default(),
        FieldErrors::default(),
    )
    .await
}

/// The planning form as posted (with the CSRF token beside the appointment's fields).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CreateForm {
    pub kind: String,
    pub starts_at: String,
    pub place: String,
    pub what: String,
    pub escort: String,
    pub escort_other: String,
}

/// Plan an appointment; back to the page with a notice, or the form again with messages.
pub async fn create(
    state: State,
    cu: CurrentUser,
    path: web::Path<ChildId>,
    form: web::Form<CreateForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAppointments)?;
    let child = path.into_inner();
    let f = form.into_inner();
    let input = AppointmentInput {
        kind: f.kind,
        starts_at: f.starts_at,
        place: f.place,
        what: f.what,
        escort: f.escort,
        escort_other: f.escort_other,
    };
    let typed = input.clone();
    let done = state
        .run(&cu, move |c, op| Ok(service::create(c, op, child, &input)))
        .await?;
    match done {
        Ok(_) => Ok(redirect_with(
            &super::href(child.into()),
            "flash.care_appointment_planned",
        )),
        Err(Failure::Refused(errors, _)) => {
            show(&state, &cu, child, Failed::Create, typed, errors).await
        }
        Err(Failure::Error(e)) => Err(e),
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CancelForm {
    pub reason: String,
}

/// Cancel with a reason; the record stays (APT-02).
pub async fn cancel(
    state: State,
    cu: CurrentUser,
    path: web::Path<(ChildId, i64)>,
    form: web::Form<CancelForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ManageAppointments)?;
    let (child, id) = path.into_inner();
    let reason = form.into_inner().reason;
    let r = reason.clone();
    let done = state
        .run(&cu, move |c, op| Ok(service::cancel(c, op, child, id, &r)))
        .await?;
    match done {
        Ok(()) => Ok(redirect_with(
            &super::href(child.into()),
            "flash.care_appointment_cancelled",
        )),
        Err(Failure::Refused(errors, _)) => {
            // The failed reason travels in `what` of the typed input (the page's only text for it).
            let typed = AppointmentInput {
                what: reason,
                ..Default::default()
            };
            show(&state, &cu, child, Failed::Cancel(id), typed, errors).await
        }
        Err(Failure::Error(AppError::NotFound)) => Err(AppError::NotFound),
        Err(Failure::Error(e)) => Err(e),
    }
}
