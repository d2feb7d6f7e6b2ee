//! Foster page structs (askama) and their view helpers.

use super::form::{FamilyForm, MemberForm};
use super::model::{Family, MemberRow};
use crate::platform::forms::FieldErrors;
use crate::web::Ctx;
use askama::Template;

/// One failed condition as the pages show it.
pub struct FailureLine {
    pub rule: &'static str,
    pub article: &'static str,
    pub message: String,
}

pub fn failure_lines(
    fs: &[super::rules::Failure],
    tr: &crate::platform::Catalogue,
) -> Vec<FailureLine> {
    fs.iter()
        .map(|f| FailureLine {
            rule: f.rule.id(),
            article: f.rule.article(),
            message: f.message(tr),
        })
        .collect()
}

/// m² from 0.01 m², without trailing zeros.
pub fn area_text(dm2: i64) -> String {
    let s = format!("{}.{:02}", dm2 / 100, dm2 % 100);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[derive(Template)]
#[template(path = "foster/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<Family>,
    pub can_act: bool,
}

#[derive(Template)]
#[template(path = "foster/new.html")]
pub struct NewPage {
    pub ctx: Ctx,
    pub typed: FamilyForm,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "foster/family.html")]
pub struct FamilyPage {
    pub ctx: Ctx,
    pub family: Family,
    pub area: String,
    pub members: Vec<MemberRow>,
    pub failures: Vec<FailureLine>,
    pub can_act: bool,
    pub can_decide: bool,
    pub progress: Vec<ProgressStep>,
    pub records: Vec<RecordLine>,
    pub training_hours: String,
    pub placements: Vec<PlacementLine>,
    pub typed: MemberForm,
    pub step: super::form::StepForm,
    pub errors: FieldErrors,
}

/// One of the five steps in the indicator.
pub struct ProgressStep {
    pub label_key: String,
    pub done: bool,
    pub current: bool,
}

/// The five steps with the current one marked (the next step to do).
pub fn progress(stage: super::model::Stage) -> Vec<ProgressStep> {
    use super::model::Stage::*;
    let order = [Applied, Assessed, Approved, Trained, Signed];
    let at = order.iter().position(|s| *s == stage);
    order
        .iter()
        .enumerate()
        .map(|(i, s)| ProgressStep {
            label_key: format!("foster.step.{}", s.code()),
            done: at.is_some_and(|a| i <= a),
            current: at.is_some_and(|a| i == a + 1),
        })
        .collect()
}

/// A step record as the page lists it.
pub struct RecordLine {
    pub kind_label: String,
    pub on: String,
    pub summary: String,
    pub note: String,
}

pub fn record_lines(
    rs: &[super::steps::StepRow],
    tr: &crate::platform::Catalogue,
) -> Vec<RecordLine> {
    use super::steps::Kind;
    rs.iter()
        .map(|r| {
            let j = r.json();
            let summary = match r.kind {
                Kind::Assessment => {
                    let eligible = j["engine"]["eligible"].as_bool().unwrap_or(false);
                    format!(
                        "{} · {}",
                        j["assessors"].as_str().unwrap_or_default(),
                        tr.t(if eligible {
                            "foster.eligible_short"
                        } else {
                            "foster.not_eligible_short"
                        })
                    )
                }
                Kind::Training => format!(
                    "{} · {} h",
                    j["topic"].as_str().unwrap_or_default(),
                    tenths(j["hours_tenths"].as_i64().unwrap_or(0))
                ),
                Kind::Agreement => format!(
                    "{} – {} · {}",
                    j["period_from"].as_str().unwrap_or_default(),
                    j["period_to"].as_str().unwrap_or_default(),
                    j["caregiver"].as_str().unwrap_or_default()
                ),
                _ => String::new(),
            };
            RecordLine {
                kind_label: tr.t(&format!("foster.kind.{}", r.kind.code())).to_string(),
                on: r.on_date.to_string(),
                summary,
                note: r.note.clone(),
            }
        })
        .collect()
}

fn tenths(n: i64) -> String {
    format!("{}.{}", n / 10, n % 10)
}

pub fn training_hours(rs: &[super::steps::StepRow]) -> String {
    tenths(
        rs.iter()
            .filter(|r| r.kind == super::steps::Kind::Training)
            .map(|r| r.json()["hours_tenths"].as_i64().unwrap_or(0))
            .sum(),
    )
}

/// The options of the selects, as methods so both form pages' templates can call them.
macro_rules! options {
    ($($page:ident),*) => {$(
        impl $page {
            pub fn education_codes(&self) -> Vec<&'static str> {
                super::rules::Education::ALL.iter().map(|e| e.code()).collect()
            }
            pub fn relation_codes(&self) -> Vec<&'static str> {
                super::rules::Relation::ALL.iter().map(|e| e.code()).collect()
            }
            pub fn professional_codes(&self) -> Vec<&'static str> {
                super::model::Professional::ALL.iter().map(|e| e.code()).collect()
            }
            pub fn end_reasons(&self) -> Vec<&'static str> {
                super::rules::steps::EndReason::ALL.iter().map(|e| e.code()).collect()
            }
            pub fn residence_codes(&self) -> Vec<&'static str> {
                super::model::Residence::ALL.iter().map(|e| e.code()).collect()
            }
        }
    )*};
}
options!(NewPage, FamilyPage);

/// A family offered for the chosen child.
pub struct MatchLine {
    pub id: i64,
    pub name: String,
    pub caregiver: String,
    pub professional: String,
    pub volunteer: bool,
}

#[derive(Template)]
#[template(path = "foster/matching.html")]
pub struct MatchingPage {
    pub ctx: Ctx,
    /// (id, label) of the children in care at the institution.
    pub children: Vec<(String, String)>,
    pub child: String,
    pub chosen: Option<String>,
    pub lines: Vec<MatchLine>,
    pub typed: crate::foster::handlers::placement::PlaceForm,
    pub errors: FieldErrors,
    pub failures: Vec<FailureLine>,
}

/// A placement as the family page lists it.
pub struct PlacementLine {
    pub id: i64,
    pub child_id: i64,
    pub child: String,
    pub started_on: String,
    pub integration_until: String,
    pub open: bool,
    pub ended: String,
}
