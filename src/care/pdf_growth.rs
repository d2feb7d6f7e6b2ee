//! The growth results printed on the care plan PDF (issue 14 point 3, GRW-01/03): the last
//! measurements with the primary standard's result (WS/T 423-2022 under 7, WHO 2007 after) and the
//! WHO 2006 second view (0–60 months), each with the standard and version stored with the result —
//! the same lines the care page shows — and under them a chart of the checks (`care::pdf_chart`).
//! Only for a reader the archive's restriction rule lets see the 养育 (care) section, where growth
//! records are filed.

use crate::archive::Child;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::pdf::Block;
use crate::platform::Catalogue;

/// How many of the latest measurements the PDF prints (the care page has the whole history).
const LAST: usize = 6;

fn z_text(z: Option<i32>) -> String {
    z.map_or("—".into(), |z| {
        let z = f64::from(z) / 100.0;
        format!(
            "{z:+.2} (P{:.0})",
            crate::care::rules::growth::percentile(z)
        )
    })
}

fn dec(v: Option<i32>, div: f64, places: usize) -> String {
    v.map_or("—".into(), |v| {
        format!("{:.*}", places, f64::from(v) / div)
    })
}

/// The growth heading and table, then the growth chart of all the checks (`care::pdf_chart`);
/// nothing when there is no measurement.
pub fn blocks(c: &mut DbConn, tr: &Catalogue, child: &Child) -> AppResult<Vec<Block>> {
    let rows = crate::care::model::growth_of(c, child.id)?;
    let latest: Vec<_> = rows.iter().rev().take(LAST).collect();
    if latest.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<i64> = rows.iter().map(|g| g.id).collect();
    let who = crate::care::model_more::who2006_of(c, &ids)?;
    // The chart's subject, as on the care page.
    let subject = crate::care::chart::Subject {
        sex: &child.sex,
        birth: child.birth_date,
        who2006: crate::care::chart::who2006_drawn(&rows, who.len()),
    };
    let table = latest
        .iter()
        .map(|g| {
            vec![
                g.measured_on.to_string(),
                format!(
                    "{} / {} / {}",
                    dec(g.height_mm, 10.0, 1),
                    dec(g.weight_g, 1000.0, 2),
                    dec(g.head_mm, 10.0, 1)
                ),
                format!(
                    "{} {}: {} {} · {} {} · {} {}",
                    g.standard,
                    g.standard_version,
                    tr.t("care.wfa"),
                    z_text(g.wfa_z100),
                    tr.t("care.lhfa"),
                    z_text(g.lhfa_z100),
                    tr.t("care.hcfa"),
                    z_text(g.hcfa_z100)
                ),
                who.iter()
                    .find(|w| w.growth_id == g.id)
                    .map_or("—".into(), |w| {
                        crate::care::views_more::who2006_text(tr, w)
                    }),
            ]
        })
        .collect();
    let chart = crate::care::pdf_chart::blocks(tr, &subject, &rows);
    Ok([
        Block::Heading(tr.t("care.growth").to_string()),
        Block::Table {
            headers: vec![
                tr.t("care.f.date").to_string(),
                tr.t("care.pdf.measures").to_string(),
                tr.t("care.standard").to_string(),
                tr.t("care.pdf.who2006").to_string(),
            ],
            widths: vec![1.6, 2.4, 4.0, 4.0],
            rows: table,
        },
    ]
    .into_iter()
    .chain(chart)
    .collect())
}
