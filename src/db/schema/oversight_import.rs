//! The tables of the oversight module's Excel import (issue 17 point 5). Part of the one schema:
//! re-exported from `crate::db::schema`.

#[allow(unused_imports)]
use super::*;

// oversight import (issue 17 point 5)
diesel::table! {
    oversight_imports (id) {
        id -> BigInt,
        institution_id -> BigInt,
        uploaded_by -> BigInt,
        file_name -> Text,
        content -> Binary,
        rows_total -> Integer,
        rows_good -> Integer,
        report -> Text,
        state -> Text,
        created_at -> Timestamp,
        imported_at -> Nullable<Timestamp>,
        imported_count -> Integer,
        millis -> Integer,
    }
}
