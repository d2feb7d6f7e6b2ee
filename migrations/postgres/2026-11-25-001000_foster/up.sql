-- Foster families (家庭寄养管理办法, issue 12 point 1): one record per applying family and institution;
-- its household members (Art 8(3)(4), Art 9, Art 12(1)). The stage column is the five-step path (FOS-14).
CREATE TABLE foster_families (
  id BIGSERIAL PRIMARY KEY,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  family_name TEXT NOT NULL,
  hukou_place TEXT NOT NULL,
  hukou_local BOOLEAN NOT NULL,
  residence_kind TEXT NOT NULL,
  fixed_residence BOOLEAN NOT NULL,
  area_dm2 BIGINT NOT NULL,
  address TEXT NOT NULL,
  income_per_capita_yuan BIGINT NOT NULL,
  caregiver_name TEXT NOT NULL,
  caregiver_birth_date DATE NOT NULL,
  caregiver_education TEXT NOT NULL,
  caregiver_healthy BOOLEAN NOT NULL,
  professional TEXT NOT NULL,
  volunteer BOOLEAN NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL,
  stage_note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX foster_families_institution ON foster_families(institution_id);
CREATE TABLE foster_members (
  id BIGSERIAL PRIMARY KEY,
  family_id BIGINT NOT NULL REFERENCES foster_families(id),
  name TEXT NOT NULL,
  relation TEXT NOT NULL,
  birth_date DATE NOT NULL,
  health TEXT NOT NULL DEFAULT '',
  education TEXT NOT NULL,
  occupation TEXT NOT NULL DEFAULT '',
  infectious_or_mental_illness BOOLEAN NOT NULL,
  criminal_record BOOLEAN NOT NULL,
  bad_habits BOOLEAN NOT NULL,
  consents BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX foster_members_family ON foster_members(family_id);
