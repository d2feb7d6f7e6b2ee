-- The caregiver's shift (护理员的班次, issue 15). Records about children are never deleted: a log entry
-- is corrected by a new row that supersedes it; a dose is marked once.

-- Living units (家庭式养育单元, seed 003): name, kind, capacity (CARE-06: no legal default).
CREATE TABLE shift_units (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX shift_units_institution ON shift_units(institution_id);

-- A child's unit and bed; the open row (until_at NULL) is the current one, older rows are history.
CREATE TABLE shift_placements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  unit_id BIGINT NOT NULL REFERENCES shift_units(id),
  bed TEXT NOT NULL,
  from_at TIMESTAMP NOT NULL,
  until_at TIMESTAMP,
  placed_by BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX shift_placements_child ON shift_placements(child_id);
CREATE INDEX shift_placements_unit ON shift_placements(unit_id);

-- The roster (CARE-03): a caregiver on a unit for one shift of one day.
CREATE TABLE shift_roster (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id BIGINT NOT NULL REFERENCES shift_units(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  shift_date DATE NOT NULL,
  shift TEXT NOT NULL,
  UNIQUE (user_id, shift_date, shift)
);
CREATE INDEX shift_roster_unit ON shift_roster(unit_id, shift_date);

-- Medication administration record (MAR-02): one row per scheduled dose marked (due_at = its local
-- time) or per PRN dose given (due_at NULL). recorded_by NULL: marked missed by the system (MAR-03).
CREATE TABLE shift_doses (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  child_id BIGINT NOT NULL REFERENCES children(id),
  order_id BIGINT NOT NULL REFERENCES care_medication_orders(id),
  due_at TIMESTAMP,
  given_at TIMESTAMP NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL,
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at TIMESTAMP
);
CREATE UNIQUE INDEX shift_doses_scheduled ON shift_doses(order_id, due_at);
CREATE INDEX shift_doses_child ON shift_doses(child_id, given_at);

-- Daily care log (CARE-05, MZ/T 208-2024): one observation per row; a correction is a new row naming
-- the one it replaces (supersedes), which stays.
CREATE TABLE shift_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  child_id BIGINT NOT NULL REFERENCES children(id),
  day DATE NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL DEFAULT '',
  temperature INTEGER,
  note TEXT NOT NULL DEFAULT '',
  supersedes BIGINT REFERENCES shift_log(id),
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX shift_log_child ON shift_log(child_id, day);

-- Shift handover (交接班): the unit's note and a note per child; acknowledged by the next shift.
CREATE TABLE shift_handovers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id BIGINT NOT NULL REFERENCES shift_units(id),
  shift TEXT NOT NULL,
  shift_date DATE NOT NULL,
  note TEXT NOT NULL,
  written_by BIGINT NOT NULL REFERENCES users(id),
  written_at TIMESTAMP NOT NULL,
  acked_by BIGINT REFERENCES users(id),
  acked_at TIMESTAMP
);
CREATE INDEX shift_handovers_unit ON shift_handovers(unit_id, shift_date);
CREATE TABLE shift_handover_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  handover_id BIGINT NOT NULL REFERENCES shift_handovers(id),
  child_id BIGINT NOT NULL REFERENCES children(id),
  note TEXT NOT NULL
);
CREATE INDEX shift_handover_lines_handover ON shift_handover_lines(handover_id);

-- Idempotency keys of submitted forms (issue 15 point 8): a form carries a random key; the first
-- submission stores it in the same transaction as what it records, a repeat finds it and records nothing.
CREATE TABLE shift_submissions (
  idem_key TEXT PRIMARY KEY NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
