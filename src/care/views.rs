//! Care pages (askama): the child's care page (warnings, plan, what is due, records and their forms),
//! the plan page (draft, goals, submission, the head's decision, versions, what changed, reviews) and the
//! institution's list. Forms are described in Rust ([`FormView`]) and drawn by one template loop, so
//! every form keeps what was typed and shows the message under the field the service named.

use super::model::{Diff, Goal, Plan, Review, ReviewLine};
use super::service::records::RecordInput;
use crate::archive::header::ChildHeader;
use crate::platform::FieldErrors;
use crate::web::Ctx;
use askama::Template;

/// One input of a form.
pub struct FieldView {
    pub name: &'static str,
    /// Catalogue key of the label.
    pub label: String,
    /// `text`, `date`, `number`, `select`, `textarea`, `checkbox`.
    pub kind: &'static str,
    pub value: String,
    /// (code, label) for a select.
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub error: String,
}

/// A form: where it posts and its inputs.
pub struct FormView {
    pub id: &'static str,
    pub title: String,
    pub action: String,
    pub submit: String,
    pub fields: Vec<FieldView>,
}

/// Builds a form's fields from what was typed and the errors of the failed form (if it is this one).
pub struct FormBuilder<'a> {
    pub ctx: &'a Ctx,
    pub errors: Option<&'a FieldErrors>,
    pub fields: Vec<FieldView>,
}

impl<'a> FormBuilder<'a> {
    pub fn new(ctx: &'a Ctx, errors: Option<&'a FieldErrors>) -> Self {
        FormBuilder {
            ctx,
            errors,
            fields: Vec::new(),
        }
    }
    pub fn field(
        mut self,
        name: &'static str,
        kind: &'static str,
        value: &str,
        required: bool,
    ) -> Self {
        self.fields.push(FieldView {
            name,
            label: self.ctx.t(&format!("care.f.{name}")).to_string(),
            kind,
            value: value.to_string(),
            options: Vec::new(),
            required,
            error: self
                .errors
                .map_or(String::new(), |e| e.msg(name).to_string()),
        });
        self
    }
    pub fn select(mut self, name: &'static str, prefix: &str, codes: &[&str], value: &str) -> Self {
        let options = codes
            .iter()
            .map(|c| (c.to_string(), self.ctx.label(prefix, c)))
            .collect();
        self = self.field(name, "select", value, true);
        if let Some(f) = self.fields.last_mut() {
            f.options = options;
        }
        self
    }
    pub fn form(self, id: &'static str, title: &str, action: String, submit: &str) -> FormView {
        FormView {
            id,
            title: self.ctx.t(title).to_string(),
            action,
            submit: self.ctx.t(submit).to_string(),
            fields: self.fields,
        }
    }
}

/// The record forms of the care page, in page order, those the user may use.
#[allow(clippy::too_many_arguments)]
pub fn record_forms(
    ctx: &Ctx,
    child: i64,
    medical: bool,
    assess: bool,
    failed: &str,
    typed: &RecordInput,
    errors: &FieldErrors,
    vaccines: &[String],
) -> Vec<FormView> {
    let e = |id: &str| (failed == id).then_some(errors);
    let blank = RecordInput::default();
    let t = |id: &str| if failed == id { typed } else { &blank };
    let base = format!("/children/{child}/care");
    let mut out = Vec::new();
    if medical {
        let f = t("medical");
        out.push(
            FormBuilder::new(ctx, e("medical"))
                .select("kind", "care.medical", &["visit", "hospital"], &f.kind)
                .field("date", "date", &f.date, true)
                .field("end_date", "date", &f.end_date, false)
                .field("reason", "text", &f.reason, true)
                .field("diagnosis", "text", &f.diagnosis, false)
                .field("icd10", "text", &f.icd10, false)
                .field("new_diagnosis", "checkbox", &f.new_diagnosis, false)
                .field("treatment", "textarea", &f.treatment, false)
                .field("cost_yuan", "text", &f.cost_yuan, false)
                .select(
                    "funding",
                    "care.funding",
                    &["insurance", "aid", "tomorrow", "other"],
                    &f.funding,
                )
                .form(
                    "medical",
                    "care.form.medical",
                    format!("{base}/medical"),
                    "care.save",
                ),
        );
        let f = t("growth");
        out.push(
            FormBuilder::new(ctx, e("growth"))
                .field("date", "date", &f.date, true)
                .field("height_cm", "text", &f.height_cm, false)
                .field("weight_kg", "text", &f.weight_kg, false)
                .field("head_cm", "text", &f.head_cm, false)
                .field("measurer", "text", &f.measurer, true)
                .form(
                    "growth",
                    "care.form.growth",
                    format!("{base}/growth"),
                    "care.save",
                ),
        );
        let f = t("order");
        out.push(
            FormBuilder::new(ctx, e("order"))
                .field("drug", "text", &f.drug, true)
                .field("dose", "text", &f.dose, true)
                .field("route", "text", &f.route, true)
                .field("times", "text", &f.times, false)
                .field("prn", "checkbox", &f.prn, false)
                .field("date", "date", &f.date, true)
                .field("end_date", "date", &f.end_date, false)
                .field("prescriber", "text", &f.prescriber, true)
                .form(
                    "order",
                    "care.form.order",
                    format!("{base}/orders"),
                    "care.save",
                ),
        );
        let f = t("condition");
        out.push(
            FormBuilder::new(ctx, e("condition"))
                .select("kind", "care.condition", &["allergy", "chronic"], &f.kind)
                .field("text", "text", &f.text, true)
                .form(
                    "condition",
                    "care.form.condition",
                    format!("{base}/conditions"),
                    "care.save",
                ),
        );
        let f = t("immunisation");
        let codes: Vec<&str> = vaccines.iter().map(String::as_str).collect();
        out.push(
            FormBuilder::new(ctx, e("immunisation"))
                .select("vaccine", "care.vaccine", &codes, &f.vaccine)
                .field("dose_no", "number", &f.dose_no, true)
                .field("date", "date", &f.date, true)
                .field("batch_no", "text", &f.batch_no, false)
                .field("clinic", "text", &f.clinic, false)
                .form(
                    "immunisation",
                    "care.form.immunisation",
                    format!("{base}/immunisations"),
                    "care.save",
                ),
        );
    }
    if assess {
        let f = t("assessment");
        out.push(
            FormBuilder::new(ctx, e("assessment"))
                .select(
                    "kind",
                    "care.assessment",
                    &["development", "mental", "illness", "disability"],
                    &f.kind,
                )
                .field("date", "date", &f.date, true)
                .field("instrument", "text", &f.instrument, true)
                .field("score", "text", &f.score, false)
                .field("level", "text", &f.level, false)
                .field("narrative", "textarea", &f.narrative, false)
                .field("assessor", "text", &f.assessor, true)
                .field("disability_type", "text", &f.disability_type, false)
                .field("disability_grade", "number", &f.disability_grade, false)
                .form(
                    "assessment",
                    "care.form.assessment",
                    format!("{base}/assessments"),
                    "care.save",
                ),
        );
    }
    out
}

