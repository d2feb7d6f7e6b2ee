//! Who may be admitted where (pure; dates are arguments): TRF-01 for county institutions and the age
//! limit of every intake category, and the birth date an ID number carries (issue 10 points 15, 16).

use super::IntakeCategory;
use chrono::NaiveDate;

/// The institution kind of a county child-welfare institution (县级儿童福利机构).
pub const COUNTY_WELFARE: &str = "county-welfare";

impl IntakeCategory {
    /// 临时监护 (2026 revision (二)): the only categories a county institution may still admit once
    /// TRF-01 applies. Every other category — the 2018 list, 长期监护 and 特困 minors in concentrated
    /// support — is long-term care.
    pub fn is_temporary(self) -> bool {
        matches!(
            self,
            IntakeCategory::TemporarySearching
                | IntakeCategory::TemporaryNoProtectionCentre
                | IntakeCategory::TemporaryCentreCannotServe
        )
    }
}

/// TRF-01 (民发〔2021〕44号): from `closed_from` on, a county child-welfare institution takes no child
/// into long-term care; intake there is limited to the temporary categories. True when an intake of
/// `cat` on `intake_date` at an institution of `kind` needs a recorded exception.
pub fn county_long_term_refused(
    kind: &str,
    cat: IntakeCategory,
    intake_date: NaiveDate,
    closed_from: NaiveDate,
) -> bool {
    kind == COUNTY_WELFARE && intake_date >= closed_from && !cat.is_temporary()
}

/// Every intake category is for minors: 民法典 第17条 (18 周岁以上为成年人) and the 2026 特困 category's
/// 未满18周岁. Age is counted in completed years and reached on the birthday itself (民法典 第1259条
/// 「以上」包括本数), so a child is admissible only while strictly under `adult_age` on the intake date.
pub fn too_old_for_intake(birth: NaiveDate, intake_date: NaiveDate, adult_age: i32) -> bool {
    crate::clock::age_on(birth, intake_date) >= adult_age
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn county_institutions_admit_only_temporary_categories_from_the_date() {
        let from = d(2026, 1, 1);
        let lt = IntakeCategory::LongTermUnfindable;
        let tmp = IntakeCategory::TemporarySearching;
        assert!(county_long_term_refused(COUNTY_WELFARE, lt, from, from));
        assert!(!county_long_term_refused(
            COUNTY_WELFARE,
            lt,
            d(2025, 12, 31),
            from
        ));
        assert!(!county_long_term_refused(COUNTY_WELFARE, tmp, from, from));
        assert!(county_long_term_refused(
            COUNTY_WELFARE,
            IntakeCategory::TekunMinor,
            from,
            from
        ));
        assert!(!county_long_term_refused("city-welfare", lt, from, from));
    }

    #[test]
    fn the_eighteenth_birthday_is_already_adult() {
        let birth = d(2008, 5, 1);
        assert!(!too_old_for_intake(birth, d(2026, 4, 30), 18));
        assert!(too_old_for_intake(birth, d(2026, 5, 1), 18));
        assert!(too_old_for_intake(birth, d(2026, 5, 2), 18));
    }
}
