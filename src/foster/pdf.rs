//! Foster printouts (issue 12 point 10) on the shared printer: the assessment report (评估报告), the
//! foster agreement (家庭寄养协议, FOS-15, signed by both sides) and a visit record (探访记录). Labels in
//! the reader's language; data as recorded. Building one is a view of the family, audited.

use super::model::FamilyId;
use super::steps::{Kind, StepRow};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::pdf::{Block, Document};
use crate::platform::Op;
use serde_json::Value;

fn s(j: &Value, k: &str) -> String {
    match &j[k] {
        Value::String(v) => v.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

fn kv(tr: &crate::platform::Catalogue, pairs: &[(&str, String)]) -> Block {
    Block::KeyValues(
        pairs
            .iter()
            .map(|(k, v)| (tr.t(k).to_string(), v.clone()))
            .collect(),
    )
}

fn institution_name(c: &mut DbConn, f: &super::model::Family) -> AppResult<String> {
    Ok(crate::org::model::holding(c, f.institution_id)?
        .map(|i| i.name)
        .unwrap_or_default())
}

fn audit(c: &mut DbConn, op: &Op, id: FamilyId, what: &str) -> AppResult<()> {
    crate::audit::record_alone(
        c,
        op.now,
        op.actor,
        &crate::audit::Event::ok("print", super::service::RESOURCE, id).with_detail(what),
    )?;
    Ok(())
}

/// The assessment report or the agreement of a family (`what` = `assessment` | `agreement`); 404 when
/// the family is out of scope or has no such record yet.
pub fn step_document(c: &mut DbConn, op: &Op, id: FamilyId, what: &str) -> AppResult<Document> {
    let kind = match what {
        "assessment" => Kind::Assessment,
        "agreement" => Kind::Agreement,
        _ => return Err(AppError::NotFound),
    };
    let f = super::service::find(c, op, id)?;
    let rec: StepRow = super::steps::records(c, id)?
        .into_iter()
        .rfind(|r| r.kind == kind)
        .ok_or(AppError::NotFound)?;
    let j = rec.json();
    let tr = op.tr;
    let inst = institution_name(c, &f)?;
    let title = tr.t(&format!("foster.pdf.{what}")).to_string();
    let mut doc = Document::for_reader(title.clone(), tr);
    doc.file_name = format!("{title}-{}.pdf", f.family_name);
    doc.file_name_ascii = format!("foster-{what}-{}.pdf", f.id.0);
    doc.push(kv(
        tr,
        &[
            ("foster.institution", inst.clone()),
            ("foster.family_name", f.family_name.clone()),
            ("foster.address", f.address.clone()),
        ],
    ));
    match kind {
        Kind::Assessment => {
            let sc = &j["scores"];
            doc.push(kv(
                tr,
                &[
                    ("foster.visit_date", rec.on_date.to_string()),
                    ("foster.assessors", s(&j, "assessors")),
                    ("foster.third_party", s(&j, "third_party")),
                    ("foster.score_home", s(sc, "home")),
                    ("foster.score_parenting", s(sc, "parenting")),
                    ("foster.score_relations", s(sc, "relations")),
                    ("foster.score_community", s(sc, "community")),
                ],
            ));
            doc.push(Block::Heading(tr.t("foster.narrative").to_string()));
            doc.push(Block::Paragraph(s(&j, "narrative")));
            doc.push(Block::Heading(tr.t("foster.eligibility").to_string()));
            let fails = j["engine"]["failures"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if fails.is_empty() {
                doc.push(Block::Paragraph(tr.t("foster.eligible").to_string()));
            } else {
                doc.push(Block::Table {
                    headers: [
                        "foster.pdf.rule",
                        "foster.pdf.message",
                        "foster.pdf.article",
                    ]
                    .iter()
                    .map(|k| tr.t(k).to_string())
                    .collect(),
                    widths: vec![1.0, 4.0, 3.0],
                    rows: fails
                        .iter()
                        .map(|x| vec![s(x, "rule"), s(x, "message"), s(x, "article")])
                        .collect(),
                });
            }
            doc.push(Block::Signatures(vec![s(&j, "assessors")]));
        }
        _ => {
            doc.push(kv(
                tr,
                &[
                    ("foster.agreement_caregiver", s(&j, "caregiver")),
                    ("foster.period_from", s(&j, "period_from")),
                    ("foster.period_to", s(&j, "period_to")),
                    ("foster.integration_days", s(&j, "integration_days")),
                    ("foster.signed_on", rec.on_date.to_string()),
                ],
            ));
            doc.push(Block::Heading(
                tr.t("foster.rights_obligations").to_string(),
            ));
            doc.push(Block::Paragraph(s(&j, "rights_obligations")));
            doc.push(Block::Heading(tr.t("foster.breach_liability").to_string()));
            doc.push(Block::Paragraph(s(&j, "breach_liability")));
            // 签约: both sides sign or seal (第12条(五)).
            doc.push(Block::Signatures(vec![inst, s(&j, "caregiver")]));
        }
    }
    audit(c, op, id, what)?;
    Ok(doc)
}

/// One visit's record (404 when the family is out of scope or the visit is another family's).
pub fn visit_document(c: &mut DbConn, op: &Op, id: FamilyId, visit: i64) -> AppResult<Document> {
    let f = super::service::find(c, op, id)?;
    let v = super::visits::of_family(c, id)?
        .into_iter()
        .find(|v| v.id == visit)
        .ok_or(AppError::NotFound)?;
    let p = super::placement::of_family(c, id)?
        .into_iter()
        .find(|p| p.id == v.placement_id)
        .ok_or(AppError::NotFound)?;
    let names = crate::archive::summaries(c, &[p.child_id])?;
    let child = crate::archive::summary_of(&names, p.child_id)
        .map(|k| format!("{} {}", k.legal_name, k.archive_no))
        .unwrap_or_default();
    let tr = op.tr;
    let title = tr.t("foster.pdf.visit").to_string();
    let mut doc = Document::for_reader(title.clone(), tr);
    doc.file_name = format!("{title}-{}-{}.pdf", f.family_name, v.visited_on);
    doc.file_name_ascii = format!("foster-visit-{}.pdf", v.id);
    doc.push(kv(
        tr,
        &[
            ("foster.institution", institution_name(c, &f)?),
            ("foster.family_name", f.family_name.clone()),
            ("foster.child", child),
            (
                "foster.visit_kind",
                tr.t(&format!("foster.visit_kind.{}", v.kind.code()))
                    .to_string(),
            ),
            ("foster.visited_on", v.visited_on.to_string()),
            ("foster.visitor", v.visitor.clone()),
        ],
    ));
    for (k, text) in [
        ("foster.visit_health", &v.health),
        ("foster.visit_schooling", &v.schooling),
        ("foster.visit_home", &v.home),
        ("foster.visit_relationship", &v.relationship),
        ("foster.visit_concerns", &v.concerns),
    ] {
        doc.push(Block::Heading(tr.t(k).to_string()));
        doc.push(Block::Paragraph(if text.is_empty() {
            "—".into()
        } else {
            text.clone()
        }));
    }
    doc.push(Block::Signatures(vec![
        v.visitor.clone(),
        f.caregiver_name.clone(),
    ]));
    audit(c, op, id, "visit")?;
    Ok(doc)
}
