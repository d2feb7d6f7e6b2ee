UPDATE restriction_kinds SET allowed_roles = 'head,social-worker'
  WHERE code = 'adoption-secrecy' AND allowed_roles = 'head,registrar';
ALTER TABLE adoption_applications DROP COLUMN refusal_rules;
ALTER TABLE adoption_applications DROP COLUMN end_reasons;
ALTER TABLE adoption_applications DROP COLUMN ended_on;
DROP TABLE adoption_visits;
DROP TABLE adoption_assessment_entries;
DROP TABLE adoption_assessments;
