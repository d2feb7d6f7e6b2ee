//! Money as integer fen (分): parsed from what people type in yuan, printed as ¥x.xx. Integers so that
//! ledger balances and handover totals add up exactly.

/// An amount in yuan as typed ("1234.5", "1,234.50"): whole fen, never negative, at most two decimals,
/// below 10^12 yuan. Anything else is `None`.
pub fn parse_fen(raw: &str) -> Option<i64> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    if s.is_empty() || s.starts_with('-') || s.starts_with('+') {
        return None;
    }
    let (yuan, fen) = match s.split_once('.') {
        Some((y, f)) => (y, f),
        None => (s.as_str(), ""),
    };
    if yuan.is_empty()
        || yuan.len() > 12
        || fen.len() > 2
        || !yuan.chars().all(|c| c.is_ascii_digit())
        || !fen.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let y: i64 = yuan.parse().ok()?;
    let f: i64 = if fen.is_empty() {
        0
    } else {
        format!("{fen:0<2}").parse().ok()?
    };
    y.checked_mul(100)?.checked_add(f)
}

/// Fen as yuan with two decimals ("1234.50", "-0.05").
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Fen as shown to people: ¥1234.50.
pub fn yuan(fen: i64) -> String {
    format!("¥{}", format_fen(fen))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn fen_round_trip_and_refusals() {
        assert_eq!(parse_fen("1,234.5"), Some(123_450));
        assert_eq!(parse_fen("0.05"), Some(5));
        assert_eq!(parse_fen("-1"), None);
        assert_eq!(parse_fen("1.234"), None);
        assert_eq!(parse_fen("abc"), None);
        assert_eq!(yuan(123_450), "¥1234.50");
        assert_eq!(yuan(-5), "¥-0.05");
    }
}
