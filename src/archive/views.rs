//! Page structs for the archive templates, and the label helpers they use.

use super::form::ChildForm;
use super::model::{ArchiveRequest, Change, Child, Document, Entry};
use super::service::Missing;
use crate::web::forms::FieldErrors;
use crate::web::{Catalogue, Ctx};
use askama::Template;

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn choices(tr: &Catalogue, prefix: &str, codes: &[&str]) -> Vec<Choice> {
    codes
        .iter()
        .map(|c| Choice {
            value: c.to_string(),
            label: tr.t(&format!("{prefix}.{c}")).to_string(),
        })
        .collect()
}

pub struct ListRow {
    pub child: Child,
    pub age: i32,
    pub class_label: String,
    pub sex_label: String,
    pub status_label: String,
}

#[derive(Template)]
#[template(path = "archive/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<ListRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub q: String,
    pub status: String,
    pub category: String,
    pub age_band: String,
    pub sort: String,
    pub bands: Vec<&'static str>,
    pub classes: Vec<&'static str>,
    pub count_text: String,
    pub page_text: String,
    pub prev_query: String,
    pub next_query: String,
    pub can_admit: bool,
}

#[derive(Template)]
#[template(path = "archive/intake.html")]
pub struct IntakePage {
    pub ctx: Ctx,
    pub form: ChildForm,
    pub errors: FieldErrors,
    pub categories: Vec<Choice>,
    pub case_types: Vec<Choice>,
    pub hukou: Vec<Choice>,
    pub allowances: Vec<Choice>,
    pub required_docs: Vec<(String, Vec<String>)>,
    pub editing: bool,
    pub action: String,
}

pub struct DocLine {
    pub doc: Document,
    pub type_label: String,
}

pub struct SectionView {
    pub code: String,
    pub label: String,
    pub hidden: bool,
    pub docs: Vec<DocLine>,
    pub entries: Vec<Entry>,
}

pub struct TimelineItem {
    pub date: String,
    pub section: String,
    pub text: String,
}

pub struct ChangeLine {
    pub change: Change,
    pub field_label: String,
    pub by: String,
}

pub struct RequiredDoc {
    pub label: String,
    pub present: bool,
}

#[derive(Template)]
#[template(path = "archive/child.html")]
pub struct ChildPage {
    pub ctx: Ctx,
    pub child: Child,
    pub institution: String,
    pub age: i32,
    pub tab: String,
    pub facts: Vec<(String, String)>,
    pub required: Vec<RequiredDoc>,
    pub missing_fields: Vec<String>,
    pub sections: Vec<SectionView>,
    pub timeline: Vec<TimelineItem>,
    pub history: Vec<ChangeLine>,
    pub requests: Vec<ArchiveRequest>,
    pub restricted: bool,
    pub can_unlock: bool,
    pub unlocked: bool,
    pub restriction_names: Vec<String>,
    pub restriction_kinds: Vec<Choice>,
    pub can_edit: bool,
    pub can_upload: bool,
    pub can_discharge: bool,
    pub can_print: bool,
    pub can_restrict: bool,
    pub section_choices: Vec<Choice>,
    pub doc_types: Vec<Choice>,
    pub discharge_reasons: Vec<Choice>,
    pub errors: FieldErrors,
    pub notice: String,
    pub today: String,
}

pub struct QualityRow {
    pub child: Child,
    pub missing: Missing,
    pub labels: Vec<String>,
}

#[derive(Template)]
#[template(path = "archive/quality.html")]
pub struct QualityPage {
    pub ctx: Ctx,
    pub rows: Vec<QualityRow>,
}

pub struct RequestLine {
    pub req: ArchiveRequest,
    pub archive_no: String,
    pub requester: String,
}

#[derive(Template)]
#[template(path = "archive/requests.html")]
pub struct RequestsPage {
    pub ctx: Ctx,
    pub rows: Vec<RequestLine>,
    pub can_decide: bool,
}

/// Label for a field name in history and completeness lists.
pub fn field_label(tr: &Catalogue, f: &str) -> String {
    tr.t(&format!("child.{f}")).to_string()
}
