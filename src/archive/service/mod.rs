//! Archive operations, each in one write transaction with its audit rows: intake, edit with history,
//! discharge, documents, restrictions, borrowing requests; and the completeness check.
//!
//! By topic: this file holds loading, intake and edit; `discharge`, `documents` (upload checks),
//! `access` (restrictions and borrowing requests) and `quality` (completeness) hold the rest.

mod access;
mod discharge;
mod documents;
mod intake_checks;
mod notices;
mod quality;

pub use access::*;
pub use discharge::*;
pub use documents::*;
pub use intake_checks::BIRTH_FROM_ID_REASON;
pub use notices::*;
pub use quality::*;

use super::form::ChildForm;
use super::model::{self, Child, ChildFields, IntakeFacts};
use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::model::User;
use crate::auth::scope::{self, InstitutionScope};
use crate::db::schema::children;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::forms::FieldErrors;
pub use crate::platform::Op;
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

/// Policy values the intake needs, read for the institution's division on the intake day.
pub struct IntakePolicy {
    pub revised_from: NaiveDate,
    pub street_months: u32,
    /// TRF-01: from this date a county institution admits temporary categories only.
    pub county_closed_from: NaiveDate,
    /// 民法典 第17条: no one of this age or older is admitted.
    pub adult_age: i32,
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
        county_closed_from: crate::policy::date(
            conn,
            crate::policy::keys::INTAKE_COUNTY_LONG_TERM_CLOSED_FROM,
            Some(division_id),
            today,
        )?,
        adult_age: crate::policy::int(
            conn,
            crate::policy::keys::CHILD_ADULT_AGE,
            Some(division_id),
            today,
        )?
        .clamp(0, 120) as i32,
    })
}

/// The scope for children: the user's institution scope.
pub fn child_scope(conn: &mut DbConn, user: &User) -> QueryResult<InstitutionScope> {
    scope::institution_scope(conn, user)
}

/// Load a child the user may see, or 404.
pub fn load(conn: &mut DbConn, user: &User, id: ChildId) -> AppResult<Child> {
    let sc = child_scope(conn, user)?;
    model::find_in_scope(conn, &sc, id)?.ok_or(AppError::NotFound)
}

/// What an admission records besides the typed fields (the demo seeder admits through the same path).
pub(crate) struct Admission<'a> {
    pub institution: (crate::org::InstitutionId, &'a str),
    pub category: crate::archive::rules::IntakeCategory,
    pub case: crate::archive::rules::CaseType,
    pub intake_date: NaiveDate,
    pub admitted_by: crate::auth::UserId,
    pub responsible: Option<crate::auth::UserId>,
    pub now: chrono::NaiveDateTime,
}

/// The archive number, the child row and the intake entry, inside the caller's transaction.
pub(crate) fn insert_admission(
    c: &mut DbConn,
    a: &Admission<'_>,
    fields: &ChildFields,
) -> QueryResult<ChildId> {
    let (inst_id, inst_code) = a.institution;
    let archive_no = model::next_archive_no(c, inst_id, inst_code, a.intake_date.year())?;
    let facts = IntakeFacts {
        archive_no,
        institution_id: inst_id,
        status: model::ChildStatus::Active,
        intake_category: a.category.code().into(),
        archive_class: a.category.archive_class().to_string(),
        case_type: a.case.code().into(),
        intake_date: a.intake_date,
        admitted_by: a.admitted_by,
        responsible_user_id: a.responsible,
        discharge_note: String::new(),
        version: 1,
        created_at: a.now,
        updated_at: a.now,
    };
    let id = model::insert_child(c, &facts, fields)?;
    model::add_entry(
        c,
        &super::interface::NewEntry {
            child_id: id,
            section: "intake",
            date: a.intake_date,
            kind: "intake",
            summary: &format!("{} · {}", a.category.code(), a.case.code()),
            module: "archive",
            reference: None,
        },
        Some(a.admitted_by),
        a.now,
    )?;
    Ok(id)
}

