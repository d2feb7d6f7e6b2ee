//! The child's archive page with its tabs (the purpose-stated view is in `purpose`).

use super::super::model::{self};
use super::super::rules::{self, CaseType};
use super::super::service::{self};
use super::super::views::*;
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct TabQuery {
    #[serde(default)]
    pub tab: String,
}

/// Everything the archive page shows, loaded in one go.
pub(crate) struct Loaded {
    child: model::Child,
    institution: String,
    docs: Vec<model::Document>,
    entries: Vec<model::Entry>,
    changes: Vec<model::Change>,
    requests: Vec<model::ArchiveRequest>,
    restrictions: Vec<model::RestrictionKind>,
    kinds: Vec<model::RestrictionKind>,
    names: Vec<(i64, String)>,
    today: NaiveDate,
    /// The user may print now: own staff, or an approved, unexpired copy request (ARC-05).
    print_ok: bool,
    /// Key facts other modules add (`crate::modules::CHILD_FACTS`), label and value.
    module_facts: Vec<(String, String)>,
    /// Panels other modules add to the overview (`crate::modules::CHILD_PANELS`).
    module_panels: Vec<crate::platform::module::ShownPanel>,
    /// Read on a module's lawful ground (ADP-26), not through the scope: no borrowing form, and the
    /// downloads and the print carry the stated purpose (`handlers::purpose`).
    pub(crate) lawful: bool,
}

/// What one tab of the archive page shows, so that a view reads only that (issue 11: the overview is
/// the page most opened, and the history, timeline and access lists are not on it).
#[derive(Clone, Copy)]
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
pub(crate) fn load_in_hop(
    c: &mut crate::db::DbConn,
    op: &crate::platform::Op<'_>,
    id: ChildId,
    parts: Parts,
    action: &'static str,
    detail: String,
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
    let subject = crate::platform::module::FactSubject {
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
    // Every view of a child's archive is audited.
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok(action, "child", id).with_detail(super::super::interface_lawful::audit_detail(
            detail,
            ground.as_ref(),
        )),
    )?;
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
    })
}

