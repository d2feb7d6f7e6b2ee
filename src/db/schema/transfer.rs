//! The transfer module's tables (county → city transfers, issue 3). Part of the one schema:
//! re-exported from `crate::db::schema`.

#[allow(unused_imports)]
use super::*;

diesel::table! {
    transfer_templates (id) {
        id -> BigInt,
        version -> Integer,
        items -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        note -> Text,
    }
}

diesel::table! {
    transfer_batches (id) {
        id -> BigInt,
        sender_institution_id -> BigInt,
        receiver_institution_id -> BigInt,
        receiver_reason -> Text,
        state -> Text,
        state_reason -> Text,
        planned_date -> Date,
        template_version -> Integer,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        reference -> Nullable<Text>,
        reference_issuer -> Nullable<Text>,
        reference_year -> Nullable<Integer>,
        reference_seq -> Nullable<Integer>,
    }
}

diesel::table! {
    transfer_children (id) {
        id -> BigInt,
        batch_id -> BigInt,
        child_id -> BigInt,
        open_child_id -> Nullable<BigInt>,
        state -> Text,
        adaptation_plan -> Text,
        special_needs -> Text,
        sibling_note -> Text,
        child_opinion -> Text,
        hukou_moved -> Nullable<Bool>,
        hukou_new_place -> Text,
        hukou_keep_reason -> Text,
        new_school -> Text,
        allowance_from_month -> Text,
        completed_at -> Nullable<Timestamp>,
        completed_by -> Nullable<BigInt>,
        version -> Integer,
        hukou_confirmed_on -> Nullable<Date>,
        hukou_confirmed_ref -> Text,
        hukou_confirmed_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    transfer_items (id) {
        id -> BigInt,
        transfer_child_id -> BigInt,
        code -> Text,
        label -> Text,
        mandatory -> Bool,
        document_id -> Nullable<BigInt>,
        state -> Text,
        sender_note -> Text,
        quantity -> Text,
        amount_fen -> Nullable<BigInt>,
        receiver_note -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
        version -> Integer,
        ledger_fen -> Nullable<BigInt>,
    }
}

diesel::table! {
    custody_property (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        kind -> Text,
        description -> Text,
        account -> Text,
        amount_fen -> BigInt,
        state -> Text,
        transfer_child_id -> Nullable<BigInt>,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
        receipt_no -> Text,
    }
}

diesel::table! {
    transfer_events (id) {
        id -> BigInt,
        batch_id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        detail -> Text,
    }
}

diesel::table! {
    transfer_deferrals (id) {
        id -> BigInt,
        child_id -> BigInt,
        open_child_id -> Nullable<BigInt>,
        institution_id -> BigInt,
        reason -> Text,
        review_date -> Date,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<BigInt>,
        end_note -> Text,
        version -> Integer,
    }
}

diesel::joinable!(transfer_children -> transfer_batches (batch_id));
diesel::joinable!(transfer_items -> transfer_children (transfer_child_id));
diesel::joinable!(transfer_children -> children (child_id));
diesel::joinable!(transfer_templates -> users (created_by));
