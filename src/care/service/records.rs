//! Care records (issue 14 points 2 and 3): periodic assessments, clinic visits and hospitalisations,
//! allergies and chronic conditions, immunisations, growth measurements and medication orders. Each is
//! one write transaction with its audit row and files an entry in its archive section (医疗 for the
//! medical records, 社会工作 for psychological screening, 康复 for disability and development).

pub use super::assessments::assessment;
pub use super::orders::{order, parse_times, stop_order};
use super::{child_to_write, CareResult, Check, Field, Refused};
use crate::archive::{ChildId, NewEntry};
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::model::{ConditionKind, EventKind, Funding, MedicalKind};
use crate::care::rules::growth_std;
use crate::db::schema::{
    care_conditions as cc, care_events as ce, care_growth as gr, care_immunisations as im,
    care_medical as cm,
};
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// Every record form as typed (one struct: the pages and the API share it; unused fields stay empty).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RecordInput {
    pub kind: String,
    pub date: String,
    pub end_date: String,
    pub reason: String,
    pub diagnosis: String,
    pub icd10: String,
    pub new_diagnosis: String,
    pub treatment: String,
    pub cost_yuan: String,
    pub funding: String,
    pub instrument: String,
    pub score: String,
    pub level: String,
    pub narrative: String,
    pub assessor: String,
    pub height_cm: String,
    pub weight_kg: String,
    pub head_cm: String,
    pub measurer: String,
    pub drug: String,
    pub dose: String,
    pub route: String,
    pub times: String,
    pub prn: String,
    pub prescriber: String,
    pub text: String,
    pub vaccine: String,
    pub dose_no: String,
    pub batch_no: String,
    pub clinic: String,
    /// An assessment's finding for the child's basic facts (残疾类别, 残疾等级 1–4), optional.
    pub disability_type: String,
    pub disability_grade: String,
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn file(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    section: &str,
    date: NaiveDate,
    kind: &str,
    summary: &str,
    reference: i64,
) -> Result<(), AppError> {
    crate::archive::file_entry(
        c,
        op,
        &NewEntry {
            child_id: child,
            section,
            date,
            kind,
            summary,
            module: crate::care::MODULE_NAME,
            reference: Some(&reference.to_string()),
        },
    )
}

pub(crate) fn last_id(c: &mut DbConn, q: diesel::QueryResult<Option<i64>>) -> CareResult<i64> {
    let _ = c;
    Ok(q?.ok_or_else(|| AppError::Internal("row not inserted".into()))?)
}

pub(crate) fn audit_create(
    c: &mut DbConn,
    op: &Op<'_>,
    what: &str,
    id: i64,
    child: ChildId,
) -> CareResult<()> {
    audit::record(
        c,
        op.now,
        op.actor,
        &Event::ok("create", what, id).with_detail(format!("child {child}")),
    )?;
    Ok(())
}

/// A positive decimal with at most `places` decimals, scaled to an integer (175.5 cm → 1755 mm).
fn scaled(raw: &str, scale: f64) -> Option<Option<i32>> {
    let v = raw.trim();
    if v.is_empty() {
        return Some(None);
    }
    let x: f64 = v.parse().ok()?;
    if x.is_nan() || x <= 0.0 || !x.is_finite() || x * scale > 1.0e7 {
        return None;
    }
    Some(Some((x * scale).round() as i32))
}

