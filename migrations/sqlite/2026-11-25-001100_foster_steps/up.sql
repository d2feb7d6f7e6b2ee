-- The records of a family's five steps (家庭寄养管理办法 第12条, FOS-14): the assessment (with the
-- engine's result as of that day), the review decision and its 备案, each training session, the
-- agreement (FOS-15 fields) and a refusal with its reasons. data holds the step's structured form as JSON.
CREATE TABLE foster_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  family_id BIGINT NOT NULL REFERENCES foster_families(id),
  kind TEXT NOT NULL,
  on_date DATE NOT NULL,
  data TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX foster_steps_family ON foster_steps(family_id);
