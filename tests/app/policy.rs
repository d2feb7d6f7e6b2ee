//! The policy store: national defaults, overrides by province or city, effective dates, history kept.

use crate::support::*;
use actix_web::test;
use chrono::NaiveDate;
use fuyu::policy;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[actix_web::test]
async fn defaults_and_jilin_override() {
    let t = TestApp::new();
    let mut c = t.conn();
    assert_eq!(
        policy::int(&mut c, "foster.caregiver_min_age", None, d(2026, 11, 23)).unwrap(),
        30
    );
    assert_eq!(
        policy::int(&mut c, "adoption.adopter_min_age", None, d(2026, 11, 23)).unwrap(),
        30
    );
    let cc = fuyu::org::model::division_by_code(&mut c, "220122")
        .unwrap()
        .unwrap();
    assert_eq!(
        policy::int(
            &mut c,
            "allowance.orphan_institution_monthly_yuan",
            Some(cc.id),
            d(2026, 1, 1)
        )
        .unwrap(),
        1500
    );
    assert_eq!(
        policy::int(
            &mut c,
            "allowance.orphan_institution_monthly_yuan",
            None,
            d(2026, 1, 1)
        )
        .unwrap(),
        1000
    );
    assert!(policy::int(&mut c, "no.such.key", None, d(2026, 1, 1)).is_err());
}

#[actix_web::test]
async fn admin_adds_a_dated_value_and_the_old_one_is_kept() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    a.get(&app, "/policy").await;
    let p = a
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", "foster.caregiver_max_age"),
                ("jurisdiction", "2201"),
                ("value", "60"),
                ("effective_from", "2027-13-01"),
                ("source", "长春市 test"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("格式为 YYYY-MM-DD") && p.body.contains("value=\"长春市 test\""));
    let p = a
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", "foster.caregiver_max_age"),
                ("jurisdiction", "2201"),
                ("value", "60"),
                ("effective_from", "2027-01-01"),
                ("source", "长春市 test"),
                ("verified", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut c = t.conn();
    let city = fuyu::org::model::division_by_code(&mut c, "220122")
        .unwrap()
        .unwrap();
    assert_eq!(
        policy::int(
            &mut c,
            "foster.caregiver_max_age",
            Some(city.id),
            d(2026, 12, 31)
        )
        .unwrap(),
        65
    );
    assert_eq!(
        policy::int(
            &mut c,
            "foster.caregiver_max_age",
            Some(city.id),
            d(2027, 1, 1)
        )
        .unwrap(),
        60
    );
    let other = fuyu::org::model::division_by_code(&mut c, "2202")
        .unwrap()
        .unwrap();
    assert_eq!(
        policy::int(
            &mut c,
            "foster.caregiver_max_age",
            Some(other.id),
            d(2027, 1, 1)
        )
        .unwrap(),
        65
    );
    let rows = policy::all(&mut c).unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r.key == "foster.caregiver_max_age")
            .count(),
        2,
        "old value kept"
    );
    let page = a.get(&app, "/policy").await;
    assert!(page.body.contains("长春市 test"));
    let mut h = login(&app, "head.cc").await;
    assert_eq!(
        h.get(&app, "/policy").await.status,
        200,
        "heads read policy"
    );
    let p = h
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", "foster.max_children"),
                ("jurisdiction", "CN"),
                ("value", "3"),
                ("effective_from", "2027-01-01"),
                ("source", "x"),
            ],
        )
        .await;
    assert_eq!(p.status, 403);
}

fn rows(t: &TestApp) -> usize {
    policy::all(&mut t.conn()).unwrap().len()
}

fn value_of(t: &TestApp, key: &str, jurisdiction: &str, from: NaiveDate) -> Option<String> {
    policy::all(&mut t.conn())
        .unwrap()
        .into_iter()
        .find(|r| r.key == key && r.jurisdiction == jurisdiction && r.effective_from == from)
        .map(|r| r.value)
}

