//! Archive operations, each in one write transaction with its audit rows: intake, edit with history,
//! discharge, documents, restrictions, borrowing requests; and the completeness check.

use super::form::ChildForm;
use super::model::{self, Child, ChildFields, IntakeFacts, NewDocument};
use super::rules::{self, CaseType};
use crate::audit::{self, Actor, Event};
use crate::auth::model::User;
use crate::auth::scope::{self, InstitutionScope};
use crate::db::schema::{archive_requests, child_documents, child_restrictions, children};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
pub use crate::platform::Op;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// A discharge as typed.
pub struct DischargeInput<'a> {
    pub reason: &'a str,
    pub date: &'a str,
    pub note: &'a str,
    pub version: i32,
}

/// Policy values the intake needs, read for the institution's division on the intake day.
pub struct IntakePolicy {
    pub revised_from: NaiveDate,
    pub street_months: u32,
}

pub fn intake_policy(
    conn: &mut DbConn,
    division_id: i64,
    today: NaiveDate,
) -> AppResult<IntakePolicy> {
    Ok(IntakePolicy {
        revised_from: crate::policy::date(
            conn,
            crate::policy::keys::INTAKE_REVISED_CATEGORIES_FROM,
            Some(division_id),
            today,
        )?,
        street_months: crate::policy::int(
            conn,
            crate::policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS,
            Some(division_id),
            today,
        )?
        .clamp(0, 120) as u32,
    })
}

/// The scope for children: the user's institution scope.
pub fn child_scope(conn: &mut DbConn, user: &User) -> QueryResult<InstitutionScope> {
    scope::institution_scope(conn, user)
}

/// Load a child the user may see, or 404.
pub fn load(conn: &mut DbConn, user: &User, id: i64) -> AppResult<Child> {
    let sc = child_scope(conn, user)?;
    model::find_in_scope(conn, &sc, id)?.ok_or(AppError::NotFound)
}

/// Admit a child into the user's institution. Returns the new child's id or the per-field errors.
pub fn intake(
    conn: &mut DbConn,
    op: &Op<'_>,
    form: &ChildForm,
) -> AppResult<Result<i64, FieldErrors>> {
    let (tr, user, actor, today, now) = (op.tr, op.user, op.actor, op.today, op.now);
    let inst_id = user.institution_id.ok_or(AppError::Forbidden)?;
    let inst = crate::org::model::find_in_scope(conn, &InstitutionScope::All, inst_id)?
        .ok_or(AppError::NotFound)?;
    let pol = intake_policy(conn, inst.division_id, today)?;
    let (fields, cat, case, intake_date) =
        match form.parse_intake(tr, today, pol.revised_from, pol.street_months) {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        };
    crate::db::write_tx(conn, |c| {
        if let Some(id) = &fields.id_number {
            let dup: i64 = children::table
                .filter(children::id_number.eq(id))
                .count()
                .get_result(c)?;
            if dup > 0 {
                let mut e = FieldErrors::default();
                e.add("id_number", tr.t("err.id_taken"));
                return Ok(Err(e));
            }
        }
        let archive_no = model::next_archive_no(c, inst.id, &inst.code, intake_date.year())?;
        let facts = IntakeFacts {
            archive_no,
            institution_id: inst.id,
            status: model::ACTIVE.into(),
            intake_category: cat.code().into(),
            archive_class: cat.archive_class().to_string(),
            case_type: case.code().into(),
            intake_date,
            admitted_by: user.id,
            responsible_user_id: (user.role.as_str() == "social-worker").then_some(user.id),
            discharge_note: String::new(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let id = model::insert_child(c, &facts, &fields)?;
        model::add_entry(
            c,
            &super::interface::NewEntry {
                child_id: id,
                section: "intake",
                date: intake_date,
                kind: "intake",
                summary: &format!("{} · {}", cat.code(), case.code()),
                module: "archive",
                reference: None,
            },
            Some(user.id),
            now,
        )?;
        audit::record(
            c,
            now,
            actor,
            &Event::ok("create", "child", id).with_detail("intake"),
        )?;
        Ok(Ok(id))
    })
}

/// Why an edit was refused.
pub enum EditOutcome {
    Saved,
    Invalid(FieldErrors),
}

/// Edit the child's fields, carrying the version the editor saw; every changed field is kept in the
/// history with who, when, old, new; changing a value that was already filled in needs a reason.
pub fn update(conn: &mut DbConn, op: &Op<'_>, id: i64, form: &ChildForm) -> AppResult<EditOutcome> {
    let (tr, user, actor, today, now) = (op.tr, op.user, op.actor, op.today, op.now);
    let child = load(conn, user, id)?;
    if child.status != model::ACTIVE {
        return Err(AppError::bad("archive_closed", tr.t("err.archive_closed")));
    }
    let version: i32 = form
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::bad("bad_version", tr.t("err.stale_version")))?;
    if version != child.version {
        return Err(AppError::Conflict(tr.t("err.stale_version").into()));
    }
    let mut e = FieldErrors::default();
    let Some(fields) = form.parse_fields(tr, &mut e, today, Some(child.intake_date)) else {
        return Ok(EditOutcome::Invalid(e));
    };
    let old = ChildFields::from_child(&child);
    let changed: Vec<(&'static str, String, String)> = old
        .pairs()
        .into_iter()
        .zip(fields.pairs())
        .filter(|((_, a), (_, b))| a != b)
        .map(|((k, a), (_, b))| (k, a, b))
        .collect();
    if changed.is_empty() {
        return Ok(EditOutcome::Saved);
    }
    let reason = form.reason.trim().chars().take(500).collect::<String>();
    if reason.is_empty()
        && changed
            .iter()
            .any(|(_, old, _)| !old.is_empty() && old != "false")
    {
        e.add("reason", tr.t("err.reason_required"));
        return Ok(EditOutcome::Invalid(e));
    }
    if let Some(idn) = &fields.id_number {
        let dup: i64 = children::table
            .filter(children::id_number.eq(idn))
            .filter(children::id.ne(id))
            .count()
            .get_result(conn)?;
        if dup > 0 {
            e.add("id_number", tr.t("err.id_taken"));
            return Ok(EditOutcome::Invalid(e));
        }
    }
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            children::table
                .find(id)
                .filter(children::version.eq(version))
                .filter(children::status.eq(model::ACTIVE)),
        )
        .set((
            &fields,
            children::version.eq(version + 1),
            children::updated_at.eq(now),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(tr.t("err.stale_version").into()));
        }
        for (field, old, new) in &changed {
            model::insert_change(c, id, field, old, new, &reason, user.id, now)?;
        }
        let names: Vec<&str> = changed.iter().map(|(f, _, _)| *f).collect();
        audit::record(
            c,
            now,
            actor,
            &Event::ok("update", "child", id).with_detail(format!("fields: {}", names.join(","))),
        )?;
        Ok(EditOutcome::Saved)
    })
}

