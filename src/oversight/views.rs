//! Page structs of the oversight module.

use super::rules::Quarter;
use super::service::Place;
use super::table::Table;
use crate::web::Ctx;
use askama::Template;

/// Titles of the dashboard's tables (catalogue keys; checked in both languages).
pub const TABLE_TITLES: [&str; 14] = [
    "oversight.t.institutions",
    "oversight.t.categories",
    "oversight.t.ages",
    "oversight.t.sex",
    "oversight.t.disability",
    "oversight.t.intakes",
    "oversight.t.discharges",
    "oversight.t.transfers",
    "oversight.t.foster",
    "oversight.t.care",
    "oversight.t.adulthood",
    "oversight.t.adoption",
    "oversight.t.quality",
    "oversight.t.incidents",
];

/// One chart of the dashboard with the table behind it.
pub struct Panel {
    pub table: Table,
    pub svg: Option<String>,
    /// `?institution=…` of the page, carried to the table and its download.
    pub query: String,
    /// (series name, colour) for the legend.
    pub legend: Vec<(String, String)>,
}

impl Panel {
    /// The table page behind the chart.
    pub fn table_href(&self) -> String {
        format!("/oversight/tables/{}{}", self.table.slug, self.query)
    }
    /// The download of the table in a format (`csv`, `xlsx`).
    pub fn download_href(&self, format: &str) -> String {
        download_href(self.table.slug, &self.query, format)
    }
}

/// `/oversight/tables/{slug}/download?…&format=…`.
pub fn download_href(slug: &str, query: &str, format: &str) -> String {
    let sep = if query.is_empty() { '?' } else { '&' };
    format!("/oversight/tables/{slug}/download{query}{sep}format={format}")
}

#[derive(Template)]
#[template(path = "oversight/dashboard.html")]
pub struct DashboardPage {
    pub ctx: Ctx,
    pub places: Vec<Place>,
    /// The institution the page is narrowed to, if any.
    pub selected: Option<i64>,
    pub panels: Vec<Panel>,
    /// Whether the caregiver-shift figures (incidents, mandatory reports) exist yet.
    pub incidents_missing: bool,
    /// "截至 2026-11-24" in the reader's language.
    pub as_of: String,
}

impl DashboardPage {
    pub fn is_selected(&self, p: &Place) -> bool {
        self.selected == Some(p.id.0)
    }
}

#[derive(Template)]
#[template(path = "oversight/table.html")]
pub struct TablePage {
    pub ctx: Ctx,
    pub table: Table,
    pub totals: Vec<i64>,
    pub query: String,
    pub scope_name: String,
}

impl TablePage {
    pub fn download_href(&self, format: &str) -> String {
        download_href(self.table.slug, &self.query, format)
    }
}

#[derive(Template)]
#[template(path = "oversight/quarterly.html")]
pub struct QuarterlyPage {
    pub ctx: Ctx,
    pub quarters: Vec<Quarter>,
    pub selected: Quarter,
    pub places: Vec<Place>,
    pub summary: Vec<super::service::quarterly::Line>,
    /// "The workbook has a summary sheet and N institution sheets" in the reader's language.
    pub sheets_text: String,
}
