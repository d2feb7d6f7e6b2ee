//! The caregiver-shift module's policy keys (issue 15): the constants (re-exported by `policy::keys`)
//! and their registry entries. None of these values is fixed by a national text; each says so.

use super::{PolicyKey, ValueKind};

/// MAR-03: minutes after a dose's time before an unmarked dose is missed (漏服).
pub const SHIFT_MISSED_DOSE_MINUTES: &str = "shift.missed_dose_minutes";
/// CARE-05: temperature alert threshold in tenths of a degree Celsius (373 = 37.3 ℃).
pub const SHIFT_TEMPERATURE_ALERT_TENTHS: &str = "shift.temperature_alert_tenths";
/// RPT-01: minutes after discovery before an unconfirmed mandatory report escalates to the supervisor.
pub const SHIFT_REPORT_DEADLINE_MINUTES: &str = "shift.report_deadline_minutes";
/// RPT-01/RPT-05: who receives a mandatory report, separated by `;` (one report row each) — the
/// police (意见 第2条: 立即向公安机关报案) and civil affairs (RPT-05: 民政 at once). Per division, so a
/// county names its own police station and bureau.
pub const SHIFT_REPORT_RECIPIENTS: &str = "shift.report_recipients";
/// CARE-03: the hour (local time) the day shift starts.
pub const SHIFT_DAY_START_HOUR: &str = "shift.day_start_hour";
/// CARE-03: the hour (local time) the night shift starts.
pub const SHIFT_NIGHT_START_HOUR: &str = "shift.night_start_hour";

/// Minutes: up to a day (a window longer than a day would hide a missed day).
const MINUTES: ValueKind = ValueKind::WholeNumber { min: 0, max: 1440 };
/// An hour of the day.
const HOUR: ValueKind = ValueKind::WholeNumber { min: 0, max: 23 };
/// A body temperature in tenths of a degree: 35.0–42.0 ℃.
const TENTHS: ValueKind = ValueKind::WholeNumber { min: 350, max: 420 };

pub(super) const KINDS: &[(&str, ValueKind)] = &[
    (SHIFT_MISSED_DOSE_MINUTES, MINUTES),
    (SHIFT_TEMPERATURE_ALERT_TENTHS, TENTHS),
    (SHIFT_REPORT_DEADLINE_MINUTES, MINUTES),
    (SHIFT_REPORT_RECIPIENTS, ValueKind::Text),
    (SHIFT_DAY_START_HOUR, HOUR),
    (SHIFT_NIGHT_START_HOUR, HOUR),
];

pub(super) const KEYS: &[PolicyKey] = &[
    PolicyKey {
        key: SHIFT_MISSED_DOSE_MINUTES,
        default: "60",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "MAR-03 漏服：超过给药时间此分钟数未记录即为漏服，通知医护与院长（实务做法，未核实）",
        verified: false,
    },
    PolicyKey {
        key: SHIFT_TEMPERATURE_ALERT_TENTHS,
        default: "373",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "CARE-05 健康观察（MZ/T 208-2024）；腋温37.3℃以上为发热（常用临床标准，未核实）",
        verified: false,
    },
    PolicyKey {
        key: SHIFT_REPORT_DEADLINE_MINUTES,
        default: "60",
        jurisdiction: "CN",
        effective_from: "2020-05-07",
        source: "未成年人保护法 第11条 立即报告；《关于建立侵害未成年人案件强制报告制度的意见（试行）》第2条、第4条；RPT-01 未确认超过此分钟数上报监督（默认1小时，可配置）",
        verified: false,
    },
    PolicyKey {
        key: SHIFT_REPORT_RECIPIENTS,
        default: "辖区公安机关;县级民政部门",
        jurisdiction: "CN",
        effective_from: "2020-05-07",
        source: "未成年人保护法 第11条（向公安、民政等部门报告）；强制报告意见 第2条（立即向公安机关报案）；RPT-05 走失：公安和民政；接收单位由各地配置（以分号分隔）",
        verified: false,
    },
    PolicyKey {
        key: SHIFT_DAY_START_HOUR,
        default: "8",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "CARE-03 24小时值班（儿童福利机构管理办法 2018）；白班开始时间为机构排班（系统默认值）",
        verified: true,
    },
    PolicyKey {
        key: SHIFT_NIGHT_START_HOUR,
        default: "20",
        jurisdiction: "CN",
        effective_from: "2019-01-01",
        source: "CARE-03 24小时值班（儿童福利机构管理办法 2018）；夜班开始时间为机构排班（系统默认值）",
        verified: true,
    },
];
