//! The archive's public interface (一人一档对外接口). The archive is the spine every other module
//! stands on; they read and change children and their archives only through these functions and
//! types, never through the archive's tables (tests/app/boundaries.rs checks the source tree).
//!
//! - [`load_in_scope`]: a child the user may see, or 404 — the normal way.
//! - [`load_for_law`]: without the user's scope, for the paths where the law itself grants access
//!   (completing a transfer, the adoption registrar, the daily pass); the reason is named.
//! - [`section_access`]: the sections a user may see (the one place the restriction rule lives).
//! - [`relocate`]: the child and its archive move to another institution (same archive number).
//! - [`set_status`]: the child's status changes with its reason (e.g. placed in a foster family).
//! - [`file_entry`] / [`file_document`]: file an entry or a document in a section.
//! - [`summaries`] / [`active_children`]: names and archive numbers for lists of other modules.

use super::model::{self, Child};
pub use super::model::{ChildId, ChildStatus};
use super::service::{self, Upload};
use crate::audit::{self, Event};
use crate::auth::model::User;
use crate::auth::scope::InstitutionScope;
use crate::db::schema::children;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;
use std::path::Path;

pub use super::custody::{self as custody_ledger, Deposit};
pub use super::model::{Document, Entry};
pub use super::rules::{DISCHARGE_REASONS, DOCUMENT_TYPES, SECTIONS};
pub use super::sections::{
    child_view, field_section, mask_id_number, section_access, view_for, view_for_document,
    views_for, withheld_documents, withheld_label, ChildView, SectionAccess,
};

/// Why a child is loaded without the caller's institution scope: only where the law gives access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LawfulAccess {
    /// The receiving institution completes a transfer (县级儿童福利机构儿童移交 §3): the child is
    /// still in the sender's scope until the completion moves it.
    TransferCompletion,
    /// The receiving side previews the archive of a child in a submitted or accepted batch.
    TransferPreview,
    /// The handover list both institutions sign names each child with sex, birth date and ID number
    /// (TRF: the list is the legal record of what was handed over), whichever side prints it.
    HandoverList,
    /// The daily pass of the platform (no user).
    DailyPass,
    /// The adoption registrar's bureau decides on a child placed with it (民法典 第1105条): the
    /// adoption module checks that the child is placed with the caller's bureau first; the registrar
    /// has no archive scope of their own.
    AdoptionRegistration,
    /// A module's registered lawful ground (`crate::modules::LAWFUL_READS`, e.g. ADP-26) was found for
    /// this user and child first (`interface_lawful::load_child`).
    RegisteredGround,
}

/// A child the user may see, or 404 (also outside the user's institution scope).
pub fn load_in_scope(conn: &mut DbConn, user: &User, child_id: ChildId) -> AppResult<Child> {
    service::load(conn, user, child_id)
}

/// A child by id without the caller's scope, for the lawful paths named in [`LawfulAccess`].
pub fn load_for_law(conn: &mut DbConn, child_id: ChildId, _why: LawfulAccess) -> AppResult<Child> {
    model::find_in_scope(conn, &InstitutionScope::All, child_id)?.ok_or(AppError::NotFound)
}

/// What other modules list about a child: no personal identifiers beyond the name.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = children)]
pub struct ChildSummary {
    pub id: ChildId,
    pub archive_no: String,
    pub legal_name: String,
    pub institution_id: crate::org::InstitutionId,
    pub status: ChildStatus,
    pub intake_category: String,
    pub birth_date: NaiveDate,
}

/// Summaries of the given children, in id order. The caller has already decided the user may see
/// them (e.g. they are the children of a transfer batch the user is a side of).
pub fn summaries(conn: &mut DbConn, ids: &[ChildId]) -> QueryResult<Vec<ChildSummary>> {
    children::table
        .filter(children::id.eq_any(ids))
        .order(children::id.asc())
        .select(ChildSummary::as_select())
        .load(conn)
}

/// The summary of one child, from a list loaded by [`summaries`].
pub fn summary_of(list: &[ChildSummary], id: ChildId) -> Option<&ChildSummary> {
    list.iter().find(|s| s.id == id)
}

