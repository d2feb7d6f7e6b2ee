//! Property in custody (代管财产): what the institution holds for a child as guardian (民法典 第35条:
//! the guardian manages the ward's property in the ward's interest). The ledger belongs to the
//! archive; other modules read totals and move held property only through these functions.

use crate::db::schema::custody_property as cp;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::forms::{self, FieldErrors};
use crate::platform::money;
use crate::platform::Op;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A deposit (存入): property received for the child.
pub const DEPOSIT: &str = "deposit";
/// A withdrawal (支出): money spent for the child, with its purpose; stored as a negative amount so
/// the balance is the sum of the held lines and moves with `move_held` unchanged.
pub const WITHDRAWAL: &str = "withdrawal";

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
            cp::kind.eq(DEPOSIT),
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

/// One line of a child's ledger, with the running balance after it.
#[derive(Debug, Clone)]
pub struct Line {
    pub id: i64,
    pub kind: String,
    /// What was deposited, or the purpose of a withdrawal (用途).
    pub description: String,
    pub account: String,
    pub receipt_no: String,
    /// Signed: a withdrawal is negative.
    pub amount_fen: i64,
    pub recorded_at: NaiveDateTime,
    pub balance_fen: i64,
}

type Row = (i64, String, String, String, String, i64, NaiveDateTime);

fn with_balance(rows: Vec<Row>) -> Vec<Line> {
    let mut balance = 0;
    rows.into_iter()
        .map(
            |(id, kind, description, account, receipt_no, amount_fen, at)| {
                balance += amount_fen;
                Line {
                    id,
                    kind,
                    description,
                    account,
                    receipt_no,
                    amount_fen,
                    recorded_at: at,
                    balance_fen: balance,
                }
            },
        )
        .collect()
}

/// The columns of a ledger line as `Row` reads them (one list for every query of lines).
type LineColumns = (
    cp::id,
    cp::kind,
    cp::description,
    cp::account,
    cp::receipt_no,
    cp::amount_fen,
    cp::recorded_at,
);
const LINE_COLUMNS: LineColumns = (
    cp::id,
    cp::kind,
    cp::description,
    cp::account,
    cp::receipt_no,
    cp::amount_fen,
    cp::recorded_at,
);

/// The lines held for a child at an institution, oldest first.
pub fn lines_held(
    conn: &mut DbConn,
    child_id: super::ChildId,
    institution_id: crate::org::InstitutionId,
) -> QueryResult<Vec<Line>> {
    let rows: Vec<Row> = cp::table
        .filter(cp::child_id.eq(child_id))
        .filter(cp::institution_id.eq(institution_id))
        .filter(cp::state.eq(CustodyState::Held))
        .order(cp::id.asc())
        .select(LINE_COLUMNS)
        .load(conn)?;
    Ok(with_balance(rows))
}

/// What a handover moves (or moved): the lines still held at the sender, or, once completed, the
/// sender's lines closed by this transfer (`reference`).
pub fn lines_for_handover(
    conn: &mut DbConn,
    child_id: super::ChildId,
    from: crate::org::InstitutionId,
    reference: i64,
) -> QueryResult<Vec<Line>> {
    let rows: Vec<Row> = cp::table
        .filter(cp::child_id.eq(child_id))
        .filter(cp::institution_id.eq(from))
        .filter(
            cp::state.eq(CustodyState::Held).or(cp::state
                .eq(CustodyState::TransferredOut)
                .and(cp::transfer_child_id.eq(Some(reference)))),
        )
        .order(cp::id.asc())
        .select(LINE_COLUMNS)
        .load(conn)?;
    Ok(with_balance(rows))
}

/// The balance held for a child at an institution (代管财产余额), in fen.
pub fn balance_held(
    conn: &mut DbConn,
    child_id: super::ChildId,
    institution_id: crate::org::InstitutionId,
) -> QueryResult<i64> {
    let amounts: Vec<i64> = cp::table
        .filter(cp::child_id.eq(child_id))
        .filter(cp::institution_id.eq(institution_id))
        .filter(cp::state.eq(CustodyState::Held))
        .select(cp::amount_fen)
        .load(conn)?;
    Ok(amounts.iter().sum())
}

/// A ledger line as typed on the child's 财产 page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub receipt_no: String,
}

/// Record a deposit or a withdrawal for a child of the user's institution (院长: 民法典 第35条 — the
/// guardian manages the ward's property in the ward's interest, so every withdrawal states its purpose
/// and its receipt, and may not exceed what is held). One write transaction with its audit row.
/// Returns the new line's id, or the refused fields.
pub fn record(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: super::ChildId,
    f: &EntryForm,
) -> AppResult<Result<i64, FieldErrors>> {
    if !op.user.can(crate::auth::Action::ManageCustody) {
        return Err(AppError::Forbidden);
    }
    let child = super::service::load(conn, op.user, child_id)?;
    if child.status != super::ChildStatus::Active {
        return Err(AppError::bad(
            "archive_closed",
            op.tr.t("err.archive_closed"),
        ));
    }
    let tr = op.tr;
    let mut e = FieldErrors::default();
    let kind = match f.kind.trim() {
        DEPOSIT => DEPOSIT,
        WITHDRAWAL => WITHDRAWAL,
        _ => {
            e.add("kind", tr.t("err.required"));
            ""
        }
    };
    let amount = match money::parse_fen(&f.amount) {
        Some(a) if a > 0 => a,
        _ => {
            e.add("amount", tr.t("err.amount"));
            0
        }
    };
    let description = forms::text(&mut e, tr, "description", &f.description, true, 200);
    let account = forms::text(&mut e, tr, "account", &f.account, false, 100);
    // A withdrawal is accounted for by its receipt (票据); a deposit may have none (e.g. an allowance
    // balance carried over).
    let receipt_no = forms::text(
        &mut e,
        tr,
        "receipt_no",
        &f.receipt_no,
        kind == WITHDRAWAL,
        60,
    );
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let signed = if kind == WITHDRAWAL { -amount } else { amount };
    crate::db::write_tx(conn, |c| {
        // Take the child's row lock first, so two withdrawals at once cannot both see the same balance
        // (PostgreSQL; SQLite write transactions are already serial).
        diesel::update(crate::db::schema::children::table.find(child_id))
            .set(
                crate::db::schema::children::updated_at.eq(crate::db::schema::children::updated_at),
            )
            .execute(c)?;
        let balance = balance_held(c, child_id, child.institution_id)?;
        if balance + signed < 0 {
            let mut e = FieldErrors::default();
            e.add(
                "amount",
                tr.tf(
                    "err.custody_overdrawn",
                    &[("balance", &money::yuan(balance))],
                ),
            );
            return Ok(Err(e));
        }
        let id: i64 = diesel::insert_into(cp::table)
            .values((
                cp::child_id.eq(child_id),
                cp::institution_id.eq(child.institution_id),
                cp::kind.eq(kind),
                cp::description.eq(&description),
                cp::account.eq(&account),
                cp::receipt_no.eq(&receipt_no),
                cp::amount_fen.eq(signed),
                cp::state.eq(CustodyState::Held),
                cp::recorded_by.eq(Some(op.user.id)),
                cp::recorded_at.eq(op.now),
            ))
            .returning(cp::id)
            .get_result(c)?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("create", "custody_property", id).with_detail(format!(
                "child {child_id} {kind} {}",
                money::format_fen(signed)
            )),
        )?;
        Ok(Ok(id))
    })
}
