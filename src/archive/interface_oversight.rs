//! What the oversight module (issue 17 point 3, allowances) needs of the archive beyond `interface.rs`,
//! kept in its own file so parallel work on the archive merges mechanically:
//!
//! - [`allowance_facts`]: the children who were at some institutions during a period, with the facts
//!   the monthly allowance roster (基本生活费发放名册) is computed from — intake and discharge dates,
//!   birth date (the allowance stops after the 18th birthday), the allowance category
//!   (保障金类别) and the history of their moves and category changes, so a past month's roster is
//!   computed from history, not from today's state.

use super::model::ChildId;
use crate::db::schema::{child_changes, children};
use crate::db::DbConn;
use crate::org::InstitutionId;
use chrono::NaiveDate;
use diesel::prelude::*;

/// One child's facts for the allowance roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowanceFacts {
    pub id: ChildId,
    pub archive_no: String,
    pub name: String,
    pub birth_date: NaiveDate,
    pub intake_date: NaiveDate,
    pub discharge_date: Option<NaiveDate>,
    /// The discharge reason code (`discharge.*`), when discharged.
    pub discharge_reason: Option<String>,
    /// The current allowance category code (`allowance.*`: orphan-institution, de-facto-unsupported,
    /// tekun, none).
    pub allowance_category: String,
    pub institution_now: InstitutionId,
    /// Moves between institutions, oldest first: (day, from, to).
    pub moves: Vec<(NaiveDate, InstitutionId, InstitutionId)>,
    /// Changes of the allowance category, oldest first: (day, old, new).
    pub category_changes: Vec<(NaiveDate, String, String)>,
}

type Row = (
    ChildId,
    String,
    String,
    NaiveDate,
    NaiveDate,
    Option<NaiveDate>,
    Option<String>,
    String,
    InstitutionId,
);

/// The children who are, or were by a move, at one of `institutions`, taken in on or before `to` and
/// not discharged before `from`, with their move and category history. Unscoped: the caller (the
/// oversight service) has checked that the user oversees the institutions.
pub fn allowance_facts(
    conn: &mut DbConn,
    institutions: &[InstitutionId],
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<AllowanceFacts>> {
    let as_text: Vec<String> = institutions.iter().map(|i| i.0.to_string()).collect();
    let moved: Vec<ChildId> = child_changes::table
        .filter(child_changes::field.eq("institution"))
        .filter(
            child_changes::old_value
                .eq_any(as_text.clone())
                .or(child_changes::new_value.eq_any(as_text)),
        )
        .select(child_changes::child_id)
        .distinct()
        .load(conn)?;
    let rows: Vec<Row> = children::table
        .filter(
            children::institution_id
                .eq_any(institutions.to_vec())
                .or(children::id.eq_any(moved)),
        )
        .filter(children::intake_date.le(to))
        .filter(
            children::discharge_date
                .is_null()
                .or(children::discharge_date.ge(from)),
        )
        .order(children::archive_no.asc())
        .select((
            children::id,
            children::archive_no,
            children::legal_name,
            children::birth_date,
            children::intake_date,
            children::discharge_date,
            children::discharge_reason,
            children::allowance_category,
            children::institution_id,
        ))
        .load(conn)?;
    let ids: Vec<ChildId> = rows.iter().map(|r| r.0).collect();
    let history: Vec<(ChildId, String, String, String, chrono::NaiveDateTime)> =
        child_changes::table
            .filter(child_changes::child_id.eq_any(ids))
            .filter(child_changes::field.eq_any(["institution", "allowance_category"]))
            .order((child_changes::changed_at.asc(), child_changes::id.asc()))
            .select((
                child_changes::child_id,
                child_changes::field,
                child_changes::old_value,
                child_changes::new_value,
                child_changes::changed_at,
            ))
            .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = history.iter().filter(|h| h.0 == r.0);
            let mut moves = Vec::new();
            let mut category_changes = Vec::new();
            for (_, field, old, new, at) in mine {
                if field == "institution" {
                    if let (Ok(a), Ok(b)) = (old.parse::<i64>(), new.parse::<i64>()) {
                        moves.push((at.date(), InstitutionId(a), InstitutionId(b)));
                    }
                } else {
                    category_changes.push((at.date(), old.clone(), new.clone()));
                }
            }
            AllowanceFacts {
                id: r.0,
                archive_no: r.1,
                name: r.2,
                birth_date: r.3,
                intake_date: r.4,
                discharge_date: r.5,
                discharge_reason: r.6,
                allowance_category: r.7,
                institution_now: r.8,
                moves,
                category_changes,
            }
        })
        .collect())
}
