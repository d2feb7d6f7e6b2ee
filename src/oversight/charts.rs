//! Charts drawn on the server as SVG with plotters (issue 17 point 1: readable without JavaScript and in
//! print). Each chart is drawn from its [`Table`], so the picture and the table behind it cannot differ.
//! Text is emitted as SVG `<text>` (plotters escapes it); the browser's fonts render Chinese labels.

use super::table::{ChartKind, Table};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

/// Colours of the stacked series (dark enough for white gaps to show in print; ≥ 3:1 against white).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1a, 0x4f, 0x8b),
    RGBColor(0xc0, 0x5a, 0x00),
    RGBColor(0x2e, 0x7d, 0x32),
    RGBColor(0x8e, 0x24, 0xaa),
    RGBColor(0xa3, 0x16, 0x0b),
    RGBColor(0x00, 0x7c, 0x91),
    RGBColor(0x5d, 0x40, 0x37),
    RGBColor(0x4d, 0x56, 0x63),
];

/// The colour of series `i` (CSS hex, for the legend in the page).
pub fn colour(i: usize) -> String {
    let c = PALETTE[i % PALETTE.len()];
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The chart of a table as an SVG document, or `None` when the table has no chart or no rows.
pub fn svg(t: &Table) -> Option<String> {
    if t.rows.is_empty() || t.chart == ChartKind::None {
        return None;
    }
    let mut buf = String::new();
    let drawn = match t.chart {
        ChartKind::Rows | ChartKind::Grouped => rows(t, &mut buf),
        ChartKind::Months => months(t, &mut buf),
        ChartKind::None => return None,
    };
    // A drawing error (it has none on a string backend) leaves the table alone, without a chart.
    drawn.ok().map(|()| buf)
}

/// The stacked segments of row `r`: (series index, start, end).
fn segments(t: &Table, r: usize) -> Vec<(usize, i64, i64)> {
    let n = t.series().len();
    let mut at = 0;
    let mut out = Vec::new();
    for (i, v) in t.rows[r].values.iter().take(n).enumerate() {
        if *v > 0 {
            out.push((i, at, at + v));
            at += v;
        }
    }
    out
}

/// The bars of row `r`: stacked segments, or for a grouped chart one bar per series from zero.
fn bars(t: &Table, r: usize) -> Vec<(usize, i64, i64)> {
    if t.chart != ChartKind::Grouped {
        return segments(t, r);
    }
    let n = t.series().len();
    t.rows[r]
        .values
        .iter()
        .take(n)
        .enumerate()
        .filter(|(_, v)| **v > 0)
        .map(|(i, v)| (i, 0, *v))
        .collect()
}

fn max_stack(t: &Table) -> i64 {
    (0..t.rows.len())
        .flat_map(|r| bars(t, r).into_iter().map(|s| s.2))
        .max()
        .unwrap_or(0)
        .max(1)
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// One horizontal bar per row, its series stacked; the row labels on the left.
fn rows(t: &Table, buf: &mut String) -> DrawResult {
    let n = t.rows.len();
    let longest = t
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(4);
    let label_w = (longest as u32 * 13 + 16).clamp(60, 360);
    // A grouped row has a bar of 6 px per series (3 px apart); a stacked row one bar.
    let k = t.series().len().max(1) as u32;
    let row_h = if t.chart == ChartKind::Grouped {
        (9 * k + 6).max(26)
    } else {
        26
    };
    let height = 40 + row_h * n as u32;
    let max = max_stack(t);
    {
        let root = SVGBackend::with_string(buf, (720, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(6)
            .x_label_area_size(24)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0..max + max / 10 + 1, (0..n).into_segmented())?;
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) => {
                t.rows.get(*i).map(|r| r.label.clone()).unwrap_or_default()
            }
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&label)
            .x_labels(6)
            .label_style(("sans-serif", 13))
            .draw()?;
        for r in 0..n {
            for (i, from, to) in bars(t, r) {
                let style = PALETTE[i % PALETTE.len()].filled();
                let mut bar = Rectangle::new(
                    [
                        (from, SegmentValue::Exact(r)),
                        (to, SegmentValue::Exact(r + 1)),
                    ],
                    style,
                );
                if t.chart == ChartKind::Grouped {
                    let i = i as u32;
                    bar.set_margin(3 + 9 * i, row_h.saturating_sub(3 + 9 * i + 6), 0, 0);
                } else {
                    bar.set_margin(4, 4, 0, 0);
                }
                chart.draw_series(std::iter::once(bar))?;
            }
        }
        root.present()?;
    }
    Ok(())
}

/// One vertical bar per month, its series stacked; months along the bottom.
fn months(t: &Table, buf: &mut String) -> DrawResult {
    let n = t.rows.len();
    let max = max_stack(t);
    {
        let root = SVGBackend::with_string(buf, (720, 260)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(6)
            .x_label_area_size(40)
            .y_label_area_size(40)
            .build_cartesian_2d((0..n).into_segmented(), 0..max + max / 10 + 1)?;
        let label = |v: &SegmentValue<usize>| match v {
            // Every third month is labelled, so 24 labels do not overlap.
            SegmentValue::CenterOf(i) if i % 3 == 0 || *i + 1 == n => {
                t.rows.get(*i).map(|r| r.label.clone()).unwrap_or_default()
            }
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n)
            .x_label_formatter(&label)
            .y_labels(5)
            .label_style(("sans-serif", 12))
            .draw()?;
        for r in 0..n {
            for (i, from, to) in segments(t, r) {
                let style = PALETTE[i % PALETTE.len()].filled();
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(r), from),
                        (SegmentValue::Exact(r + 1), to),
                    ],
                    style,
                );
                bar.set_margin(0, 0, 3, 3);
                chart.draw_series(std::iter::once(bar))?;
            }
        }
        root.present()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oversight::table::Row;

    fn table(kind: ChartKind) -> Table {
        let mut t = Table::new("t", "t", kind);
        t.columns = vec!["x".into(), "a".into(), "b".into()];
        t.rows = vec![
            Row {
                label: "长春市<儿童>福利院".into(),
                link: None,
                values: vec![3, 2],
            },
            Row {
                label: "2026-01".into(),
                link: None,
                values: vec![0, 7],
            },
        ];
        t.with_total("total".into())
    }

    #[test]
    fn a_chart_is_svg_with_escaped_labels() {
        for kind in [ChartKind::Rows, ChartKind::Months] {
            let s = svg(&table(kind)).expect("a chart");
            assert!(s.starts_with("<svg"), "{kind:?}");
            assert!(s.contains("<rect"), "{kind:?}");
            assert!(!s.contains("<儿童>"), "{kind:?}: the label is escaped");
        }
        assert!(svg(&table(ChartKind::Rows)).unwrap().contains("福利院"));
    }

    #[test]
    fn no_rows_no_chart() {
        let mut t = table(ChartKind::Rows);
        t.rows.clear();
        assert_eq!(svg(&t), None);
        assert_eq!(svg(&table(ChartKind::None)), None);
    }

    #[test]
    fn stacks_skip_zero_and_leave_out_the_total() {
        let t = table(ChartKind::Rows);
        assert_eq!(segments(&t, 0), vec![(0, 0, 3), (1, 3, 5)]);
        assert_eq!(segments(&t, 1), vec![(1, 0, 7)]);
        assert_eq!(max_stack(&t), 7);
    }
}
