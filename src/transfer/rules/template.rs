//! Checklist templates (移交清单模板): versioned lists of handover items that admins edit. Pure rules: which
//! lines must stay, how an edit becomes the next version, and what is refused. No I/O.
//!
//! A batch keeps the version it was created with once submitted (issue 4: "a new version never changes
//! batches already submitted"); drafts, never seen by the receiver, follow the newest version.

use crate::platform::Catalogue;
use serde::{Deserialize, Serialize};

/// One line of a checklist template: a built-in item (its label comes from the catalogue, so it reads in
/// the user's language) or a line an admin added (`custom-N`, with the label the admin typed).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TemplateItem {
    pub code: String,
    pub mandatory: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// Lines no version may drop or make optional:
/// - the child in person, under which every archive document gets its own line (§3: the archive moves
///   with the child);
/// - hukou moved or kept with a reason (TRF-02, 户随人走, 民发〔2021〕44号);
/// - property in custody (民法典 第35条: the guardian manages the ward's property in the ward's interest);
/// - school registration (学籍): 民发〔2021〕44号 三(二) "教育部门…为迁移的儿童办理学籍转接手续";
/// - the living allowance switch (基本生活费转移, TRF-03): 二(一) "保证儿童的基本生活费全部用在儿童身上",
///   so the allowance follows the child without a gap;
/// - psychological preparation (心理准备, TRF-03): 三(三) "根据儿童个性特点制定移交方案，做好心理辅导和
///   情感慰藉".
pub const REQUIRED_ITEMS: [&str; 6] = [
    "child-in-person",
    "hukou-moved-or-kept",
    "property-in-custody",
    "school-registration",
    "allowance-switch",
    "psychological-preparation",
];

/// At most this many template lines (documents come on top, one line each).
pub const MAX_LINES: usize = 60;
/// Longest label an admin may type, in characters.
pub const MAX_LABEL: usize = 60;

pub fn is_builtin(code: &str) -> bool {
    super::DEFAULT_ITEMS.iter().any(|(c, _)| *c == code)
}

pub fn is_required(code: &str) -> bool {
    REQUIRED_ITEMS.contains(&code)
}

/// The catalogue label of a built-in item in the reader's language; `None` for documents and lines an
/// admin added (those carry their own label).
pub fn builtin_label(tr: &Catalogue, code: &str) -> Option<String> {
    is_builtin(code).then(|| tr.t(&format!("item.{code}")).to_string())
}

impl TemplateItem {
    /// The label to show and to copy into a new checklist.
    pub fn label_in(&self, tr: &Catalogue) -> String {
        builtin_label(tr, &self.code).unwrap_or_else(|| self.label.clone())
    }
}

/// Version 1: the default items of issue 4 / TRF-03.
pub fn default_items() -> Vec<TemplateItem> {
    super::DEFAULT_ITEMS
        .iter()
        .map(|(c, m)| TemplateItem {
            code: c.to_string(),
            mandatory: *m,
            label: String::new(),
        })
        .collect()
}

/// One row of the editor as typed. `code` is empty for a new line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditLine {
    pub code: String,
    pub label: String,
    pub mandatory: bool,
    pub remove: bool,
    /// Position as typed; lines are sorted by it, ties keep the form's order. Not a number → a problem.
    pub order: String,
}

/// Why an edit was refused; each names the form row (`None`: the whole form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A required line was removed or made optional.
    Required,
    LabelMissing,
    LabelTooLong,
    LabelControlChars,
    DuplicateLabel,
    UnknownCode,
    OrderNotNumber,
    TooMany,
    Empty,
    Unchanged,
}

impl Problem {
    pub fn key(self) -> &'static str {
        match self {
            Problem::Required => "err.tmpl_required",
            Problem::LabelMissing => "err.required",
            Problem::LabelTooLong => "err.tmpl_label_long",
            Problem::LabelControlChars => "err.control_chars",
            Problem::DuplicateLabel => "err.tmpl_duplicate",
            Problem::UnknownCode => "err.tmpl_unknown",
            Problem::OrderNotNumber => "err.number",
            Problem::TooMany => "err.tmpl_too_many",
            Problem::Empty => "err.tmpl_empty",
            Problem::Unchanged => "err.tmpl_unchanged",
        }
    }
}

/// Turn the editor's rows into the next version's lines, or every problem found (row index, problem).
/// Blank new rows are ignored; new lines get the next free `custom-N` code.
pub fn next_version(
    current: &[TemplateItem],
    lines: &[EditLine],
) -> Result<Vec<TemplateItem>, Vec<(Option<usize>, Problem)>> {
    let mut problems = Vec::new();
    let mut next_custom = current
        .iter()
        .filter_map(|i| i.code.strip_prefix("custom-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let mut kept: Vec<(i64, usize, TemplateItem)> = Vec::new();
    for (row, l) in lines.iter().enumerate() {
        let label = l.label.trim();
        let new = l.code.trim().is_empty();
        if new && label.is_empty() {
            continue; // a blank row of the form
        }
        let order = match l.order.trim() {
            "" => row as i64,
            o => match o.parse::<i64>() {
                Ok(n) => n,
                Err(_) => {
                    problems.push((Some(row), Problem::OrderNotNumber));
                    row as i64
                }
            },
        };
        if !new && !current.iter().any(|i| i.code == l.code) {
            problems.push((Some(row), Problem::UnknownCode));
            continue;
        }
        if is_required(&l.code) && (l.remove || !l.mandatory) {
            problems.push((Some(row), Problem::Required));
            continue;
        }
        if l.remove {
            continue;
        }
        let code = if new {
            next_custom += 1;
            format!("custom-{next_custom}")
        } else {
            l.code.clone()
        };
        let label = if is_builtin(&code) {
            String::new()
        } else {
            if label.is_empty() {
                problems.push((Some(row), Problem::LabelMissing));
            } else if label.chars().count() > MAX_LABEL {
                problems.push((Some(row), Problem::LabelTooLong));
            } else if label.chars().any(char::is_control) {
                problems.push((Some(row), Problem::LabelControlChars));
            } else if kept.iter().any(|(_, _, k)| k.label == label) {
                problems.push((Some(row), Problem::DuplicateLabel));
            }
            label.to_string()
        };
        kept.push((
            order,
            row,
            TemplateItem {
                code,
                mandatory: l.mandatory,
                label,
            },
        ));
    }
    for code in REQUIRED_ITEMS {
        let present = kept.iter().any(|(_, _, k)| k.code == code);
        let mentioned = lines.iter().any(|l| l.code == code);
        if !present && !mentioned {
            problems.push((None, Problem::Required));
        }
    }
    if kept.len() > MAX_LINES {
        problems.push((None, Problem::TooMany));
    }
    if kept.is_empty() {
        problems.push((None, Problem::Empty));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    kept.sort_by_key(|(order, row, _)| (*order, *row));
    let next: Vec<TemplateItem> = kept.into_iter().map(|(_, _, k)| k).collect();
    if next == current {
        return Err(vec![(None, Problem::Unchanged)]);
    }
    Ok(next)
}

#[cfg(test)]
mod tests;
