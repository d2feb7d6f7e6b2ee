use super::*;

fn out(min: i64, max: i64) -> Result<String, Refusal> {
    Err(Refusal::OutOfRange { min, max })
}

/// `(NAME, "value")` for every `pub const NAME: &str = "value";` in `keys.rs` and the modules' key files.
fn declared_constants() -> Vec<(String, String)> {
    let src = [
        include_str!("../keys.rs"),
        include_str!("foster.rs"),
        include_str!("adoption.rs"),
        include_str!("adulthood.rs"),
        include_str!("care.rs"),
        include_str!("shift.rs"),
        include_str!("oversight.rs"),
    ]
    .join("\n");
    let src = src.as_str();
    let mut found = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("\npub const ") {
        rest = &rest[i + "\npub const ".len()..];
        let statement = &rest[..rest.find(';').unwrap()];
        if let Some((name, value)) = statement.split_once(": &str =") {
            found.push((name.trim().into(), value.trim().trim_matches('"').into()));
        }
    }
    found
}

#[test]
fn every_constant_is_named_after_its_key_has_a_kind_and_a_national_default() {
    let consts = declared_constants();
    assert_eq!(
        consts.len(),
        kinds().count(),
        "one kind per constant: {consts:?}"
    );
    for (name, key) in &consts {
        assert_eq!(*name, key.to_uppercase().replace('.', "_"), "{key}");
        assert!(kind_of(key).is_some(), "{key} has no kind");
        assert!(
            all().any(|k| k.key == key && k.jurisdiction == "CN"),
            "{key} has no national (CN) default"
        );
    }
    for k in all() {
        assert!(
            consts.iter().any(|(_, key)| key == k.key),
            "{} is seeded but has no constant",
            k.key
        );
    }
    assert_eq!(key_names().len(), kinds().count());
}

#[test]
fn every_seeded_value_passes_its_own_check_unchanged() {
    for k in all() {
        assert_eq!(
            check(k.key, k.default).as_deref(),
            Ok(k.default),
            "{} ({})",
            k.key,
            k.jurisdiction
        );
        assert!(
            NaiveDate::parse_from_str(k.effective_from, "%Y-%m-%d").is_ok(),
            "{} effective_from {} is not a date (ensure_defaults would skip it)",
            k.key,
            k.effective_from
        );
        assert!(
            k.jurisdiction == "CN" || k.jurisdiction.bytes().all(|b| b.is_ascii_digit()),
            "{}: jurisdiction {}",
            k.key,
            k.jurisdiction
        );
    }
}

#[test]
fn seeded_keys_are_unique_per_jurisdiction_and_date_and_kinds_per_key() {
    let keys: Vec<&PolicyKey> = all().collect();
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            assert!(
                (a.key, a.jurisdiction, a.effective_from)
                    != (b.key, b.jurisdiction, b.effective_from),
                "{} {} {} seeded twice",
                a.key,
                a.jurisdiction,
                a.effective_from
            );
        }
    }
    let kinds_list: Vec<&(&str, ValueKind)> = kinds().collect();
    for (i, (a, _)) in kinds_list.iter().enumerate() {
        assert!(
            !kinds_list[i + 1..].iter().any(|(b, _)| a == b),
            "{a} kind twice"
        );
    }
}

#[test]
fn whole_numbers_are_refused_just_outside_their_bounds_and_kept_inside() {
    for (key, kind) in kinds() {
        let ValueKind::WholeNumber { min, max } = *kind else {
            continue;
        };
        assert!(min <= max, "{key}");
        assert_eq!(check(key, &(min - 1).to_string()), out(min, max), "{key}");
        assert_eq!(check(key, &min.to_string()), Ok(min.to_string()), "{key}");
        assert_eq!(check(key, &max.to_string()), Ok(max.to_string()), "{key}");
        assert_eq!(check(key, &(max + 1).to_string()), out(min, max), "{key}");
    }
}

