//! What other modules may ask of the foster module (家庭寄养). Everything else in `crate::foster` is
//! the module's own.
//!
//! - [`adoption_priority`] — FOS-24: a foster family that meets the adoption conditions and wishes to
//!   adopt its foster child has priority (家庭寄养管理办法, regulations.md §1.9: V-PAGE, article number
//!   UNVERIFIED). The adoption module shows it on the child's adoption pages; whether the family meets
//!   the adoption conditions (民法典 第1098条) is the adoption module's own check.
//! - An adoption registered for a placed child ends the placement by itself: the adoption module calls
//!   `crate::archive::discharge(.., "adopted", ..)` and the foster module's `CHILD_HOLD` closes the
//!   placement in the same transaction (nothing to call here).

use crate::archive::ChildId;
use crate::db::schema::{foster_families as ff, foster_placements as fp};
use crate::db::DbConn;
use chrono::NaiveDate;
use diesel::prelude::*;

/// FOS-24: the foster family of a child that wishes to adopt it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptionPriority {
    /// The family's record (`/foster/{family_id}`).
    pub family_id: i64,
    pub family_name: String,
    /// The main caregiver (主要照料人) named in the family record.
    pub caregiver_name: String,
    /// The day the family said it wishes to adopt.
    pub since: NaiveDate,
}

/// FOS-24: the family the child is placed with, when it has said it wishes to adopt the child;
/// `None` when the child is not placed or the family has not said so. The caller has already
/// checked that the user may see the child (e.g. `crate::archive::load_in_scope`); no audit row is
/// written here (the caller's page view is audited).
pub fn adoption_priority(
    conn: &mut DbConn,
    child: ChildId,
) -> QueryResult<Option<AdoptionPriority>> {
    let row: Option<(i64, Option<NaiveDate>, String, String)> = fp::table
        .inner_join(ff::table)
        .filter(fp::open_child_id.eq(child.0))
        .select((
            fp::family_id,
            fp::wishes_to_adopt_on,
            ff::family_name,
            ff::caregiver_name,
        ))
        .first(conn)
        .optional()?;
    Ok(
        row.and_then(|(family_id, since, family_name, caregiver_name)| {
            since.map(|since| AdoptionPriority {
                family_id,
                family_name,
                caregiver_name,
                since,
            })
        }),
    )
}
