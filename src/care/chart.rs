//! The growth charts of the care page (weight, length/height and head circumference by age), drawn
//! server-side as SVG (no JavaScript; readable in print): the reference lines of the standard stored with the child's
//! results (−2 SD, median, +2 SD; `rules::growth_curves`, GRW-01/03) behind the measured points, and a
//! legend naming each standard and its version. The table below the charts stays the record. The
//! ages, curves and value range are shared with the care plan PDF's chart (`care::pdf_chart`).

use crate::care::rules::growth::Indicator;
use crate::care::rules::growth_curves::{self as gc, CurvePoint, Reference};
use crate::platform::i18n::Catalogue;
use chrono::{Datelike, NaiveDate};

const DAYS_PER_MONTH: f64 = 30.4375;
const WIDTH: f64 = 480.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 468.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 170.0;
const LEGEND_TOP: f64 = 212.0;
const LEGEND_LINE: f64 = 16.0;

/// A measured point (SVG coordinates, with its value in a tooltip).
pub struct ChartDot {
    pub x: i64,
    pub y: i64,
    pub label: String,
}

/// A reference line: `d` is the path, `class` names it (`ref-wst423-median`, …) for tests and print.
pub struct RefLine {
    pub d: String,
    pub class: String,
    pub stroke: &'static str,
    pub width: &'static str,
    pub dash: &'static str,
}

/// A legend entry: a short line sample and its text.
pub struct LegendItem {
    pub y: i64,
    pub text: String,
    pub stroke: &'static str,
    pub dash: &'static str,
}

/// A text on the axes.
pub struct AxisLabel {
    pub x: i64,
    pub y: i64,
    pub anchor: &'static str,
    pub text: String,
}

/// One chart of the care page.
pub struct GrowthChart {
    pub id: &'static str,
    pub title: String,
    pub width: i64,
    pub height: i64,
    pub refs: Vec<RefLine>,
    pub path: String,
    pub dots: Vec<ChartDot>,
    pub legend: Vec<LegendItem>,
    pub axis: Vec<AxisLabel>,
}

/// The child the charts are drawn for, and whether its results carry the WHO 2006 view (0–60 months:
/// the second view stored beside WS/T 423, or the standard of results recorded before it).
pub struct Subject<'a> {
    pub sex: &'a str,
    pub birth: NaiveDate,
    pub who2006: bool,
}

fn months(birth: NaiveDate, on: NaiveDate) -> f64 {
    (on - birth).num_days() as f64 / DAYS_PER_MONTH
}

/// The age in months of the 7th birthday (民法典 第201条: born 29 Feb → 28 Feb).
fn seventh_birthday(birth: NaiveDate) -> f64 {
    let y = birth.year() + crate::care::rules::growth_std::WST_UNTIL_YEARS;
    let day = birth
        .with_year(y)
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(birth);
    months(birth, day)
}

/// The stroke colour, width and dash of a reference's line `k` (0: −2 SD, 1: median, 2: +2 SD).
pub fn style(r: Reference, k: usize) -> (&'static str, &'static str, &'static str) {
    let median = k == 1;
    match r {
        Reference::Who2006 => ("#b26a00", if median { "1.4" } else { "1" }, "5 3"),
        _ => (
            if median { "#4d5663" } else { "#8a94a3" },
            if median { "1.6" } else { "1" },
            "",
        ),
    }
}

fn code(r: Reference) -> &'static str {
    match r {
        Reference::Wst423 => "wst423",
        Reference::Who2007 => "who2007",
        Reference::Who2006 => "who2006",
    }
}

/// A measured value at its age: months, value, the day measured.
pub type Aged = (f64, f64, NaiveDate);

