-- Care records, second part (issue 14 points 4–6): rehabilitation sessions, targets and assistive
-- devices; school placements, term results and individual education goals; social work. Records about
-- children are never deleted; a placement is ended, a later record corrects an earlier one.

-- Rehabilitation sessions (康复训练): therapist, date, minutes, activity, progress.
CREATE TABLE care_rehab_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  therapist TEXT NOT NULL,
  held_on DATE NOT NULL,
  minutes INTEGER NOT NULL,
  activity TEXT NOT NULL,
  progress TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_rehab_sessions_child ON care_rehab_sessions(child_id, held_on);

-- The monthly rehabilitation minutes the plan sets for a child, from a month on (the latest applies).
CREATE TABLE care_rehab_targets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  monthly_minutes INTEGER NOT NULL,
  from_on DATE NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_rehab_targets_child ON care_rehab_targets(child_id);

-- Assistive devices (辅具): issued, size, next check.
CREATE TABLE care_devices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  device TEXT NOT NULL,
  size TEXT NOT NULL,
  issued_on DATE NOT NULL,
  next_check_on DATE,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_devices_child ON care_devices(child_id);

-- School placements (就学安置, seed 004 纳入学籍管理): kindergarten, regular school, special-education
-- school, 送教上门, none; school, grade, 学籍 number, dates. The open placement (no end) is the current one.
CREATE TABLE care_school (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL,
  school TEXT NOT NULL,
  grade TEXT NOT NULL,
  xueji_no TEXT NOT NULL,
  start_on DATE NOT NULL,
  end_on DATE,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_school_child ON care_school(child_id);

-- Term results (学期成绩) and individual education goals (个别化教育目标) of a child.
CREATE TABLE care_school_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  body TEXT NOT NULL,
  on_date DATE NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_school_records_child ON care_school_records(child_id);

-- Social work (社会工作): case notes, counselling, family tracing (寻亲), relatives' visits, and the
-- child's own wishes in the child's words.
CREATE TABLE care_social (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL,
  held_on DATE NOT NULL,
  summary TEXT NOT NULL,
  follow_up TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_social_child ON care_social(child_id, held_on);
