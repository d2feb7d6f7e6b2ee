-- Adoption (收养, issue 13 points 4 and 6): the assessment (收养评估, ADP-19…ADP-24) with its assessors,
-- content findings and red flags; visits of the integration period (融合期) and after the adoption
-- (收养后回访); the end of an adoption by dissolution (解除, ADP-25) or revocation (撤销).
CREATE TABLE adoption_assessments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id BIGINT NOT NULL REFERENCES adoption_applications(id),
  mode TEXT NOT NULL,
  assessors TEXT NOT NULL,
  agency TEXT NOT NULL,
  agreement_ref TEXT NOT NULL,
  started_on DATE NOT NULL,
  conclusion TEXT,
  reasons TEXT NOT NULL,
  reported_on DATE,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  version INTEGER NOT NULL
);
CREATE UNIQUE INDEX adoption_assessments_application ON adoption_assessments(application_id);
CREATE TABLE adoption_assessment_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  assessment_id BIGINT NOT NULL REFERENCES adoption_assessments(id),
  kind TEXT NOT NULL,
  code TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX adoption_assessment_entries_assessment ON adoption_assessment_entries(assessment_id);
CREATE TABLE adoption_visits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id BIGINT NOT NULL REFERENCES adoption_applications(id),
  kind TEXT NOT NULL,
  visited_on DATE NOT NULL,
  visitor TEXT NOT NULL,
  notes TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX adoption_visits_application ON adoption_visits(application_id, kind);
ALTER TABLE adoption_applications ADD COLUMN ended_on DATE;
ALTER TABLE adoption_applications ADD COLUMN end_reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE adoption_applications ADD COLUMN refusal_rules TEXT NOT NULL DEFAULT '';
-- ADP-26 (issue 13 point 5): the adoption-secrecy restriction opens to the head and the registrar only.
UPDATE restriction_kinds SET allowed_roles = 'head,registrar'
  WHERE code = 'adoption-secrecy' AND allowed_roles = 'head,social-worker';
