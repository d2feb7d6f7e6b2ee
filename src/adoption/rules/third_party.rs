//! The commissioned third party's qualifications (第三方评估机构条件, 《收养评估办法（试行）》 第7条,
//! issue 13 point 4), pure.
//!
//! What the domain files give of 第7条 (regulations.md §4.1, V-PAGE, opening articles only): the third
//! party **has legal-person status** (具有法人资格), **a sound organisation and management**
//! (组织机构健全、内部管理规范), and **a business scope covering social investigation or assessment**
//! (业务范围包含社会调查或者评估). These three are checked (rule ADP-20B, Fuyu's sub-id of ADP-20) as the
//! registrar's attestation from the documents seen, with the scope's wording recorded.
//!
//! The rest of 第7条 is not in the domain files (UNVERIFIED; provincial versions ask for five or more
//! full-time professionals in social work, psychology, medicine or law). Fuyu therefore **records** the
//! assessors' professional field, qualification and years of experience and shows the count per field,
//! but refuses nothing on them: no rule is invented.

use super::assessment::Problem;

crate::code_enum! {
    /// An assessor's professional field (专业领域) as the provincial versions list them.
    pub enum Profession {
        /// 社会工作
        SocialWork = "social_work",
        /// 心理学
        Psychology = "psychology",
        /// 医学
        Medicine = "medicine",
        /// 法律
        Law = "law",
        /// 其他
        Other = "other",
    }
}

/// How many professional rows the start form offers.
pub const ROWS: usize = 5;

/// One of the third party's assessors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Professional {
    pub name: String,
    pub profession: Profession,
    /// The qualification held (e.g. 中级社会工作师 and its certificate number).
    pub qualification: String,
    /// Years of professional experience.
    pub years: u32,
}

impl Professional {
    /// One stored line (tab-separated; tabs and line breaks in the input are replaced by spaces).
    pub fn to_line(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ").trim().to_string();
        format!(
            "{}\t{}\t{}\t{}",
            clean(&self.name),
            self.profession.code(),
            clean(&self.qualification),
            self.years
        )
    }
    /// Read a stored line back (None for a line that is not one).
    pub fn from_line(line: &str) -> Option<Professional> {
        let mut parts = line.split('\t');
        Some(Professional {
            name: parts.next()?.to_string(),
            profession: Profession::parse(parts.next()?)?,
            qualification: parts.next()?.to_string(),
            years: parts.next()?.parse().ok()?,
        })
    }
}

/// Which field of a professional row is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowError {
    Name,
    Profession,
    Years,
}

/// A row of the form: empty (all blank) is `Ok(None)`; a partly filled row names what is missing.
/// Years are whole years from 0 to 70.
pub fn parse_row(
    name: &str,
    profession: &str,
    qualification: &str,
    years: &str,
) -> Result<Option<Professional>, RowError> {
    let (name, qualification, years) = (name.trim(), qualification.trim(), years.trim());
    if name.is_empty() && profession.is_empty() && qualification.is_empty() && years.is_empty() {
        return Ok(None);
    }
    if name.is_empty() {
        return Err(RowError::Name);
    }
    let profession = Profession::parse(profession).ok_or(RowError::Profession)?;
    let years = years
        .parse::<u32>()
        .ok()
        .filter(|y| *y <= 70)
        .ok_or(RowError::Years)?;
    Ok(Some(Professional {
        name: name.chars().take(50).collect(),
        profession,
        qualification: qualification.chars().take(100).collect(),
        years,
    }))
}

/// What the registrar attests of the third party (第7条), as typed.
#[derive(Debug, Clone, Default)]
pub struct Attested<'a> {
    /// 统一社会信用代码 (the legal person's registration).
    pub credit_code: &'a str,
    pub legal_person: bool,
    pub sound_management: bool,
    pub scope_covers: bool,
    /// The business scope as registered (its wording).
    pub business_scope: &'a str,
}

const ARTICLE: &str = "收养评估办法（试行） 第7条";

