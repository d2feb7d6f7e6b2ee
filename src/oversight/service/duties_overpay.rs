//! The quarterly 应退未退 comparison (seed 002: "县级民政部门至少每季度比对一次…应退未退", issue 17 point 4):
//! the paid lines of FILED rosters for a month after the child's discharge, adoption or 18th birthday
//! (`rules::duties::overpaid`, the roster's own month rules) are items to resolve. The items are
//! computed from the filed snapshots and the archive's facts (`archive::allowance_stop_facts`), so a
//! discharge entered late shows at once; only the resolution (who, when, a note) is stored. While an
//! item of an institution is open, the daily pass keeps a task for the supervisor each quarter.

use super::duties_refusal::Refused;
use crate::archive::{self, ChildId};
use crate::db::schema::{
    institutions, oversight_overpay_resolutions as res, oversight_roster_filed_lines as fl,
    oversight_roster_filings as rf,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::jobs::DueItem;
use crate::org::InstitutionId;
use crate::oversight::rules::{allowance as arules, duties::OverpayReason, Quarter};
use crate::platform::{FieldErrors, Op};
use crate::policy::{self, keys};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;

/// The catalogue key of the supervisor's task.
pub const TASK_KEY: &str = "task.oversight_overpayments";

/// One 应退未退 item: a paid line of a filed roster that should not have been paid.
#[derive(Debug, Clone)]
pub struct Item {
    pub line_id: i64,
    pub institution: InstitutionId,
    pub institution_name: String,
    pub month: NaiveDate,
    pub child: ChildId,
    pub archive_no: String,
    pub name: String,
    pub yuan: i64,
    pub reason: OverpayReason,
    /// The day of the stop (discharge day, or the 18th birthday's month is implied by `reason`).
    pub discharge_date: Option<NaiveDate>,
    pub resolution: Option<Resolution>,
}

#[derive(Debug, Clone)]
pub struct Resolution {
    pub by: String,
    pub at: NaiveDateTime,
    pub note: String,
}

type PaidLine = (i64, i64, String, String, i64, i64, NaiveDate);

/// The items of the filed rosters of `places` (every institution when `None`), oldest month first.
pub fn compute(conn: &mut DbConn, places: Option<&[InstitutionId]>) -> AppResult<Vec<Item>> {
    let mut q = fl::table
        .inner_join(rf::table)
        .filter(fl::yuan.gt(0))
        .select((
            fl::id,
            fl::child_id,
            fl::archive_no,
            fl::name,
            fl::yuan,
            rf::institution_id,
            rf::month,
        ))
        .order((rf::month.asc(), fl::archive_no.asc(), fl::id.asc()))
        .into_boxed();
    if let Some(p) = places {
        q = q.filter(rf::institution_id.eq_any(p.iter().map(|i| i.0).collect::<Vec<_>>()));
    }
    let lines: Vec<PaidLine> = q.load(conn)?;
    let mut ids: Vec<ChildId> = lines.iter().map(|l| ChildId(l.1)).collect();
    ids.sort();
    ids.dedup();
    let facts: HashMap<ChildId, archive::StopFacts> = archive::allowance_stop_facts(conn, &ids)?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let mut places_info: HashMap<i64, (String, i64)> = HashMap::new();
    let mut adult_age: HashMap<(i64, NaiveDate), i32> = HashMap::new();
    let mut out = Vec::new();
    for (line_id, child, archive_no, name, yuan, inst, month) in lines {
        let Some(f) = facts.get(&ChildId(child)) else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(e) = places_info.entry(inst) {
            let (n, d): (String, i64) = institutions::table
                .find(InstitutionId(inst))
                .select((institutions::name, institutions::division_id))
                .first(conn)?;
            e.insert((n, d));
        }
        let (inst_name, division) = places_info.get(&inst).cloned().unwrap_or_default();
        // The adult age in force at the institution's division in that month (a policy value).
        let age = match adult_age.get(&(division, month)) {
            Some(a) => *a,
            None => {
                let day = arules::standard_day(month);
                let a = policy::int(conn, keys::CHILD_ADULT_AGE, Some(division), day)? as i32;
                adult_age.insert((division, month), a);
                a
            }
        };
        let discharge = f
            .discharge_date
            .map(|d| (d, f.discharge_reason.as_deref().unwrap_or("")));
        let Some(reason) =
            crate::oversight::rules::duties::overpaid(month, f.birth_date, discharge, age)
        else {
            continue;
        };
        out.push(Item {
            line_id,
            institution: InstitutionId(inst),
            institution_name: inst_name,
            month,
            child: ChildId(child),
            archive_no,
            name,
            yuan,
            reason,
            discharge_date: f.discharge_date,
            resolution: None,
        });
    }
    let line_ids: Vec<i64> = out.iter().map(|i| i.line_id).collect();
    let mut resolved: HashMap<i64, Resolution> = HashMap::new();
    for chunk in line_ids.chunks(500) {
        let rows: Vec<(i64, String, NaiveDateTime, String)> = res::table
            .filter(res::line_id.eq_any(chunk.to_vec()))
            .select((
                res::line_id,
                res::resolved_by_name,
                res::resolved_at,
                res::note,
            ))
            .load(conn)?;
        for (id, by, at, note) in rows {
            resolved.insert(id, Resolution { by, at, note });
        }
    }
    for i in &mut out {
        i.resolution = resolved.remove(&i.line_id);
    }
    Ok(out)
}

/// The items of the institutions the user oversees (open first); the view is audited (it names children).
pub fn list(conn: &mut DbConn, op: &Op<'_>) -> AppResult<Vec<Item>> {
    let places = super::places(conn, op, None)?;
    let mut items = compute(conn, Some(&super::ids(&places)))?;
    items.sort_by_key(|i| i.resolution.is_some());
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view_list", "allowance_overpayments", "-")
            .with_detail(format!("{} items", items.len())),
    )?;
    Ok(items)
}

