CREATE TABLE children (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  archive_no TEXT NOT NULL UNIQUE,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  status TEXT NOT NULL,
  legal_name TEXT NOT NULL,
  name_provisional BOOLEAN NOT NULL,
  former_names TEXT NOT NULL,
  name_pinyin TEXT NOT NULL,
  name_initials TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date DATE NOT NULL,
  birth_date_estimated BOOLEAN NOT NULL,
  found_place TEXT NOT NULL,
  found_date DATE,
  found_by TEXT NOT NULL,
  police_report_no TEXT NOT NULL,
  ethnicity TEXT NOT NULL,
  hukou_status TEXT NOT NULL,
  hukou_place TEXT NOT NULL,
  id_number TEXT,
  disability_type TEXT NOT NULL,
  disability_grade INTEGER,
  disability_cert_no TEXT NOT NULL,
  health_at_intake TEXT NOT NULL,
  photo_document_id BIGINT,
  guardian_department TEXT NOT NULL,
  welfare_categories TEXT NOT NULL,
  allowance_category TEXT NOT NULL,
  intake_category TEXT NOT NULL,
  archive_class TEXT NOT NULL,
  case_type TEXT NOT NULL,
  intake_date DATE NOT NULL,
  admitted_by BIGINT NOT NULL REFERENCES users(id),
  responsible_user_id BIGINT REFERENCES users(id),
  discharge_date DATE,
  discharge_reason TEXT,
  discharge_note TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- Scope, order and the name columns in one index: a filtered list is answered from the index alone.
CREATE INDEX children_scope ON children(institution_id, status, archive_no, name_pinyin, name_initials, legal_name, former_names);
CREATE INDEX children_pinyin ON children(name_pinyin);
CREATE INDEX children_initials ON children(name_initials);
CREATE INDEX children_id_number ON children(id_number);
CREATE TABLE archive_sequences (
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  year INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (institution_id, year)
);
CREATE TABLE child_documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  section TEXT NOT NULL,
  doc_type TEXT NOT NULL,
  title TEXT NOT NULL,
  doc_date DATE,
  issuing_body TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  original_name TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  uploaded_at TIMESTAMP NOT NULL,
  superseded_by BIGINT REFERENCES child_documents(id),
  superseded_reason TEXT
);
CREATE INDEX child_documents_child ON child_documents(child_id, section);
CREATE TABLE child_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  section TEXT NOT NULL,
  entry_date DATE NOT NULL,
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  module TEXT NOT NULL,
  ref_id TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX child_entries_child ON child_entries(child_id, entry_date);
CREATE TABLE child_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  reason TEXT NOT NULL,
  changed_by BIGINT NOT NULL REFERENCES users(id),
  changed_at TIMESTAMP NOT NULL
);
CREATE INDEX child_changes_child ON child_changes(child_id, changed_at);
CREATE TABLE restriction_kinds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  hidden_sections TEXT NOT NULL,
  allowed_roles TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE child_restrictions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  kind_code TEXT NOT NULL,
  reason TEXT NOT NULL,
  set_by BIGINT NOT NULL REFERENCES users(id),
  set_at TIMESTAMP NOT NULL,
  cleared_at TIMESTAMP
);
CREATE INDEX child_restrictions_child ON child_restrictions(child_id);
CREATE TABLE archive_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  kind TEXT NOT NULL,
  purpose TEXT NOT NULL,
  requested_by BIGINT NOT NULL REFERENCES users(id),
  requested_at TIMESTAMP NOT NULL,
  status TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TIMESTAMP,
  decision_note TEXT NOT NULL
);
CREATE INDEX archive_requests_child ON archive_requests(child_id, status);
