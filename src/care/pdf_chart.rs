//! The growth chart printed on the care plan PDF (issue 14 point 3, GRW-01/03): weight-for-age and
//! length/height-for-age of the child's checks side by side, drawn with the printer's vector lines
//! (no picture), against the same −2 SD / median / +2 SD lines as the care page — the ages, curves and
//! value ranges come from `care::chart` (which reads `rules::growth_curves`), only the drawing is
//! here. A legend names each standard drawn with its version. About a third of a page; printed only
//! where the reader sees the 养育 section (the caller's rule, as for the growth table).

use crate::care::chart::{self, Subject};
use crate::care::model::Growth;
use crate::care::rules::growth::Indicator;
use crate::care::rules::growth_curves::Reference;
use crate::pdf::{Block, Shape, TEXT_WIDTH};
use crate::platform::Catalogue;
use chrono::NaiveDate;

/// The gap between the two panels, and each panel's room for the value labels on its left.
const GAP: f32 = 22.0;
const LABELS: f32 = 36.0;
/// The plot box's height, the panel title's band above it and the age labels' band below it.
const BOX_H: f32 = 120.0;
const TITLE_H: f32 = 14.0;
const AXIS_H: f32 = 14.0;
const LEGEND_LINE: f32 = 11.0;
const SMALL: f32 = 7.5;
const MEASURED: [f32; 3] = [0.102, 0.310, 0.545];
const FRAME: [f32; 3] = [0.302, 0.337, 0.388];
/// SVG pixels of the care page's chart to points here (its box is 160 px tall).
const STROKE_SCALE: f32 = 0.7;

/// A legend line's sample: colour and dash pattern.
type Sample = ([f32; 3], Vec<f32>);

/// `#rrggbb` → red, green, blue in 0–1 (the care page's colours; black when unreadable).
fn rgb(hex: &str) -> [f32; 3] {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .map_or(0.0, |v| f32::from(v) / 255.0)
    };
    [c(0), c(2), c(4)]
}

fn line(points: Vec<(f32, f32)>, rgb: [f32; 3], width: f32, dash: Vec<f32>) -> Shape {
    Shape::Line {
        points,
        rgb,
        width,
        dash,
    }
}

fn text(x: f32, y: f32, size: f32, s: impl Into<String>) -> Shape {
    Shape::Text {
        x,
        y,
        size,
        text: s.into(),
    }
}

/// The line style of a reference's line `k` as on the care page, in points.
fn stroke(r: Reference, k: usize) -> ([f32; 3], f32, Vec<f32>) {
    let (colour, width, dash) = chart::style(r, k);
    let scale = |v: &str| v.parse::<f32>().map_or(1.0, |v| v * STROKE_SCALE);
    (
        rgb(colour),
        scale(width),
        dash.split_whitespace().map(scale).collect(),
    )
}

/// One panel at `left` (from the figure's left edge), its box from `bottom` up: its title's
/// catalogue key, unit and indicator. Returns the references drawn.
fn panel(
    tr: &Catalogue,
    out: &mut Vec<Shape>,
    (left, bottom, width): (f32, f32, f32),
    (title, unit, ind): (&str, &str, Indicator),
    who: &Subject<'_>,
    series: &[(NaiveDate, f64)],
) -> Vec<Reference> {
    let Some((ages, x0, x1)) = chart::ages_shown(who.birth, series) else {
        return vec![];
    };
    let curves = chart::curves(ind, who, x0, x1);
    let (lo, hi) = chart::value_range(ages.iter().map(|a| a.1), &curves);
    let (bx, bw) = (left + LABELS, width - LABELS);
    let x = |m: f64| bx + ((m - x0) / (x1 - x0)) as f32 * bw;
    let y = |v: f64| bottom + ((v - lo) / (hi - lo)) as f32 * BOX_H;
    let top = bottom + BOX_H;
    out.push(text(bx, top + 4.0, SMALL + 1.0, tr.t(title)));
    out.push(line(
        vec![
            (bx, bottom),
            (bx + bw, bottom),
            (bx + bw, top),
            (bx, top),
            (bx, bottom),
        ],
        FRAME,
        0.6,
        vec![],
    ));
    for (r, pts) in &curves {
        for k in 0..3 {
            let (colour, w, dash) = stroke(*r, k);
            let points = pts.iter().map(|(m, v)| (x(*m), y(v[k]))).collect();
            out.push(line(points, colour, w, dash));
        }
    }
    let dots: Vec<(f32, f32)> = ages.iter().map(|(m, v, _)| (x(*m), y(*v))).collect();
    if dots.len() > 1 {
        out.push(line(dots.clone(), MEASURED, 1.2, vec![]));
    }
    for (px, py) in dots {
        let d = 1.6;
        out.push(line(
            vec![
                (px - d, py - d),
                (px + d, py - d),
                (px + d, py + d),
                (px - d, py + d),
                (px - d, py - d),
            ],
            MEASURED,
            1.2,
            vec![],
        ));
    }
    let age = |m: f64| format!("{:.0} {}", m.max(0.0), tr.t("care.chart_months"));
    let label_y = bottom - AXIS_H + 4.0;
    out.push(text(bx, label_y, SMALL, age(x0)));
    let end = age(x1);
    let end_w = crate::pdf::layout::width(&end, SMALL);
    out.push(text(bx + bw - end_w, label_y, SMALL, end));
    out.push(text(left, bottom, SMALL, format!("{lo:.1}")));
    out.push(text(left, top - SMALL, SMALL, format!("{hi:.1} {unit}")));
    curves.into_iter().map(|c| c.0).collect()
}

