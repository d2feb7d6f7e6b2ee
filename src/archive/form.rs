//! The intake and edit form: parsed at the edge into validated fields, or one message per field.

use super::model::ChildFields;
use super::rules::{self, CaseType, IdProblem, IntakeCategory, Sex};
use crate::platform::forms::{self, FieldErrors};
use crate::platform::Catalogue;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything as typed (strings), so a rejected form shows exactly what the user entered.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ChildForm {
    pub legal_name: String,
    pub name_provisional: Option<String>,
    pub former_names: String,
    pub sex: String,
    pub birth_date: String,
    pub birth_date_estimated: Option<String>,
    pub found_place: String,
    pub found_date: String,
    pub found_by: String,
    pub police_report_no: String,
    pub ethnicity: String,
    pub hukou_status: String,
    pub hukou_place: String,
    pub id_number: String,
    pub disability_type: String,
    pub disability_grade: String,
    pub disability_cert_no: String,
    pub health_at_intake: String,
    pub guardian_department: String,
    pub wc_orphan: Option<String>,
    pub wc_de_facto: Option<String>,
    pub wc_tekun: Option<String>,
    pub wc_difficulty: Option<String>,
    pub allowance_category: String,
    /// School data (学籍), issue 10 point 19.
    pub school_name: String,
    pub school_grade: String,
    pub xueji_no: String,
    // intake only
    pub intake_category: String,
    pub case_type: String,
    pub intake_date: String,
    /// TRF-01: why a county institution admits a long-term category after the policy date (the
    /// supervisor is told); empty otherwise.
    pub exception_reason: String,
    // edits only
    pub version: String,
    pub reason: String,
}

pub const HUKOU_STATUSES: [&str; 3] = ["registered", "pending", "none"];
pub const ALLOWANCE_CATEGORIES: [&str; 4] = [
    "orphan-institution",
    "de-facto-unsupported",
    "tekun",
    "none",
];
pub const WELFARE: [(&str, &str); 4] = [
    ("wc_orphan", "orphan"),
    ("wc_de_facto", "de-facto-unsupported"),
    ("wc_tekun", "tekun"),
    ("wc_difficulty", "difficulty"),
];

fn date(
    e: &mut FieldErrors,
    tr: &Catalogue,
    field: &'static str,
    v: &str,
    required: bool,
) -> Option<NaiveDate> {
    let v = v.trim();
    if v.is_empty() {
        if required {
            e.add(field, tr.t("err.required"));
        }
        return None;
    }
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
    if d.is_none() {
        e.add(field, tr.t("err.date"));
    }
    d
}

impl ChildForm {
    pub fn from_fields(f: &ChildFields) -> ChildForm {
        let wc = |k: &str| {
            f.welfare_categories
                .split(',')
                .any(|x| x == k)
                .then(|| "1".to_string())
        };
        ChildForm {
            legal_name: f.legal_name.clone(),
            name_provisional: f.name_provisional.then(|| "1".into()),
            former_names: f.former_names.clone(),
            sex: f.sex.clone(),
            birth_date: f.birth_date.to_string(),
            birth_date_estimated: f.birth_date_estimated.then(|| "1".into()),
            found_place: f.found_place.clone(),
            found_date: f.found_date.map(|d| d.to_string()).unwrap_or_default(),
            found_by: f.found_by.clone(),
            police_report_no: f.police_report_no.clone(),
            ethnicity: f.ethnicity.clone(),
            hukou_status: f.hukou_status.clone(),
            hukou_place: f.hukou_place.clone(),
            id_number: f.id_number.clone().unwrap_or_default(),
            disability_type: f.disability_type.clone(),
            disability_grade: f
                .disability_grade
                .map(|g| g.to_string())
                .unwrap_or_default(),
            disability_cert_no: f.disability_cert_no.clone(),
            health_at_intake: f.health_at_intake.clone(),
            guardian_department: f.guardian_department.clone(),
            wc_orphan: wc("orphan"),
            wc_de_facto: wc("de-facto-unsupported"),
            wc_tekun: wc("tekun"),
            wc_difficulty: wc("difficulty"),
            allowance_category: f.allowance_category.clone(),
            school_name: f.school_name.clone(),
            school_grade: f.school_grade.clone(),
            xueji_no: f.xueji_no.clone(),
            ..Default::default()
        }
    }

