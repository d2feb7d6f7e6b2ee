//! The child's archive page with its tabs (the purpose-stated view is in `purpose`).

use super::super::model::{self};
use super::super::rules::{self, CaseType};
use super::super::service::{self};
use super::super::views::*;
use crate::archive::ChildId;
use crate::auth::Action;
use crate::error::AppResult;
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

pub(crate) use super::child_load::{load_all, load_kept, Loaded, Parts};

pub(crate) fn child_page(
    cu: &CurrentUser,
    l: &Loaded,
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
    let tab = if tab.is_empty() { "overview" } else { tab };
    // Each tab builds only what it shows (the overview is the page most opened, issue 11).
    let sections: Vec<SectionView> = if tab != "documents" {
        Vec::new()
    } else {
        rules::SECTIONS
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
            .collect()
    };
    let mut timeline: Vec<(NaiveDate, TimelineItem)> = Vec::new();
    if tab == "timeline" {
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
    }
    let editable = c.status == model::ChildStatus::Active;
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
            .filter(|ch| tab == "history" && view.shows(&ch.field))
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
        doc_query: String::new(),
        filing_groups: filing_groups(tr),
        upload: UploadTyped::default(),
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
    let kept = state.kept_pages.clone();
    let (cu, l) = page
        .run(&state, Action::OpenChildArchive, move |c, op| {
            load_kept(c, op, &kept, id, parts)
        })
        .await?;
    render(&child_page(
        &cu,
        &l,
        &q.tab,
        false,
        FieldErrors::default(),
        String::new(),
    ))
}
