//! The figures of the yearly progress report (issue 17 point 4): each a code (`R…`, docs/oversight.md
//! "Progress report"), a label in the author's language and a value over the user's places, from the
//! same aggregate queries as the dashboard and the quarterly extract (never loading children). Flows
//! count from 1 January to the report's last day; states (plans, open cases, tasks) are as of today.

use super::{dashboard, Place};
use crate::archive::rules::DISCHARGE_REASONS;
use crate::archive::stats as archive;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::org::InstitutionId;
use crate::oversight::rules::progress_report::Figure;
use crate::platform::Op;
use chrono::NaiveDate;

/// The figures of the places from `start` to `as_of`.
pub fn figures(
    conn: &mut DbConn,
    op: &Op<'_>,
    places: &[Place],
    start: NaiveDate,
    as_of: NaiveDate,
) -> AppResult<Vec<Figure>> {
    let ids: Vec<InstitutionId> = super::ids(places);
    let mine = |id: InstitutionId| ids.contains(&id);
    let mine_i64 = |id: i64| ids.iter().any(|i| i.0 == id);
    let sum_pairs =
        |v: &[(InstitutionId, i64)]| -> i64 { v.iter().filter(|x| mine(x.0)).map(|x| x.1).sum() };
    let sum_triples = |v: &[(InstitutionId, String, i64)], code: Option<&str>| -> i64 {
        v.iter()
            .filter(|x| mine(x.0) && code.is_none_or(|c| x.1 == c))
            .map(|x| x.2)
            .sum()
    };
    let at_start = archive::children_on(conn, Some(&ids), start)?;
    let at_end = archive::children_on(conn, Some(&ids), as_of)?;
    let ins = archive::intakes(conn, Some(&ids), start, as_of)?;
    let outs = archive::discharges(conn, Some(&ids), start, as_of)?;
    let moves = archive::moves(conn, start, as_of)?;
    let transfers = dashboard::transfers(conn, op, places)?;
    let tasks = crate::jobs::stats::open_tasks(conn, &["care", "archive"], op.today)?;
    let task = |module: &str, prefix: &str, overdue: bool| -> i64 {
        tasks
            .iter()
            .filter(|t| t.module == module && mine(t.institution))
            .filter(|t| t.message_key.starts_with(prefix))
            .map(|t| if overdue { t.overdue } else { t.open })
            .sum()
    };
    let from = start.and_time(chrono::NaiveTime::MIN);
    let raw: Vec<i64> = ids.iter().map(|i| i.0).collect();
    let incidents = crate::shift::stats::incidents_by_kind(conn, &raw, from, op.now)?;
    let reports = crate::shift::stats::reports_by_state(conn, &raw, from, op.now, op.now)?;
    let kids = |v: &[archive::ChildCount], f: &dyn Fn(&archive::ChildCount) -> bool| -> i64 {
        v.iter()
            .filter(|k| mine_i64(k.institution_id) && f(k))
            .map(|k| k.n)
            .sum()
    };
    let flow = |v: &[archive::FlowCount], reason: Option<&str>| -> i64 {
        v.iter()
            .filter(|f| mine_i64(f.institution_id) && reason.is_none_or(|r| f.reason == r))
            .map(|f| f.n)
            .sum()
    };
    let moved_in: i64 = moves
        .iter()
        .filter(|m| {
            m.to_institution
                .as_deref()
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(mine_i64)
        })
        .map(|m| m.n)
        .sum();
    let tr = op.tr;
    let f = |code: &str, key: &str, value: i64| Figure {
        code: code.to_string(),
        label: tr.t(key).to_string(),
        value,
    };
    let mut out = vec![
        // 儿童福利机构: the city and county welfare institutions (not the protection centres or the
        // civil-affairs bureaus the supervisor also oversees).
        f(
            "R01",
            "oversight.progress.f.institutions",
            places
                .iter()
                .filter(|p| {
                    p.kind == crate::org::InstitutionKind::CityWelfare.as_str()
                        || p.kind == crate::org::InstitutionKind::CountyWelfare.as_str()
                })
                .count() as i64,
        ),
        f(
            "R02",
            "oversight.progress.f.beds",
            places.iter().map(|p| i64::from(p.beds)).sum(),
        ),
        f(
            "R10",
            "oversight.progress.f.in_care_start",
            kids(&at_start, &|_| true),
        ),
        f(
            "R11",
            "oversight.progress.f.in_care",
            kids(&at_end, &|_| true),
        ),
        f(
            "R12",
            "oversight.progress.f.disabled",
            kids(&at_end, &|k| k.disabled == 1),
        ),
        f("R20", "oversight.progress.f.admitted", flow(&ins, None)),
        f("R30", "oversight.progress.f.discharged", flow(&outs, None)),
    ];
    for (i, r) in DISCHARGE_REASONS.iter().enumerate() {
        out.push(Figure {
            code: format!("R31.{}", i + 1),
            label: format!(
                "{} — {}",
                tr.t("oversight.progress.f.discharged"),
                tr.t(&format!("discharge.{r}"))
            ),
            value: flow(&outs, Some(r)),
        });
    }
    let adoptions = crate::adoption::stats::outcomes_since(conn, start)?;
    let placed = crate::adulthood::stats::placed_since(conn, start)?;
    out.extend([
        f("R40", "oversight.progress.f.moved_in", moved_in),
        f(
            "R41",
            "oversight.progress.f.not_sent",
            transfers.column_total(0),
        ),
        f(
            "R42",
            "oversight.progress.f.transfers_overdue",
            transfers.column_total(4),
        ),
        f(
            "R50",
            "oversight.progress.f.foster_open",
            sum_pairs(&crate::foster::stats::open_placements(conn)?),
        ),
        f(
            "R51",
            "oversight.progress.f.foster_ended",
            sum_pairs(&crate::foster::stats::ended_since(conn, start)?),
        ),
        f(
            "R60",
            "oversight.progress.f.plans_approved",
            sum_triples(&crate::care::stats::plans_by_state(conn)?, Some("approved")),
        ),
        f(
            "R61",
            "oversight.progress.f.plan_tasks_overdue",
            task("care", "task.care_plan", true),
        ),
        f(
            "R70",
            "oversight.progress.f.adulthood_open",
            sum_pairs(&crate::adulthood::stats::open_cases(conn)?),
        ),
        f(
            "R71",
            "oversight.progress.f.placed",
            sum_triples(&placed, None),
        ),
        f(
            "R80",
            "oversight.progress.f.adopted",
            sum_triples(&adoptions, Some("registered")),
        ),
        f(
            "R90",
            "oversight.progress.f.incidents",
            incidents.iter().map(|k| k.1).sum(),
        ),
        f(
            "R91",
            "oversight.progress.f.reports_overdue",
            reports
                .iter()
                .filter(|r| r.0 == crate::shift::rules::ReportState::Overdue)
                .map(|r| r.1)
                .sum(),
        ),
        f(
            "R95",
            "oversight.progress.f.incomplete",
            task("archive", "task.archive_incomplete", false),
        ),
    ]);
    Ok(out)
}
