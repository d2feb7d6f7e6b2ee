//! Pure archive rules (no I/O; dates are arguments): intake categories by date, archive class A–E,
//! required intake documents by case type, the resident ID check (GB 11643), discharge reasons, sections.
//! Rule ids refer to shared/domain/regulations.md §12.

use chrono::{Datelike, Months, NaiveDate};

mod intake;
pub use intake::*;

/// Archive sections (档案分区), ARC-02.
pub const SECTIONS: [&str; 8] = [
    "intake",
    "basic",
    "care",
    "medical",
    "rehab",
    "education",
    "social-work",
    "discharge",
];

pub fn is_section(s: &str) -> bool {
    SECTIONS.contains(&s)
}

/// Intake category (收留抚养类别), CWI-01. The 2018 measures' list applies to intakes before the revision
/// date (2026-04-01, a policy value); the 2026 revision's list from that date on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntakeCategory {
    // 儿童福利机构管理办法 (2018) 第9条
    /// 父母或者其他监护人无法查明
    Y2018Unidentified,
    /// 父母死亡或者宣告死亡且无其他依法具有监护资格的人
    Y2018ParentsDead,
    /// 父母没有监护能力且无其他依法具有监护资格的人
    Y2018ParentsIncapable,
    /// 人民法院指定由民政部门担任监护人
    Y2018CourtAppointed,
    /// 法律规定应当由民政部门担任监护人的其他儿童
    Y2018OtherLegal,
    // 2026 revision: (一) 长期监护 with five grounds
    /// 长期监护：查找不到父母或者其他监护人
    LongTermUnfindable,
    /// 长期监护：监护人死亡或者被宣告死亡且无其他人可以担任监护人
    LongTermGuardianDead,
    /// 长期监护：监护人丧失监护能力且无其他人可以担任监护人
    LongTermGuardianIncapable,
    /// 长期监护：人民法院撤销监护人资格并指定民政部门
    LongTermCourtRevoked,
    /// 长期监护：法律规定的其他情形
    LongTermOtherLegal,
    // (二) 临时监护, only under three conditions
    /// 临时监护：被遗弃或被解救、正在查找父母或其他监护人
    TemporarySearching,
    /// 临时监护：本级没有未成年人救助保护机构
    TemporaryNoProtectionCentre,
    /// 临时监护：救助保护机构不具备婴幼儿照料、残疾儿童康复、特殊教育等条件
    TemporaryCentreCannotServe,
    /// (三) 需要集中供养的未满18周岁特困人员
    TekunMinor,
}

pub const ALL_CATEGORIES: [IntakeCategory; 14] = [
    IntakeCategory::Y2018Unidentified,
    IntakeCategory::Y2018ParentsDead,
    IntakeCategory::Y2018ParentsIncapable,
    IntakeCategory::Y2018CourtAppointed,
    IntakeCategory::Y2018OtherLegal,
    IntakeCategory::LongTermUnfindable,
    IntakeCategory::LongTermGuardianDead,
    IntakeCategory::LongTermGuardianIncapable,
    IntakeCategory::LongTermCourtRevoked,
    IntakeCategory::LongTermOtherLegal,
    IntakeCategory::TemporarySearching,
    IntakeCategory::TemporaryNoProtectionCentre,
    IntakeCategory::TemporaryCentreCannotServe,
    IntakeCategory::TekunMinor,
];