#[actix_web::test]
async fn a_value_that_fails_its_kind_is_refused_at_entry_and_nothing_is_written() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    let page = a.get(&app, "/policy").await;
    assert!(
        page.body
            .contains("流浪儿童送福利机构的最少查找月数 · 整数 0–120")
            && page.body.contains("新收留类别施行日 · 日期 YYYY-MM-DD")
            && page
                .body
                .contains("value=\"intake.street_child_min_months\""),
        "the key list says what each value must look like"
    );
    let before = rows(&t);
    let audits = audit_count(&mut t.conn(), "create", "ok");
    let post = |key: &'static str, value: &'static str| {
        [
            ("key", key),
            ("jurisdiction", "22"),
            ("value", value),
            ("effective_from", "2027-01-01"),
            ("source", "吉林省 test"),
        ]
    };
    for (key, value, message) in [
        (
            policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS,
            "abc",
            "请输入整数（0 到 120），不带单位或小数点。",
        ),
        (
            policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS,
            "3.5",
            "请输入整数（0 到 120），不带单位或小数点。",
        ),
        (
            policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS,
            "121",
            "超出允许范围，请输入 0 到 120 之间的整数。",
        ),
        (
            policy::keys::ARCHIVE_UPLOAD_MAX_MB,
            "0",
            "超出允许范围，请输入 1 到 1024 之间的整数。",
        ),
        (
            policy::keys::INTAKE_REVISED_CATEGORIES_FROM,
            "2026-13-01",
            "请输入有效日期，格式为 YYYY-MM-DD（如 2026-04-01）。",
        ),
        (
            policy::keys::INTAKE_REVISED_CATEGORIES_FROM,
            "2026-02-30",
            "请输入有效日期，格式为 YYYY-MM-DD（如 2026-04-01）。",
        ),
        (
            "no.such_key",
            "12",
            "没有名为“no.such_key”的参数，请从列表中选择。",
        ),
    ] {
        let p = a.post(&app, "/admin/policy", &post(key, value)).await;
        assert_eq!(p.status, 422, "{key}={value}: {}", p.body);
        assert!(
            p.body
                .contains(&format!("<p class=\"field-error\">{message}</p>")),
            "{key}={value}: message next to the field:\n{}",
            p.body
        );
        assert!(
            p.body.contains(&format!("value=\"{value}\""))
                && p.body.contains("value=\"吉林省 test\""),
            "{key}={value}: the typed input is shown again"
        );
        if key != "no.such_key" {
            assert!(
                p.body
                    .contains(&format!("<option value=\"{key}\" selected>")),
                "{key}: the chosen key stays chosen"
            );
        }
        assert_eq!(rows(&t), before, "{key}={value}: nothing written");
    }
    assert_eq!(
        audit_count(&mut t.conn(), "create", "ok"),
        audits,
        "nothing audited as created"
    );
    // Intake in Jilin still reads the national values.
    let mut c = t.conn();
    let cc = fuyu::org::model::division_by_code(&mut c, "220122")
        .unwrap()
        .unwrap();
    let on = d(2027, 6, 1);
    assert_eq!(
        policy::int(
            &mut c,
            policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS,
            Some(cc.id),
            on
        )
        .unwrap(),
        3
    );
    assert_eq!(
        policy::date(
            &mut c,
            policy::keys::INTAKE_REVISED_CATEGORIES_FROM,
            Some(cc.id),
            on
        )
        .unwrap(),
        d(2026, 4, 1)
    );
    drop(c);

    // Good values are stored as checked (trimmed, plain numbers) and read back.
    let p = a
        .post(
            &app,
            "/admin/policy",
            &post(policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS, " +04 "),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location.as_deref(), Some("/policy"));
    // The revision date is national law: entered for CN (a province is refused, see
    // a_province_cannot_move_national_law).
    let mut national = post(policy::keys::INTAKE_REVISED_CATEGORIES_FROM, " 2026-05-01 ");
    national[1] = ("jurisdiction", "CN");
    let p = a.post(&app, "/admin/policy", &national).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(rows(&t), before + 2);
    let from = d(2027, 1, 1);
    assert_eq!(
        value_of(&t, policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS, "22", from).as_deref(),
        Some("4")
    );
    assert_eq!(
        value_of(&t, policy::keys::INTAKE_REVISED_CATEGORIES_FROM, "CN", from).as_deref(),
        Some("2026-05-01")
    );
    let mut c = t.conn();
    assert_eq!(
        policy::int(
            &mut c,
            policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS,
            Some(cc.id),
            on
        )
        .unwrap(),
        4
    );
}

#[actix_web::test]
async fn an_english_reader_gets_the_refusal_in_english() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    a.post(&app, "/account/language", &[("language", "en")])
        .await;
    a.get(&app, "/policy").await;
    let before = rows(&t);
    let p = a
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", policy::keys::CHILD_ADULT_AGE),
                ("jurisdiction", "CN"),
                ("value", "eighteen"),
                ("effective_from", "2027-01-01"),
                ("source", "test"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("Enter a whole number (0 to 120), without units or decimals."),
        "{}",
        p.body
    );
    assert!(p.body.contains("value=\"eighteen\""));
    assert_eq!(rows(&t), before);
}

