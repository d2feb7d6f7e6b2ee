//! One registration per module. A module is added to Fuyu by one line in `crate::modules::ALL`; its
//! [`Module`] value names everything the platform needs from it: pages, API endpoints and their
//! OpenAPI paths, navigation entries, due items for the daily pass, reference data, demo data and the
//! catalogue keys it builds at run time (checked in both languages by tests/app/i18n.rs).

use crate::auth::model::User;
use crate::auth::Action;
use crate::db::DbConn;
use crate::jobs::DueItem;
use actix_web::web::ServiceConfig;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::QueryResult;
use serde_json::Value;

/// A link in the role-specific navigation, shown to users whose role may do `action`.
pub struct NavEntry {
    pub href: &'static str,
    /// Catalogue key of the label.
    pub label: &'static str,
    pub action: Action,
    /// Position in the bar (lower first), so modules interleave in a fixed order.
    pub order: u16,
    /// Hide this entry for users who may also do this action (e.g. the admin's own variant).
    pub unless: Option<Action>,
}

impl NavEntry {
    pub fn shown_to(&self, user: &User) -> bool {
        user.can(self.action) && !self.unless.is_some_and(|a| user.can(a))
    }
}

/// What the demo seeding of a module receives.
pub struct DemoEnv<'a> {
    pub uploads: &'a std::path::Path,
    pub today: NaiveDate,
    pub now: NaiveDateTime,
}

/// A module's source of due items for the daily pass.
pub type DueSource = fn(&mut DbConn, NaiveDate) -> QueryResult<Vec<DueItem>>;