/// The ages in months of the measured values `(date, value)` (oldest first), and the age range a
/// chart shows: the measurements' (a single age gets a month either side, never before birth).
/// `None` without a measurement.
pub fn ages_shown(birth: NaiveDate, series: &[(NaiveDate, f64)]) -> Option<(Vec<Aged>, f64, f64)> {
    let ages: Vec<Aged> = series
        .iter()
        .map(|(d, v)| (months(birth, *d), *v, *d))
        .collect();
    let from = ages.iter().map(|a| a.0).fold(f64::INFINITY, f64::min);
    let to = ages.iter().map(|a| a.0).fold(f64::NEG_INFINITY, f64::max);
    if !from.is_finite() || !to.is_finite() {
        return None;
    }
    let (x0, x1) = if to - from < 1.0 {
        ((from - 1.0).max(0.0), to + 1.0)
    } else {
        (from, to)
    };
    Some((ages, x0, x1))
}

/// The reference curves drawn over `x0`–`x1` months: the primary standard by age (GRW-03), then the
/// WHO 2006 view where the child's results carry it. Ages outside a table get no line, and a
/// standard with no line in the range is left out (e.g. head circumference after 36 months).
pub fn curves(
    ind: Indicator,
    who: &Subject<'_>,
    x0: f64,
    x1: f64,
) -> Vec<(Reference, Vec<CurvePoint>)> {
    let mut curves: Vec<(Reference, Vec<CurvePoint>)> = Vec::new();
    for (r, a, b) in gc::primary_stretches(x0, x1, seventh_birthday(who.birth)) {
        curves.push((r, gc::curve(r, ind, who.sex, a, b)));
    }
    if let (true, Some((a, b))) = (who.who2006, gc::who2006_stretch(x0, x1)) {
        curves.push((
            Reference::Who2006,
            gc::curve(Reference::Who2006, ind, who.sex, a, b),
        ));
    }
    curves.retain(|c| !c.1.is_empty());
    curves
}

/// The value range of a chart: every measured value and every line inside it, a little room around.
pub fn value_range(
    values: impl Iterator<Item = f64>,
    curves: &[(Reference, Vec<CurvePoint>)],
) -> (f64, f64) {
    let values = values.chain(curves.iter().flat_map(|c| c.1.iter().flat_map(|p| p.1)));
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let pad = ((hi - lo) * 0.05).max(0.5);
    (lo - pad, hi + pad)
}

/// Whether the WHO 2006 lines are drawn: the child's results carry the second view, or a result was
/// recorded under WHO 2006 (before WS/T 423).
pub fn who2006_drawn(rows: &[crate::care::model::Growth], second_views: usize) -> bool {
    second_views > 0
        || rows
            .iter()
            .any(|g| g.standard == crate::care::rules::growth::STANDARD)
}

/// The catalogue key of a chart's title.
fn title_key(id: &str) -> &'static str {
    match id {
        "height" => "care.chart_height",
        "head" => "care.chart_head",
        _ => "care.chart",
    }
}

