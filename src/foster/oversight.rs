//! Oversight and money (issue 12 points 9, 10): the monthly payment roster per institution (rearing
//! subsidy and labour subsidy per placed child, pro rata by days — `rules::money`) and the foster
//! overview for heads and supervisors (families by stage, placements, overdue visits, terminations by
//! reason, foster staff against foster children, FOS-26). Both are scoped to the user's institutions
//! and their views audited (they name children).

use super::model::{Family, Stage};
use super::placement::Placement;
use super::rules::{money, visits as rv};
use super::service;
use crate::auth::scope::InstitutionScope;
use crate::db::schema::foster_placements as fp;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::org::InstitutionId;
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Placements of the user's institutions (newest first, bounded).
pub(crate) fn placements(c: &mut DbConn, op: &Op) -> AppResult<Vec<Placement>> {
    let s = crate::auth::scope::institution_scope(c, op.user)?;
    let mut q = fp::table.select(Placement::as_select()).into_boxed();
    if let InstitutionScope::Only(ids) = &s {
        q = q.filter(fp::institution_id.eq_any(ids.clone()));
    }
    Ok(q.order(fp::id.desc()).limit(5000).load(c)?)
}

fn audit_view(c: &mut DbConn, op: &Op, what: &str) -> AppResult<()> {
    crate::audit::record_alone(
        c,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", what, 0),
    )?;
    Ok(())
}

/// One line of the payment roster.
pub struct RosterLine {
    pub institution: String,
    pub family_id: i64,
    pub family: String,
    pub caregiver: String,
    pub child_id: i64,
    pub child: String,
    pub archive_no: String,
    pub days: i64,
    pub rearing_fen: i64,
    pub labour_fen: i64,
}

/// The monthly payment roster for the month of `month`: every placement of the user's institutions
/// open on at least one day of it, with its days and the two subsidies in force on the month's first
/// day for the institution's division (this module's decision: one amount per month).
pub fn roster(c: &mut DbConn, op: &Op, month: NaiveDate) -> AppResult<Vec<RosterLine>> {
    let (first, last) = money::month_bounds(month);
    let month_days = (last - first).num_days() + 1;
    let ps: Vec<Placement> = placements(c, op)?
        .into_iter()
        .filter(|p| money::days_in_month(p.started_on, p.ended_on, first) > 0)
        .collect();
    let families: HashMap<i64, Family> = service::list(c, op)?
        .into_iter()
        .map(|f| (f.id.0, f))
        .collect();
    let ids: Vec<crate::archive::ChildId> = ps.iter().map(|p| p.child_id).collect();
    let names = crate::archive::summaries(c, &ids)?;
    let mut amounts: HashMap<i64, (String, i64, i64)> = HashMap::new();
    let mut out = Vec::new();
    for p in ps {
        let inst = p.institution_id;
        let (iname, rearing, labour) = match amounts.get(&inst.0) {
            Some(v) => v.clone(),
            None => {
                let i = crate::org::model::holding(c, inst)?;
                let div = i.as_ref().map(|i| i.division_id);
                let rearing = crate::policy::int(
                    c,
                    crate::policy::keys::FOSTER_REARING_SUBSIDY_MONTHLY_YUAN,
                    div,
                    first,
                )?;
                let labour = crate::policy::int(
                    c,
                    crate::policy::keys::FOSTER_LABOUR_SUBSIDY_MONTHLY_YUAN,
                    div,
                    first,
                )?;
                let v = (i.map(|i| i.name).unwrap_or_default(), rearing, labour);
                amounts.insert(inst.0, v.clone());
                v
            }
        };
        let days = money::days_in_month(p.started_on, p.ended_on, first);
        let f = families.get(&p.family_id.0);
        let k = crate::archive::summary_of(&names, p.child_id);
        out.push(RosterLine {
            institution: iname,
            family_id: p.family_id.0,
            family: f.map(|f| f.family_name.clone()).unwrap_or_default(),
            caregiver: f.map(|f| f.caregiver_name.clone()).unwrap_or_default(),
            child_id: p.child_id.0,
            child: k.map(|k| k.legal_name.clone()).unwrap_or_default(),
            archive_no: k.map(|k| k.archive_no.clone()).unwrap_or_default(),
            days,
            rearing_fen: money::pro_rata_fen(rearing, days, month_days),
            labour_fen: money::pro_rata_fen(labour, days, month_days),
        });
    }
    out.sort_by(|a, b| {
        (
            a.institution.as_str(),
            a.family.as_str(),
            a.archive_no.as_str(),
        )
            .cmp(&(
                b.institution.as_str(),
                b.family.as_str(),
                b.archive_no.as_str(),
            ))
    });
    audit_view(c, op, "foster_roster")?;
    Ok(out)
}

