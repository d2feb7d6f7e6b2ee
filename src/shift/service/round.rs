//! My shift (我的班次, issue 15 point 2): the caregiver's page on a phone — the children of the unit she
//! is rostered on for the shift of this instant (CARE-03), each with photo, bed, warnings (allergies,
//! special care notes) and today's log, the doses due (MAR), PRN orders, and the last shift's handover
//! to acknowledge first (point 5). Handovers are written and acknowledged here.

use super::mar::{self, DoseLine};
use super::{home_institution, Field, Refused, ShiftResult};
use crate::archive::{Child, ChildId, ChildStatus};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::interface::MedicationOrder;
use crate::care::interface_shift::CareWarning;
use crate::db::schema::{shift_handover_lines as hl, shift_handovers as sh};
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use crate::shift::model::{self, Handover, HandoverLine, LogEntry, Unit};
use crate::shift::rules::{self, Shift};
use chrono::NaiveDate;
use diesel::prelude::*;

/// One child on the round.
pub struct RoundChild {
    pub child: Child,
    pub bed: String,
    /// Whether the basic section (the photo) is visible to the user.
    pub photo_visible: bool,
    pub warnings: Vec<CareWarning>,
    pub doses: Vec<DoseLine>,
    pub prn: Vec<MedicationOrder>,
    /// Today's log entries in force.
    pub log: Vec<LogEntry>,
    pub fever: bool,
    /// The care-plan tasks of today with their marks (point 2).
    pub tasks: Vec<super::tasks::TaskLine>,
    /// Appointments outside the ward in the shift's span and today, at their time (point 2b).
    pub appointments: Vec<crate::care::interface_appointments::AppointmentLine>,
}

/// The round of a unit for the shift of this instant.
pub struct Round {
    pub shift: Shift,
    pub shift_date: NaiveDate,
    pub unit: Option<Unit>,
    pub units: Vec<Unit>,
    pub rostered: bool,
    pub children: Vec<RoundChild>,
    /// Handovers of this unit not acknowledged yet, written by someone else (shown first).
    pub to_acknowledge: Vec<(Handover, Vec<HandoverLine>)>,
    pub policies: super::Policies,
}

