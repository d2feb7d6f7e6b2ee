//! Page structs of the adulthood pages (askama, `templates/adulthood/`) and the words for where a young
//! person stands.

use super::model::{Assessment, CheckItem, Followup, Plan, PlanState};
use super::rules::{checklist, Pathway, Stage};
use super::service::aftercare::ContactForm;
use super::service::fucai::{EnrolmentForm, Grant};
use super::service::leaving::{ConfirmForm, DischargeForm};
use super::service::plan::PlanForm;
use super::service::records::{AssessmentForm, DeferralForm};
use super::service::{Access, Young};
use crate::platform::{Catalogue, FieldErrors};
use crate::web::Ctx;
use askama::Template;
use chrono::NaiveDate;

/// Where a young person stands, in words, and whether a step is overdue.
pub fn status_of(y: &Young, today: NaiveDate, tr: &Catalogue) -> (String, bool) {
    if let Some(c) = y.case.as_ref().filter(|c| c.discharged_on.is_some()) {
        let pathway = tr
            .t(&format!("adulthood.pathway.{}", c.placed_pathway))
            .to_string();
        let on = c.discharged_on.map(|d| d.to_string()).unwrap_or_default();
        return (
            tr.tf(
                "adulthood.status.placed",
                &[("pathway", &pathway), ("date", &on)],
            ),
            false,
        );
    }
    if let Some(p) = &y.plan {
        if p.state != PlanState::Draft {
            return (
                tr.t(&format!("adulthood.plan_state.{}", p.state.code()))
                    .to_string(),
                false,
            );
        }
    }
    if y.assessment.is_some() {
        let due = y.clock.plan_due.map(|d| d.to_string()).unwrap_or_default();
        let late = y.clock.plan_due.is_some_and(|d| today > d);
        let key = if y.plan.is_some() {
            "adulthood.status.plan_draft"
        } else {
            "adulthood.status.plan_due"
        };
        return (tr.tf(key, &[("date", &due)]), late);
    }
    match y.clock.stage(today) {
        Stage::NotYet { opens } => (
            tr.tf("adulthood.status.not_yet", &[("date", &opens.to_string())]),
            false,
        ),
        Stage::Assess { due } => (
            tr.tf("adulthood.status.assess", &[("date", &due.to_string())]),
            today > due,
        ),
        Stage::Deferred(k) => (
            tr.t(&format!("adulthood.deferral.{}", k.code()))
                .to_string(),
            false,
        ),
    }
}

/// One line of the list.
pub struct Line {
    pub id: crate::archive::ChildId,
    pub name: String,
    pub archive_no: String,
    pub adult_on: NaiveDate,
    pub institution: String,
    pub authority: String,
    pub status: String,
    pub overdue: bool,
    pub read_only: bool,
    pub placed: bool,
}

impl Line {
    pub fn of(y: &Young, today: NaiveDate, tr: &Catalogue) -> Line {
        let (status, overdue) = status_of(y, today, tr);
        Line {
            id: y.child.id,
            name: y.child.legal_name.clone(),
            archive_no: y.child.archive_no.clone(),
            adult_on: y.clock.adult_on,
            institution: y.institution.clone(),
            authority: format!(
                "{}（{}）",
                y.authority_name,
                tr.t(&format!("adulthood.basis.{}", y.authority.basis.code()))
            ),
            status,
            overdue,
            read_only: y.access == Access::Read,
            placed: y.case.as_ref().is_some_and(|c| c.discharged_on.is_some()),
        }
    }
}

#[derive(Template)]
#[template(path = "adulthood/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub lines: Vec<Line>,
}

/// A checklist line: the item and its confirmation, if any.
pub struct CheckLine {
    pub code: &'static str,
    pub done: Option<CheckItem>,
}

pub fn check_lines(done: &[CheckItem]) -> Vec<CheckLine> {
    checklist::ITEMS
        .iter()
        .map(|code| CheckLine {
            code,
            done: done.iter().find(|d| d.item == *code).cloned(),
        })
        .collect()
}

/// The forms as typed (one of them was submitted when `errors` is not empty).
#[derive(Default)]
pub struct Typed {
    pub form: &'static str,
    pub deferral: DeferralForm,
    pub assessment: AssessmentForm,
    pub plan: PlanForm,
    pub confirm: ConfirmForm,
    pub discharge: DischargeForm,
    pub contact: ContactForm,
    pub enrolment: EnrolmentForm,
    pub comment: String,
}

#[derive(Template)]
#[template(path = "adulthood/case.html")]
pub struct CasePage {
    pub ctx: Ctx,
    pub line: Line,
    pub young: Young,
    pub assessment: Option<Assessment>,
    pub plan: Option<Plan>,
    pub checklist: Vec<CheckLine>,
    pub checklist_complete: bool,
    pub followups: Vec<Followup>,
    pub grants: Vec<Grant>,
    pub levels: Vec<&'static str>,
    pub pathways: Vec<&'static str>,
    pub can_act: bool,
    pub can_submit: bool,
    pub can_decide: bool,
    pub typed: Typed,
    pub errors: FieldErrors,
    pub today: NaiveDate,
}

