//! The adulthood service: who is due and who may see them (scope), the policy values of a child's
//! division, and the operations by topic (`records`: deferral and assessment; `plan`: the one-person
//! plan and its approval; `leaving`: the leaving-care checklist and discharge). Every operation is one
//! write transaction with its audit row; every view of a young person's records is audited.

pub mod aftercare;
pub mod fucai;
pub mod leaving;
pub mod oversight;
pub mod plan;
pub mod records;
pub mod refusal;

use super::model::{self, Assessment, Case, Plan};
use super::rules::authority::{self, Authority, Div, Stay};
use super::rules::{self, Clock, Deferral, Deferred, Policy};
use crate::archive::{ChildId, ChildSummary};
use crate::audit::{self, Event};
use crate::auth::scope;
use crate::auth::{Action, Role};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::org::InstitutionId;
use crate::platform::Op;
use crate::policy::keys;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// What the user may do with a young person's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The institution raising the young person: record and change.
    Act,
    /// Supervisors and the responsible county (谁送养谁安置): read only.
    Read,
}

/// One young person as the pages and the API show them.
#[derive(Debug, Clone)]
pub struct Young {
    pub child: ChildSummary,
    pub institution: String,
    pub authority: Authority,
    pub authority_name: String,
    pub clock: Clock,
    pub case: Option<Case>,
    pub assessment: Option<Assessment>,
    pub plan: Option<Plan>,
    pub access: Access,
}

/// The organisation data the placing-authority rule needs.
pub struct Org {
    pub divs: Vec<Div>,
    /// id → (name, is a county institution, division id)
    pub insts: HashMap<InstitutionId, (String, bool, i64)>,
}

impl Org {
    pub fn load(conn: &mut DbConn) -> AppResult<Org> {
        let divs = crate::org::model::divisions_all(conn)?
            .into_iter()
            .map(|d| Div {
                id: d.id,
                name: d.name,
                level: d.level,
                parent_id: d.parent_id,
            })
            .collect();
        let insts = crate::org::model::list_all(conn)?
            .into_iter()
            .map(|(i, _)| {
                let county = i.kind == crate::org::model::InstitutionKind::CountyWelfare.as_str();
                (i.id, (i.name, county, i.division_id))
            })
            .collect();
        Ok(Org { divs, insts })
    }
    fn stay(&self, id: InstitutionId) -> Option<Stay> {
        self.insts.get(&id).map(|(_, county, div)| Stay {
            county_institution: *county,
            division_id: *div,
        })
    }
    pub fn division_of(&self, id: InstitutionId) -> Option<i64> {
        self.insts.get(&id).map(|(_, _, d)| *d)
    }
    pub fn institution_name(&self, id: InstitutionId) -> String {
        self.insts
            .get(&id)
            .map(|(n, _, _)| n.clone())
            .unwrap_or_default()
    }
    pub fn division_name(&self, id: i64) -> String {
        self.divs
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.clone())
            .unwrap_or_default()
    }
    /// The authority for one child (ADU-05).
    pub fn authority(&self, o: &crate::archive::ChildOrigin) -> Authority {
        let current = self.stay(o.institution_id).unwrap_or(Stay {
            county_institution: false,
            division_id: 0,
        });
        let earlier: Vec<Stay> = o
            .earlier_institutions
            .iter()
            .filter_map(|i| self.stay(*i))
            .collect();
        authority::placing_authority(current, &earlier, &o.found_place, &self.divs)
    }
}

/// The policy values in force for a division on a day (most specific jurisdiction first).
pub fn policy(conn: &mut DbConn, division: Option<i64>, on: NaiveDate) -> AppResult<Policy> {
    let d = division;
    Ok(Policy {
        adult_age: crate::policy::int(conn, keys::CHILD_ADULT_AGE, d, on)? as i32,
        due_from_age: crate::policy::int(conn, keys::ADULTHOOD_DUE_FROM_AGE, d, on)? as i32,
        assessment_months_before: crate::policy::int(
            conn,
            keys::ADULTHOOD_ASSESSMENT_MONTHS_BEFORE,
            d,
            on,
        )? as u32,
        plan_months_before: crate::policy::int(conn, keys::ADULTHOOD_PLAN_MONTHS_BEFORE, d, on)?
            as u32,
        deferred_assessment_months: crate::policy::int(
            conn,
            keys::ADULTHOOD_DEFERRED_ASSESSMENT_MONTHS,
            d,
            on,
        )? as u32,
        escalate_supervisor_days: crate::policy::int(
            conn,
            keys::ADULTHOOD_ESCALATE_SUPERVISOR_DAYS,
            d,
            on,
        )?,
    })
}

