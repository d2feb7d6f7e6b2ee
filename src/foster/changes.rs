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
    let months = crate::policy::int(
        c,
        crate::policy::keys::FOSTER_FAMILY_NOTICE_MONTHS,
        d,
        today,
    )?;
    let months = u32::try_from(months.clamp(0, 24)).unwrap_or(1);
    Ok(
        rc::notice_earliest_end(notice_on, today, p.integration_until, months)
            .filter(|e| today < *e),
    )
}

/// Moving house (issue 12 point 7): the new residence is recorded and the engine re-run; a family
/// that no longer meets 第8条 is shown its failures (FOS-19: the head may then end the placements).
/// Returns the engine's failures after the move.
pub fn move_house(
    c: &mut DbConn,
    op: &Op,
    id: FamilyId,
    to: &super::model::FamilyFields,
) -> AppResult<Vec<super::rules::Failure>> {
    use crate::db::schema::foster_families as ff;
    let f = service::find(c, op, id)?;
    let mut after = f.clone();
    after.address = to.address.clone();
    after.residence_kind = to.residence_kind;
    after.fixed_residence = to.fixed_residence;
    after.area_dm2 = to.area_dm2;
    let members = super::model::members(c, id)?;
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    crate::db::write_tx(c, |c| {
        let n = diesel::update(ff::table.find(id).filter(ff::version.eq(f.version)))
            .set((
                ff::address.eq(&to.address),
                ff::residence_kind.eq(to.residence_kind),
                ff::fixed_residence.eq(to.fixed_residence),
                ff::area_dm2.eq(to.area_dm2),
                ff::near_rehab.eq(to.near_rehab),
                ff::near_special_education.eq(to.near_special_education),
                ff::near_medical.eq(to.near_medical),
                ff::updated_at.eq(op.now),
                ff::version.eq(f.version + 1),
            ))
            .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(
                op.tr.t("foster.err.placement_changed").into(),
            ));
        }
        // The old residence's housing proof no longer proves anything (第8条(一), 第12条(一)): the
        // engine, stored with the move, asks for the new one (FOS-13) until it is uploaded.
        super::documents::supersede_housing(c, id, op.now)?;
        let fails = service::eligibility_on(c, &after, &members, op.today)?;
        let data = serde_json::json!({
            "from": f.address, "to": to.address, "area_dm2": to.area_dm2,
            "engine": super::api::answer(&fails, zh),
        });
        super::steps::insert(c, op, id, super::steps::Kind::Moved, op.today, &data, "")?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("update", service::RESOURCE, id).with_detail("moved house"),
        )?;
        Ok(fails)
    })
}

/// Why a new main caregiver is refused (FOS-18).
pub enum CaregiverRefusal {
    /// The new caregiver's training is below the policy minimum (hours).
    Training(i64),
    /// The engine's caregiver conditions (FOS-08, FOS-09) fail for the new caregiver.
    Engine(Vec<super::rules::Failure>),
}

/// A new main caregiver (FOS-18: 主要照料人 may not be changed at will — the institution approves it,
/// and the new caregiver is trained): the head records it with the training done; refused when the
/// training is short of the policy minimum or the new caregiver fails FOS-08/09. One transaction:
/// the family row, a step record with the old and new caregiver, the audit row.
pub fn change_caregiver(
    c: &mut DbConn,
    op: &Op,
    id: FamilyId,
    to: &super::model::FamilyFields,
    hours_tenths: i64,
    topic: &str,
) -> AppResult<Result<(), CaregiverRefusal>> {
    use super::rules::Rule;
    use crate::db::schema::foster_families as ff;
    let f = service::find(c, op, id)?;
    let division = crate::org::model::holding(c, f.institution_id)?.map(|i| i.division_id);
    let min = crate::policy::int(
        c,
        crate::policy::keys::FOSTER_TRAINING_MIN_HOURS,
        division,
        op.today,
    )?;
    if !super::rules::steps::training_complete(&[hours_tenths], min) {
        return Ok(Err(CaregiverRefusal::Training(min)));
    }
    let mut after = f.clone();
    after.caregiver_name = to.caregiver_name.clone();
    after.caregiver_birth_date = to.caregiver_birth_date;
    after.caregiver_education = to.caregiver_education;
    after.caregiver_healthy = to.caregiver_healthy;
    let members = super::model::members(c, id)?;
    let fails: Vec<_> = service::eligibility_on(c, &after, &members, op.today)?
        .into_iter()
        .filter(|x| matches!(x.rule, Rule::Fos08 | Rule::Fos09))
        .collect();
    if !fails.is_empty() {
        return Ok(Err(CaregiverRefusal::Engine(fails)));
    }
    let data = serde_json::json!({
        "from": f.caregiver_name, "to": to.caregiver_name,
        "hours_tenths": hours_tenths, "topic": topic,
    });
    crate::db::write_tx(c, |c| {
        let n = diesel::update(ff::table.find(id).filter(ff::version.eq(f.version)))
            .set((
                ff::caregiver_name.eq(&to.caregiver_name),
                ff::caregiver_birth_date.eq(to.caregiver_birth_date),
                ff::caregiver_education.eq(to.caregiver_education),
                ff::caregiver_healthy.eq(to.caregiver_healthy),
                ff::updated_at.eq(op.now),
                ff::version.eq(f.version + 1),
            ))
            .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(
                op.tr.t("foster.err.placement_changed").into(),
            ));
        }
        super::steps::insert(
            c,
            op,
            id,
            super::steps::Kind::CaregiverChange,
            op.today,
            &data,
            "",
        )?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("update", service::RESOURCE, id)
                .with_detail("caregiver changed"),
        )?;
        Ok::<(), AppError>(())
    })?;
    Ok(Ok(()))
}
