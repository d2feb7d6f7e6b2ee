//! The dashboard's tables (issue 17 point 1): children by institution, legal category, age band, sex and
//! disability; intakes and discharges by month and reason (last 24 months); transfers; foster
//! placements; care plans; adulthood; adoption outcomes; data quality. Each table is built from one or
//! two aggregate queries of the module that owns the data (`<module>::stats`).
//!
//! Incidents and mandatory reports (强制报告) belong to the caregiver-shift module, built in parallel:
//! [`incidents`] is the named place for its table and returns `None` until that module has a `stats`.

use super::Place;
use crate::archive::stats::{self as archive, ChildCount};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::org::InstitutionId;
use crate::oversight::rules::{last_months, Month};
use crate::oversight::table::{ChartKind, Row, Table};
use crate::platform::figures::KeptFigures;
use crate::platform::Op;
use chrono::{Days, Months, NaiveDate};
use std::collections::BTreeMap;

/// Months of flows on the dashboard (issue 17 point 1: "last 24 months").
pub const FLOW_MONTHS: u32 = 24;

/// Every table of the dashboard, in page order. The tables that move only with the data and the date
/// are kept between requests (`platform::figures`: a province's dashboard reads every child in care,
/// about 250 ms of CPU); the incidents table, whose reports fall overdue by the hour, is counted afresh.
pub fn tables(
    conn: &mut DbConn,
    op: &Op<'_>,
    places: &[Place],
    one: bool,
    kept: &KeptFigures,
) -> AppResult<Vec<Table>> {
    let ids: Vec<String> = places.iter().map(|p| p.id.0.to_string()).collect();
    let key = format!("dashboard|{}|{one}|{}", op.tr.lang.code(), ids.join(","));
    let daily = kept.get_or_compute(conn, key, op.today, |c| day_tables(c, op, places, one))?;
    let mut out = (*daily).clone();
    out.extend(incidents(conn, op, places)?);
    Ok(out)
}

/// The tables that change only with the data and the day.
fn day_tables(
    conn: &mut DbConn,
    op: &Op<'_>,
    places: &[Place],
    one: bool,
) -> AppResult<Vec<Table>> {
    let ids = super::ids(places);
    let kids = archive::children_now(conn, Some(&ids), op.today)?;
    let q = |extra: &str| -> String {
        if one {
            format!("&institution={}", places.first().map_or(0, |p| p.id.0))
        } else {
            extra.to_string()
        }
    };
    let mut out = vec![
        children_by(op, &kids, "institutions", "oversight.t.institutions", |k| {
            k.institution_id.to_string()
        })
        .map_rows(|key| {
            let id: i64 = key.parse().unwrap_or(0);
            let name = places
                .iter()
                .find(|p| p.id.0 == id)
                .map_or_else(|| key.to_string(), |p| p.name.clone());
            (name, Some(format!("/children?institution={id}")))
        }),
        children_by(op, &kids, "categories", "oversight.t.categories", |k| {
            k.category.clone()
        })
        .map_rows(|code| {
            (
                op.tr.t(&format!("category.{code}")).to_string(),
                Some(format!("/children?category={code}{}", q(""))),
            )
        }),
        children_by(op, &kids, "ages", "oversight.t.ages", |k| k.band.clone()).map_rows(|band| {
            (
                band.to_string(),
                // "18+": the plus sign is a space in a query string.
                Some(format!(
                    "/children?age_band={}{}",
                    band.replace('+', "%2B"),
                    q("")
                )),
            )
        }),
        children_by(op, &kids, "sex", "oversight.t.sex", |k| k.sex.clone())
            .map_rows(|s| (op.tr.t(&format!("sex.{s}")).to_string(), None)),
        children_by(op, &kids, "disability", "oversight.t.disability", |k| {
            if k.disabled == 1 { "yes" } else { "no" }.to_string()
        })
        .map_rows(|s| {
            (
                op.tr.t(&format!("oversight.disabled.{s}")).to_string(),
                None,
            )
        }),
    ];
    out.extend(flows(conn, op, &ids)?);
    out.push(transfers(conn, op, places)?);
    out.extend(modules(conn, op, places)?);
    Ok(out)
}