/// A clinic visit or hospitalisation. A hospitalisation or a new diagnosis is a major event that
/// brings the plan's review forward (CARE-01).
pub fn medical(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &RecordInput) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::RecordMedical)?;
    let mut ck = Check::default();
    let kind = MedicalKind::parse(f.kind.trim());
    if kind.is_none() {
        ck.push(Refused::BadKind.at(op, Field::Kind));
    }
    let on = ck.past_date(op, Field::Date, &f.date);
    let end = if f.end_date.trim().is_empty() {
        None
    } else {
        match super::parse_date(&f.end_date) {
            Some(e) if e >= on => Some(e),
            _ => {
                ck.push(Refused::BadDate.at(op, Field::EndDate));
                None
            }
        }
    };
    let reason = ck.text(op, Field::Reason, &f.reason, 500);
    let diagnosis = ck.optional(op, Field::Diagnosis, &f.diagnosis, 500);
    let icd10 = f.icd10.trim().to_uppercase();
    if !icd10.is_empty() && !valid_icd10(&icd10) {
        ck.push(Refused::BadIcd10.at(op, Field::Icd10));
    }
    let treatment = ck.optional(op, Field::Treatment, &f.treatment, 2000);
    let cost = match scaled(&f.cost_yuan, 100.0) {
        Some(v) => v.map(i64::from),
        None => {
            ck.push(Refused::BadNumber.at(op, Field::CostYuan));
            None
        }
    };
    let funding = Funding::parse(f.funding.trim());
    if funding.is_none() {
        ck.push(Refused::BadFunding.at(op, Field::Funding));
    }
    let new_diagnosis = f.new_diagnosis == "yes";
    ck.done(())?;
    let (Some(kind), Some(funding)) = (kind, funding) else {
        return Err(AppError::Internal("checked".into()).into());
    };
    crate::db::write_tx(c, |c| {
        diesel::insert_into(cm::table)
            .values((
                cm::child_id.eq(child),
                cm::institution_id.eq(k.institution_id),
                cm::kind.eq(kind),
                cm::started_on.eq(on),
                cm::ended_on.eq(end),
                cm::reason.eq(&reason),
                cm::diagnosis.eq(&diagnosis),
                cm::icd10.eq(&icd10),
                cm::new_diagnosis.eq(new_diagnosis),
                cm::treatment.eq(&treatment),
                cm::cost_fen.eq(cost),
                cm::funding.eq(funding),
                cm::recorded_by.eq(op.user.id),
                cm::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = cm::table
            .filter(cm::child_id.eq(child))
            .select(diesel::dsl::max(cm::id))
            .first(c);
        let id = last_id(c, q)?;
        let events = [
            (kind == MedicalKind::Hospital, EventKind::Hospital),
            (new_diagnosis, EventKind::Diagnosis),
        ];
        for (happened, ev) in events {
            if happened {
                major_event(c, op, child, ev, on, &reason)?;
            }
        }
        let summary = format!(
            "{}：{} {} {}",
            op.tr.t(&format!("care.medical.{}", kind.code())),
            reason,
            diagnosis,
            icd10
        );
        file(
            c,
            op,
            child,
            "medical",
            on,
            "care_medical",
            summary.trim(),
            id,
        )?;
        audit_create(c, op, "care_medical", id, child)?;
        super::refresh(c, op)?;
        Ok(id)
    })
}

/// ICD-10 shape: a letter, two digits, optionally a dot and one to four characters (e.g. J18.9, Q90).
pub fn valid_icd10(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() < 3 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_digit() || !b[2].is_ascii_digit()
    {
        return false;
    }
    match &code[3..] {
        "" => true,
        rest => {
            rest.starts_with('.')
                && (2..=5).contains(&rest.len())
                && rest[1..].bytes().all(|x| x.is_ascii_alphanumeric())
        }
    }
}

/// A major event in the caller's transaction (CARE-01: the plan is reviewed after it).
pub fn major_event(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    kind: EventKind,
    on: NaiveDate,
    note: &str,
) -> Result<(), AppError> {
    diesel::insert_into(ce::table)
        .values((
            ce::child_id.eq(child),
            ce::kind.eq(kind),
            ce::occurred_on.eq(on),
            ce::note.eq(note),
            ce::recorded_by.eq(op.user.id),
            ce::recorded_at.eq(op.now),
        ))
        .execute(c)?;
    Ok(())
}

/// An allergy or chronic condition (shown on every page of the child).
pub fn condition(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &RecordInput) -> CareResult<i64> {
    child_to_write(c, op, child, Action::RecordMedical)?;
    let mut ck = Check::default();
    let kind = ConditionKind::parse(f.kind.trim());
    if kind.is_none() {
        ck.push(Refused::BadKind.at(op, Field::Kind));
    }
    let text = ck.text(op, Field::Text, &f.text, 300);
    ck.done(())?;
    let kind = kind.ok_or_else(|| AppError::Internal("checked".into()))?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(cc::table)
            .values((
                cc::child_id.eq(child),
                cc::kind.eq(kind),
                cc::description.eq(&text),
                cc::recorded_by.eq(op.user.id),
                cc::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = cc::table
            .filter(cc::child_id.eq(child))
            .select(diesel::dsl::max(cc::id))
            .first(c);
        let id = last_id(c, q)?;
        let summary = format!(
            "{}：{}",
            op.tr.t(&format!("care.condition.{}", kind.code())),
            text
        );
        file(
            c,
            op,
            child,
            "medical",
            op.today,
            "care_condition",
            &summary,
            id,
        )?;
        audit_create(c, op, "care_condition", id, child)?;
        Ok(id)
    })
}

/// A dose given (IMM-05: batch and clinic kept).
pub fn immunisation(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &RecordInput,
) -> CareResult<i64> {
    child_to_write(c, op, child, Action::RecordMedical)?;
    let mut ck = Check::default();
    let vaccine = f.vaccine.trim().to_string();
    let known = crate::care::rules::immunisation::shipped()
        .iter()
        .flatten()
        .any(|d| d.vaccine == vaccine);
    if !known {
        ck.push(Refused::BadKind.at(op, Field::Vaccine));
    }
    let dose: i32 = match f.dose_no.trim().parse() {
        Ok(n) if (1..=6).contains(&n) => n,
        _ => {
            ck.push(Refused::BadNumber.at(op, Field::DoseNo));
            0
        }
    };
    let on = ck.past_date(op, Field::Date, &f.date);
    let batch = ck.optional(op, Field::BatchNo, &f.batch_no, 100);
    let clinic = ck.optional(op, Field::Clinic, &f.clinic, 200);
    ck.done(())?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(im::table)
            .values((
                im::child_id.eq(child),
                im::vaccine.eq(&vaccine),
                im::dose.eq(dose),
                im::given_on.eq(on),
                im::batch_no.eq(&batch),
                im::clinic.eq(&clinic),
                im::recorded_by.eq(op.user.id),
                im::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = im::table
            .filter(im::child_id.eq(child))
            .select(diesel::dsl::max(im::id))
            .first(c);
        let id = last_id(c, q)?;
        let summary = op.tr.tf(
            "care.entry.immunisation",
            &[("vaccine", &vaccine), ("dose", &dose.to_string())],
        );
        file(
            c,
            op,
            child,
            "medical",
            on,
            "care_immunisation",
            &summary,
            id,
        )?;
        audit_create(c, op, "care_immunisation", id, child)?;
        Ok(id)
    })
}

/// A growth measurement (GRW-01) with its WHO z-scores and the standard's name and version (GRW-03).
pub fn growth(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &RecordInput) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::RecordMedical)?;
    let mut ck = Check::default();
    let on = ck.past_date(op, Field::Date, &f.date);
    let num = |raw: &str, scale: f64, field: Field, ck: &mut Check| match scaled(raw, scale) {
        Some(v) => v,
        None => {
            ck.push(Refused::BadNumber.at(op, field));
            None
        }
    };
    let height = num(&f.height_cm, 10.0, Field::HeightCm, &mut ck);
    let weight = num(&f.weight_kg, 1000.0, Field::WeightKg, &mut ck);
    let head = num(&f.head_cm, 10.0, Field::HeadCm, &mut ck);
    if height.is_none() && weight.is_none() && head.is_none() && ck.0.is_empty() {
        ck.push(Refused::Required.at(op, Field::WeightKg));
    }
    let measurer = ck.text(op, Field::Measurer, &f.measurer, 100);
    ck.done(())?;
    // GRW-03: the standard for the age on the day measured (WS/T 423-2022 under 7, WHO 2007 after).
    let v = |x: Option<i32>, div: f64| x.map(|x| f64::from(x) / div);
    let m = growth_std::measure(
        &k.sex,
        k.birth_date,
        on,
        v(weight, 1000.0),
        v(height, 10.0),
        v(head, 10.0),
    );
    let z100 = |z: Option<f64>| z.map(|z| (z * 100.0).round() as i32);
    let (wz, hz, cz) = (z100(m.wfa), z100(m.lhfa), z100(m.hcfa));
    // The WHO 2006 second view (0–60 months), stored beside it with its own standard and version.
    let who = crate::care::rules::who2006::view(
        &k.sex,
        k.birth_date,
        on,
        v(weight, 1000.0),
        v(height, 10.0),
        v(head, 10.0),
    );
    crate::db::write_tx(c, |c| {
        diesel::insert_into(gr::table)
            .values((
                gr::child_id.eq(child),
                gr::institution_id.eq(k.institution_id),
                gr::measured_on.eq(on),
                gr::height_mm.eq(height),
                gr::weight_g.eq(weight),
                gr::head_mm.eq(head),
                gr::measurer.eq(&measurer),
                gr::standard.eq(m.standard),
                gr::standard_version.eq(m.version),
                gr::wfa_z100.eq(wz),
                gr::lhfa_z100.eq(hz),
                gr::hcfa_z100.eq(cz),
                gr::recorded_by.eq(op.user.id),
                gr::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = gr::table
            .filter(gr::child_id.eq(child))
            .select(diesel::dsl::max(gr::id))
            .first(c);
        let id = last_id(c, q)?;
        crate::care::model_more::insert_who2006(c, id, &who)?;
        let summary = op.tr.tf(
            "care.entry.growth",
            &[
                (
                    "height",
                    &height.map_or("—".into(), |v| format!("{:.1}", f64::from(v) / 10.0)),
                ),
                (
                    "weight",
                    &weight.map_or("—".into(), |v| format!("{:.2}", f64::from(v) / 1000.0)),
                ),
                (
                    "head",
                    &head.map_or("—".into(), |v| format!("{:.1}", f64::from(v) / 10.0)),
                ),
            ],
        );
        file(c, op, child, "care", on, "care_growth", &summary, id)?;
        audit_create(c, op, "care_growth", id, child)?;
        Ok(id)
    })
}