/// Discharge (离院): closes the archive to edits; it is kept permanently.
pub fn discharge(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: i64,
    input: &DischargeInput<'_>,
) -> AppResult<Result<(), FieldErrors>> {
    let (tr, user, actor, today, now) = (op.tr, op.user, op.actor, op.today, op.now);
    let (reason, date, note, version) = (input.reason, input.date, input.note, input.version);
    let child = load(conn, user, id)?;
    if child.status != model::ACTIVE {
        return Err(AppError::bad("archive_closed", tr.t("err.archive_closed")));
    }
    if version != child.version {
        return Err(AppError::Conflict(tr.t("err.stale_version").into()));
    }
    let mut e = FieldErrors::default();
    let Ok(d) = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") else {
        e.add("discharge_date", tr.t("err.date"));
        return Ok(Err(e));
    };
    let inst =
        crate::org::model::find_in_scope(conn, &InstitutionScope::All, child.institution_id)?
            .ok_or(AppError::NotFound)?;
    let adult_age = crate::policy::int(
        conn,
        crate::policy::keys::CHILD_ADULT_AGE,
        Some(inst.division_id),
        d,
    )? as i32;
    if let Err(p) = rules::check_discharge(
        reason,
        d,
        child.intake_date,
        child.birth_date,
        today,
        adult_age,
    ) {
        let (field, key) = match p {
            rules::DischargeProblem::UnknownReason => ("discharge_reason", "err.choose"),
            rules::DischargeProblem::BeforeIntake => {
                ("discharge_date", "err.discharge_before_intake")
            }
            rules::DischargeProblem::InFuture => ("discharge_date", "err.date_future"),
            rules::DischargeProblem::NotAdult => ("discharge_reason", "err.not_adult"),
        };
        e.add(field, tr.t(key));
        return Ok(Err(e));
    }
    let note: String = note.trim().chars().take(500).collect();
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            children::table
                .find(id)
                .filter(children::version.eq(version))
                .filter(children::status.eq(model::ACTIVE)),
        )
        .set((
            children::status.eq(model::DISCHARGED),
            children::discharge_date.eq(Some(d)),
            children::discharge_reason.eq(Some(reason)),
            children::discharge_note.eq(&note),
            children::version.eq(version + 1),
            children::updated_at.eq(now),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(tr.t("err.stale_version").into()));
        }
        model::insert_change(
            c,
            id,
            "status",
            model::ACTIVE,
            model::DISCHARGED,
            reason,
            user.id,
            now,
        )?;
        model::add_entry(
            c,
            &super::interface::NewEntry {
                child_id: id,
                section: "discharge",
                date: d,
                kind: "discharge",
                summary: reason,
                module: "archive",
                reference: None,
            },
            Some(user.id),
            now,
        )?;
        audit::record(
            c,
            now,
            actor,
            &Event::ok("status_change", "child", id).with_detail(format!("discharged: {reason}")),
        )?;
        Ok(Ok(()))
    })
}

