//! The `Content-Disposition` header of a printed document: its (possibly Chinese) file name in the
//! RFC 6266 / RFC 5987 form `filename*=UTF-8''…`, with a plain-ASCII `filename="…"` for old clients.

use super::Document;

/// `inline; filename="…"; filename*=UTF-8''…` for the document's file names.
pub fn content_disposition(doc: &Document) -> String {
    format!(
        "inline; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_only(&doc.file_name_ascii),
        percent_encode(&doc.file_name)
    )
}

/// Printable ASCII without quote, backslash or path separators; anything else becomes `_`.
fn ascii_only(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '/' | ';') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "document.pdf".into()
    } else {
        cleaned
    }
}

/// RFC 5987 `value-chars`: attr-chars stay, every other byte of the UTF-8 is `%XX`. Path separators
/// are encoded too, so a name can never be read as a path.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#' | b'$' | b'&' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_percent_encoded_with_an_ascii_fallback() {
        let mut d = Document::new("清单");
        d.file_name = "农安移〔2026〕1号 移交清单.pdf".into();
        d.file_name_ascii = "transfer-7 \"handover\".pdf".into();
        let h = content_disposition(&d);
        assert_eq!(
            h,
            "inline; filename=\"transfer-7__handover_.pdf\"; filename*=UTF-8''%E5%86%9C%E5%AE%89%E7%A7%BB%E3%80%942026%E3%80%951%E5%8F%B7%20%E7%A7%BB%E4%BA%A4%E6%B8%85%E5%8D%95.pdf"
        );
    }

    #[test]
    fn separators_never_survive() {
        assert_eq!(percent_encode("../a/b"), "..%2Fa%2Fb");
        assert_eq!(ascii_only("../a\\b"), ".._a_b");
        assert_eq!(ascii_only(""), "document.pdf");
    }
}
