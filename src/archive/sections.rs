//! Which sections of a child's archive a user may see (分区限制). The one place the restriction rule
//! lives: the archive page, document downloads and the receiver's transfer preview all ask here.
//!
//! Rule: a section is hidden when any active restriction on the child names it (收养保密, 民法典
//! 第1110条, hides 入院/社会工作/离院), unless every active restriction allows the user's role *and*
//! the user has opened the restricted view with a stated purpose (audited). Anyone else — another
//! role, a download, the receiving side of a transfer — never sees a hidden section.

use super::model::{self, ChildId, RestrictionKind};
use super::rules::SECTIONS;
use crate::auth::Role;
use crate::db::DbConn;
use diesel::QueryResult;

/// The same rule for the fields of the record (字段级): `ChildView` and the field→section map.
mod fields;
pub use fields::*;

/// What one user may see of one child's archive.
#[derive(Debug, Clone)]
pub struct SectionAccess {
    kinds: Vec<RestrictionKind>,
    role_allowed: bool,
    unlocked: bool,
}

impl SectionAccess {
    /// Pure: the access given the child's active restrictions, the user's role code and whether the
    /// purpose-stated restricted view is open.
    pub fn of(kinds: Vec<RestrictionKind>, role: &Role, unlocked: bool) -> SectionAccess {
        let role_allowed = kinds.iter().all(|k| k.allows(role));
        SectionAccess {
            kinds,
            role_allowed,
            unlocked,
        }
    }
    /// The access of an output that never opens the purpose-stated view, whoever reads it (the
    /// transfer checklist, its API and the handover list both institutions sign).
    pub fn locked(kinds: Vec<RestrictionKind>) -> SectionAccess {
        SectionAccess {
            kinds,
            role_allowed: false,
            unlocked: false,
        }
    }
    /// Any restriction is active on the archive.
    pub fn restricted(&self) -> bool {
        !self.kinds.is_empty()
    }
    /// Every active restriction allows this role to open the restricted view (with a purpose).
    pub fn role_may_unlock(&self) -> bool {
        self.role_allowed
    }
    /// The restricted view is open now.
    pub fn unlocked(&self) -> bool {
        self.unlocked && self.role_allowed
    }
    /// Whether `section` is hidden from this user now.
    pub fn hides(&self, section: &str) -> bool {
        self.kinds.iter().any(|k| k.hides(section)) && !(self.role_allowed && self.unlocked)
    }
    /// The hidden sections, in the archive's order.
    pub fn hidden_sections(&self) -> Vec<String> {
        SECTIONS
            .iter()
            .filter(|s| self.hides(s))
            .map(|s| s.to_string())
            .collect()
    }
    /// The active restriction kinds (names are shown to staff who may see the archive).
    pub fn kinds(&self) -> &[RestrictionKind] {
        &self.kinds
    }
}

/// The access of `role` to child `child_id`'s archive (one query of the active restrictions).
pub fn section_access(
    conn: &mut DbConn,
    child_id: ChildId,
    role: &Role,
    unlocked: bool,
) -> QueryResult<SectionAccess> {
    Ok(SectionAccess::of(
        model::active_restrictions(conn, child_id)?,
        role,
        unlocked,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    fn kind(hidden: &str, roles: &str) -> RestrictionKind {
        RestrictionKind {
            id: 1,
            code: "k".into(),
            name: "k".into(),
            hidden_sections: hidden.into(),
            allowed_roles: roles.into(),
            created_at: chrono::NaiveDateTime::default(),
        }
    }
    #[test]
    fn unrestricted_hides_nothing() {
        let a = SectionAccess::of(vec![], &Role::Caregiver, false);
        assert!(!a.restricted());
        assert!(a.hidden_sections().is_empty());
    }
    #[test]
    fn hidden_until_an_allowed_role_unlocks() {
        let k = || vec![kind("intake,discharge", "head,social-worker")];
        let head = SectionAccess::of(k(), &Role::Head, false);
        assert!(head.hides("intake") && head.hides("discharge") && !head.hides("basic"));
        assert!(head.role_may_unlock());
        assert!(SectionAccess::of(k(), &Role::Head, true)
            .hidden_sections()
            .is_empty());
        // A role the restriction does not allow stays out, unlocked or not.
        let carer = SectionAccess::of(k(), &Role::Caregiver, true);
        assert!(!carer.role_may_unlock() && carer.hides("intake") && !carer.unlocked());
    }
    #[test]
    fn every_restriction_must_allow_the_role() {
        let a = SectionAccess::of(
            vec![kind("intake", "head"), kind("medical", "medical")],
            &Role::Head,
            true,
        );
        assert!(!a.role_may_unlock());
        assert_eq!(a.hidden_sections(), vec!["intake", "medical"]);
    }
}
