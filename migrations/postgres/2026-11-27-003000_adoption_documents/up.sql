-- Adoption (收养, issue 13 point 2, ADP-18): the applicants' documents (登记办法 第6条) uploaded as typed
-- files on the application. Files live in the archive's content-addressed store (by SHA-256); a newer
-- upload of the same kind supersedes the older one for the checklist, nothing is deleted.
CREATE TABLE adoption_documents (
  id BIGSERIAL PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES adoption_applications(id),
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  original_name TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX adoption_documents_application ON adoption_documents(application_id, kind);
