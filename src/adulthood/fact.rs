//! The placing authority (安置责任主体, ADU-05) as a key fact on the child's archive page (issue 16
//! point 1: "shown on the archive too"), registered in `crate::modules::CHILD_FACTS`.

use super::service::Org;
use crate::auth::Action;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::platform::module::{ChildFact, FactSubject};
use crate::platform::Op;
use crate::policy::keys;

/// The fact as the archive asks for it.
pub const PLACING_AUTHORITY: ChildFact = ChildFact {
    label: "adulthood.authority",
    action: Action::ViewAdulthood,
    value: placing_authority,
};

/// "农安县（送养县）" for a child in care from the age the adulthood page lists young people (policy
/// `adulthood.due_from_age` of the child's division); `None` for younger children and for discharged
/// ones (a placed young adult's authority is on the adulthood page). The cheap checks come first: the
/// organisation data is read only for a child of that age.
fn placing_authority(
    conn: &mut DbConn,
    op: &Op<'_>,
    s: &FactSubject<'_>,
) -> AppResult<Option<String>> {
    if !s.in_care {
        return Ok(None);
    }
    let division = crate::org::model::holding(conn, s.institution_id)?.map(|i| i.division_id);
    let from = crate::policy::int(conn, keys::ADULTHOOD_DUE_FROM_AGE, division, op.today)?;
    if i64::from(crate::clock::age_on(s.birth_date, op.today)) < from {
        return Ok(None);
    }
    let Some(origin) = crate::archive::origins(conn, &[crate::archive::ChildId(s.child_id)])?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let org = Org::load(conn)?;
    let a = org.authority(&origin);
    Ok(Some(format!(
        "{}（{}）",
        org.division_name(a.division_id),
        op.tr.t(&format!("adulthood.basis.{}", a.basis.code()))
    )))
}
