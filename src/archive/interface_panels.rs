//! The archive's interface for the panels and facts other modules add to the child's archive page
//! (`crate::modules::CHILD_PANELS`, `CHILD_FACTS`).

use super::{load_in_scope, Child, ChildId, SectionAccess};
use crate::auth::model::User;
use crate::db::DbConn;
use crate::error::AppResult;

/// The child a module's panel or fact on the archive page is about, and the reader's section access:
/// the page's own when it read the child through the reader's scope, read again (scope checked, 404
/// outside it) when it read on a lawful ground. Saves each panel a read of the child's 64 columns and
/// its restrictions on every view (issue 11).
pub fn subject_in_scope<'a>(
    conn: &mut DbConn,
    user: &User,
    s: &crate::platform::module::FactSubject<'a>,
) -> AppResult<(
    std::borrow::Cow<'a, Child>,
    std::borrow::Cow<'a, SectionAccess>,
)> {
    use std::borrow::Cow;
    if let Some(sc) = s.in_scope {
        return Ok((Cow::Borrowed(sc.child), Cow::Borrowed(sc.access)));
    }
    let id = ChildId(s.child_id);
    let child = load_in_scope(conn, user, id)?;
    let access = crate::archive::section_access(conn, id, &user.role, false)?;
    Ok((Cow::Owned(child), Cow::Owned(access)))
}
