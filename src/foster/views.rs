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
    pub visits: Vec<VisitLine>,
    pub stays: Vec<super::changes::ShortStay>,
    pub annual: Option<AnnualLine>,
    pub stay: super::visit_form::StayForm,
    pub stay_placement: Option<i64>,
    pub change: super::change_form::ChangeForm,
    /// Today (the visit date's default and latest value).
    pub today: String,
    pub visit: super::visit_form::VisitForm,
    pub visit_placement: Option<i64>,
    pub annual_typed: super::visit_form::AnnualForm,
    pub typed: MemberForm,
    pub step: super::form::StepForm,
    /// The family's typed uploads (consents, proofs, visit photos) and the upload form as typed.
    pub docs: super::documents::DocsView,
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
    /// `assessment` / `agreement` when the record has a printout (`/foster/{id}/print/{print}`).
    pub print: &'static str,
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
                Kind::AnnualReview => {
                    let eligible = j["engine"]["eligible"].as_bool().unwrap_or(false);
                    let mut out = format!(
                        "{} · {}",
                        tr.t(&format!(
                            "foster.annual_decision.{}",
                            j["decision"].as_str().unwrap_or_default()
                        )),
                        tr.t(if eligible {
                            "foster.eligible_short"
                        } else {
                            "foster.not_eligible_short"
                        })
                    );
                    if let Some(d) = j["caregiver_ages_out_by"].as_str() {
                        out.push_str(" · ");
                        out.push_str(&tr.tf("foster.caregiver_ages_out", &[("date", d)]));
                    }
                    out
                }
                Kind::Moved => format!(
                    "{} → {} · {}",
                    j["from"].as_str().unwrap_or_default(),
                    j["to"].as_str().unwrap_or_default(),
                    tr.t(if j["engine"]["eligible"].as_bool().unwrap_or(false) {
                        "foster.eligible_short"
                    } else {
                        "foster.not_eligible_short"
                    })
                ),
                Kind::CaregiverChange => format!(
                    "{} → {} · {} · {} h",
                    j["from"].as_str().unwrap_or_default(),
                    j["to"].as_str().unwrap_or_default(),
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
                print: match r.kind {
                    Kind::Assessment => "assessment",
                    Kind::Agreement => "agreement",
                    _ => "",
                },
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
            pub fn visit_kinds(&self) -> Vec<&'static str> {
                super::rules::visits::VisitKind::ALL.iter().map(|e| e.code()).collect()
            }
            pub fn annual_decisions(&self) -> Vec<&'static str> {
                super::rules::visits::AnnualDecision::ALL.iter().map(|e| e.code()).collect()
            }
            pub fn residence_codes(&self) -> Vec<&'static str> {
                super::model::Residence::ALL.iter().map(|e| e.code()).collect()
            }
        }
    )*};
}
options!(NewPage, FamilyPage);

impl FamilyPage {
    /// Whether the re-rendered visit form was typed for this placement.
    pub fn visit_for<T: std::borrow::Borrow<i64>>(&self, id: T) -> bool {
        self.visit_placement == Some(*id.borrow())
    }
    /// Whether the re-rendered short-term care form was typed for this placement.
    pub fn stay_for<T: std::borrow::Borrow<i64>>(&self, id: T) -> bool {
        self.stay_placement == Some(*id.borrow())
    }
}

/// A family offered for the chosen child.
pub struct MatchLine {
    pub id: i64,
    pub name: String,
    pub caregiver: String,
    pub professional: String,
    pub volunteer: bool,
    /// `rules::matching::Together` as a code: with_sibling, whole_group, no_siblings, splits.
    pub together: &'static str,
    /// Services near the home that count for this child (a disabled child only, 第10条).
    pub services: u8,
}

/// A sibling of the chosen child on the matching page.
pub struct SiblingLine {
    pub id: i64,
    pub name: String,
    /// (family id, family name) when the sibling is placed now.
    pub placed_with: Option<(i64, String)>,
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
    pub siblings: Vec<SiblingLine>,
    /// The chosen child has a disability recorded (services near the home rank first).
    pub disabled: bool,
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
    /// FOS-22: the next scheduled visit (open placements), and whether it is overdue.
    pub next_visit: String,
    pub overdue: bool,
    /// FOS-24: the day the family said it wishes to adopt the child (empty: not said).
    pub wishes_to_adopt: String,
}

/// A visit as the family page lists it (under its placement).
pub struct VisitLine {
    pub id: i64,
    pub placement_id: i64,
    pub on: String,
    pub kind: &'static str,
    pub visitor: String,
    pub health: String,
    pub schooling: String,
    pub home: String,
    pub relationship: String,
    pub concerns: String,
}

/// The family's next annual review.
pub struct AnnualLine {
    pub due: String,
    /// The review's task is open (from 30 days before it is due).
    pub open: bool,
    pub overdue: bool,
}

pub fn annual_line(
    f: &Family,
    records: &[super::steps::StepRow],
    today: chrono::NaiveDate,
) -> Option<AnnualLine> {
    use super::rules::visits as rv;
    super::visits::annual_due(f, records).map(|due| AnnualLine {
        due: due.to_string(),
        open: rv::annual_review_open(due, today),
        overdue: rv::overdue(due, today),
    })
}

/// The family's placements with the child's name and the visit schedule (FOS-22), and its visits.
pub fn placement_lines(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op,
    f: &Family,
) -> crate::error::AppResult<PlacementView> {
    use super::rules::visits as rv;
    let ps = super::placement::of_family(c, f.id)?;
    let ids: Vec<crate::archive::ChildId> = ps.iter().map(|p| p.child_id).collect();
    // The children placed with this family (the user sees the family, so its children's names).
    let names = crate::archive::summaries(c, &ids)?;
    let pids: Vec<i64> = ps.iter().map(|p| p.id).collect();
    let last = super::visits::last_visits(c, &pids)?;
    let interval = super::visits::interval_days(c, f.institution_id, op.today)?;
    let lines = ps
        .into_iter()
        .map(|p| {
            let due = rv::next_visit_due(p.started_on, last.get(&p.id).copied(), interval);
            let open = p.open_child_id.is_some();
            PlacementLine {
                id: p.id,
                child_id: p.child_id.0,
                child: crate::archive::summary_of(&names, p.child_id)
                    .map(|s| format!("{} {}", s.legal_name, s.archive_no))
                    .unwrap_or_default(),
                started_on: p.started_on.to_string(),
                integration_until: p.integration_until.to_string(),
                open,
                ended: p
                    .ended_on
                    .map(|d| format!("{d} {}", p.end_note))
                    .unwrap_or_default(),
                next_visit: if open { due.to_string() } else { String::new() },
                overdue: open && rv::overdue(due, op.today),
                wishes_to_adopt: p
                    .wishes_to_adopt_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let visits = super::visits::of_family(c, f.id)?
        .into_iter()
        .map(|v| VisitLine {
            id: v.id,
            placement_id: v.placement_id,
            on: v.visited_on.to_string(),
            kind: v.kind.code(),
            visitor: v.visitor,
            health: v.health,
            schooling: v.schooling,
            home: v.home,
            relationship: v.relationship,
            concerns: v.concerns,
        })
        .collect();
    let stays = super::changes::short_stays(c, f.id)?;
    Ok((lines, visits, stays))
}

/// The placements, their visits and their short-term care periods.
pub type PlacementView = (
    Vec<PlacementLine>,
    Vec<VisitLine>,
    Vec<super::changes::ShortStay>,
);