/// An uploaded file, before checks.
pub struct Upload {
    pub section: String,
    pub doc_type: String,
    pub title: String,
    pub doc_date: String,
    pub issuing_body: String,
    pub file_name: String,
    pub claimed_type: Option<String>,
    pub bytes: Vec<u8>,
    /// A document this one replaces, with the reason.
    pub replaces: Option<i64>,
    pub replace_reason: String,
}

/// The accepted file types, identified from the bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("application/pdf") => Some("application/pdf"),
        Some("image/jpeg") => Some("image/jpeg"),
        Some("image/png") => Some("image/png"),
        _ => None,
    }
}

fn extension_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit('.').next()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some("application/pdf"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        _ => None,
    }
}

/// Check and store a document: PDF/JPEG/PNG by content, matching what the name and the declared type
/// claim; within the size limit; stored by SHA-256 under the data folder; never overwriting.
pub fn add_document(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: i64,
    up: Upload,
    uploads_dir: &std::path::Path,
) -> AppResult<Result<i64, FieldErrors>> {
    let (tr, user, actor, today, now) = (op.tr, op.user, op.actor, op.today, op.now);
    let child = load(conn, user, child_id)?;
    if child.status != model::ACTIVE {
        return Err(AppError::bad("archive_closed", tr.t("err.archive_closed")));
    }
    let inst =
        crate::org::model::find_in_scope(conn, &InstitutionScope::All, child.institution_id)?
            .ok_or(AppError::NotFound)?;
    let max_mb = crate::policy::int(
        conn,
        crate::policy::keys::ARCHIVE_UPLOAD_MAX_MB,
        Some(inst.division_id),
        today,
    )?;
    let mut e = FieldErrors::default();
    if !rules::is_section(&up.section) {
        e.add("section", tr.t("err.choose"));
    }
    let doc_type = if up.doc_type.is_empty() {
        "other".to_string()
    } else {
        up.doc_type.clone()
    };
    if !rules::DOCUMENT_TYPES.contains(&doc_type.as_str()) {
        e.add("doc_type", tr.t("err.choose"));
    }
    let title = crate::platform::forms::text(&mut e, tr, "title", &up.title, true, 100);
    let issuing =
        crate::platform::forms::text(&mut e, tr, "issuing_body", &up.issuing_body, false, 100);
    let doc_date = match up.doc_date.trim() {
        "" => None,
        s => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if d <= today => Some(d),
            Ok(_) => {
                e.add("doc_date", tr.t("err.date_future"));
                None
            }
            Err(_) => {
                e.add("doc_date", tr.t("err.date"));
                None
            }
        },
    };
    let name = up.file_name.trim();
    let sniffed = sniff(&up.bytes);
    if up.bytes.is_empty() {
        e.add("file", tr.t("err.file_missing"));
    } else if name.contains('/')
        || name.contains('\\')
        || name.contains("..")
        || name.chars().any(char::is_control)
        || name.chars().count() > 120
    {
        e.add("file", tr.t("err.file_name"));
    } else if up.bytes.len() as i64 > max_mb * 1024 * 1024 {
        e.add(
            "file",
            tr.tf("err.file_too_large", &[("n", &max_mb.to_string())]),
        );
    } else if sniffed.is_none() {
        e.add("file", tr.t("err.file_type"));
    } else if extension_type(name) != sniffed
        || up
            .claimed_type
            .as_deref()
            .is_some_and(|c| c != "application/octet-stream" && Some(c) != sniffed)
    {
        e.add("file", tr.t("err.file_type_mismatch"));
    }
    let replaced = match up.replaces {
        Some(rid) => {
            let doc: Option<(i64, Option<i64>)> = child_documents::table
                .filter(child_documents::id.eq(rid))
                .filter(child_documents::child_id.eq(child_id))
                .select((child_documents::id, child_documents::superseded_by))
                .first(conn)
                .optional()?;
            match doc {
                None | Some((_, Some(_))) => {
                    e.add("replaces", tr.t("err.choose"));
                    None
                }
                Some((id, None)) => {
                    if up.replace_reason.trim().is_empty() {
                        e.add("replace_reason", tr.t("err.reason_required"));
                    }
                    Some(id)
                }
            }
        }
        None => None,
    };
    let (Some(mime), true) = (sniffed, e.is_empty()) else {
        return Ok(Err(e));
    };
    let sha = super::store::put(uploads_dir, &up.bytes).map_err(AppError::internal)?;
    let reason: String = up.replace_reason.trim().chars().take(300).collect();
    crate::db::write_tx(conn, |c| {
        let id = model::insert_document(
            c,
            &NewDocument {
                child_id,
                section: up.section.clone(),
                doc_type: doc_type.clone(),
                title,
                doc_date,
                issuing_body: issuing,
                sha256: sha.clone(),
                mime: mime.into(),
                size_bytes: up.bytes.len() as i64,
                original_name: name.to_string(),
                uploaded_by: user.id,
                uploaded_at: now,
            },
        )?;
        if let Some(old) = replaced {
            diesel::update(
                child_documents::table
                    .find(old)
                    .filter(child_documents::superseded_by.is_null()),
            )
            .set((
                child_documents::superseded_by.eq(Some(id)),
                child_documents::superseded_reason.eq(Some(&reason)),
            ))
            .execute(c)?;
            audit::record(
                c,
                now,
                actor,
                &Event::ok("supersede", "child_document", old).with_detail(format!("by {id}")),
            )?;
        }
        if doc_type == "photo" && mime != "application/pdf" {
            diesel::update(children::table.find(child_id))
                .set(children::photo_document_id.eq(Some(id)))
                .execute(c)?;
        }
        audit::record(
            c,
            now,
            actor,
            &Event::ok("create", "child_document", id).with_detail(format!("child {child_id}")),
        )?;
        Ok(Ok(id))
    })
}

