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

// --- adulthood (成年后安置, issue 16) ---

diesel::table! {
    adulthood_cases (id) {
        id -> BigInt,
        child_id -> BigInt,
        institution_id -> BigInt,
        deferral -> Text,
        deferral_detail -> Text,
        left_on -> Nullable<Date>,
        placed_pathway -> Text,
        discharged_on -> Nullable<Date>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_assessments (id) {
        id -> BigInt,
        case_id -> BigInt,
        assessed_on -> Date,
        assessor_kind -> Text,
        panel_members -> Text,
        labour_capacity -> Text,
        civil_capacity -> Text,
        self_care -> Text,
        mental_physical -> Text,
        education_skills -> Text,
        wishes -> Text,
        conclusion -> Text,
        proposed_pathway -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_plans (id) {
        id -> BigInt,
        case_id -> BigInt,
        pathway -> Text,
        steps -> Text,
        responsible_bodies -> Text,
        placement_on -> Date,
        transition_subsidy_yuan -> BigInt,
        settlement_yuan -> BigInt,
        rent_support_yuan -> BigInt,
        state -> Text,
        submitted_by -> Nullable<BigInt>,
        submitted_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_comment -> Text,
        version -> Integer,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_checklist (id) {
        id -> BigInt,
        case_id -> BigInt,
        item -> Text,
        confirmed_by_name -> Text,
        confirmed_on -> Date,
        note -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_followups (id) {
        id -> BigInt,
        case_id -> BigInt,
        contact_on -> Date,
        kind -> Text,
        note -> Text,
        concern -> Bool,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    adulthood_grants (id) {
        id -> BigInt,
        case_id -> BigInt,
        academic_year -> Text,
        term -> Text,
        school -> Text,
        level -> Text,
        enrolment_confirmed_on -> Date,
        amount_yuan -> BigInt,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(adulthood_assessments -> adulthood_cases (case_id));
diesel::joinable!(adulthood_plans -> adulthood_cases (case_id));
diesel::joinable!(adulthood_checklist -> adulthood_cases (case_id));
diesel::joinable!(adulthood_followups -> adulthood_cases (case_id));
diesel::joinable!(adulthood_grants -> adulthood_cases (case_id));

diesel::allow_tables_to_appear_in_same_query!(
    adulthood_cases,
    adulthood_assessments,
    adulthood_plans,
    adulthood_checklist,
    adulthood_followups,
    adulthood_grants,
);

// foster (issue 12)
diesel::table! {
    foster_families (id) {
        id -> BigInt,
        institution_id -> BigInt,
        family_name -> Text,
        hukou_place -> Text,
        hukou_local -> Bool,
        residence_kind -> Text,
        fixed_residence -> Bool,
        area_dm2 -> BigInt,
        address -> Text,
        income_per_capita_yuan -> BigInt,
        caregiver_name -> Text,
        caregiver_birth_date -> Date,
        caregiver_education -> Text,
        caregiver_healthy -> Bool,
        professional -> Text,
        volunteer -> Bool,
        phone -> Text,
        stage -> Text,
        stage_note -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    foster_members (id) {
        id -> BigInt,
        family_id -> BigInt,
        name -> Text,
        relation -> Text,
        birth_date -> Date,
        health -> Text,
        education -> Text,
        occupation -> Text,
        infectious_or_mental_illness -> Bool,
        criminal_record -> Bool,
        bad_habits -> Bool,
        consents -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    foster_steps (id) {
        id -> BigInt,
        family_id -> BigInt,
        kind -> Text,
        on_date -> Date,
        data -> Text,
        note -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    foster_placements (id) {
        id -> BigInt,
        family_id -> BigInt,
        child_id -> BigInt,
        open_child_id -> Nullable<BigInt>,
        institution_id -> BigInt,
        started_on -> Date,
        integration_until -> Date,
        child_opinion -> Text,
        child_consent -> Nullable<Bool>,
        ended_on -> Nullable<Date>,
        end_side -> Nullable<Text>,
        end_reason -> Nullable<Text>,
        end_note -> Text,
        counselling -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        version -> Integer,
        notice_received_on -> Nullable<Date>,
        wishes_to_adopt_on -> Nullable<Date>,
    }
}

diesel::joinable!(foster_members -> foster_families (family_id));
diesel::joinable!(foster_placements -> foster_families (family_id));
diesel::joinable!(foster_steps -> foster_families (family_id));

diesel::allow_tables_to_appear_in_same_query!(
    foster_families,
    foster_members,
    foster_steps,
    foster_placements,
);

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
// foster (issue 12, visits FOS-22): read on their own, never joined, so no allow_tables line.
diesel::table! {
    foster_visits (id) {
        id -> BigInt,
        placement_id -> BigInt,
        family_id -> BigInt,
        kind -> Text,
        visited_on -> Date,
        visitor -> Text,
        health -> Text,
        schooling -> Text,
        home -> Text,
        relationship -> Text,
        concerns -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

// foster (issue 12, short-term care FOS-17): read on its own, never joined.
diesel::table! {
    foster_short_stays (id) {
        id -> BigInt,
        placement_id -> BigInt,
        family_id -> BigInt,
        from_date -> Date,
        to_date -> Date,
        reason -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}
