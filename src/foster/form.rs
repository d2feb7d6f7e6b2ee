//! The family and member forms as typed → validated fields, one message per field in the user's
//! language; what was typed is kept for the re-rendered form.

use super::model::{FamilyFields, MemberFields, Professional, Residence};
use super::rules::{Education, Relation};
use crate::platform::forms::{self, FieldErrors};
use crate::platform::Catalogue;
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct FamilyForm {
    pub family_name: String,
    pub hukou_place: String,
    pub hukou_local: String,
    pub residence_kind: String,
    pub fixed_residence: String,
    pub area: String,
    pub address: String,
    pub income: String,
    pub caregiver_name: String,
    pub caregiver_birth_date: String,
    pub caregiver_education: String,
    pub caregiver_healthy: String,
    pub professional: String,
    pub volunteer: String,
    pub phone: String,
    /// Check boxes "yes": the services near the home (FOS-23, 第10条).
    pub near_rehab: String,
    pub near_special_education: String,
    pub near_medical: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MemberForm {
    pub name: String,
    pub relation: String,
    pub birth_date: String,
    pub health: String,
    pub education: String,
    pub occupation: String,
    pub infectious_or_mental_illness: String,
    pub criminal_record: String,
    pub bad_habits: String,
    pub consents: String,
}

fn yes_no(e: &mut FieldErrors, tr: &Catalogue, field: &'static str, v: &str) -> bool {
    match v.trim() {
        "yes" => true,
        "no" => false,
        _ => {
            e.add(field, tr.t("err.choose"));
            false
        }
    }
}

fn choice<T>(
    e: &mut FieldErrors,
    tr: &Catalogue,
    field: &'static str,
    v: &str,
    parse: fn(&str) -> Option<T>,
    dflt: T,
) -> T {
    parse(v.trim()).unwrap_or_else(|| {
        e.add(field, tr.t("err.choose"));
        dflt
    })
}

/// A birth date: a real date, not after today, not more than 120 years back.
fn birth(
    e: &mut FieldErrors,
    tr: &Catalogue,
    field: &'static str,
    v: &str,
    today: NaiveDate,
) -> NaiveDate {
    match NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d") {
        Ok(d) if d <= today && crate::clock::age_on(d, today) <= 120 => d,
        Ok(_) => {
            e.add(field, tr.t("foster.err.birth_date"));
            today
        }
        Err(_) => {
            e.add(field, tr.t("err.date"));
            today
        }
    }
}

/// A non-negative amount with at most two decimals, in hundredths (m² → 0.01 m²).
fn hundredths(e: &mut FieldErrors, tr: &Catalogue, field: &'static str, v: &str, max: i64) -> i64 {
    let s = v.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let ok = !int.is_empty()
        && int.len() <= 9
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 2
        && frac.bytes().all(|b| b.is_ascii_digit());
    let n = if ok {
        let i: i64 = int.parse().unwrap_or(0);
        let f: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        i * 100 + f
    } else {
        -1
    };
    if n <= 0 || n > max {
        e.add(field, tr.t("foster.err.amount"));
        return 0;
    }
    n
}

