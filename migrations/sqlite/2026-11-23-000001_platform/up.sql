CREATE TABLE divisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  level TEXT NOT NULL,
  parent_id BIGINT REFERENCES divisions(id)
);
CREATE TABLE institutions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  division_id BIGINT NOT NULL REFERENCES divisions(id),
  address TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  bed_capacity INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  email TEXT,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  institution_id BIGINT REFERENCES institutions(id),
  division_id BIGINT REFERENCES divisions(id),
  language TEXT NOT NULL DEFAULT 'zh-CN',
  active BOOLEAN NOT NULL DEFAULT 1,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TIMESTAMP,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  client_addr TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  last_seen_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  revoked_at TIMESTAMP
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  occurred_at TIMESTAMP NOT NULL,
  actor_id BIGINT,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  record_id TEXT,
  outcome TEXT NOT NULL,
  client_addr TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  row_hash TEXT NOT NULL
);
CREATE INDEX audit_log_resource ON audit_log(resource_type, record_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
CREATE TABLE policy_values (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  value TEXT NOT NULL,
  effective_from DATE NOT NULL,
  source TEXT NOT NULL,
  verified BOOLEAN NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  UNIQUE (key, jurisdiction, effective_from)
);
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dedupe_key TEXT NOT NULL UNIQUE,
  module TEXT NOT NULL,
  message_key TEXT NOT NULL,
  subject TEXT NOT NULL,
  link TEXT NOT NULL,
  institution_id BIGINT REFERENCES institutions(id),
  role TEXT,
  user_id BIGINT REFERENCES users(id),
  due_date DATE NOT NULL,
  status TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  closed_at TIMESTAMP
);
CREATE INDEX tasks_open ON tasks(status, institution_id);
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP NOT NULL,
  sent_at TIMESTAMP,
  failed_at TIMESTAMP,
  last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, failed_at, next_attempt_at);
CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_date DATE NOT NULL,
  started_at TIMESTAMP NOT NULL,
  tasks_opened INTEGER NOT NULL,
  tasks_closed INTEGER NOT NULL
);
