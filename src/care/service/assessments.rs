//! Periodic assessments (定期评估, seed 003 §2(1) "定期评估儿童智力、精神健康、疾病和残疾状况"), issue 14
//! point 2. A disability assessment may carry its finding — the disability type and grade (残疾类别、
//! 残疾等级) — which updates the child's basic facts through the archive's interface
//! (`archive::record_disability`), with a history row naming the assessment.

use super::records::{audit_create, file, last_id, RecordInput};
use super::{child_to_write, CareResult, Check, Field, Refused};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::care::rules::schedule::AssessmentKind;
use crate::db::schema::care_assessments as ca;
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use diesel::prelude::*;

/// The finding for the child's basic facts: (type, grade), checked. Only a disability assessment
/// carries one; the grade is 1–4 (GB/T 26341 一级至四级); a grade without a type keeps the child's type.
fn finding(
    op: &Op<'_>,
    ck: &mut Check,
    kind: Option<AssessmentKind>,
    f: &RecordInput,
    current_type: &str,
) -> Option<(String, i32)> {
    let raw = f.disability_grade.trim();
    let typed = f.disability_type.trim();
    if raw.is_empty() && typed.is_empty() {
        return None;
    }
    if kind != Some(AssessmentKind::Disability) {
        ck.push(Refused::NotDisability.at(op, Field::DisabilityGrade));
        return None;
    }
    let grade = match raw.parse::<i32>() {
        Ok(g) if (1..=4).contains(&g) => g,
        _ => {
            ck.push(Refused::BadGrade.at(op, Field::DisabilityGrade));
            return None;
        }
    };
    let t = if typed.is_empty() {
        current_type
    } else {
        typed
    };
    if t.is_empty() || t.chars().count() > 40 || t.chars().any(char::is_control) {
        ck.push(Refused::Required.at(op, Field::DisabilityType));
        return None;
    }
    Some((t.to_string(), grade))
}

/// A periodic assessment (定期评估, seed 003 §2(1)).
pub fn assessment(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &RecordInput) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::RecordAssessment)?;
    let mut ck = Check::default();
    let kind = AssessmentKind::parse(f.kind.trim());
    if kind.is_none() {
        ck.push(Refused::BadKind.at(op, Field::Kind));
    }
    let instrument = ck.text(op, Field::Instrument, &f.instrument, 200);
    let score = ck.optional(op, Field::Score, &f.score, 50);
    let level = ck.optional(op, Field::Level, &f.level, 100);
    let narrative = ck.optional(op, Field::Narrative, &f.narrative, 4000);
    let assessor = ck.text(op, Field::Assessor, &f.assessor, 100);
    let on = ck.past_date(op, Field::Date, &f.date);
    let found = finding(op, &mut ck, kind, f, &k.disability_type);
    ck.done(())?;
    let kind = kind.ok_or_else(|| AppError::Internal("checked".into()))?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(ca::table)
            .values((
                ca::child_id.eq(child),
                ca::institution_id.eq(k.institution_id),
                ca::kind.eq(kind),
                ca::instrument.eq(&instrument),
                ca::score.eq(&score),
                ca::level.eq(&level),
                ca::narrative.eq(&narrative),
                ca::assessor.eq(&assessor),
                ca::assessed_on.eq(on),
                ca::recorded_by.eq(op.user.id),
                ca::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = ca::table
            .filter(ca::child_id.eq(child))
            .select(diesel::dsl::max(ca::id))
            .first(c);
        let id = last_id(c, q)?;
        // Psychological screening is social work (restricted with it); the others are rehabilitation
        // (development, disability) or medical (illness).
        let section = match kind {
            AssessmentKind::Mental => "social-work",
            AssessmentKind::Illness => "medical",
            AssessmentKind::Development | AssessmentKind::Disability => "rehab",
        };
        let summary = format!(
            "{}：{} {} {}",
            op.tr.t(&format!("care.assessment.{}", kind.code())),
            instrument,
            score,
            level
        );
        file(
            c,
            op,
            child,
            section,
            on,
            "care_assessment",
            summary.trim(),
            id,
        )?;
        if let Some((t, grade)) = &found {
            // The history row says which assessment found it (issue 14 point 2: "with history").
            let why = op.tr.tf(
                "care.disability_reason",
                &[("date", &on.to_string()), ("instrument", &instrument)],
            );
            crate::archive::record_disability(c, op, child, t, *grade, &why)?;
        }
        audit_create(c, op, "care_assessment", id, child)?;
        super::refresh(c, op)?;
        Ok(id)
    })
}
