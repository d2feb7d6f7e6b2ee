//! The drawn body figure of an incident's body map (体表示意图, issue 15 point 6, session 7): a simple
//! static front and back figure as inline SVG built on the server — no JavaScript, no external file
//! (the CSP allows neither inline scripts nor other origins; presentation attributes are not styles).
//! Each region with marks in force is filled and outlined thickly (readable in black-and-white print)
//! and carries the marks' numbers, the same numbers as the text list below it. The figure is an aid:
//! the list is the record (and what a screen reader reads), so the SVG is one image with a label.
//!
//! Left and right are the child's: on the front view the child's left is on the viewer's right, on
//! the back view on the viewer's left.

use crate::shift::rules::body::{Region, Side};

/// A shape of the figure: a rectangle (x, y, w, h) or an ellipse (cx, cy, rx, ry), in figure units.
#[derive(Clone, Copy)]
enum Shape {
    Rect(i32, i32, i32, i32),
    Ellipse(i32, i32, i32, i32),
}

impl Shape {
    fn centre(self) -> (i32, i32) {
        match self {
            Shape::Rect(x, y, w, h) => (x + w / 2, y + h / 2),
            Shape::Ellipse(cx, cy, _, _) => (cx, cy),
        }
    }
}

/// Width of one figure; the back figure starts at `WIDTH`.
const WIDTH: i32 = 150;
/// The figure's middle line.
const MID: i32 = 75;

/// Where a region is drawn on a side (`None` when it is not on that side, BODY-01), x from 0.
fn shape(region: Region, side: Side) -> Option<Shape> {
    // The child's left is on the viewer's right in front, on the viewer's left behind.
    let flip = side == Side::Front;
    let childs_left = |left_x: i32, right_x: i32| if flip { right_x } else { left_x };
    let childs_right = |left_x: i32, right_x: i32| if flip { left_x } else { right_x };
    Some(match (region, side) {
        (Region::Head, _) => Shape::Ellipse(MID, 24, 17, 19),
        (Region::Face, Side::Front) => Shape::Ellipse(MID, 27, 10, 12),
        (Region::Neck, _) => Shape::Rect(MID - 7, 43, 14, 9),
        (Region::Chest, Side::Front) => Shape::Rect(MID - 24, 52, 48, 38),
        (Region::Abdomen, Side::Front) => Shape::Rect(MID - 24, 90, 48, 30),
        (Region::Back, Side::Back) => Shape::Rect(MID - 24, 52, 48, 48),
        (Region::Buttocks, Side::Back) => Shape::Rect(MID - 24, 100, 48, 20),
        (Region::ArmLeft, _) => Shape::Rect(childs_left(MID - 39, MID + 27), 54, 12, 62),
        (Region::ArmRight, _) => Shape::Rect(childs_right(MID - 39, MID + 27), 54, 12, 62),
        (Region::HandLeft, _) => Shape::Ellipse(childs_left(MID - 33, MID + 33), 124, 8, 8),
        (Region::HandRight, _) => Shape::Ellipse(childs_right(MID - 33, MID + 33), 124, 8, 8),
        (Region::LegLeft, _) => Shape::Rect(childs_left(MID - 22, MID + 3), 120, 19, 72),
        (Region::LegRight, _) => Shape::Rect(childs_right(MID - 22, MID + 3), 120, 19, 72),
        (Region::FootLeft, _) => Shape::Ellipse(childs_left(MID - 13, MID + 13), 198, 12, 6),
        (Region::FootRight, _) => Shape::Ellipse(childs_right(MID - 13, MID + 13), 198, 12, 6),
        _ => return None,
    })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG: `marks` are (number, side, region) of the marks in force; `labels` the captions of the
/// front and back views and the image's label (already translated).
pub fn svg(marks: &[(usize, Side, Region)], labels: (&str, &str, &str)) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} 228\" role=\"img\" aria-label=\"{}\" class=\"body-figure\" id=\"body-figure\">",
        WIDTH * 2,
        esc(labels.2)
    );
    for (i, side) in [Side::Front, Side::Back].into_iter().enumerate() {
        let x0 = WIDTH * i as i32;
        out.push_str(&format!(
            "<g id=\"figure-{}\" transform=\"translate({x0} 0)\">",
            side.code()
        ));
        // Larger regions first so the face and hands are drawn over the head and arms.
        for region in Region::ALL {
            let Some(sh) = shape(*region, side) else {
                continue;
            };
            let nums: Vec<String> = marks
                .iter()
                .filter(|m| m.1 == side && m.2 == *region)
                .map(|m| m.0.to_string())
                .collect();
            let marked = !nums.is_empty();
            let (fill, stroke, width) = if marked {
                ("#fca5a5", "#7f1d1d", 3)
            } else {
                ("#f3f4f6", "#6b7280", 1)
            };
            let id = format!(
                "fig-{}-{}{}",
                side.code(),
                region.code(),
                if marked { "-marked" } else { "" }
            );
            match sh {
                Shape::Rect(x, y, w, h) => out.push_str(&format!(
                    "<rect id=\"{id}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>"
                )),
                Shape::Ellipse(cx, cy, rx, ry) => out.push_str(&format!(
                    "<ellipse id=\"{id}\" cx=\"{cx}\" cy=\"{cy}\" rx=\"{rx}\" ry=\"{ry}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>"
                )),
            }
        }
        // Numbers last, on top of every shape.
        for region in Region::ALL {
            let Some(sh) = shape(*region, side) else {
                continue;
            };
            let nums: Vec<String> = marks
                .iter()
                .filter(|m| m.1 == side && m.2 == *region)
                .map(|m| m.0.to_string())
                .collect();
            if nums.is_empty() {
                continue;
            }
            let (cx, cy) = sh.centre();
            out.push_str(&format!(
                "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#000\">{}</text>",
                cy + 5,
                nums.join(",")
            ));
        }
        let caption = if side == Side::Front {
            labels.0
        } else {
            labels.1
        };
        out.push_str(&format!(
            "<text x=\"{MID}\" y=\"222\" text-anchor=\"middle\" font-size=\"13\" fill=\"#000\">{}</text></g>",
            esc(caption)
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_is_drawn_on_exactly_its_sides() {
        for r in Region::ALL {
            for s in Side::ALL {
                assert_eq!(
                    shape(*r, *s).is_some(),
                    crate::shift::rules::body::on_side(*r, *s),
                    "{r:?} {s:?}"
                );
            }
        }
    }

    #[test]
    fn the_childs_left_is_on_the_viewers_right_in_front_and_left_behind() {
        let x = |r, s| shape(r, s).map(|sh| sh.centre().0).unwrap_or_default();
        assert!(x(Region::ArmLeft, Side::Front) > MID);
        assert!(x(Region::ArmLeft, Side::Back) < MID);
        assert!(x(Region::FootRight, Side::Front) < MID);
    }

    #[test]
    fn marked_regions_carry_their_numbers_and_labels_are_escaped() {
        let s = svg(
            &[
                (1, Side::Front, Region::ArmLeft),
                (2, Side::Front, Region::ArmLeft),
            ],
            ("正面", "背面", "a<b"),
        );
        assert!(s.contains("id=\"fig-front-arm_left-marked\""));
        assert!(s.contains(">1,2</text>"));
        assert!(s.contains("id=\"fig-back-arm_left\""));
        assert!(s.contains("aria-label=\"a&lt;b\""));
    }
}
