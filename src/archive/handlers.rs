//! Archive pages: list and search, intake, the archive with its sections, timeline and history, edits,
//! documents, discharge, restricted views, borrowing requests, the data-quality page and print.

use super::form::{ChildForm, ALLOWANCE_CATEGORIES, HUKOU_STATUSES};
use super::model::{self, ChildFields, ChildFilter};
use super::rules::{self, CaseType};
use super::service::{self, EditOutcome};
use super::views::*;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
use crate::web::{redirect, render, render_status, Ctx, CurrentUser, State};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

fn query_string(f: &ChildFilter, page: i64) -> String {
    let pairs = [
        ("q", f.q.clone().unwrap_or_default()),
        ("status", f.status.clone().unwrap_or_default()),
        ("category", f.category.clone().unwrap_or_default()),
        ("age_band", f.age_band.clone().unwrap_or_default()),
        ("sort", f.sort.clone().unwrap_or_default()),
        ("page", page.to_string()),
    ];
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

pub async fn list(
    state: State,
    cu: CurrentUser,
    q: web::Query<ChildFilter>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let f = q.into_inner();
    let (user, f2, actor) = (cu.user.clone(), f.clone(), cu.actor());
    let (rows, total, today) = state
        .db(move |c, st| {
            let today = st.clock.today();
            let sc = service::child_scope(c, &user)?;
            let (rows, total) = model::search(c, &sc, &f2, today)?;
            audit::record_alone(
                c,
                st.clock.now(),
                &actor,
                &Event::ok("view_list", "child", "-").with_detail(format!("{} rows", rows.len())),
            )?;
            Ok((rows, total, today))
        })
        .await?;
    let tr = cu.tr();
    let pages = ((total + f.per_page() - 1) / f.per_page()).max(1);
    render(&ListPage {
        rows: rows
            .into_iter()
            .map(|c| ListRow {
                age: crate::clock::age_on(c.birth_date, today),
                class_label: tr.t(&format!("category.{}", c.intake_category)).to_string(),
                sex_label: tr.t(&format!("sex.{}", c.sex)).to_string(),
                status_label: tr.t(&format!("status.{}", c.status)).to_string(),
                child: c,
            })
            .collect(),
        total,
        page: f.page(),
        pages,
        q: f.q.clone().unwrap_or_default(),
        status: f.status.clone().unwrap_or_else(|| "active".into()),
        category: f.category.clone().unwrap_or_default(),
        age_band: f.age_band.clone().unwrap_or_default(),
        sort: f.sort.clone().unwrap_or_default(),
        bands: rules::AGE_BANDS.iter().map(|b| b.0).collect(),
        classes: vec!["A", "B", "C", "D", "E"],
        count_text: tr.tf("archive.count", &[("n", &total.to_string())]),
        page_text: tr.tf(
            "archive.page_of",
            &[
                ("page", &f.page().to_string()),
                ("pages", &pages.to_string()),
            ],
        ),
        prev_query: query_string(&f, (f.page() - 1).max(1)),
        next_query: query_string(&f, f.page() + 1),
        can_admit: cu.user.can(Action::AdmitChild),
        ctx: Ctx::for_user(&cu),
    })
}

fn intake_page(
    cu: &CurrentUser,
    form: ChildForm,
    errors: FieldErrors,
    today: NaiveDate,
    revised_from: NaiveDate,
    editing: Option<i64>,
) -> IntakePage {
    let tr = cu.tr();
    let intake_day =
        NaiveDate::parse_from_str(form.intake_date.trim(), "%Y-%m-%d").unwrap_or(today);
    let cats: Vec<&str> = rules::categories_on(intake_day, revised_from)
        .iter()
        .map(|c| c.code())
        .collect();
    let cases: Vec<&str> = rules::ALL_CASE_TYPES.iter().map(|c| c.code()).collect();
    IntakePage {
        categories: choices(tr, "category", &cats),
        case_types: choices(tr, "case", &cases),
        hukou: choices(tr, "hukou", &HUKOU_STATUSES),
        allowances: choices(tr, "allowance", &ALLOWANCE_CATEGORIES),
        required_docs: rules::ALL_CASE_TYPES
            .iter()
            .map(|c| {
                (
                    tr.t(&format!("case.{}", c.code())).to_string(),
                    c.required_documents()
                        .iter()
                        .map(|d| tr.t(&format!("doc.{d}")).to_string())
                        .collect(),
                )
            })
            .collect(),
        action: editing
            .map(|id| format!("/children/{id}"))
            .unwrap_or_else(|| "/children".into()),
        editing: editing.is_some(),
        form,
        errors,
        ctx: Ctx::for_user(cu),
    }
}

async fn revised_from(state: &State, cu: &CurrentUser) -> AppResult<(NaiveDate, NaiveDate)> {
    let inst = cu.user.institution_id;
    state
        .db(move |c, st| {
            let today = st.clock.today();
            let div = match inst {
                Some(i) => crate::org::model::find_in_scope(
                    c,
                    &crate::auth::scope::InstitutionScope::All,
                    i,
                )?
                .map(|x| x.division_id),
                None => None,
            };
            Ok((
                today,
                crate::policy::date(c, "intake.revised_categories_from", div, today)?,
            ))
        })
        .await
}

pub async fn new_form(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::AdmitChild)?;
    let (today, rev) = revised_from(&state, &cu).await?;
    let form = ChildForm {
        intake_date: today.to_string(),
        ethnicity: "汉族".into(),
        hukou_status: "pending".into(),
        allowance_category: "orphan-institution".into(),
        guardian_department: String::new(),
        ..Default::default()
    };
    render(&intake_page(
        &cu,
        form,
        FieldErrors::default(),
        today,
        rev,
        None,
    ))
}

