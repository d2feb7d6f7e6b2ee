//! Appointments (预约外出, issue 15 point 2b, for issue 14's care pages): a hospital visit, a
//! rehabilitation session, a school meeting — child, ward wall-clock time, place, kind, what, and who
//! accompanies (a staff member of the institution, or free text for anyone else). Medical staff,
//! social workers and the head plan and cancel them on the child's appointments page
//! (`/children/{id}/care/appointments`, linked from the care page); everyone who reads the care page
//! reads them there and on the archive overview's panel (upcoming); the caregiver's round shows each at
//! its time through `care::interface_appointments`. See docs/care.md "Appointments".
//!
//! Registered as its own `Module` (`care_appointments`, in `crate::modules::ALL`) so the care
//! module's registration stays untouched; it is part of the care module and owns `care_appointments`.

pub mod api;
pub mod demo;
pub mod due;
pub mod handlers;
pub mod model;
pub mod rules;
pub mod service;

use crate::archive::ChildId;
use crate::auth::model::User;
use crate::auth::{Action, Role};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::module::{ChildPanel, FactSubject, Module, PanelLine};
use crate::platform::Op;
use actix_web::web;
use chrono::Timelike;

/// The registration (pages, API, catalogue keys; no navigation entry: reached from the child).
pub const MODULE: Module = Module {
    name: "care_appointments",
    pages,
    api: api::routes,
    openapi: api::openapi,
    nav: &[],
    due: Some(due::due_items),
    setup: None,
    demo: Some(demo::seed),
    catalogue_keys,
};

fn catalogue_keys() -> Vec<String> {
    let mut keys: Vec<String> = model::Kind::ALL
        .iter()
        .map(|k| format!("care.appointment.kind.{}", k.code()))
        .collect();
    keys.push(due::TASK_KEY.to_string());
    keys.push(format!("{}.short", due::TASK_KEY));
    keys
}

fn pages(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/children/{id}/care/appointments",
        web::get().to(handlers::page),
    )
    .route(
        "/children/{id}/care/appointments",
        web::post().to(handlers::create),
    )
    .route(
        "/children/{id}/care/appointments/{appointment}/cancel",
        web::post().to(handlers::cancel),
    );
}

/// The page's address for a child.
pub fn href(child: i64) -> String {
    format!("/children/{child}/care/appointments")
}

/// Who accompanies: the staff member's name, else the free text.
pub fn escort_name(users: &[User], user: Option<i64>, text: &str) -> String {
    user.and_then(|id| users.iter().find(|u| i64::from(u.id) == id))
        .map_or_else(|| text.to_string(), |u| u.display_name.clone())
}

/// Whether a reader sees what an appointment is about (its `what` and place): the archive's
/// restriction rule on the kind's section, and for caregivers the care pages' reading rule (daily care
/// and medical only, issue 14 point 8). Time, kind and escort are always shown: the child must be
/// ready to leave.
pub fn sees_detail(role: Role, access: &crate::archive::SectionAccess, kind: model::Kind) -> bool {
    let caregiver_part = matches!(kind, model::Kind::Hospital | model::Kind::Other);
    !access.hides(kind.section()) && (role != Role::Caregiver || caregiver_part)
}

/// The panel on the archive page's overview: the next five appointments (registered in
/// `crate::modules::CHILD_PANELS`).
pub const CHILD_PANEL: ChildPanel = ChildPanel {
    id: "care-appointments",
    label: "care.appointment.title",
    action: Action::ViewCare,
    href,
    open: "care.appointment.open",
    lines: panel_lines,
};

fn panel_lines(
    c: &mut DbConn,
    op: &Op<'_>,
    s: &FactSubject<'_>,
) -> AppResult<Option<Vec<PanelLine>>> {
    let id = ChildId(s.child_id);
    let (_, access) = crate::archive::subject_in_scope(c, op.user, s)?;
    // To the minute (appointments are planned to the minute): one begun at 10:30 stays listed through
    // 10:30, so the panel is the same all minute long and the archive page may keep it that long
    // (archive::handlers::child_load::load_kept).
    let now = rules::local(op.now)
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(rules::local(op.now));
    let upcoming: Vec<model::Appointment> = model::of_child(c, id)?
        .into_iter()
        .filter(|a| !a.cancelled() && a.starts_at >= now)
        .take(5)
        .collect();
    if upcoming.is_empty() {
        // Only children in care can have anything planned; a discharged child shows no panel.
        return Ok(s.in_care.then(|| {
            vec![PanelLine {
                label: op.tr.t("care.appointment.upcoming").to_string(),
                value: op.tr.t("care.appointment.none").to_string(),
                warn: false,
            }]
        }));
    }
    let users = crate::auth::model::list(c)?;
    Ok(Some(
        upcoming
            .iter()
            .map(|a| PanelLine {
                label: a.starts_at.format("%Y-%m-%d %H:%M").to_string(),
                value: line_text(op, &users, a, sees_detail(op.user.role, &access, a.kind)),
                warn: false,
            })
            .collect(),
    ))
}

/// "就医 · 市儿童医院 · 复查 · 陪同：王医生" (place and what only when the reader sees them).
pub fn line_text(op: &Op<'_>, users: &[User], a: &model::Appointment, detail: bool) -> String {
    let mut v = op
        .tr
        .t(&format!("care.appointment.kind.{}", a.kind.code()))
        .to_string();
    if detail {
        v.push_str(&format!(" · {} · {}", a.place, a.what));
    }
    v.push_str(" · ");
    v.push_str(&op.tr.tf(
        "care.appointment.escorted_by",
        &[("who", &escort_name(users, a.escort_user_id, &a.escort_text))],
    ));
    v
}
