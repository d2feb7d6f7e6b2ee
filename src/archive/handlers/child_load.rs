//! Loading what the archive page shows: only the parts its tab needs (issue 11), in one database hop.

use super::super::model::{self};

use super::super::service::{self};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::error::{AppError, AppResult};
use crate::web::{CurrentUser, State};
use chrono::NaiveDate;

/// Everything the archive page shows, loaded in one go.
pub(crate) struct Loaded {
    pub(crate) child: model::Child,
    pub(crate) institution: String,
    pub(crate) docs: Vec<model::Document>,
    pub(crate) entries: Vec<model::Entry>,
    pub(crate) changes: Vec<model::Change>,
    pub(crate) requests: Vec<model::ArchiveRequest>,
    pub(crate) restrictions: Vec<model::RestrictionKind>,
    pub(crate) kinds: Vec<model::RestrictionKind>,
    pub(crate) names: Vec<(i64, String)>,
    pub(crate) today: NaiveDate,
    /// The user may print now: own staff, or an approved, unexpired copy request (ARC-05).
    pub(crate) print_ok: bool,
    /// Key facts other modules add (`crate::modules::CHILD_FACTS`), label and value.
    pub(crate) module_facts: Vec<(String, String)>,
    /// Panels other modules add to the overview (`crate::modules::CHILD_PANELS`).
    pub(crate) module_panels: Vec<crate::platform::module::ShownPanel>,
    /// Read on a module's lawful ground (ADP-26), not through the scope: no borrowing form, and the
    /// downloads and the print carry the stated purpose (`handlers::purpose`).
    pub(crate) lawful: bool,
    /// That ground, named in the view's audit row.
    ground: Option<crate::archive::LawfulGround>,
}

/// What one tab of the archive page shows, so that a view reads only that (issue 11: the overview is
/// the page most opened, and the history, timeline and access lists are not on it).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Parts {
    entries: bool,
    changes: bool,
    names: bool,
    requests: bool,
    /// Key facts and panels of other modules, and the restriction kinds (the overview's form).
    overview: bool,
}

impl Parts {
    pub(crate) fn of(tab: &str) -> Self {
        let none = Parts {
            entries: false,
            changes: false,
            names: false,
            requests: false,
            overview: false,
        };
        match tab {
            // The documents tab lists each section's documents and entries.
            "documents" => Parts {
                entries: true,
                ..none
            },
            "timeline" => Parts {
                entries: true,
                changes: true,
                ..none
            },
            "history" => Parts {
                changes: true,
                names: true,
                ..none
            },
            "access" => Parts {
                requests: true,
                ..none
            },
            _ => Parts {
                overview: true,
                ..none
            },
        }
    }
}

pub(crate) async fn load_all(
    state: &State,
    cu: &CurrentUser,
    id: ChildId,
    tab: &str,
    action: &'static str,
    detail: String,
) -> AppResult<Loaded> {
    let parts = Parts::of(tab);
    state
        .run(&cu, move |c, op| {
            load_in_hop(c, op, id, parts, action, detail)
        })
        .await
}

/// Everything the archive page shows of one child, read with the caller's connection (and the view
/// audited): `load_all`'s work, also run in the same hop as the session check by `show`.
fn load_in_hop(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    id: ChildId,
    parts: Parts,
    action: &'static str,
    detail: String,
) -> AppResult<Loaded> {
    let l = read(c, op, id, parts)?;
    audit_view(c, op, id, action, detail, &l)?;
    Ok(l)
}

/// The archive page as `show` opens it: the reads kept in `kept` (`AppState::kept_pages`) for this
/// reader, child, tab, language, day and minute while the data version stands — a write anywhere
/// (`db::version`) makes the next view read afresh — and the view audited every time (issue 11,
/// docs/decisions.md "Kept archive pages and list rows"). The minute is in the key because the appointments panel
/// shows what is still to come at this minute; the reader is, because the scope, the restrictions'
/// roles, a lawful ground and the print approval are the reader's own.
pub(crate) fn load_kept(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    kept: &crate::platform::figures::KeptFigures,
    id: ChildId,
    parts: Parts,
) -> AppResult<std::sync::Arc<Loaded>> {
    let key = format!(
        "archive-page:{}:{}:{parts:?}:{}:{}",
        op.user.id,
        id,
        op.tr.lang.code(),
        op.now.format("%Y%m%d%H%M")
    );
    let l = kept.get_or_compute(c, key, op.today, |c| read(c, op, id, parts))?;
    audit_view(c, op, id, "view", String::new(), &l)?;
    Ok(l)
}