#[actix_web::test]
async fn a_stored_value_that_does_not_parse_is_an_error_for_its_reader_not_a_panic() {
    // Rows written before values were checked at entry can still be malformed.
    let t = TestApp::new();
    let mut c = t.conn();
    let from = d(2027, 1, 1);
    for (key, bad) in [
        (policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS, "abc"),
        (policy::keys::INTAKE_REVISED_CATEGORIES_FROM, "2026-13-01"),
    ] {
        policy::insert(
            &mut c,
            key,
            "CN",
            bad,
            from,
            "legacy",
            true,
            None,
            start_time(),
        )
        .unwrap();
    }
    let int = policy::int(
        &mut c,
        policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS,
        None,
        from,
    );
    assert!(
        matches!(&int, Err(fuyu::error::AppError::Internal(m)) if m.contains("not a whole number")),
        "{int:?}"
    );
    let date = policy::date(
        &mut c,
        policy::keys::INTAKE_REVISED_CATEGORIES_FROM,
        None,
        from,
    );
    assert!(
        matches!(&date, Err(fuyu::error::AppError::Internal(m)) if m.contains("not a date")),
        "{date:?}"
    );
    // The day before, the good national values are still read.
    let eve = d(2026, 12, 31);
    assert_eq!(
        policy::int(
            &mut c,
            policy::keys::INTAKE_STREET_CHILD_MIN_MONTHS,
            None,
            eve
        )
        .unwrap(),
        3
    );
}

/// Literals outside `src/policy` that look like policy keys but are not (and are not translation keys).
const NOT_POLICY_KEYS: &[(&str, &str)] = &[
    (
        "transfer.na",
        "a demo user name (src/demo.rs, src/bench.rs, src/transfer/demo.rs)",
    ),
    (
        "archive.pdf",
        "an audit detail naming the printed file (src/archive/pdf.rs)",
    ),
];

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level arguments of the call whose `(` ends at `open`, as written.
fn call_args(text: &str, open: usize) -> Vec<String> {
    let (mut depth, mut in_str, mut prev) = (0usize, false, ' ');
    let mut args = vec![String::new()];
    for ch in text[open..].chars() {
        match ch {
            '"' if prev != '\\' => in_str = !in_str,
            '(' | '[' | '{' if !in_str => depth += 1,
            ')' | ']' | '}' if !in_str && depth == 0 => break,
            ')' | ']' | '}' if !in_str => depth -= 1,
            ',' if !in_str && depth == 0 => {
                args.push(String::new());
                prev = ch;
                continue;
            }
            _ => {}
        }
        args.last_mut().unwrap().push(ch);
        prev = ch;
    }
    args.into_iter().map(|a| a.trim().to_string()).collect()
}

/// The key an argument names: a string literal, or a constant from `policy::keys` (by any path).
fn key_named(arg: &str) -> Option<String> {
    if let Some(lit) = arg.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
        return Some(lit.to_string());
    }
    let name = arg.rsplit("::").next().unwrap_or("");
    policy::keys::kinds()
        .map(|(k, _)| *k)
        .find(|k| k.to_uppercase().replace('.', "_") == name)
        .map(str::to_string)
}

