//! Medication orders (MAR-01: administration only against an active written order — prescriber,
//! drug, dose, route, times and dates). Written by medical staff on the child's care page; read by other
//! modules through `care::interface`.

use super::records::{audit_create, file, last_id, RecordInput};
use super::{child_to_write, CareResult, Check, Field, Refused};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::db::schema::care_medication_orders as mo;
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use diesel::prelude::*;

/// Times of day as `HH:MM` separated by commas (a PRN order may have none).
pub fn parse_times(raw: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for t in raw
        .split([',', '，', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let ok = chrono::NaiveTime::parse_from_str(t, "%H:%M").ok()?;
        out.push(ok.format("%H:%M").to_string());
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// A medication order (MAR-01: a written order with prescriber, drug, dose, route, times and dates).
pub fn order(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &RecordInput) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::RecordMedical)?;
    let mut ck = Check::default();
    let drug = ck.text(op, Field::Drug, &f.drug, 200);
    let dose = ck.text(op, Field::Dose, &f.dose, 100);
    let route = ck.text(op, Field::Route, &f.route, 50);
    let prn = f.prn == "yes";
    let times = match parse_times(&f.times) {
        Some(t) if prn || !t.is_empty() => t.join(","),
        _ => {
            ck.push(Refused::BadTimes.at(op, Field::Times));
            String::new()
        }
    };
    let start = super::parse_date(&f.date);
    if start.is_none() {
        ck.push(Refused::BadDate.at(op, Field::Date));
    }
    let end = if f.end_date.trim().is_empty() {
        None
    } else {
        match (super::parse_date(&f.end_date), start) {
            (Some(e), Some(s)) if e >= s => Some(e),
            _ => {
                ck.push(Refused::BadDate.at(op, Field::EndDate));
                None
            }
        }
    };
    let prescriber = ck.text(op, Field::Prescriber, &f.prescriber, 100);
    ck.done(())?;
    let start = start.ok_or_else(|| AppError::Internal("checked".into()))?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(mo::table)
            .values((
                mo::child_id.eq(child),
                mo::institution_id.eq(k.institution_id),
                mo::drug.eq(&drug),
                mo::dose.eq(&dose),
                mo::route.eq(&route),
                mo::times.eq(&times),
                mo::prn.eq(prn),
                mo::start_on.eq(start),
                mo::end_on.eq(end),
                mo::prescriber.eq(&prescriber),
                mo::recorded_by.eq(op.user.id),
                mo::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = mo::table
            .filter(mo::child_id.eq(child))
            .select(diesel::dsl::max(mo::id))
            .first(c);
        let id = last_id(c, q)?;
        let summary = op.tr.tf(
            "care.entry.order",
            &[
                ("drug", &drug),
                ("dose", &dose),
                ("route", &route),
                ("prescriber", &prescriber),
            ],
        );
        file(c, op, child, "medical", start, "care_order", &summary, id)?;
        audit_create(c, op, "care_order", id, child)?;
        Ok(id)
    })
}

/// Stop a medication order now (it stays in the record).
pub fn stop_order(c: &mut DbConn, op: &Op<'_>, child: ChildId, order_id: i64) -> CareResult<()> {
    child_to_write(c, op, child, Action::RecordMedical)?;
    crate::db::write_tx(c, |c| {
        let n = diesel::update(
            mo::table
                .filter(mo::id.eq(order_id))
                .filter(mo::child_id.eq(child))
                .filter(mo::stopped_at.is_null()),
        )
        .set((
            mo::stopped_at.eq(Some(op.now)),
            mo::stopped_by.eq(Some(op.user.id)),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::NotFound.into());
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("stop", "care_order", order_id).with_detail(format!("child {child}")),
        )?;
        Ok(())
    })
}