impl IntakeCategory {
    pub fn code(self) -> &'static str {
        use IntakeCategory::*;
        match self {
            Y2018Unidentified => "2018-unidentified",
            Y2018ParentsDead => "2018-parents-dead",
            Y2018ParentsIncapable => "2018-parents-incapable",
            Y2018CourtAppointed => "2018-court-appointed",
            Y2018OtherLegal => "2018-other-legal",
            LongTermUnfindable => "lt-unfindable",
            LongTermGuardianDead => "lt-guardian-dead",
            LongTermGuardianIncapable => "lt-guardian-incapable",
            LongTermCourtRevoked => "lt-court-revoked",
            LongTermOtherLegal => "lt-other-legal",
            TemporarySearching => "tmp-searching",
            TemporaryNoProtectionCentre => "tmp-no-centre",
            TemporaryCentreCannotServe => "tmp-centre-cannot-serve",
            TekunMinor => "tekun-minor",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        ALL_CATEGORIES.iter().copied().find(|c| c.code() == s)
    }
    /// Whether the category belongs to the 2018 list (true) or the 2026 revision (false).
    pub fn is_2018_list(self) -> bool {
        self.code().starts_with("2018-")
    }
    /// Archive class A–E (ARC-03; Jiangxi DB36/T 2141-2025): A parents unidentifiable, B parents dead,
    /// C parents incapable, D court appointed, E others (特困, temporary guardianship, other legal grounds).
    pub fn archive_class(self) -> char {
        use IntakeCategory::*;
        match self {
            Y2018Unidentified | LongTermUnfindable | TemporarySearching => 'A',
            Y2018ParentsDead | LongTermGuardianDead => 'B',
            Y2018ParentsIncapable | LongTermGuardianIncapable => 'C',
            Y2018CourtAppointed | LongTermCourtRevoked => 'D',
            Y2018OtherLegal
            | LongTermOtherLegal
            | TemporaryNoProtectionCentre
            | TemporaryCentreCannotServe
            | TekunMinor => 'E',
        }
    }
}

/// CWI-01: is `cat` a valid intake category on `intake_date`, given the date the 2026 revision took effect?
/// The 2018 list applies up to the day before (2026-03-31 included); the revised list from that day.
pub fn category_valid_on(
    cat: IntakeCategory,
    intake_date: NaiveDate,
    revised_from: NaiveDate,
) -> bool {
    if intake_date < revised_from {
        cat.is_2018_list()
    } else {
        !cat.is_2018_list()
    }
}

/// The categories offered on a given intake date.
pub fn categories_on(intake_date: NaiveDate, revised_from: NaiveDate) -> Vec<IntakeCategory> {
    ALL_CATEGORIES
        .iter()
        .copied()
        .filter(|c| category_valid_on(*c, intake_date, revised_from))
        .collect()
}

/// Case type (案件类型), which decides the required intake documents (CWI-02).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseType {
    /// 弃婴弃儿
    Abandoned,
    /// 打拐解救儿童
    TraffickingRescued,
    /// 流浪乞讨儿童（超过三个月查找不到）
    StreetChild,
    /// 父母死亡或宣告死亡
    ParentsDead,
    /// 父母丧失监护能力
    ParentsIncapable,
    /// 法院指定（撤销监护资格）
    CourtAppointed,
    /// 其他
    Other,
}

pub const ALL_CASE_TYPES: [CaseType; 7] = [
    CaseType::Abandoned,
    CaseType::TraffickingRescued,
    CaseType::StreetChild,
    CaseType::ParentsDead,
    CaseType::ParentsIncapable,
    CaseType::CourtAppointed,
    CaseType::Other,
];

