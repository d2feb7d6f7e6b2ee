//! Data scopes: which rows of each resource a user may see. One function per resource; handlers never
//! filter by hand. A row outside the scope answers 404, as if it did not exist.

use super::model::User;
use super::permissions::Role;
use crate::db::schema::{divisions, institutions};
use crate::db::DbConn;
use diesel::prelude::*;

/// The institutions a user may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstitutionScope {
    All,
    Only(Vec<crate::org::InstitutionId>),
}

impl InstitutionScope {
    pub fn contains(&self, id: crate::org::InstitutionId) -> bool {
        match self {
            InstitutionScope::All => true,
            InstitutionScope::Only(ids) => ids.contains(&id),
        }
    }
}

/// The division and every division below it (province → city → county).
pub fn division_subtree(conn: &mut DbConn, root: i64) -> QueryResult<Vec<i64>> {
    let mut all = vec![root];
    let mut frontier = vec![root];
    while !frontier.is_empty() {
        let next: Vec<i64> = divisions::table
            .filter(divisions::parent_id.eq_any(&frontier))
            .select(divisions::id)
            .load(conn)?;
        all.extend(&next);
        frontier = next;
    }
    Ok(all)
}

/// Admin: all. Supervisor: every institution in their division's subtree. Everyone else: their own.
pub fn institution_scope(conn: &mut DbConn, user: &User) -> QueryResult<InstitutionScope> {
    match user.role() {
        Role::Admin => Ok(InstitutionScope::All),
        Role::Supervisor => {
            let Some(div) = user.division_id else {
                return Ok(InstitutionScope::Only(vec![]));
            };
            let divs = division_subtree(conn, div)?;
            let ids = institutions::table
                .filter(institutions::division_id.eq_any(divs))
                .select(institutions::id)
                .load(conn)?;
            Ok(InstitutionScope::Only(ids))
        }
        _ => Ok(InstitutionScope::Only(
            user.institution_id.into_iter().collect(),
        )),
    }
}
