//! The checklist of a sampled archive and its findings (档案抽查, issue 17 point 4): the supervisor marks
//! each completeness item of the archive (`archive::completeness_checklist`) ok or a finding with a note;
//! the head of the institution records the correction of a finding; the supervisor closes it. The check
//! completes when its last sampled archive is checked.

use super::spot_check::{Refused, Sample, SAMPLE_COLS};
use crate::archive::{self, ChecklistItem};
use crate::db::schema::{
    oversight_spot_check_items as it, oversight_spot_check_samples as sa,
    oversight_spot_checks as sc,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::oversight::rules::spot_check::Outcome;
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A recorded item of a checklist (ok, or a finding with its correction and closure).
#[derive(Debug, Clone, Queryable)]
pub struct Finding {
    pub id: i64,
    pub sample_id: i64,
    pub item: String,
    pub outcome: String,
    pub note: String,
    pub correction: Option<String>,
    pub corrected_by_name: Option<String>,
    pub corrected_at: Option<NaiveDateTime>,
    pub closed_by_name: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

impl Finding {
    pub fn is_finding(&self) -> bool {
        self.outcome == Outcome::Finding.code()
    }
}

const ITEM_COLS: (
    it::id,
    it::sample_id,
    it::item,
    it::outcome,
    it::note,
    it::correction,
    it::corrected_by_name,
    it::corrected_at,
    it::closed_by_name,
    it::closed_at,
) = (
    it::id,
    it::sample_id,
    it::item,
    it::outcome,
    it::note,
    it::correction,
    it::corrected_by_name,
    it::corrected_at,
    it::closed_by_name,
    it::closed_at,
);

/// The findings (outcome `finding`) of the given samples, open first.
pub fn findings(conn: &mut DbConn, samples: &[Sample]) -> QueryResult<Vec<Finding>> {
    let ids: Vec<i64> = samples.iter().map(|s| s.id).collect();
    let mut out: Vec<Finding> = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            it::table
                .filter(it::sample_id.eq_any(chunk.to_vec()))
                .filter(it::outcome.eq(Outcome::Finding.code()))
                .order(it::id.asc())
                .select(ITEM_COLS)
                .load::<Finding>(conn)?,
        );
    }
    out.sort_by_key(|f| f.closed_at.is_some());
    Ok(out)
}

/// A sampled archive in the user's scope (else 404).
fn sample_in_scope(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Sample> {
    let s: Sample = sa::table
        .find(id)
        .select(SAMPLE_COLS)
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let places = super::places(conn, op, None)?;
    if !places.iter().any(|p| p.id.0 == s.institution_id) {
        return Err(AppError::NotFound);
    }
    Ok(s)
}

/// The checklist page's facts.
pub struct Checklist {
    pub sample: Sample,
    pub name: String,
    /// The archive's completeness items now (what the supervisor marks).
    pub items: Vec<ChecklistItem>,
    /// What was recorded, once checked.
    pub recorded: Vec<Finding>,
}

/// The checklist of a sampled archive; opening it is a view of the child, audited as every view is
/// (the archive's own scope applies: a child no longer in the user's scope is a 404).
pub fn checklist(conn: &mut DbConn, op: &Op<'_>, sample: i64) -> AppResult<Checklist> {
    let sample = sample_in_scope(conn, op, sample)?;
    let child = archive::load_in_scope(conn, op.user, archive::ChildId(sample.child_id))?;
    let items = archive::completeness_checklist(conn, &child)?;
    let recorded: Vec<Finding> = it::table
        .filter(it::sample_id.eq(sample.id))
        .order(it::id.asc())
        .select(ITEM_COLS)
        .load(conn)?;
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", "child", child.id).with_detail("spot check checklist"),
    )?;
    Ok(Checklist {
        sample,
        name: child.legal_name,
        items,
        recorded,
    })
}

/// One typed line of the checklist form.
#[derive(Debug, Clone, Default)]
pub struct Marked {
    pub item: String,
    pub outcome: String,
    pub note: String,
}

/// Per-item errors of a rejected checklist: (item, message).
pub type ItemErrors = Vec<(String, String)>;

