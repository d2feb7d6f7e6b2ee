//! The tables of the 养治教康 (care plans, issue 14) module. Part of the one schema: re-exported from
//! `crate::db::schema`, so every table keeps its path `crate::db::schema::<table>`.

#[allow(unused_imports)]
use super::*;

// care module (issue 14)
diesel::table! {
    care_plans (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        number -> Nullable<Integer>,
        state -> Text,
        based_on -> Nullable<BigInt>,
        summary -> Text,
        drafted_by -> BigInt,
        drafted_at -> Timestamp,
        submitted_on -> Nullable<Date>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        head_comment -> Text,
        approved_on -> Nullable<Date>,
        version -> Integer,
    }
}

diesel::table! {
    care_goals (id) {
        id -> BigInt,
        plan_id -> BigInt,
        part -> Text,
        position -> Integer,
        goal -> Text,
        intervention -> Text,
        frequency -> Text,
        responsible -> Text,
        target_date -> Date,
    }
}

diesel::table! {
    care_reviews (id) {
        id -> BigInt,
        plan_id -> BigInt,
        child_id -> BigInt,
        reviewed_on -> Date,
        note -> Text,
        reviewed_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_review_lines (id) {
        id -> BigInt,
        review_id -> BigInt,
        goal_id -> BigInt,
        progress -> Text,
        note -> Text,
    }
}

diesel::table! {
    care_events (id) {
        id -> BigInt,
        child_id -> BigInt,
        kind -> Text,
        occurred_on -> Date,
        note -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_assessments (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        kind -> Text,
        instrument -> Text,
        score -> Text,
        level -> Text,
        narrative -> Text,
        assessor -> Text,
        assessed_on -> Date,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_medical (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        kind -> Text,
        started_on -> Date,
        ended_on -> Nullable<Date>,
        reason -> Text,
        diagnosis -> Text,
        icd10 -> Text,
        new_diagnosis -> Bool,
        treatment -> Text,
        cost_fen -> Nullable<BigInt>,
        funding -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_conditions (id) {
        id -> BigInt,
        child_id -> BigInt,
        kind -> Text,
        description -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    care_growth (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        measured_on -> Date,
        height_mm -> Nullable<Integer>,
        weight_g -> Nullable<Integer>,
        head_mm -> Nullable<Integer>,
        measurer -> Text,
        standard -> Text,
        standard_version -> Text,
        wfa_z100 -> Nullable<Integer>,
        lhfa_z100 -> Nullable<Integer>,
        hcfa_z100 -> Nullable<Integer>,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_medication_orders (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        drug -> Text,
        dose -> Text,
        route -> Text,
        times -> Text,
        prn -> Bool,
        start_on -> Date,
        end_on -> Nullable<Date>,
        prescriber -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
        stopped_at -> Nullable<Timestamp>,
        stopped_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    care_immunisations (id) {
        id -> BigInt,
        child_id -> BigInt,
        vaccine -> Text,
        dose -> Integer,
        given_on -> Date,
        batch_no -> Text,
        clinic -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(care_goals -> care_plans (plan_id));
diesel::joinable!(care_review_lines -> care_reviews (review_id));

diesel::allow_tables_to_appear_in_same_query!(
    care_plans,
    care_goals,
    care_reviews,
    care_review_lines,
    care_events,
    care_assessments,
    care_medical,
    care_conditions,
    care_growth,
    care_medication_orders,
    care_immunisations,
);

// care module, second part (issue 14 points 4–6): rehabilitation, education, social work.
diesel::table! {
    care_rehab_sessions (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        therapist -> Text,
        held_on -> Date,
        minutes -> Integer,
        activity -> Text,
        progress -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_rehab_targets (id) {
        id -> BigInt,
        child_id -> BigInt,
        monthly_minutes -> Integer,
        from_on -> Date,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_devices (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        device -> Text,
        size -> Text,
        issued_on -> Date,
        next_check_on -> Nullable<Date>,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_school (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        kind -> Text,
        school -> Text,
        grade -> Text,
        xueji_no -> Text,
        start_on -> Date,
        end_on -> Nullable<Date>,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_school_records (id) {
        id -> BigInt,
        child_id -> BigInt,
        kind -> Text,
        label -> Text,
        body -> Text,
        on_date -> Date,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    care_social (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        kind -> Text,
        held_on -> Date,
        summary -> Text,
        follow_up -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    care_rehab_sessions,
    care_rehab_targets,
    care_devices,
    care_school,
    care_school_records,
    care_social,
);

// care (issue 14, session 5): the WHO 2006 second view of a growth check (GRW-01/03), one row per
// care_growth row measured at 0–60 months, with its own standard and version.
diesel::table! {
    care_growth_who2006 (growth_id) {
        growth_id -> BigInt,
        standard -> Text,
        standard_version -> Text,
        wfa_z100 -> Nullable<Integer>,
        lhfa_z100 -> Nullable<Integer>,
        hcfa_z100 -> Nullable<Integer>,
        bmi_z100 -> Nullable<Integer>,
        wfl_z100 -> Nullable<Integer>,
    }
}

// care appointments (issue 15 point 2b / issue 14): hospital visits, rehabilitation sessions, school
// meetings planned on the care pages and shown on the round.
diesel::table! {
    care_appointments (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        kind -> Text,
        starts_at -> Timestamp,
        place -> Text,
        what -> Text,
        escort_user_id -> Nullable<BigInt>,
        escort_text -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        cancelled_by -> Nullable<BigInt>,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reason -> Text,
    }
}