/// The 31 characters of the unified social credit code, in the order of their values 0–30
/// (GB 32100-2015 表1: the digits, then the capital letters without I, O, S, V, Z).
const CREDIT_CODE_SET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights of the first 17 characters (GB 32100-2015 第5章: 3^(i-1) mod 31).
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The unified social credit code's form (GB 32100-2015): 18 characters of digits and capital letters
/// without I, O, S, V, Z.
pub fn credit_code_form_ok(code: &str) -> bool {
    code.chars().count() == 18 && code.chars().all(|c| CREDIT_CODE_SET.contains(c))
}

/// The check character (校验码) of the first 17 characters (GB 32100-2015 第5章): C18 = 31 − (Σ value ×
/// weight mod 31), where 31 stands for 0; `None` when a character is outside the set or the length is
/// not 17.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let values: Vec<u32> = first17
        .chars()
        .map(|c| CREDIT_CODE_SET.find(c).map(|i| i as u32))
        .collect::<Option<_>>()?;
    if values.len() != 17 {
        return None;
    }
    let sum: u32 = values
        .iter()
        .zip(CREDIT_CODE_WEIGHTS)
        .map(|(v, w)| v * w)
        .sum();
    CREDIT_CODE_SET.chars().nth(((31 - sum % 31) % 31) as usize)
}

/// The form and the check character of a unified social credit code (GB 32100-2015).
pub fn credit_code_ok(code: &str) -> bool {
    credit_code_form_ok(code)
        && code
            .char_indices()
            .nth(17)
            .and_then(|(i, last)| credit_code_check_char(&code[..i]).map(|c| c == last))
            .unwrap_or(false)
}

/// ADP-20B (第7条): the three conditions the domain files give, and the registration's code.
pub fn check(a: &Attested<'_>) -> Vec<Problem> {
    let p = |code, field| Problem {
        rule: "ADP-20B",
        article: ARTICLE,
        code,
        field,
    };
    let mut out = Vec::new();
    let code = a.credit_code.trim();
    if !credit_code_form_ok(code) {
        out.push(p("tp_credit_code", "tp_credit_code"));
    } else if !credit_code_ok(code) {
        // GB 32100-2015 第5章: the 18th character checks the other 17 (a mistyped character).
        out.push(p("tp_credit_code_check", "tp_credit_code"));
    }
    if !a.legal_person {
        out.push(p("tp_legal_person", "tp_legal_person"));
    }
    if !a.sound_management {
        out.push(p("tp_management", "tp_management"));
    }
    if !a.scope_covers || a.business_scope.trim().is_empty() {
        out.push(p("tp_scope", "tp_scope"));
    }
    out
}

