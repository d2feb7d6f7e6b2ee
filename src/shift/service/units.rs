//! Living units (家庭式养育单元, issue 15 point 1): units with a kind and a capacity, children placed in a
//! unit and a bed (a move closes the old placement: the history stays), caregivers rostered on units by
//! shift (CARE-03), and occupancy per unit and institution (CARE-06: capacity is the institution's own
//! figure, no legal default).

use super::{child_in_care, home_institution, Field, Refused, ShiftResult};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::{Action, Role};
use crate::db::schema::{shift_placements as sp, shift_roster as sr, shift_units as su};
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use crate::shift::model::{self, Unit, UnitKind};
use crate::shift::rules::{self, Shift};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// The unit form (as typed).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct UnitInput {
    pub name: String,
    pub kind: String,
    pub capacity: String,
    pub idem: String,
}

/// Placing a child in a unit and bed (as typed).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PlaceInput {
    pub child: String,
    pub bed: String,
    pub idem: String,
}

/// Rostering a caregiver on a unit for a shift (as typed).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RosterInput {
    pub user: String,
    pub date: String,
    pub shift: String,
    pub idem: String,
}

/// A unit of the user's institution, or 404 (another institution's unit does not exist for them).
pub fn unit_in_scope(c: &mut DbConn, op: &Op<'_>, id: i64) -> Result<Unit, AppError> {
    let insts = super::institutions_in_scope(c, op)?;
    match model::unit(c, id)? {
        Some(u) if insts.contains(&u.institution_id) => Ok(u),
        _ => Err(AppError::NotFound),
    }
}

/// Create a unit (the head).
pub fn create_unit(c: &mut DbConn, op: &Op<'_>, f: &UnitInput) -> ShiftResult<Option<i64>> {
    if !op.user.can(Action::ManageUnits) {
        return Err(AppError::Forbidden.into());
    }
    let inst = home_institution(op)?;
    let mut errs = Vec::new();
    let name = f.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        errs.push(Refused::Required.at(op, Field::Name));
    }
    let kind = UnitKind::parse(f.kind.trim());
    if kind.is_none() {
        errs.push(Refused::BadKind.at(op, Field::Kind));
    }
    let capacity = f
        .capacity
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=200).contains(n));
    if capacity.is_none() {
        errs.push(Refused::BadNumber.at(op, Field::Capacity));
    }
    let (Some(kind), Some(capacity)) = (kind, capacity) else {
        return Err(super::Failure::Refused(errs));
    };
    if !errs.is_empty() {
        return Err(super::Failure::Refused(errs));
    }
    super::once(c, op, &f.idem, |c| {
        diesel::insert_into(su::table)
            .values((
                su::institution_id.eq(inst),
                su::name.eq(&name),
                su::kind.eq(kind.code()),
                su::capacity.eq(capacity),
                su::created_by.eq(i64::from(op.user.id)),
                su::created_at.eq(op.now),
            ))
            .execute(c)?;
        let id: i64 = su::table
            .filter(su::institution_id.eq(inst))
            .order(su::id.desc())
            .select(su::id)
            .first(c)?;
        audit::record(c, op.now, op.actor, &Event::ok("create", "shift_unit", id))?;
        super::refresh(c, op)?;
        Ok(id)
    })
}

