//! The visit and annual-review forms (issue 12 point 6) as typed → validated, one message per field in
//! the user's language; what was typed is kept for the re-rendered family page.

use super::rules::visits::{AnnualDecision, VisitKind};
use super::visits::NewVisit;
use crate::platform::forms::{self, FieldErrors};
use crate::platform::Catalogue;
use chrono::NaiveDate;
use serde::Deserialize;

/// The visit form of one open placement (the field names carry a `visit_` prefix: the family page
/// holds several forms).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct VisitForm {
    pub visit_kind: String,
    pub visited_on: String,
    pub visitor: String,
    pub visit_health: String,
    pub visit_schooling: String,
    pub visit_home: String,
    pub visit_relationship: String,
    pub visit_concerns: String,
}

impl VisitForm {
    pub fn validate(&self, tr: &Catalogue, today: NaiveDate) -> Result<NewVisit, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = VisitKind::parse(self.visit_kind.trim()).unwrap_or_else(|| {
            e.add("visit_kind", tr.t("err.choose"));
            VisitKind::Scheduled
        });
        let visited_on = match NaiveDate::parse_from_str(self.visited_on.trim(), "%Y-%m-%d") {
            Ok(d) if d > today => {
                e.add("visited_on", tr.t("foster.err.future"));
                d
            }
            Ok(d) => d,
            Err(_) => {
                e.add("visited_on", tr.t("err.date"));
                NaiveDate::MIN
            }
        };
        let v = NewVisit {
            kind,
            visited_on,
            visitor: forms::text(&mut e, tr, "visitor", &self.visitor, true, 200),
            health: forms::multiline(&mut e, tr, "visit_health", &self.visit_health, true, 2000),
            schooling: forms::multiline(
                &mut e,
                tr,
                "visit_schooling",
                &self.visit_schooling,
                true,
                2000,
            ),
            home: forms::multiline(&mut e, tr, "visit_home", &self.visit_home, true, 2000),
            relationship: forms::multiline(
                &mut e,
                tr,
                "visit_relationship",
                &self.visit_relationship,
                true,
                2000,
            ),
            concerns: forms::multiline(
                &mut e,
                tr,
                "visit_concerns",
                &self.visit_concerns,
                false,
                2000,
            ),
        };
        if e.is_empty() {
            Ok(v)
        } else {
            Err(e)
        }
    }
}

/// The head's annual review of a family.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AnnualForm {
    pub annual_decision: String,
    pub annual_note: String,
}

impl AnnualForm {
    pub fn validate(&self, tr: &Catalogue) -> Result<(AnnualDecision, String), FieldErrors> {
        let mut e = FieldErrors::default();
        let d = AnnualDecision::parse(self.annual_decision.trim());
        if d.is_none() {
            e.add("annual_decision", tr.t("err.choose"));
        }
        // A decision other than "continue" must say why (the conditions, the grounds).
        let required = d != Some(AnnualDecision::Continue);
        let note = forms::multiline(&mut e, tr, "annual_note", &self.annual_note, required, 2000);
        match d {
            Some(d) if e.is_empty() => Ok((d, note)),
            _ => Err(e),
        }
    }
}

/// Short-term care back at the institution (FOS-17) for one open placement.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct StayForm {
    pub stay_from: String,
    pub stay_to: String,
    pub stay_reason: String,
}

impl StayForm {
    pub fn validate(&self, tr: &Catalogue) -> Result<(NaiveDate, NaiveDate, String), FieldErrors> {
        let mut e = FieldErrors::default();
        let date = |field: &'static str, v: &str, e: &mut FieldErrors| {
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
                e.add(field, tr.t("err.date"));
                NaiveDate::MIN
            })
        };
        let from = date("stay_from", &self.stay_from, &mut e);
        let to = date("stay_to", &self.stay_to, &mut e);
        if !e.has("stay_from") && !e.has("stay_to") && to < from {
            e.add("stay_to", tr.t("foster.err.period"));
        }
        let reason = forms::multiline(&mut e, tr, "stay_reason", &self.stay_reason, true, 2000);
        if e.is_empty() {
            Ok((from, to, reason))
        } else {
            Err(e)
        }
    }
}
