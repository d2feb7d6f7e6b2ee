//! The tables of the oversight module's yearly archive spot check (issue 17 point 4; seed 002). Part of
//! the one schema: re-exported from `crate::db::schema`.

#[allow(unused_imports)]
use super::*;

diesel::table! {
    oversight_spot_checks (id) {
        id -> BigInt,
        division_id -> BigInt,
        year -> Integer,
        seed -> Text,
        drawn_on -> Date,
        sample_percent -> Integer,
        sample_min -> Integer,
        started_by -> BigInt,
        started_by_name -> Text,
        started_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    oversight_spot_check_draws (id) {
        id -> BigInt,
        check_id -> BigInt,
        institution_id -> BigInt,
        population -> Integer,
        sample_size -> Integer,
    }
}

diesel::table! {
    oversight_spot_check_samples (id) {
        id -> BigInt,
        check_id -> BigInt,
        institution_id -> BigInt,
        child_id -> BigInt,
        archive_no -> Text,
        position -> Integer,
        checked_at -> Nullable<Timestamp>,
        checked_by_name -> Nullable<Text>,
    }
}

diesel::table! {
    oversight_spot_check_items (id) {
        id -> BigInt,
        sample_id -> BigInt,
        item -> Text,
        outcome -> Text,
        note -> Text,
        correction -> Nullable<Text>,
        corrected_by_name -> Nullable<Text>,
        corrected_at -> Nullable<Timestamp>,
        closed_by_name -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(oversight_spot_check_draws -> oversight_spot_checks (check_id));
diesel::joinable!(oversight_spot_check_samples -> oversight_spot_checks (check_id));
diesel::joinable!(oversight_spot_check_items -> oversight_spot_check_samples (sample_id));
diesel::allow_tables_to_appear_in_same_query!(
    oversight_spot_checks,
    oversight_spot_check_draws,
    oversight_spot_check_samples,
    oversight_spot_check_items,
);
