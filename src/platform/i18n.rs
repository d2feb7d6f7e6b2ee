//! Translation catalogues: `templates/i18n/zh-CN.toml` (default) and `templates/i18n/en.toml`.
//! Every key is in both (tests/app/i18n.rs checks it, and that every key the code uses exists).

use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    /// Unknown codes fall back to Chinese, the default.
    pub fn parse(s: &str) -> Lang {
        if s.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
    pub fn is_known(s: &str) -> bool {
        s == "en" || s == "zh-CN"
    }
}

pub struct Catalogue {
    pub lang: Lang,
    /// Hashed, not ordered: every page looks up dozens of its 3,000 keys (issue 11).
    entries: std::collections::HashMap<String, String>,
}

pub const ZH_SOURCE: &str = include_str!("../../templates/i18n/zh-CN.toml");
pub const EN_SOURCE: &str = include_str!("../../templates/i18n/en.toml");

pub fn parse_catalogue(src: &str) -> Result<BTreeMap<String, String>, String> {
    toml::from_str::<BTreeMap<String, String>>(src).map_err(|e| e.to_string())
}

fn build(lang: Lang, src: &str) -> Catalogue {
    // The catalogues are compiled in and checked by tests; a broken one is a build defect, shown as keys.
    let entries = parse_catalogue(src).unwrap_or_else(|e| {
        log::error!("translation catalogue {} unreadable: {e}", lang.code());
        BTreeMap::new()
    });
    Catalogue {
        lang,
        entries: entries.into_iter().collect(),
    }
}

pub fn catalogue(lang: Lang) -> &'static Catalogue {
    static ZH: OnceLock<Catalogue> = OnceLock::new();
    static EN: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::Zh => ZH.get_or_init(|| build(Lang::Zh, ZH_SOURCE)),
        Lang::En => EN.get_or_init(|| build(Lang::En, EN_SOURCE)),
    }
}

impl Catalogue {
    /// The text for `key`; a missing key shows as itself so it is noticed, never as an empty label.
    /// Whether the catalogue has this key.
    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.entries.get(key).map(String::as_str).unwrap_or(key)
    }
    /// Text with `{name}` placeholders filled.
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key).to_string();
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.keys()
    }
}
