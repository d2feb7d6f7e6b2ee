//! Both catalogues have the same keys, and every key the code and templates use exists.

use fuyu::platform::i18n::{parse_catalogue, EN_SOURCE, ZH_SOURCE};
use std::collections::BTreeSet;

fn literal_keys(text: &str, opener: &str, out: &mut BTreeSet<String>) {
    let mut rest = text;
    while let Some(i) = rest.find(opener) {
        rest = &rest[i + opener.len()..];
        if let Some(end) = rest.find('"') {
            let k = &rest[..end];
            if k.contains('.') && !k.contains(' ') && !k.contains('{') {
                out.insert(k.to_string());
            }
        }
    }
}

fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, files)
        } else {
            files.push(p)
        }
    }
}

#[test]
fn catalogues_have_the_same_keys() {
    let zh = parse_catalogue(ZH_SOURCE).expect("zh-CN parses");
    let en = parse_catalogue(EN_SOURCE).expect("en parses");
    let zk: BTreeSet<_> = zh.keys().collect();
    let ek: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        zk.difference(&ek).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "in zh-CN only"
    );
    assert_eq!(
        ek.difference(&zk).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "in en only"
    );
    assert!(zh.values().all(|v| !v.trim().is_empty()) && en.values().all(|v| !v.trim().is_empty()));
}

#[test]
fn every_used_key_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    walk(&root.join("templates"), &mut files);
    let mut used = BTreeSet::new();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs" || e == "html"))
    {
        let text = std::fs::read_to_string(f).unwrap();
        for opener in [
            "ctx.t(\"",
            "tr.t(\"",
            ".tf(\"",
            "message_key: \"",
            "t(\"err.",
            "t(\"login.",
        ] {
            literal_keys(&text, opener, &mut used);
        }
    }
    // Keys built at run time: each registered module names its own.
    for m in fuyu::modules::ALL {
        used.extend((m.catalogue_keys)());
    }
    let zh = parse_catalogue(ZH_SOURCE).unwrap();
    let missing: Vec<_> = used.iter().filter(|k| !zh.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in the catalogue: {missing:?}"
    );
    assert!(used.len() > 60, "the scan found the keys ({})", used.len());
}

/// Every key a registered module builds at run time is in both catalogues, and each domain module
/// names some (so a new module that forgets its keys is noticed).
#[test]
fn every_module_names_its_run_time_keys_in_both_languages() {
    let zh = parse_catalogue(ZH_SOURCE).unwrap();
    let en = parse_catalogue(EN_SOURCE).unwrap();
    for m in fuyu::modules::ALL {
        let keys = (m.catalogue_keys)();
        for k in &keys {
            assert!(zh.contains_key(k), "{}: {k} missing in zh-CN", m.name);
            assert!(en.contains_key(k), "{}: {k} missing in en", m.name);
        }
        if ["archive", "transfer", "auth", "org"].contains(&m.name) {
            assert!(!keys.is_empty(), "{} names no run-time keys", m.name);
        }
    }
}