/// The children placed in a unit now, in bed order, loaded in the user's scope and in care.
pub fn unit_children(c: &mut DbConn, op: &Op<'_>, unit: i64) -> ShiftResult<Vec<(Child, String)>> {
    let mut out = Vec::new();
    for p in model::current_in_units(c, &[unit])? {
        match crate::archive::load_in_scope(c, op.user, ChildId(p.child_id)) {
            Ok(k) if k.status == ChildStatus::Active => out.push((k, p.bed)),
            Ok(_) | Err(AppError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

/// Build the round. `unit`: the unit asked for (any unit of the user's institution — covering for a
/// colleague is normal); without it, the unit the user is rostered on for this shift.
pub fn round(c: &mut DbConn, op: &Op<'_>, unit: Option<i64>) -> ShiftResult<Round> {
    if !op.user.can(Action::RecordShift) {
        return Err(AppError::Forbidden.into());
    }
    let inst = home_institution(op)?;
    let now = rules::local(op.now);
    let div = super::division_of(c, inst)?;
    let p = super::policies(c, div, now.date())?;
    let (shift, shift_date) = rules::shift_of(now, p.day_start, p.night_start);
    let units = model::units_of(c, &[inst])?;
    let rostered_unit = model::rostered_unit(c, i64::from(op.user.id), shift, shift_date)?;
    let chosen = unit.or(rostered_unit);
    let unit = match chosen {
        Some(id) => Some(
            units
                .iter()
                .find(|u| u.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let mut children = Vec::new();
    let mut to_acknowledge = Vec::new();
    if let Some(u) = &unit {
        let kids = unit_children(c, op, u.id)?;
        let ids: Vec<ChildId> = kids.iter().map(|(k, _)| k.id).collect();
        mar::sweep(c, op, &ids, p.missed_window)?;
        let today = now.date();
        // Appointments of the shift's span and of today (a night shift sees tomorrow's 07:00 visit).
        let span = rules::span::round_span(now, p.day_start, p.night_start);
        let days = [today.pred_opt().unwrap_or(today), today];
        let raw: Vec<i64> = ids.iter().map(|i| i64::from(*i)).collect();
        let logs = model::log_of_day(c, &raw, today)?;
        let role = op.user.role;
        for (k, bed) in kids {
            let access = crate::archive::section_access(c, k.id, &role, false)?;
            let warnings = if access.hides("medical") {
                Vec::new()
            } else {
                crate::care::interface_shift::warnings(c, k.id)?
            };
            let tasks = super::tasks::of_child(c, op, k.id, &access, today)?;
            let appointments =
                crate::care::interface_appointments::between(c, k.id, span, role, &access)?;
            let (doses, prn) = mar::doses_of(c, k.id, &days, now, p.missed_window)?;
            // The round shows what matters now: every dose of today, and yesterday's only when still
            // unmarked or missed (a night shift finishing yesterday's late doses).
            let doses = doses
                .into_iter()
                .filter(|d| {
                    d.due_at.date() == today
                        || d.mark
                            .as_ref()
                            .is_none_or(|m| m.outcome == model::Outcome::Missed)
                })
                .collect();
            let mine: Vec<LogEntry> = logs
                .iter()
                .filter(|e| e.child_id == i64::from(k.id))
                .cloned()
                .collect();
            let log: Vec<LogEntry> = super::log::in_force(&mine).into_iter().cloned().collect();
            let fever = log
                .iter()
                .filter_map(|e| e.temperature)
                .any(|t| rules::fever(t, p.fever_tenths));
            children.push(RoundChild {
                photo_visible: !access.hides("basic"),
                child: k,
                bed,
                warnings,
                doses,
                prn,
                log,
                fever,
                tasks,
                appointments,
            });
        }
        let me = i64::from(op.user.id);
        let open: Vec<Handover> = model::unacknowledged(c, Some(&[u.id][..]))?
            .into_iter()
            .filter(|h| h.written_by != me)
            .collect();
        let hids: Vec<i64> = open.iter().map(|h| h.id).collect();
        let lines = model::handover_lines(c, &hids)?;
        for h in open {
            let ls = lines
                .iter()
                .filter(|l| l.handover_id == h.id)
                .cloned()
                .collect();
            to_acknowledge.push((h, ls));
        }
        audit::record_alone(
            c,
            op.now,
            op.actor,
            &Event::ok("view", "shift_round", u.id).with_detail(format!("{} children", raw.len())),
        )?;
    }
    Ok(Round {
        shift,
        shift_date,
        rostered: rostered_unit.is_some() && rostered_unit == unit.as_ref().map(|u| u.id),
        unit,
        units,
        children,
        to_acknowledge,
        policies: p,
    })
}

/// A handover as typed: the unit's note, and `note_<child id>` per child where something happened.
#[derive(Debug, Clone, Default)]
pub struct HandoverInput {
    pub note: String,
    pub lines: Vec<(i64, String)>,
    pub idem: String,
}

impl HandoverInput {
    pub fn from_pairs(pairs: &[(String, String)]) -> HandoverInput {
        let mut f = HandoverInput::default();
        for (k, v) in pairs {
            match k.as_str() {
                "note" => f.note = v.clone(),
                "idem" => f.idem = v.clone(),
                k => {
                    if let Some(id) = k.strip_prefix("note_").and_then(|x| x.parse().ok()) {
                        f.lines.push((id, v.clone()));
                    }
                }
            }
        }
        f
    }
}

fn clean(raw: &str) -> Option<String> {
    let v = raw.trim();
    (v.chars().count() <= 2000 && !v.chars().any(|c| c.is_control() && c != '\n' && c != '\r'))
        .then(|| v.to_string())
}

/// Write the handover of the shift of this instant for a unit (issue 15 point 5).
pub fn write_handover(
    c: &mut DbConn,
    op: &Op<'_>,
    unit: i64,
    f: &HandoverInput,
) -> ShiftResult<Option<i64>> {
    if !op.user.can(Action::RecordShift) {
        return Err(AppError::Forbidden.into());
    }
    let inst = home_institution(op)?;
    let u = super::units::unit_in_scope(c, op, unit)?;
    if u.institution_id != inst {
        return Err(AppError::NotFound.into());
    }
    let mut errs = Vec::new();
    let note = match clean(&f.note) {
        Some(n) if !n.is_empty() => n,
        _ => {
            errs.push(Refused::Required.at(op, Field::Note));
            String::new()
        }
    };
    let in_unit: Vec<i64> = unit_children(c, op, u.id)?
        .into_iter()
        .map(|(k, _)| i64::from(k.id))
        .collect();
    let mut lines = Vec::new();
    for (child, text) in &f.lines {
        match clean(text) {
            Some(t) if t.is_empty() => {}
            Some(t) if in_unit.contains(child) => lines.push((*child, t)),
            _ => errs.push(Refused::Required.at(op, Field::Children)),
        }
    }
    if !errs.is_empty() {
        return Err(super::Failure::Refused(errs));
    }
    let now = rules::local(op.now);
    let div = super::division_of(c, inst)?;
    let p = super::policies(c, div, now.date())?;
    let (shift, shift_date) = rules::shift_of(now, p.day_start, p.night_start);
    super::once(c, op, &f.idem, |c| {
        diesel::insert_into(sh::table)
            .values((
                sh::unit_id.eq(u.id),
                sh::shift.eq(shift.code()),
                sh::shift_date.eq(shift_date),
                sh::note.eq(&note),
                sh::written_by.eq(i64::from(op.user.id)),
                sh::written_at.eq(op.now),
            ))
            .execute(c)?;
        let id: i64 = sh::table
            .filter(sh::unit_id.eq(u.id))
            .order(sh::id.desc())
            .select(sh::id)
            .first(c)?;
        for (child, text) in &lines {
            diesel::insert_into(hl::table)
                .values((
                    hl::handover_id.eq(id),
                    hl::child_id.eq(child),
                    hl::note.eq(text),
                ))
                .execute(c)?;
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("create", "shift_handover", id),
        )?;
        Ok(id)
    })
}

/// The next shift acknowledges a handover (not the writer's own; once).
pub fn acknowledge(c: &mut DbConn, op: &Op<'_>, id: i64, idem: &str) -> ShiftResult<Option<()>> {
    if !op.user.can(Action::RecordShift) {
        return Err(AppError::Forbidden.into());
    }
    let Some(h) = model::handover(c, id)? else {
        return Err(AppError::NotFound.into());
    };
    let u = super::units::unit_in_scope(c, op, h.unit_id)?;
    if Some(u.institution_id) != op.user.institution_id.map(i64::from) {
        return Err(AppError::NotFound.into());
    }
    if h.acked_at.is_some() || h.written_by == i64::from(op.user.id) {
        return Err(Refused::CannotAcknowledge.at(op, Field::Note).into());
    }
    super::once(c, op, idem, |c| {
        let n = diesel::update(sh::table.find(h.id).filter(sh::acked_at.is_null()))
            .set((
                sh::acked_by.eq(Some(i64::from(op.user.id))),
                sh::acked_at.eq(Some(op.now)),
            ))
            .execute(c)?;
        if n == 0 {
            return Err(Refused::CannotAcknowledge.at(op, Field::Note).into());
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("acknowledge", "shift_handover", h.id),
        )?;
        Ok(())
    })
}
