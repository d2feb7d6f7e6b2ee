//! Text measurement and line wrapping with the embedded font's advance widths (pure; no PDF types).

use std::sync::OnceLock;

pub const FONT_BYTES: &[u8] = include_bytes!("../../templates/static/fonts/wqy-microhei.ttf");

struct Metrics {
    units_per_em: f32,
    /// Advance per char for the Basic Multilingual Plane, 0 = not in font (measured as 1 em).
    advances: Vec<u16>,
}

fn metrics() -> &'static Metrics {
    static M: OnceLock<Metrics> = OnceLock::new();
    M.get_or_init(|| {
        let mut advances = vec![0u16; 0x10000];
        let mut upem = 1000.0;
        if let Ok(face) = ttf_parser::Face::parse(FONT_BYTES, 0) {
            upem = face.units_per_em() as f32;
            for (cp, slot) in advances.iter_mut().enumerate() {
                if let Some(ch) = char::from_u32(cp as u32) {
                    if let Some(g) = face.glyph_index(ch) {
                        *slot = face.glyph_hor_advance(g).unwrap_or(0);
                    }
                }
            }
        }
        Metrics {
            units_per_em: upem,
            advances,
        }
    })
}

/// Width of `s` in points at `size`.
pub fn width(s: &str, size: f32) -> f32 {
    let m = metrics();
    s.chars()
        .map(|c| {
            let a = m.advances.get(c as usize).copied().unwrap_or(0);
            let a = if a == 0 { m.units_per_em } else { a as f32 };
            a / m.units_per_em * size
        })
        .sum()
}

/// Greedy wrap into lines no wider than `max` points. Chinese text breaks between any two characters;
/// Latin words break at spaces when they can. Explicit newlines are kept.
pub fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for ch in para.chars() {
            let mut candidate = line.clone();
            candidate.push(ch);
            if width(&candidate, size) <= max || line.is_empty() {
                line = candidate;
                continue;
            }
            // Prefer to break after the last space when the overflow is inside a Latin word (with its
            // punctuation, e.g. "(month)").
            if ch.is_ascii_graphic() {
                if let Some(pos) = line.rfind(' ') {
                    let rest = line[pos + 1..].to_string();
                    if rest.chars().all(|c| c.is_ascii_graphic()) && !rest.is_empty() {
                        out.push(line[..pos].to_string());
                        line = rest;
                        line.push(ch);
                        continue;
                    }
                }
            }
            out.push(std::mem::take(&mut line));
            if ch != ' ' {
                line.push(ch);
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn cjk_is_wider_than_latin_and_wraps() {
        assert!(width("儿童", 10.0) > width("ab", 10.0));
        let lines = wrap("一人一档动态管理利用便捷", 10.0, 45.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat(), "一人一档动态管理利用便捷");
        for l in &lines {
            assert!(width(l, 10.0) <= 45.0 + 0.01);
        }
    }
    #[test]
    fn latin_words_with_punctuation_stay_whole() {
        let text = "Allowance switched from (month)";
        for max in [60.0, 90.0, 120.0] {
            let lines = wrap(text, 10.0, max);
            assert!(
                lines.iter().any(|l| l.ends_with("(month)")),
                "{max}: {lines:?}"
            );
            assert_eq!(lines.join(" "), text);
        }
    }
    #[test]
    fn latin_breaks_at_spaces() {
        let lines = wrap("handover checklist confirmed", 10.0, 70.0);
        assert!(lines.iter().all(|l| !l.starts_with(' ')), "{lines:?}");
        assert!(
            lines.contains(&"handover".to_string()) || lines[0].ends_with("handover"),
            "{lines:?}"
        );
    }
}
