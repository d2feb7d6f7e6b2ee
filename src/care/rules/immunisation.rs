//! Immunisation against the national schedule (国家免疫规划): IMM-01 the schedule is versioned data
//! (`immunisation_2021.csv`, parsed here; a new edition is a new file, not new code); IMM-02 a dose not
//! recorded once the child has reached its complete-before age is overdue, and stays on the catch-up list
//! until the catch-up age (`care.immunisation_catch_up_age`, default 18); IMM-03 of the alternative
//! series (乙脑减毒/灭活, 甲肝减毒/灭活) a child follows one: the one a recorded dose belongs to, else
//! the default one.

use super::add_months;
use chrono::NaiveDate;

/// The schedule editions shipped, oldest first (IMM-01: the edition in force on a date is chosen).
pub const EDITIONS: &[&str] = &[include_str!("immunisation_2021.csv")];

/// One dose of the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dose {
    pub version: String,
    pub effective_from: NaiveDate,
    pub vaccine: String,
    pub dose: i32,
    pub due_months: u32,
    pub complete_before_months: Option<u32>,
    pub group: Option<String>,
    pub default_in_group: bool,
}

/// Parse one edition (comment lines start with `#`; the header line starts with `version`).
pub fn parse(text: &str) -> Result<Vec<Dose>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("version,") {
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        let bad = || format!("line {}: {line}", n + 1);
        if f.len() != 8 {
            return Err(bad());
        }
        out.push(Dose {
            version: f[0].to_string(),
            effective_from: NaiveDate::parse_from_str(f[1], "%Y-%m-%d").map_err(|_| bad())?,
            vaccine: f[2].to_string(),
            dose: f[3].parse().map_err(|_| bad())?,
            due_months: f[4].parse().map_err(|_| bad())?,
            complete_before_months: if f[5].is_empty() {
                None
            } else {
                Some(f[5].parse().map_err(|_| bad())?)
            },
            group: (!f[6].is_empty()).then(|| f[6].to_string()),
            default_in_group: f[7] == "yes",
        });
    }
    Ok(out)
}

/// The edition in force on `on`: the latest whose effective date is not after it.
pub fn in_force(editions: &[Vec<Dose>], on: NaiveDate) -> Option<&[Dose]> {
    editions
        .iter()
        .filter(|e| e.first().is_some_and(|d| d.effective_from <= on))
        .max_by_key(|e| e.first().map(|d| d.effective_from))
        .map(|e| e.as_slice())
}

/// The shipped editions, parsed (an edition that does not parse is a build mistake caught by the tests).
pub fn shipped() -> Vec<Vec<Dose>> {
    EDITIONS.iter().filter_map(|t| parse(t).ok()).collect()
}

/// Where a scheduled dose stands for one child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoseState<'a> {
    pub dose: &'a Dose,
    /// The date the dose is given at (birth + due months).
    pub due_on: NaiveDate,
    /// IMM-02: the day the dose becomes overdue (birth + complete-before months), if the schedule sets one.
    pub overdue_from: Option<NaiveDate>,
    pub overdue: bool,
}

/// The doses of `schedule` the child has not had (`given`: vaccine code and dose number) that are due
/// by `today`, each marked overdue from its complete-before age (IMM-02). Empty from the catch-up age
/// on (IMM-02: catch-up until 18, `care.immunisation_catch_up_age`).
pub fn outstanding<'a>(
    schedule: &'a [Dose],
    birth: NaiveDate,
    given: &[(String, i32)],
    today: NaiveDate,
    catch_up_age: i32,
) -> Vec<DoseState<'a>> {
    if crate::clock::age_on(birth, today) >= catch_up_age {
        return Vec::new();
    }
    let has = |v: &str, n: i32| given.iter().any(|(gv, gn)| gv == v && *gn == n);
    // IMM-03: the series a child follows in each group.
    let follows = |d: &Dose| -> bool {
        let Some(g) = &d.group else { return true };
        let chosen = schedule
            .iter()
            .filter(|o| o.group.as_ref() == Some(g))
            .find(|o| given.iter().any(|(gv, _)| *gv == o.vaccine))
            .map(|o| o.vaccine.as_str());
        match chosen {
            Some(v) => v == d.vaccine,
            None => d.default_in_group,
        }
    };
    schedule
        .iter()
        .filter(|d| follows(d) && !has(&d.vaccine, d.dose))
        .map(|d| {
            let overdue_from = d.complete_before_months.map(|m| add_months(birth, m));
            DoseState {
                dose: d,
                due_on: add_months(birth, d.due_months),
                overdue_from,
                overdue: overdue_from.is_some_and(|o| today >= o),
            }
        })
        .filter(|s| s.due_on <= today)
        .collect()
}
