//! The tables of the 成年后安置 (adulthood placement, issue 16) module. Part of the one schema: re-exported from
//! `crate::db::schema`, so every table keeps its path `crate::db::schema::<table>`.

#[allow(unused_imports)]
use super::*;

// --- adulthood (成年后安置, issue 16) ---

diesel::table! {
    adulthood_cases (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        deferral -> Text,
        deferral_detail -> Text,
        left_on -> Nullable<Date>,
        placed_pathway -> Text,
        discharged_on -> Nullable<Date>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_assessments (id) {
        id -> BigInt,
        case_id -> BigInt,
        assessed_on -> Date,
        assessor_kind -> Text,
        panel_members -> Text,
        labour_capacity -> Text,
        civil_capacity -> Text,
        self_care -> Text,
        mental_physical -> Text,
        education_skills -> Text,
        wishes -> Text,
        conclusion -> Text,
        proposed_pathway -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_plans (id) {
        id -> BigInt,
        case_id -> BigInt,
        pathway -> Text,
        steps -> Text,
        responsible_bodies -> Text,
        placement_on -> Date,
        transition_subsidy_yuan -> BigInt,
        settlement_yuan -> BigInt,
        rent_support_yuan -> BigInt,
        state -> Text,
        submitted_by -> Nullable<BigInt>,
        submitted_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_comment -> Text,
        version -> Integer,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_checklist (id) {
        id -> BigInt,
        case_id -> BigInt,
        item -> Text,
        confirmed_by_name -> Text,
        confirmed_on -> Date,
        note -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_followups (id) {
        id -> BigInt,
        case_id -> BigInt,
        contact_on -> Date,
        kind -> Text,
        note -> Text,
        concern -> Bool,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_grants (id) {
        id -> BigInt,
        case_id -> BigInt,
        academic_year -> Text,
        term -> Text,
        school -> Text,
        level -> Text,
        enrolment_confirmed_on -> Date,
        amount_yuan -> BigInt,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(adulthood_assessments -> adulthood_cases (case_id));
diesel::joinable!(adulthood_plans -> adulthood_cases (case_id));
diesel::joinable!(adulthood_checklist -> adulthood_cases (case_id));
diesel::joinable!(adulthood_followups -> adulthood_cases (case_id));
diesel::joinable!(adulthood_grants -> adulthood_cases (case_id));

diesel::allow_tables_to_appear_in_same_query!(
    adulthood_cases,
    adulthood_assessments,
    adulthood_plans,
    adulthood_checklist,
    adulthood_followups,
    adulthood_grants,
);