pub(crate) fn child_page(
    cu: &CurrentUser,
    l: Loaded,
    tab: &str,
    unlocked: bool,
    errors: FieldErrors,
    notice: String,
) -> ChildPage {
    let tr = cu.tr();
    // The one restriction rule (archive::sections), as the downloads and the preview use it.
    let access = crate::archive::SectionAccess::of(l.restrictions.clone(), &cu.user.role, unlocked);
    let restricted = access.restricted();
    let hidden = |section: &str| access.hides(section);
    let c = &l.child;
    // The one field-level rule: facts, history and timeline show only the fields this user sees.
    let view = crate::archive::child_view(c, &access, &cu.user.role);
    let present: Vec<String> = l
        .docs
        .iter()
        .filter(|d| d.superseded_by.is_none())
        .map(|d| d.doc_type.clone())
        .collect();
    let missing = service::missing_items(c, &present);
    let required = CaseType::parse(&c.case_type)
        .map(|t| {
            t.required_documents()
                .into_iter()
                .map(|d| RequiredDoc {
                    label: tr.t(&format!("doc.{d}")).to_string(),
                    present: present.iter().any(|p| p == d),
                })
                .collect()
        })
        .unwrap_or_default();
    let name_of = |id: i64| {
        l.names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let mut facts = key_facts(tr, &view);
    facts.extend(l.module_facts.iter().cloned());
    let sections = rules::SECTIONS
        .iter()
        .map(|s| SectionView {
            code: s.to_string(),
            label: tr.t(&format!("section.{s}")).to_string(),
            hidden: hidden(s),
            docs: if hidden(s) {
                vec![]
            } else {
                l.docs
                    .iter()
                    .filter(|d| d.section == *s)
                    .map(|d| DocLine {
                        type_label: tr.t(&format!("doc.{}", d.doc_type)).to_string(),
                        doc: d.clone(),
                    })
                    .collect()
            },
            entries: if hidden(s) {
                vec![]
            } else {
                l.entries
                    .iter()
                    .filter(|e| e.section == *s)
                    .map(|e| entry_for_display(tr, e))
                    .collect()
            },
        })
        .collect();
    let mut timeline: Vec<(NaiveDate, TimelineItem)> = Vec::new();
    for d in l.docs.iter().filter(|d| !hidden(&d.section)) {
        let date = d.doc_date.unwrap_or(d.uploaded_at.date());
        timeline.push((
            date,
            TimelineItem {
                date: date.to_string(),
                section: tr.t(&format!("section.{}", d.section)).to_string(),
                text: format!("{} · {}", tr.t("timeline.document"), d.title),
            },
        ));
    }
    for e in l.entries.iter().filter(|e| !hidden(&e.section)) {
        let text = match e.kind.as_str() {
            "intake" => tr.t("timeline.intake").to_string(),
            "discharge" => format!(
                "{} · {}",
                tr.t("timeline.discharge"),
                tr.t(&format!("discharge.{}", e.summary))
            ),
            _ => e.summary.clone(),
        };
        timeline.push((
            e.entry_date,
            TimelineItem {
                date: e.entry_date.to_string(),
                section: tr.t(&format!("section.{}", e.section)).to_string(),
                text,
            },
        ));
    }
    for ch in l.changes.iter().filter(|ch| view.shows(&ch.field)) {
        timeline.push((
            ch.changed_at.date(),
            TimelineItem {
                date: ch.changed_at.date().to_string(),
                section: tr.t("timeline.change").to_string(),
                text: field_label(tr, &ch.field),
            },
        ));
    }
    timeline.sort_by_key(|t| std::cmp::Reverse(t.0));
    let editable = c.status == model::ChildStatus::Active;
    let tab = if tab.is_empty() { "overview" } else { tab };
    let mut tabs: Vec<Tab> = ["overview", "documents", "timeline", "history", "access"]
        .iter()
        .map(|t| Tab {
            href: if *t == "overview" {
                format!("/children/{}", c.id)
            } else {
                format!("/children/{}?tab={t}", c.id)
            },
            label: tr.t(&format!("archive.tab.{t}")).to_string(),
            current: *t == tab,
        })
        .collect();
    // 代管财产 has its own page; only roles that may see amounts get the tab.
    if cu.user.can(Action::ViewCustody) {
        tabs.push(super::custody_tab(tr, c.id, false));
    }
    // Other modules' tabs (e.g. 养治教康), from the registry: the archive names no module.
    for t in crate::modules::CHILD_TABS {
        if cu.user.can(t.action) {
            tabs.push(Tab {
                href: (t.href)(i64::from(c.id)),
                label: tr.t(t.label).to_string(),
                current: false,
            });
        }
    }
    ChildPage {
        head: crate::archive::header::header(tr, c, &l.institution, l.today, !hidden("basic")),
        crumb: tabs
            .iter()
            .find(|t| t.current && tab != "overview")
            .map(|t| t.label.clone())
            .unwrap_or_default(),
        tabs,
        tab: tab.to_string(),
        facts,
        panels: l.module_panels.clone(),
        required,
        missing_fields: missing
            .fields
            .iter()
            .filter(|f| view.shows(f))
            .map(|f| field_label(tr, f))
            .collect(),
        sections,
        timeline: timeline.into_iter().map(|(_, t)| t).collect(),
        history: l
            .changes
            .iter()
            .filter(|ch| view.shows(&ch.field))
            .map(|ch| ChangeLine {
                at: crate::clock::cst_minutes(ch.changed_at),
                field_label: field_label(tr, &ch.field),
                by: name_of(ch.changed_by),
                change: ch.clone(),
            })
            .collect(),
        requests: l.requests.clone(),
        restricted,
        can_unlock: restricted && access.role_may_unlock() && !unlocked,
        unlocked,
        restriction_names: l.restrictions.iter().map(|k| k.name.clone()).collect(),
        restriction_kinds: l
            .kinds
            .iter()
            .map(|k| Choice {
                value: k.code.clone(),
                label: k.name.clone(),
            })
            .collect(),
        can_edit: editable && cu.user.can(Action::EditChild),
        can_upload: editable && cu.user.can(Action::UploadDocument),
        can_discharge: editable && cu.user.can(Action::DischargeChild),
        can_print: cu.user.can(Action::PrintArchive) && l.print_ok,
        can_restrict: cu.user.can(Action::RestrictArchive),
        // A form shown must be submittable: `request_access` needs `ViewChildren`, and a lawful reader
        // borrows nothing (the ground is the access).
        can_request: cu.user.can(Action::ViewChildren) && !l.lawful,
        lawful_query: String::new(),
        section_choices: choices(tr, "section", &rules::SECTIONS),
        doc_types: choices(tr, "doc", &rules::DOCUMENT_TYPES),
        filing_groups: filing_groups(tr),
        upload: UploadTyped::default(),
        discharge_reasons: choices(tr, "discharge", &rules::DISCHARGE_REASONS),
        errors,
        notice,
        today: l.today.to_string(),
        ctx: Ctx::for_user(cu),
        child: view,
    }
}

pub async fn show(
    state: State,
    page: crate::web::PageRequest,
    path: web::Path<ChildId>,
    q: web::Query<TabQuery>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    // One hop: the session, the permission and the archive's reads (crate::web::deferred, issue 11).
    let parts = Parts::of(&q.tab);
    let (cu, l) = page
        .run(&state, Action::OpenChildArchive, move |c, op| {
            load_in_hop(c, op, id, parts, "view", String::new())
        })
        .await?;
    render(&child_page(
        &cu,
        l,
        &q.tab,
        false,
        FieldErrors::default(),
        String::new(),
    ))
}
