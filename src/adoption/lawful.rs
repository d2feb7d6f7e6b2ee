//! The registrar's lawful read of a child's archive (issue 13 point 5; ADP-26, 民法典 第1110条 收养保密:
//! the secret archive is opened by the head and the adoption registrar, with a stated purpose).
//!
//! Registered in `crate::modules::LAWFUL_READS`; the archive asks it only when its own scope refuses
//! (`archive::interface_lawful`). The ground: the user is a registrar and **their own bureau** handles
//! an adoption of this child — an application received on or before the day that is under review
//! (received, integration) or registered. A refused application, a dissolved or revoked adoption, or
//! another bureau's application gives no ground (decision in docs/adoption.md).

use crate::archive::{ChildId, LawfulGround, LawfulRead};
use crate::auth::model::User;
use crate::auth::Role;
use crate::db::schema::adoption_applications as a;
use crate::db::DbConn;
use crate::error::AppResult;
use chrono::NaiveDate;
use diesel::prelude::*;

/// The registration (see `crate::modules::LAWFUL_READS`).
pub const LAWFUL_READ: LawfulRead = LawfulRead {
    module: super::MODULE_NAME,
    ground,
};

/// The application states in which the bureau is handling the child's adoption.
const HANDLING: [super::model::AppState; 3] = [
    super::model::AppState::Received,
    super::model::AppState::Integration,
    super::model::AppState::Registered,
];

/// The ground, if `user` is the registrar of a bureau handling an adoption of `child` on `on`.
pub fn ground(
    conn: &mut DbConn,
    user: &User,
    child: ChildId,
    on: NaiveDate,
) -> AppResult<Option<LawfulGround>> {
    let Some(bureau) = user.institution_id.filter(|_| user.role == Role::Registrar) else {
        return Ok(None);
    };
    let found: Option<i64> = a::table
        .filter(a::child_id.eq(i64::from(child)))
        .filter(a::bureau_id.eq(i64::from(bureau)))
        .filter(a::state.eq_any(HANDLING.iter().map(|s| s.code())))
        .filter(a::received_on.le(on))
        .select(a::id)
        .order(a::id.desc())
        .first(conn)
        .optional()?;
    Ok(found.map(|id| LawfulGround {
        module: super::MODULE_NAME,
        label: "adoption.lawful.ground",
        reference: format!("#{id}"),
    }))
}
