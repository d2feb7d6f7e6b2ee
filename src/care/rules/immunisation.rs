//! Immunisation against the national schedule (国家免疫规划): IMM-01 the schedule is versioned data
//! (`immunisation_2021.csv`, `immunisation_2025.csv`, parsed here; a new edition is a new file, not
//! new code) and each dose follows the edition in force on the date it falls due ([`for_child`]); IMM-02 a dose not
//! recorded once the child has reached its complete-before age is overdue, and stays on the catch-up list
//! until the catch-up age (`care.immunisation_catch_up_age`, default 18); IMM-03 of the alternative
//! series (乙脑减毒/灭活, 甲肝减毒/灭活) a child follows one: the one a recorded dose belongs to, else
//! the default one.

use super::add_months;
use chrono::NaiveDate;

/// The schedule editions shipped, oldest first (IMM-01: the edition in force on a date is chosen).
pub const EDITIONS: &[&str] = &[
    include_str!("immunisation_2021.csv"),
    // 2025-01-01: 百白破 at 2/4/6/18 months and 6 years, replacing 白破 at 6 years.
    include_str!("immunisation_2025.csv"),
];

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

/// The edition in force on `on`, else (a date before the first shipped edition) the first one: nothing
/// older is shipped, and the 2021 edition's doses match the schedule before it for the children in care.
fn edition_on(editions: &[Vec<Dose>], on: NaiveDate) -> Option<usize> {
    let date = |e: &Vec<Dose>| e.first().map(|d| d.effective_from);
    let mut best: Option<usize> = None;
    for (i, e) in editions.iter().enumerate() {
        let Some(from) = date(e) else { continue };
        if from <= on && best.is_none_or(|b| date(&editions[b]) < Some(from)) {
            best = Some(i);
        }
    }
    best.or_else(|| {
        (0..editions.len())
            .filter(|i| date(&editions[*i]).is_some())
            .min_by_key(|i| date(&editions[*i]))
    })
}

/// IMM-01 "the version is chosen by dose date": the schedule of a child born on `birth`, dose by dose
/// (vaccine and dose number). Each edition's dose counts when that edition is in force on the date the
/// dose falls due under it (birth + its age). A dose two editions time differently:
/// - both in force on their own dates (e.g. 百白破 dose 3 at 5 months under 2021 on 2024-12-31, at 6
///   months under 2025 on 2025-01-31): the earlier, which fell due first under the schedule then in force;
/// - neither (the old date on or after the change, the new date before it): the newer edition's, as the
///   dose had not fallen due under the old schedule when the new one came in.
///
/// A dose only one edition has (白破 at 6 years in 2021, 百白破 dose 5 in 2025) counts only when its
/// own edition is in force on its date. The result is ordered as the editions list their doses.
pub fn for_child(editions: &[Vec<Dose>], birth: NaiveDate) -> Vec<Dose> {
    let mut out: Vec<Dose> = Vec::new();
    let mut seen: Vec<(String, i32)> = Vec::new();
    for e in editions {
        for d in e {
            let key = (d.vaccine.clone(), d.dose);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            // Every edition's version of this dose with the date it falls due under that edition.
            let candidates: Vec<(usize, &Dose, NaiveDate)> = editions
                .iter()
                .enumerate()
                .filter_map(|(i, ed)| {
                    ed.iter()
                        .find(|x| x.vaccine == d.vaccine && x.dose == d.dose)
                        .map(|x| (i, x, add_months(birth, x.due_months)))
                })
                .collect();
            let in_force: Vec<&(usize, &Dose, NaiveDate)> = candidates
                .iter()
                .filter(|(i, _, on)| edition_on(editions, *on) == Some(*i))
                .collect();
            let chosen = match in_force.iter().min_by_key(|(_, _, on)| *on) {
                Some(c) => Some(c.1),
                None if candidates.len() > 1 => candidates
                    .iter()
                    .max_by_key(|(_, x, _)| x.effective_from)
                    .map(|c| c.1),
                None => None,
            };
            if let Some(x) = chosen {
                out.push(x.clone());
            }
        }
    }
    out
}

/// The vaccine codes of every shipped edition, each once, in the editions' order (forms, catalogue).
pub fn vaccines() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for d in shipped().into_iter().flatten() {
        if !v.contains(&d.vaccine) {
            v.push(d.vaccine);
        }
    }
    v
}

/// The shipped editions, parsed (an edition that does not parse is a build mistake caught by the tests).
pub fn shipped() -> Vec<Vec<Dose>> {
    // Parsed once per process (the care panel asks on every view of an archive page).
    static PARSED: std::sync::OnceLock<Vec<Vec<Dose>>> = std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| EDITIONS.iter().filter_map(|t| parse(t).ok()).collect())
        .clone()
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
