//! The tables of the oversight module's yearly duties (issue 17 point 4): filed allowance rosters and the
//! resolutions of 应退未退 items. Part of the one schema: re-exported from `crate::db::schema`.

#[allow(unused_imports)]
use super::*;

// oversight duties (issue 17 point 4)
diesel::table! {
    oversight_roster_filings (id) {
        id -> BigInt,
        institution_id -> BigInt,
        month -> Date,
        filed_by -> BigInt,
        filed_by_name -> Text,
        filed_at -> Timestamp,
        paid -> Integer,
        total_yuan -> BigInt,
    }
}

diesel::table! {
    oversight_roster_filed_lines (id) {
        id -> BigInt,
        filing_id -> BigInt,
        child_id -> BigInt,
        archive_no -> Text,
        name -> Text,
        category -> Text,
        change_code -> Text,
        yuan -> BigInt,
        previous_yuan -> Nullable<BigInt>,
        discharge_reason -> Nullable<Text>,
    }
}

diesel::table! {
    oversight_overpay_resolutions (id) {
        id -> BigInt,
        line_id -> BigInt,
        resolved_by -> BigInt,
        resolved_by_name -> Text,
        resolved_at -> Timestamp,
        note -> Text,
    }
}

diesel::joinable!(oversight_roster_filed_lines -> oversight_roster_filings (filing_id));
diesel::joinable!(oversight_overpay_resolutions -> oversight_roster_filed_lines (line_id));
diesel::allow_tables_to_appear_in_same_query!(
    oversight_roster_filings,
    oversight_roster_filed_lines,
    oversight_overpay_resolutions,
);