/// Key facts and documents still missing for one child (completeness).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missing {
    pub documents: Vec<&'static str>,
    pub fields: Vec<&'static str>,
}

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.fields.is_empty()
    }
    pub fn count(&self) -> usize {
        self.documents.len() + self.fields.len()
    }
}

/// Pure completeness check over a child and the types of its current (not superseded) documents.
pub fn missing_items(child: &Child, present_doc_types: &[String]) -> Missing {
    let mut m = Missing::default();
    if let Some(case) = CaseType::parse(&child.case_type) {
        for d in case.required_documents() {
            if !present_doc_types.iter().any(|p| p == d) {
                m.documents.push(d);
            }
        }
    }
    if child.photo_document_id.is_none() {
        m.fields.push("photo");
    }
    if child.hukou_status == "registered" && child.id_number.is_none() {
        m.fields.push("id_number");
    }
    if child.hukou_status == "registered" && child.hukou_place.is_empty() {
        m.fields.push("hukou_place");
    }
    if child.ethnicity.is_empty() {
        m.fields.push("ethnicity");
    }
    if child.archive_class == "A" && (child.found_place.is_empty() || child.found_date.is_none()) {
        m.fields.push("found_place");
    }
    if matches!(
        child.case_type.as_str(),
        "abandoned" | "trafficking-rescued"
    ) && child.police_report_no.is_empty()
    {
        m.fields.push("police_report_no");
    }
    if child.disability_grade.is_some() && child.disability_cert_no.is_empty() {
        m.fields.push("disability_cert_no");
    }
    if child.guardian_department.is_empty() {
        m.fields.push("guardian_department");
    }
    m
}

/// Current document types per child, for a set of children (one query).
pub fn present_types(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    child_documents::table
        .filter(child_documents::child_id.eq_any(ids))
        .filter(child_documents::superseded_by.is_null())
        .select((child_documents::child_id, child_documents::doc_type))
        .load(conn)
}

