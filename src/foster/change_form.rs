//! The moving-house and new-main-caregiver forms (issue 12 point 7) on a family's page. Both are
//! checked with the family form's own validation: the family's stored values are taken as typed and
//! the changed fields laid over them, so a field is refused with the same message as at application.

use super::form::FamilyForm;
use super::model::{Family, FamilyFields};
use crate::platform::forms::FieldErrors;
use crate::platform::Catalogue;
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ChangeForm {
    // Moving house.
    pub address: String,
    pub residence_kind: String,
    pub fixed_residence: String,
    pub area: String,
    /// The services near the new home, check boxes "yes" (FOS-23, 第10条).
    pub near_rehab: String,
    pub near_special_education: String,
    pub near_medical: String,
    // A new main caregiver (FOS-18) with the training done.
    pub caregiver_name: String,
    pub caregiver_birth_date: String,
    pub caregiver_education: String,
    pub caregiver_healthy: String,
    pub training_hours: String,
    pub training_topic: String,
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// The family's stored values as a family form.
fn as_typed(f: &Family) -> FamilyForm {
    FamilyForm {
        family_name: f.family_name.clone(),
        hukou_place: f.hukou_place.clone(),
        hukou_local: yes(f.hukou_local),
        residence_kind: f.residence_kind.code().into(),
        fixed_residence: yes(f.fixed_residence),
        area: super::views::area_text(f.area_dm2),
        address: f.address.clone(),
        income: f.income_per_capita_yuan.to_string(),
        caregiver_name: f.caregiver_name.clone(),
        caregiver_birth_date: f.caregiver_birth_date.to_string(),
        caregiver_education: f.caregiver_education.code().into(),
        caregiver_healthy: yes(f.caregiver_healthy),
        professional: f.professional.code().into(),
        volunteer: if f.volunteer {
            "yes".into()
        } else {
            String::new()
        },
        phone: f.phone.clone(),
        near_rehab: yes(f.near_rehab),
        near_special_education: yes(f.near_special_education),
        near_medical: yes(f.near_medical),
    }
}

/// Only the errors of the fields this form shows (the stored ones were valid when recorded).
fn only(e: FieldErrors, fields: &[&'static str]) -> FieldErrors {
    let mut out = FieldErrors::default();
    for f in fields {
        if e.has(f) {
            out.add(f, e.msg(f).to_string());
        }
    }
    out
}

impl ChangeForm {
    /// Moving house: the new address, residence, fixed residence and living area.
    pub fn moved(
        &self,
        f: &Family,
        tr: &Catalogue,
        today: NaiveDate,
    ) -> Result<FamilyFields, FieldErrors> {
        let mut t = as_typed(f);
        t.address = self.address.clone();
        t.residence_kind = self.residence_kind.clone();
        t.fixed_residence = self.fixed_residence.clone();
        t.area = self.area.clone();
        // What is near the new home is recorded again with the move (FOS-23, 第10条).
        t.near_rehab = self.near_rehab.clone();
        t.near_special_education = self.near_special_education.clone();
        t.near_medical = self.near_medical.clone();
        t.validate(tr, today)
            .map_err(|e| only(e, &["address", "residence_kind", "fixed_residence", "area"]))
    }

    /// A new main caregiver and the hours of training he or she has done (in tenths of an hour).
    pub fn caregiver(
        &self,
        f: &Family,
        tr: &Catalogue,
        today: NaiveDate,
    ) -> Result<(FamilyFields, i64, String), FieldErrors> {
        let mut t = as_typed(f);
        t.caregiver_name = self.caregiver_name.clone();
        t.caregiver_birth_date = self.caregiver_birth_date.clone();
        t.caregiver_education = self.caregiver_education.clone();
        t.caregiver_healthy = self.caregiver_healthy.clone();
        let fields = [
            "caregiver_name",
            "caregiver_birth_date",
            "caregiver_education",
            "caregiver_healthy",
        ];
        let mut e = match t.validate(tr, today) {
            Ok(_) => FieldErrors::default(),
            Err(e) => only(e, &fields),
        };
        let hours = match self.training_hours.trim().parse::<f64>() {
            Ok(h) if (0.1..=1000.0).contains(&h) => (h * 10.0).round() as i64,
            _ => {
                e.add("training_hours", tr.t("foster.err.amount"));
                0
            }
        };
        let topic = crate::platform::forms::text(
            &mut e,
            tr,
            "training_topic",
            &self.training_topic,
            true,
            200,
        );
        if !e.is_empty() {
            return Err(e);
        }
        t.validate(tr, today)
            .map(|v| (v, hours, topic))
            .map_err(|e| only(e, &fields))
    }
}
