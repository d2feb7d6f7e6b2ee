//! Matching (issue 12 point 4): the families offered for a child, ranked per FOS-23 by
//! [`super::rules::matching::rank`], with the child's sibling group (兄弟姐妹, read through
//! `crate::archive::siblings`) and whether each family keeps it together; and recording a sibling
//! link through the archive's interface.

use super::model::{Family, FamilyId, Professional, Stage};
use super::placement::{check_with_child, check_with_group, open_count, open_of_child, ChildFacts};
use super::rules::matching::{self, Candidate, ChildNeeds, Together};
use super::service;
use crate::archive::{ChildId, ChildStatus, ChildSummary};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;

/// A sibling of the chosen child as the matching page shows it.
pub struct Sibling {
    pub child: ChildSummary,
    /// The family the sibling is placed with now, if any.
    pub placed_with: Option<(FamilyId, String)>,
}

/// One family offered for a child, with why it ranks where it does.
pub struct Match {
    pub family: Family,
    pub professional: bool,
    pub together: Together,
    /// How many of the services near the home count for this child (0 unless disabled).
    pub services: u8,
}

/// The matching page's facts for one child.
pub struct Matching {
    pub child: ChildSummary,
    /// A disability recorded in the archive (残疾类别): services near the home rank first (第10条).
    pub disabled: bool,
    pub siblings: Vec<Sibling>,
    pub matches: Vec<Match>,
}

/// Signed families of the child's institution with room that pass the engine together with this
/// child today (the child's consent assumed given: it is asked at placement), ranked per FOS-23.
/// The view of the child is audited.
pub fn matches(c: &mut DbConn, op: &Op, child: ChildId) -> AppResult<Matching> {
    let k = crate::archive::load_in_scope(c, op.user, child)?;
    let summary = crate::archive::summaries(c, &[child])?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let disabled = !k.disability_type.trim().is_empty();
    let mut siblings = Vec::new();
    for s in crate::archive::siblings(c, child)? {
        // Siblings in care elsewhere or discharged are not part of this placement decision.
        if s.institution_id != k.institution_id {
            continue;
        }
        let placed_with = match s.status {
            ChildStatus::Active => None,
            ChildStatus::InFosterCare => match open_of_child(c, s.id)? {
                Some(p) => {
                    let f = service::find(c, op, p.family_id)?;
                    Some((f.id, f.family_name))
                }
                None => None,
            },
            _ => continue,
        };
        siblings.push(Sibling {
            child: s,
            placed_with,
        });
    }
    let waiting: Vec<&ChildSummary> = siblings
        .iter()
        .filter(|s| s.child.status == ChildStatus::Active)
        .map(|s| &s.child)
        .collect();
    let needs = ChildNeeds {
        disabled,
        siblings: siblings.len(),
        siblings_waiting: waiting.len(),
    };
    let facts = ChildFacts {
        severe_disability: false,
        consent: Some(true),
        opinion: String::new(),
    };
    let mut max_children = 0;
    let mut families = Vec::new();
    let mut cands = Vec::new();
    for f in service::list(c, op)? {
        if f.stage != Stage::Signed || f.institution_id != k.institution_id {
            continue;
        }
        let (fails, p) = check_with_child(c, &f, &summary, &facts, op.today)?;
        if !fails.is_empty() {
            continue;
        }
        max_children = p.thresholds.max_children;
        // The engine with each waiting sibling as if the rest of the group were placed too: FOS-01/
        // 02/12 are about each child, FOS-04 (area per person) and FOS-10 (how many) about the group.
        let others = i64::try_from(waiting.len()).unwrap_or(i64::MAX);
        let mut siblings_pass = true;
        for s in &waiting {
            if !check_with_group(c, &f, s, &facts, op.today, others)?
                .0
                .is_empty()
            {
                siblings_pass = false;
                break;
            }
        }
        cands.push(Candidate {
            family: f.id.0,
            professional: f.professional != Professional::None,
            volunteer: f.volunteer,
            services: f.services(),
            placed: open_count(c, f.id)?,
            siblings_here: siblings
                .iter()
                .filter(|s| s.placed_with.as_ref().is_some_and(|(id, _)| *id == f.id))
                .count(),
            siblings_pass,
        });
        families.push(f);
    }
    let matches = matching::rank(cands, needs, max_children)
        .into_iter()
        .filter_map(|cand| {
            let i = families.iter().position(|f| f.id.0 == cand.family)?;
            let family = families.swap_remove(i);
            Some(Match {
                professional: cand.professional,
                together: matching::together(&cand, needs, max_children),
                services: if disabled { cand.services.count() } else { 0 },
                family,
            })
        })
        .collect();
    crate::audit::record_alone(
        c,
        op.now,
        op.actor,
        &crate::audit::Event::ok("view", "child", child).with_detail("foster matching"),
    )?;
    Ok(Matching {
        child: summary,
        disabled,
        siblings,
        matches,
    })
}

/// Records that `other` is a sibling of `child` (both in scope, same institution) through the
/// archive's interface, in one transaction with its audit rows.
pub fn link_sibling(
    c: &mut DbConn,
    op: &Op,
    child: ChildId,
    other: ChildId,
) -> AppResult<Result<(), crate::archive::SiblingRefusal>> {
    crate::db::write_tx(c, |c| crate::archive::link_siblings(c, op, child, other))
}