/// Build one chart from the measured values `(date, value)` (oldest first), or `None` with none.
pub fn build(
    tr: &Catalogue,
    id: &'static str,
    ind: Indicator,
    unit: &str,
    who: &Subject<'_>,
    series: &[(NaiveDate, f64)],
) -> Option<GrowthChart> {
    let (ages, x0, x1) = ages_shown(who.birth, series)?;
    let curves = curves(ind, who, x0, x1);
    // Scales: every measured value and every line inside the box.
    let (lo, hi) = value_range(ages.iter().map(|a| a.1), &curves);
    let x = |m: f64| (LEFT + (m - x0) / (x1 - x0) * (RIGHT - LEFT)).round() as i64;
    let y = |v: f64| (BOTTOM - (v - lo) / (hi - lo) * (BOTTOM - TOP)).round() as i64;
    let mut refs = Vec::new();
    let mut legend = Vec::new();
    let mut line = 0.0;
    for (r, pts) in &curves {
        for (k, name) in ["minus2", "median", "plus2"].iter().enumerate() {
            let (stroke, width, dash) = style(*r, k);
            let d = pts
                .iter()
                .enumerate()
                .map(|(i, (m, v))| {
                    format!("{}{},{}", if i == 0 { "M" } else { "L" }, x(*m), y(v[k]))
                })
                .collect::<String>();
            refs.push(RefLine {
                d,
                class: format!("ref ref-{}-{name}", code(*r)),
                stroke,
                width,
                dash,
            });
        }
        let (stroke, _, dash) = style(*r, 1);
        let view = if *r == Reference::Who2006 && curves.len() > 1 {
            format!(" · {}", tr.t("care.chart_second_view"))
        } else {
            String::new()
        };
        legend.push(LegendItem {
            y: (LEGEND_TOP + line * LEGEND_LINE) as i64,
            text: format!("{} {}{view}", r.name(), r.version()),
            stroke,
            dash,
        });
        line += 1.0;
    }
    if !curves.is_empty() {
        // What the lines are, once for every standard (no sample line).
        legend.push(LegendItem {
            y: (LEGEND_TOP + line * LEGEND_LINE) as i64,
            text: tr.t("care.chart_lines").to_string(),
            stroke: "none",
            dash: "",
        });
        line += 1.0;
    }
    legend.insert(
        0,
        LegendItem {
            y: (LEGEND_TOP - LEGEND_LINE) as i64,
            text: tr.t("care.chart_measured").to_string(),
            stroke: "#1a4f8b",
            dash: "",
        },
    );
    let dots: Vec<ChartDot> = ages
        .iter()
        .map(|(m, v, d)| ChartDot {
            x: x(*m),
            y: y(*v),
            label: format!("{d} {v:.1} {unit}"),
        })
        .collect();
    let path = dots
        .iter()
        .map(|p| format!("{},{}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    let age = |m: f64| format!("{:.0} {}", m.max(0.0), tr.t("care.chart_months"));
    let axis = vec![
        AxisLabel {
            x: LEFT as i64,
            y: (BOTTOM + 14.0) as i64,
            anchor: "start",
            text: age(x0),
        },
        AxisLabel {
            x: RIGHT as i64,
            y: (BOTTOM + 14.0) as i64,
            anchor: "end",
            text: age(x1),
        },
        AxisLabel {
            x: (LEFT - 4.0) as i64,
            y: (BOTTOM) as i64,
            anchor: "end",
            text: format!("{lo:.1}"),
        },
        AxisLabel {
            x: (LEFT - 4.0) as i64,
            y: (TOP + 8.0) as i64,
            anchor: "end",
            text: format!("{hi:.1} {unit}"),
        },
    ];
    Some(GrowthChart {
        id,
        title: tr.t(title_key(id)).to_string(),
        width: WIDTH as i64,
        height: (LEGEND_TOP + line * LEGEND_LINE) as i64,
        refs,
        path,
        dots,
        legend,
        axis,
    })
}

/// The care page's charts: weight, length/height and head circumference by age, each where the
/// child has a value.
pub fn for_child(
    tr: &Catalogue,
    who: &Subject<'_>,
    rows: &[crate::care::model::Growth],
) -> Vec<GrowthChart> {
    let series = |f: fn(&crate::care::model::Growth) -> Option<f64>| -> Vec<(NaiveDate, f64)> {
        rows.iter()
            .filter_map(|g| Some((g.measured_on, f(g)?)))
            .collect()
    };
    let weight = series(|g| g.weight_g.map(|w| f64::from(w) / 1000.0));
    let height = series(|g| g.height_mm.map(|h| f64::from(h) / 10.0));
    let head = series(|g| g.head_mm.map(|h| f64::from(h) / 10.0));
    [
        build(tr, "weight", Indicator::WeightForAge, "kg", who, &weight),
        build(tr, "height", Indicator::LengthForAge, "cm", who, &height),
        build(tr, "head", Indicator::HeadForAge, "cm", who, &head),
    ]
    .into_iter()
    .flatten()
    .collect()
}
