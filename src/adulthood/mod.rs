//! Adulthood placement (成年后安置, issue 16): from the assessment window before 18 to a placed young
//! adult. See docs/adulthood.md.

pub mod rules;

/// The module name (tasks and archive entries carry it).
pub const MODULE_NAME: &str = "adulthood";
