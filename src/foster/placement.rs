//! Matching and placement (issue 12 points 4, 5) and the end of a placement (point 8): the child's
//! status becomes "in foster care" through the archive's interface while guardianship stays with the
//! institution; the placement is filed in the child's 养育 section; any discharge of the child (an
//! adoption registered, …) ends the placement in the same transaction through [`super::CHILD_HOLD`].

use super::model::{Family, FamilyId, Stage};
use super::rules::{self, Failure, Guardianship};
use super::service;
use crate::archive::{ChildId, ChildStatus, ChildSummary};
use crate::db::schema::foster_placements as fp;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::platform::Op;
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fp)]
pub struct Placement {
    pub id: i64,
    pub family_id: FamilyId,
    pub child_id: ChildId,
    pub open_child_id: Option<i64>,
    pub institution_id: crate::org::InstitutionId,
    pub started_on: NaiveDate,
    pub integration_until: NaiveDate,
    pub child_opinion: String,
    pub child_consent: Option<bool>,
    pub ended_on: Option<NaiveDate>,
    pub end_side: Option<String>,
    pub end_reason: Option<String>,
    pub end_note: String,
    pub counselling: String,
    pub created_by: i64,
    pub created_at: chrono::NaiveDateTime,
    pub version: i32,
    /// FOS-21: the day the family's written notice to end the placement was received.
    pub notice_received_on: Option<NaiveDate>,
    /// FOS-24: the day the family said it wishes to adopt its foster child (priority to adopt).
    pub wishes_to_adopt_on: Option<NaiveDate>,
}

pub fn of_family(c: &mut DbConn, id: FamilyId) -> QueryResult<Vec<Placement>> {
    fp::table
        .filter(fp::family_id.eq(id))
        .order(fp::id.asc())
        .select(Placement::as_select())
        .load(c)
}

/// The open placement of a child, if any.
pub fn open_of_child(c: &mut DbConn, child: ChildId) -> QueryResult<Option<Placement>> {
    fp::table
        .filter(fp::open_child_id.eq(child.0))
        .select(Placement::as_select())
        .first(c)
        .optional()
}

/// The family's current foster children: its open placements (FOS-10 counts them).
pub fn open_count(c: &mut DbConn, id: FamilyId) -> QueryResult<i64> {
    fp::table
        .filter(fp::family_id.eq(id))
        .filter(fp::open_child_id.is_not_null())
        .count()
        .get_result(c)
}

/// What the social worker records about the child when placing (FOS-02, FOS-12).
pub struct ChildFacts {
    pub severe_disability: bool,
    pub consent: Option<bool>,
    pub opinion: String,
}

/// The engine for this family together with this child on `on`.
pub fn check_with_child(
    c: &mut DbConn,
    f: &Family,
    child: &ChildSummary,
    facts: &ChildFacts,
    on: NaiveDate,
) -> AppResult<(Vec<Failure>, super::policy::InForce)> {
    check_with_group(c, f, child, facts, on, 0)
}

/// The engine for this family with this child when `others` more children (the child's siblings) are
/// placed with it too: they count for FOS-10 and for the living area per person (FOS-04).
pub fn check_with_group(
    c: &mut DbConn,
    f: &Family,
    child: &ChildSummary,
    facts: &ChildFacts,
    on: NaiveDate,
    others: i64,
) -> AppResult<(Vec<Failure>, super::policy::InForce)> {
    let division = crate::org::model::holding(c, f.institution_id)?.map(|i| i.division_id);
    let Some(p) = super::policy::in_force(c, division, on)? else {
        return Err(AppError::bad(
            "foster_no_policy",
            "no foster rules are in force on this date",
        ));
    };
    let members = super::model::members(c, f.id)?;
    let placed = open_count(c, f.id)? + others;
    let filed = super::documents::filed(c, f.id)?;
    let fam = service::engine_family(f, &members, placed, true, &p, &filed);
    // A child in the institution's archive is under the civil-affairs department's guardianship
    // (long-term or temporary, 未保法 第92–93条): both satisfy FOS-01.
    let ch = rules::Child {
        birth_date: child.birth_date,
        guardianship: Guardianship::CivilAffairs,
        severe_disability_needing_professional_care: facts.severe_disability,
        consent: facts.consent,
    };
    Ok((rules::check(on, &fam, Some(&ch), &p.thresholds), p))
}

