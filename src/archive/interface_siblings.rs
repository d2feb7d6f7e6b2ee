//! Siblings (兄弟姐妹) in the archive, added for foster matching (issue 12 point 4: "siblings kept
//! together where a family can take them"). The archive knew no relation between children; this file
//! records one as a pair link (`child_siblings`, the smaller id first) and reads a child's sibling
//! group as the links' closure, so A–B and B–C make one group A, B, C. Kept in its own file so
//! parallel work on the archive merges mechanically.
//!
//! Only children of the same institution can be linked (a sibling group is kept together inside one
//! institution; siblings elsewhere are out of the caller's scope). Both children must be in the
//! caller's scope (404 otherwise).

use super::interface::ChildSummary;
use super::model::ChildId;
use crate::audit::{self, Event};
use crate::db::schema::{child_siblings as cs, children};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::Op;
use diesel::prelude::*;

/// The sibling group of a child: every child linked to it directly or through another sibling, the
/// child itself excluded, in id order, whatever their status (the caller decides who is still in care).
/// The caller has decided the user may see the child.
pub fn siblings(conn: &mut DbConn, child: ChildId) -> QueryResult<Vec<ChildSummary>> {
    let mut group = vec![child.0];
    let mut frontier = vec![child.0];
    // A sibling group is a handful of children: a few small queries, bounded by the group's size.
    while !frontier.is_empty() {
        let pairs: Vec<(i64, i64)> = cs::table
            .filter(
                cs::child_id
                    .eq_any(&frontier)
                    .or(cs::sibling_id.eq_any(&frontier)),
            )
            .select((cs::child_id, cs::sibling_id))
            .load(conn)?;
        frontier = pairs
            .into_iter()
            .flat_map(|(a, b)| [a, b])
            .filter(|id| !group.contains(id))
            .collect();
        frontier.sort_unstable();
        frontier.dedup();
        group.extend(&frontier);
    }
    let others: Vec<ChildId> = group
        .into_iter()
        .filter(|id| *id != child.0)
        .map(ChildId)
        .collect();
    children::table
        .filter(children::id.eq_any(others))
        .order(children::id.asc())
        .select(ChildSummary::as_select())
        .load(conn)
}

/// Why two children cannot be linked as siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiblingRefusal {
    /// The same child twice.
    Same,
    /// The children are in different institutions.
    OtherInstitution,
    /// Already in one sibling group.
    Already,
}

/// Record that two children are siblings, inside the caller's transaction, audited as an update of
/// both children. Both must be in the caller's scope (404).
pub fn link_siblings(
    conn: &mut DbConn,
    op: &Op<'_>,
    a: ChildId,
    b: ChildId,
) -> AppResult<Result<(), SiblingRefusal>> {
    let ka = super::load_in_scope(conn, op.user, a)?;
    let kb = super::load_in_scope(conn, op.user, b)?;
    if a == b {
        return Ok(Err(SiblingRefusal::Same));
    }
    if ka.institution_id != kb.institution_id {
        return Ok(Err(SiblingRefusal::OtherInstitution));
    }
    if siblings(conn, a)?.iter().any(|s| s.id == b) {
        return Ok(Err(SiblingRefusal::Already));
    }
    let (lo, hi) = if a.0 < b.0 { (a, b) } else { (b, a) };
    diesel::insert_into(cs::table)
        .values((
            cs::child_id.eq(lo.0),
            cs::sibling_id.eq(hi.0),
            cs::recorded_by.eq(op.user.id.0),
            cs::recorded_at.eq(op.now),
        ))
        .execute(conn)?;
    for (k, other) in [(lo, hi), (hi, lo)] {
        audit::record(
            conn,
            op.now,
            op.actor,
            &Event::ok("update", "child", k).with_detail(format!("sibling of {other}")),
        )?;
    }
    Ok(Ok(()))
}
