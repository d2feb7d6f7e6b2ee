//! The placing institution marks a child available (送养, issue 13 point 1) and the registrar files an
//! application (point 2). Each is one write transaction with its audit row; refusals come back per field.

use super::refusal::Refused;
use crate::adoption::model::{self, AppState};
use crate::adoption::rules::{clock, Category, Relation, Sex};
use crate::archive::{self, ChildId, ChildStatus};
use crate::audit::{self, Event};
use crate::db::schema::{adoption_applicants, adoption_applications, adoption_availability};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::{FieldErrors, Op};
use chrono::NaiveDate;
use diesel::prelude::*;

/// A marking as typed (already parsed; empty dates are `None`).
pub struct MarkInput {
    pub child: ChildId,
    pub category: Option<Category>,
    pub basis: String,
    pub notice_start: Option<NaiveDate>,
    pub notice_medium: String,
    pub notice_result: String,
    pub trafficked: bool,
    pub police_certificate: Option<NaiveDate>,
}

/// Mark an institution child available for adoption with its legal basis (民法典 第1093条, 第1094条(二)).
/// ADP-15: a parents-unknown child needs the public notice's start and medium; ADP-29: a
/// trafficking-rescued child needs the police certificate issued 12 months (policy) after entering care.
pub fn mark_available(
    conn: &mut DbConn,
    op: &Op<'_>,
    f: &MarkInput,
) -> AppResult<Result<i64, FieldErrors>> {
    let tr = op.tr;
    let mut e = FieldErrors::default();
    // Only the child's own institution places it (the archive scope: another institution's child is 404).
    let child = archive::load_in_scope(conn, op.user, f.child)?;
    if !matches!(
        child.status,
        ChildStatus::Active | ChildStatus::InFosterCare
    ) {
        Refused::Child.add_to(&mut e, tr);
    }
    if model::availability_of(conn, f.child.0)?.is_some() {
        Refused::AlreadyOpen.add_to(&mut e, tr);
    }
    // 第1093条: only these three categories are placed by an institution; "parents able" is not.
    let category = match f.category {
        Some(c) if c != Category::ParentsAble => Some(c),
        _ => {
            Refused::Category.add_to(&mut e, tr);
            None
        }
    };
    if category == Some(Category::ParentsUnknown) {
        match f.notice_start {
            None => Refused::NoticeStart.add_to(&mut e, tr),
            Some(d) if d > op.today => Refused::Date.add_to(&mut e, tr),
            Some(_) => {}
        }
        if f.notice_medium.trim().is_empty() {
            Refused::NoticeMedium.add_to(&mut e, tr);
        }
    }
    if f.trafficked {
        let div = division(conn, child.institution_id)?;
        let months = crate::policy::int(
            conn,
            crate::policy::keys::ADOPTION_TRAFFICKED_CERT_MIN_MONTHS,
            div,
            op.today,
        )?;
        let ok = f.police_certificate.is_some_and(|d| {
            d <= op.today
                && clock::trafficking_certificate_ok(
                    child.intake_date,
                    d,
                    u32::try_from(months.max(0)).unwrap_or(12),
                )
        });
        if !ok {
            Refused::PoliceCertificate.add_to(&mut e, tr);
        }
    }
    let Some(category) = category else {
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let text = |s: &str, n: usize| s.trim().chars().take(n).collect::<String>();
    let id = crate::db::write_tx(conn, |c| -> AppResult<i64> {
        diesel::insert_into(adoption_availability::table)
            .values((
                adoption_availability::child_id.eq(f.child.0),
                adoption_availability::institution_id.eq(child.institution_id.0),
                adoption_availability::category.eq(category.code()),
                adoption_availability::basis.eq(text(&f.basis, 500)),
                adoption_availability::notice_start.eq(f.notice_start),
                adoption_availability::notice_medium.eq(text(&f.notice_medium, 200)),
                adoption_availability::notice_result.eq(text(&f.notice_result, 500)),
                adoption_availability::trafficked.eq(f.trafficked),
                adoption_availability::entered_care.eq(Some(child.intake_date)),
                adoption_availability::police_certificate.eq(f.police_certificate),
                adoption_availability::marked_by.eq(op.user.id.0),
                adoption_availability::marked_at.eq(op.now),
                adoption_availability::version.eq(1),
            ))
            .execute(c)?;
        // Inside the write transaction: the row just inserted is this user's latest.
        let id: i64 = adoption_availability::table
            .filter(adoption_availability::marked_by.eq(op.user.id.0))
            .order(adoption_availability::id.desc())
            .select(adoption_availability::id)
            .first(c)?;
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_mark", "child", f.child).with_detail(category.code()),
        )?;
        Ok(id)
    })?;
    Ok(Ok(id))
}

