//! The child's header (儿童信息头): shown on every page about one child — the archive's tabs, the edit
//! form, the discharge page — so the user always sees whose record this is.

use super::model::Child;
use crate::platform::Catalogue;
use chrono::NaiveDate;

pub struct ChildHeader {
    pub id: super::ChildId,
    pub name: String,
    pub archive_no: String,
    /// Link to the photo document, when there is one and the basic section is visible.
    pub photo_href: Option<String>,
    pub age: String,
    pub institution: String,
    pub status: String,
    pub read_only: bool,
}

/// Age as people say it: months under two years (a 9-month-old is "9个月", not "0岁"), years after.
pub fn age_text(tr: &Catalogue, birth: NaiveDate, today: NaiveDate) -> String {
    let months = crate::clock::months_on(birth, today);
    if months < 24 {
        tr.tf("age.months", &[("n", &months.to_string())])
    } else {
        let years = crate::clock::age_on(birth, today);
        tr.tf("age.years", &[("n", &years.to_string())])
    }
}

pub fn header(
    tr: &Catalogue,
    child: &Child,
    institution: &str,
    today: NaiveDate,
    photo_visible: bool,
) -> ChildHeader {
    ChildHeader {
        id: child.id,
        name: child.legal_name.clone(),
        archive_no: child.archive_no.clone(),
        photo_href: child
            .photo_document_id
            .filter(|_| photo_visible)
            .map(|d| format!("/children/{}/documents/{d}", child.id)),
        age: age_text(tr, child.birth_date, today),
        institution: institution.to_string(),
        status: tr.t(child.status_key()).to_string(),
        read_only: child.is_discharged(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn babies_in_months_children_in_years() {
        let zh = crate::platform::catalogue(crate::platform::Lang::Zh);
        let en = crate::platform::catalogue(crate::platform::Lang::En);
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let today = d(2026, 11, 24);
        assert_eq!(age_text(zh, d(2026, 2, 24), today), "9个月");
        assert_eq!(age_text(en, d(2026, 2, 24), today), "9 months");
        assert_eq!(age_text(zh, d(2024, 11, 25), today), "23个月");
        assert_eq!(age_text(zh, d(2024, 11, 24), today), "2岁");
        assert_eq!(age_text(en, d(2010, 1, 1), today), "16 years");
    }
}
