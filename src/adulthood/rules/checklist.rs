//! The leaving-care checklist (离院清单, issue 16 point 5; ADU-09 exit record: documents handed over,
//! receiving body, follow-up): every item must be confirmed by a named person with a date before the
//! young person is discharged.

/// The items, in the order they are shown. Codes are stored; labels come from the catalogue
/// (`adulthood.item.<code>`).
pub const ITEMS: [&str; 9] = [
    // 居民身份证
    "id-card",
    // 户口迁出或落户
    "hukou",
    // 本人名下银行账户
    "bank-account",
    // 医疗保险
    "medical-insurance",
    // 主要档案材料复印件交本人
    "archive-copies",
    // 住房落实
    "housing",
    // 就业／学校／机构落实
    "destination",
    // 代管财产移交（附台账）— 民法典 第35条
    "custody-handover",
    // 离院后联系方式
    "aftercare-contacts",
];

/// The items not yet confirmed, in order (empty: the checklist is complete).
pub fn missing<'a>(confirmed: &[&str]) -> Vec<&'a str> {
    ITEMS
        .iter()
        .copied()
        .filter(|i| !confirmed.contains(i))
        .collect()
}

pub fn is_item(code: &str) -> bool {
    ITEMS.contains(&code)
}
