-- Matching (issue 12 point 4, FOS-23; 家庭寄养管理办法 第10条): whether the family's community has
-- rehabilitation, special-education and medical services within reach (recorded yes/no on the family
-- record), and the archive's sibling links (兄弟姐妹) so a sibling group is kept together.
ALTER TABLE foster_families ADD COLUMN near_rehab BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE foster_families ADD COLUMN near_special_education BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE foster_families ADD COLUMN near_medical BOOLEAN NOT NULL DEFAULT FALSE;
-- One row per recorded pair, the smaller child id first; a group is the pairs' closure.
CREATE TABLE child_siblings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id BIGINT NOT NULL REFERENCES children(id),
  sibling_id BIGINT NOT NULL REFERENCES children(id),
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL,
  UNIQUE (child_id, sibling_id),
  CHECK (child_id < sibling_id)
);
CREATE INDEX child_siblings_sibling ON child_siblings(sibling_id);