impl CasePage {
    /// An error for `field` of the form `form` (each form's messages stay in that form).
    pub fn err(&self, form: &str, field: &str) -> &str {
        if self.typed.form == form {
            self.errors.msg(field)
        } else {
            ""
        }
    }
    pub fn has(&self, form: &str, field: &str) -> bool {
        self.typed.form == form && self.errors.has(field)
    }
    pub fn is_placed(&self) -> bool {
        self.line.placed
    }
    pub fn plan_editable(&self) -> bool {
        self.plan
            .as_ref()
            .is_none_or(|p| matches!(p.state, PlanState::Draft | PlanState::Returned))
    }
    pub fn plan_state(&self) -> &str {
        self.plan.as_ref().map(|p| p.state.code()).unwrap_or("")
    }
}

/// The pathway codes, in order.
pub fn pathway_codes() -> Vec<&'static str> {
    Pathway::ALL.iter().map(|p| p.code()).collect()
}

/// One input of a form, with its label, what was typed and its message.
pub struct Input {
    pub id: String,
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub error: String,
    /// `text`, `date`, `number` or `area`.
    pub kind: &'static str,
}

impl CasePage {
    fn input(
        &self,
        form: &'static str,
        name: &'static str,
        kind: &'static str,
        value: &str,
    ) -> Input {
        Input {
            id: format!("{form}-{name}"),
            name,
            label: self.ctx.t(&format!("adulthood.field.{name}")).to_string(),
            value: value.to_string(),
            error: self.err(form, name).to_string(),
            kind,
        }
    }

    pub fn assessment_inputs(&self) -> Vec<Input> {
        let a = &self.typed.assessment;
        let f = "assessment";
        vec![
            self.input(f, "assessed_on", "date", &a.assessed_on),
            self.input(f, "panel_members", "area", &a.panel_members),
            self.input(f, "labour_capacity", "area", &a.labour_capacity),
            self.input(f, "civil_capacity", "area", &a.civil_capacity),
            self.input(f, "self_care", "area", &a.self_care),
            self.input(f, "mental_physical", "area", &a.mental_physical),
            self.input(f, "education_skills", "area", &a.education_skills),
            self.input(f, "wishes", "area", &a.wishes),
            self.input(f, "conclusion", "area", &a.conclusion),
        ]
    }

    pub fn plan_inputs(&self) -> Vec<Input> {
        let p = &self.typed.plan;
        let f = "plan";
        vec![
            self.input(f, "steps", "area", &p.steps),
            self.input(f, "responsible_bodies", "text", &p.responsible_bodies),
            self.input(f, "placement_on", "date", &p.placement_on),
            self.input(
                f,
                "transition_subsidy_yuan",
                "number",
                &p.transition_subsidy_yuan,
            ),
            self.input(f, "settlement_yuan", "number", &p.settlement_yuan),
            self.input(f, "rent_support_yuan", "number", &p.rent_support_yuan),
        ]
    }

    pub fn enrolment_inputs(&self) -> Vec<Input> {
        let g = &self.typed.enrolment;
        let f = "enrolment";
        vec![
            self.input(f, "academic_year", "text", &g.academic_year),
            self.input(f, "term", "text", &g.term),
            self.input(f, "school", "text", &g.school),
            self.input(
                f,
                "enrolment_confirmed_on",
                "date",
                &g.enrolment_confirmed_on,
            ),
            self.input(f, "orphan_identified_on", "date", &g.orphan_identified_on),
        ]
    }

    /// The typed value of the confirm form for an item (only the item that was submitted).
    pub fn confirm_value(&self, item: &str, field: &str) -> String {
        if self.typed.form != "confirm" || self.typed.confirm.item != item {
            return String::new();
        }
        match field {
            "confirmed_by_name" => self.typed.confirm.confirmed_by_name.clone(),
            "confirmed_on" => self.typed.confirm.confirmed_on.clone(),
            _ => self.typed.confirm.note.clone(),
        }
    }

    pub fn confirm_error(&self, item: &str, field: &str) -> String {
        if self.typed.form != "confirm" || self.typed.confirm.item != item {
            return String::new();
        }
        self.errors.msg(field).to_string()
    }

    pub fn label(&self, prefix: &str, code: &str) -> String {
        self.ctx.t(&format!("{prefix}.{code}")).to_string()
    }
}

#[derive(Template)]
#[template(path = "adulthood/oversight.html")]
pub struct OversightPage {
    pub ctx: Ctx,
    /// Each authority's line and its "placed this year" text.
    pub lines: Vec<(super::service::oversight::Line, String)>,
}
