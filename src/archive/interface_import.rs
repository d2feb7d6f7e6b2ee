//! The archive's interface for a bulk intake (批量导入, issue 17 point 5): the oversight module's Excel
//! import of an institution's existing child list admits every row through the **same** intake as the
//! form (`service::intake`: the form's parsing, TRF-01 and the age limit, the ID number's uniqueness,
//! the archive number, the intake entry and one audit row per child), all rows in ONE transaction.

use super::form::ChildForm;
use super::model::Child;
use super::service;
use crate::archive::ChildId;
use crate::db::schema::children;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDate;
use diesel::prelude::*;

/// What the intake said about one row: the new child, or the form's refusals per field.
pub type RowResult = Result<ChildId, FieldErrors>;

/// How a batch transaction ended.
enum Batch {
    /// Rolled back on purpose (a dry run, or the caller did not accept the results).
    Undone(Vec<RowResult>),
    Failed(AppError),
}

impl From<diesel::result::Error> for Batch {
    fn from(e: diesel::result::Error) -> Self {
        Batch::Failed(e.into())
    }
}

/// Admit every form through the intake, in one write transaction (each row in a savepoint inside it),
/// as the user of `op` into their institution. `keep` sees every row's result and decides: `true`
/// commits the good rows (the refused ones left nothing but what a refused form leaves, e.g. the ID
/// conflict notice), `false` rolls everything back (a dry run). On commit the archive's due items are
/// refreshed at once, so every imported child has its completeness task (`task.archive_incomplete`)
/// exactly as the daily pass gives a child taken in through the form.
/// `progress` hears how many rows of how many are done after each row (the import page's progress display).
/// Returns the results and whether they were committed.
pub fn admit_batch(
    conn: &mut DbConn,
    op: &Op<'_>,
    forms: &[ChildForm],
    keep: impl FnOnce(&[RowResult]) -> bool,
    progress: &dyn Fn(usize, usize),
) -> AppResult<(Vec<RowResult>, bool)> {
    let out = crate::db::write_tx(conn, |c| {
        let mut results = Vec::with_capacity(forms.len());
        for form in forms {
            results.push(service::intake(c, op, form).map_err(Batch::Failed)?);
            progress(results.len(), forms.len());
        }
        if !keep(&results) {
            return Err(Batch::Undone(results));
        }
        if results.iter().any(|r| r.is_ok()) {
            crate::jobs::refresh(c, super::MODULE_NAME, op.today, op.now)?;
        }
        Ok(results)
    });
    match out {
        Ok(results) => Ok((results, true)),
        Err(Batch::Undone(results)) => Ok((results, false)),
        Err(Batch::Failed(e)) => Err(e),
    }
}

/// A child of the user's scope with this name and birth date (a possible duplicate of an imported row):
/// the archive number only, never another institution's record (the scope decides, issue 10 point 7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    pub legal_name: String,
    pub birth_date: NaiveDate,
    pub archive_no: String,
}

/// Children in the user's scope whose name and birth date equal one of `keys`, in any status.
pub fn name_birth_matches(
    conn: &mut DbConn,
    op: &Op<'_>,
    keys: &[(String, NaiveDate)],
) -> AppResult<Vec<NameMatch>> {
    let scope = service::child_scope(conn, op.user)?;
    let mut out = Vec::new();
    // Chunks keep the IN list well under SQLite's bound-parameter limit.
    for chunk in keys.chunks(500) {
        let names: Vec<&str> = chunk.iter().map(|(n, _)| n.as_str()).collect();
        let found: Vec<Child> = children::table
            .filter(children::legal_name.eq_any(&names))
            .select(Child::as_select())
            .load(conn)?;
        out.extend(
            found
                .into_iter()
                .filter(|c| scope.contains(c.institution_id))
                .filter(|c| {
                    chunk
                        .iter()
                        .any(|(n, b)| *n == c.legal_name && *b == c.birth_date)
                })
                .map(|c| NameMatch {
                    legal_name: c.legal_name,
                    birth_date: c.birth_date,
                    archive_no: c.archive_no,
                }),
        );
    }
    Ok(out)
}
