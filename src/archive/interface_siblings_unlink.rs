//! Removing a wrong sibling link (兄弟姐妹, issue 12 point 4 follow-up), and the direct links of a
//! child. Kept beside `interface_siblings` in its own file so parallel work merges mechanically.
//!
//! Only a direct link (a row of `child_siblings`) can be removed: a child linked through another
//! sibling (A–B, B–C) is unlinked by removing the link that is wrong. The row is deleted; the audit log
//! keeps who removed it, when and why (an `update` of both children with the reason), and who had
//! recorded it.
//!
//! Scope: the child must be in the caller's scope (404 otherwise). The other child need not be — a
//! sibling transferred to another institution after the link was recorded is still this child's link,
//! and the staff of either child may correct it.

use super::model::ChildId;
use crate::audit::{self, Event};
use crate::db::schema::child_siblings as cs;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use diesel::prelude::*;

/// The direct links of `child` (the rows naming it) as (link id, the other child), in the other
/// child's id order. The caller has decided the user may see `child`; it decides what it shows of each
/// other child (the link id names no child, so a form may carry it).
pub fn direct_siblings(conn: &mut DbConn, child: ChildId) -> QueryResult<Vec<(i64, ChildId)>> {
    let rows: Vec<(i64, i64, i64)> = cs::table
        .filter(cs::child_id.eq(child.0).or(cs::sibling_id.eq(child.0)))
        .select((cs::id, cs::child_id, cs::sibling_id))
        .load(conn)?;
    let mut out: Vec<(i64, ChildId)> = rows
        .into_iter()
        .map(|(id, a, b)| (id, ChildId(if a == child.0 { b } else { a })))
        .collect();
    out.sort_by_key(|(_, c)| c.0);
    Ok(out)
}

/// Remove the direct link `link` of `child` (in the caller's scope, 404 otherwise), inside the
/// caller's transaction, audited on both children with the reason. A link not naming `child`: 404.
pub fn unlink_siblings(
    conn: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    link: i64,
    reason: &str,
) -> AppResult<()> {
    super::load_in_scope(conn, op.user, child)?;
    let row: Option<(i64, i64, i64)> = cs::table
        .find(link)
        .filter(cs::child_id.eq(child.0).or(cs::sibling_id.eq(child.0)))
        .select((cs::child_id, cs::sibling_id, cs::recorded_by))
        .first(conn)
        .optional()?;
    let Some((lo, hi, recorded_by)) = row else {
        return Err(AppError::NotFound);
    };
    let (lo, hi, id) = (ChildId(lo), ChildId(hi), link);
    diesel::delete(cs::table.find(id)).execute(conn)?;
    for (k, o) in [(lo, hi), (hi, lo)] {
        audit::record(
            conn,
            op.now,
            op.actor,
            &Event::ok("update", "child", k).with_detail(format!(
                "sibling link to {o} removed (recorded by user {recorded_by}): {reason}"
            )),
        )?;
    }
    Ok(())
}
