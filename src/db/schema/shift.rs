//! The tables of the 护理员的班次 (the caregiver's shift, issue 15) module. Part of the one schema: re-exported from
//! `crate::db::schema`, so every table keeps its path `crate::db::schema::<table>`.

#[allow(unused_imports)]
use super::*;

// caregiver shift (issue 15)
diesel::table! {
    shift_units (id) {
        id -> BigInt,
        institution_id -> BigInt,
        name -> Text,
        kind -> Text,
        capacity -> Integer,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    shift_placements (id) {
        id -> BigInt,
        child_id -> BigInt,
        unit_id -> BigInt,
        bed -> Text,
        from_at -> Timestamp,
        until_at -> Nullable<Timestamp>,
        placed_by -> BigInt,
    }
}

diesel::table! {
    shift_roster (id) {
        id -> BigInt,
        unit_id -> BigInt,
        user_id -> BigInt,
        shift_date -> Date,
        shift -> Text,
    }
}

diesel::table! {
    shift_doses (id) {
        id -> BigInt,
        institution_id -> BigInt,
        child_id -> BigInt,
        order_id -> BigInt,
        due_at -> Nullable<Timestamp>,
        given_at -> Timestamp,
        outcome -> Text,
        reason -> Text,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
        reviewed_by -> Nullable<BigInt>,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    shift_log (id) {
        id -> BigInt,
        institution_id -> BigInt,
        child_id -> BigInt,
        day -> Date,
        kind -> Text,
        value -> Text,
        temperature -> Nullable<Integer>,
        note -> Text,
        supersedes -> Nullable<BigInt>,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    shift_handovers (id) {
        id -> BigInt,
        unit_id -> BigInt,
        shift -> Text,
        shift_date -> Date,
        note -> Text,
        written_by -> BigInt,
        written_at -> Timestamp,
        acked_by -> Nullable<BigInt>,
        acked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    shift_handover_lines (id) {
        id -> BigInt,
        handover_id -> BigInt,
        child_id -> BigInt,
        note -> Text,
    }
}

diesel::table! {
    shift_submissions (idem_key) {
        idem_key -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(shift_placements -> shift_units (unit_id));
diesel::joinable!(shift_roster -> shift_units (unit_id));
diesel::joinable!(shift_handover_lines -> shift_handovers (handover_id));

diesel::allow_tables_to_appear_in_same_query!(
    shift_units,
    shift_placements,
    shift_roster,
    shift_doses,
    shift_log,
    shift_handovers,
    shift_handover_lines,
    shift_submissions,
);

// caregiver shift: incidents (issue 15 point 6)
diesel::table! {
    shift_incidents (id) {
        id -> BigInt,
        institution_id -> BigInt,
        kind -> Text,
        occurred_at -> Timestamp,
        place -> Text,
        description -> Text,
        action_taken -> Text,
        serious -> Bool,
        staff_involved -> Bool,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
        reviewed_by -> Nullable<BigInt>,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    shift_incident_children (incident_id, child_id) {
        incident_id -> BigInt,
        child_id -> BigInt,
    }
}

diesel::table! {
    shift_incident_staff (incident_id, user_id) {
        incident_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::joinable!(shift_incident_children -> shift_incidents (incident_id));
diesel::joinable!(shift_incident_staff -> shift_incidents (incident_id));

diesel::allow_tables_to_appear_in_same_query!(
    shift_incidents,
    shift_incident_children,
    shift_incident_staff,
);

// caregiver shift: mandatory reports (issue 15 point 6)
diesel::table! {
    shift_reports (id) {
        id -> BigInt,
        incident_id -> BigInt,
        recipient -> Text,
        deadline_at -> Timestamp,
        escalated_at -> Nullable<Timestamp>,
        sent_by -> Nullable<BigInt>,
        sent_at -> Nullable<Timestamp>,
        sent_how -> Text,
        confirmed_by -> Nullable<BigInt>,
        confirmed_at -> Nullable<Timestamp>,
        receipt -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(shift_reports -> shift_incidents (incident_id));
diesel::allow_tables_to_appear_in_same_query!(shift_reports, shift_incidents);

// caregiver shift: a missing child found, and the reports' follow-up lines (issue 15 point 6)
diesel::table! {
    shift_incident_found (incident_id) {
        incident_id -> BigInt,
        found_at -> Timestamp,
        place -> Text,
        found_by -> Text,
        condition -> Text,
        medical_check -> Bool,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    shift_report_followups (id) {
        id -> BigInt,
        report_id -> BigInt,
        note -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(shift_incident_found -> shift_incidents (incident_id));
diesel::joinable!(shift_report_followups -> shift_reports (report_id));

// caregiver shift: care-plan tasks marked on the round (issue 15 point 2)
diesel::table! {
    shift_plan_marks (id) {
        id -> BigInt,
        institution_id -> BigInt,
        child_id -> BigInt,
        goal_id -> BigInt,
        day -> Date,
        done -> Bool,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

// caregiver shift: the body map and photos of an incident (issue 15 point 6)
diesel::table! {
    shift_incident_marks (id) {
        id -> BigInt,
        incident_id -> BigInt,
        child_id -> BigInt,
        side -> Text,
        region -> Text,
        kind -> Text,
        note -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
        supersedes -> Nullable<BigInt>,
        withdrawn_reason -> Nullable<Text>,
    }
}

diesel::table! {
    shift_incident_photos (id) {
        id -> BigInt,
        incident_id -> BigInt,
        sha256 -> Text,
        mime -> Text,
        size_bytes -> BigInt,
        original_name -> Text,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
    }
}

// caregiver shift: "found" corrected and photos withdrawn, the history kept (issue 15 point 6, session 8)
diesel::table! {
    shift_found_corrections (id) {
        id -> BigInt,
        incident_id -> BigInt,
        found_at -> Timestamp,
        place -> Text,
        found_by -> Text,
        condition -> Text,
        medical_check -> Bool,
        reason -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    shift_photo_withdrawals (photo_id) {
        photo_id -> BigInt,
        reason -> Text,
        withdrawn_by -> BigInt,
        withdrawn_at -> Timestamp,
    }
}
