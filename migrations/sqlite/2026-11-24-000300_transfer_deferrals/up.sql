-- Deferral of a child's transfer (seed 003 §3(1): 因学业等特殊情况不适合立即移交的儿童，应根据实际情况作出妥善
-- 安排; issue 10 point 14). One open deferral per child (open_child_id is unique and cleared when it ends).
CREATE TABLE transfer_deferrals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  open_child_id BIGINT UNIQUE,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  reason TEXT NOT NULL,
  review_date DATE NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP,
  ended_by BIGINT REFERENCES users(id),
  end_note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX transfer_deferrals_child ON transfer_deferrals(child_id);