/// Why a placement is refused, per field of the placement form.
pub enum PlaceRefusal {
    /// The engine's failures for this family with this child (each with rule and article).
    Engine(Vec<Failure>),
    /// The child is 8 or older: the opinion must be recorded (未保法 第19条).
    OpinionRequired,
    /// The family has not signed its agreement (FOS-14).
    NotSigned,
    /// The child is not in care at the institution (already placed, discharged).
    ChildNotActive,
}

/// Placement (point 5): one transaction — the placement row, the child's status "in foster care"
/// (guardianship stays with the institution), the 养育 entry in the child's archive, the audit row.
pub fn place(
    c: &mut DbConn,
    op: &Op,
    id: FamilyId,
    child: ChildId,
    facts: &ChildFacts,
) -> AppResult<Result<i64, PlaceRefusal>> {
    let f = service::find(c, op, id)?;
    let k = crate::archive::load_in_scope(c, op.user, child)?;
    if f.stage != Stage::Signed {
        return Ok(Err(PlaceRefusal::NotSigned));
    }
    if k.status != ChildStatus::Active || k.institution_id != f.institution_id {
        return Ok(Err(PlaceRefusal::ChildNotActive));
    }
    let summary = crate::archive::summaries(c, &[child])?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let (fails, p) = check_with_child(c, &f, &summary, facts, op.today)?;
    if !fails.is_empty() {
        return Ok(Err(PlaceRefusal::Engine(fails)));
    }
    if rules::opinion_required(summary.birth_date, op.today, p.opinion_age)
        && facts.opinion.trim().is_empty()
    {
        return Ok(Err(PlaceRefusal::OpinionRequired));
    }
    let division = crate::org::model::holding(c, f.institution_id)?.map(|i| i.division_id);
    // FOS-16: the integration period (寄养融合期) ends with a review.
    let days = crate::policy::int(
        c,
        crate::policy::keys::FOSTER_INTEGRATION_MIN_DAYS,
        division,
        op.today,
    )?;
    let until = op.today + Duration::days(days.clamp(0, 3650));
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    let summary_text = zh.tf(
        "foster.entry.placed",
        &[
            ("family", &f.family_name),
            ("caregiver", &f.caregiver_name),
            ("until", &until.to_string()),
        ],
    );
    let pid = crate::db::write_tx(c, |c| {
        let pid: i64 = diesel::insert_into(fp::table)
            .values((
                fp::family_id.eq(id),
                fp::child_id.eq(child),
                fp::open_child_id.eq(Some(child.0)),
                fp::institution_id.eq(f.institution_id),
                fp::started_on.eq(op.today),
                fp::integration_until.eq(until),
                fp::child_opinion.eq(facts.opinion.trim()),
                fp::child_consent.eq(facts.consent),
                fp::created_by.eq(op.user.id.0),
                fp::created_at.eq(op.now),
            ))
            .returning(fp::id)
            .get_result(c)?;
        crate::archive::set_status(c, op, child, ChildStatus::InFosterCare, &summary_text)?;
        let reference = pid.to_string();
        crate::archive::file_entry(
            c,
            op,
            &crate::archive::NewEntry {
                child_id: child,
                section: "care",
                date: op.today,
                kind: "foster_placement",
                summary: &summary_text,
                module: super::MODULE_NAME,
                reference: Some(&reference),
            },
        )?;
        crate::audit::record(
            c,
            op.now,
            op.actor,
            &crate::audit::Event::ok("create", "foster_placement", pid)
                .with_detail(format!("family {id} child {child}")),
        )?;
        Ok::<i64, AppError>(pid)
    })?;
    Ok(Ok(pid))
}