impl CaseType {
    pub fn code(self) -> &'static str {
        match self {
            CaseType::Abandoned => "abandoned",
            CaseType::TraffickingRescued => "trafficking-rescued",
            CaseType::StreetChild => "street-child",
            CaseType::ParentsDead => "parents-dead",
            CaseType::ParentsIncapable => "parents-incapable",
            CaseType::CourtAppointed => "court-appointed",
            CaseType::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        ALL_CASE_TYPES.iter().copied().find(|c| c.code() == s)
    }
    /// The archive class this case type belongs to; it must agree with the intake category's class.
    pub fn archive_class(self) -> char {
        match self {
            CaseType::Abandoned | CaseType::TraffickingRescued | CaseType::StreetChild => 'A',
            CaseType::ParentsDead => 'B',
            CaseType::ParentsIncapable => 'C',
            CaseType::CourtAppointed => 'D',
            CaseType::Other => 'E',
        }
    }
    /// Required intake documents (CWI-02, ARC-03). Common to all: the intake registration form and the
    /// health check form; then by case type.
    pub fn required_documents(self) -> Vec<&'static str> {
        let mut v = vec!["intake-registration", "health-check"];
        v.extend_from_slice(match self {
            // 捡拾报案证明 + 寻亲公告 + 民政部门接收意见
            CaseType::Abandoned => &[
                "police-found-report",
                "family-search-notice",
                "acceptance-opinion",
            ],
            // 临时照料通知书 + DNA比对结果 + 未找到父母证明 + 寻亲公告 + 接收意见 (CWI-04)
            CaseType::TraffickingRescued => &[
                "temporary-care-notice",
                "dna-result",
                "parents-not-found-certificate",
                "family-search-notice",
                "acceptance-opinion",
            ],
            // DNA比对结果 + 救助保护机构寻亲公告 + 接收意见 (CWI-03)
            CaseType::StreetChild => &[
                "dna-result",
                "rescue-centre-search-notice",
                "acceptance-opinion",
            ],
            // 死亡证明或宣告死亡判决 + 无其他监护人证明 + 接收意见 (UNVERIFIED list, kept configurable by code)
            CaseType::ParentsDead => &[
                "death-proof",
                "no-other-guardian-proof",
                "acceptance-opinion",
            ],
            CaseType::ParentsIncapable => &[
                "incapacity-proof",
                "no-other-guardian-proof",
                "acceptance-opinion",
            ],
            CaseType::CourtAppointed => &["court-judgment", "acceptance-opinion"],
            CaseType::Other => &["acceptance-opinion"],
        });
        v
    }
}

/// Every document type code the intake page knows (for labels), in a stable order.
pub const DOCUMENT_TYPES: [&str; 15] = [
    "intake-registration",
    "health-check",
    "police-found-report",
    "family-search-notice",
    "acceptance-opinion",
    "temporary-care-notice",
    "dna-result",
    "parents-not-found-certificate",
    "rescue-centre-search-notice",
    "death-proof",
    "no-other-guardian-proof",
    "incapacity-proof",
    "court-judgment",
    "photo",
    "other",
];

/// The document types each section holds (ARC-02): what the upload form offers once a section is
/// chosen, and what the service accepts. `other` fits everywhere; a photo is not an intake form.
pub fn types_for(section: &str) -> Vec<&'static str> {
    let pick = |f: &dyn Fn(&str) -> bool| DOCUMENT_TYPES.iter().copied().filter(|t| f(t)).collect();
    match section {
        // Every intake and legal document, never a photo.
        "intake" => pick(&|t| t != "photo"),
        "basic" | "care" | "rehab" | "education" | "social-work" => {
            pick(&|t| t == "photo" || t == "other")
        }
        "medical" => pick(&|t| t == "health-check" || t == "other"),
        "discharge" => pick(&|t| matches!(t, "death-proof" | "court-judgment" | "other")),
        _ => vec![],
    }
}

/// CWI-03: a street or begging child may be transferred to a CWI only when still unidentified **more than**
/// (超过, exclusive) `months` months after being found.
pub fn street_child_wait_met(found: NaiveDate, intake: NaiveDate, months: u32) -> bool {
    match found.checked_add_months(Months::new(months)) {
        Some(limit) => intake > limit,
        None => false,
    }
}

/// Sex as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
        }
    }
    pub fn parse(s: &str) -> Option<Sex> {
        match s {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Why an ID number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    /// Not 17 digits followed by a digit or X.
    Format,
    /// The check digit (GB 11643-1999, ISO 7064 MOD 11-2) is wrong.
    CheckDigit,
    /// Digits 7–14 are not a real date.
    BadDate,
    /// The birth date in the number disagrees with the recorded one.
    BirthDateMismatch,
    /// The sex digit (17th: odd male, even female) disagrees with the recorded sex.
    SexMismatch,
}

/// GB 11643: the check character for the first 17 digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (ch, w) in first17.chars().zip(W) {
        sum += ch.to_digit(10)? * w;
    }
    Some(C[(sum % 11) as usize])
}

