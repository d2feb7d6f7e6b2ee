//! Page structs of the registrar's work on one application (askama): the assessment page (收养评估,
//! issue 13 point 4) and the after-adoption page (point 6). Forms are read as name–value pairs
//! ([`Typed`]) so a rejected form re-renders with everything the user typed.

use crate::platform::forms::FieldErrors;
use crate::web::Ctx;
use askama::Template;
use std::collections::BTreeMap;

/// A form as typed: field name → value (a checkbox is present when ticked).
#[derive(Default, Clone)]
pub struct Typed(pub BTreeMap<String, String>);

impl Typed {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Typed(pairs.into_iter().collect())
    }
    /// The typed value ("" when absent).
    pub fn v(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }
    /// A ticked checkbox.
    pub fn on(&self, k: &str) -> bool {
        !self.v(k).is_empty()
    }
    pub fn date(&self, k: &str) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(self.v(k).trim(), "%Y-%m-%d").ok()
    }
    pub fn version(&self) -> i32 {
        self.v("version").trim().parse().unwrap_or(0)
    }
}

pub struct VisitView {
    pub date: String,
    pub visitor: String,
    pub notes: String,
}

/// The assessment as shown.
pub struct AssessView {
    pub mode: String,
    pub assessors: String,
    pub agency: String,
    pub agreement_ref: String,
    pub started_on: String,
    pub due: String,
    pub days_left: i64,
    pub integration_done_on: String,
    pub reported_on: String,
    pub conclusion: String,
    pub reasons: String,
    /// (item label, finding)
    pub findings: Vec<(String, String)>,
    pub flags: Vec<String>,
    pub third_party: Option<ThirdPartyView>,
}

/// One professional row of the start form, as typed: its number and field names.
pub struct TpRow {
    pub n: usize,
    pub name: String,
    pub profession: String,
    pub qualification: String,
    pub years: String,
}

/// The commissioned third party's qualifications as shown (收养评估办法 第7条).
pub struct ThirdPartyView {
    pub credit_code: String,
    pub business_scope: String,
    /// One line per assessor: name · profession · qualification · years.
    pub professionals: Vec<String>,
    /// The count per profession, e.g. "社会工作 2、法律 1".
    pub counts: String,
}

#[derive(Template)]
#[template(path = "adoption/assessment.html")]
pub struct AssessmentPage {
    pub ctx: Ctx,
    pub id: i64,
    pub version: i32,
    pub archive_no: String,
    pub name: String,
    pub state: String,
    /// Received or in the integration period: the forms are shown.
    pub open: bool,
    pub integrating: bool,
    pub integration_start: String,
    pub assessment: Option<AssessView>,
    pub visits: Vec<VisitView>,
    /// (field, label) of each content item and each red flag.
    pub items: Vec<(String, String)>,
    pub flags: Vec<(String, String)>,
    pub team_min: i64,
    pub integration_days: i64,
    /// The third party's professional rows as typed (第7条) and the professions to choose from.
    pub tp_rows: Vec<TpRow>,
    pub professions: Vec<(String, String)>,
    pub typed: Typed,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "adoption/after.html")]
pub struct AfterPage {
    pub ctx: Ctx,
    pub id: i64,
    pub version: i32,
    pub archive_no: String,
    pub name: String,
    pub state: String,
    pub registered: bool,
    pub decided_on: String,
    pub certificate_no: String,
    pub next_follow_up: String,
    pub follow_up_days_left: i64,
    pub visits: Vec<VisitView>,
    pub ended_on: String,
    pub end_reasons: String,
    pub typed: Typed,
    pub errors: FieldErrors,
}