/// Policies by division, read once each.
#[derive(Default)]
pub struct Policies(HashMap<i64, Policy>);

impl Policies {
    pub fn get(&mut self, conn: &mut DbConn, division: i64, on: NaiveDate) -> AppResult<Policy> {
        if let Some(p) = self.0.get(&division) {
            return Ok(*p);
        }
        let p = policy(conn, Some(division), on)?;
        self.0.insert(division, p);
        Ok(p)
    }
}

/// The deferral recorded on a case, for the clock.
pub fn deferred_of(case: Option<&Case>) -> Option<Deferred> {
    let c = case?;
    Deferral::parse(&c.deferral).map(|kind| Deferred {
        kind,
        left_on: c.left_on,
    })
}

/// The latest birth date of someone aged `age` or over on `today` (Civil Code: reached on the birthday).
fn born_by(today: NaiveDate, age: i32) -> NaiveDate {
    let y = today.year() - age;
    NaiveDate::from_ymd_opt(y, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(today)
}

/// The divisions a user answers for as placing authority: a county institution's county; a
/// supervisor's division and everything below it.
fn authority_divisions(conn: &mut DbConn, op: &Op<'_>, org: &Org) -> AppResult<Vec<i64>> {
    Ok(match op.user.role() {
        Role::Supervisor => match op.user.division_id {
            Some(d) => scope::division_subtree(conn, d)?,
            None => vec![],
        },
        _ => op
            .user
            .institution_id
            .and_then(|i| org.insts.get(&i))
            .filter(|(_, county, _)| *county)
            .map(|(_, _, d)| vec![*d])
            .unwrap_or_default(),
    })
}

/// Children in care at `insts` who are due on the page (from `due_from_age`, by division's policy).
fn due_children(
    conn: &mut DbConn,
    org: &Org,
    pol: &mut Policies,
    insts: &[InstitutionId],
    today: NaiveDate,
) -> AppResult<Vec<ChildSummary>> {
    let mut out = Vec::new();
    for &i in insts {
        let Some(div) = org.division_of(i) else {
            continue;
        };
        let p = pol.get(conn, div, today)?;
        out.extend(crate::archive::in_care_born_by(
            conn,
            &[i],
            born_by(today, p.due_from_age),
        )?);
    }
    Ok(out)
}

/// Everyone the user may see on the adulthood page, with their access: the young people of the
/// institutions in the user's scope, and — read only — those another institution raises for whom the
/// user's county (or a supervisor's division) is the placing authority (ADU-05). Placed young adults
/// (discharged through this module) stay on the list under their own heading.
pub fn visible(conn: &mut DbConn, op: &Op<'_>) -> AppResult<Vec<Young>> {
    if !op.user.can(Action::ViewAdulthood) {
        return Err(AppError::Forbidden);
    }
    let org = Org::load(conn)?;
    let mut pol = Policies::default();
    let today = op.today;
    let inst_scope = scope::institution_scope(conn, op.user)?;
    let own: Vec<InstitutionId> = org
        .insts
        .keys()
        .copied()
        .filter(|i| inst_scope.contains(*i))
        .collect();
    let mut kids = due_children(conn, &org, &mut pol, &own, today)?;
    // The responsible county's read-only view: children raised in its city by other institutions.
    let auth_divs = authority_divisions(conn, op, &org)?;
    let mut foreign: Vec<ChildSummary> = Vec::new();
    if !auth_divs.is_empty() {
        let cities: Vec<i64> = auth_divs
            .iter()
            .filter_map(|d| org.divs.iter().find(|x| x.id == *d))
            .map(|d| {
                if d.level == "county" {
                    d.parent_id.unwrap_or(d.id)
                } else {
                    d.id
                }
            })
            .collect();
        let mut around: Vec<InstitutionId> = Vec::new();
        for c in cities {
            let sub = scope::division_subtree(conn, c)?;
            around.extend(
                org.insts
                    .iter()
                    .filter(|(id, (_, _, d))| sub.contains(d) && !own.contains(id))
                    .map(|(id, _)| *id),
            );
        }
        around.sort_unstable();
        around.dedup();
        foreign = due_children(conn, &org, &mut pol, &around, today)?;
    }
    // Placed young adults of the institutions in scope (their archives are closed, still readable).
    let placed_ids: Vec<ChildId> = super::model::placed_cases(conn)?
        .into_iter()
        .filter(|c| inst_scope.contains(c.institution_id))
        .map(|c| c.child_id)
        .collect();
    kids.extend(crate::archive::summaries(conn, &placed_ids)?);
    let ids: Vec<ChildId> = kids.iter().chain(foreign.iter()).map(|k| k.id).collect();
    let origins = crate::archive::origins(conn, &ids)?;
    let can_act = op.user.can(Action::ActOnAdulthood);
    let mut out = Vec::new();
    let all = kids
        .into_iter()
        .map(|k| (k, true))
        .chain(foreign.into_iter().map(|k| (k, false)));
    for (k, in_scope) in all {
        let Some(o) = origins.iter().find(|o| o.child_id == k.id) else {
            continue;
        };
        let a = org.authority(o);
        if !in_scope && !auth_divs.contains(&a.division_id) {
            continue;
        }
        let access = if in_scope && can_act && op.user.institution_id == Some(k.institution_id) {
            Access::Act
        } else {
            Access::Read
        };
        out.push((k, a, access));
    }
    assemble(conn, op, &org, &mut pol, out)
}

fn assemble(
    conn: &mut DbConn,
    op: &Op<'_>,
    org: &Org,
    pol: &mut Policies,
    rows: Vec<(ChildSummary, Authority, Access)>,
) -> AppResult<Vec<Young>> {
    let ids: Vec<ChildId> = rows.iter().map(|r| r.0.id).collect();
    let cases = model::cases_of(conn, &ids)?;
    let case_ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let assessments = model::latest_assessments(conn, &case_ids)?;
    let plans = model::current_plans(conn, &case_ids)?;
    let mut out = Vec::new();
    for (child, authority, access) in rows {
        let div = org.division_of(child.institution_id).unwrap_or(0);
        let p = pol.get(conn, div, op.today)?;
        let case = cases.iter().find(|c| c.child_id == child.id).cloned();
        let clock = rules::clock(child.birth_date, deferred_of(case.as_ref()), &p);
        let cid = case.as_ref().map(|c| c.id);
        out.push(Young {
            institution: org.institution_name(child.institution_id),
            authority_name: org.division_name(authority.division_id),
            authority,
            clock,
            assessment: assessments.iter().find(|a| Some(a.case_id) == cid).cloned(),
            plan: plans.iter().find(|x| Some(x.case_id) == cid).cloned(),
            case,
            child,
            access,
        });
    }
    out.sort_by_key(|y| {
        (
            y.case.as_ref().is_some_and(|c| c.discharged_on.is_some()),
            y.clock.adult_on,
        )
    });
    Ok(out)
}

/// One young person the user may see (404 otherwise), with the user's access. The view is audited.
pub fn load(conn: &mut DbConn, op: &Op<'_>, child: ChildId) -> AppResult<Young> {
    if !op.user.can(Action::ViewAdulthood) {
        return Err(AppError::Forbidden);
    }
    let org = Org::load(conn)?;
    let mut pol = Policies::default();
    let summary = crate::archive::summaries(conn, &[child])?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let origin = crate::archive::origins(conn, &[child])?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let a = org.authority(&origin);
    let in_scope = scope::institution_scope(conn, op.user)?.contains(summary.institution_id);
    let access = if in_scope {
        if op.user.can(Action::ActOnAdulthood)
            && op.user.institution_id == Some(summary.institution_id)
        {
            Access::Act
        } else {
            Access::Read
        }
    } else if authority_divisions(conn, op, &org)?.contains(&a.division_id) {
        Access::Read
    } else {
        return Err(AppError::NotFound);
    };
    // Only young people from the age the page lists them, or with a case (placed ones).
    let div = org.division_of(summary.institution_id).unwrap_or(0);
    let p = pol.get(conn, div, op.today)?;
    if !rules::is_listed(summary.birth_date, op.today, &p) && model::case_of(conn, child)?.is_none()
    {
        return Err(AppError::NotFound);
    }
    let young = assemble(conn, op, &org, &mut pol, vec![(summary, a, access)])?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    audit::record_alone(
        conn,
        op.now,
        op.actor,
        &Event::ok("view", "adulthood", child),
    )?;
    Ok(young)
}

/// The young person for a change: the user's own institution's, in care (or 404/403/refusal).
pub fn load_to_act(conn: &mut DbConn, op: &Op<'_>, child: ChildId) -> AppResult<Young> {
    if !op.user.can(Action::ActOnAdulthood) {
        return Err(AppError::Forbidden);
    }
    let y = load(conn, op, child)?;
    if y.access != Access::Act {
        return Err(AppError::Forbidden);
    }
    Ok(y)
}