/// Ends a placement inside the caller's transaction: the row is closed with the side, the reason
/// and the note. The caller decides what happens to the child's status.
fn close(
    c: &mut DbConn,
    op: &Op,
    p: &Placement,
    side: &str,
    reason: &str,
    note: &str,
    counselling: &str,
) -> AppResult<()> {
    let n = diesel::update(fp::table.find(p.id).filter(fp::version.eq(p.version)))
        .set((
            fp::open_child_id.eq(None::<i64>),
            fp::ended_on.eq(Some(op.today)),
            fp::end_side.eq(Some(side)),
            fp::end_reason.eq(Some(reason)),
            fp::end_note.eq(note),
            fp::counselling.eq(counselling),
            fp::version.eq(p.version + 1),
        ))
        .execute(c)?;
    if n == 0 {
        return Err(AppError::Conflict(
            op.tr.t("foster.err.placement_changed").into(),
        ));
    }
    crate::audit::record(
        c,
        op.now,
        op.actor,
        &crate::audit::Event::ok("update", "foster_placement", p.id)
            .with_detail(format!("ended {side} {reason}")),
    )?;
    Ok(())
}

/// The hold's release (registered in `crate::modules::CHILD_HOLDS`): the child is discharged — e.g. an
/// adoption registered (ADP-28; FOS-20 收养) — so the placement ends in the discharge's transaction
/// with its reason; the discharge sets the child's status itself.
pub fn release_for_discharge(
    c: &mut DbConn,
    op: &Op,
    child: ChildId,
    reason: &str,
) -> AppResult<()> {
    let Some(p) = open_of_child(c, child)? else {
        return Ok(());
    };
    close(c, op, &p, "child", "discharged", reason, "")?;
    let summary = op
        .tr
        .tf("foster.entry.ended_discharge", &[("reason", reason)]);
    crate::archive::file_entry(
        c,
        op,
        &crate::archive::NewEntry {
            child_id: child,
            section: "care",
            date: op.today,
            kind: "foster_end",
            summary: &summary,
            module: super::MODULE_NAME,
            reference: Some(&p.id.to_string()),
        },
    )
}

/// The hold's reference for the discharge page: the family the child lives with.
pub fn hold_of(c: &mut DbConn, child: ChildId) -> QueryResult<Option<String>> {
    let Some(p) = open_of_child(c, child)? else {
        return Ok(None);
    };
    let name: String = crate::db::schema::foster_families::table
        .find(p.family_id)
        .select(crate::db::schema::foster_families::family_name)
        .first(c)?;
    let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
    Ok(Some(zh.tf("foster.hold", &[("family", &name)])))
}

/// Termination (point 8, FOS-19/20): the placement ends with its side, reason, note and the
/// counselling arranged; the child returns to the institution (status active) — placing the child
/// again is a new placement. One transaction with the 养育 entry and the audit row.
#[allow(clippy::too_many_arguments)] // the termination form's fields, each named at the call site
pub fn terminate(
    c: &mut DbConn,
    op: &Op,
    placement: i64,
    side: &str,
    reason: &str,
    note: &str,
    counselling: &str,
    notice_on: Option<NaiveDate>,
) -> AppResult<()> {
    let p: Placement = fp::table
        .find(placement)
        .select(Placement::as_select())
        .first(c)
        .optional()?
        .ok_or(AppError::NotFound)?;
    // The family must be in the user's scope (404 otherwise), and the placement still open.
    service::find(c, op, p.family_id)?;
    if p.open_child_id.is_none() {
        return Err(AppError::Conflict(
            op.tr.t("foster.err.placement_changed").into(),
        ));
    }
    // FOS-21: on the family's own request the written notice must have run (outside the
    // integration period); the end is today, the day the institution approves it.
    if let Some(n) = notice_on {
        if let Some(earliest) = super::changes::notice_too_short(c, &p, n, op.today)? {
            return Err(AppError::bad(
                "foster_notice_short",
                op.tr.tf(
                    "foster.err.notice_short",
                    &[("date", &earliest.to_string())],
                ),
            ));
        }
    }
    let summary = op.tr.tf("foster.entry.ended", &[("note", note)]);
    crate::db::write_tx(c, |c| {
        close(c, op, &p, side, reason, note, counselling)?;
        if notice_on.is_some() {
            diesel::update(fp::table.find(p.id))
                .set(fp::notice_received_on.eq(notice_on))
                .execute(c)?;
        }
        crate::archive::set_status(c, op, p.child_id, ChildStatus::Active, &summary)?;
        crate::archive::file_entry(
            c,
            op,
            &crate::archive::NewEntry {
                child_id: p.child_id,
                section: "care",
                date: op.today,
                kind: "foster_end",
                summary: &summary,
                module: super::MODULE_NAME,
                reference: Some(&p.id.to_string()),
            },
        )
    })
}
