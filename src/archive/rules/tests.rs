use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn revision() -> NaiveDate {
    d(2026, 4, 1)
}

#[test]
fn every_category_valid_on_exactly_one_side_of_the_revision() {
    for c in ALL_CATEGORIES {
        let before = category_valid_on(c, d(2026, 3, 31), revision());
        let on = category_valid_on(c, d(2026, 4, 1), revision());
        assert_ne!(before, on, "{c:?}");
        assert_eq!(before, c.is_2018_list());
        assert_eq!(category_valid_on(c, d(2019, 1, 1), revision()), before);
        assert_eq!(category_valid_on(c, d(2030, 12, 31), revision()), on);
        assert_eq!(IntakeCategory::parse(c.code()), Some(c));
    }
    assert_eq!(categories_on(d(2026, 3, 31), revision()).len(), 5);
    assert_eq!(categories_on(d(2026, 4, 1), revision()).len(), 9);
}

#[test]
fn archive_classes_follow_the_category() {
    assert_eq!(IntakeCategory::Y2018Unidentified.archive_class(), 'A');
    assert_eq!(IntakeCategory::LongTermUnfindable.archive_class(), 'A');
    assert_eq!(IntakeCategory::TemporarySearching.archive_class(), 'A');
    assert_eq!(IntakeCategory::LongTermGuardianDead.archive_class(), 'B');
    assert_eq!(IntakeCategory::Y2018ParentsIncapable.archive_class(), 'C');
    assert_eq!(IntakeCategory::LongTermCourtRevoked.archive_class(), 'D');
    assert_eq!(IntakeCategory::TekunMinor.archive_class(), 'E');
    for c in ALL_CATEGORIES {
        assert!("ABCDE".contains(c.archive_class()));
        // Every class has a case type that matches it.
        assert!(ALL_CASE_TYPES
            .iter()
            .any(|t| t.archive_class() == c.archive_class()));
    }
}

#[test]
fn required_documents_per_case_type() {
    let abandoned = CaseType::Abandoned.required_documents();
    assert!(
        abandoned.contains(&"police-found-report")
            && abandoned.contains(&"family-search-notice")
            && abandoned.contains(&"acceptance-opinion")
    );
    let t = CaseType::TraffickingRescued.required_documents();
    for k in [
        "temporary-care-notice",
        "dna-result",
        "parents-not-found-certificate",
        "family-search-notice",
        "acceptance-opinion",
    ] {
        assert!(t.contains(&k), "{k}");
    }
    let s = CaseType::StreetChild.required_documents();
    assert!(
        s.contains(&"dna-result")
            && s.contains(&"rescue-centre-search-notice")
            && !s.contains(&"police-found-report")
    );
    assert!(CaseType::ParentsDead
        .required_documents()
        .contains(&"death-proof"));
    assert!(CaseType::ParentsIncapable
        .required_documents()
        .contains(&"incapacity-proof"));
    assert!(CaseType::CourtAppointed
        .required_documents()
        .contains(&"court-judgment"));
    for c in ALL_CASE_TYPES {
        let docs = c.required_documents();
        assert!(
            docs.contains(&"intake-registration")
                && docs.contains(&"health-check")
                && docs.contains(&"acceptance-opinion")
        );
        for doc in docs {
            assert!(DOCUMENT_TYPES.contains(&doc), "{doc} has a label");
        }
        assert_eq!(CaseType::parse(c.code()), Some(c));
    }
}

#[test]
fn street_child_must_wait_more_than_three_months() {
    let found = d(2026, 1, 15);
    assert!(!street_child_wait_met(found, d(2026, 4, 14), 3));
    assert!(
        !street_child_wait_met(found, d(2026, 4, 15), 3),
        "exactly three months is not more than three"
    );
    assert!(street_child_wait_met(found, d(2026, 4, 16), 3));
    // Month ends clamp: found 30 Nov → three months later is 28 Feb (2027 is not a leap year).
    assert!(!street_child_wait_met(d(2026, 11, 30), d(2027, 2, 28), 3));
    assert!(street_child_wait_met(d(2026, 11, 30), d(2027, 3, 1), 3));
}

fn with_check(first17: &str) -> String {
    format!("{first17}{}", id_check_char(first17).unwrap())
}

#[test]
fn id_check_digit_known_sample_and_every_wrong_digit() {
    // The standard's own example.
    assert_eq!(id_check_char("11010519491231002"), Some('X'));
    assert_eq!(
        check_id_number("11010519491231002x", d(1949, 12, 31), Sex::Female, false),
        Ok("11010519491231002X".into())
    );
    let good = with_check("22010220150603123");
    assert!(check_id_number(&good, d(2015, 6, 3), Sex::Male, false).is_ok());
    for c in "0123456789X".chars() {
        let candidate = format!("{}{}", &good[..17], c);
        let r = check_id_number(&candidate, d(2015, 6, 3), Sex::Male, false);
        if candidate == good {
            assert!(r.is_ok())
        } else {
            assert_eq!(r, Err(IdProblem::CheckDigit))
        }
    }
}