/// The chart's heading and figure, or nothing when the child has no weight or length/height.
pub fn blocks(tr: &Catalogue, who: &Subject<'_>, rows: &[Growth]) -> Vec<Block> {
    let series = |f: fn(&Growth) -> Option<f64>| -> Vec<(NaiveDate, f64)> {
        rows.iter()
            .filter_map(|g| Some((g.measured_on, f(g)?)))
            .collect()
    };
    let weight = series(|g| g.weight_g.map(|w| f64::from(w) / 1000.0));
    let height = series(|g| g.height_mm.map(|h| f64::from(h) / 10.0));
    if weight.is_empty() && height.is_empty() {
        return vec![];
    }
    // The legend's lines: measured, each standard drawn, what the lines are.
    let mut legend: Vec<(String, Option<Sample>)> = vec![(
        tr.t("care.chart_measured").to_string(),
        Some((MEASURED, vec![])),
    )];
    // The panels are drawn with their boxes' bottoms at 0, then lifted above the legend, whose
    // height is known once the panels have told which standards they drew.
    let mut panels = Vec::new();
    let pw = (TEXT_WIDTH - GAP) / 2.0;
    let mut drawn: Vec<Reference> = Vec::new();
    for (i, (key, unit, ind, s)) in [
        ("care.chart", "kg", Indicator::WeightForAge, &weight),
        ("care.chart_height", "cm", Indicator::LengthForAge, &height),
    ]
    .into_iter()
    .enumerate()
    {
        let left = i as f32 * (pw + GAP);
        for r in panel(tr, &mut panels, (left, 0.0, pw), (key, unit, ind), who, s) {
            if !drawn.contains(&r) {
                drawn.push(r);
            }
        }
    }
    drawn.sort_by_key(|r| match r {
        Reference::Wst423 => 0,
        Reference::Who2007 => 1,
        Reference::Who2006 => 2,
    });
    for r in &drawn {
        let (colour, _, dash) = stroke(*r, 1);
        let view = if *r == Reference::Who2006 && drawn.len() > 1 {
            format!(" · {}", tr.t("care.chart_second_view"))
        } else {
            String::new()
        };
        legend.push((
            format!("{} {}{view}", r.name(), r.version()),
            Some((colour, dash)),
        ));
    }
    if !drawn.is_empty() {
        legend.push((tr.t("care.chart_lines").to_string(), None));
    }
    let legend_h = legend.len() as f32 * LEGEND_LINE + 4.0;
    let lift = legend_h + AXIS_H;
    let mut shapes: Vec<Shape> = panels.iter().map(|s| s.moved(0.0, lift)).collect();
    for (k, (label, sample)) in legend.into_iter().enumerate() {
        let y = legend_h - (k + 1) as f32 * LEGEND_LINE;
        if let Some((colour, dash)) = sample {
            shapes.push(line(
                vec![(0.0, y + 2.5), (18.0, y + 2.5)],
                colour,
                1.2,
                dash,
            ));
        }
        shapes.push(text(24.0, y, SMALL + 0.5, label));
    }
    vec![
        Block::Heading(tr.t("care.pdf.chart").to_string()),
        Block::Figure {
            height: lift + BOX_H + TITLE_H,
            shapes,
        },
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn colours_read_from_the_pages_hex_strokes() {
        assert_eq!(super::rgb("#ff0000"), [1.0, 0.0, 0.0]);
        assert_eq!(super::rgb("#000000"), [0.0, 0.0, 0.0]);
        assert_eq!(super::rgb("nope"), [0.0, 0.0, 0.0]);
    }
}
