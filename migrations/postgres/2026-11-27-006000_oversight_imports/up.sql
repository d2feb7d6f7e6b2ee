-- Excel imports of an institution's child list (issue 17 point 5): the uploaded file, kept with its
-- dry-run report until it is imported (or replaced by a new upload); an imported file is kept as the
-- record of what was taken in.
CREATE TABLE oversight_imports (
  id BIGSERIAL PRIMARY KEY,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  file_name TEXT NOT NULL,
  content BYTEA NOT NULL,
  rows_total INTEGER NOT NULL,
  rows_good INTEGER NOT NULL,
  report TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  imported_at TIMESTAMP,
  imported_count INTEGER NOT NULL DEFAULT 0,
  millis INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX oversight_imports_institution ON oversight_imports(institution_id);