/// Check a resident ID number against the check digit and the recorded birth date and sex.
/// A lower-case x is accepted and normalised; the normalised number is returned.
pub fn check_id_number(
    raw: &str,
    birth: NaiveDate,
    sex: Sex,
    birth_estimated: bool,
) -> Result<String, IdProblem> {
    let id = raw.trim().to_ascii_uppercase();
    // ASCII first: the byte slices below must never cut a multi-byte character typed by a user.
    if !id.is_ascii() || id.len() != 18 || !id[..17].chars().all(|c| c.is_ascii_digit()) {
        return Err(IdProblem::Format);
    }
    let last = id.chars().nth(17).ok_or(IdProblem::Format)?;
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdProblem::Format);
    }
    if id_check_char(&id[..17]) != Some(last) {
        return Err(IdProblem::CheckDigit);
    }
    let date = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").map_err(|_| IdProblem::BadDate)?;
    // An estimated birth date is replaced by the registered one on hukou registration; the number wins
    // then, so only an exact recorded date must agree.
    if !birth_estimated && date != birth {
        return Err(IdProblem::BirthDateMismatch);
    }
    let sex_digit = id[16..17].parse::<u32>().map_err(|_| IdProblem::Format)?;
    let id_sex = if sex_digit % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    if id_sex != sex {
        return Err(IdProblem::SexMismatch);
    }
    Ok(id)
}

/// The birth date carried by a (valid) ID number.
pub fn id_birth_date(id: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(id.get(6..14)?, "%Y%m%d").ok()
}

/// Discharge reasons (离院原因), CWI-06.
pub const DISCHARGE_REASONS: [&str; 6] = [
    "guardianship-restored",
    "adopted",
    "adult-placed",
    "adult-welfare-transfer",
    "death",
    "other",
];

/// Problems with a discharge request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DischargeProblem {
    UnknownReason,
    BeforeIntake,
    InFuture,
    /// "reached 18 and placed" / "transferred to an adult institution" before the 18th birthday.
    NotAdult,
}

/// Check a discharge: reason known, date not before intake nor after today; adulthood reasons only from
/// the 18th birthday (age 18 is reached on the birthday: 民法典 第17条, 第1259条).
pub fn check_discharge(
    reason: &str,
    date: NaiveDate,
    intake: NaiveDate,
    birth: NaiveDate,
    today: NaiveDate,
    adult_age: i32,
) -> Result<(), DischargeProblem> {
    if !DISCHARGE_REASONS.contains(&reason) {
        return Err(DischargeProblem::UnknownReason);
    }
    if date < intake {
        return Err(DischargeProblem::BeforeIntake);
    }
    if date > today {
        return Err(DischargeProblem::InFuture);
    }
    if matches!(reason, "adult-placed" | "adult-welfare-transfer")
        && crate::clock::age_on(birth, date) < adult_age
    {
        return Err(DischargeProblem::NotAdult);
    }
    Ok(())
}

/// Age bands for the list filter, as inclusive age ranges.
pub const AGE_BANDS: [(&str, i32, i32); 5] = [
    ("0-2", 0, 2),
    ("3-5", 3, 5),
    ("6-11", 6, 11),
    ("12-17", 12, 17),
    ("18+", 18, 200),
];

/// Birth-date range (inclusive) for children whose age on `today` is within `min..=max`.
pub fn birth_range_for_ages(today: NaiveDate, min: i32, max: i32) -> (NaiveDate, NaiveDate) {
    // age ≥ min ⇔ birth ≤ today − min years; age ≤ max ⇔ birth > today − (max+1) years.
    let sub = |years: i32| {
        let y = today.year() - years;
        NaiveDate::from_ymd_opt(y, today.month(), today.day())
            .or_else(|| NaiveDate::from_ymd_opt(y, today.month(), today.day() - 1))
            .unwrap_or(today)
    };
    let latest = sub(min);
    let earliest = sub(max + 1).succ_opt().unwrap_or(today);
    (earliest, latest)
}

#[cfg(test)]
mod tests;
