//! What the oversight module's yearly archive spot check (档案抽查, seed 002 "每年开展一次档案抽查工作";
//! issue 17 point 4) needs of the archive, in its own file so parallel work on the archive merges
//! mechanically:
//!
//! - [`spot_check_population`]: the archives in care (在院 and 家庭寄养中 — the institution remains the
//!   guardian) of the given institutions on the draw day, in a stable order (child id), from which the
//!   oversight module draws its reproducible sample. Unscoped: the caller has checked that the
//!   institutions are in the user's scope.
//! - [`completeness_checklist`]: the completeness items that apply to one child (the same rule as the
//!   archive's own completeness check, `service::missing_items`), each with whether the archive holds it
//!   now — the checklist the supervisor marks ok / finding.

use super::model::{Child, ChildId, ChildStatus};
use super::rules::CaseType;
use super::service::{missing_items, present_types};
use crate::db::schema::children;
use crate::db::DbConn;
use crate::org::InstitutionId;
use diesel::prelude::*;

/// An archive in the population of a spot check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpotCheckArchive {
    pub id: ChildId,
    pub institution_id: InstitutionId,
    pub archive_no: String,
    pub legal_name: String,
}

/// The archives in care at `institutions` now, ordered by child id (the draw's stable input order).
pub fn spot_check_population(
    conn: &mut DbConn,
    institutions: &[InstitutionId],
) -> QueryResult<Vec<SpotCheckArchive>> {
    let rows: Vec<(ChildId, InstitutionId, String, String)> = children::table
        .filter(children::institution_id.eq_any(institutions))
        .filter(children::status.eq_any([ChildStatus::Active, ChildStatus::InFosterCare]))
        .order(children::id.asc())
        .select((
            children::id,
            children::institution_id,
            children::archive_no,
            children::legal_name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, institution_id, archive_no, legal_name)| SpotCheckArchive {
                id,
                institution_id,
                archive_no,
                legal_name,
            },
        )
        .collect())
}

/// One item of the completeness checklist: `doc.<type>` (a required document) or `child.<field>` (a
/// key fact) — the item is also its catalogue label key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub key: String,
    /// Whether the archive's own completeness check finds it missing now.
    pub missing: bool,
}

/// The completeness items that apply to `child` (documents first, then key facts), each marked
/// missing as the archive's completeness check judges it. The applicable items follow the conditions of
/// `service::missing_items`; anything that check reports is always included.
pub fn completeness_checklist(conn: &mut DbConn, child: &Child) -> QueryResult<Vec<ChecklistItem>> {
    let present: Vec<String> = present_types(conn, &[child.id])?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let missing = missing_items(child, &present);
    let mut docs: Vec<&'static str> = CaseType::parse(&child.case_type)
        .map(|c| c.required_documents())
        .unwrap_or_default();
    let registered = child.hukou_status == "registered";
    let mut fields: Vec<&'static str> = vec!["photo"];
    if registered {
        fields.extend(["id_number", "hukou_place"]);
    }
    fields.push("ethnicity");
    if child.archive_class == "A" {
        fields.push("found_place");
    }
    if matches!(
        child.case_type.as_str(),
        "abandoned" | "trafficking-rescued"
    ) {
        fields.push("police_report_no");
    }
    if child.disability_grade.is_some() {
        fields.push("disability_cert_no");
    }
    fields.push("guardian_department");
    for d in &missing.documents {
        if !docs.contains(d) {
            docs.push(d);
        }
    }
    for f in &missing.fields {
        if !fields.contains(f) {
            fields.push(f);
        }
    }
    let mut out: Vec<ChecklistItem> = docs
        .into_iter()
        .map(|d| ChecklistItem {
            key: format!("doc.{d}"),
            missing: missing.documents.contains(&d),
        })
        .collect();
    out.extend(fields.into_iter().map(|f| ChecklistItem {
        key: format!("child.{f}"),
        missing: missing.fields.contains(&f),
    }));
    Ok(out)
}