    pub fn checked(&self, field: &str) -> bool {
        match field {
            "name_provisional" => self.name_provisional.is_some(),
            "birth_date_estimated" => self.birth_date_estimated.is_some(),
            "wc_orphan" => self.wc_orphan.is_some(),
            "wc_de_facto" => self.wc_de_facto.is_some(),
            "wc_tekun" => self.wc_tekun.is_some(),
            "wc_difficulty" => self.wc_difficulty.is_some(),
            _ => false,
        }
    }

    /// Validate the child's own fields. `latest` is the last date the birth may have (today, or the intake date).
    pub fn parse_fields(
        &self,
        tr: &Catalogue,
        e: &mut FieldErrors,
        today: NaiveDate,
        latest_birth: Option<NaiveDate>,
    ) -> Option<ChildFields> {
        let legal_name = forms::text(e, tr, "legal_name", &self.legal_name, true, 40);
        let former_names = forms::text(e, tr, "former_names", &self.former_names, false, 100);
        let sex = Sex::parse(&self.sex);
        if sex.is_none() {
            e.add("sex", tr.t("err.choose"));
        }
        let typed_birth = date(e, tr, "birth_date", &self.birth_date, true);
        let typed_estimated = self.birth_date_estimated.is_some();
        let id_number = match (self.id_number.trim(), typed_birth, sex) {
            ("", _, _) => None,
            (raw, Some(b), Some(s)) => match rules::check_id_number(raw, b, s, typed_estimated) {
                Ok(id) => Some(id),
                Err(p) => {
                    e.add(
                        "id_number",
                        tr.t(match p {
                            IdProblem::Format => "err.id_format",
                            IdProblem::CheckDigit => "err.id_check_digit",
                            IdProblem::BadDate => "err.id_date",
                            IdProblem::BirthDateMismatch => "err.id_birth_mismatch",
                            IdProblem::SexMismatch => "err.id_sex_mismatch",
                        }),
                    );
                    None
                }
            },
            _ => None,
        };
        // Issue 10 point 16: an estimated birth date gives way to the date the ID number registers
        // (GB 11643 digits 7–14), which every later rule (18th birthday, opinion ages) then uses. An exact
        // recorded date that disagrees was refused above (err.id_birth_mismatch).
        let registered = id_number.as_deref().and_then(rules::id_birth_date);
        let (birth, estimated) = match (typed_birth, registered) {
            (Some(_), Some(r)) if typed_estimated => (Some(r), false),
            _ => (typed_birth, typed_estimated),
        };
        let birth_field = if birth == typed_birth {
            "birth_date"
        } else {
            "id_number"
        };
        if let Some(b) = birth {
            if b > today {
                e.add(birth_field, tr.t("err.birth_future"));
            } else if latest_birth.is_some_and(|l| b > l) {
                e.add(birth_field, tr.t("err.birth_after_intake"));
            }
        }
        let found_date = date(e, tr, "found_date", &self.found_date, false);
        if let (Some(f), Some(b)) = (found_date, birth) {
            if f < b {
                e.add("found_date", tr.t("err.found_before_birth"));
            } else if f > today {
                e.add("found_date", tr.t("err.date_future"));
            }
        }
        let found_place = forms::text(e, tr, "found_place", &self.found_place, false, 200);
        let found_by = forms::text(e, tr, "found_by", &self.found_by, false, 100);
        let police_report_no =
            forms::text(e, tr, "police_report_no", &self.police_report_no, false, 60);
        let ethnicity = forms::text(e, tr, "ethnicity", &self.ethnicity, false, 20);
        if !HUKOU_STATUSES.contains(&self.hukou_status.as_str()) {
            e.add("hukou_status", tr.t("err.choose"));
        }
        let hukou_place = forms::text(e, tr, "hukou_place", &self.hukou_place, false, 200);
        let disability_type =
            forms::text(e, tr, "disability_type", &self.disability_type, false, 40);
        let grade = match self.disability_grade.trim() {
            "" => None,
            g => match g.parse::<i32>().ok().filter(|n| (1..=4).contains(n)) {
                Some(n) => Some(n),
                None => {
                    e.add(
                        "disability_grade",
                        tr.tf("err.number_range", &[("min", "1"), ("max", "4")]),
                    );
                    None
                }
            },
        };
        if grade.is_some() && disability_type.is_empty() {
            e.add("disability_type", tr.t("err.required"));
        }
        let disability_cert_no = forms::text(
            e,
            tr,
            "disability_cert_no",
            &self.disability_cert_no,
            false,
            40,
        );
        let health = forms::text(
            e,
            tr,
            "health_at_intake",
            &self.health_at_intake,
            false,
            500,
        );
        let guardian = forms::text(
            e,
            tr,
            "guardian_department",
            &self.guardian_department,
            false,
            100,
        );
        let school_name = forms::text(e, tr, "school_name", &self.school_name, false, 100);
        let school_grade = forms::text(e, tr, "school_grade", &self.school_grade, false, 30);
        let xueji_no = forms::text(e, tr, "xueji_no", &self.xueji_no, false, 40);
        if !ALLOWANCE_CATEGORIES.contains(&self.allowance_category.as_str()) {
            e.add("allowance_category", tr.t("err.choose"));
        }
        let welfare: Vec<&str> = WELFARE
            .iter()
            .filter(|(f, _)| self.checked(f))
            .map(|(_, v)| *v)
            .collect();
        let (name_pinyin, name_initials) = super::names::pinyin_forms(&legal_name);
        if !e.is_empty() {
            return None;
        }
        Some(ChildFields {
            legal_name,
            name_provisional: self.name_provisional.is_some(),
            former_names,
            name_pinyin,
            name_initials,
            sex: sex?.code().to_string(),
            birth_date: birth?,
            birth_date_estimated: estimated,
            found_place,
            found_date,
            found_by,
            police_report_no,
            ethnicity,
            hukou_status: self.hukou_status.clone(),
            hukou_place,
            id_number,
            disability_type,
            disability_grade: grade,
            disability_cert_no,
            health_at_intake: health,
            guardian_department: guardian,
            welfare_categories: welfare.join(","),
            allowance_category: self.allowance_category.clone(),
            school_name,
            school_grade,
            xueji_no,
        })
    }

