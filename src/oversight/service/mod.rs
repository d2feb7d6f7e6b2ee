//! The oversight module's operations (issue 17): the dashboard's tables and the quarterly extract, in
//! the user's scope (a supervisor's division subtree, a head's own institution), from aggregate queries
//! of each module's `stats` (never loading children). Every read is audited.

pub mod dashboard;
pub mod quarterly;

use crate::auth::scope::{institution_scope, InstitutionScope};
use crate::db::schema::institutions;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::org::InstitutionId;
use crate::platform::Op;
use diesel::prelude::*;

/// An institution the user oversees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub id: InstitutionId,
    pub name: String,
    pub kind: String,
    pub beds: i32,
}

/// The institutions the dashboard covers: the user's whole scope, or the one asked for (`only`), which
/// must be in it — another institution is a 404, as if it did not exist.
pub fn places(conn: &mut DbConn, op: &Op<'_>, only: Option<i64>) -> AppResult<Vec<Place>> {
    let scope = institution_scope(conn, op.user)?;
    let mut q = institutions::table
        .select((
            institutions::id,
            institutions::name,
            institutions::kind,
            institutions::bed_capacity,
        ))
        .order((institutions::code.asc(), institutions::id.asc()))
        .into_boxed();
    if let InstitutionScope::Only(ids) = &scope {
        q = q.filter(institutions::id.eq_any(ids.clone()));
    }
    if let Some(one) = only {
        q = q.filter(institutions::id.eq(InstitutionId(one)));
    }
    let rows: Vec<(InstitutionId, String, String, i32)> = q.load(conn)?;
    if only.is_some() && rows.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(rows
        .into_iter()
        .map(|(id, name, kind, beds)| Place {
            id,
            name,
            kind,
            beds,
        })
        .collect())
}

/// The ids of the places.
pub fn ids(places: &[Place]) -> Vec<InstitutionId> {
    places.iter().map(|p| p.id).collect()
}

/// Audit a view or an export of aggregate figures (no child is named; the filter is the detail).
pub fn audit(conn: &mut DbConn, op: &Op<'_>, action: &str, what: &str) -> AppResult<()> {
    crate::audit::record_alone(
        conn,
        op.now,
        op.actor,
        &crate::audit::Event::ok(action, "oversight", "-").with_detail(what),
    )?;
    Ok(())
}

// Excel import of an institution's child list (issue 17 point 5).
pub mod import;
pub mod import_file;
pub mod import_template;
// allowances (issue 17 point 3)
pub mod allowance;
// yearly duties (issue 17 point 4): filing a roster as paid, the 应退未退 comparison.
pub mod duties_overpay;
pub mod duties_refusal;
pub mod roster_filed;
// yearly duties (issue 17 point 4): the archive spot check (档案抽查, seed 002).
pub mod spot_check;
pub mod spot_check_findings;
pub mod spot_check_items;
// yearly duties (issue 17 point 4): the progress report (工作进展情况报告, seed 003).
pub mod progress_figures;
pub mod progress_report;