/// Children currently in care at the given institutions, by archive number (at most `limit`).
pub fn active_children(
    conn: &mut DbConn,
    institution_ids: &[crate::org::InstitutionId],
    limit: i64,
) -> QueryResult<Vec<ChildSummary>> {
    children::table
        .filter(children::institution_id.eq_any(institution_ids))
        .filter(children::status.eq(ChildStatus::Active))
        .order(children::archive_no.asc())
        .select(ChildSummary::as_select())
        .limit(limit)
        .load(conn)
}

/// Whether the child is in care (active) at the institution now.
pub fn is_active_at(
    conn: &mut DbConn,
    child_id: ChildId,
    institution_id: crate::org::InstitutionId,
) -> QueryResult<bool> {
    let n: i64 = children::table
        .find(child_id)
        .filter(children::institution_id.eq(institution_id))
        .filter(children::status.eq(ChildStatus::Active))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Documents of a child, every section (the caller applies [`section_access`] before showing them).
pub fn documents(conn: &mut DbConn, child_id: ChildId) -> QueryResult<Vec<Document>> {
    model::documents(conn, child_id)
}

/// Entries of a child, every section (the caller applies [`section_access`]).
pub fn entries(conn: &mut DbConn, child_id: ChildId) -> QueryResult<Vec<Entry>> {
    model::entries(conn, child_id)
}

/// A move of a child and its archive to another institution (the archive number stays for life).
pub struct Relocation<'a> {
    pub child_id: ChildId,
    pub from_institution: crate::org::InstitutionId,
    pub to_institution: crate::org::InstitutionId,
    /// Shown in the history, e.g. 「移交」.
    pub reason: &'a str,
    /// A new household registration place, when the hukou moves with the child (户随人走).
    pub new_hukou_place: Option<&'a str>,
}

/// Move the child (still active at `from_institution`) and its archive, inside the caller's
/// transaction, with history rows. A child no longer there answers 409 and changes nothing.
pub fn relocate(conn: &mut DbConn, op: &Op<'_>, r: &Relocation<'_>) -> AppResult<()> {
    let child = load_for_law(conn, r.child_id, LawfulAccess::TransferCompletion)?;
    let moved = diesel::update(
        children::table
            .find(r.child_id)
            .filter(children::institution_id.eq(r.from_institution))
            .filter(children::status.eq(ChildStatus::Active)),
    )
    .set((
        children::institution_id.eq(r.to_institution),
        children::responsible_user_id.eq(None::<i64>),
        children::version.eq(children::version + 1),
        children::updated_at.eq(op.now),
    ))
    .execute(conn)?;
    if moved == 1 {
        model::name_chars::reindex(conn, r.child_id)?;
    }
    if moved == 0 {
        return Err(AppError::Conflict(
            "child no longer at the sending institution / 儿童已不在移出机构".into(),
        ));
    }
    let (from, to) = (r.from_institution.to_string(), r.to_institution.to_string());
    model::insert_change(
        conn,
        r.child_id,
        "institution",
        &from,
        &to,
        r.reason,
        op.user.id,
        op.now,
    )?;
    if let Some(place) = r
        .new_hukou_place
        .filter(|p| !p.is_empty() && *p != child.hukou_place)
    {
        diesel::update(children::table.find(r.child_id))
            .set(children::hukou_place.eq(place))
            .execute(conn)?;
        let why = "户随人走";
        model::insert_change(
            conn,
            r.child_id,
            "hukou_place",
            &child.hukou_place,
            place,
            why,
            op.user.id,
            op.now,
        )?;
    }
    Ok(())
}

/// Change a child's status with its reason (history row + audit), inside the caller's transaction.
/// Discharge (离院) is not a status change: it closes the archive through the discharge form.
pub fn set_status(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    status: ChildStatus,
    reason: &str,
) -> AppResult<()> {
    let child = load_in_scope(conn, op.user, child_id)?;
    if status == ChildStatus::Discharged {
        return Err(AppError::internal(
            "discharge closes the archive through the discharge form, not set_status",
        ));
    }
    if child.status == ChildStatus::Discharged {
        return Err(AppError::Conflict(op.tr.t("err.archive_closed").into()));
    }
    if child.status == status {
        return Ok(());
    }
    diesel::update(
        children::table
            .find(child_id)
            .filter(children::version.eq(child.version)),
    )
    .set((
        children::status.eq(status),
        children::version.eq(children::version + 1),
        children::updated_at.eq(op.now),
    ))
    .execute(conn)?;
    model::insert_change(
        conn,
        child_id,
        "status",
        child.status.code(),
        status.code(),
        reason,
        op.user.id,
        op.now,
    )?;
    audit::record(
        conn,
        op.now,
        op.actor,
        &Event::ok("status_change", "child", child_id).with_detail(status.code()),
    )?;
    Ok(())
}

