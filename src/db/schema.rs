//! The one diesel schema shared by SQLite and PostgreSQL (types limited to those both map alike).
// @generated-style: kept by hand in step with migrations/{sqlite,postgres}; tests/app/migrations.rs checks it.

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
);
