//! Foster operations: each one write transaction with its audit rows; every read of a family is
//! scoped to the user's institutions (404 outside) and audited as a view.

use super::model::{self, Family, FamilyFields, FamilyId, MemberFields, MemberRow};
use super::rules::{self, Failure};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;

/// The audit resource of a family.
pub const RESOURCE: &str = "foster_family";

fn scope(conn: &mut DbConn, op: &Op) -> AppResult<crate::auth::scope::InstitutionScope> {
    Ok(crate::auth::scope::institution_scope(conn, op.user)?)
}

/// Families the user may see, newest first.
pub fn list(conn: &mut DbConn, op: &Op) -> AppResult<Vec<Family>> {
    let s = scope(conn, op)?;
    Ok(model::list_in_scope(conn, &s)?)
}

/// A family in the user's scope, or 404 — without an audit row (the caller audits what it shows).
pub fn find(conn: &mut DbConn, op: &Op, id: FamilyId) -> AppResult<Family> {
    let s = scope(conn, op)?;
    model::find_in_scope(conn, &s, id)?.ok_or(AppError::NotFound)
}

/// A family with its members, the view audited.
pub fn load(conn: &mut DbConn, op: &Op, id: FamilyId) -> AppResult<(Family, Vec<MemberRow>)> {
    let f = find(conn, op, id)?;
    let members = model::members(conn, id)?;
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", RESOURCE, id),
    )?;
    Ok((f, members))
}

/// 申请 (第12条(一)): records the written application at the user's own institution.
pub fn create(conn: &mut DbConn, op: &Op, fields: &FamilyFields) -> AppResult<FamilyId> {
    let Some(inst) = op.user.institution_id else {
        return Err(AppError::Forbidden);
    };
    crate::db::write_tx(conn, |c| {
        let id = model::insert(c, inst, fields, op.user.id.0, op.now)?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("create", RESOURCE, id),
        )?;
        Ok(id)
    })
}

/// Adds a household member to a family in scope.
pub fn add_member(conn: &mut DbConn, op: &Op, id: FamilyId, m: &MemberFields) -> AppResult<i64> {
    find(conn, op, id)?;
    crate::db::write_tx(conn, |c| {
        let mid = model::insert_member(c, id, m, op.now)?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("update", RESOURCE, id).with_detail(format!("member {mid}")),
        )?;
        Ok(mid)
    })
}

/// The engine's input for a stored family. Per-capita area counts the members, the children already
/// placed and, when a child is being matched, that child (第8条(一): "after the child moves in").
///
/// FOS-13 (第12条(一)) comes from the filed documents: a member consents when their written consent
/// is uploaded, and the proofs of income, housing and health are those in force.
pub fn engine_family(
    f: &Family,
    members: &[MemberRow],
    placed: i64,
    with_child: bool,
    local: &super::policy::InForce,
    filed: &super::documents::Filed,
) -> rules::Family {
    let people = members.len() as i64 + placed + i64::from(with_child);
    let area = f.area_dm2 as f64 / 100.0;
    rules::Family {
        hukou_local: f.hukou_local,
        fixed_residence: f.fixed_residence,
        area_per_capita_after: if people > 0 {
            area / people as f64
        } else {
            area
        },
        local_avg_area: local.local_avg_area,
        income_per_capita: f.income_per_capita_yuan as f64,
        local_middle_income: local.local_middle_income,
        current_foster_children: placed,
        main_caregiver: rules::Caregiver {
            birth_date: f.caregiver_birth_date,
            education: f.caregiver_education,
            healthy: f.caregiver_healthy,
        },
        members: members
            .iter()
            .map(|m| rules::Member {
                relation: m.relation,
                birth_date: m.birth_date,
                infectious_or_mental_illness: m.infectious_or_mental_illness,
                criminal_record: m.criminal_record,
                bad_habits: m.bad_habits,
                consents: filed.consented.contains(&m.id),
            })
            .collect(),
        proofs: Some(filed.proofs),
    }
}

/// The live engine result for a stored family today (no child): the failures, or `None` when no
/// threshold is in force.
pub fn eligibility(
    conn: &mut DbConn,
    op: &Op<'_>,
    f: &Family,
    members: &[MemberRow],
) -> AppResult<Vec<Failure>> {
    eligibility_on(conn, f, members, op.today)
}

/// The engine's result for a stored family on a given day (no child). FOS-10 (第9条) and the
/// per-capita area (第8条(一)) count the family's CURRENT foster children — its open placements — so
/// the annual review and a move check the household as it is.
pub fn eligibility_on(
    conn: &mut DbConn,
    f: &Family,
    members: &[MemberRow],
    on: chrono::NaiveDate,
) -> AppResult<Vec<Failure>> {
    let division = crate::org::model::holding(conn, f.institution_id)?.map(|i| i.division_id);
    let Some(p) = super::policy::in_force(conn, division, on)? else {
        return Err(AppError::bad(
            "foster_no_policy",
            "no foster rules are in force on this date",
        ));
    };
    let placed = super::placement::open_count(conn, f.id)?;
    let filed = super::documents::filed(conn, f.id)?;
    let fam = engine_family(f, members, placed, false, &p, &filed);
    Ok(rules::check(on, &fam, None, &p.thresholds))
}
