//! The adoption pages under `/adoption`: the list (each role its own part), the placing institution's
//! marking form, the registrar's application form, and one application with its decision forms.

pub mod after;
pub mod application;
pub mod assessment;
pub mod documents;
pub mod forms;
pub mod stats;

use super::model::{self, AppState};
use super::rules::Category;
use super::views::{Line, ListPage};
use crate::auth::{Action, Role};
use crate::error::AppResult;
use crate::web::{render, Ctx, CurrentUser, State};
use actix_web::HttpResponse;

/// The placer's documents of a child (ADP-18, 登记办法 第6条、第7条) for a category, matched against the
/// archive's current documents: (document, status) in the reader's language. Shown on the list and on
/// the marking form.
pub(crate) fn placer_lines(
    c: &mut crate::db::DbConn,
    tr: &crate::platform::Catalogue,
    child: crate::archive::ChildId,
    category: Category,
    disabled: bool,
    trafficked: bool,
) -> AppResult<Vec<(String, String)>> {
    let held: Vec<String> = crate::archive::documents(c, child)?
        .into_iter()
        .filter(|d| d.superseded_by.is_none())
        .map(|d| d.doc_type)
        .collect();
    let held: Vec<&str> = held.iter().map(String::as_str).collect();
    Ok(
        crate::adoption::rules::checklist::placer_documents(category, disabled, trafficked, &held)
            .into_iter()
            .map(|n| {
                let status = match n.present {
                    Some(true) => "✓".to_string(),
                    Some(false) => format!("✗ {}", tr.t("adoption.doc_missing")),
                    None => tr.t("adoption.doc_paper").to_string(),
                };
                (
                    tr.t(&format!("adoption.doc.{}", n.code)).to_string(),
                    status,
                )
            })
            .collect(),
    )
}

/// `GET /adoption`: the placing institution sees its children marked available and the outcome of their
/// applications; the registrar the applications filed with the bureau; a supervisor those in scope.
pub async fn list(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewAdoptions)?;
    let (marked, applications) = state
        .run(&cu, move |c, op| {
            let tr = op.tr;
            let own: Vec<i64> = op.user.institution_id.map(|i| i.0).into_iter().collect();
            let (bureaus, placing): (Vec<i64>, Vec<i64>) = match op.user.role() {
                Role::Registrar => (own, Vec::new()),
                Role::Supervisor => match crate::auth::scope::institution_scope(c, op.user)? {
                    crate::auth::scope::InstitutionScope::All => (Vec::new(), Vec::new()),
                    crate::auth::scope::InstitutionScope::Only(ids) => {
                        (Vec::new(), ids.iter().map(|i| i.0).collect())
                    }
                },
                _ => (Vec::new(), own),
            };
            let mut marked = Vec::new();
            for m in model::availability_at(c, &placing)? {
                let f = crate::archive::adoption_facts(c, crate::archive::ChildId(m.child_id))?;
                let cat = Category::parse(&m.category)
                    .map(|x| x.code())
                    .unwrap_or("orphan");
                // ADP-18 from the archive's documents; FOS-24 from the archive's status and the foster
                // module's interface (the family's wish to adopt its foster child).
                let docs = placer_lines(
                    c,
                    tr,
                    crate::archive::ChildId(m.child_id),
                    Category::parse(&m.category).unwrap_or(Category::Orphan),
                    f.disabled,
                    m.trafficked,
                )?;
                marked.push(Line {
                    application: None,
                    marking: Some(m.id),
                    marking_version: m.version,
                    docs,
                    fostered: f.status == crate::archive::ChildStatus::InFosterCare,
                    wishes_to_adopt: crate::foster::interface::adoption_priority(
                        c,
                        crate::archive::ChildId(m.child_id),
                    )?
                    .map(|p| {
                        tr.tf(
                            "adoption.foster_wishes_to_adopt",
                            &[
                                ("family", &p.family_name),
                                ("caregiver", &p.caregiver_name),
                                ("since", &p.since.to_string()),
                            ],
                        )
                    }),
                    archive_no: f.archive_no,
                    name: f.name,
                    status: tr.t(&format!("adoption.category.{cat}")).to_string(),
                    date: m.notice_start.map(|d| d.to_string()).unwrap_or_default(),
                });
            }
            let mut apps = Vec::new();
            for a in model::applications_where(c, &bureaus, &placing)? {
                let f = crate::archive::adoption_facts(c, crate::archive::ChildId(a.child_id))?;
                let st = a.state().unwrap_or(AppState::Received);
                apps.push(Line {
                    application: Some(a.id),
                    marking: None,
                    marking_version: 0,
                    docs: Vec::new(),
                    fostered: false,
                    wishes_to_adopt: None,
                    archive_no: f.archive_no,
                    name: f.name,
                    status: tr.t(&format!("adoption.state.{}", st.code())).to_string(),
                    date: a.received_on.to_string(),
                });
            }
            crate::audit::record_alone(
                c,
                op.now,
                op.actor,
                &crate::audit::Event::ok("view", "adoption_list", 0),
            )?;
            Ok((marked, apps))
        })
        .await?;
    render(&ListPage {
        can_mark: cu.user.can(Action::MarkAdoptable),
        can_file: cu.user.can(Action::ManageAdoptions),
        marked,
        applications,
        ctx: Ctx::for_user(&cu),
    })
}
