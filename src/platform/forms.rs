//! Helpers for parsing forms at the edge: per-field error messages in the user's language, input kept.

use super::i18n::Catalogue;
use std::collections::BTreeMap;

/// Field name → translated message, shown next to the field.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(BTreeMap<&'static str, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, msg: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| msg.into());
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
    pub fn msg(&self, field: &str) -> &str {
        self.0.get(field).map(String::as_str).unwrap_or("")
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn fields(&self) -> Vec<&'static str> {
        self.0.keys().copied().collect()
    }
}

/// Checks text typed into a field: trimmed, required or not, bounded, no control characters.
pub fn text(
    errors: &mut FieldErrors,
    tr: &Catalogue,
    field: &'static str,
    value: &str,
    required: bool,
    max_chars: usize,
) -> String {
    checked(errors, tr, field, value, required, max_chars, |_| false)
}

/// Like [`text`] for a textarea: line breaks and tabs are allowed, other control characters are not.
pub fn multiline(
    errors: &mut FieldErrors,
    tr: &Catalogue,
    field: &'static str,
    value: &str,
    required: bool,
    max_chars: usize,
) -> String {
    checked(errors, tr, field, value, required, max_chars, |c| {
        matches!(c, '\n' | '\r' | '\t')
    })
}

/// The one check behind [`text`] and [`multiline`]; `allowed` names the control characters let through.
fn checked(
    errors: &mut FieldErrors,
    tr: &Catalogue,
    field: &'static str,
    value: &str,
    required: bool,
    max_chars: usize,
    allowed: fn(char) -> bool,
) -> String {
    let v = value.trim().to_string();
    if required && v.is_empty() {
        errors.add(field, tr.t("err.required"));
    } else if v.chars().count() > max_chars {
        errors.add(
            field,
            tr.tf("err.too_long_n", &[("n", &max_chars.to_string())]),
        );
    } else if v.chars().any(|c| c.is_control() && !allowed(c)) {
        errors.add(field, tr.t("err.control_chars"));
    }
    v
}

/// Map `validator` errors onto field messages from the catalogue (`err.<code>`).
pub fn from_validator(
    errors: &mut FieldErrors,
    tr: &Catalogue,
    e: &validator::ValidationErrors,
    fields: &[&'static str],
) {
    for (name, errs) in e.field_errors() {
        let Some(field) = fields.iter().copied().find(|f| *f == name) else {
            continue;
        };
        if let Some(first) = errs.first() {
            let key = format!("err.{}", first.code);
            let max = first
                .params
                .get("max")
                .map(|v| v.to_string())
                .unwrap_or_default();
            errors.add(field, tr.tf(&key, &[("n", &max)]));
        }
    }
}
