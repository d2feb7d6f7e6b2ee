//! The tables of the 家庭寄养 (foster families, issue 12) module. Part of the one schema: re-exported from
//! `crate::db::schema`, so every table keeps its path `crate::db::schema::<table>`.

#[allow(unused_imports)]
use super::*;

// foster (issue 12)
diesel::table! {
    foster_families (id) {
        id -> BigInt,
        institution_id -> BigInt,
        family_name -> Text,
        hukou_place -> Text,
        hukou_local -> Bool,
        residence_kind -> Text,
        fixed_residence -> Bool,
        area_dm2 -> BigInt,
        address -> Text,
        income_per_capita_yuan -> BigInt,
        caregiver_name -> Text,
        caregiver_birth_date -> Date,
        caregiver_education -> Text,
        caregiver_healthy -> Bool,
        professional -> Text,
        volunteer -> Bool,
        phone -> Text,
        stage -> Text,
        stage_note -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        near_rehab -> Bool,
        near_special_education -> Bool,
        near_medical -> Bool,
    }
}

diesel::table! {
    foster_members (id) {
        id -> BigInt,
        family_id -> BigInt,
        name -> Text,
        relation -> Text,
        birth_date -> Date,
        health -> Text,
        education -> Text,
        occupation -> Text,
        infectious_or_mental_illness -> Bool,
        criminal_record -> Bool,
        bad_habits -> Bool,
        consents -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    foster_steps (id) {
        id -> BigInt,
        family_id -> BigInt,
        kind -> Text,
        on_date -> Date,
        data -> Text,
        note -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    foster_placements (id) {
        id -> BigInt,
        family_id -> BigInt,
        child_id -> BigInt,
        open_child_id -> Nullable<BigInt>,
        institution_id -> BigInt,
        started_on -> Date,
        integration_until -> Date,
        child_opinion -> Text,
        child_consent -> Nullable<Bool>,
        ended_on -> Nullable<Date>,
        end_side -> Nullable<Text>,
        end_reason -> Nullable<Text>,
        end_note -> Text,
        counselling -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        version -> Integer,
        notice_received_on -> Nullable<Date>,
        wishes_to_adopt_on -> Nullable<Date>,
    }
}

diesel::joinable!(foster_members -> foster_families (family_id));
diesel::joinable!(foster_placements -> foster_families (family_id));
diesel::joinable!(foster_steps -> foster_families (family_id));

diesel::allow_tables_to_appear_in_same_query!(
    foster_families,
    foster_members,
    foster_steps,
    foster_placements,
);

// foster (issue 12, visits FOS-22): read on their own, never joined, so no allow_tables line.
diesel::table! {
    foster_visits (id) {
        id -> BigInt,
        placement_id -> BigInt,
        family_id -> BigInt,
        kind -> Text,
        visited_on -> Date,
        visitor -> Text,
        health -> Text,
        schooling -> Text,
        home -> Text,
        relationship -> Text,
        concerns -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

// foster (issue 12, short-term care FOS-17): read on its own, never joined.
diesel::table! {
    foster_short_stays (id) {
        id -> BigInt,
        placement_id -> BigInt,
        family_id -> BigInt,
        from_date -> Date,
        to_date -> Date,
        reason -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

// foster (issue 12, typed uploads: consent per member, proofs, visit photos): read on its own.
diesel::table! {
    foster_documents (id) {
        id -> BigInt,
        family_id -> BigInt,
        member_id -> Nullable<BigInt>,
        visit_id -> Nullable<BigInt>,
        kind -> Text,
        sha256 -> Text,
        mime -> Text,
        size_bytes -> BigInt,
        original_name -> Text,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
        superseded_at -> Nullable<Timestamp>,
    }
}