/// Every key named in code outside `src/policy` (as a literal, or as a `keys::` constant in a
/// `policy::int/date/text` call) is registered with a national default, and read with the reader for its kind.
/// (A plain test: `test` here names `actix_web::test`.)
#[std::prelude::v1::test]
fn every_policy_key_used_in_code_is_registered_with_a_national_default() {
    use policy::keys::{self, ValueKind};
    // The scanner's own parts.
    let sample = "policy::int(\n    c,\n    \"a.b\",\n    Some(x.id()),\n    f(d, \")\"),\n)? + 1";
    let args = call_args(sample, "policy::int(".len());
    assert_eq!(args, ["c", "\"a.b\"", "Some(x.id())", "f(d, \")\")", ""]);
    assert_eq!(key_named("\"a.b\"").as_deref(), Some("a.b"));
    for arg in [
        "CHILD_ADULT_AGE",
        "keys::CHILD_ADULT_AGE",
        "crate::policy::keys::CHILD_ADULT_AGE",
    ] {
        assert_eq!(
            key_named(arg).as_deref(),
            Some(keys::CHILD_ADULT_AGE),
            "{arg}"
        );
    }
    assert_eq!(key_named("key"), None);
    assert_eq!(key_named("keys::NO_SUCH_KEY"), None);

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let catalogue = fuyu::platform::i18n::parse_catalogue(fuyu::platform::i18n::ZH_SOURCE).unwrap();
    let national =
        |key: &str| keys::all().any(|k| k.key == key && k.jurisdiction == policy::NATIONAL);
    // Key modules: those of registered keys, and the modules that will have keys.
    let mut modules: Vec<&str> = keys::all()
        .map(|k| k.key.split('.').next().unwrap())
        .collect();
    modules.extend([
        "child", "foster", "adoption", "adult", "intake", "archive", "transfer", "care",
    ]);
    let looks_like_key = |s: &str| {
        s.split_once('.').is_some_and(|(m, rest)| {
            modules.contains(&m)
                && !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
    };
    let mut problems = Vec::new();
    let (mut calls, mut literals) = (0, 0);
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap().display().to_string();
        if rel.starts_with("policy/") || rel.starts_with("policy\\") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (reader, want) in [
            ("policy::int(", Some("whole number")),
            ("policy::date(", Some("date")),
            ("policy::text(", None),
        ] {
            for (at, _) in text.match_indices(reader) {
                if text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
                {
                    continue;
                }
                calls += 1;
                let args = call_args(&text, at + reader.len());
                let arg = args.get(1).cloned().unwrap_or_default();
                if arg.starts_with('"') {
                    problems.push(format!(
                        "{rel}: {reader}… names its key as the literal {arg}; use a constant from policy::keys"
                    ));
                    continue;
                }
                let key = key_named(&arg);
                let Some(key) = key else {
                    problems.push(format!(
                        "{rel}: {reader}… names its key as `{arg}`; use a constant from policy::keys"
                    ));
                    continue;
                };
                if !national(&key) {
                    problems.push(format!("{rel}: {reader}… reads `{key}`, which has no national default in policy::keys::KEYS"));
                    continue;
                }
                let kind = match keys::kind_of(&key) {
                    Some(ValueKind::WholeNumber { .. }) => "whole number",
                    Some(ValueKind::Date) => "date",
                    Some(ValueKind::Text) | None => "text",
                };
                if want.is_some_and(|w| w != kind) {
                    problems.push(format!(
                        "{rel}: {reader}… reads `{key}`, whose kind is {kind}"
                    ));
                }
            }
        }
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { break };
            let lit = &rest[..end];
            if !looks_like_key(lit)
                || catalogue.contains_key(lit)
                || NOT_POLICY_KEYS.iter().any(|(k, _)| *k == lit)
            {
                continue;
            }
            literals += 1;
            if !national(lit) {
                problems.push(format!(
                    "{rel}: \"{lit}\" looks like a policy key but has no national default in policy::keys::KEYS \
                     (register it, or list it in NOT_POLICY_KEYS in tests/app/policy.rs with the reason)"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(calls >= 5, "the scan found the policy readers ({calls})");
    assert!(
        literals + calls >= 5,
        "the scan found the key literals ({literals})"
    );
    for (k, _) in NOT_POLICY_KEYS {
        assert!(keys::kind_of(k).is_none(), "{k} is a policy key after all");
    }
}

/// Issue 10 point 20: the national revision date (and the Civil Code's ages) cannot be moved by a
/// province or city; the form says why and nothing is written.
#[actix_web::test]
async fn a_province_cannot_move_national_law() {
    let t = TestApp::new();
    let app = test::init_service(fuyu::build_app(t.data())).await;
    let mut a = login(&app, "admin").await;
    a.get(&app, "/policy").await;
    let p = a
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", "intake.revised_categories_from"),
                ("jurisdiction", "22"),
                ("value", "2027-01-01"),
                ("effective_from", "2026-11-01"),
                ("source", "吉林省 测试"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("由国家法律统一规定"), "{}", p.body);
    let from = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    assert!(value_of(&t, "intake.revised_categories_from", "22", from).is_none());
    // A provincial amount is fine.
    let p = a
        .post(
            &app,
            "/admin/policy",
            &[
                ("key", "allowance.orphan_institution_monthly_yuan"),
                ("jurisdiction", "22"),
                ("value", "1700"),
                ("effective_from", "2026-11-01"),
                ("source", "吉林省 测试"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
}

/// A snapshot of several keys chooses each value exactly as a single read does, for every key, in a
/// city, a province and nationally, on dates around the seeded changes.
#[actix_web::test]
async fn a_snapshot_chooses_what_each_single_read_chooses() {
    use diesel::prelude::*;
    use fuyu::db::schema::divisions;
    let t = TestApp::new();
    let mut c = t.conn();
    let keys: Vec<&str> = policy::keys::all().map(|k| k.key).collect();
    let mut divs: Vec<Option<i64>> = divisions::table
        .select(divisions::id)
        .load::<i64>(&mut c)
        .unwrap()
        .into_iter()
        .map(Some)
        .collect();
    divs.push(None);
    let mut compared = 0;
    for div in divs {
        for on in [d(2015, 1, 1), d(2020, 12, 31), d(2026, 11, 24)] {
            let snap = policy::Snapshot::read(&mut c, &keys, div, on).unwrap();
            for k in &keys {
                let one = policy::text(&mut c, k, div, on).ok().map(|v| v.value);
                let many = snap.text(k).ok().map(|v| v.value.clone());
                assert_eq!(one, many, "{k} in {div:?} on {on}");
                compared += 1;
            }
        }
    }
    assert!(compared > 100, "{compared}");
}
