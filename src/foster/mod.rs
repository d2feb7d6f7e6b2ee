//! Foster families (家庭寄养, 家庭寄养管理办法 民政部令第54号): the eligibility engine FOS-01…FOS-13
//! (pure, `rules`), its policy thresholds per division (`policy`) and the engine's JSON endpoint
//! (`api`). See docs/foster.md.

pub mod api;
pub mod policy;
pub mod rules;

/// The module name (tasks, archive entries and registrations carry it).
pub const MODULE_NAME: &str = "foster";

use crate::platform::module::{nothing, Module};

/// The foster module's registration (see `crate::modules`).
pub const MODULE: Module = Module {
    name: MODULE_NAME,
    pages: nothing,
    api: api::routes,
    openapi: api::openapi,
    nav: &[],
    due: None,
    setup: None,
    demo: None,
    catalogue_keys,
};

/// Codes the foster pages and messages show through the catalogue.
fn catalogue_keys() -> Vec<String> {
    let mut keys: Vec<String> = rules::FAILURE_KEYS.iter().map(|k| k.to_string()).collect();
    keys.extend(
        rules::Relation::ALL
            .iter()
            .map(|r| format!("foster.relation.{}", r.code())),
    );
    keys.extend(
        rules::Education::ALL
            .iter()
            .map(|e| format!("foster.education.{}", e.code())),
    );
    keys.extend(
        rules::Guardianship::ALL
            .iter()
            .map(|g| format!("foster.guardianship.{}", g.code())),
    );
    keys.push("foster.list_sep".into());
    keys
}
