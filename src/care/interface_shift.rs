//! For the caregiver-shift module (issue 15 point 2): the warnings a caregiver must see beside a child
//! on the round — allergies and chronic conditions (special care notes) in force. The caller has loaded
//! the child in the user's scope and decided the medical section is visible to the user.

use crate::archive::ChildId;
use crate::db::DbConn;
use diesel::QueryResult;

/// A warning about a child: an allergy (过敏) or a chronic condition (慢性病/特别护理).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareWarning {
    pub allergy: bool,
    pub text: String,
}

/// The conditions in force of a child, allergies first.
pub fn warnings(c: &mut DbConn, child: ChildId) -> QueryResult<Vec<CareWarning>> {
    let mut out: Vec<CareWarning> = super::model::conditions_of(c, child)?
        .into_iter()
        .map(|x| CareWarning {
            allergy: x.kind == super::model::ConditionKind::Allergy,
            text: x.description,
        })
        .collect();
    out.sort_by_key(|w| !w.allergy);
    Ok(out)
}
