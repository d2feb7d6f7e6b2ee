-- Notices the archive raises for someone who must act (issue 10 points 7, 15, 21): an ID number that
-- another institution holds (to that institution's head and the supervisor), a county intake recorded
-- as an exception to TRF-01 (to the supervisor), a document file missing from the store (to the admin).
-- Each open notice is a task on the addressee's home page until they mark it handled.
CREATE TABLE archive_notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  institution_id BIGINT REFERENCES institutions(id),
  role TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  closed_at TIMESTAMP,
  closed_by BIGINT REFERENCES users(id)
);
CREATE INDEX archive_notices_open ON archive_notices(closed_at, dedupe_key);
