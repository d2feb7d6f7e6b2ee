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
    // Keys built at run time.
    for r in fuyu::auth::permissions::ALL_ROLES {
        used.insert(r.label_key());
        used.insert(format!("home.intro.{}", r.as_str()));
    }
    for k in fuyu::org::model::ALL_KINDS {
        used.insert(format!("kind.{}", k.as_str()));
    }
    use fuyu::archive::{form, rules};
    for c in rules::ALL_CATEGORIES {
        used.insert(format!("category.{}", c.code()));
    }
    for c in rules::ALL_CASE_TYPES {
        used.insert(format!("case.{}", c.code()));
    }
    let families: [(&str, &[&str]); 8] = [
        ("section", &rules::SECTIONS),
        ("doc", &rules::DOCUMENT_TYPES),
        ("discharge", &rules::DISCHARGE_REASONS),
        ("hukou", &form::HUKOU_STATUSES),
        ("allowance", &form::ALLOWANCE_CATEGORIES),
        (
            "welfare",
            &["orphan", "de-facto-unsupported", "tekun", "difficulty"],
        ),
        ("sex", &["M", "F"]),
        ("status", &["active", "discharged", "in-foster-care"]),
    ];
    for (prefix, codes) in families {
        for c in codes {
            used.insert(format!("{prefix}.{c}"));
        }
    }
    // Every field that can appear in the history or the completeness list.
    let sample = fuyu::archive::ChildFields {
        legal_name: String::new(),
        name_provisional: false,
        former_names: String::new(),
        name_pinyin: String::new(),
        name_initials: String::new(),
        sex: String::new(),
        birth_date: chrono::NaiveDate::MIN,
        birth_date_estimated: false,
        found_place: String::new(),
        found_date: None,
        found_by: String::new(),
        police_report_no: String::new(),
        ethnicity: String::new(),
        hukou_status: String::new(),
        hukou_place: String::new(),
        id_number: None,
        disability_type: String::new(),
        disability_grade: None,
        disability_cert_no: String::new(),
        health_at_intake: String::new(),
        guardian_department: String::new(),
        welfare_categories: String::new(),
        allowance_category: String::new(),
    };
    for (f, _) in sample.pairs() {
        used.insert(format!("child.{f}"));
    }
    for f in ["photo", "status"] {
        used.insert(format!("child.{f}"));
    }
    for k in [
        "request.borrow",
        "request.copy",
        "request.pending",
        "request.approved",
        "request.refused",
    ] {
        used.insert(k.to_string());
    }
    let zh = parse_catalogue(ZH_SOURCE).unwrap();
    let missing: Vec<_> = used.iter().filter(|k| !zh.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in the catalogue: {missing:?}"
    );
    assert!(used.len() > 60, "the scan found the keys ({})", used.len());
}