/// The count of professionals per field, in the enum's order (shown, never a refusal).
pub fn per_profession(staff: &[Professional]) -> Vec<(Profession, usize)> {
    Profession::ALL
        .iter()
        .map(|p| (*p, staff.iter().filter(|s| s.profession == *p).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> Attested<'static> {
        Attested {
            credit_code: "52220102MJY1234560",
            legal_person: true,
            sound_management: true,
            scope_covers: true,
            business_scope: "社会调查、评估服务",
        }
    }

    #[test]
    fn all_three_conditions_of_article_7_are_required() {
        assert!(check(&ok()).is_empty());
        let fields = |a: Attested<'_>| check(&a).iter().map(|p| p.field).collect::<Vec<_>>();
        assert_eq!(
            fields(Attested {
                legal_person: false,
                ..ok()
            }),
            ["tp_legal_person"]
        );
        assert_eq!(
            fields(Attested {
                sound_management: false,
                ..ok()
            }),
            ["tp_management"]
        );
        assert_eq!(
            fields(Attested {
                scope_covers: false,
                ..ok()
            }),
            ["tp_scope"]
        );
        // Ticked without the scope's wording: the scope is not shown, so refused.
        assert_eq!(
            fields(Attested {
                business_scope: " ",
                ..ok()
            }),
            ["tp_scope"]
        );
        let all = check(&Attested::default());
        assert_eq!(all.len(), 4);
        assert!(all
            .iter()
            .all(|p| p.rule == "ADP-20B" && p.article.contains("第7条")));
    }

    #[test]
    fn credit_code_has_eighteen_characters_of_the_standard_set() {
        assert!(credit_code_form_ok("91220101MA17XXXX0Y"));
        assert!(!credit_code_form_ok("91220101MA17XXXX0")); // 17
        assert!(!credit_code_form_ok("91220101MA17XXXX0YY")); // 19
        assert!(!credit_code_form_ok("91220101MA17XXXXOY")); // O is not in the set
        assert!(!credit_code_form_ok("91220101ma17xxxx0y")); // lower case
    }

    #[test]
    fn credit_code_check_character_gb_32100() {
        // Valid codes: a published one (福州, 91350100M000100Y43) and ones whose 18th character was
        // computed by the standard's formula.
        for code in [
            "91350100M000100Y43",
            "52220102MJY1234560",
            "91220101MA17XXXX0W",
            "91110000100000236T",
        ] {
            assert!(credit_code_ok(code), "{code}");
        }
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        // Σ ≡ 0 (mod 31) gives 0, not "31": 17 zeros.
        assert_eq!(credit_code_check_char("00000000000000000"), Some('0'));
        assert!(credit_code_ok("000000000000000000"));
        // Every single-character change of a valid code is caught (the weights are units mod 31), at
        // each of the 18 positions, with every other character of the set.
        let good = "91350100M000100Y43";
        for i in 0..18 {
            for c in CREDIT_CODE_SET.chars() {
                let mut v: Vec<char> = good.chars().collect();
                if v[i] == c {
                    continue;
                }
                v[i] = c;
                let bad: String = v.into_iter().collect();
                assert!(!credit_code_ok(&bad), "{bad}");
            }
        }
        // Two neighbours swapped is caught too; the form errors stay form errors.
        assert!(!credit_code_ok("93150100M000100Y43"));
        assert!(!credit_code_ok("91350100M000100Y4"));
        assert!(!credit_code_ok("91350100m000100y43"));
        assert_eq!(credit_code_check_char("9135010"), None);
        assert_eq!(credit_code_check_char("91350100M000100O4"), None);
    }

    #[test]
    fn a_wrong_check_character_is_its_own_message_on_the_code_field() {
        let problems = check(&Attested {
            credit_code: "52220102MJY1234561",
            ..ok()
        });
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].code, problems[0].field),
            ("tp_credit_code_check", "tp_credit_code")
        );
        let problems = check(&Attested {
            credit_code: "5222010MJY12345",
            ..ok()
        });
        assert_eq!(problems[0].code, "tp_credit_code");
        assert!(check(&Attested {
            credit_code: " 91350100M000100Y43 ",
            ..ok()
        })
        .is_empty());
    }

    #[test]
    fn rows_empty_partial_and_years_bounds() {
        assert_eq!(parse_row(" ", "", "", ""), Ok(None));
        assert_eq!(parse_row("", "law", "", "3"), Err(RowError::Name));
        assert_eq!(parse_row("张", "", "", "3"), Err(RowError::Profession));
        assert_eq!(parse_row("张", "law", "", ""), Err(RowError::Years));
        assert_eq!(parse_row("张", "law", "", "-1"), Err(RowError::Years));
        assert_eq!(parse_row("张", "law", "", "71"), Err(RowError::Years));
        let p = parse_row("张", "law", "律师执业证", "70").unwrap().unwrap();
        assert_eq!(p.years, 70);
        assert_eq!(parse_row("张", "law", "", "0").unwrap().unwrap().years, 0);
        // Stored and read back, with a tab in the input made a space.
        let q = Professional {
            qualification: "中级\t社工师".into(),
            ..p.clone()
        };
        let back = Professional::from_line(&q.to_line()).unwrap();
        assert_eq!(back.qualification, "中级 社工师");
        assert_eq!(back.profession, Profession::Law);
        assert_eq!(Professional::from_line("garbage"), None);
    }

    #[test]
    fn counts_per_profession_leave_out_empty_fields() {
        let s = |p| Professional {
            name: "x".into(),
            profession: p,
            qualification: String::new(),
            years: 1,
        };
        let staff = [
            s(Profession::SocialWork),
            s(Profession::SocialWork),
            s(Profession::Law),
        ];
        assert_eq!(
            per_profession(&staff),
            vec![(Profession::SocialWork, 2), (Profession::Law, 1)]
        );
    }
}