#[test]
fn an_age_is_a_plain_whole_number_from_0_to_120() {
    let k = CHILD_ADULT_AGE;
    assert_eq!(check(k, "-1"), out(0, 120));
    assert_eq!(check(k, "0").as_deref(), Ok("0"));
    assert_eq!(check(k, "120").as_deref(), Ok("120"));
    assert_eq!(check(k, "121"), out(0, 120));
    assert_eq!(check(k, " 12 ").as_deref(), Ok("12"), "trimmed");
    assert_eq!(check(k, "\t18\n").as_deref(), Ok("18"));
    assert_eq!(check(k, "+012").as_deref(), Ok("12"), "plain form");
    assert_eq!(check(k, "-0").as_deref(), Ok("0"));
    assert_eq!(check(k, "99999999999999999999"), out(0, 120));
    for bad in [
        "abc", "12.5", "1e3", "1 2", "+", "-", "--1", "12岁", "１２", "0x10",
    ] {
        assert_eq!(check(k, bad), Err(Refusal::NotWholeNumber), "{bad:?}");
    }
    assert_eq!(check(k, ""), Err(Refusal::Empty));
    assert_eq!(check(k, "   "), Err(Refusal::Empty));
}

#[test]
fn other_number_kinds_have_their_own_bounds() {
    assert_eq!(check(ARCHIVE_UPLOAD_MAX_MB, "0"), out(1, 1024));
    assert_eq!(check(ARCHIVE_UPLOAD_MAX_MB, "1024").as_deref(), Ok("1024"));
    assert_eq!(check(ARCHIVE_UPLOAD_MAX_MB, "1025"), out(1, 1024));
    assert_eq!(check(ARCHIVE_COMPLETION_DAYS, "0").as_deref(), Ok("0"));
    assert_eq!(check(ARCHIVE_COMPLETION_DAYS, "3651"), out(0, 3650));
    assert_eq!(check(FOSTER_VISIT_INTERVAL_DAYS, "0"), out(1, 3650));
    assert_eq!(
        check(INTAKE_STREET_CHILD_MIN_MONTHS, "abc"),
        Err(Refusal::NotWholeNumber)
    );
    assert_eq!(check(INTAKE_STREET_CHILD_MIN_MONTHS, "121"), out(0, 120));
    assert_eq!(check(FOSTER_MAX_CHILDREN, "0"), out(1, 20));
    assert_eq!(
        check(ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN, "150000"),
        out(0, 100_000)
    );
}

#[test]
fn a_date_is_a_real_calendar_day_written_yyyy_mm_dd() {
    let k = INTAKE_REVISED_CATEGORIES_FROM;
    assert_eq!(check(k, "2026-04-01").as_deref(), Ok("2026-04-01"));
    assert_eq!(check(k, " 2026-04-01 ").as_deref(), Ok("2026-04-01"));
    assert_eq!(
        check(k, "2028-02-29").as_deref(),
        Ok("2028-02-29"),
        "leap day"
    );
    for bad in [
        "2026-02-30",
        "2027-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-4-1",
        "20026-04-01",
        "2026/04/01",
        "2026-04-01T00:00",
        "abc",
        "30",
    ] {
        assert_eq!(check(k, bad), Err(Refusal::NotDate), "{bad:?}");
    }
    assert_eq!(check(k, ""), Err(Refusal::Empty));
}

#[test]
fn an_unknown_key_is_refused_whatever_the_value() {
    assert_eq!(kind_of("no.such_key"), None);
    assert_eq!(check("no.such_key", "12"), Err(Refusal::UnknownKey));
    assert_eq!(check("", ""), Err(Refusal::UnknownKey));
    assert_eq!(check(" child.adult_age", "18"), Err(Refusal::UnknownKey));
    assert_eq!(kind_of(CHILD_ADULT_AGE), Some(AGE));
    assert_eq!(
        kind_of(INTAKE_REVISED_CATEGORIES_FROM),
        Some(ValueKind::Date)
    );
}

#[test]
fn national_law_is_not_set_by_a_province() {
    assert!(national_only(INTAKE_REVISED_CATEGORIES_FROM));
    assert!(national_only(CHILD_ADULT_AGE));
    assert!(!national_only(ARCHIVE_UPLOAD_MAX_MB));
    assert!(!national_only(ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN));
}
