//! Care plans (养治教康 + 社会工作, issue 14): the individual care plan (个性化抚养方案) with reviews and
//! approval, periodic assessments, medical records, medication orders and growth. See docs/care.md.

pub mod rules;
/// The module name (tasks, archive entries and registrations carry it).
pub const MODULE_NAME: &str = "care";
