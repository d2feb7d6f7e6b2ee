//! The tables of the 收养 (adoption, issue 13) module. Part of the one schema: re-exported from
//! `crate::db::schema`, so every table keeps its path `crate::db::schema::<table>`.

#[allow(unused_imports)]
use super::*;

// adoption (收养): the adoption module's tables (src/adoption).
diesel::table! {
    adoption_availability (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        category -> Text,
        basis -> Text,
        notice_start -> Nullable<Date>,
        notice_medium -> Text,
        notice_result -> Text,
        trafficked -> Bool,
        entered_care -> Nullable<Date>,
        police_certificate -> Nullable<Date>,
        marked_by -> BigInt,
        marked_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    adoption_applications (id) {
        id -> BigInt,
        bureau_id -> BigInt,
        child_id -> BigInt,
        placing_institution_id -> BigInt,
        state -> Text,
        received_on -> Date,
        married -> Bool,
        spouse_joins -> Bool,
        relation -> Text,
        child_consent -> Nullable<Bool>,
        prior_adoptions -> Integer,
        integration_start -> Nullable<Date>,
        certificate_no -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        refusal_reasons -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        ended_on -> Nullable<Date>,
        end_reasons -> Text,
        refusal_rules -> Text,
    }
}

diesel::table! {
    adoption_applicants (id) {
        id -> BigInt,
        application_id -> BigInt,
        name -> Text,
        sex -> Text,
        birth_date -> Date,
        children_count -> Integer,
        disqualifying_disease -> Bool,
        harmful_record -> Bool,
        able_to_raise -> Bool,
        overseas_chinese -> Bool,
        foreign_national -> Bool,
        attended -> Bool,
    }
}

diesel::joinable!(adoption_applicants -> adoption_applications (application_id));
diesel::allow_tables_to_appear_in_same_query!(
    adoption_availability,
    adoption_applications,
    adoption_applicants,
);

// adoption (收养): assessment, visits (src/adoption; migration 2026-11-26-002000).
diesel::table! {
    adoption_assessments (id) {
        id -> BigInt,
        application_id -> BigInt,
        mode -> Text,
        assessors -> Text,
        agency -> Text,
        agreement_ref -> Text,
        started_on -> Date,
        conclusion -> Nullable<Text>,
        reasons -> Text,
        reported_on -> Nullable<Date>,
        created_by -> BigInt,
        created_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    adoption_assessment_entries (id) {
        id -> BigInt,
        assessment_id -> BigInt,
        kind -> Text,
        code -> Text,
        note -> Text,
    }
}

diesel::table! {
    adoption_visits (id) {
        id -> BigInt,
        application_id -> BigInt,
        kind -> Text,
        visited_on -> Date,
        visitor -> Text,
        notes -> Text,
        recorded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(adoption_assessment_entries -> adoption_assessments (assessment_id));
diesel::allow_tables_to_appear_in_same_query!(
    adoption_assessments,
    adoption_assessment_entries,
    adoption_visits,
);

// adoption (收养): the applicants' documents (ADP-18, 登记办法 第6条; migration 2026-11-27-003000).
diesel::table! {
    adoption_documents (id) {
        id -> BigInt,
        application_id -> BigInt,
        kind -> Text,
        sha256 -> Text,
        mime -> Text,
        size_bytes -> BigInt,
        original_name -> Text,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
    }
}

diesel::joinable!(adoption_documents -> adoption_applications (application_id));

// adoption (收养): the third party's qualifications (收养评估办法 第7条; migration 2026-11-28-002000).
diesel::table! {
    adoption_third_parties (id) {
        id -> BigInt,
        assessment_id -> BigInt,
        credit_code -> Text,
        legal_person -> Bool,
        sound_management -> Bool,
        scope_covers -> Bool,
        business_scope -> Text,
        professionals -> Text,
    }
}
