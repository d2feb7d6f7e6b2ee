-- Care plans (养治教康 + 社会工作, issue 14). Records about children are never deleted: a plan version is
-- superseded, an order is stopped, a record is corrected by a new one.

-- The individual care plan (个性化抚养方案, seed 003 §2(1); CARE-01). A draft is edited by the social
-- worker, submitted to the head, returned with comments or approved; an approved plan gets its number
-- (1, 2, … per child) and never changes again: a revision is a new row based on it.
CREATE TABLE care_plans (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  number INTEGER,
  state TEXT NOT NULL,
  based_on BIGINT REFERENCES care_plans(id),
  summary TEXT NOT NULL DEFAULT '',
  drafted_by BIGINT NOT NULL REFERENCES users(id),
  drafted_at TIMESTAMP NOT NULL,
  submitted_on DATE,
  decided_by BIGINT REFERENCES users(id),
  decided_at TIMESTAMP,
  head_comment TEXT NOT NULL DEFAULT '',
  approved_on DATE,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX care_plans_child ON care_plans(child_id);

-- Goals of a plan, by part: daily (养育), medical (医疗), rehab (康复), education (教育), social (社会工作).
CREATE TABLE care_goals (
  id BIGSERIAL PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES care_plans(id),
  part TEXT NOT NULL,
  position INTEGER NOT NULL,
  goal TEXT NOT NULL,
  intervention TEXT NOT NULL,
  frequency TEXT NOT NULL,
  responsible TEXT NOT NULL,
  target_date DATE NOT NULL
);
CREATE INDEX care_goals_plan ON care_goals(plan_id);

-- Reviews of an approved plan, with progress per goal.
CREATE TABLE care_reviews (
  id BIGSERIAL PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES care_plans(id),
  child_id BIGINT NOT NULL REFERENCES children(id),
  reviewed_on DATE NOT NULL,
  note TEXT NOT NULL,
  reviewed_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_reviews_plan ON care_reviews(plan_id);
CREATE TABLE care_review_lines (
  id BIGSERIAL PRIMARY KEY,
  review_id BIGINT NOT NULL REFERENCES care_reviews(id),
  goal_id BIGINT NOT NULL REFERENCES care_goals(id),
  progress TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX care_review_lines_review ON care_review_lines(review_id);

-- Major events that call for a plan review (transfer, foster placement, hospitalisation, new diagnosis).
CREATE TABLE care_events (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  kind TEXT NOT NULL,
  occurred_on DATE NOT NULL,
  note TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_events_child ON care_events(child_id);

-- Periodic assessments (定期评估, seed 003 §2(1)): development, mental, illness, disability.
CREATE TABLE care_assessments (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL,
  instrument TEXT NOT NULL,
  score TEXT NOT NULL,
  level TEXT NOT NULL,
  narrative TEXT NOT NULL,
  assessor TEXT NOT NULL,
  assessed_on DATE NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_assessments_child ON care_assessments(child_id);

-- Clinic visits and hospitalisations; cost in fen.
CREATE TABLE care_medical (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL,
  started_on DATE NOT NULL,
  ended_on DATE,
  reason TEXT NOT NULL,
  diagnosis TEXT NOT NULL,
  icd10 TEXT NOT NULL,
  new_diagnosis BOOLEAN NOT NULL,
  treatment TEXT NOT NULL,
  cost_fen BIGINT,
  funding TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_medical_child ON care_medical(child_id);

-- Allergies and chronic conditions (the warning strip).
CREATE TABLE care_conditions (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP
);
CREATE INDEX care_conditions_child ON care_conditions(child_id);

-- Growth (GRW-01, GRW-03): millimetres and grams; z-scores ×100 with the standard and its version.
CREATE TABLE care_growth (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  measured_on DATE NOT NULL,
  height_mm INTEGER,
  weight_g INTEGER,
  head_mm INTEGER,
  measurer TEXT NOT NULL,
  standard TEXT NOT NULL,
  standard_version TEXT NOT NULL,
  wfa_z100 INTEGER,
  lhfa_z100 INTEGER,
  hcfa_z100 INTEGER,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_growth_child ON care_growth(child_id);

-- Medication orders (MAR-01: administration only against an active written order). The caregiver-shift
-- module records administration against these through src/care/interface.rs.
CREATE TABLE care_medication_orders (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  drug TEXT NOT NULL,
  dose TEXT NOT NULL,
  route TEXT NOT NULL,
  times TEXT NOT NULL,
  prn BOOLEAN NOT NULL,
  start_on DATE NOT NULL,
  end_on DATE,
  prescriber TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL,
  stopped_at TIMESTAMP,
  stopped_by BIGINT REFERENCES users(id)
);
CREATE INDEX care_medication_orders_child ON care_medication_orders(child_id);

-- Doses given (IMM-01, IMM-05).
CREATE TABLE care_immunisations (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  vaccine TEXT NOT NULL,
  dose INTEGER NOT NULL,
  given_on DATE NOT NULL,
  batch_no TEXT NOT NULL,
  clinic TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX care_immunisations_child ON care_immunisations(child_id);