/// Resolve an item with a note (what was done: recovered, offset, an error in the roster…), in one
/// write transaction with its audit row; the supervisor's task closes when no item stays open.
pub fn resolve(
    conn: &mut DbConn,
    op: &Op<'_>,
    line_id: i64,
    note: &str,
) -> AppResult<Result<(), FieldErrors>> {
    let places = super::places(conn, op, None)?;
    // Only an item of an institution the user oversees exists for them: anything else is a 404.
    let item = compute(conn, Some(&super::ids(&places)))?
        .into_iter()
        .find(|i| i.line_id == line_id)
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let note = crate::platform::forms::text(&mut errors, op.tr, "note", note, true, 500);
    if !errors.is_empty() {
        return Ok(Err(Refused::NoteRequired.errors(op)));
    }
    if item.resolution.is_some() {
        return Ok(Err(Refused::AlreadyResolved.errors(op)));
    }
    crate::db::write_tx(conn, |c| {
        let exists: i64 = res::table
            .filter(res::line_id.eq(line_id))
            .count()
            .get_result(c)?;
        if exists > 0 {
            return Ok(Err(Refused::AlreadyResolved.errors(op)));
        }
        diesel::insert_into(res::table)
            .values((
                res::line_id.eq(line_id),
                res::resolved_by.eq(op.user.id.0),
                res::resolved_by_name.eq(&op.user.display_name),
                res::resolved_at.eq(op.now),
                res::note.eq(&note),
            ))
            .execute(c)?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("resolve", "allowance_overpayment", line_id).with_detail(
                format!(
                    "child {} month {} {}",
                    item.child,
                    item.month.format("%Y-%m"),
                    item.reason.code()
                ),
            ),
        )?;
        crate::jobs::refresh(c, crate::oversight::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(()))
    })
}

/// The daily pass's source: one task per institution with open items, for the supervisor, keyed by
/// the current quarter — so a new task opens each quarter while items stay open (the comparison is at
/// least quarterly, seed 002), due at the quarter's end.
pub fn due(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<DueItem>> {
    let fail = |e: AppError| diesel::result::Error::QueryBuilderError(e.to_string().into());
    let items = compute(conn, None).map_err(fail)?;
    let quarter = Quarter::of(today);
    let mut open: Vec<(InstitutionId, String, usize)> = Vec::new();
    for i in items.iter().filter(|i| i.resolution.is_none()) {
        match open.iter_mut().find(|(id, _, _)| *id == i.institution) {
            Some(o) => o.2 += 1,
            None => open.push((i.institution, i.institution_name.clone(), 1)),
        }
    }
    Ok(open
        .into_iter()
        .map(|(inst, name, n)| DueItem {
            dedupe_key: format!("oversight-overpay:{}:{}", inst, quarter.code()),
            module: crate::oversight::MODULE_NAME,
            message_key: TASK_KEY,
            subject: format!("{name} ({n})"),
            link: "/oversight/overpayments".to_string(),
            institution_id: Some(inst),
            role: Some(crate::auth::Role::Supervisor.code()),
            user_id: None,
            due_date: quarter.end(),
            mail: false,
        })
        .collect())
}