/// The division of an institution (for its policy values).
pub fn division(conn: &mut DbConn, inst: crate::org::InstitutionId) -> AppResult<Option<i64>> {
    Ok(crate::org::model::holding(conn, inst)?.map(|i| i.division_id))
}

/// One applicant as typed.
pub struct ApplicantInput {
    pub name: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub children_count: Option<u32>,
    pub disqualifying_disease: bool,
    pub harmful_record: bool,
    pub able_to_raise: bool,
    pub overseas_chinese: bool,
    pub foreign_national: bool,
}

/// An application as typed by the registrar.
pub struct ApplicationInput {
    pub child: ChildId,
    pub received_on: Option<NaiveDate>,
    pub married: bool,
    pub spouse_joins: bool,
    pub relation: Option<Relation>,
    pub child_consent: Option<bool>,
    /// Adoptions since the applicants were childless (第1100条第一款).
    pub prior_adoptions: u32,
    pub applicants: Vec<ApplicantInput>,
}

/// The registrar files an application with their bureau (issue 13 point 2). ADP-17: the child must be
/// marked available by an institution in the bureau's area (the county bureau where the institution is).
pub fn file_application(
    conn: &mut DbConn,
    op: &Op<'_>,
    f: &ApplicationInput,
) -> AppResult<Result<i64, FieldErrors>> {
    let tr = op.tr;
    let bureau = op.user.institution_id.ok_or(AppError::Forbidden)?;
    let mut e = FieldErrors::default();
    let marked = model::availability_of(conn, f.child.0)?;
    let placing = match marked {
        None => {
            Refused::Child.add_to(&mut e, tr);
            None
        }
        Some(m) => {
            let same = division(conn, bureau)?
                == division(conn, crate::org::InstitutionId(m.institution_id))?;
            if !same {
                Refused::Jurisdiction.add_to(&mut e, tr);
            }
            Some(m.institution_id)
        }
    };
    if let Some(a) = model::application_for_child(conn, f.child.0)? {
        if matches!(
            a.state(),
            Some(AppState::Received | AppState::Integration | AppState::Registered)
        ) {
            Refused::AlreadyOpen.add_to(&mut e, tr);
        }
    }
    match f.received_on {
        None => Refused::Date.add_to(&mut e, tr),
        Some(d) if d > op.today => Refused::Date.add_to(&mut e, tr),
        Some(_) => {}
    }
    if f.relation.is_none() {
        Refused::Relation.add_to(&mut e, tr);
    }
    for (i, a) in f.applicants.iter().enumerate() {
        let p = if i == 0 { "a1_" } else { "a2_" };
        let field = |s: &str| -> &'static str {
            match (p, s) {
                ("a1_", "name") => "a1_name",
                ("a1_", "sex") => "a1_sex",
                ("a1_", "birth") => "a1_birth_date",
                ("a1_", "count") => "a1_children_count",
                (_, "name") => "a2_name",
                (_, "sex") => "a2_sex",
                (_, "birth") => "a2_birth_date",
                _ => "a2_children_count",
            }
        };
        if a.name.trim().is_empty() {
            e.add(
                field("name"),
                tr.t(&Refused::ApplicantName.key()).to_string(),
            );
        }
        if a.sex.is_none() {
            e.add(field("sex"), tr.t(&Refused::ApplicantSex.key()).to_string());
        }
        if a.birth_date.is_none_or(|d| d > op.today) {
            e.add(
                field("birth"),
                tr.t(&Refused::ApplicantBirth.key()).to_string(),
            );
        }
        if a.children_count.is_none() {
            e.add(
                field("count"),
                tr.t(&Refused::ChildrenCount.key()).to_string(),
            );
        }
    }
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let (Some(placing), Some(received), Some(relation)) = (placing, f.received_on, f.relation)
    else {
        return Ok(Err(e));
    };
    let id = crate::db::write_tx(conn, |c| -> AppResult<i64> {
        diesel::insert_into(adoption_applications::table)
            .values((
                adoption_applications::bureau_id.eq(bureau.0),
                adoption_applications::child_id.eq(f.child.0),
                adoption_applications::placing_institution_id.eq(placing),
                adoption_applications::state.eq(AppState::Received.code()),
                adoption_applications::received_on.eq(received),
                adoption_applications::married.eq(f.married),
                adoption_applications::spouse_joins.eq(f.spouse_joins),
                adoption_applications::relation.eq(relation.code()),
                adoption_applications::child_consent.eq(f.child_consent),
                adoption_applications::prior_adoptions
                    .eq(i32::try_from(f.prior_adoptions).unwrap_or(i32::MAX)),
                adoption_applications::refusal_reasons.eq(""),
                adoption_applications::created_by.eq(op.user.id.0),
                adoption_applications::created_at.eq(op.now),
                adoption_applications::updated_at.eq(op.now),
                adoption_applications::version.eq(1),
            ))
            .execute(c)?;
        let id: i64 = adoption_applications::table
            .filter(adoption_applications::created_by.eq(op.user.id.0))
            .order(adoption_applications::id.desc())
            .select(adoption_applications::id)
            .first(c)?;
        for a in &f.applicants {
            diesel::insert_into(adoption_applicants::table)
                .values((
                    adoption_applicants::application_id.eq(id),
                    adoption_applicants::name.eq(a
                        .name
                        .trim()
                        .chars()
                        .take(100)
                        .collect::<String>()),
                    adoption_applicants::sex.eq(a.sex.map(|s| s.code()).unwrap_or("M")),
                    adoption_applicants::birth_date.eq(a.birth_date.unwrap_or(received)),
                    adoption_applicants::children_count
                        .eq(i32::try_from(a.children_count.unwrap_or(0)).unwrap_or(i32::MAX)),
                    adoption_applicants::disqualifying_disease.eq(a.disqualifying_disease),
                    adoption_applicants::harmful_record.eq(a.harmful_record),
                    adoption_applicants::able_to_raise.eq(a.able_to_raise),
                    adoption_applicants::overseas_chinese.eq(a.overseas_chinese),
                    adoption_applicants::foreign_national.eq(a.foreign_national),
                    adoption_applicants::attended.eq(false),
                ))
                .execute(c)?;
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_apply", "adoption_application", id),
        )?;
        Ok(id)
    })?;
    Ok(Ok(id))
}

