-- Adoption (收养, issue 13): the placing institution's adoptability marking, the registrar's
-- applications and their applicants.
CREATE TABLE adoption_availability (
  id BIGSERIAL PRIMARY KEY,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  category TEXT NOT NULL,
  basis TEXT NOT NULL,
  notice_start DATE,
  notice_medium TEXT NOT NULL,
  notice_result TEXT NOT NULL,
  trafficked BOOLEAN NOT NULL,
  entered_care DATE,
  police_certificate DATE,
  marked_by BIGINT NOT NULL REFERENCES users(id),
  marked_at TIMESTAMP NOT NULL,
  withdrawn_at TIMESTAMP,
  version INTEGER NOT NULL
);
CREATE INDEX adoption_availability_child ON adoption_availability(child_id);
CREATE INDEX adoption_availability_institution ON adoption_availability(institution_id);
CREATE TABLE adoption_applications (
  id BIGSERIAL PRIMARY KEY,
  bureau_id BIGINT NOT NULL REFERENCES institutions(id),
  child_id BIGINT NOT NULL REFERENCES children(id),
  placing_institution_id BIGINT NOT NULL REFERENCES institutions(id),
  state TEXT NOT NULL,
  received_on DATE NOT NULL,
  married BOOLEAN NOT NULL,
  spouse_joins BOOLEAN NOT NULL,
  relation TEXT NOT NULL,
  child_consent BOOLEAN,
  prior_adoptions INTEGER NOT NULL,
  integration_start DATE,
  certificate_no TEXT,
  decided_on DATE,
  refusal_reasons TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX adoption_applications_bureau ON adoption_applications(bureau_id, state);
CREATE INDEX adoption_applications_placing ON adoption_applications(placing_institution_id);
CREATE TABLE adoption_applicants (
  id BIGSERIAL PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES adoption_applications(id),
  name TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date DATE NOT NULL,
  children_count INTEGER NOT NULL,
  disqualifying_disease BOOLEAN NOT NULL,
  harmful_record BOOLEAN NOT NULL,
  able_to_raise BOOLEAN NOT NULL,
  overseas_chinese BOOLEAN NOT NULL,
  foreign_national BOOLEAN NOT NULL,
  attended BOOLEAN NOT NULL
);
CREATE INDEX adoption_applicants_application ON adoption_applicants(application_id);
