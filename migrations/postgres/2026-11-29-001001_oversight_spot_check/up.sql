-- The yearly archive spot check (档案抽查, seed 002; issue 17 point 4): one check per division and year,
-- started by a supervisor; the seed of the draw is kept so the sample can be drawn again (docs/oversight.md).
CREATE TABLE oversight_spot_checks (
  id BIGSERIAL PRIMARY KEY,
  division_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  seed TEXT NOT NULL,
  drawn_on DATE NOT NULL,
  sample_percent INTEGER NOT NULL,
  sample_min INTEGER NOT NULL,
  started_by BIGINT NOT NULL REFERENCES users(id),
  started_by_name TEXT NOT NULL,
  started_at TIMESTAMP NOT NULL,
  completed_at TIMESTAMP,
  UNIQUE (division_id, year)
);
-- Per institution of the check: how many archives were in care on the draw day and how many were drawn.
CREATE TABLE oversight_spot_check_draws (
  id BIGSERIAL PRIMARY KEY,
  check_id BIGINT NOT NULL REFERENCES oversight_spot_checks(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  population INTEGER NOT NULL,
  sample_size INTEGER NOT NULL,
  UNIQUE (check_id, institution_id)
);
-- A sampled archive (in draw order) and when its checklist was completed.
CREATE TABLE oversight_spot_check_samples (
  id BIGSERIAL PRIMARY KEY,
  check_id BIGINT NOT NULL REFERENCES oversight_spot_checks(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  child_id BIGINT NOT NULL,
  archive_no TEXT NOT NULL,
  position INTEGER NOT NULL,
  checked_at TIMESTAMP,
  checked_by_name TEXT
);
CREATE INDEX oversight_spot_check_samples_check ON oversight_spot_check_samples(check_id);
CREATE INDEX oversight_spot_check_samples_inst ON oversight_spot_check_samples(institution_id);
-- An item of a sampled archive's checklist: ok, or a finding tracked to closed (the head records the
-- correction, the supervisor closes it).
CREATE TABLE oversight_spot_check_items (
  id BIGSERIAL PRIMARY KEY,
  sample_id BIGINT NOT NULL REFERENCES oversight_spot_check_samples(id),
  item TEXT NOT NULL,
  outcome TEXT NOT NULL,
  note TEXT NOT NULL,
  correction TEXT,
  corrected_by_name TEXT,
  corrected_at TIMESTAMP,
  closed_by_name TEXT,
  closed_at TIMESTAMP,
  UNIQUE (sample_id, item)
);
