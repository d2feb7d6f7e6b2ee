-- Indexes for the oversight aggregates (issue 17 point 7, issue 11 deliverable 3): the dashboard and the
-- quarterly extract count children by GROUP BY; these let the database answer from narrow index entries
-- instead of reading every child's whole row.
CREATE INDEX children_stats ON children(status, institution_id, intake_category, sex, disability_type, birth_date);
CREATE INDEX children_intakes ON children(intake_date, institution_id, intake_category);
CREATE INDEX children_discharges ON children(discharge_date, institution_id, discharge_reason);
CREATE INDEX child_changes_field ON child_changes(field, changed_at);
