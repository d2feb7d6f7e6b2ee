//! Changes during a placement (issue 12 points 7, 8): short-term care back at the institution (FOS-17),
//! the family's wish to adopt its foster child (FOS-24, read by the adoption module through
//! `super::interface`), and the family's written notice to end (FOS-21, checked at termination).
//! Each change is one write transaction with its audit row.

use super::model::FamilyId;
use super::placement::Placement;
use super::rules::changes as rc;
use super::service;
use crate::db::schema::{foster_placements as fp, foster_short_stays as ss};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::prelude::*;

/// An open placement of a family in the user's scope (404 when the family is out of scope or the
/// placement is another family's; 409 when it has ended).
pub fn open_placement(c: &mut DbConn, op: &Op, family: FamilyId, pid: i64) -> AppResult<Placement> {
    let f = service::find(c, op, family)?;
    let p: Placement = fp::table
        .find(pid)
        .filter(fp::family_id.eq(f.id))
        .select(Placement::as_select())
        .first(c)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if p.open_child_id.is_none() {
        return Err(AppError::Conflict(
            op.tr.t("foster.err.placement_changed").into(),
        ));
    }
    Ok(p)
}

fn division(c: &mut DbConn, p: &Placement) -> AppResult<Option<i64>> {
    Ok(crate::org::model::holding(c, p.institution_id)?.map(|i| i.division_id))
}

/// FOS-17: the policy maximum of short-term care for the placement's institution.
pub fn short_term_max(c: &mut DbConn, p: &Placement, on: NaiveDate) -> AppResult<i64> {
    let d = division(c, p)?;
    crate::policy::int(
        c,
        crate::policy::keys::FOSTER_SHORT_TERM_CARE_MAX_DAYS,
        d,
        on,
    )
}

/// A short-term care period as the page lists it.
#[derive(Debug, Clone, Queryable)]
pub struct ShortStay {
    pub placement_id: i64,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    pub reason: String,
}

pub fn short_stays(c: &mut DbConn, family: FamilyId) -> QueryResult<Vec<ShortStay>> {
    ss::table
        .filter(ss::family_id.eq(family.0))
        .order(ss::from_date.desc())
        .select((ss::placement_id, ss::from_date, ss::to_date, ss::reason))
        .load(c)
}

/// FOS-17: records short-term care at the institution from `from` to `to` (both counted). `Err(max)`
/// when the period is longer than the policy allows. The child stays placed (guardianship and status
/// unchanged); the period is filed in the child's 养育 section.
pub fn short_stay(
    c: &mut DbConn,
    op: &Op,
    family: FamilyId,
    pid: i64,
    from: NaiveDate,
    to: NaiveDate,
    reason: &str,
) -> AppResult<Result<(), i64>> {
    let p = open_placement(c, op, family, pid)?;
    let max = short_term_max(c, &p, from)?;
    if !rc::short_term_within(from, to, max) {
        return Ok(Err(max));
    }
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let summary = zh.tf(
        "foster.entry.short_stay",
        &[
            ("from", &from.to_string()),
            ("to", &to.to_string()),
            ("reason", reason),
        ],
    );
    crate::db::write_tx(c, |c| {
        let id: i64 = diesel::insert_into(ss::table)
            .values((
                ss::placement_id.eq(p.id),
                ss::family_id.eq(family.0),
                ss::from_date.eq(from),
                ss::to_date.eq(to),
                ss::reason.eq(reason),
                ss::recorded_by.eq(op.user.id.0),
                ss::recorded_at.eq(op.now),
            ))
            .returning(ss::id)
            .get_result(c)?;
        crate::archive::file_entry(
            c,
            op,
            &crate::archive::NewEntry {
                child_id: p.child_id,
                section: "care",
                date: from,
                kind: "foster_short_stay",
                summary: &summary,
                module: super::MODULE_NAME,
                reference: Some(&p.id.to_string()),
            },
        )?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("create", "foster_short_stay", id)
                .with_detail(format!("placement {} {from}..{to}", p.id)),
        )?;
        Ok::<(), AppError>(())
    })?;
    Ok(Ok(()))
}

/// FOS-24: the family says it wishes to adopt its foster child (priority to adopt, read by the
/// adoption module through `super::interface::adoption_priority`); `wishes = false` withdraws it.
pub fn wish_to_adopt(
    c: &mut DbConn,
    op: &Op,
    family: FamilyId,
    pid: i64,
    wishes: bool,
) -> AppResult<()> {
    let p = open_placement(c, op, family, pid)?;
    let on = wishes.then_some(op.today);
    crate::db::write_tx(c, |c| {
        diesel::update(fp::table.find(p.id))
            .set(fp::wishes_to_adopt_on.eq(on))
            .execute(c)?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("update", "foster_placement", p.id)
                .with_detail(format!("wishes to adopt {wishes}")),
        )?;
        Ok::<(), AppError>(())
    })
}

/// FOS-21: the earliest day a placement may end on the family's request with notice received on
/// `notice_on`, when that day is after today (`None`: the end today respects the notice).
pub fn notice_too_short(
    c: &mut DbConn,
    p: &Placement,
    notice_on: NaiveDate,
    today: NaiveDate,
) -> AppResult<Option<NaiveDate>> {
    let d = division(c, p)?;
    let months = crate::policy::int(c, crate::policy::keys::FOSTER_FAMILY_NOTICE_MONTHS, d, today)?;
    let months = u32::try_from(months.clamp(0, 24)).unwrap_or(1);
    Ok(
        rc::notice_earliest_end(notice_on, today, p.integration_until, months)
            .filter(|e| today < *e),
    )
}
