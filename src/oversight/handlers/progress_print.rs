//! The yearly progress report as PDF (issue 17 point 4): the title of seed 003's duty, the division and
//! the last day the figures count, each section under its heading, the figures as an annexed table, and
//! for a filed report who filed it and when with the seal box of the reporting department; a draft
//! carries a watermark so it is never mistaken for the filed report.

use crate::oversight::service::progress_report::ReportView;
use crate::pdf::{Block, Document};
use crate::platform::Catalogue;
use chrono::Datelike;

/// The document of a report, in the reader's language (the sections are as their author wrote them).
pub fn document(v: &ReportView, tr: &Catalogue) -> Document {
    let r = &v.report;
    let title = tr.tf(
        "oversight.progress.doc_title",
        &[("year", &r.year.to_string())],
    );
    let mut doc = Document::for_reader(title, tr);
    doc.file_name = format!("{}{}.pdf", v.division_name, doc.title);
    doc.file_name_ascii = format!("progress-report-{}.pdf", r.year);
    let as_of = tr.tf(
        "oversight.progress.date",
        &[
            ("y", &r.figures_as_of.year().to_string()),
            ("m", &r.figures_as_of.month().to_string()),
            ("d", &r.figures_as_of.day().to_string()),
        ],
    );
    doc.push(Block::Centered(tr.tf(
        "oversight.progress.subtitle",
        &[("division", &v.division_name), ("as_of", &as_of)],
    )));
    if !r.is_filed() {
        let mark = tr.t("oversight.progress.watermark").to_string();
        doc.push(Block::Banner(
            tr.t("oversight.progress.draft_banner").into(),
        ));
        doc.watermark = Some(mark);
    }
    doc.push(Block::RunningHeader(format!(
        "{} · {}",
        v.division_name, doc.title
    )));
    for (s, body) in &v.sections {
        doc.push(Block::Heading(tr.t(&s.label_key()).into()));
        let paragraphs: Vec<&str> = body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if paragraphs.is_empty() {
            doc.push(Block::Paragraph("—".into()));
        }
        for p in paragraphs {
            doc.push(Block::Paragraph(p.to_string()));
        }
    }
    doc.push(Block::Heading(tr.t("oversight.progress.annex").into()));
    doc.push(Block::Table {
        headers: vec![
            tr.t("oversight.q.code").into(),
            tr.t("oversight.q.item").into(),
            tr.t("oversight.progress.value").into(),
        ],
        widths: vec![1.0, 6.0, 1.4],
        rows: r
            .figures()
            .into_iter()
            .map(|f| vec![f.code, f.label, f.value.to_string()])
            .collect(),
    });
    let mut kv = vec![(
        tr.t("oversight.progress.drafted_by").to_string(),
        format!("{} {}", r.drafted_by_name, r.drafted_at.format("%Y-%m-%d")),
    )];
    if let (Some(by), Some(at)) = (&r.filed_by_name, r.filed_at) {
        kv.push((
            tr.t("oversight.progress.filed_by").to_string(),
            format!("{by} {}", at.format("%Y-%m-%d %H:%M")),
        ));
    }
    doc.push(Block::KeyValues(kv));
    if r.is_filed() {
        doc.push(Block::Signatures(vec![tr
            .t("oversight.progress.seal")
            .to_string()]));
    }
    doc
}
