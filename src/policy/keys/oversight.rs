//! The oversight module's policy keys (issue 17): the allowance standards the issue adds to the two
//! orphan keys of the core registry (VUL-04, ALW-01: 事实无人抚养儿童, 困境儿童), the Jilin 2015 orphan
//! values the domain files give, and the yearly duties' values. An admin enters later standards per
//! province or city on the policy page (effective-dated); care-and-oversight.md §5: the Jilin rates
//! after 2020 were not found, so none is seeded.

use super::{
    PolicyKey, ValueKind, ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN,
    ALLOWANCE_ORPHAN_SCATTERED_MONTHLY_YUAN,
};

/// ALW-02: 事实无人抚养儿童基本生活补贴 (monthly, yuan) — by default the local scattered-orphan rate.
pub const ALLOWANCE_DE_FACTO_MONTHLY_YUAN: &str = "allowance.de_facto_monthly_yuan";
/// VUL-04: 困境儿童 (children in difficulty) monthly support in yuan; no national amount exists
/// (分类保障, 国发〔2016〕36号), so the national default is 0 = no standard until a division enters one.
pub const ALLOWANCE_DIFFICULTY_MONTHLY_YUAN: &str = "allowance.difficulty_monthly_yuan";

/// Same bounds as the core allowance keys: yuan per month, refusing an amount typed in fen.
const YUAN_PER_MONTH: ValueKind = ValueKind::WholeNumber {
    min: 0,
    max: 100_000,
};

pub(super) const KINDS: &[(&str, ValueKind)] = &[
    (ALLOWANCE_DE_FACTO_MONTHLY_YUAN, YUAN_PER_MONTH),
    (ALLOWANCE_DIFFICULTY_MONTHLY_YUAN, YUAN_PER_MONTH),
];

pub(super) const KEYS: &[PolicyKey] = &[
    PolicyKey {
        key: ALLOWANCE_ORPHAN_INSTITUTION_MONTHLY_YUAN,
        default: "970",
        jurisdiction: "22",
        effective_from: "2015-01-01",
        source: "吉林省 2015年标准 机构养育孤儿 970元/月（公开网页核实）",
        verified: true,
    },
    PolicyKey {
        key: ALLOWANCE_ORPHAN_SCATTERED_MONTHLY_YUAN,
        default: "670",
        jurisdiction: "22",
        effective_from: "2015-01-01",
        source: "吉林省 2015年标准 散居孤儿 670元/月（公开网页核实）",
        verified: true,
    },
    PolicyKey {
        key: ALLOWANCE_DE_FACTO_MONTHLY_YUAN,
        default: "600",
        jurisdiction: "CN",
        effective_from: "2019-06-18",
        source: "民发〔2019〕62号 事实无人抚养儿童参照当地散居孤儿标准（ALW-02）；全国散居孤儿最低标准600元（VUL-04）——以当地标准为准，未核实",
        verified: false,
    },
    PolicyKey {
        key: ALLOWANCE_DE_FACTO_MONTHLY_YUAN,
        default: "1100",
        jurisdiction: "22",
        effective_from: "2020-01-01",
        source: "吉林省 事实无人抚养儿童按散居孤儿标准（种子文件000，ALW-02）；2020年散居 1100元/月",
        verified: true,
    },
    PolicyKey {
        key: ALLOWANCE_DIFFICULTY_MONTHLY_YUAN,
        default: "0",
        jurisdiction: "CN",
        effective_from: "2016-06-13",
        source: "国发〔2016〕36号 困境儿童分类保障：无全国统一金额，0 = 未定标准，由省市录入（未核实）",
        verified: false,
    },
];
