-- Appointments outside the ward (issue 15 point 2b, issue 14): a hospital visit, a rehabilitation
-- session, a school meeting. Planned by medical staff, social workers and the head on the child's care
-- pages; shown on the caregiver's round at their time. starts_at is the ward's wall-clock time (China
-- Standard Time, as typed and as on the paper schedule). A cancellation keeps the row with its reason.
-- escort_user_id is a staff member of the institution; escort_text names anyone else (a volunteer, a
-- foster parent) — one of the two is given.
CREATE TABLE care_appointments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL,
  institution_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  starts_at TIMESTAMP NOT NULL,
  place TEXT NOT NULL,
  what TEXT NOT NULL,
  escort_user_id BIGINT REFERENCES users(id),
  escort_text TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  cancelled_by BIGINT REFERENCES users(id),
  cancelled_at TIMESTAMP,
  cancel_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX care_appointments_child ON care_appointments(child_id, starts_at);
CREATE INDEX care_appointments_institution ON care_appointments(institution_id, starts_at);
