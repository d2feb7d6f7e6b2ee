//! Filing a month's allowance roster as paid (基本生活费发放名册 报送, issue 17 point 4): the head of the
//! paying institution freezes the roster computed for the month (`service::allowance::roster`) into a
//! snapshot of its lines (child, category, change, standard amount). Later events — a discharge entered
//! late, a changed standard, a transfer — do not change the snapshot; the 应退未退 comparison
//! (`duties_overpay`) reads it. A month is filed once (re-filing refused: the filing is the record of
//! what was paid; a correction is a resolution of the comparison, see docs/oversight.md).

use super::duties_refusal::Refused;
use super::Place;
use crate::db::schema::{oversight_roster_filed_lines as fl, oversight_roster_filings as rf};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::oversight::rules::{allowance as arules, duties as rules};
use crate::platform::{FieldErrors, Op};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// A filed roster.
#[derive(Debug, Clone)]
pub struct Filing {
    pub id: i64,
    pub month: NaiveDate,
    pub filed_by_name: String,
    pub filed_at: NaiveDateTime,
    pub paid: i32,
    pub total_yuan: i64,
    pub lines: Vec<FiledLine>,
}

/// One frozen line.
#[derive(Debug, Clone, Queryable)]
pub struct FiledLine {
    pub id: i64,
    pub child: i64,
    pub archive_no: String,
    pub name: String,
    /// `oversight::rules::allowance::Category` code.
    pub category: String,
    /// `oversight::rules::allowance::Change` code.
    pub change: String,
    pub yuan: i64,
    pub previous_yuan: Option<i64>,
    pub discharge_reason: Option<String>,
}

type Head = (i64, NaiveDate, String, NaiveDateTime, i32, i64);

/// The filing of `institution` for `month`, if any (no scope check: callers check the place).
pub fn find(
    conn: &mut DbConn,
    institution: crate::org::InstitutionId,
    month: NaiveDate,
) -> QueryResult<Option<Filing>> {
    let head: Option<Head> = rf::table
        .filter(rf::institution_id.eq(institution.0))
        .filter(rf::month.eq(arules::first_of(month)))
        .select((
            rf::id,
            rf::month,
            rf::filed_by_name,
            rf::filed_at,
            rf::paid,
            rf::total_yuan,
        ))
        .first(conn)
        .optional()?;
    let Some((id, month, filed_by_name, filed_at, paid, total_yuan)) = head else {
        return Ok(None);
    };
    let lines: Vec<FiledLine> = fl::table
        .filter(fl::filing_id.eq(id))
        .order(fl::id.asc())
        .select((
            fl::id,
            fl::child_id,
            fl::archive_no,
            fl::name,
            fl::category,
            fl::change_code,
            fl::yuan,
            fl::previous_yuan,
            fl::discharge_reason,
        ))
        .load(conn)?;
    Ok(Some(Filing {
        id,
        month,
        filed_by_name,
        filed_at,
        paid,
        total_yuan,
        lines,
    }))
}

/// The place (in the user's scope, else 404) and its filing for the month; the view is audited (a
/// filed roster names children).
pub fn view(
    conn: &mut DbConn,
    op: &Op<'_>,
    institution: i64,
    month: NaiveDate,
) -> AppResult<(Place, Option<Filing>)> {
    let place = super::places(conn, op, Some(institution))?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let filing = find(conn, place.id, month)?;
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", "allowance_roster_filed", place.id)
            .with_detail(format!("month {}", month.format("%Y-%m"))),
    )?;
    Ok((place, filing))
}

/// File the month's roster of `institution` as paid: the computed roster frozen in one write
/// transaction with its audit row; the 应退未退 tasks are refreshed in the same transaction.
pub fn file(
    conn: &mut DbConn,
    op: &Op<'_>,
    institution: i64,
    month: NaiveDate,
    confirmed: bool,
) -> AppResult<Result<i64, FieldErrors>> {
    let month = arules::first_of(month);
    // Scope first: another institution's roster is a 404 whatever was typed.
    let place = super::places(conn, op, Some(institution))?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    if !rules::may_file(month, op.today) {
        return Ok(Err(Refused::FutureMonth.errors(op)));
    }
    if !confirmed {
        return Ok(Err(Refused::ConfirmRequired.errors(op)));
    }
    let roster = super::allowance::roster(conn, op, place.id.0, month)?;
    crate::db::write_tx(conn, |c| {
        if find(c, place.id, month)?.is_some() {
            return Ok(Err(Refused::AlreadyFiled.errors(op)));
        }
        let id: i64 = diesel::insert_into(rf::table)
            .values((
                rf::institution_id.eq(place.id.0),
                rf::month.eq(month),
                rf::filed_by.eq(op.user.id.0),
                rf::filed_by_name.eq(&op.user.display_name),
                rf::filed_at.eq(op.now),
                rf::paid.eq(roster.paid as i32),
                rf::total_yuan.eq(roster.total),
            ))
            .returning(rf::id)
            .get_result(c)?;
        // One insert per line: the multi-backend connection has no batch insert; a roster is one
        // institution's children (hundreds at most).
        for l in &roster.lines {
            diesel::insert_into(fl::table)
                .values((
                    fl::filing_id.eq(id),
                    fl::child_id.eq(l.child.0),
                    fl::archive_no.eq(&l.archive_no),
                    fl::name.eq(&l.name),
                    fl::category.eq(l.category.code()),
                    fl::change_code.eq(l.change.code()),
                    fl::yuan.eq(l.yuan),
                    fl::previous_yuan.eq(l.previous_yuan),
                    fl::discharge_reason.eq(l.discharge_reason.as_deref()),
                ))
                .execute(c)?;
        }
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("file", "allowance_roster", id).with_detail(format!(
                "institution {} month {} paid {} total {}",
                place.id,
                month.format("%Y-%m"),
                roster.paid,
                roster.total
            )),
        )?;
        crate::jobs::refresh(c, crate::oversight::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(id))
    })
}