pub async fn create(
    state: State,
    cu: CurrentUser,
    form: web::Form<ChildForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::AdmitChild)?;
    let form = form.into_inner();
    let (f2, user, actor, tr) = (form.clone(), cu.user.clone(), cu.actor(), cu.tr());
    let r = state
        .db(move |c, st| {
            service::intake(
                c,
                &service::Op::now(tr, &user, &actor, st.clock.as_ref()),
                &f2,
            )
        })
        .await?;
    match r {
        Ok(id) => Ok(redirect(&format!("/children/{id}"))),
        Err(errors) => {
            let (today, rev) = revised_from(&state, &cu).await?;
            render_status(
                &intake_page(&cu, form, errors, today, rev, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

#[derive(Deserialize, Default)]
pub struct TabQuery {
    #[serde(default)]
    pub tab: String,
}

/// Everything the archive page shows, loaded in one go.
struct Loaded {
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
}

async fn load_all(
    state: &State,
    cu: &CurrentUser,
    id: i64,
    action: &'static str,
    detail: String,
) -> AppResult<Loaded> {
    let (user, actor) = (cu.user.clone(), cu.actor());
    state
        .db(move |c, st| {
            let child = service::load(c, &user, id)?;
            let inst = crate::org::model::find_in_scope(
                c,
                &crate::auth::scope::InstitutionScope::All,
                child.institution_id,
            )?
            .map(|i| i.name)
            .unwrap_or_default();
            let docs = model::documents(c, id)?;
            let entries = model::entries(c, id)?;
            let changes = model::changes(c, id)?;
            let requests = model::requests_for_child(c, id)?;
            let restrictions = model::active_restrictions(c, id)?;
            let kinds = model::restriction_kinds(c)?;
            let names = {
                use crate::db::schema::users;
                use diesel::prelude::*;
                // Only the people named in this child's history.
                let ids: Vec<i64> = changes.iter().map(|ch| ch.changed_by).collect();
                users::table
                    .filter(users::id.eq_any(ids))
                    .select((users::id, users::display_name))
                    .load(c)?
            };
            // Every view of a child's archive is audited.
            audit::record_alone(
                c,
                st.clock.now(),
                &actor,
                &Event::ok(action, "child", id).with_detail(detail),
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
                today: st.clock.today(),
            })
        })
        .await
}

fn child_page(
    cu: &CurrentUser,
    l: Loaded,
    tab: &str,
    unlocked: bool,
    errors: FieldErrors,
    notice: String,
) -> ChildPage {
    let tr = cu.tr();
    let role = cu.user.role.clone();
    let restricted = !l.restrictions.is_empty();
    let allowed = l.restrictions.iter().all(|k| k.allows(&role));
    let hidden =
        |section: &str| l.restrictions.iter().any(|k| k.hides(section)) && !(allowed && unlocked);
    let c = &l.child;
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
    let facts = key_facts(tr, c);
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
                    .cloned()
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
    for ch in &l.changes {
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
    let editable = c.status == model::ACTIVE;
    ChildPage {
        institution: l.institution.clone(),
        age: crate::clock::age_on(c.birth_date, l.today),
        tab: if tab.is_empty() {
            "overview".into()
        } else {
            tab.to_string()
        },
        facts,
        required,
        missing_fields: missing.fields.iter().map(|f| field_label(tr, f)).collect(),
        sections,
        timeline: timeline.into_iter().map(|(_, t)| t).collect(),
        history: l
            .changes
            .iter()
            .map(|ch| ChangeLine {
                at: crate::clock::cst_minutes(ch.changed_at),
                field_label: field_label(tr, &ch.field),
                by: name_of(ch.changed_by),
                change: ch.clone(),
            })
            .collect(),
        requests: l.requests.clone(),
        restricted,
        can_unlock: restricted && allowed && !unlocked,
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
        can_print: cu.user.can(Action::PrintArchive),
        can_restrict: cu.user.can(Action::RestrictArchive),
        section_choices: choices(tr, "section", &rules::SECTIONS),
        doc_types: choices(tr, "doc", &rules::DOCUMENT_TYPES),
        discharge_reasons: choices(tr, "discharge", &rules::DISCHARGE_REASONS),
        errors,
        notice,
        today: l.today.to_string(),
        ctx: Ctx::for_user(cu),
        child: l.child,
    }
}

pub async fn show(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    q: web::Query<TabQuery>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let l = load_all(&state, &cu, path.into_inner(), "view", String::new()).await?;
    render(&child_page(
        &cu,
        l,
        &q.tab,
        false,
        FieldErrors::default(),
        String::new(),
    ))
}

#[derive(Deserialize)]
pub struct PurposeForm {
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub tab: String,
}

/// A restricted archive's hidden sections, for an allowed role that states a purpose (audited).
pub async fn restricted_view(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<PurposeForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let id = path.into_inner();
    let purpose: String = form
        .purpose
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if purpose.is_empty() {
        let l = load_all(&state, &cu, id, "view", String::new()).await?;
        let mut e = FieldErrors::default();
        e.add("purpose", cu.tr().t("err.purpose_required"));
        return render_status(
            &child_page(&cu, l, &form.tab, false, e, String::new()),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    // Only the roles every active restriction allows may see the hidden sections; a refused attempt is audited.
    let (user, actor) = (cu.user.clone(), cu.actor());
    let allowed = state
        .db(move |c, st| {
            service::load(c, &user, id)?;
            let ok = model::active_restrictions(c, id)?
                .iter()
                .all(|k| k.allows(&user.role));
            if !ok {
                audit::record_alone(
                    c,
                    st.clock.now(),
                    &actor,
                    &Event::ok("view_restricted", "child", id).with_outcome("denied"),
                )?;
            }
            Ok(ok)
        })
        .await?;
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let l = load_all(
        &state,
        &cu,
        id,
        "view_restricted",
        format!("purpose: {purpose}"),
    )
    .await?;
    render(&child_page(
        &cu,
        l,
        &form.tab,
        true,
        FieldErrors::default(),
        String::new(),
    ))
}

pub async fn edit_form(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    cu.require(Action::EditChild)?;
    let id = path.into_inner();
    let user = cu.user.clone();
    let child = state.db(move |c, _| service::load(c, &user, id)).await?;
    if child.status != model::ACTIVE {
        return Err(AppError::bad(
            "archive_closed",
            cu.tr().t("err.archive_closed"),
        ));
    }
    let (today, rev) = revised_from(&state, &cu).await?;
    let mut form = ChildForm::from_fields(&ChildFields::from_child(&child));
    form.version = child.version.to_string();
    render(&intake_page(
        &cu,
        form,
        FieldErrors::default(),
        today,
        rev,
        Some(id),
    ))
}

pub async fn update(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<ChildForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::EditChild)?;
    let id = path.into_inner();
    let form = form.into_inner();
    let (f2, user, actor, tr) = (form.clone(), cu.user.clone(), cu.actor(), cu.tr());
    let r = state
        .db(move |c, st| {
            service::update(
                c,
                &service::Op::now(tr, &user, &actor, st.clock.as_ref()),
                id,
                &f2,
            )
        })
        .await;
    let r = match r {
        Err(AppError::Conflict(msg)) => {
            // Someone saved first: show the current data (never silently overwrite) with the message.
            let user = cu.user.clone();
            let child = state.db(move |c, _| service::load(c, &user, id)).await?;
            let mut current = ChildForm::from_fields(&ChildFields::from_child(&child));
            current.version = child.version.to_string();
            let mut errors = FieldErrors::default();
            errors.add("version", msg);
            let (today, rev) = revised_from(&state, &cu).await?;
            return render_status(
                &intake_page(&cu, current, errors, today, rev, Some(id)),
                StatusCode::CONFLICT,
            );
        }
        other => other?,
    };
    match r {
        EditOutcome::Saved => Ok(redirect(&format!("/children/{id}?tab=history"))),
        EditOutcome::Invalid(errors) => {
            let (today, rev) = revised_from(&state, &cu).await?;
            render_status(
                &intake_page(&cu, form, errors, today, rev, Some(id)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

#[derive(Deserialize)]
pub struct DischargeForm {
    #[serde(default)]
    pub discharge_reason: String,
    #[serde(default)]
    pub discharge_date: String,
    #[serde(default)]
    pub discharge_note: String,
    #[serde(default)]
    pub version: String,
}

pub async fn discharge(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<DischargeForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DischargeChild)?;
    let id = path.into_inner();
    let f = form.into_inner();
    let version: i32 = f
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::bad("bad_version", cu.tr().t("err.stale_version")))?;
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    let (reason, date, note) = (
        f.discharge_reason.clone(),
        f.discharge_date.clone(),
        f.discharge_note.clone(),
    );
    let r = state
        .db(move |c, st| {
            service::discharge(
                c,
                &service::Op::now(tr, &user, &actor, st.clock.as_ref()),
                id,
                &service::DischargeInput {
                    reason: &reason,
                    date: &date,
                    note: &note,
                    version,
                },
            )
        })
        .await?;
    match r {
        Ok(()) => Ok(redirect(&format!("/children/{id}"))),
        Err(errors) => {
            let l = load_all(&state, &cu, id, "view", String::new()).await?;
            render_status(
                &child_page(&cu, l, "overview", false, errors, String::new()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

/// Read a multipart upload: the file (bounded) and the text fields.
async fn read_upload(mut mp: actix_multipart::Multipart, cap: usize) -> AppResult<service::Upload> {
    use futures_util::StreamExt;
    let mut up = service::Upload {
        section: String::new(),
        doc_type: String::new(),
        title: String::new(),
        doc_date: String::new(),
        issuing_body: String::new(),
        file_name: String::new(),
        claimed_type: None,
        bytes: Vec::new(),
        replaces: None,
        replace_reason: String::new(),
    };
    while let Some(field) = mp.next().await {
        let mut field = field.map_err(|_| {
            AppError::bad(
                "bad_multipart",
                "上传内容无法读取 / The upload could not be read.",
            )
        })?;
        let name = field.name().unwrap_or("").to_string();
        let mut data = Vec::new();
        let limit = if name == "file" { cap } else { 4096 };
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| {
                AppError::bad(
                    "bad_multipart",
                    "上传内容无法读取 / The upload could not be read.",
                )
            })?;
            if data.len() + chunk.len() > limit {
                return Err(AppError::TooLarge);
            }
            data.extend_from_slice(&chunk);
        }
        if name == "file" {
            up.file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or("")
                .to_string();
            up.claimed_type = field.content_type().map(|m| m.essence_str().to_string());
            up.bytes = data;
        } else {
            let text = String::from_utf8_lossy(&data).to_string();
            match name.as_str() {
                "section" => up.section = text,
                "doc_type" => up.doc_type = text,
                "title" => up.title = text,
                "doc_date" => up.doc_date = text,
                "issuing_body" => up.issuing_body = text,
                "replaces" => up.replaces = text.trim().parse().ok(),
                "replace_reason" => up.replace_reason = text,
                _ => {}
            }
        }
    }
    Ok(up)
}

/// The upload reader for the API, with the same bound.
pub async fn read_upload_pub(mp: actix_multipart::Multipart) -> AppResult<service::Upload> {
    read_upload(mp, UPLOAD_READ_CAP).await
}

/// Upper bound on what an upload may read before the policy limit is checked (memory guard).
pub const UPLOAD_READ_CAP: usize = 64 * 1024 * 1024;

pub async fn upload(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    mp: actix_multipart::Multipart,
) -> AppResult<HttpResponse> {
    cu.require(Action::UploadDocument)?;
    let id = path.into_inner();
    let up = read_upload(mp, UPLOAD_READ_CAP).await?;
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    let r = state
        .db(move |c, st| {
            service::add_document(
                c,
                &service::Op::now(tr, &user, &actor, st.clock.as_ref()),
                id,
                up,
                &st.settings.uploads_dir(),
            )
        })
        .await?;
    match r {
        Ok(_) => Ok(redirect(&format!("/children/{id}?tab=documents"))),
        Err(errors) => {
            let l = load_all(&state, &cu, id, "view", String::new()).await?;
            render_status(
                &child_page(&cu, l, "documents", false, errors, String::new()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

/// Download a stored document (audited as a view; restricted sections stay hidden).
pub async fn download(
    state: State,
    cu: CurrentUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let (id, doc_id) = path.into_inner();
    let (user, actor) = (cu.user.clone(), cu.actor());
    let (doc, file) = state
        .db(move |c, st| {
            service::load(c, &user, id)?;
            let doc = model::documents(c, id)?
                .into_iter()
                .find(|d| d.id == doc_id)
                .ok_or(AppError::NotFound)?;
            let restrictions = model::active_restrictions(c, id)?;
            if restrictions.iter().any(|k| k.hides(&doc.section)) {
                // Restricted sections are not downloadable without the purpose-stated view.
                return Err(AppError::NotFound);
            }
            let file = super::store::path(&st.settings.uploads_dir(), &doc.sha256);
            audit::record_alone(
                c,
                st.clock.now(),
                &actor,
                &Event::ok("view_document", "child_document", doc_id)
                    .with_detail(format!("child {id}")),
            )?;
            Ok((doc, file))
        })
        .await?;
    super::store::send(&doc, file).await
}

#[derive(Deserialize)]
pub struct RestrictForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reason: String,
}

pub async fn restrict(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<RestrictForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::RestrictArchive)?;
    let id = path.into_inner();
    let (user, actor, f) = (cu.user.clone(), cu.actor(), form.into_inner());
    state
        .db(move |c, st| {
            service::restrict(c, &user, &actor, id, &f.kind, &f.reason, st.clock.now())
        })
        .await?;
    Ok(redirect(&format!("/children/{id}")))
}

#[derive(Deserialize)]
pub struct AccessForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub purpose: String,
}

pub async fn request_access(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<AccessForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let id = path.into_inner();
    let (user, actor, tr, f) = (cu.user.clone(), cu.actor(), cu.tr(), form.into_inner());
    let r = state
        .db(move |c, st| {
            service::request_access(
                c,
                &service::Op::now(tr, &user, &actor, st.clock.as_ref()),
                id,
                &f.kind,
                &f.purpose,
            )
        })
        .await?;
    let l = load_all(&state, &cu, id, "view", String::new()).await?;
    match r {
        Ok(_) => render(&child_page(
            &cu,
            l,
            "access",
            false,
            FieldErrors::default(),
            tr.t("archive.request_sent").into(),
        )),
        Err(e) => render_status(
            &child_page(&cu, l, "access", false, e, String::new()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}

pub async fn requests(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let user = cu.user.clone();
    let rows = state
        .db(move |c, _| {
            use crate::db::schema::{archive_requests as r, children as ch, users as u};
            use diesel::prelude::*;
            let sc = service::child_scope(c, &user)?;
            let mut q = r::table
                .inner_join(ch::table)
                .inner_join(u::table.on(u::id.eq(r::requested_by)))
                .select((
                    model::ArchiveRequest::as_select(),
                    ch::archive_no,
                    u::display_name,
                ))
                .order(r::id.desc())
                .into_boxed();
            if let crate::auth::scope::InstitutionScope::Only(ids) = sc {
                q = q.filter(ch::institution_id.eq_any(ids));
            }
            Ok(q.limit(200)
                .load::<(model::ArchiveRequest, String, String)>(c)?)
        })
        .await?;
    render(&RequestsPage {
        rows: rows
            .into_iter()
            .map(|(req, archive_no, requester)| RequestLine {
                req,
                archive_no,
                requester,
            })
            .collect(),
        can_decide: cu.user.can(Action::DecideArchiveRequest),
        ctx: Ctx::for_user(&cu),
    })
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

pub async fn decide(
    state: State,
    cu: CurrentUser,
    path: web::Path<i64>,
    form: web::Form<DecideForm>,
) -> AppResult<HttpResponse> {
    cu.require(Action::DecideArchiveRequest)?;
    let id = path.into_inner();
    let approve = match form.decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => {
            return Err(AppError::bad(
                "bad_decision",
                "approve or refuse / 请选择批准或拒绝",
            ))
        }
    };
    let (user, actor, note) = (cu.user.clone(), cu.actor(), form.note.clone());
    state
        .db(move |c, st| {
            service::decide_request(c, &user, &actor, id, approve, &note, st.clock.now())
        })
        .await?;
    Ok(redirect("/archive/requests"))
}

pub async fn quality(state: State, cu: CurrentUser) -> AppResult<HttpResponse> {
    cu.require(Action::ViewChildren)?;
    let (user, actor) = (cu.user.clone(), cu.actor());
    let rows = state
        .db(move |c, st| {
            let sc = service::child_scope(c, &user)?;
            let rows = service::quality(c, &sc)?;
            audit::record_alone(
                c,
                st.clock.now(),
                &actor,
                &Event::ok("view_list", "child", "-").with_detail("data quality"),
            )?;
            Ok(rows)
        })
        .await?;
    let tr = cu.tr();
    render(&QualityPage {
        rows: rows
            .into_iter()
            .map(|(child, missing)| QualityRow {
                labels: missing
                    .documents
                    .iter()
                    .map(|d| tr.t(&format!("doc.{d}")).to_string())
                    .chain(missing.fields.iter().map(|f| field_label(tr, f)))
                    .collect(),
                child,
                missing,
            })
            .collect(),
        ctx: Ctx::for_user(&cu),
    })
}

pub async fn print(state: State, cu: CurrentUser, path: web::Path<i64>) -> AppResult<HttpResponse> {
    cu.require(Action::PrintArchive)?;
    let id = path.into_inner();
    let (user, actor, tr) = (cu.user.clone(), cu.actor(), cu.tr());
    let bytes = state
        .db(move |c, st| super::pdf::print(c, tr, &user, &actor, id, st))
        .await?;
    Ok(pdf_response(bytes, id))
}

pub fn pdf_response(bytes: Vec<u8>, id: i64) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"archive-{id}.pdf\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes)
}