/// An overdue visit on the overview.
pub struct OverdueLine {
    pub family_id: i64,
    pub family: String,
    pub due: NaiveDate,
    pub days_late: i64,
}

/// FOS-26 for one institution.
pub struct RatioLine {
    pub institution: String,
    pub placed: i64,
    pub workers: i64,
    pub max_per_worker: i64,
    pub ok: bool,
}

/// The foster overview.
pub struct Overview {
    pub by_stage: Vec<(Stage, i64)>,
    pub open_placements: i64,
    pub overdue: Vec<OverdueLine>,
    /// Ended placements by reason code (FOS-19/20/21, or `discharged`).
    pub ended_by_reason: Vec<(String, i64)>,
    pub ratios: Vec<RatioLine>,
}

/// FOS-26: placed children per foster worker within the policy maximum. No worker with children
/// placed fails; no child placed passes.
pub fn ratio_ok(placed: i64, workers: i64, max_per_worker: i64) -> bool {
    placed == 0 || (workers > 0 && placed <= workers * max_per_worker)
}

pub fn overview(c: &mut DbConn, op: &Op) -> AppResult<Overview> {
    let families = service::list(c, op)?;
    let by_stage = Stage::ALL
        .iter()
        .map(|s| (*s, families.iter().filter(|f| f.stage == *s).count() as i64))
        .collect();
    let names: HashMap<i64, String> = families
        .iter()
        .map(|f| (f.id.0, f.family_name.clone()))
        .collect();
    let ps = placements(c, op)?;
    let open: Vec<&Placement> = ps.iter().filter(|p| p.open_child_id.is_some()).collect();
    let mut ended: BTreeMap<String, i64> = BTreeMap::new();
    for p in ps.iter().filter(|p| p.ended_on.is_some()) {
        *ended
            .entry(p.end_reason.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let pids: Vec<i64> = open.iter().map(|p| p.id).collect();
    let last = super::visits::last_visits(c, &pids)?;
    let mut overdue = Vec::new();
    let mut by_inst: BTreeMap<i64, i64> = BTreeMap::new();
    let mut intervals: HashMap<i64, i64> = HashMap::new();
    for p in &open {
        *by_inst.entry(p.institution_id.0).or_default() += 1;
        let interval = match intervals.get(&p.institution_id.0) {
            Some(n) => *n,
            None => {
                let n = super::visits::interval_days(c, p.institution_id, op.today)?;
                intervals.insert(p.institution_id.0, n);
                n
            }
        };
        let due = rv::next_visit_due(p.started_on, last.get(&p.id).copied(), interval);
        if rv::overdue(due, op.today) {
            overdue.push(OverdueLine {
                family_id: p.family_id.0,
                family: names.get(&p.family_id.0).cloned().unwrap_or_default(),
                due,
                days_late: rv::days_late(due, op.today),
            });
        }
    }
    overdue.sort_by_key(|o| std::cmp::Reverse(o.days_late));
    let mut ratios = Vec::new();
    for (inst, placed) in by_inst {
        ratios.push(ratio(c, op, InstitutionId(inst), placed)?);
    }
    audit_view(c, op, "foster_overview")?;
    Ok(Overview {
        by_stage,
        open_placements: open.len() as i64,
        overdue,
        ended_by_reason: ended.into_iter().collect(),
        ratios,
    })
}

/// FOS-26 for one institution: its active social workers (the foster staff) against its placed children.
fn ratio(c: &mut DbConn, op: &Op, inst: InstitutionId, placed: i64) -> AppResult<RatioLine> {
    use crate::db::schema::users;
    let i = crate::org::model::holding(c, inst)?;
    let div = i.as_ref().map(|i| i.division_id);
    let max = crate::policy::int(
        c,
        crate::policy::keys::FOSTER_CHILDREN_PER_WORKER,
        div,
        op.today,
    )?;
    let workers: i64 = users::table
        .filter(users::role.eq(crate::auth::Role::SocialWorker))
        .filter(users::institution_id.eq(inst))
        .filter(users::active.eq(true))
        .count()
        .get_result(c)?;
    Ok(RatioLine {
        institution: i.map(|i| i.name).unwrap_or_default(),
        placed,
        workers,
        max_per_worker: max,
        ok: ratio_ok(placed, workers, max),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn staff_ratio_boundaries() {
        use super::ratio_ok;
        assert!(ratio_ok(30, 1, 30));
        assert!(!ratio_ok(31, 1, 30));
        assert!(ratio_ok(60, 2, 30));
        assert!(!ratio_ok(1, 0, 30));
        assert!(ratio_ok(0, 0, 30));
    }
}
