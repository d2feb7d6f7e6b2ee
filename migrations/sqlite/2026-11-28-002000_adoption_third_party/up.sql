-- Adoption (收养, issue 13 point 4): the commissioned third party's qualifications (收养评估办法 第7条):
-- its registration (统一社会信用代码), the three conditions the registrar attests (legal person, sound
-- organisation and management, business scope covering social investigation or assessment, with the
-- scope's wording) and its assessors (one per line: name, profession, qualification, years).
CREATE TABLE adoption_third_parties (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  assessment_id BIGINT NOT NULL UNIQUE REFERENCES adoption_assessments(id),
  credit_code TEXT NOT NULL,
  legal_person BOOLEAN NOT NULL,
  sound_management BOOLEAN NOT NULL,
  scope_covers BOOLEAN NOT NULL,
  business_scope TEXT NOT NULL,
  professionals TEXT NOT NULL
);