/// A table under construction keyed by a code, before its rows get labels.
struct Keyed {
    table: Table,
    keys: Vec<String>,
}

impl Keyed {
    fn map_rows(self, mut label: impl FnMut(&str) -> (String, Option<String>)) -> Table {
        let mut t = self.table;
        for (row, key) in t.rows.iter_mut().zip(&self.keys) {
            let (l, link) = label(key);
            row.label = l;
            row.link = link;
        }
        t
    }
}

/// Children in care by one dimension: columns 在院 (active), 家庭寄养中 (in foster care), 合计.
fn children_by(
    op: &Op<'_>,
    kids: &[ChildCount],
    slug: &'static str,
    title: &'static str,
    key: impl Fn(&ChildCount) -> String,
) -> Keyed {
    let mut by: BTreeMap<String, [i64; 2]> = BTreeMap::new();
    for k in kids {
        let e = by.entry(key(k)).or_default();
        e[usize::from(k.status != "active")] += k.n;
    }
    let mut table = Table::new(slug, title, ChartKind::Rows);
    table.columns = vec![
        op.tr.t(title).to_string(),
        op.tr.t("oversight.col.active").to_string(),
        op.tr.t("status.in-foster-care").to_string(),
    ];
    let keys: Vec<String> = by.keys().cloned().collect();
    table.rows = by
        .into_values()
        .map(|v| Row {
            label: String::new(),
            link: None,
            values: v.to_vec(),
        })
        .collect();
    let table = table.with_total(op.tr.t("oversight.total").to_string());
    Keyed { table, keys }
}

/// Intakes by intake category and discharges by reason, per month of the last 24 months.
fn flows(conn: &mut DbConn, op: &Op<'_>, ids: &[InstitutionId]) -> AppResult<Vec<Table>> {
    let months = last_months(op.today, FLOW_MONTHS);
    let from = months.first().map_or(op.today, |m| m.first());
    let ins = archive::intakes(conn, Some(ids), from, op.today)?;
    let outs = archive::discharges(conn, Some(ids), from, op.today)?;
    let intake_label = |c: &str| op.tr.t(&format!("category.{c}")).to_string();
    let discharge_label = |c: &str| op.tr.t(&format!("discharge.{c}")).to_string();
    Ok(vec![
        by_month(
            op,
            "intakes",
            "oversight.t.intakes",
            &months,
            &ins,
            intake_label,
        ),
        by_month(
            op,
            "discharges",
            "oversight.t.discharges",
            &months,
            &outs,
            discharge_label,
        ),
    ])
}