/// Record the checklist of a sampled archive (the supervisor): every item of the archive's checklist
/// marked ok or finding, a finding with a note; in one write transaction with its audit row. The check
/// completes with its last archive. Returns the check's id.
pub fn record(
    conn: &mut DbConn,
    op: &Op<'_>,
    sample: i64,
    marked: &[Marked],
) -> AppResult<Result<i64, ItemErrors>> {
    let list = checklist(conn, op, sample)?;
    if list.sample.checked_at.is_some() {
        return Err(AppError::Conflict("already checked".into()));
    }
    let mut errors: ItemErrors = Vec::new();
    let mut rows: Vec<(String, Outcome, String)> = Vec::new();
    for i in &list.items {
        let typed = marked.iter().find(|m| m.item == i.key);
        let outcome = typed.and_then(|m| Outcome::parse(m.outcome.trim()));
        let note = typed.map(|m| m.note.trim().to_string()).unwrap_or_default();
        match outcome {
            None => errors.push((
                i.key.clone(),
                op.tr.t(&Refused::OutcomeMissing.message_key()).into(),
            )),
            Some(Outcome::Finding) if note.is_empty() => errors.push((
                i.key.clone(),
                op.tr.t(&Refused::NoteRequired.message_key()).into(),
            )),
            Some(o) => rows.push((i.key.clone(), o, note.chars().take(500).collect())),
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let sid = list.sample.id;
    let check = list.sample.check_id;
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(sa::table.find(sid).filter(sa::checked_at.is_null()))
            .set((
                sa::checked_at.eq(Some(op.now)),
                sa::checked_by_name.eq(Some(&op.user.display_name)),
            ))
            .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict("already checked".into()));
        }
        for (item, outcome, note) in &rows {
            diesel::insert_into(it::table)
                .values((
                    it::sample_id.eq(sid),
                    it::item.eq(item),
                    it::outcome.eq(outcome.code()),
                    it::note.eq(note),
                ))
                .execute(c)?;
        }
        let open: i64 = sa::table
            .filter(sa::check_id.eq(check))
            .filter(sa::checked_at.is_null())
            .count()
            .get_result(c)?;
        if open == 0 {
            diesel::update(sc::table.find(check))
                .set(sc::completed_at.eq(Some(op.now)))
                .execute(c)?;
        }
        let findings = rows.iter().filter(|r| r.1 == Outcome::Finding).count();
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("check", "spot_check_sample", sid).with_detail(format!(
                "check {check} child {} items {} findings {findings}",
                list.sample.child_id,
                rows.len()
            )),
        )?;
        crate::jobs::refresh(c, crate::oversight::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(check))
    })
}

/// A finding of a sample in the user's scope (else 404), with its check's id.
fn finding_in_scope(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<(Finding, i64)> {
    let f: Finding = it::table
        .find(id)
        .filter(it::outcome.eq(Outcome::Finding.code()))
        .select(ITEM_COLS)
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let s = sample_in_scope(conn, op, f.sample_id)?;
    Ok((f, s.check_id))
}

/// The head records the correction of a finding in their institution's archive (again, until closed).
pub fn correct(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    text: &str,
) -> AppResult<Result<i64, FieldErrors>> {
    let (f, check) = finding_in_scope(conn, op, id)?;
    if f.closed_at.is_some() {
        return Ok(Err(Refused::AlreadyClosed.on("correction", op)));
    }
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 500 {
        return Ok(Err(Refused::CorrectionRequired.on("correction", op)));
    }
    crate::db::write_tx(conn, |c| {
        diesel::update(it::table.find(id))
            .set((
                it::correction.eq(Some(text)),
                it::corrected_by_name.eq(Some(&op.user.display_name)),
                it::corrected_at.eq(Some(op.now)),
            ))
            .execute(c)?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("correct", "spot_check_finding", id)
                .with_detail(format!("check {check} item {}", f.item)),
        )?;
        crate::jobs::refresh(c, crate::oversight::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(check))
    })
}

/// The supervisor closes a corrected finding.
pub fn close(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<Result<i64, FieldErrors>> {
    let (f, check) = finding_in_scope(conn, op, id)?;
    if f.closed_at.is_some() {
        return Ok(Err(Refused::AlreadyClosed.on("correction", op)));
    }
    if f.correction.is_none() {
        return Ok(Err(Refused::NotCorrected.on("correction", op)));
    }
    crate::db::write_tx(conn, |c| {
        diesel::update(it::table.find(id).filter(it::closed_at.is_null()))
            .set((
                it::closed_by_name.eq(Some(&op.user.display_name)),
                it::closed_at.eq(Some(op.now)),
            ))
            .execute(c)?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("close", "spot_check_finding", id)
                .with_detail(format!("check {check} item {}", f.item)),
        )?;
        crate::jobs::refresh(c, crate::oversight::MODULE_NAME, op.today, op.now)?;
        Ok(Ok(check))
    })
}

/// The check of a finding in the user's scope (else 404), for re-rendering a refused form.
pub fn finding_check(conn: &mut DbConn, op: &Op<'_>, id: i64) -> AppResult<i64> {
    Ok(finding_in_scope(conn, op, id)?.1)
}
