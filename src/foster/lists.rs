//! The families list and the placements list with their filters (issue 12, issue 17 point 6: every
//! list downloads as CSV/XLSX with the list's filters applied). Both are scoped to the user's
//! institutions (a family belongs to one institution; another institution's never appears). The
//! filters are pure ([`FamilyFilter::keeps`], [`PlacementFilter::keeps`]) so the page and the download
//! show exactly the same rows.

use super::model::{Family, Stage};
use super::placement::Placement;
use super::service;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::Op;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The families list's filter: the stage of the five-step path and a text in the family's or the main
/// caregiver's name.
#[derive(Debug, Clone, Default)]
pub struct FamilyFilter {
    pub stage: Option<Stage>,
    pub text: String,
}

impl FamilyFilter {
    pub fn keeps(&self, f: &Family) -> bool {
        let t = self.text.trim();
        self.stage.is_none_or(|s| f.stage == s)
            && (t.is_empty() || f.family_name.contains(t) || f.caregiver_name.contains(t))
    }

    /// The filter as the audit row and the file name record it.
    pub fn describe(&self) -> String {
        format!(
            "stage={} q={}",
            self.stage.map(|s| s.code()).unwrap_or(""),
            self.text.trim()
        )
    }
}

/// A family as the list shows and exports it, with its current foster children.
pub struct FamilyRow {
    pub family: Family,
    pub institution: String,
    pub placed: i64,
}

/// The user's families that pass the filter (newest first), each with its institution and open
/// placements. The list is audited by the caller (a view or an export).
pub fn families(c: &mut DbConn, op: &Op, filter: &FamilyFilter) -> AppResult<Vec<FamilyRow>> {
    let open: HashMap<i64, i64> = super::oversight::placements(c, op)?
        .into_iter()
        .filter(|p| p.open_child_id.is_some())
        .fold(HashMap::new(), |mut m, p| {
            *m.entry(p.family_id.0).or_insert(0) += 1;
            m
        });
    let mut names = Names::default();
    let mut out = Vec::new();
    for f in service::list(c, op)?
        .into_iter()
        .filter(|f| filter.keeps(f))
    {
        out.push(FamilyRow {
            institution: names.of(c, f.institution_id)?,
            placed: open.get(&f.id.0).copied().unwrap_or(0),
            family: f,
        });
    }
    Ok(out)
}

/// Which placements: open now, ended, or all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlacementState {
    #[default]
    All,
    Open,
    Ended,
}

impl PlacementState {
    pub fn parse(s: &str) -> Option<PlacementState> {
        match s {
            "" | "all" => Some(PlacementState::All),
            "open" => Some(PlacementState::Open),
            "ended" => Some(PlacementState::Ended),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            PlacementState::All => "all",
            PlacementState::Open => "open",
            PlacementState::Ended => "ended",
        }
    }
}

/// The placements list's filter: open/ended, and the day the placement began, both ends included.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlacementFilter {
    pub state: PlacementState,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl PlacementFilter {
    pub fn keeps(&self, p: &Placement) -> bool {
        let state = match self.state {
            PlacementState::All => true,
            PlacementState::Open => p.ended_on.is_none(),
            PlacementState::Ended => p.ended_on.is_some(),
        };
        state
            && self.from.is_none_or(|d| p.started_on >= d)
            && self.to.is_none_or(|d| p.started_on <= d)
    }

    pub fn describe(&self) -> String {
        let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!(
            "state={} from={} to={}",
            self.state.code(),
            d(self.from),
            d(self.to)
        )
    }
}

/// A placement as the list shows and exports it.
pub struct PlacementRow {
    pub placement: Placement,
    pub institution: String,
    pub family: String,
    pub caregiver: String,
    pub child: String,
    pub archive_no: String,
}

/// The placements of the user's institutions that pass the filter (newest first). The children are
/// the placements' own (the user's institutions'), named through the archive's interface.
pub fn placements(
    c: &mut DbConn,
    op: &Op,
    filter: &PlacementFilter,
) -> AppResult<Vec<PlacementRow>> {
    let ps: Vec<Placement> = super::oversight::placements(c, op)?
        .into_iter()
        .filter(|p| filter.keeps(p))
        .collect();
    let families: HashMap<i64, Family> = service::list(c, op)?
        .into_iter()
        .map(|f| (f.id.0, f))
        .collect();
    let ids: Vec<crate::archive::ChildId> = ps.iter().map(|p| p.child_id).collect();
    let kids = crate::archive::summaries(c, &ids)?;
    let mut names = Names::default();
    let mut out = Vec::new();
    for p in ps {
        let f = families.get(&p.family_id.0);
        let k = crate::archive::summary_of(&kids, p.child_id);
        out.push(PlacementRow {
            institution: names.of(c, p.institution_id)?,
            family: f.map(|f| f.family_name.clone()).unwrap_or_default(),
            caregiver: f.map(|f| f.caregiver_name.clone()).unwrap_or_default(),
            child: k.map(|k| k.legal_name.clone()).unwrap_or_default(),
            archive_no: k.map(|k| k.archive_no.clone()).unwrap_or_default(),
            placement: p,
        });
    }
    Ok(out)
}

/// Institution names, each read once.
#[derive(Default)]
struct Names(HashMap<i64, String>);

impl Names {
    fn of(&mut self, c: &mut DbConn, id: crate::org::InstitutionId) -> AppResult<String> {
        if let Some(n) = self.0.get(&id.0) {
            return Ok(n.clone());
        }
        let n = crate::org::model::holding(c, id)?
            .map(|i| i.name)
            .unwrap_or_default();
        self.0.insert(id.0, n.clone());
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_state_codes_round_trip_and_refuse_others() {
        for s in [
            PlacementState::All,
            PlacementState::Open,
            PlacementState::Ended,
        ] {
            assert_eq!(PlacementState::parse(s.code()), Some(s));
        }
        assert_eq!(PlacementState::parse(""), Some(PlacementState::All));
        assert_eq!(PlacementState::parse("closed"), None);
    }
}