/// Discharge (离院) on behalf of another module — an adoption registered (收养登记), a young adult placed
/// (成年后安置) — inside the caller's transaction, with the same checks as the discharge form (reason
/// from `rules::DISCHARGE_REASONS`, date not before intake nor in the future, adulthood reasons from 18).
/// Whatever holds the child elsewhere (an open transfer, a foster placement) is released with the
/// discharge's reason through `crate::modules::CHILD_HOLDS`. Refusals come back per field.
pub fn discharge(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    reason: &str,
    date: NaiveDate,
    note: &str,
) -> AppResult<Result<(), FieldErrors>> {
    let child = load_in_scope(conn, op.user, child_id)?;
    let date = date.format("%Y-%m-%d").to_string();
    service::discharge(
        conn,
        op,
        child_id,
        &service::DischargeInput {
            reason,
            date: &date,
            note,
            version: child.version,
            release_holds: true,
        },
    )
}

/// A structured entry another module files in a child's archive section (a transfer, a plan, an
/// assessment, a visit).
pub struct NewEntry<'a> {
    pub child_id: ChildId,
    /// One of [`SECTIONS`].
    pub section: &'a str,
    pub date: NaiveDate,
    /// The module's own kind code, e.g. `transfer`.
    pub kind: &'a str,
    pub summary: &'a str,
    /// The filing module, e.g. `transfer`.
    pub module: &'a str,
    /// The module's own record id, for a link back.
    pub reference: Option<&'a str>,
}

/// File an entry inside the caller's transaction (the caller audits its own operation).
pub fn file_entry(conn: &mut DbConn, op: &Op<'_>, e: &NewEntry<'_>) -> AppResult<()> {
    if !SECTIONS.contains(&e.section) {
        return Err(AppError::Internal(format!("unknown section {}", e.section)));
    }
    model::add_entry(conn, e, Some(op.user.id), op.now)?;
    Ok(())
}

/// File a document in a child's archive (the same checks as an upload on the archive page: scope,
/// type by content, size limit from policy, section and type). Returns the document id or the
/// per-field refusals.
pub fn file_document(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    upload: Upload,
    uploads_dir: &Path,
) -> AppResult<Result<i64, FieldErrors>> {
    service::add_document(conn, op, child_id, upload, uploads_dir)
}

/// What the adoption registrar may know of a child placed with their bureau (收养登记): the facts the
/// Civil Code's conditions need (sex and birth date, 民法典 第1098–1104条; disability, 第1100条第二款)
/// and the placing institution's record (登记办法 第7条). The registrar has no archive scope; this is
/// the lawful access, never the archive itself (issue 13 point 8).
#[derive(Debug, Clone, Serialize)]
pub struct AdoptionFacts {
    pub id: ChildId,
    pub name: String,
    pub archive_no: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub intake_date: NaiveDate,
    pub disabled: bool,
    pub institution_id: crate::org::InstitutionId,
    pub status: ChildStatus,
}

/// The [`AdoptionFacts`] of a child, without the caller's scope (the adoption module checks that the
/// child is placed with the caller's bureau first).
pub fn adoption_facts(conn: &mut DbConn, child_id: ChildId) -> AppResult<AdoptionFacts> {
    let c = load_for_law(conn, child_id, LawfulAccess::AdoptionRegistration)?;
    Ok(AdoptionFacts {
        id: c.id,
        name: c.legal_name,
        archive_no: c.archive_no,
        sex: c.sex,
        birth_date: c.birth_date,
        intake_date: c.intake_date,
        disabled: !c.disability_type.trim().is_empty(),
        institution_id: c.institution_id,
        status: c.status,
    })
}

