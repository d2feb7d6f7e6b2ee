//! The archive PDF (档案打印): cover, table of contents by section, key facts, change-history summary.
//! Restricted sections — their documents and their fields (the one field-level rule, `ChildView`) —
//! are left out. Printing is audited; someone outside the holding institution's own staff prints only
//! under an approved, unexpired copy request (ARC-05), audited as `approved_use` with the request.
//! With a stated purpose (the purpose-stated view's print link), a role every active restriction allows
//! — the head of a secret adoption (ADP-26, 民法典 第1110条) — prints the restricted sections too, the
//! print audited with the purpose; a role a restriction does not allow is refused (audited `denied`).

use super::{model, rules, service};
use crate::audit::{self, Actor, Event};
use crate::auth::model::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::pdf::{Block, Document};
use crate::platform::{AppState, Catalogue};

/// The archive PDF of `id` for `user`; `purpose` is the stated purpose (trimmed; empty when none).
/// `Ok(None)`: a purpose was stated on a restricted archive by a role a restriction does not allow
/// (audited `denied`; the caller answers 403).
pub fn print(
    conn: &mut DbConn,
    tr: &Catalogue,
    user: &User,
    actor: &Actor,
    id: crate::archive::ChildId,
    st: &AppState,
    purpose: &str,
) -> AppResult<Option<Vec<u8>>> {
    let child = service::load(conn, user, id)?;
    let approval = service::approval_for(
        conn,
        user,
        &child,
        model::ArchiveUse::Print,
        st.clock.today(),
    )?;
    let mut access = crate::archive::section_access(conn, id, &user.role, false)?;
    // ADP-26 (民法典 第1110条): the secret archive is opened by the head with a stated purpose — the
    // print of the purpose-stated view includes the restricted sections, exactly as the page does.
    let stated = !purpose.is_empty() && access.restricted();
    if stated {
        if !access.role_may_unlock() {
            audit::record_alone(
                conn,
                st.clock.now(),
                actor,
                &Event::ok("print", "child", id)
                    .with_outcome("denied")
                    .with_detail(format!("archive.pdf; purpose: {purpose}")),
            )?;
            return Ok(None);
        }
        access = crate::archive::section_access(conn, id, &user.role, true)?;
    }
    let what = if stated {
        format!("archive.pdf; purpose: {purpose}")
    } else {
        "archive.pdf".to_string()
    };
    let doc = build(
        conn,
        tr,
        &child,
        &access,
        &user.role,
        st.clock.today(),
        &st.settings.uploads_dir(),
    )?;
    let bytes = crate::pdf::render(&doc).map_err(AppError::internal)?;
    match approval {
        Some(rid) => service::audit_approved_use(
            conn,
            st.clock.now(),
            actor,
            id,
            rid,
            &format!("print {what}"),
        )?,
        None => {
            audit::record_alone(
                conn,
                st.clock.now(),
                actor,
                &Event::ok("print", "child", id).with_detail(what),
            )?;
        }
    }
    Ok(Some(bytes))
}

/// Lay out the archive of one child (pure apart from the reads).
pub fn build(
    conn: &mut DbConn,
    tr: &Catalogue,
    child: &model::Child,
    access: &crate::archive::SectionAccess,
    role: &crate::auth::Role,
    today: chrono::NaiveDate,
    uploads: &std::path::Path,
) -> AppResult<Document> {
    // Fields only through the one field-level rule: the row itself is never printed.
    let c = &crate::archive::child_view(child, access, role);
    let docs = model::documents(conn, c.id)?;
    let changes: Vec<model::Change> = model::changes(conn, c.id)?
        .into_iter()
        .filter(|ch| c.shows(&ch.field))
        .collect();
    let inst = crate::org::model::holding(conn, c.institution_id)?
        .map(|i| i.name)
        .unwrap_or_default();
    let hidden = |s: &str| access.hides(s);
    let mut d = Document::new(tr.t("pdf.archive_title"));
    d.push(Block::KeyValues(vec![
        (tr.t("child.archive_no").into(), c.archive_no.clone()),
        (tr.t("child.legal_name").into(), c.legal_name.clone()),
        (
            tr.t("child.intake_category").into(),
            match (&c.intake_category, &c.archive_class) {
                (Some(cat), Some(class)) => {
                    format!("{} · {class}", tr.t(&format!("category.{cat}")))
                }
                _ => tr.t("archive.withheld").to_string(),
            },
        ),
        (tr.t("pdf.institution").into(), inst),
        (
            tr.t("pdf.photo").into(),
            tr.t(if c.photo().is_some() {
                "pdf.photo_on_file"
            } else {
                "pdf.photo_missing"
            })
            .into(),
        ),
        (tr.t("pdf.printed_on").into(), today.to_string()),
    ]));
    if let Some(photo) = c.photo().and_then(|pid| {
        docs.iter()
            .find(|x| x.id == pid && x.mime != "application/pdf")
    }) {
        let path = super::store::path(uploads, &photo.sha256);
        if let Ok(bytes) = std::fs::read(path) {
            d.push(Block::Image {
                bytes,
                max_width: 100.0,
                max_height: 130.0,
            });
        }
    }
    d.push(Block::Heading(tr.t("pdf.contents").into()));
    for s in rules::SECTIONS {
        let label = tr.t(&format!("section.{s}")).to_string();
        if hidden(s) {
            d.push(Block::Paragraph(format!(
                "{label}：{}",
                tr.t("pdf.restricted")
            )));
            continue;
        }
        let rows: Vec<Vec<String>> = docs
            .iter()
            .filter(|x| x.section == s)
            .map(|x| {
                vec![
                    x.title.clone(),
                    tr.t(&format!("doc.{}", x.doc_type)).to_string(),
                    x.doc_date.map(|d| d.to_string()).unwrap_or_default(),
                    x.issuing_body.clone(),
                    if x.superseded_by.is_some() {
                        tr.t("archive.superseded").to_string()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        d.push(Block::Heading(format!("{label}（{}）", rows.len())));
        if !rows.is_empty() {
            d.push(Block::Table {
                headers: vec![
                    tr.t("doc.title").into(),
                    tr.t("doc.type").into(),
                    tr.t("doc.date").into(),
                    tr.t("doc.issuing_body").into(),
                    tr.t("field.status").into(),
                ],
                widths: vec![4.0, 2.5, 1.6, 2.5, 1.2],
                rows,
            });
        }
    }
    d.push(Block::Heading(tr.t("pdf.key_facts").into()));
    let mut facts = super::views::key_facts(tr, c);
    facts.push((tr.t("child.status").into(), tr.t(c.status_key()).into()));
    d.push(Block::KeyValues(facts));
    d.push(Block::Heading(tr.t("pdf.history").into()));
    if changes.is_empty() {
        d.push(Block::Paragraph(tr.t("pdf.no_changes").into()));
    } else {
        d.push(Block::Table {
            headers: vec![
                tr.t("history.when").into(),
                tr.t("history.field").into(),
                tr.t("history.old").into(),
                tr.t("history.new").into(),
                tr.t("history.reason").into(),
            ],
            widths: vec![2.0, 2.0, 2.5, 2.5, 3.0],
            rows: changes
                .iter()
                .take(200)
                .map(|ch| {
                    vec![
                        ch.changed_at.format("%Y-%m-%d").to_string(),
                        tr.t(&format!("child.{}", ch.field)).to_string(),
                        ch.old_value.clone(),
                        ch.new_value.clone(),
                        ch.reason.clone(),
                    ]
                })
                .collect(),
        });
    }
    Ok(d)
}
