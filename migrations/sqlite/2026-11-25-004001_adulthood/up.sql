-- Adulthood placement (成年后安置, issue 16). One case per young person (opened with the first record:
-- a deferral, an assessment); assessments, the one-person plan (一人一案) with its approval, the
-- leaving-care checklist, follow-up contacts and 福彩圆梦 grant lines hang off the case.
-- adulthood_cases.deferral (ADU-02): '' (none), 'study' or 'military', with the school or unit and the
-- day they left (NULL: still there); placed_pathway and discharged_on are set at discharge.
CREATE TABLE adulthood_cases (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL UNIQUE REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  deferral TEXT NOT NULL DEFAULT '',
  deferral_detail TEXT NOT NULL DEFAULT '',
  left_on DATE,
  placed_pathway TEXT NOT NULL DEFAULT '',
  discharged_on DATE,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE adulthood_assessments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id BIGINT NOT NULL REFERENCES adulthood_cases(id),
  assessed_on DATE NOT NULL,
  assessor_kind TEXT NOT NULL,
  panel_members TEXT NOT NULL DEFAULT '',
  labour_capacity TEXT NOT NULL,
  civil_capacity TEXT NOT NULL,
  self_care TEXT NOT NULL,
  mental_physical TEXT NOT NULL,
  education_skills TEXT NOT NULL,
  wishes TEXT NOT NULL,
  conclusion TEXT NOT NULL,
  proposed_pathway TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX adulthood_assessments_case ON adulthood_assessments(case_id);
CREATE TABLE adulthood_plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id BIGINT NOT NULL REFERENCES adulthood_cases(id),
  pathway TEXT NOT NULL,
  steps TEXT NOT NULL,
  responsible_bodies TEXT NOT NULL,
  placement_on DATE NOT NULL,
  transition_subsidy_yuan BIGINT NOT NULL DEFAULT 0,
  settlement_yuan BIGINT NOT NULL DEFAULT 0,
  rent_support_yuan BIGINT NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  submitted_by BIGINT REFERENCES users(id),
  submitted_at TIMESTAMP,
  decided_by BIGINT REFERENCES users(id),
  decided_at TIMESTAMP,
  decision_comment TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX adulthood_plans_case ON adulthood_plans(case_id);
CREATE TABLE adulthood_checklist (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id BIGINT NOT NULL REFERENCES adulthood_cases(id),
  item TEXT NOT NULL,
  confirmed_by_name TEXT NOT NULL,
  confirmed_on DATE NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL,
  UNIQUE (case_id, item)
);
CREATE TABLE adulthood_followups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id BIGINT NOT NULL REFERENCES adulthood_cases(id),
  contact_on DATE NOT NULL,
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  concern BOOLEAN NOT NULL DEFAULT FALSE,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX adulthood_followups_case ON adulthood_followups(case_id);
CREATE TABLE adulthood_grants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id BIGINT NOT NULL REFERENCES adulthood_cases(id),
  academic_year TEXT NOT NULL,
  term TEXT NOT NULL,
  school TEXT NOT NULL,
  level TEXT NOT NULL,
  enrolment_confirmed_on DATE NOT NULL,
  amount_yuan BIGINT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX adulthood_grants_case ON adulthood_grants(case_id);