/// The placing institution withdraws a marking (撤回送养): the child is no longer offered. Refused while
/// an application for the child is under review (the registrar decides it first).
pub fn withdraw_marking(
    conn: &mut DbConn,
    op: &Op<'_>,
    marking: i64,
    version: i32,
) -> AppResult<Result<(), FieldErrors>> {
    let m = model::marking(conn, marking)?.ok_or(AppError::NotFound)?;
    // The child's own institution only: another institution's child is 404 (archive scope).
    archive::load_in_scope(conn, op.user, ChildId(m.child_id))?;
    let mut e = FieldErrors::default();
    if m.withdrawn_at.is_some() {
        return Err(AppError::NotFound);
    }
    if let Some(a) = model::application_for_child(conn, m.child_id)? {
        if matches!(
            a.state(),
            Some(AppState::Received | AppState::Integration | AppState::Registered)
        ) {
            e.add(
                "withdraw",
                op.tr.t("adoption.err.withdraw_open").to_string(),
            );
            return Ok(Err(e));
        }
    }
    crate::db::write_tx(conn, |c| -> AppResult<()> {
        let n = diesel::update(
            adoption_availability::table
                .find(marking)
                .filter(adoption_availability::version.eq(version)),
        )
        .set((
            adoption_availability::withdrawn_at.eq(Some(op.now)),
            adoption_availability::version.eq(version + 1),
        ))
        .execute(c)?;
        if n == 0 {
            return Err(AppError::Conflict(op.tr.t("err.stale_version").into()));
        }
        audit::record(
            c,
            op.now,
            op.actor,
            &Event::ok("adoption_withdraw", "child", ChildId(m.child_id)),
        )?;
        Ok(())
    })?;
    Ok(Ok(()))
}
