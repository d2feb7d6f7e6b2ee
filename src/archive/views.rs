//! Page structs for the archive templates, and the label helpers they use.

use super::form::ChildForm;
use super::model::{ArchiveRequest, Change, Child, Document, Entry};
use super::sections::ChildView;
use super::service::Missing;
use crate::platform::forms::FieldErrors;
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
    /// The row as this user may see it (the one field-level rule).
    pub child: ChildView,
    /// The age as a reader says it: in months under two ("9 个月"), in years from two ("3 岁").
    pub age_text: String,
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

/// An entry as a reader sees it: the intake's category and case, and a discharge's reason, are stored
/// as codes and shown through the catalogue.
pub fn entry_for_display(tr: &Catalogue, e: &Entry) -> Entry {
    let summary = match e.kind.as_str() {
        "intake" => match e.summary.split_once(" · ") {
            Some((cat, case)) => format!(
                "{} · {}",
                tr.t(&format!("category.{cat}")),
                tr.t(&format!("case.{case}"))
            ),
            None => e.summary.clone(),
        },
        "discharge" => tr.t(&format!("discharge.{}", e.summary)).to_string(),
        _ => e.summary.clone(),
    };
    Entry {
        summary,
        ..e.clone()
    }
}

pub struct TimelineItem {
    pub date: String,
    pub section: String,
    pub text: String,
}

pub struct ChangeLine {
    pub change: Change,
    /// When, in China Standard Time.
    pub at: String,
    pub field_label: String,
    pub by: String,
}

pub struct RequiredDoc {
    pub label: String,
    pub present: bool,
}

/// What was typed on the upload form (kept when it is refused; a file input cannot be refilled).
#[derive(Default, Clone)]
pub struct UploadTyped {
    /// "section/type", the one select of the form.
    pub filing: String,
    pub title: String,
    pub doc_date: String,
    pub issuing_body: String,
    pub replaces: String,
    pub replace_reason: String,
}

impl From<&super::service::Upload> for UploadTyped {
    fn from(u: &super::service::Upload) -> Self {
        UploadTyped {
            filing: if u.section.is_empty() {
                String::new()
            } else {
                format!("{}/{}", u.section, u.doc_type)
            },
            title: u.title.clone(),
            doc_date: u.doc_date.clone(),
            issuing_body: u.issuing_body.clone(),
            replaces: u.replaces.map(|r| r.to_string()).unwrap_or_default(),
            replace_reason: u.replace_reason.clone(),
        }
    }
}

/// One section of the upload form's select, with the document types it holds.
pub struct FilingGroup {
    pub label: String,
    pub choices: Vec<Choice>,
}

/// The section/type pairs the upload form offers (the type list follows the section, no JavaScript),
/// built once per language: they depend on nothing but the catalogue, and rebuilding them was a tenth
/// of the archive page's CPU (issue 11, docs/benchmarks.md "Session 11").
pub fn filing_groups(tr: &Catalogue) -> &'static [FilingGroup] {
    static ZH: std::sync::OnceLock<Vec<FilingGroup>> = std::sync::OnceLock::new();
    static EN: std::sync::OnceLock<Vec<FilingGroup>> = std::sync::OnceLock::new();
    let kept = match tr.lang {
        crate::platform::i18n::Lang::Zh => &ZH,
        crate::platform::i18n::Lang::En => &EN,
    };
    kept.get_or_init(|| build_filing_groups(tr))
}

fn build_filing_groups(tr: &Catalogue) -> Vec<FilingGroup> {
    super::rules::SECTIONS
        .iter()
        .map(|s| FilingGroup {
            label: tr.t(&format!("section.{s}")).to_string(),
            choices: super::rules::types_for(s)
                .iter()
                .map(|t| Choice {
                    value: format!("{s}/{t}"),
                    label: format!(
                        "{} · {}",
                        tr.t(&format!("section.{s}")),
                        tr.t(&format!("doc.{t}"))
                    ),
                })
                .collect(),
        })
        .collect()
}