/// Admit a child into the user's institution. Returns the new child's id or the per-field errors.
pub fn intake(
    conn: &mut DbConn,
    op: &Op<'_>,
    form: &ChildForm,
) -> AppResult<Result<ChildId, FieldErrors>> {
    let (tr, user, actor, today, now) = (op.tr, op.user, op.actor, op.today, op.now);
    let inst_id = user.institution_id.ok_or(AppError::Forbidden)?;
    let inst = crate::org::model::holding(conn, inst_id)?.ok_or(AppError::NotFound)?;
    let pol = intake_policy(conn, inst.division_id, today)?;
    let (fields, cat, case, intake_date) =
        match form.parse_intake(tr, today, pol.revised_from, pol.street_months) {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        };
    let mut e = FieldErrors::default();
    let exception = intake_checks::intake_limits(
        op,
        &mut e,
        &pol,
        &inst.kind,
        &fields,
        (cat, intake_date),
        &form.exception_reason,
    );
    if !e.is_empty() {
        return Ok(Err(e));
    }
    crate::db::write_tx(conn, |c| {
        if let Some(idn) = &fields.id_number {
            if !intake_checks::id_number_free(c, op, &mut e, idn, None)? {
                return Ok(Err(e));
            }
        }
        let id = insert_admission(
            c,
            &Admission {
                institution: (inst.id, &inst.code),
                category: cat,
                case,
                intake_date,
                admitted_by: user.id,
                responsible: (user.role == crate::auth::Role::SocialWorker).then_some(user.id),
                now,
            },
            &fields,
        )?;
        intake_checks::record_birth_correction(c, op, id, &form.birth_date, &fields)?;
        if let Some(reason) = &exception {
            // TRF-01 exception: on the record (入院 section) and before the supervisor.
            model::add_entry(
                c,
                &super::interface::NewEntry {
                    child_id: id,
                    section: "intake",
                    date: intake_date,
                    kind: "intake-exception",
                    summary: reason,
                    module: "archive",
                    reference: None,
                },
                Some(user.id),
                now,
            )?;
            let archive_no: String = children::table
                .find(id)
                .select(children::archive_no)
                .first(c)?;
            raise_intake_exception(c, op, id, &archive_no, inst.id, reason)?;
            crate::jobs::refresh(c, super::MODULE_NAME, today, now)?;
        }
        audit::record(
            c,
            now,
            actor,
            &Event::ok("create", "child", id).with_detail(if exception.is_some() {
                "intake (TRF-01 exception)"
            } else {
                "intake"
            }),
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
pub fn update(
    conn: &mut DbConn,
    op: &Op<'_>,
    id: ChildId,
    form: &ChildForm,
) -> AppResult<EditOutcome> {
    let (tr, user, actor, today, now) = (op.tr, op.user, op.actor, op.today, op.now);
    let child = load(conn, user, id)?;
    if child.status != model::ChildStatus::Active {
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
    // Point 16: a birth date the ID number corrected needs no typed reason; its history rows say why.
    let from_id =
        old.birth_date_estimated && !fields.birth_date_estimated && fields.id_number.is_some();
    let by_id = |f: &str| from_id && matches!(f, "birth_date" | "birth_date_estimated");
    if reason.is_empty()
        && changed
            .iter()
            .any(|(f, old, _)| !old.is_empty() && old != "false" && !by_id(f))
    {
        e.add("reason", tr.t("err.reason_required"));
        return Ok(EditOutcome::Invalid(e));
    }
    if let Some(idn) = &fields.id_number {
        let free = crate::db::write_tx(conn, |c| {
            intake_checks::id_number_free(c, op, &mut e, idn, Some(id))
        })?;
        if !free {
            return Ok(EditOutcome::Invalid(e));
        }
    }
    crate::db::write_tx(conn, |c| {
        let n = diesel::update(
            children::table
                .find(id)
                .filter(children::version.eq(version))
                .filter(children::status.eq(model::ChildStatus::Active)),
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
        if changed
            .iter()
            .any(|(f, _, _)| matches!(*f, "legal_name" | "former_names"))
        {
            model::name_chars::reindex(c, id)?;
        }
        for (field, old, new) in &changed {
            let why = if by_id(field) && reason.is_empty() {
                BIRTH_FROM_ID_REASON
            } else {
                reason.as_str()
            };
            model::insert_change(c, id, field, old, new, why, user.id, now)?;
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
