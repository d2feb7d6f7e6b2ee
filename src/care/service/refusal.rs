//! Why the care service refused something the user can fix, typed: the stable API code, the message
//! (catalogue key) and the form field it belongs beside (as `transfer::service::refusal`).

use crate::error::AppError;
use crate::platform::Op;

/// The form field a refusal concerns; pages name their inputs after [`Field::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Action,
    Part,
    Goal,
    Intervention,
    Frequency,
    Responsible,
    TargetDate,
    Comment,
    Date,
    Kind,
    Text,
    Number,
    Drug,
    Dose,
    Route,
    Times,
    Prescriber,
    Funding,
    Icd10,
    Progress,
    Reason,
    Diagnosis,
    Treatment,
    Instrument,
    Score,
    Level,
    Narrative,
    Assessor,
    Measurer,
    Vaccine,
    DoseNo,
    BatchNo,
    Clinic,
    CostYuan,
    EndDate,
    HeightCm,
    WeightKg,
    HeadCm,
    DisabilityType,
    DisabilityGrade,
    Therapist,
    Minutes,
    Activity,
    Device,
    Size,
    NextCheck,
    School,
    Grade,
    XuejiNo,
    Label,
    FollowUp,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Action => "action",
            Field::Part => "part",
            Field::Goal => "goal",
            Field::Intervention => "intervention",
            Field::Frequency => "frequency",
            Field::Responsible => "responsible",
            Field::TargetDate => "target_date",
            Field::Comment => "comment",
            Field::Date => "date",
            Field::Kind => "kind",
            Field::Text => "text",
            Field::Number => "number",
            Field::Drug => "drug",
            Field::Dose => "dose",
            Field::Route => "route",
            Field::Times => "times",
            Field::Prescriber => "prescriber",
            Field::Funding => "funding",
            Field::Icd10 => "icd10",
            Field::Progress => "progress",
            Field::Reason => "reason",
            Field::Diagnosis => "diagnosis",
            Field::Treatment => "treatment",
            Field::Instrument => "instrument",
            Field::Score => "score",
            Field::Level => "level",
            Field::Narrative => "narrative",
            Field::Assessor => "assessor",
            Field::Measurer => "measurer",
            Field::Vaccine => "vaccine",
            Field::DoseNo => "dose_no",
            Field::BatchNo => "batch_no",
            Field::Clinic => "clinic",
            Field::CostYuan => "cost_yuan",
            Field::EndDate => "end_date",
            Field::HeightCm => "height_cm",
            Field::WeightKg => "weight_kg",
            Field::HeadCm => "head_cm",
            Field::DisabilityType => "disability_type",
            Field::DisabilityGrade => "disability_grade",
            Field::Therapist => "therapist",
            Field::Minutes => "minutes",
            Field::Activity => "activity",
            Field::Device => "device",
            Field::Size => "size",
            Field::NextCheck => "next_check",
            Field::School => "school",
            Field::Grade => "grade",
            Field::XuejiNo => "xueji_no",
            Field::Label => "label",
            Field::FollowUp => "follow_up",
        }
    }
}

crate::code_enum! {
    /// A refusal of the care service.
    pub enum Refused {
        /// The plan is not in a state that allows this (e.g. editing an approved version: CARE-01, an
        /// approved plan never changes).
        WrongState = "care_wrong_state",
        /// A plan needs at least one goal before it is submitted.
        NoGoals = "care_no_goals",
        /// The child already has an open draft.
        DraftExists = "care_draft_exists",
        /// A return needs the head's comment.
        CommentRequired = "care_comment_required",
        /// A required text is empty.
        Required = "care_required",
        /// A date that is not a date, or in the future where a past event is recorded.
        BadDate = "care_bad_date",
        /// A target date before today.
        TargetPast = "care_target_past",
        BadPart = "care_bad_part",
        BadKind = "care_bad_kind",
        BadNumber = "care_bad_number",
        BadTimes = "care_bad_times",
        BadFunding = "care_bad_funding",
        BadIcd10 = "care_bad_icd10",
        BadProgress = "care_bad_progress",
        /// The child is not in care (discharged): records are read-only.
        NotInCare = "care_not_in_care",
        /// A disability type or grade on an assessment that is not a disability assessment.
        NotDisability = "care_not_disability",
        /// A disability grade outside 一级至四级 (GB/T 26341-2010).
        BadGrade = "care_bad_grade",
        /// A period whose end is before its start (a placement, a device check before issue).
        BadPeriod = "care_bad_period",
    }
}

impl Refused {
    pub fn message_key(self) -> &'static str {
        use Refused::*;
        match self {
            WrongState => "care.err.wrong_state",
            NoGoals => "care.err.no_goals",
            DraftExists => "care.err.draft_exists",
            CommentRequired => "care.err.comment_required",
            Required => "care.err.required",
            BadDate => "care.err.bad_date",
            TargetPast => "care.err.target_past",
            BadPart => "care.err.bad_part",
            BadKind => "care.err.bad_kind",
            BadNumber => "care.err.bad_number",
            BadTimes => "care.err.bad_times",
            BadFunding => "care.err.bad_funding",
            BadIcd10 => "care.err.bad_icd10",
            BadProgress => "care.err.bad_progress",
            NotInCare => "care.err.not_in_care",
            NotDisability => "care.err.not_disability",
            BadGrade => "care.err.bad_grade",
            BadPeriod => "care.err.bad_period",
        }
    }

    /// The refusal as an error naming the field: 400 with the stable code and the message in the
    /// user's language; the field travels in the code's suffix-free detail via [`Refusal`].
    pub fn at(self, op: &Op<'_>, field: Field) -> Refusal {
        Refusal {
            reason: self,
            field,
            message: op.tr.t(self.message_key()).to_string(),
        }
    }
}

/// A refusal with the field it concerns.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub reason: Refused,
    pub field: Field,
    pub message: String,
}

/// What a care operation returns when it does not succeed: the user's fixable input, or an error.
#[derive(Debug)]
pub enum Failure {
    Refused(Vec<Refusal>),
    Error(AppError),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::Error(e)
    }
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Self {
        Failure::Error(e.into())
    }
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(vec![r])
    }
}

impl Failure {
    /// As an API error: 422-style bad request with the first refusal's code and every message.
    pub fn into_app_error(self) -> AppError {
        match self {
            Failure::Error(e) => e,
            Failure::Refused(rs) => {
                let code = rs.first().map_or("care_refused", |r| r.reason.code());
                let msg = rs
                    .iter()
                    .map(|r| format!("{}: {}", r.field.name(), r.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                AppError::bad(code, msg)
            }
        }
    }
}

pub type CareResult<T> = Result<T, Failure>;

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_refusal_has_a_message_in_both_languages() {
        for lang in [crate::platform::Lang::Zh, crate::platform::Lang::En] {
            let tr = crate::platform::catalogue(lang);
            for r in Refused::ALL {
                assert_ne!(tr.t(r.message_key()), r.message_key(), "{r:?} in {lang:?}");
            }
        }
    }
}
