DROP INDEX shift_incident_marks_supersedes;
ALTER TABLE shift_incident_marks DROP COLUMN withdrawn_reason;
ALTER TABLE shift_incident_marks DROP COLUMN supersedes;