impl FamilyForm {
    pub fn validate(&self, tr: &Catalogue, today: NaiveDate) -> Result<FamilyFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let f = FamilyFields {
            family_name: forms::text(&mut e, tr, "family_name", &self.family_name, true, 60),
            hukou_place: forms::text(&mut e, tr, "hukou_place", &self.hukou_place, true, 120),
            hukou_local: yes_no(&mut e, tr, "hukou_local", &self.hukou_local),
            residence_kind: choice(
                &mut e,
                tr,
                "residence_kind",
                &self.residence_kind,
                Residence::parse,
                Residence::Owned,
            ),
            fixed_residence: yes_no(&mut e, tr, "fixed_residence", &self.fixed_residence),
            area_dm2: hundredths(&mut e, tr, "area", &self.area, 10_000_000),
            address: forms::text(&mut e, tr, "address", &self.address, true, 200),
            income_per_capita_yuan: {
                let n = hundredths(&mut e, tr, "income", &self.income, 1_000_000_000);
                n / 100
            },
            caregiver_name: forms::text(
                &mut e,
                tr,
                "caregiver_name",
                &self.caregiver_name,
                true,
                60,
            ),
            caregiver_birth_date: birth(
                &mut e,
                tr,
                "caregiver_birth_date",
                &self.caregiver_birth_date,
                today,
            ),
            caregiver_education: choice(
                &mut e,
                tr,
                "caregiver_education",
                &self.caregiver_education,
                Education::parse,
                Education::None,
            ),
            caregiver_healthy: yes_no(&mut e, tr, "caregiver_healthy", &self.caregiver_healthy),
            professional: choice(
                &mut e,
                tr,
                "professional",
                &self.professional,
                Professional::parse,
                Professional::None,
            ),
            volunteer: self.volunteer == "yes",
            phone: forms::text(&mut e, tr, "phone", &self.phone, false, 30),
            near_rehab: self.near_rehab == "yes",
            near_special_education: self.near_special_education == "yes",
            near_medical: self.near_medical == "yes",
        };
        if e.is_empty() {
            Ok(f)
        } else {
            Err(e)
        }
    }
}

impl MemberForm {
    pub fn validate(&self, tr: &Catalogue, today: NaiveDate) -> Result<MemberFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let m = MemberFields {
            name: forms::text(&mut e, tr, "name", &self.name, true, 60),
            relation: choice(
                &mut e,
                tr,
                "relation",
                &self.relation,
                Relation::parse,
                Relation::Other,
            ),
            birth_date: birth(&mut e, tr, "birth_date", &self.birth_date, today),
            health: forms::text(&mut e, tr, "health", &self.health, false, 200),
            education: choice(
                &mut e,
                tr,
                "education",
                &self.education,
                Education::parse,
                Education::None,
            ),
            occupation: forms::text(&mut e, tr, "occupation", &self.occupation, false, 100),
            infectious_or_mental_illness: self.infectious_or_mental_illness == "yes",
            criminal_record: self.criminal_record == "yes",
            bad_habits: self.bad_habits == "yes",
            consents: self.consents == "yes",
        };
        if e.is_empty() {
            Ok(m)
        } else {
            Err(e)
        }
    }
}

/// Every step form's fields (assessment, review, training, agreement, refusal), as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct StepForm {
    pub visit_date: String,
    pub assessors: String,
    pub third_party: String,
    pub score_home: String,
    pub score_parenting: String,
    pub score_relations: String,
    pub score_community: String,
    pub narrative: String,
    pub decision: String,
    pub reasons: String,
    pub date: String,
    pub hours: String,
    pub topic: String,
    pub period_from: String,
    pub period_to: String,
    pub rights_obligations: String,
    pub caregiver: String,
    pub integration_days: String,
    pub breach_liability: String,
    pub signed_on: String,
}

fn date(e: &mut FieldErrors, tr: &Catalogue, field: &'static str, v: &str) -> NaiveDate {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
        e.add(field, tr.t("err.date"));
        NaiveDate::MIN
    })
}

fn score(e: &mut FieldErrors, tr: &Catalogue, field: &'static str, v: &str) -> i64 {
    match v.trim().parse::<i64>() {
        Ok(n) if (1..=5).contains(&n) => n,
        _ => {
            e.add(field, tr.t("foster.err.score"));
            0
        }
    }
}

fn done<T>(e: FieldErrors, v: T) -> Result<T, FieldErrors> {
    if e.is_empty() {
        Ok(v)
    } else {
        Err(e)
    }
}

