//! Pinyin forms of a name for search: 张小明 → ("zhangxiaoming", "zxm").

use pinyin::ToPinyin;

pub fn pinyin_forms(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (ch, py) in name.chars().zip(name.to_pinyin()) {
        match py {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if ch.is_ascii_alphanumeric() => {
                full.push(ch.to_ascii_lowercase());
                initials.push(ch.to_ascii_lowercase());
            }
            None => {}
        }
    }
    (full, initials)
}

#[cfg(test)]
mod tests {
    #[test]
    fn full_and_initials() {
        assert_eq!(
            super::pinyin_forms("张小明"),
            ("zhangxiaoming".into(), "zxm".into())
        );
        assert_eq!(super::pinyin_forms("李 An"), ("lian".into(), "lan".into()));
    }
}