fn by_month(
    op: &Op<'_>,
    slug: &'static str,
    title: &'static str,
    months: &[Month],
    flows: &[archive::FlowCount],
    label: impl Fn(&str) -> String,
) -> Table {
    let reasons: Vec<String> = flows
        .iter()
        .map(|f| f.reason.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut t = Table::new(slug, title, ChartKind::Months);
    t.columns = std::iter::once(op.tr.t("oversight.month").to_string())
        .chain(reasons.iter().map(|r| label(r)))
        .collect();
    t.rows = months
        .iter()
        .map(|m| Row {
            label: m.label(),
            link: None,
            values: reasons
                .iter()
                .map(|r| {
                    flows
                        .iter()
                        .filter(|f| Month::of(f.day) == *m && &f.reason == r)
                        .map(|f| f.n)
                        .sum()
                })
                .collect(),
        })
        .collect();
    t.with_total(op.tr.t("oversight.total").to_string())
}

/// Transfers per institution: 应移送未移送 and 暂缓 (the county's long-term-guarded children not sent,
/// the transfer oversight's rule), 应接收未接收 (submitted or accepted batches to receive), open batches
/// sent, and overdue batches (open past the planned date).
pub fn transfers(conn: &mut DbConn, op: &Op<'_>, places: &[Place]) -> AppResult<Table> {
    use crate::transfer::rules::BatchState;
    use crate::transfer::stats;
    let county: Vec<InstitutionId> = places
        .iter()
        .filter(|p| p.kind == crate::archive::rules::COUNTY_WELFARE)
        .map(|p| p.id)
        .collect();
    let in_batches = stats::children_in_open_batches(conn)?;
    let mut except = in_batches.clone();
    except.extend(stats::deferred_children(conn)?);
    let pre = &stats::LONG_TERM_PREFIXES;
    let not_sent = archive::active_in_categories(conn, &county, pre, &except)?;
    let waiting = archive::active_in_categories(conn, &county, pre, &in_batches)?;
    let batches = stats::batches(conn, op.today)?;
    let of = |v: &[archive::PerInstitution], id: InstitutionId| {
        v.iter()
            .find(|x| x.institution_id == id.0)
            .map_or(0, |x| x.n)
    };
    let waiting_receipt = [BatchState::Submitted, BatchState::Accepted];
    let mut t = Table::new("transfers", "oversight.t.transfers", ChartKind::Grouped);
    t.columns = [
        "oversight.col.institution",
        "oversight.not-sent",
        "oversight.deferred",
        "oversight.not-received",
        "oversight.t.in_progress",
        "oversight.overdue",
    ]
    .iter()
    .map(|k| op.tr.t(k).to_string())
    .collect();
    t.rows = places
        .iter()
        .map(|p| {
            let sent = |f: &dyn Fn(&stats::BatchCount) -> i64| -> i64 {
                batches.iter().filter(|b| b.sender == p.id).map(f).sum()
            };
            let ns = of(&not_sent, p.id);
            Row {
                label: p.name.clone(),
                link: Some("/transfers/oversight".into()),
                values: vec![
                    ns,
                    of(&waiting, p.id) - ns,
                    batches
                        .iter()
                        .filter(|b| b.receiver == p.id && waiting_receipt.contains(&b.state))
                        .map(|b| b.n)
                        .sum(),
                    sent(&|b| if b.state.is_open() { b.n } else { 0 }),
                    sent(&|b| b.overdue),
                ],
            }
        })
        .collect();
    Ok(t)
}

/// Per-institution tables of the other modules: foster placements, care plans, adulthood, adoption
/// outcomes, data quality, and the named place of incidents.
fn modules(conn: &mut DbConn, op: &Op<'_>, places: &[Place]) -> AppResult<Vec<Table>> {
    let year_ago = year_before(op.today);
    let tasks = crate::jobs::stats::open_tasks(
        conn,
        &["foster", "care", "adulthood", "archive"],
        op.today,
    )?;
    let task = |module: &str, id: InstitutionId, prefix: &str, overdue: bool| -> i64 {
        tasks
            .iter()
            .filter(|t| t.module == module && t.institution == id)
            .filter(|t| t.message_key.starts_with(prefix))
            .map(|t| if overdue { t.overdue } else { t.open })
            .sum()
    };
    let pair = |v: &[(InstitutionId, i64)], id: InstitutionId| {
        v.iter().find(|x| x.0 == id).map_or(0, |x| x.1)
    };
    let triple = |v: &[(InstitutionId, String, i64)], id: InstitutionId, code: &str| {
        v.iter()
            .filter(|x| x.0 == id && x.1 == code)
            .map(|x| x.2)
            .sum::<i64>()
    };
    let open = crate::foster::stats::open_placements(conn)?;
    let ended = crate::foster::stats::ended_since(conn, year_ago)?;
    let plans = crate::care::stats::plans_by_state(conn)?;
    let cases = crate::adulthood::stats::open_cases(conn)?;
    let placed = crate::adulthood::stats::placed_since(conn, year_ago)?;
    let adoptions = crate::adoption::stats::outcomes_since(conn, year_ago)?;
    let per = |slug, title, cols: &[&str], link: &str, f: &dyn Fn(InstitutionId) -> Vec<i64>| {
        let mut t = Table::new(slug, title, ChartKind::Grouped);
        t.columns = std::iter::once("oversight.col.institution")
            .chain(cols.iter().copied())
            .map(|k| op.tr.t(k).to_string())
            .collect();
        t.rows = places
            .iter()
            .map(|p| Row {
                label: p.name.clone(),
                link: Some(link.to_string()),
                values: f(p.id),
            })
            .collect();
        t
    };
    Ok(vec![
        per(
            "foster",
            "oversight.t.foster",
            &[
                "oversight.foster.open",
                "oversight.foster.ended",
                "oversight.tasks_overdue",
            ],
            "/foster",
            &|id| {
                vec![
                    pair(&open, id),
                    pair(&ended, id),
                    task("foster", id, "", true),
                ]
            },
        ),
        per(
            "care",
            "oversight.t.care",
            &[
                "care.state.approved",
                "care.state.submitted",
                "oversight.tasks_overdue",
            ],
            "/care",
            &|id| {
                vec![
                    triple(&plans, id, "approved"),
                    triple(&plans, id, "submitted"),
                    task("care", id, "task.care_plan", true),
                ]
            },
        ),
        per(
            "adulthood",
            "oversight.t.adulthood",
            &[
                "oversight.adulthood.open",
                "oversight.tasks_open",
                "oversight.adulthood.placed",
            ],
            "/adulthood/oversight",
            &|id| {
                vec![
                    pair(&cases, id),
                    task("adulthood", id, "", false),
                    placed.iter().filter(|x| x.0 == id).map(|x| x.2).sum(),
                ]
            },
        ),
        per(
            "adoption",
            "oversight.t.adoption",
            &[
                "adoption.state.received",
                "adoption.state.integration",
                "adoption.state.registered",
                "adoption.state.refused",
            ],
            "/adoption",
            &|id| {
                ["received", "integration", "registered", "refused"]
                    .iter()
                    .map(|s| triple(&adoptions, id, s))
                    .collect()
            },
        ),
        per(
            "quality",
            "oversight.t.quality",
            &["oversight.quality.incomplete"],
            "/archive/quality",
            &|id| vec![task("archive", id, "task.archive_incomplete", false)],
        ),
    ])
}

/// Incidents and mandatory reports (强制报告, issue 17 point 1), from the caregiver-shift module's
/// aggregates (`shift::stats`, counts only — staff-involved incidents are counted with the others, a
/// number names nobody): per institution, the incidents of the last 12 months and their mandatory
/// reports by state today (pending, overdue, sent, confirmed).
pub fn incidents(conn: &mut DbConn, op: &Op<'_>, places: &[Place]) -> AppResult<Option<Table>> {
    use crate::shift::rules::ReportState;
    let from = year_before(op.today).and_time(chrono::NaiveTime::MIN);
    let mut t = Table::new("incidents", "oversight.t.incidents", ChartKind::Grouped);
    t.columns = std::iter::once(op.tr.t("oversight.col.institution").to_string())
        .chain(std::iter::once(
            op.tr.t("oversight.incidents.year").to_string(),
        ))
        .chain(ReportState::ALL.iter().map(|s| {
            op.tr
                .t(&format!("shift.report_state.{}", s.code()))
                .to_string()
        }))
        .collect();
    for p in places {
        let ids = [i64::from(p.id)];
        let kinds = crate::shift::stats::incidents_by_kind(conn, &ids, from, op.now)?;
        let reports = crate::shift::stats::reports_by_state(conn, &ids, from, op.now, op.now)?;
        let mut values = vec![kinds.iter().map(|k| k.1).sum()];
        values.extend(
            ReportState::ALL
                .iter()
                .map(|s| reports.iter().find(|r| r.0 == *s).map_or(0, |r| r.1)),
        );
        t.rows.push(Row {
            label: p.name.clone(),
            link: Some("/shift/incidents".into()),
            values,
        });
    }
    Ok(Some(t))
}

/// The day a year before `today` (the dashboard's "last 12 months" columns).
pub fn year_before(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(Months::new(12))
        .unwrap_or(today - Days::new(365))
}
