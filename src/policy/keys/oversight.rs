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
    // yearly duties (issue 17 point 4)
    (OVERSIGHT_SPOT_CHECK_SAMPLE_PERCENT, PERCENT),
    (OVERSIGHT_SPOT_CHECK_SAMPLE_MIN, ARCHIVES),
    (OVERSIGHT_SPOT_CHECK_DUE_MMDD, MONTH_DAY),
    (OVERSIGHT_SPOT_CHECK_CORRECTION_DAYS, CORRECTION_DAYS),
    (OVERSIGHT_PROGRESS_REPORT_DUE_MMDD, MONTH_DAY),
    (OVERSIGHT_YEARLY_DUTY_NOTICE_DAYS, NOTICE_DAYS),
];

// yearly duties (issue 17 point 4): the archive spot check (seed 002) and the progress report (seed 003).
/// 档案抽查 sample: this percentage of the archives in care at each institution, rounded up.
pub const OVERSIGHT_SPOT_CHECK_SAMPLE_PERCENT: &str = "oversight.spot_check_sample_percent";
/// 档案抽查 sample: at least this many archives per institution (all of them if it has fewer).
pub const OVERSIGHT_SPOT_CHECK_SAMPLE_MIN: &str = "oversight.spot_check_sample_min";
/// The day (MMDD, e.g. 1130 = 30 November) by which the year's spot check should be completed.
pub const OVERSIGHT_SPOT_CHECK_DUE_MMDD: &str = "oversight.spot_check_due_mmdd";
/// The day (MMDD) before which the year's progress report is filed (seed 003: 每年11月底前).
pub const OVERSIGHT_PROGRESS_REPORT_DUE_MMDD: &str = "oversight.progress_report_due_mmdd";
/// How many days before its due day a yearly duty's task opens.
pub const OVERSIGHT_YEARLY_DUTY_NOTICE_DAYS: &str = "oversight.yearly_duty_notice_days";
/// How many days after an archive was checked a spot-check finding should be corrected (and the
/// correction reviewed): the due day of the head's and the supervisor's tasks.
pub const OVERSIGHT_SPOT_CHECK_CORRECTION_DAYS: &str = "oversight.spot_check_correction_days";

const PERCENT: ValueKind = ValueKind::WholeNumber { min: 1, max: 100 };
const ARCHIVES: ValueKind = ValueKind::WholeNumber { min: 1, max: 1000 };
/// A month and day as MMDD: 0101 to 1231 (a day past the month's end is the month's last day).
const MONTH_DAY: ValueKind = ValueKind::WholeNumber {
    min: 101,
    max: 1231,
};
const NOTICE_DAYS: ValueKind = ValueKind::WholeNumber { min: 0, max: 365 };
const CORRECTION_DAYS: ValueKind = ValueKind::WholeNumber { min: 1, max: 365 };

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
    // yearly duties (issue 17 point 4)
    PolicyKey {
        key: OVERSIGHT_SPOT_CHECK_SAMPLE_PERCENT,
        default: "10",
        jurisdiction: "CN",
        effective_from: "2024-01-01",
        source: "种子文件002 每年开展一次档案抽查工作——抽查比例未规定；抚育系统默认10%（未核实，由省市调整）",
        verified: false,
    },
    PolicyKey {
        key: OVERSIGHT_SPOT_CHECK_SAMPLE_MIN,
        default: "5",
        jurisdiction: "CN",
        effective_from: "2024-01-01",
        source: "种子文件002 档案抽查——每机构最少抽查份数未规定；抚育系统默认5份（未核实）",
        verified: false,
    },
    PolicyKey {
        key: OVERSIGHT_SPOT_CHECK_DUE_MMDD,
        default: "1130",
        jurisdiction: "CN",
        effective_from: "2024-01-01",
        source: "种子文件002 仅规定每年一次；抚育系统默认11月30日前完成（与进展报送同日，未核实）",
        verified: false,
    },
    PolicyKey {
        key: OVERSIGHT_PROGRESS_REPORT_DUE_MMDD,
        default: "1130",
        jurisdiction: "CN",
        effective_from: "2022-01-01",
        source: "种子文件003 吉民发〔2022〕27号：2022-2025年期间，每年11底前将工作进展情况报送省民政厅儿童福利处（V-PAGE；2026年起沿用，未核实）",
        verified: true,
    },
    PolicyKey {
        key: OVERSIGHT_YEARLY_DUTY_NOTICE_DAYS,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2024-01-01",
        source: "抚育系统默认：年度工作到期前30天生成待办（无法规依据）",
        verified: false,
    },
    PolicyKey {
        key: OVERSIGHT_SPOT_CHECK_CORRECTION_DAYS,
        default: "30",
        jurisdiction: "CN",
        effective_from: "2024-01-01",
        source: "抚育系统默认：档案抽查发现的问题自抽查之日起30天内整改（吉民发〔2024〕2号未规定整改期限）",
        verified: false,
    },
];