/// A line of a list on the care page (already in the reader's words).
pub struct Line {
    pub date: String,
    pub title: String,
    pub detail: String,
}

/// A due line for the page.
pub struct DueView {
    pub what: String,
    pub due: String,
    pub overdue: bool,
    pub detail: String,
}

/// One growth measurement with its results.
pub struct GrowthView {
    pub date: String,
    pub height: String,
    pub weight: String,
    pub head: String,
    pub wfa: String,
    pub lhfa: String,
    pub hcfa: String,
    pub standard: String,
    /// The WHO 2006 second view (empty over 60 months or for older records).
    pub who2006: String,
}

/// A medication order as listed (active ones first).
pub struct OrderView {
    pub id: i64,
    pub drug: String,
    pub dose: String,
    pub route: String,
    pub times: String,
    pub prn: bool,
    pub period: String,
    pub prescriber: String,
    pub active: bool,
}

/// The child's care page (`/children/{id}/care`).
#[derive(Template)]
#[template(path = "care/child.html")]
pub struct CarePage {
    pub ctx: Ctx,
    pub head: ChildHeader,
    pub crumb: String,
    pub warnings: Vec<String>,
    pub plan_line: String,
    pub due: Vec<DueView>,
    pub orders: Vec<OrderView>,
    pub can_stop_orders: bool,
    pub growth: Vec<GrowthView>,
    /// The growth charts (weight, length/height) with their reference lines.
    pub chart: Vec<crate::care::chart::GrowthChart>,
    pub medical: Vec<Line>,
    pub assessments: Vec<Line>,
    pub timeline: Vec<Line>,
    pub hidden_note: bool,
    /// The purpose-stated restricted view (offered or open).
    pub unlock: crate::care::views_more::UnlockView,
    pub forms: Vec<FormView>,
    pub failed: String,
    pub errors: FieldErrors,
}

/// A goal as shown.
pub struct GoalView {
    pub goal: Goal,
    pub part_label: String,
}

/// One review as shown.
pub struct ReviewView {
    pub review: Review,
    pub lines: Vec<(String, String, String)>,
}

/// The plan page (`/children/{id}/care/plan`).
#[derive(Template)]
#[template(path = "care/plan.html")]
pub struct PlanPage {
    pub ctx: Ctx,
    pub head: ChildHeader,
    pub crumb: String,
    /// The plan shown: the open one, else the current approved one.
    pub plan: Option<Plan>,
    pub state_label: String,
    pub goals: Vec<GoalView>,
    pub diff: Option<Diff>,
    pub versions: Vec<Plan>,
    pub reviews: Vec<ReviewView>,
    pub may_start: bool,
    pub may_edit: bool,
    pub may_decide: bool,
    pub may_review: bool,
    pub goal_form: Option<FormView>,
    pub typed_comment: String,
    pub errors: FieldErrors,
    pub progress_codes: Vec<(String, String)>,
    pub today: String,
    /// The purpose-stated view's form or notice (templates/care/unlock.html).
    pub unlock: crate::care::views_more::UnlockView,
}

impl PlanPage {
    pub fn part_label(&self, code: &str) -> String {
        self.ctx.label("care.part", code)
    }
}

/// A child on the institution's care list.
pub struct ListLine {
    pub id: i64,
    pub name: String,
    pub archive_no: String,
    pub plan: String,
    pub next: String,
    pub overdue: bool,
}

/// The care list (`/care`): the children in scope with their plan and the next date due.
#[derive(Template)]
#[template(path = "care/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub lines: Vec<ListLine>,
    /// The reader may open the education list (控辍保学).
    pub education_link: bool,
}

/// Labels for a review line: the goal and its progress.
pub fn review_view(ctx: &Ctx, review: Review, lines: &[ReviewLine], goals: &[Goal]) -> ReviewView {
    let lines = lines
        .iter()
        .filter(|l| l.review_id == review.id)
        .map(|l| {
            let goal = goals
                .iter()
                .find(|g| g.id == l.goal_id)
                .map_or(String::new(), |g| g.goal.clone());
            (
                goal,
                ctx.label("care.progress", l.progress.code()),
                l.note.clone(),
            )
        })
        .collect();
    ReviewView { review, lines }
}