/// An adoption registered (收养登记, 民法典 第1105条) by the registrar of the bureau where the child's
/// institution is: inside the caller's transaction the child is discharged with reason `adopted`
/// (whatever holds the child — an open transfer, a foster placement — is released with it, ADP-28)
/// and, on the secrecy request (民法典 第1110条, ADP-26), the archive is restricted under
/// `adoption-secrecy`. The registrar has no archive scope: the discharge acts for the placing
/// institution (the history and audit rows name the registrar as the actor).
pub fn discharge_on_adoption(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: ChildId,
    date: NaiveDate,
    note: &str,
    secrecy: bool,
) -> AppResult<Result<(), FieldErrors>> {
    let child = load_for_law(conn, child_id, LawfulAccess::AdoptionRegistration)?;
    let mut acting = op.user.clone();
    acting.institution_id = Some(child.institution_id);
    let op2 = Op {
        tr: op.tr,
        user: &acting,
        actor: op.actor,
        today: op.today,
        now: op.now,
    };
    let d = date.format("%Y-%m-%d").to_string();
    let out = service::discharge(
        conn,
        &op2,
        child_id,
        &service::DischargeInput {
            reason: "adopted",
            date: &d,
            note,
            version: child.version,
            release_holds: true,
        },
    )?;
    if out.is_ok() && secrecy {
        service::restrict(
            conn,
            &acting,
            op.actor,
            child_id,
            "adoption-secrecy",
            "收养保密（民法典第1110条）",
            op.now,
        )?;
    }
    Ok(out)
}

// --- added for adulthood placement (成年后安置, issue 16) ---

/// Children in care (active or in foster care) at the given institutions who were born on or before
/// `born_by` — e.g. everyone aged 16 or over on a day — by birth date. For the adulthood page's list;
/// the caller has decided the user may see these institutions.
pub fn in_care_born_by(
    conn: &mut DbConn,
    institution_ids: &[crate::org::InstitutionId],
    born_by: NaiveDate,
) -> QueryResult<Vec<ChildSummary>> {
    children::table
        .filter(children::institution_id.eq_any(institution_ids))
        .filter(children::status.eq_any([ChildStatus::Active, ChildStatus::InFosterCare]))
        .filter(children::birth_date.le(born_by))
        .order((children::birth_date.asc(), children::id.asc()))
        .select(ChildSummary::as_select())
        .load(conn)
}

/// Where a child came from, as the archive recorded it at intake and through transfers: the place the
/// child was found (入院登记) and the institutions the child was in before the current one, oldest first
/// (from the archive's history rows of `relocate`). The adulthood module derives the responsible placing
/// authority from it (谁送养谁安置, ADU-05).
#[derive(Debug, Clone, Serialize)]
pub struct ChildOrigin {
    pub child_id: ChildId,
    pub found_place: String,
    pub institution_id: crate::org::InstitutionId,
    pub earlier_institutions: Vec<crate::org::InstitutionId>,
}

/// The origins of the given children, in id order (the caller has decided the user may see them).
pub fn origins(conn: &mut DbConn, ids: &[ChildId]) -> QueryResult<Vec<ChildOrigin>> {
    use crate::db::schema::child_changes as cc;
    let rows: Vec<(ChildId, String, crate::org::InstitutionId)> = children::table
        .filter(children::id.eq_any(ids))
        .order(children::id.asc())
        .select((
            children::id,
            children::found_place,
            children::institution_id,
        ))
        .load(conn)?;
    let moves: Vec<(i64, String)> = cc::table
        .filter(cc::child_id.eq_any(ids.iter().map(|i| i.0)))
        .filter(cc::field.eq("institution"))
        .order((cc::changed_at.asc(), cc::id.asc()))
        .select((cc::child_id, cc::old_value))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(child_id, found_place, institution_id)| ChildOrigin {
            child_id,
            found_place,
            institution_id,
            earlier_institutions: moves
                .iter()
                .filter(|(c, _)| *c == child_id.0)
                .filter_map(|(_, old)| old.parse::<i64>().ok())
                .map(crate::org::InstitutionId)
                .collect(),
        })
        .collect())
}

/// Admit a child through the intake form's checks, as the user of `op` (for other modules' demo data,
/// e.g. the young people of the adulthood demo, whose ages must be exact). Refusals come back per field.
pub fn admit(
    conn: &mut DbConn,
    op: &Op<'_>,
    form: &super::form::ChildForm,
) -> AppResult<Result<ChildId, FieldErrors>> {
    service::intake(conn, op, form)
}
