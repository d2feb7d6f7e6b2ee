-- Typed uploads of a foster family (issue 12 points 1, 5, 6): each household member's written consent
-- (全体家庭成员同意, 家庭寄养管理办法 第12条(一), FOS-13), the proofs of income, housing and health
-- filed with the application, other papers (户口簿, 身份证, 无犯罪记录证明), and a visit's photos.
-- The file lives in the archive's content-addressed store by its SHA-256; a move (搬家) supersedes the
-- housing proofs (superseded_at), so the new housing proof is asked for.
CREATE TABLE foster_documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  family_id BIGINT NOT NULL REFERENCES foster_families(id),
  member_id BIGINT REFERENCES foster_members(id),
  visit_id BIGINT REFERENCES foster_visits(id),
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  original_name TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  uploaded_at TIMESTAMP NOT NULL,
  superseded_at TIMESTAMP
);
CREATE INDEX foster_documents_family ON foster_documents(family_id, kind);
