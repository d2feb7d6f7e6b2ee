//! Oversight by placing authority (issue 16 point 8): for each responsible county or city, the young
//! people whose window is open before 18 (due within the assessment lead time, 6 months), assessments
//! overdue, plans awaiting approval, and those placed this year by pathway.

use super::Young;
use crate::adulthood::model::PlanState;
use crate::adulthood::rules::Stage;
use chrono::{Datelike, NaiveDate};

/// One placing authority's line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub authority: String,
    pub due_soon: usize,
    pub assessments_overdue: usize,
    pub awaiting_approval: usize,
    /// (pathway code, count), in the order first met.
    pub placed_this_year: Vec<(String, usize)>,
}

/// The lines, by authority name (pure: the young people and the day are arguments).
pub fn report(all: &[Young], today: NaiveDate) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for y in all {
        let idx = match out.iter().position(|l| l.authority == y.authority_name) {
            Some(i) => i,
            None => {
                out.push(Line {
                    authority: y.authority_name.clone(),
                    ..Line::default()
                });
                out.len() - 1
            }
        };
        let l = &mut out[idx];
        if let Some(c) = y.case.as_ref().filter(|c| c.discharged_on.is_some()) {
            if c.discharged_on.is_some_and(|d| d.year() == today.year()) {
                match l
                    .placed_this_year
                    .iter_mut()
                    .find(|(p, _)| *p == c.placed_pathway)
                {
                    Some(e) => e.1 += 1,
                    None => l.placed_this_year.push((c.placed_pathway.clone(), 1)),
                }
            }
            continue;
        }
        if y.clock.window_open(today) && y.clock.adult_on > today {
            l.due_soon += 1;
        }
        if y.assessment.is_none() {
            if let Stage::Assess { due } = y.clock.stage(today) {
                if today > due {
                    l.assessments_overdue += 1;
                }
            }
        }
        if y.plan
            .as_ref()
            .is_some_and(|p| p.state == PlanState::Submitted)
        {
            l.awaiting_approval += 1;
        }
    }
    out.sort_by(|a, b| a.authority.cmp(&b.authority));
    out
}
