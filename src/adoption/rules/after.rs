//! After the adoption (issue 13 point 6), pure: the follow-up visit schedule (收养后回访, a policy
//! interval) and the conditions of a dissolution (解除收养关系, ADP-25, 民法典 第1114条–第1116条).

use chrono::{Days, NaiveDate};

/// The next follow-up visit: `interval` days after the last visit, or after the registration date
/// when there was none (counted from the day after, 民法典 第201条).
pub fn next_follow_up(
    registered: NaiveDate,
    last_visit: Option<NaiveDate>,
    interval: u32,
) -> NaiveDate {
    last_visit
        .unwrap_or(registered)
        .max(registered)
        .checked_add_days(Days::new(u64::from(interval.max(1))))
        .unwrap_or(NaiveDate::MAX)
}

/// A dissolution as agreed.
pub struct Dissolution {
    /// The adoptee's age on the dissolution date (`crate::clock::age_on`).
    pub child_age: i32,
    pub adopter_agrees: bool,
    pub placer_agrees: bool,
    /// The adoptee's own consent (asked from the consent age).
    pub child_consents: bool,
}

/// Why a dissolution cannot be registered: (rule, article, message key, form field).
pub type Problem = (&'static str, &'static str, &'static str, &'static str);

/// ADP-25: before adulthood only by agreement of adopter and placer (第1114条第一款), with the adoptee's
/// consent from `consent_age` (八周岁以上, inclusive); an adult adoptee and the adopter agree
/// (第1115条). Registered at the civil-affairs department (第1116条).
pub fn check_dissolution(d: &Dissolution, adult_age: i32, consent_age: i32) -> Vec<Problem> {
    let mut out = Vec::new();
    if !d.adopter_agrees {
        out.push(("ADP-25", "民法典 第1114条", "adopter", "adopter_agrees"));
    }
    if d.child_age < adult_age {
        if !d.placer_agrees {
            out.push(("ADP-25", "民法典 第1114条", "placer", "placer_agrees"));
        }
        if d.child_age >= consent_age && !d.child_consents {
            out.push((
                "ADP-25",
                "民法典 第1114条",
                "child_consent",
                "child_consents",
            ));
        }
    } else if !d.child_consents {
        out.push((
            "ADP-25",
            "民法典 第1115条",
            "adult_consent",
            "child_consents",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn follow_up_from_registration_then_from_the_last_visit() {
        assert_eq!(next_follow_up(d(2026, 1, 31), None, 180), d(2026, 7, 30));
        assert_eq!(
            next_follow_up(d(2026, 1, 31), Some(d(2026, 7, 1)), 180),
            d(2026, 12, 28)
        );
        // A visit dated before the registration does not move the schedule back.
        assert_eq!(
            next_follow_up(d(2026, 3, 1), Some(d(2026, 2, 1)), 30),
            d(2026, 3, 31)
        );
        // Leap day: 29 February + 1.
        assert_eq!(next_follow_up(d(2028, 2, 28), None, 1), d(2028, 2, 29));
    }

    fn diss(age: i32, adopter: bool, placer: bool, child: bool) -> Vec<&'static str> {
        check_dissolution(
            &Dissolution {
                child_age: age,
                adopter_agrees: adopter,
                placer_agrees: placer,
                child_consents: child,
            },
            18,
            8,
        )
        .iter()
        .map(|p| p.2)
        .collect()
    }

    #[test]
    fn child_of_7_need_not_consent_child_of_8_must() {
        assert!(diss(7, true, true, false).is_empty());
        assert_eq!(diss(8, true, true, false), ["child_consent"]);
        assert!(diss(8, true, true, true).is_empty());
        assert_eq!(diss(17, true, true, false), ["child_consent"]);
    }

    #[test]
    fn minor_needs_adopter_and_placer_adult_needs_adopter_and_adoptee() {
        assert_eq!(diss(5, false, false, false), ["adopter", "placer"]);
        assert_eq!(diss(17, true, false, true), ["placer"]);
        // From 18 the placer is no party (第1115条).
        assert!(diss(18, true, false, true).is_empty());
        assert_eq!(diss(18, true, true, false), ["adult_consent"]);
    }
}
