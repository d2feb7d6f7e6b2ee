//! The tables of the oversight module's yearly progress report (issue 17 point 4; seed 003). Part of the
//! one schema: re-exported from `crate::db::schema`.

#[allow(unused_imports)]
use super::*;

diesel::table! {
    oversight_progress_reports (id) {
        id -> BigInt,
        division_id -> BigInt,
        year -> Integer,
        figures_as_of -> Date,
        figures -> Text,
        drafted_by -> BigInt,
        drafted_by_name -> Text,
        drafted_at -> Timestamp,
        updated_at -> Timestamp,
        filed_by_name -> Nullable<Text>,
        filed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    oversight_progress_report_sections (id) {
        id -> BigInt,
        report_id -> BigInt,
        section -> Text,
        body -> Text,
    }
}

diesel::joinable!(oversight_progress_report_sections -> oversight_progress_reports (report_id));

diesel::allow_tables_to_appear_in_same_query!(
    oversight_progress_reports,
    oversight_progress_report_sections,
);
