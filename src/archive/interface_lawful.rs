//! Lawful reads (依法查阅): a user outside the institution scope opens one child's archive page because a
//! module holds a lawful ground for it — the adoption registrar of the bureau handling an adoption of
//! that child (民法典 第1110条 收养保密, ADP-26: the secret archive is opened by the head and the
//! registrar with a stated purpose).
//!
//! The archive names no module: modules register a [`LawfulRead`] in `crate::modules::LAWFUL_READS`,
//! and the archive asks them only when its normal scope refuses. Without a ground the answer is the
//! scope's 404, the same for every id (no leak). With one, the reader sees exactly what a
//! purpose-stated view allows:
//!
//! - every section is hidden until a purpose is stated (the ground is shown as a restriction that
//!   hides all sections and lets only this reader's role open it), and then the sections every active
//!   restriction lets the reader's role open (the secrecy kind allows `head,registrar`);
//! - nothing else: no edit, upload, download, print, request or list — those paths keep the scope and
//!   the permission matrix, so they stay 403/404 as before;
//! - every view is audited with the ground and, once stated, the purpose.

use super::interface::{load_for_law, LawfulAccess};
use super::model::{Child, ChildId, RestrictionKind};
use super::rules::SECTIONS;
use crate::auth::model::User;
use crate::auth::Action;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;

/// Why a user outside the scope may read one child's archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawfulGround {
    /// The module holding the ground (audit detail).
    pub module: &'static str,
    /// Catalogue key of the ground's name shown on the page (e.g. "adoption.lawful.ground").
    pub label: &'static str,
    /// The record the ground rests on, as the user recognises it (e.g. "申请 #12 / application #12").
    pub reference: String,
}

/// A module's lawful ground to read a child's archive: `Ok(None)` when it has none for this user,
/// child and day. Must not write.
pub type LawfulGroundFn =
    fn(&mut DbConn, &User, ChildId, NaiveDate) -> AppResult<Option<LawfulGround>>;

/// One registration in `crate::modules::LAWFUL_READS`.
pub struct LawfulRead {
    pub module: &'static str,
    pub ground: LawfulGroundFn,
}

/// The child for the archive page: within the user's scope (no ground), or on a registered lawful
/// ground when the scope refuses; otherwise 404. Users who cannot read archives (`ViewChildren`) never
/// reach a child through the scope, only through a ground.
pub fn load_child(
    conn: &mut DbConn,
    user: &User,
    id: ChildId,
    today: NaiveDate,
) -> AppResult<(Child, Option<LawfulGround>)> {
    if user.can(Action::ViewChildren) {
        match super::service::load(conn, user, id) {
            Ok(child) => return Ok((child, None)),
            Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    for r in crate::modules::LAWFUL_READS {
        if let Some(g) = (r.ground)(conn, user, id, today)? {
            let child = load_for_law(conn, id, LawfulAccess::RegisteredGround)?;
            return Ok((child, Some(g)));
        }
    }
    Err(AppError::NotFound)
}

/// The restrictions the page applies: the child's own, plus, on a lawful ground, one that hides every
/// section until the reader states a purpose (and lets only the reader's role open it).
pub fn restrictions_for(
    mut kinds: Vec<RestrictionKind>,
    ground: Option<&LawfulGround>,
    role: &crate::auth::Role,
    name: &str,
) -> Vec<RestrictionKind> {
    if let Some(g) = ground {
        kinds.push(RestrictionKind {
            id: 0,
            code: format!("lawful-{}", g.module),
            name: format!("{name} · {}", g.reference),
            hidden_sections: SECTIONS.join(","),
            allowed_roles: role.code().to_string(),
            created_at: chrono::NaiveDateTime::default(),
        });
    }
    kinds
}

/// The audit detail of a view: the caller's detail (e.g. the purpose) and the ground, if any.
pub fn audit_detail(detail: String, ground: Option<&LawfulGround>) -> String {
    match ground {
        None => detail,
        Some(g) if detail.is_empty() => format!("lawful ground: {} {}", g.module, g.reference),
        Some(g) => format!("{detail}; lawful ground: {} {}", g.module, g.reference),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    #[test]
    fn a_ground_hides_every_section_until_a_purpose_and_only_for_the_reader() {
        let g = LawfulGround {
            module: "adoption",
            label: "adoption.lawful.ground",
            reference: "#1".into(),
        };
        let reg = Role::Registrar;
        let kinds = restrictions_for(vec![], Some(&g), &reg, "x");
        let locked = crate::archive::SectionAccess::of(kinds.clone(), &Role::Registrar, false);
        assert!(SECTIONS.iter().all(|s| locked.hides(s)));
        assert!(locked.role_may_unlock());
        let open = crate::archive::SectionAccess::of(kinds.clone(), &Role::Registrar, true);
        assert!(open.hidden_sections().is_empty());
        // No ground: nothing added.
        assert!(restrictions_for(vec![], None, &reg, "x").is_empty());
        assert_eq!(audit_detail("p".into(), None), "p");
        assert_eq!(
            audit_detail("purpose: p".into(), Some(&g)),
            "purpose: p; lawful ground: adoption #1"
        );
    }
}
