//! Page structs of the adoption pages (askama, `templates/adoption/`) and the forms as typed.

use crate::platform::forms::FieldErrors;
use crate::web::Ctx;
use askama::Template;
use serde::Deserialize;

/// A line of the lists: a child and where its adoption stands.
pub struct Line {
    pub application: Option<i64>,
    /// A marking the placing institution may withdraw, and its version.
    pub marking: Option<i64>,
    pub marking_version: i32,
    /// ADP-18: the placer's documents (label, status: ✓ / missing / checked on paper).
    pub docs: Vec<(String, String)>,
    /// FOS-24: the child is in foster care — the foster family has priority if it meets the conditions.
    pub fostered: bool,
    /// FOS-24: the foster family has said it wishes to adopt the child (from the foster module's
    /// interface): "王建国家庭（王建国）, since 2026-10-01", in the reader's language.
    pub wishes_to_adopt: Option<String>,
    pub archive_no: String,
    pub name: String,
    /// Category (marking) or state (application), already in the reader's language.
    pub status: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "adoption/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub marked: Vec<Line>,
    pub applications: Vec<Line>,
    pub can_mark: bool,
    pub can_file: bool,
}

/// A child that can be chosen in a form.
pub struct Choice {
    pub id: i64,
    pub label: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MarkForm {
    pub child_id: String,
    pub category: String,
    pub basis: String,
    pub notice_start: String,
    pub notice_medium: String,
    pub notice_result: String,
    pub trafficked: String,
    pub police_certificate: String,
}

#[derive(Template)]
#[template(path = "adoption/mark.html")]
pub struct MarkPage {
    pub ctx: Ctx,
    /// ADP-18: the chosen child's placer's documents for the chosen category (document, status).
    pub placer_docs: Option<Vec<(String, String)>>,
    pub children: Vec<Choice>,
    pub categories: Vec<(String, String)>,
    pub typed: MarkForm,
    pub errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ApplyForm {
    pub child_id: String,
    pub received_on: String,
    pub married: String,
    pub spouse_joins: String,
    pub relation: String,
    pub child_consent: String,
    pub prior_adoptions: String,
    pub a1_name: String,
    pub a1_sex: String,
    pub a1_birth_date: String,
    pub a1_children_count: String,
    pub a1_disease: String,
    pub a1_record: String,
    pub a1_unable: String,
    pub a1_overseas: String,
    pub a1_foreign: String,
    pub a2_name: String,
    pub a2_sex: String,
    pub a2_birth_date: String,
    pub a2_children_count: String,
    pub a2_disease: String,
    pub a2_record: String,
    pub a2_unable: String,
    pub a2_overseas: String,
    pub a2_foreign: String,
}

#[derive(Template)]
#[template(path = "adoption/apply.html")]
pub struct ApplyPage {
    pub ctx: Ctx,
    pub children: Vec<Choice>,
    pub relations: Vec<(String, String)>,
    pub typed: ApplyForm,
    pub errors: FieldErrors,
}

pub struct ApplicantView {
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub children_count: i32,
    pub attended: bool,
}

pub struct FailureView {
    pub rule: String,
    pub article: String,
    pub message: String,
}

/// The registrar's part of an application page.
pub struct FileView {
    pub applicants: Vec<ApplicantView>,
    pub category: String,
    pub failures: Vec<FailureView>,
    pub deadline: String,
    pub days_left: i64,
    pub notice: String,
    pub open: bool,
    /// ADP-18: the applicants' documents checklist and the files uploaded.
    pub docs: Vec<DocLineView>,
    pub uploads: Vec<UploadView>,
    /// The document kinds offered by the upload form (code, label).
    pub kinds: Vec<(String, String)>,
}

/// One line of the applicants' documents checklist (ADP-18).
pub struct DocLineView {
    pub code: String,
    pub label: String,
    pub required: bool,
    pub present: bool,
}

/// One uploaded document of the application.
pub struct UploadView {
    pub id: i64,
    pub label: String,
    pub name: String,
    pub at: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DecideForm {
    pub certificate_no: String,
    pub date: String,
    pub attended: String,
    pub secrecy: String,
    pub confirm: String,
    pub reasons: String,
    pub version: String,
    /// The upload form's document kind (kept when a refused upload re-renders the page).
    pub doc_kind: String,
}

#[derive(Template)]
#[template(path = "adoption/application.html")]
pub struct ApplicationPage {
    pub ctx: Ctx,
    pub id: i64,
    pub version: i32,
    pub archive_no: String,
    pub name: String,
    pub child_line: String,
    pub state: String,
    pub received_on: String,
    pub decided_on: String,
    pub certificate_no: String,
    pub refusal_reasons: String,
    /// The state's code (links to the certificate, the refusal letter and the after-adoption page).
    pub state_code: String,
    pub ended_on: String,
    pub end_reasons: String,
    pub file: Option<FileView>,
    pub typed: DecideForm,
    pub errors: FieldErrors,
}
