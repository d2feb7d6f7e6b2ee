//! Page structs of the child-list import (issue 17 point 5).

use super::super::service::import::{ReportRow, Upload};
use crate::web::Ctx;
use askama::Template;

#[derive(Template)]
#[template(path = "oversight/import.html")]
pub struct ImportPage {
    pub ctx: Ctx,
    pub uploads: Vec<Upload>,
    /// Why the last upload was not taken (too large, no file); empty otherwise.
    pub error: String,
    pub max_mb: u64,
}

#[derive(Template)]
#[template(path = "oversight/import_report.html")]
pub struct ReportPage {
    pub ctx: Ctx,
    pub upload: Upload,
    pub file_problems: Vec<String>,
    pub bad: Vec<ReportRow>,
    pub warned: Vec<ReportRow>,
    pub good: Vec<ReportRow>,
    pub more_good: usize,
    /// How the import that just ended went (shown once): success, and the message.
    pub notice: Option<(bool, String)>,
}

/// The report page while its import runs: how many rows are done, reloading itself.
#[derive(Template)]
#[template(path = "oversight/import_progress.html")]
pub struct ProgressPage {
    pub ctx: Ctx,
    pub upload: Upload,
    pub done: usize,
    pub total: usize,
    pub done_text: String,
}

impl ReportPage {
    /// The state in the reader's language.
    pub fn state_label(&self) -> String {
        self.ctx.t(state_key(&self.upload.state)).to_string()
    }
    /// The import took this many seconds (one decimal).
    pub fn seconds(&self) -> String {
        format!("{:.1}", f64::from(self.upload.millis) / 1000.0)
    }
}

/// The catalogue key of an upload's state.
pub fn state_key(state: &str) -> &'static str {
    match state {
        "checked" => "oversight.import.state.checked",
        "refused" => "oversight.import.state.refused",
        "replaced" => "oversight.import.state.replaced",
        "imported" => "oversight.import.state.imported",
        _ => "oversight.import.state.importing",
    }
}
