//! The one diesel schema shared by SQLite and PostgreSQL (types limited to those both map alike).
// @generated-style: kept by hand in step with migrations/{sqlite,postgres}; tests/app/migrations.rs checks it.

diesel::table! {
    /// The data version (`db::version`): one row, moved by every write transaction.
    data_version (id) {
        id -> BigInt,
        n -> BigInt,
    }
}

diesel::table! {
    divisions (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        name_en -> Text,
        level -> Text,
        parent_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    institutions (id) {
        id -> BigInt,
        code -> Text,
        kind -> Text,
        name -> Text,
        division_id -> BigInt,
        address -> Text,
        contact_email -> Text,
        bed_capacity -> Integer,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        email -> Nullable<Text>,
        password_hash -> Text,
        role -> Text,
        institution_id -> Nullable<BigInt>,
        division_id -> Nullable<BigInt>,
        language -> Text,
        active -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        kind -> Text,
        client_addr -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        action -> Text,
        resource_type -> Text,
        record_id -> Nullable<Text>,
        outcome -> Text,
        client_addr -> Text,
        detail -> Text,
        prev_hash -> Text,
        row_hash -> Text,
    }
}

diesel::table! {
    policy_values (id) {
        id -> BigInt,
        key -> Text,
        jurisdiction -> Text,
        value -> Text,
        effective_from -> Date,
        source -> Text,
        verified -> Bool,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tasks (id) {
        id -> BigInt,
        dedupe_key -> Text,
        module -> Text,
        message_key -> Text,
        subject -> Text,
        link -> Text,
        institution_id -> Nullable<BigInt>,
        role -> Nullable<Text>,
        user_id -> Nullable<BigInt>,
        due_date -> Date,
        status -> Text,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> BigInt,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    job_runs (id) {
        id -> BigInt,
        run_date -> Date,
        started_at -> Timestamp,
        tasks_opened -> Integer,
        tasks_closed -> Integer,
    }
}

diesel::joinable!(institutions -> divisions (division_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(users -> institutions (institution_id));

diesel::table! {
    children (id) {
        id -> BigInt,
        archive_no -> Text,
        institution_id -> BigInt,
        status -> Text,
        legal_name -> Text,
        name_provisional -> Bool,
        former_names -> Text,
        name_pinyin -> Text,
        name_initials -> Text,
        sex -> Text,
        birth_date -> Date,
        birth_date_estimated -> Bool,
        found_place -> Text,
        found_date -> Nullable<Date>,
        found_by -> Text,
        police_report_no -> Text,
        ethnicity -> Text,
        hukou_status -> Text,
        hukou_place -> Text,
        id_number -> Nullable<Text>,
        disability_type -> Text,
        disability_grade -> Nullable<Integer>,
        disability_cert_no -> Text,
        health_at_intake -> Text,
        photo_document_id -> Nullable<BigInt>,
        guardian_department -> Text,
        welfare_categories -> Text,
        allowance_category -> Text,
        intake_category -> Text,
        archive_class -> Text,
        case_type -> Text,
        intake_date -> Date,
        admitted_by -> BigInt,
        responsible_user_id -> Nullable<BigInt>,
        discharge_date -> Nullable<Date>,
        discharge_reason -> Nullable<Text>,
        discharge_note -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        school_name -> Text,
        school_grade -> Text,
        xueji_no -> Text,
    }
}

diesel::table! {
    archive_sequences (institution_id, year) {
        institution_id -> BigInt,
        year -> Integer,
        last_seq -> Integer,
    }
}

diesel::table! {
    child_documents (id) {
        id -> BigInt,
        child_id -> BigInt,
        section -> Text,
        doc_type -> Text,
        title -> Text,
        doc_date -> Nullable<Date>,
        issuing_body -> Text,
        sha256 -> Text,
        mime -> Text,
        size_bytes -> BigInt,
        original_name -> Text,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
        superseded_by -> Nullable<BigInt>,
        superseded_reason -> Nullable<Text>,
    }
}

diesel::table! {
    child_entries (id) {
        id -> BigInt,
        child_id -> BigInt,
        section -> Text,
        entry_date -> Date,
        kind -> Text,
        summary -> Text,
        module -> Text,
        ref_id -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    child_changes (id) {
        id -> BigInt,
        child_id -> BigInt,
        field -> Text,
        old_value -> Text,
        new_value -> Text,
        reason -> Text,
        changed_by -> BigInt,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    restriction_kinds (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        hidden_sections -> Text,
        allowed_roles -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    child_restrictions (id) {
        id -> BigInt,
        child_id -> BigInt,
        kind_code -> Text,
        reason -> Text,
        set_by -> BigInt,
        set_at -> Timestamp,
        cleared_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    archive_requests (id) {
        id -> BigInt,
        child_id -> BigInt,
        kind -> Text,
        purpose -> Text,
        requested_by -> BigInt,
        requested_at -> Timestamp,
        status -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_note -> Text,
        valid_until -> Nullable<Date>,
    }
}

diesel::table! {
    archive_notices (id) {
        id -> BigInt,
        kind -> Text,
        dedupe_key -> Text,
        institution_id -> Nullable<BigInt>,
        role -> Text,
        subject -> Text,
        detail -> Text,
        link -> Text,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<BigInt>,
    }
}

diesel::joinable!(children -> institutions (institution_id));
diesel::joinable!(child_documents -> children (child_id));
diesel::joinable!(child_entries -> children (child_id));
diesel::joinable!(child_changes -> children (child_id));
diesel::joinable!(child_restrictions -> children (child_id));
diesel::joinable!(archive_requests -> children (child_id));

diesel::table! {
    /// Children per institution and status, kept by triggers (issue 11): a list's total without a count.
    child_counts (institution_id, status) {
        institution_id -> BigInt,
        status -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    /// Each distinct character of a child's names, with the child's institution (issue 11).
    child_name_chars (ch, institution_id, child_id) {
        ch -> Text,
        institution_id -> BigInt,
        child_id -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    divisions,
    institutions,
    users,
    sessions,
    audit_log,
    policy_values,
    tasks,
    mail_outbox,
    job_runs,
    children,
    archive_sequences,
    child_documents,
    child_entries,
    child_changes,
    restriction_kinds,
    child_restrictions,
    archive_requests,
    archive_notices,
    transfer_templates,
    transfer_batches,
    transfer_children,
    transfer_items,
    custody_property,
    transfer_events,
    transfer_deferrals,
    child_counts,
    child_name_chars,
);

// Each module's tables live in a file of their own (docs/ARCHITECTURE.md: files stay under ~500
// lines); the paths stay `crate::db::schema::<table>`. The oversight files hold its import (point 5),
// duties and spot check (point 4) and progress report (point 4); archive_siblings the sibling links; transfer the transfers.
mod adoption;
mod adulthood;
mod archive_siblings;
mod care;
mod foster;
mod oversight_duties;
mod oversight_import;
mod oversight_progress_report;
mod oversight_spot_check;
mod shift;
mod transfer;
pub use adoption::*;
pub use adulthood::*;
pub use archive_siblings::*;
pub use care::*;
pub use foster::*;
pub use oversight_duties::*;
pub use oversight_import::*;
pub use oversight_progress_report::*;
pub use oversight_spot_check::*;
pub use shift::*;
pub use transfer::*;