/// Every view of a child's archive is audited (with the lawful ground it was read on, if any).
fn audit_view(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    id: ChildId,
    action: &'static str,
    detail: String,
    l: &Loaded,
) -> AppResult<()> {
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok(action, "child", id).with_detail(super::super::interface_lawful::audit_detail(
            detail,
            l.ground.as_ref(),
        )),
    )?;
    Ok(())
}

/// What the page shows of one child, through the reader's scope or a lawful ground; writes nothing.
fn read(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    id: ChildId,
    parts: Parts,
) -> AppResult<Loaded> {
    // The scope, or a module's lawful ground (issue 13 point 5, ADP-26): archive::interface_lawful.
    let (child, ground) = super::super::interface_lawful::load_child(c, op.user, id, op.today)?;
    let inst = crate::org::model::holding(c, child.institution_id)?
        .map(|i| i.name)
        .unwrap_or_default();
    let docs = model::documents(c, id)?;
    let entries = if parts.entries {
        model::entries(c, id)?
    } else {
        Vec::new()
    };
    let changes = if parts.changes {
        model::changes(c, id)?
    } else {
        Vec::new()
    };
    // Others' borrowing requests are not a lawful ground's business.
    let requests = if parts.requests && ground.is_none() {
        model::requests_for_child(c, id)?
    } else {
        Vec::new()
    };
    let restrictions = super::super::interface_lawful::restrictions_for(
        model::active_restrictions(c, id)?,
        ground.as_ref(),
        &op.user.role,
        ground.as_ref().map_or("", |g| op.tr.t(g.label)),
    );
    let kinds = if parts.overview {
        model::restriction_kinds(c)?
    } else {
        Vec::new()
    };
    let print_ok =
        match service::approval_for(c, op.user, &child, model::ArchiveUse::Print, op.today) {
            Ok(_) => true,
            Err(AppError::Forbidden) => false,
            Err(e) => return Err(e),
        };
    let names = if !parts.names {
        Vec::new()
    } else {
        use crate::db::schema::users;
        use diesel::prelude::*;
        // Only the people named in this child's history.
        let ids: Vec<i64> = changes.iter().map(|ch| ch.changed_by).collect();
        users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::display_name))
            .load(c)?
    };
    // Read through the reader's scope (no lawful ground): the modules' panels take the child and the
    // section access from here instead of reading them again (issue 11).
    let access = crate::archive::SectionAccess::of(restrictions.clone(), &op.user.role, false);
    let subject = crate::platform::module::FactSubject {
        in_scope: ground
            .is_none()
            .then_some(crate::platform::module::ScopedChild {
                child: &child,
                access: &access,
            }),
        child_id: i64::from(child.id),
        birth_date: child.birth_date,
        institution_id: child.institution_id,
        in_care: matches!(
            child.status,
            crate::archive::ChildStatus::Active | crate::archive::ChildStatus::InFosterCare
        ),
    };
    let mut module_facts = Vec::new();
    for f in crate::modules::CHILD_FACTS {
        if parts.overview && op.user.can(f.action) {
            if let Some(v) = (f.value)(c, op, &subject)? {
                module_facts.push((op.tr.t(f.label).to_string(), v));
            }
        }
    }
    let mut module_panels = Vec::new();
    for p in crate::modules::CHILD_PANELS {
        if parts.overview && op.user.can(p.action) {
            if let Some(lines) = (p.lines)(c, op, &subject)? {
                module_panels.push(crate::platform::module::ShownPanel {
                    id: p.id,
                    title: op.tr.t(p.label).to_string(),
                    href: (p.href)(subject.child_id),
                    open: op.tr.t(p.open).to_string(),
                    lines,
                });
            }
        }
    }
    Ok(Loaded {
        child,
        institution: inst,
        docs,
        entries,
        changes,
        requests,
        restrictions,
        kinds,
        names,
        today: op.today,
        print_ok,
        module_facts,
        module_panels,
        lawful: ground.is_some(),
        ground,
    })
}