#[test]
fn id_format_date_and_sex() {
    assert_eq!(
        check_id_number("张张张张张张", d(2015, 6, 3), Sex::Male, false),
        Err(IdProblem::Format),
        "18 bytes of Chinese"
    );
    assert_eq!(
        check_id_number("2201022015060312３", d(2015, 6, 3), Sex::Male, false),
        Err(IdProblem::Format),
        "full-width digit"
    );
    assert_eq!(
        check_id_number("12345", d(2015, 6, 3), Sex::Male, false),
        Err(IdProblem::Format)
    );
    assert_eq!(
        check_id_number("2201022015060312A4", d(2015, 6, 3), Sex::Male, false),
        Err(IdProblem::Format)
    );
    let bad_date = with_check("22010220150231123");
    assert_eq!(
        check_id_number(&bad_date, d(2015, 2, 28), Sex::Male, false),
        Err(IdProblem::BadDate)
    );
    let id = with_check("22010220150603124"); // 17th digit 4 → female
    assert_eq!(
        check_id_number(&id, d(2015, 6, 3), Sex::Male, false),
        Err(IdProblem::SexMismatch)
    );
    assert!(check_id_number(&id, d(2015, 6, 3), Sex::Female, false).is_ok());
    assert_eq!(
        check_id_number(&id, d(2015, 6, 4), Sex::Female, false),
        Err(IdProblem::BirthDateMismatch)
    );
    assert_eq!(
        check_id_number(&id, d(2015, 6, 2), Sex::Female, false),
        Err(IdProblem::BirthDateMismatch)
    );
    assert!(
        check_id_number(&id, d(2015, 1, 1), Sex::Female, true).is_ok(),
        "estimated dates give way to the registered one"
    );
    assert_eq!(id_birth_date(&id), Some(d(2015, 6, 3)));
}

#[test]
fn discharge_rules_and_the_eighteenth_birthday() {
    let birth = d(2008, 6, 10);
    let intake = d(2010, 1, 1);
    let today = d(2026, 11, 23);
    assert_eq!(
        check_discharge("adult-placed", d(2026, 6, 9), intake, birth, today, 18),
        Err(DischargeProblem::NotAdult)
    );
    assert_eq!(
        check_discharge("adult-placed", d(2026, 6, 10), intake, birth, today, 18),
        Ok(())
    );
    assert_eq!(
        check_discharge(
            "adult-welfare-transfer",
            d(2026, 6, 9),
            intake,
            birth,
            today,
            18
        ),
        Err(DischargeProblem::NotAdult)
    );
    assert_eq!(
        check_discharge("adopted", d(2012, 1, 1), intake, birth, today, 18),
        Ok(())
    );
    assert_eq!(
        check_discharge("adopted", d(2009, 12, 31), intake, birth, today, 18),
        Err(DischargeProblem::BeforeIntake)
    );
    assert_eq!(
        check_discharge("death", d(2026, 11, 24), intake, birth, today, 18),
        Err(DischargeProblem::InFuture)
    );
    assert_eq!(
        check_discharge("death", today, intake, birth, today, 18),
        Ok(())
    );
    assert_eq!(
        check_discharge("escaped", today, intake, birth, today, 18),
        Err(DischargeProblem::UnknownReason)
    );
}

#[test]
fn age_band_ranges_are_inclusive() {
    let today = d(2026, 11, 23);
    let (from, to) = birth_range_for_ages(today, 3, 5);
    assert_eq!(to, d(2023, 11, 23), "turns 3 today: included");
    assert_eq!(
        from,
        d(2020, 11, 24),
        "turned 6 yesterday's birthday... born 2020-11-23 is 6 today: excluded"
    );
    assert_eq!(crate::clock::age_on(from, today), 5);
    assert_eq!(crate::clock::age_on(from.pred_opt().unwrap(), today), 6);
    assert_eq!(crate::clock::age_on(to, today), 3);
    assert_eq!(crate::clock::age_on(to.succ_opt().unwrap(), today), 2);
}

#[test]
fn sections_are_the_eight_of_the_standard() {
    assert_eq!(SECTIONS.len(), 8);
    assert!(is_section("social-work") && !is_section("../etc"));
}

#[test]
fn each_section_offers_its_own_document_types() {
    for s in SECTIONS {
        let types = types_for(s);
        assert!(types.contains(&"other"), "{s}");
        assert!(types.iter().all(|t| DOCUMENT_TYPES.contains(t)), "{s}");
    }
    assert!(!types_for("social-work").contains(&"intake-registration"));
    assert!(!types_for("intake").contains(&"photo"));
    assert!(types_for("nowhere").is_empty());
}
