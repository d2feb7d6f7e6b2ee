//! Property in custody (代管财产): what the institution holds for a child as guardian (民法典 第35条:
//! the guardian manages the ward's property in the ward's interest). The ledger belongs to the
//! archive; other modules read totals and move held property only through these functions.

use crate::db::schema::custody_property as cp;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use chrono::NaiveDateTime;
use diesel::prelude::*;

crate::code_enum! {
    /// Where a ledger line stands: held by this institution, or moved out with a transferred child.
    pub enum CustodyState {
        Held = "held",
        TransferredOut = "transferred-out",
    }
}

/// A deposit to record (e.g. the unspent balance of a living allowance).
pub struct Deposit<'a> {
    pub child_id: super::ChildId,
    pub institution_id: crate::org::InstitutionId,
    pub description: &'a str,
    pub account: &'a str,
    pub amount_fen: i64,
    pub recorded_by: Option<crate::auth::UserId>,
    pub at: NaiveDateTime,
}

/// Record property now held for a child.
pub fn deposit(conn: &mut DbConn, d: &Deposit<'_>) -> QueryResult<usize> {
    diesel::insert_into(cp::table)
        .values((
            cp::child_id.eq(d.child_id),
            cp::institution_id.eq(d.institution_id),
            cp::kind.eq("deposit"),
            cp::description.eq(d.description),
            cp::account.eq(d.account),
            cp::amount_fen.eq(d.amount_fen),
            cp::state.eq(CustodyState::Held),
            cp::recorded_by.eq(d.recorded_by),
            cp::recorded_at.eq(d.at),
        ))
        .execute(conn)
}

/// Total in fen of every ledger row of a child at an institution (held or already moved out): what
/// the handover list prints for the sending side.
pub fn total_at(
    conn: &mut DbConn,
    child_id: super::ChildId,
    institution_id: crate::org::InstitutionId,
) -> QueryResult<i64> {
    let amounts: Vec<i64> = cp::table
        .filter(cp::child_id.eq(child_id))
        .filter(cp::institution_id.eq(institution_id))
        .select(cp::amount_fen)
        .load(conn)?;
    Ok(amounts.iter().sum())
}

/// Move everything held for a child from one institution to another inside the caller's
/// transaction: each held row is closed as transferred out and opened at the receiver with the same
/// amount, both tagged with `reference` (the transfer record). The totals must agree or nothing moves.
pub fn move_held(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: super::ChildId,
    from: crate::org::InstitutionId,
    to: crate::org::InstitutionId,
    reference: i64,
) -> AppResult<()> {
    let held: Vec<(i64, String, String, String, i64)> = cp::table
        .filter(cp::child_id.eq(child_id))
        .filter(cp::institution_id.eq(from))
        .filter(cp::state.eq(CustodyState::Held))
        .select((
            cp::id,
            cp::kind,
            cp::description,
            cp::account,
            cp::amount_fen,
        ))
        .load(conn)?;
    let before: i64 = held.iter().map(|h| h.4).sum();
    for (id, kind, desc, account, amount) in &held {
        diesel::update(cp::table.find(id).filter(cp::state.eq(CustodyState::Held)))
            .set((
                cp::state.eq(CustodyState::TransferredOut),
                cp::transfer_child_id.eq(Some(reference)),
            ))
            .execute(conn)?;
        diesel::insert_into(cp::table)
            .values((
                cp::child_id.eq(child_id),
                cp::institution_id.eq(to),
                cp::kind.eq(kind),
                cp::description.eq(desc),
                cp::account.eq(account),
                cp::amount_fen.eq(amount),
                cp::state.eq(CustodyState::Held),
                cp::transfer_child_id.eq(Some(reference)),
                cp::recorded_by.eq(Some(op.user.id)),
                cp::recorded_at.eq(op.now),
            ))
            .execute(conn)?;
    }
    let after: i64 = cp::table
        .filter(cp::child_id.eq(child_id))
        .filter(cp::institution_id.eq(to))
        .filter(cp::transfer_child_id.eq(Some(reference)))
        .select(cp::amount_fen)
        .load::<i64>(conn)?
        .iter()
        .sum();
    if after != before {
        return Err(AppError::Internal(format!(
            "custody totals differ after move: {before} vs {after}"
        )));
    }
    Ok(())
}
