CREATE TABLE transfer_templates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL UNIQUE,
  items TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE transfer_batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sender_institution_id BIGINT NOT NULL REFERENCES institutions(id),
  receiver_institution_id BIGINT NOT NULL REFERENCES institutions(id),
  receiver_reason TEXT NOT NULL,
  state TEXT NOT NULL,
  state_reason TEXT NOT NULL,
  planned_date DATE NOT NULL,
  template_version INTEGER NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX transfer_batches_sides ON transfer_batches(sender_institution_id, receiver_institution_id, state);
CREATE TABLE transfer_children (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id BIGINT NOT NULL REFERENCES transfer_batches(id),
  child_id BIGINT NOT NULL REFERENCES children(id),
  open_child_id BIGINT UNIQUE,
  state TEXT NOT NULL,
  adaptation_plan TEXT NOT NULL,
  special_needs TEXT NOT NULL,
  sibling_note TEXT NOT NULL,
  child_opinion TEXT NOT NULL,
  hukou_moved BOOLEAN,
  hukou_new_place TEXT NOT NULL,
  hukou_keep_reason TEXT NOT NULL,
  new_school TEXT NOT NULL,
  allowance_from_month TEXT NOT NULL,
  completed_at TIMESTAMP,
  completed_by BIGINT REFERENCES users(id),
  version INTEGER NOT NULL,
  UNIQUE (batch_id, child_id)
);
CREATE TABLE transfer_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  transfer_child_id BIGINT NOT NULL REFERENCES transfer_children(id),
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  mandatory BOOLEAN NOT NULL,
  document_id BIGINT REFERENCES child_documents(id),
  state TEXT NOT NULL,
  sender_note TEXT NOT NULL,
  quantity TEXT NOT NULL,
  amount_fen BIGINT,
  receiver_note TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  updated_at TIMESTAMP NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX transfer_items_child ON transfer_items(transfer_child_id);
CREATE TABLE custody_property (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  account TEXT NOT NULL,
  amount_fen BIGINT NOT NULL,
  state TEXT NOT NULL,
  transfer_child_id BIGINT REFERENCES transfer_children(id),
  recorded_by BIGINT REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX custody_property_child ON custody_property(child_id, institution_id, state);
CREATE TABLE transfer_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id BIGINT NOT NULL REFERENCES transfer_batches(id),
  at TIMESTAMP NOT NULL,
  actor_id BIGINT REFERENCES users(id),
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX transfer_events_batch ON transfer_events(batch_id, at);