impl StepForm {
    pub fn assessment(
        &self,
        tr: &Catalogue,
        today: NaiveDate,
    ) -> Result<super::steps::Assessment, FieldErrors> {
        let mut e = FieldErrors::default();
        let visit_date = date(&mut e, tr, "visit_date", &self.visit_date);
        if visit_date != NaiveDate::MIN && visit_date > today {
            e.add("visit_date", tr.t("foster.err.future"));
        }
        let assessors = forms::text(&mut e, tr, "assessors", &self.assessors, false, 200);
        let third_party = forms::text(&mut e, tr, "third_party", &self.third_party, false, 200);
        // 第12条(二): professionals of the institution or a commissioned third party.
        if assessors.is_empty() && third_party.is_empty() && !e.has("assessors") {
            e.add("assessors", tr.t("foster.err.assessor"));
        }
        let a = super::steps::Assessment {
            visit_date,
            assessors,
            third_party,
            scores: [
                score(&mut e, tr, "score_home", &self.score_home),
                score(&mut e, tr, "score_parenting", &self.score_parenting),
                score(&mut e, tr, "score_relations", &self.score_relations),
                score(&mut e, tr, "score_community", &self.score_community),
            ],
            narrative: forms::multiline(&mut e, tr, "narrative", &self.narrative, true, 4000),
        };
        done(e, a)
    }

    /// The review: approve, or refuse with reasons.
    pub fn review(&self, tr: &Catalogue) -> Result<(bool, String), FieldErrors> {
        let mut e = FieldErrors::default();
        let approve = match self.decision.as_str() {
            "approve" => true,
            "refuse" => false,
            _ => {
                e.add("decision", tr.t("err.choose"));
                true
            }
        };
        let reasons = forms::multiline(&mut e, tr, "reasons", &self.reasons, !approve, 2000);
        done(e, (approve, reasons))
    }

    pub fn refusal(&self, tr: &Catalogue) -> Result<String, FieldErrors> {
        let mut e = FieldErrors::default();
        let reasons = forms::multiline(&mut e, tr, "reasons", &self.reasons, true, 2000);
        done(e, reasons)
    }

    /// A training session: date, hours (one decimal), topic.
    pub fn training(
        &self,
        tr: &Catalogue,
        today: NaiveDate,
    ) -> Result<(NaiveDate, i64, String), FieldErrors> {
        let mut e = FieldErrors::default();
        let d = date(&mut e, tr, "date", &self.date);
        if d != NaiveDate::MIN && d > today {
            e.add("date", tr.t("foster.err.future"));
        }
        let h = hundredths(&mut e, tr, "hours", &self.hours, 24 * 100);
        let topic = forms::text(&mut e, tr, "topic", &self.topic, true, 200);
        done(e, (d, h / 10, topic))
    }

    /// The agreement with every FOS-15 field.
    pub fn agreement(&self, tr: &Catalogue) -> Result<super::steps::Agreement, FieldErrors> {
        let mut e = FieldErrors::default();
        let period_from = date(&mut e, tr, "period_from", &self.period_from);
        let period_to = date(&mut e, tr, "period_to", &self.period_to);
        if !e.has("period_from") && !e.has("period_to") && period_to <= period_from {
            e.add("period_to", tr.t("foster.err.period"));
        }
        let integration_days = match self.integration_days.trim().parse::<i64>() {
            Ok(n) if (1..=3650).contains(&n) => n,
            _ => {
                e.add("integration_days", tr.t("foster.err.days"));
                0
            }
        };
        let a = super::steps::Agreement {
            period_from,
            period_to,
            rights_obligations: forms::multiline(
                &mut e,
                tr,
                "rights_obligations",
                &self.rights_obligations,
                true,
                4000,
            ),
            caregiver: forms::text(&mut e, tr, "caregiver", &self.caregiver, true, 60),
            integration_days,
            breach_liability: forms::multiline(
                &mut e,
                tr,
                "breach_liability",
                &self.breach_liability,
                true,
                4000,
            ),
            signed_on: date(&mut e, tr, "signed_on", &self.signed_on),
        };
        done(e, a)
    }
}
