-- A care-plan task on the round marked done / not done (issue 15 point 2): one row per tap, with who
-- and when; the latest row of a (goal, day) is in force, earlier ones stay (nothing is deleted).
-- goal_id is the care plan goal's id, read through care::interface_round (no foreign key into the care
-- module's tables: modules reach each other only through their interfaces).
CREATE TABLE shift_plan_marks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  institution_id BIGINT NOT NULL,
  child_id BIGINT NOT NULL,
  goal_id BIGINT NOT NULL,
  day DATE NOT NULL,
  done BOOLEAN NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX shift_plan_marks_child_day ON shift_plan_marks(child_id, day);
