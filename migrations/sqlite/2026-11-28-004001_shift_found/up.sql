-- A missing child recorded as found (issue 15 point 6, follow-up to RPT-01/RPT-05): when, where, by
-- whom, the child's condition and whether a medical check followed. One row per missing-child incident
-- (the primary key: found once); the incident's missing part is closed by it. Never deleted (RPT-03).
CREATE TABLE shift_incident_found (
  incident_id BIGINT PRIMARY KEY REFERENCES shift_incidents(id),
  found_at TIMESTAMP NOT NULL,
  place TEXT NOT NULL,
  found_by TEXT NOT NULL,
  condition TEXT NOT NULL,
  medical_check BOOLEAN NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
-- The follow-up line of a mandatory report already sent when the child was found (意见 第9条: the
-- handling is documented with the report; a notice goes through the outbox).
CREATE TABLE shift_report_followups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id BIGINT NOT NULL REFERENCES shift_reports(id),
  note TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX shift_report_followups_report ON shift_report_followups(report_id);