    /// Validate an intake: the child's fields plus category, case type and date (CWI-01, CWI-03, ARC-03).
    pub fn parse_intake(
        &self,
        tr: &Catalogue,
        today: NaiveDate,
        revised_from: NaiveDate,
        street_months: u32,
    ) -> Result<(ChildFields, IntakeCategory, CaseType, NaiveDate), FieldErrors> {
        let mut e = FieldErrors::default();
        let intake = date(&mut e, tr, "intake_date", &self.intake_date, true);
        if intake.is_some_and(|d| d > today) {
            e.add("intake_date", tr.t("err.date_future"));
        }
        let fields = self.parse_fields(tr, &mut e, today, intake);
        let cat = IntakeCategory::parse(&self.intake_category);
        match (cat, intake) {
            (None, _) => e.add("intake_category", tr.t("err.choose")),
            (Some(c), Some(d)) if !rules::category_valid_on(c, d, revised_from) => e.add(
                "intake_category",
                tr.tf("err.category_not_valid", &[("date", &d.to_string())]),
            ),
            _ => {}
        }
        let case = CaseType::parse(&self.case_type);
        match (case, cat) {
            (None, _) => e.add("case_type", tr.t("err.choose")),
            (Some(t), Some(c)) if t.archive_class() != c.archive_class() => {
                e.add("case_type", tr.t("err.case_type_mismatch"))
            }
            _ => {}
        }
        if case == Some(CaseType::StreetChild) {
            match (fields.as_ref().and_then(|f| f.found_date), intake) {
                (None, _) => e.add("found_date", tr.t("err.required")),
                (Some(f), Some(i)) if !rules::street_child_wait_met(f, i, street_months) => e.add(
                    "case_type",
                    tr.tf(
                        "err.street_child_wait",
                        &[("n", &street_months.to_string())],
                    ),
                ),
                _ => {}
            }
        }
        match (fields, cat, case, intake, e.is_empty()) {
            (Some(f), Some(c), Some(t), Some(d), true) => Ok((f, c, t, d)),
            _ => Err(e),
        }
    }
}