/// A module's demo seeding.
pub type DemoSeed = fn(&mut DbConn, &DemoEnv<'_>) -> Result<(), String>;

/// Everything one module registers.
pub struct Module {
    /// The module's name (also the `module` of its tasks).
    pub name: &'static str,
    /// Pages and forms (outside `/api/v1`). Routes are matched in registration order.
    pub pages: fn(&mut ServiceConfig),
    /// JSON endpoints, registered inside the `/api/v1` scope (paths relative to it).
    pub api: fn(&mut ServiceConfig),
    /// OpenAPI path items (full paths) and component schemas for the endpoints in `api`.
    pub openapi: fn() -> OpenApi,
    /// Navigation entries.
    pub nav: &'static [NavEntry],
    /// Due items for the daily pass.
    pub due: Option<DueSource>,
    /// Reference data every installation needs, ensured at every start (idempotent).
    pub setup: Option<fn(&mut DbConn, NaiveDateTime) -> QueryResult<()>>,
    /// Demo data, run in registration order after the organisations and accounts exist.
    pub demo: Option<DemoSeed>,
    /// Catalogue keys the module builds at run time (codes it shows through the catalogue).
    pub catalogue_keys: fn() -> Vec<String>,
}

/// A hold another module keeps on a child that the child's discharge (离院) must settle in the same step
/// (issue 10 point 13: a child in an open transfer). The archive asks every registered hold through
/// `crate::modules::CHILD_HOLDS` and never names the module behind it, so dependencies still point
/// downwards. Child ids are the archive's `ChildId` as a plain integer (the platform names no module).
pub struct ChildHold {
    /// The holding module's name.
    pub module: &'static str,
    /// What holds the child, as a reference the user recognises (e.g. the batch's 农安移〔2026〕1号), if
    /// anything does.
    pub find: fn(&mut DbConn, i64) -> QueryResult<Option<String>>,
    /// Release the hold inside the caller's write transaction, with the discharge's reason as the reason.
    pub release:
        fn(&mut DbConn, &crate::platform::Op<'_>, i64, &str) -> crate::error::AppResult<()>,
}

/// A module's part of the OpenAPI document.
#[derive(Default)]
pub struct OpenApi {
    pub paths: Vec<(&'static str, Value)>,
    pub schemas: Vec<(&'static str, Value)>,
}

/// For modules without endpoints, keys or pages.
pub fn nothing(_: &mut ServiceConfig) {}
pub fn no_openapi() -> OpenApi {
    OpenApi::default()
}
pub fn no_keys() -> Vec<String> {
    Vec::new()
}

/// A tab another module adds to the child's archive page (issue 14 point 7: the archive page gets a
/// "care" tab). The archive lists every registered tab through `crate::modules::CHILD_TABS`, shown to
/// users who may do `action`, and never names the module behind it; the tab opens the module's own
/// page about the child. Child ids are the archive's `ChildId` as a plain integer.
pub struct ChildTab {
    /// Catalogue key of the tab's label.
    pub label: &'static str,
    pub action: Action,
    /// The page of the tab for a child.
    pub href: fn(i64) -> String,
}

/// The child a [`ChildFact`] is asked about: what the archive page already holds.
pub struct FactSubject<'a> {
    /// The archive's `ChildId` as a plain integer.
    pub child_id: i64,
    pub birth_date: NaiveDate,
    pub institution_id: crate::org::InstitutionId,
    /// Still in the institution's care (active or in foster care), not discharged.
    pub in_care: bool,
    /// The child as the archive page read it through the reader's own scope, with the reader's
    /// section access: a module uses these instead of reading the child and its restrictions again
    /// (issue 11: each panel did, three reads of 64 columns per view). `None` when the page was read
    /// on a lawful ground (ADP-26) instead: the module then checks the scope itself, as before.
    pub in_scope: Option<ScopedChild<'a>>,
}

/// See [`FactSubject::in_scope`].
#[derive(Clone, Copy)]
pub struct ScopedChild<'a> {
    pub child: &'a crate::archive::Child,
    pub access: &'a crate::archive::SectionAccess,
}

/// A fact another module adds to the key facts of a child's archive page (issue 16 point 1: the
/// placing authority of 成年后安置 "shown on the archive too"). The archive asks every fact registered
/// in `crate::modules::CHILD_FACTS` whose `action` the user may do, inside the page's own read, and
/// never names the module behind it. `value` gives the text in the reader's language, or `None` when
/// the fact does not apply to this child.
pub struct ChildFact {
    /// Catalogue key of the fact's label.
    pub label: &'static str,
    pub action: Action,
    pub value: fn(
        &mut DbConn,
        &crate::platform::Op<'_>,
        &FactSubject<'_>,
    ) -> crate::error::AppResult<Option<String>>,
}

/// A panel another module adds to the overview of a child's archive page (issue 14 point 7: "one view
/// of the child" — the care plan in force, what is due, warnings, orders). The archive asks every panel
/// registered in `crate::modules::CHILD_PANELS` whose `action` the user may do, inside the page's own
/// read (so the page's view audit covers it), and never names the module behind it. `lines` gives the
/// panel's lines in the reader's language, already limited to what the reader's role and the archive's
/// restriction rule let them see; `None` when the panel does not apply to this child.
pub struct ChildPanel {
    /// Stable id of the panel (the HTML id `panel-<id>`).
    pub id: &'static str,
    /// Catalogue key of the panel's title.
    pub label: &'static str,
    pub action: Action,
    /// The module's own page about the child (the panel's "open" link) and the link's catalogue key.
    pub href: fn(i64) -> String,
    pub open: &'static str,
    pub lines: PanelLines,
}

/// What a [`ChildPanel`] shows a reader: its lines, or `None` when it does not apply to the child.
pub type PanelLines = fn(
    &mut DbConn,
    &crate::platform::Op<'_>,
    &FactSubject<'_>,
) -> crate::error::AppResult<Option<Vec<PanelLine>>>;

/// One line of a [`ChildPanel`]: a label, its value, and whether it is a warning (shown highlighted).
#[derive(Debug, Clone)]
pub struct PanelLine {
    pub label: String,
    pub value: String,
    pub warn: bool,
}

/// A [`ChildPanel`] as the archive page draws it.
#[derive(Debug, Clone)]
pub struct ShownPanel {
    pub id: &'static str,
    pub title: String,
    pub href: String,
    pub open: String,
    pub lines: Vec<PanelLine>,
}

/// Files a module keeps in the archive's content-addressed store (foster families' papers, adoption
/// applicants' documents): the SHA-256 of each, so a backup (`fuyu backup`) copies them with the
/// children's documents. Listed in `crate::modules::STORED_FILES`; the store never names a module.
pub type StoredFiles = fn(&mut DbConn) -> QueryResult<Vec<String>>;