/// One tab of the archive page; `current` marks the one shown (aria-current).
pub struct Tab {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// The discharge page (离院): its own page with the consequences stated and a required confirmation.
#[derive(Template)]
#[template(path = "archive/discharge.html")]
pub struct DischargePage {
    pub ctx: Ctx,
    pub head: super::header::ChildHeader,
    pub crumb: String,
    pub version: i32,
    pub reasons: Vec<Choice>,
    /// What else holds the child (e.g. an open transfer batch's reference), from the registry.
    pub holds: Vec<String>,
    pub typed: DischargeTyped,
    pub errors: FieldErrors,
}

/// What was typed on the discharge form (kept when it is refused).
#[derive(Default, Clone)]
pub struct DischargeTyped {
    pub reason: String,
    pub date: String,
    pub note: String,
    /// "Also remove the child from the transfer" was ticked.
    pub release_holds: bool,
}

#[derive(Template)]
#[template(path = "archive/child.html")]
pub struct ChildPage {
    pub ctx: Ctx,
    /// The child as this user may see it (never the row).
    pub child: ChildView,
    pub head: super::header::ChildHeader,
    /// The breadcrumb's last step (the tab's name; empty on the overview).
    pub crumb: String,
    pub tabs: Vec<Tab>,
    pub tab: String,
    pub facts: Vec<(String, String)>,
    /// Panels other modules add to the overview (`crate::modules::CHILD_PANELS`).
    pub panels: Vec<crate::platform::module::ShownPanel>,
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
    /// The borrowing/copy request form is shown (only to those who may submit it).
    pub can_request: bool,
    /// `?purpose=…` on the document links and the print link of a lawful reader's purpose-stated view
    /// (ADP-26), empty otherwise.
    pub lawful_query: String,
    /// `?purpose=…` on the document links of any purpose-stated view (the head's too, ADP-26): a
    /// restricted section's document is served only with the purpose stated, audited with it.
    pub doc_query: String,
    pub filing_groups: &'static [FilingGroup],
    pub upload: UploadTyped,
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
    pub count_text: String,
    pub page_text: String,
    pub page: i64,
    pub pages: i64,
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

/// The child's key facts as (label, value), for the archive page, its PDF and the receiver's preview
/// alike — built from the [`ChildView`] (the one field-level rule), so a withheld field is never shown.
pub fn key_facts(tr: &Catalogue, c: &ChildView) -> Vec<(String, String)> {
    let mut facts: Vec<(String, String)> = vec![
        (tr.t("child.archive_no").to_string(), c.archive_no.clone()),
        (
            tr.t("child.legal_name").to_string(),
            format!(
                "{}{}",
                c.legal_name,
                if c.name_provisional {
                    tr.t("child.provisional_mark")
                } else {
                    ""
                }
            ),
        ),
        (
            tr.t("child.sex").to_string(),
            tr.t(&format!("sex.{}", c.sex)).to_string(),
        ),
        (
            tr.t("child.birth_date").to_string(),
            format!(
                "{}{}",
                c.birth_date,
                if c.birth_date_estimated {
                    tr.t("child.estimated_mark")
                } else {
                    ""
                }
            ),
        ),
    ];
    let mut add = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            facts.push((tr.t(label).to_string(), v));
        }
    };
    add(
        "child.intake_category",
        c.intake_category.as_ref().map(|cat| {
            format!(
                "{} · {}",
                tr.t(&format!("category.{cat}")),
                c.archive_class.clone().unwrap_or_default()
            )
        }),
    );
    add(
        "child.case_type",
        c.case_type
            .as_ref()
            .map(|t| tr.t(&format!("case.{t}")).to_string()),
    );
    add("child.intake_date", c.intake_date.map(|d| d.to_string()));
    add("child.ethnicity", c.ethnicity.clone());
    add(
        "child.hukou_status",
        c.hukou_status.as_ref().map(|h| {
            format!(
                "{} {}",
                tr.t(&format!("hukou.{h}")),
                c.hukou_place.clone().unwrap_or_default()
            )
            .trim()
            .to_string()
        }),
    );
    add(
        "child.id_number",
        c.id_number.clone().map(Option::unwrap_or_default),
    );
    add(
        "child.disability",
        c.disability_grade.map(|g| {
            g.map(|g| {
                format!(
                    "{} · {} {g}{}",
                    c.disability_type.clone().unwrap_or_default(),
                    tr.t("child.grade"),
                    c.disability_cert_no
                        .as_ref()
                        .map(|n| format!(" · {n}"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_else(|| tr.t("common.none").into())
        }),
    );
    add("child.guardian_department", c.guardian_department.clone());
    add(
        "child.welfare",
        c.welfare_categories.as_ref().map(|w| {
            w.split(',')
                .filter(|s| !s.is_empty())
                .map(|w| tr.t(&format!("welfare.{w}")).to_string())
                .collect::<Vec<_>>()
                .join("、")
        }),
    );
    add(
        "child.allowance_category",
        c.allowance_category
            .as_ref()
            .map(|a| tr.t(&format!("allowance.{a}")).to_string()),
    );
    let filled = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    add("child.school_name", filled(&c.school_name));
    add("child.school_grade", filled(&c.school_grade));
    add("child.xueji_no", filled(&c.xueji_no));
    if c.archive_class.as_deref() == Some("A") && c.found_place.is_some() {
        let found = [
            c.found_date
                .flatten()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            c.found_place.clone().unwrap_or_default(),
            c.found_by.clone().unwrap_or_default(),
            c.police_report_no.clone().unwrap_or_default(),
        ]
        .join(" ");
        add("child.found", Some(found));
    }
    if let (Some(Some(d)), Some(reason)) = (c.discharge_date, &c.discharge_reason) {
        add(
            "child.discharge",
            Some(format!(
                "{d} · {}",
                tr.t(&format!("discharge.{}", reason.clone().unwrap_or_default()))
            )),
        );
    }
    add("child.former_names", c.former_names.clone());
    add("child.health_at_intake", c.health_at_intake.clone());
    facts
}

/// Catalogue keys the archive builds at run time from codes (checked in both languages).
pub fn catalogue_keys() -> Vec<String> {
    use super::form::{ALLOWANCE_CATEGORIES, HUKOU_STATUSES};
    use super::rules;
    let mut keys: Vec<String> = Vec::new();
    keys.extend(
        rules::ALL_CATEGORIES
            .iter()
            .map(|c| format!("category.{}", c.code())),
    );
    keys.extend(
        rules::ALL_CASE_TYPES
            .iter()
            .map(|c| format!("case.{}", c.code())),
    );
    let families: [(&str, &[&str]); 8] = [
        ("section", &rules::SECTIONS),
        ("doc", &rules::DOCUMENT_TYPES),
        ("discharge", &rules::DISCHARGE_REASONS),
        ("hukou", &HUKOU_STATUSES),
        ("allowance", &ALLOWANCE_CATEGORIES),
        (
            "welfare",
            &["orphan", "de-facto-unsupported", "tekun", "difficulty"],
        ),
        ("sex", &["M", "F"]),
        ("status", &["active", "discharged", "in-foster-care"]),
    ];
    for (prefix, codes) in families {
        keys.extend(codes.iter().map(|c| format!("{prefix}.{c}")));
    }
    // Every field that can appear in the history or the completeness list.
    let fields = super::ChildFields::default();
    keys.extend(fields.pairs().iter().map(|(f, _)| format!("child.{f}")));
    keys.extend(["photo", "status", "institution"].map(|f| format!("child.{f}")));
    keys.extend(
        ["borrow", "copy", "pending", "approved", "refused"].map(|r| format!("request.{r}")),
    );
    // Notices (issue 10 points 7, 15, 21): each kind's title and help.
    for k in super::model::NoticeKind::ALL {
        let (label, help) = super::handlers::kind_keys(*k);
        keys.extend([label.to_string(), help.to_string()]);
    }
    keys
}
