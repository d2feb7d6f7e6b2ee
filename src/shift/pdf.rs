//! The monthly medication administration record (给药记录单, MAR) of a child, as nurses keep it on
//! paper (issue 15 point 4): per written order in force during the month (MAR-01: prescriber, drug,
//! dose, route, times), a line per day with each scheduled time's outcome, who marked it and the
//! reason (MAR-02); then the PRN doses with their reasons; signature boxes for the nurse and the head.

use crate::archive::ChildId;
use crate::audit::{self, Event};
use crate::auth::Action;
use crate::care::interface::{self as care, MedicationOrder};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::pdf::{Block, Document};
use crate::platform::Op;
use crate::shift::model;
use crate::shift::rules;
use crate::shift::service::mar;
use chrono::{Datelike, NaiveDate};

/// Build the MAR sheet of `child` for the month containing `month` (404 outside the user's scope).
pub fn mar_document(
    c: &mut DbConn,
    op: &Op<'_>,
    child: ChildId,
    month: NaiveDate,
) -> AppResult<Document> {
    if !op.user.can(Action::PrintMar) {
        return Err(AppError::Forbidden);
    }
    let k = crate::archive::load_in_scope(c, op.user, child)?;
    let access = crate::archive::section_access(c, child, &op.user.role, false)?;
    if access.hides("medical") {
        return Err(AppError::Forbidden);
    }
    let tr = op.tr;
    let (from, to) = mar::month_bounds(month);
    let first = from.date();
    let mut days = Vec::new();
    let mut d = first;
    while d < to.date() {
        days.push(d);
        d = d.succ_opt().unwrap_or(to.date());
    }
    let mut orders: Vec<MedicationOrder> = Vec::new();
    for &day in &days {
        for o in care::active_orders(c, child, day)? {
            if !orders.iter().any(|x| x.id == o.id) {
                orders.push(o);
            }
        }
    }
    let marks = model::doses_between(c, i64::from(child), from, to)?;
    let users = crate::auth::model::list(c)?;
    let who = |id: Option<i64>| match id {
        Some(id) => users
            .iter()
            .find(|u| i64::from(u.id) == id)
            .map_or(String::new(), |u| u.display_name.clone()),
        None => tr.t("shift.pdf.system").to_string(),
    };
    let title = tr.t("shift.pdf.title");
    let mut doc = Document::for_reader(title, tr);
    let ym = format!("{}-{:02}", first.year(), first.month());
    doc.file_name = format!("{title}-{}-{ym}.pdf", k.archive_no);
    doc.file_name_ascii = format!("mar-{}-{ym}.pdf", k.archive_no);
    doc.push(Block::Centered(ym.clone()));
    doc.push(Block::KeyValues(vec![
        (tr.t("shift.f.child").to_string(), k.legal_name.clone()),
        (
            tr.t("shift.pdf.archive_no").to_string(),
            k.archive_no.clone(),
        ),
    ]));
    doc.push(Block::RunningHeader(format!(
        "{title} · {} · {ym}",
        k.legal_name
    )));
    if orders.is_empty() {
        doc.push(Block::Paragraph(tr.t("shift.pdf.no_orders").to_string()));
    }
    for o in &orders {
        doc.push(Block::Heading(format!("{} {} {}", o.drug, o.dose, o.route)));
        doc.push(Block::Paragraph(format!(
            "{}：{} · {}：{} – {} · {}：{}",
            tr.t("shift.pdf.times"),
            if o.prn {
                tr.t("shift.prn").to_string()
            } else {
                o.times.join("、")
            },
            tr.t("shift.pdf.period"),
            o.start_on,
            o.end_on.map_or(String::new(), |e| e.to_string()),
            tr.t("shift.pdf.prescriber"),
            o.prescriber
        )));
        let sched = mar::schedule_of(o);
        let mut rows = Vec::new();
        for &day in &days {
            for due in rules::doses_of_day(&sched, day) {
                let m = marks
                    .iter()
                    .find(|m| m.order_id == o.id && m.due_at == Some(due));
                rows.push(match m {
                    Some(m) => vec![
                        due.format("%m-%d %H:%M").to_string(),
                        tr.t(&format!("shift.outcome.{}", m.outcome.code()))
                            .to_string(),
                        if m.recorded_by.is_some() {
                            rules::local(m.recorded_at).format("%H:%M").to_string()
                        } else {
                            String::new()
                        },
                        who(m.recorded_by),
                        m.reason.clone(),
                    ],
                    None => vec![
                        due.format("%m-%d %H:%M").to_string(),
                        String::from("—"),
                        String::new(),
                        String::new(),
                        String::new(),
                    ],
                });
            }
        }
        for m in marks
            .iter()
            .filter(|m| m.order_id == o.id && m.due_at.is_none())
        {
            rows.push(vec![
                m.given_at.format("%m-%d %H:%M").to_string(),
                format!("{}（{}）", tr.t("shift.outcome.given"), tr.t("shift.prn")),
                m.given_at.format("%H:%M").to_string(),
                who(m.recorded_by),
                m.reason.clone(),
            ]);
        }
        if rows.is_empty() {
            continue;
        }
        doc.push(Block::Table {
            headers: ["due", "outcome", "at", "by", "reason"]
                .iter()
                .map(|h| tr.t(&format!("shift.pdf.col.{h}")).to_string())
                .collect(),
            widths: vec![1.6, 1.2, 0.9, 1.3, 3.0],
            rows,
        });
    }
    doc.push(Block::Signatures(vec![
        tr.t("shift.pdf.nurse").to_string(),
        tr.t("shift.pdf.head").to_string(),
    ]));
    audit::record_alone(
        c,
        op.now,
        op.actor,
        &Event::ok("print", "shift_mar", i64::from(child)).with_detail(ym),
    )?;
    Ok(doc)
}