/// Active children of the institutions in scope with missing items, oldest intake first.
pub fn quality(conn: &mut DbConn, sc: &InstitutionScope) -> QueryResult<Vec<(Child, Missing)>> {
    let mut q = children::table
        .filter(children::status.eq(model::ACTIVE))
        .select(Child::as_select())
        .into_boxed();
    if let InstitutionScope::Only(ids) = sc {
        q = q.filter(children::institution_id.eq_any(ids.clone()));
    }
    let kids: Vec<Child> = q
        .order((children::intake_date.asc(), children::id.asc()))
        .load(conn)?;
    let mut out = Vec::new();
    for chunk in kids.chunks(500) {
        let ids: Vec<i64> = chunk.iter().map(|c| c.id).collect();
        let types = present_types(conn, &ids)?;
        for c in chunk {
            let mine: Vec<String> = types
                .iter()
                .filter(|(id, _)| *id == c.id)
                .map(|(_, t)| t.clone())
                .collect();
            let m = missing_items(c, &mine);
            if !m.is_empty() {
                out.push((c.clone(), m));
            }
        }
    }
    Ok(out)
}

/// Set a restriction flag (e.g. adoption secrecy) on an archive.
pub fn restrict(
    conn: &mut DbConn,
    user: &User,
    actor: &Actor,
    child_id: i64,
    kind: &str,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    load(conn, user, child_id)?;
    let kinds = model::restriction_kinds(conn)?;
    if !kinds.iter().any(|k| k.code == kind) || reason.trim().is_empty() {
        return Err(AppError::bad(
            "bad_restriction",
            "choose a restriction and give a reason / 请选择限制类型并说明理由",
        ));
    }
    crate::db::write_tx(conn, |c| {
        diesel::insert_into(child_restrictions::table)
            .values((
                child_restrictions::child_id.eq(child_id),
                child_restrictions::kind_code.eq(kind),
                child_restrictions::reason.eq(reason.trim()),
                child_restrictions::set_by.eq(user.id),
                child_restrictions::set_at.eq(now),
            ))
            .execute(c)?;
        audit::record(
            c,
            now,
            actor,
            &Event::ok("restrict", "child", child_id).with_detail(kind.to_string()),
        )?;
        Ok(())
    })
}

/// Record a request to borrow or copy an archive (借阅/复制); the head decides.
pub fn request_access(
    conn: &mut DbConn,
    op: &Op<'_>,
    child_id: i64,
    kind: &str,
    purpose: &str,
) -> AppResult<Result<i64, FieldErrors>> {
    let (tr, user, actor, now) = (op.tr, op.user, op.actor, op.now);
    load(conn, user, child_id)?;
    let mut e = FieldErrors::default();
    if !matches!(kind, "borrow" | "copy") {
        e.add("kind", tr.t("err.choose"));
    }
    let purpose = crate::platform::forms::text(&mut e, tr, "purpose", purpose, true, 300);
    if !e.is_empty() {
        return Ok(Err(e));
    }
    crate::db::write_tx(conn, |c| {
        diesel::insert_into(archive_requests::table)
            .values((
                archive_requests::child_id.eq(child_id),
                archive_requests::kind.eq(kind),
                archive_requests::purpose.eq(&purpose),
                archive_requests::requested_by.eq(user.id),
                archive_requests::requested_at.eq(now),
                archive_requests::status.eq("pending"),
                archive_requests::decision_note.eq(""),
            ))
            .execute(c)?;
        let id: i64 = archive_requests::table
            .filter(archive_requests::child_id.eq(child_id))
            .order(archive_requests::id.desc())
            .select(archive_requests::id)
            .first(c)?;
        audit::record(
            c,
            now,
            actor,
            &Event::ok("create", "archive_request", id)
                .with_detail(format!("{kind} child {child_id}")),
        )?;
        Ok(Ok(id))
    })
}

/// The head approves or refuses a pending request for a child of their institution.
pub fn decide_request(
    conn: &mut DbConn,
    user: &User,
    actor: &Actor,
    request_id: i64,
    approve: bool,
    note: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let req: model::ArchiveRequest = archive_requests::table
        .find(request_id)
        .select(model::ArchiveRequest::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    load(conn, user, req.child_id)?;
    if req.status != "pending" {
        return Err(AppError::Conflict("already decided / 已处理".into()));
    }
    let status = if approve { "approved" } else { "refused" };
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            archive_requests::table
                .find(request_id)
                .filter(archive_requests::status.eq("pending")),
        )
        .set((
            archive_requests::status.eq(status),
            archive_requests::decided_by.eq(Some(user.id)),
            archive_requests::decided_at.eq(Some(now)),
            archive_requests::decision_note.eq(note.trim().chars().take(300).collect::<String>()),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict("already decided / 已处理".into()));
        }
        audit::record(
            c,
            now,
            actor,
            &Event::ok("status_change", "archive_request", request_id)
                .with_detail(status.to_string()),
        )?;
        Ok(())
    })
}
