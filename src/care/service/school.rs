//! Education records (教育, issue 14 point 5; seed 004 纳入学籍管理): the school placement (幼儿园, 普通
//! 学校, 特殊教育学校, 送教上门, 未就学) with school, grade, 学籍 number and dates; term results; individual
//! education goals (个别化教育目标) for children with disabilities. A new placement ends the open one
//! the day before it starts (a child is in one placement at a time). Each record files an entry in the
//! archive's 教育 section. Social workers record them (`RecordEducation`: the institution's education
//! liaison; there is no teacher role).

use super::records::{audit_create, file, last_id};
use super::rehab::{date_after, MoreInput};
use super::{child_to_write, parse_date, CareResult, Check, Field, Refused};
use crate::archive::ChildId;
use crate::auth::Action;
use crate::care::model_more::{PlacementKind, SchoolRecordKind};
use crate::db::schema::{care_school as sc, care_school_records as sr};
use crate::db::DbConn;
use crate::error::AppError;
use crate::platform::Op;
use diesel::prelude::*;

/// A school placement from a date (kind, school, grade, 学籍号, end).
pub fn placement(c: &mut DbConn, op: &Op<'_>, child: ChildId, f: &MoreInput) -> CareResult<i64> {
    let k = child_to_write(c, op, child, Action::RecordEducation)?;
    let mut ck = Check::default();
    let kind = PlacementKind::parse(f.kind.trim());
    if kind.is_none() {
        ck.push(Refused::BadKind.at(op, Field::Kind));
    }
    // A school is named for every placement in school; "none" needs no school.
    let school = if kind == Some(PlacementKind::None) {
        ck.optional(op, Field::School, &f.school, 200)
    } else {
        ck.text(op, Field::School, &f.school, 200)
    };
    let grade = ck.optional(op, Field::Grade, &f.grade, 50);
    let xueji = ck.optional(op, Field::XuejiNo, &f.xueji_no, 40);
    if xueji.chars().any(|ch| !ch.is_ascii_alphanumeric()) {
        ck.push(Refused::BadNumber.at(op, Field::XuejiNo));
    }
    let start = match parse_date(&f.date) {
        Some(d) => d,
        None => {
            ck.push(Refused::BadDate.at(op, Field::Date));
            op.today
        }
    };
    let end = date_after(op, &mut ck, Field::EndDate, &f.end_date, start);
    ck.done(())?;
    let kind = kind.ok_or_else(|| AppError::Internal("checked".into()))?;
    crate::db::write_tx(c, |c| {
        // The open placement that started earlier ends the day before this one starts.
        if let Some(prev_end) = start.pred_opt() {
            diesel::update(
                sc::table
                    .filter(sc::child_id.eq(child))
                    .filter(sc::end_on.is_null())
                    .filter(sc::start_on.lt(start)),
            )
            .set(sc::end_on.eq(Some(prev_end)))
            .execute(c)?;
        }
        diesel::insert_into(sc::table)
            .values((
                sc::child_id.eq(child),
                sc::institution_id.eq(k.institution_id),
                sc::kind.eq(kind),
                sc::school.eq(&school),
                sc::grade.eq(&grade),
                sc::xueji_no.eq(&xueji),
                sc::start_on.eq(start),
                sc::end_on.eq(end),
                sc::recorded_by.eq(op.user.id),
                sc::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = sc::table
            .filter(sc::child_id.eq(child))
            .select(diesel::dsl::max(sc::id))
            .first(c);
        let id = last_id(c, q)?;
        let summary = format!(
            "{}：{} {}",
            op.tr.t(&format!("care.placement.{}", kind.code())),
            school,
            grade
        );
        file(
            c,
            op,
            child,
            "education",
            start.min(op.today),
            "care_school",
            summary.trim(),
            id,
        )?;
        audit_create(c, op, "care_school", id, child)?;
        super::refresh(c, op)?;
        Ok(id)
    })
}

/// A term's results (label: the term, text: the results) or an individual education goal (label: the
/// area, text: the goal, date: its target date).
pub fn school_record(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    f: &MoreInput,
) -> CareResult<i64> {
    child_to_write(c, op, child, Action::RecordEducation)?;
    let mut ck = Check::default();
    let kind = SchoolRecordKind::parse(f.kind.trim());
    if kind.is_none() {
        ck.push(Refused::BadKind.at(op, Field::Kind));
    }
    let label = ck.text(op, Field::Label, &f.label, 100);
    let text = ck.text(op, Field::Text, &f.text, 4000);
    // Results are of a term that happened; a goal's date is its target, later.
    let on = if kind == Some(SchoolRecordKind::Term) {
        ck.past_date(op, Field::Date, &f.date)
    } else {
        match parse_date(&f.date) {
            Some(d) if d >= op.today => d,
            Some(_) => {
                ck.push(Refused::TargetPast.at(op, Field::Date));
                op.today
            }
            None => {
                ck.push(Refused::BadDate.at(op, Field::Date));
                op.today
            }
        }
    };
    ck.done(())?;
    let kind = kind.ok_or_else(|| AppError::Internal("checked".into()))?;
    crate::db::write_tx(c, |c| {
        diesel::insert_into(sr::table)
            .values((
                sr::child_id.eq(child),
                sr::kind.eq(kind),
                sr::label.eq(&label),
                sr::body.eq(&text),
                sr::on_date.eq(on),
                sr::recorded_by.eq(op.user.id),
                sr::recorded_at.eq(op.now),
            ))
            .execute(c)?;
        let q = sr::table
            .filter(sr::child_id.eq(child))
            .select(diesel::dsl::max(sr::id))
            .first(c);
        let id = last_id(c, q)?;
        let summary = format!(
            "{}：{} {}",
            op.tr.t(&format!("care.school_record.{}", kind.code())),
            label,
            text.chars().take(80).collect::<String>()
        );
        let kind_code = format!("care_school_{}", kind.code());
        file(
            c,
            op,
            child,
            "education",
            on.min(op.today),
            &kind_code,
            &summary,
            id,
        )?;
        audit_create(c, op, &kind_code, id, child)?;
        Ok(id)
    })
}