/// Place a child of the institution in a unit and bed (the head); the previous placement is closed.
pub fn place(c: &mut DbConn, op: &Op<'_>, unit: i64, f: &PlaceInput) -> ShiftResult<Option<()>> {
    if !op.user.can(Action::ManageUnits) {
        return Err(AppError::Forbidden.into());
    }
    let u = unit_in_scope(c, op, unit)?;
    let Ok(child) = f.child.trim().parse::<i64>() else {
        return Err(Refused::NotInCare.at(op, Field::Child).into());
    };
    let k = child_in_care(c, op, ChildId(child), Action::ManageUnits)?;
    if i64::from(k.institution_id) != u.institution_id {
        return Err(Refused::NotInCare.at(op, Field::Child).into());
    }
    let bed = f.bed.trim().to_string();
    if bed.is_empty() || bed.chars().count() > 20 || bed.chars().any(char::is_control) {
        return Err(Refused::Required.at(op, Field::Bed).into());
    }
    super::once(c, op, &f.idem, |c| {
        diesel::update(sp::table)
            .filter(sp::child_id.eq(child))
            .filter(sp::until_at.is_null())
            .set(sp::until_at.eq(Some(op.now)))
            .execute(c)?;
        diesel::insert_into(sp::table)
            .values((
                sp::child_id.eq(child),
                sp::unit_id.eq(u.id),
                sp::bed.eq(&bed),
                sp::from_at.eq(op.now),
                sp::placed_by.eq(i64::from(op.user.id)),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("place", "shift_unit", u.id).with_detail(format!("child {child} bed {bed}")),
        )?;
        super::refresh(c, op)?;
        Ok(())
    })
}

/// Roster a caregiver (of the unit's institution) on the unit for one shift of one day (the head). A
/// caregiver is on one unit per shift: a new roster line for the same shift replaces the old one.
pub fn roster(c: &mut DbConn, op: &Op<'_>, unit: i64, f: &RosterInput) -> ShiftResult<Option<()>> {
    if !op.user.can(Action::ManageUnits) {
        return Err(AppError::Forbidden.into());
    }
    let u = unit_in_scope(c, op, unit)?;
    let mut errs = Vec::new();
    let user = f
        .user
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| {
            crate::auth::model::by_id(c, crate::auth::UserId(id))
                .ok()
                .flatten()
        })
        .filter(|x| {
            x.role == Role::Caregiver
                && x.active
                && x.institution_id.map(i64::from) == Some(u.institution_id)
        });
    if user.is_none() {
        errs.push(Refused::NotCaregiver.at(op, Field::User));
    }
    let date = chrono::NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        errs.push(Refused::BadDate.at(op, Field::Date));
    }
    let shift = Shift::parse(f.shift.trim());
    if shift.is_none() {
        errs.push(Refused::BadKind.at(op, Field::Shift));
    }
    let (Some(user), Some(date), Some(shift)) = (user, date, shift) else {
        return Err(super::Failure::Refused(errs));
    };
    let uid = i64::from(user.id);
    super::once(c, op, &f.idem, |c| {
        diesel::delete(sr::table)
            .filter(sr::user_id.eq(uid))
            .filter(sr::shift_date.eq(date))
            .filter(sr::shift.eq(shift.code()))
            .execute(c)?;
        diesel::insert_into(sr::table)
            .values((
                sr::unit_id.eq(u.id),
                sr::user_id.eq(uid),
                sr::shift_date.eq(date),
                sr::shift.eq(shift.code()),
            ))
            .execute(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("roster", "shift_unit", u.id)
                .with_detail(format!("user {uid} {date} {}", shift.code())),
        )?;
        Ok(())
    })
}

/// A unit's occupancy (issue 15 point 1).
#[derive(Debug, Clone, Serialize)]
pub struct Occupancy {
    pub unit: Unit,
    pub children: i64,
    pub over: bool,
}

/// Occupancy of the units of some institutions: children currently placed (and still in care) per unit.
pub fn occupancy(c: &mut DbConn, institutions: &[i64]) -> AppResult2<Vec<Occupancy>> {
    let units = model::units_of(c, institutions)?;
    let ids: Vec<i64> = units.iter().map(|u| u.id).collect();
    let placed = model::current_in_units(c, &ids)?;
    let kids: Vec<ChildId> = placed.iter().map(|p| ChildId(p.child_id)).collect();
    let active: std::collections::HashSet<i64> = crate::archive::summaries(c, &kids)?
        .into_iter()
        .filter(|s| s.status == crate::archive::ChildStatus::Active)
        .map(|s| i64::from(s.id))
        .collect();
    Ok(units
        .into_iter()
        .map(|u| {
            let n = placed
                .iter()
                .filter(|p| p.unit_id == u.id && active.contains(&p.child_id))
                .count() as i64;
            Occupancy {
                over: rules::over_capacity(n, i64::from(u.capacity)),
                children: n,
                unit: u,
            }
        })
        .collect())
}

type AppResult2<T> = diesel::QueryResult<T>;
