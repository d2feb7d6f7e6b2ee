//! Printed adoption documents, for the bureau's registrar only (they name the applicants): the assessment
//! report (收养评估报告, ADP-19…ADP-23), the registration certificate (收养登记证, ADP-14) and the refusal
//! letter (不予收养登记通知书, 登记办法 第8条). Each print is audited.

use crate::adoption::model::{self, AppState};
use crate::adoption::rules::assessment::{Flag, Item};
use crate::adoption::service::{assessment, dossier};
use crate::archive::{self, ChildId};
use crate::audit::{self, Event};
use crate::auth::Role;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::pdf::{Block, Document};
use crate::platform::Op;

crate::code_enum! {
    /// Which document.
    pub enum Kind {
        Assessment = "assessment",
        Certificate = "certificate",
        Refusal = "refusal",
    }
}

/// Build the document (403 for anyone but the registrar, 404 outside scope or when the application has
/// no such document yet).
pub fn document(c: &mut DbConn, op: &Op<'_>, id: i64, kind: Kind) -> AppResult<Document> {
    if op.user.role() != Role::Registrar {
        return Err(AppError::Forbidden);
    }
    let app = dossier::load(c, op, id)?;
    let child = archive::adoption_facts(c, ChildId(app.child_id))?;
    let applicants = model::applicants(c, id)?;
    let tr = op.tr;
    let names = applicants
        .iter()
        .map(|a| a.name.clone())
        .collect::<Vec<_>>()
        .join("、");
    let title = tr.t(&format!("adoption.pdf.{}", kind.code())).to_string();
    let mut doc = Document::for_reader(title.clone(), tr);
    doc.file_name = format!("{title}-{}.pdf", child.archive_no);
    doc.file_name_ascii = format!("adoption-{}-{}.pdf", kind.code(), id);
    let kv = |k: &str, v: String| (tr.t(k).to_string(), v);
    match kind {
        Kind::Certificate => {
            let (Some(AppState::Registered), Some(cert), Some(on)) =
                (app.state(), app.certificate_no.clone(), app.decided_on)
            else {
                return Err(AppError::NotFound);
            };
            doc.push(Block::Centered(cert.clone()));
            doc.push(Block::KeyValues(vec![
                kv("adoption.pdf.adopters", names),
                kv("adoption.pdf.adoptee", child.name.clone()),
                kv(
                    "adoption.sex",
                    tr.t(&format!("sex.{}", child.sex)).to_string(),
                ),
                kv("adoption.birth_date", child.birth_date.to_string()),
                kv("adoption.certificate_no", cert),
                kv("adoption.registered_on", on.to_string()),
            ]));
            doc.push(Block::Paragraph(
                tr.t("adoption.pdf.certificate_text").to_string(),
            ));
            doc.push(Block::Signatures(vec![tr
                .t("adoption.pdf.authority")
                .to_string()]));
        }
        Kind::Refusal => {
            let (Some(AppState::Refused), Some(on)) = (app.state(), app.decided_on) else {
                return Err(AppError::NotFound);
            };
            doc.push(Block::Paragraph(format!("{names}：")));
            doc.push(Block::Paragraph(tr.tf(
                "adoption.pdf.refusal_text",
                &[("received", &app.received_on.to_string())],
            )));
            doc.push(Block::Heading(tr.t("adoption.reasons").to_string()));
            doc.push(Block::Paragraph(app.refusal_reasons.clone()));
            doc.push(Block::Paragraph(tr.t("adoption.pdf.remedy").to_string()));
            doc.push(Block::KeyValues(vec![kv(
                "adoption.decided_on",
                on.to_string(),
            )]));
            doc.push(Block::Signatures(vec![tr
                .t("adoption.pdf.authority")
                .to_string()]));
        }
        Kind::Assessment => {
            let a = assessment::of(c, &app, op.today)?.ok_or(AppError::NotFound)?;
            let Some(conclusion) = a.conclusion() else {
                return Err(AppError::NotFound);
            };
            doc.push(Block::KeyValues(vec![
                kv("adoption.pdf.adopters", names),
                kv("adoption.pdf.adoptee", child.name.clone()),
                kv("adoption.archive_no", child.archive_no.clone()),
                kv(
                    "adoption.assess.mode",
                    tr.t(&format!("adoption.assess.mode.{}", a.row.mode))
                        .to_string(),
                ),
                kv("adoption.assess.assessors", a.assessors.join("、")),
                kv("adoption.assess.agency", a.row.agency.clone()),
                kv("adoption.assess.started_on", a.row.started_on.to_string()),
                kv(
                    "adoption.assess.integration_start",
                    app.integration_start
                        .map_or(String::new(), |d| d.to_string()),
                ),
                kv(
                    "adoption.assess.reported_on",
                    a.row.reported_on.map_or(String::new(), |d| d.to_string()),
                ),
            ]));
            let rows: Vec<Vec<String>> = Item::ALL
                .iter()
                .map(|i| {
                    let note = a
                        .findings
                        .iter()
                        .find(|(x, _)| x == i)
                        .map_or(String::new(), |(_, n)| n.clone());
                    vec![
                        tr.t(&format!("adoption.assess.item.{}", i.code()))
                            .to_string(),
                        note,
                    ]
                })
                .collect();
            doc.push(Block::Table {
                headers: vec![
                    tr.t("adoption.assess.item").to_string(),
                    tr.t("adoption.assess.finding").to_string(),
                ],
                widths: vec![2.0, 5.0],
                rows,
            });
            if !a.flags.is_empty() {
                doc.push(Block::Heading(tr.t("adoption.assess.flags").to_string()));
                for f in &a.flags {
                    doc.push(Block::Paragraph(flag_line(tr, *f)));
                }
            }
            let visits = model::visits(c, id, "integration")?;
            if !visits.is_empty() {
                doc.push(Block::Heading(
                    tr.t("adoption.visit.integration").to_string(),
                ));
                doc.push(Block::Table {
                    headers: vec![
                        tr.t("adoption.visit.date").to_string(),
                        tr.t("adoption.visit.visitor").to_string(),
                        tr.t("adoption.visit.notes").to_string(),
                    ],
                    widths: vec![1.5, 1.5, 4.0],
                    rows: visits
                        .iter()
                        .map(|v| vec![v.visited_on.to_string(), v.visitor.clone(), v.notes.clone()])
                        .collect(),
                });
            }
            doc.push(Block::Heading(
                tr.t("adoption.assess.conclusion").to_string(),
            ));
            doc.push(Block::Paragraph(format!(
                "{}：{}",
                tr.t(&format!("adoption.assess.conclusion.{}", conclusion.code())),
                a.row.reasons
            )));
            doc.push(Block::Signatures(vec![tr
                .t("adoption.assess.assessors")
                .to_string()]));
        }
    }
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("print", "adoption_application", id).with_detail(kind.code()),
    )?;
    Ok(doc)
}

fn flag_line(tr: &crate::platform::Catalogue, f: Flag) -> String {
    format!("· {}", tr.t(&format!("adoption.assess.flag.{}", f.code())))
}
