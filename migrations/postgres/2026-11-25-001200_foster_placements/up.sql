-- A child placed with a foster family (issue 12 points 4, 5, 8): the integration period's end (FOS-16),
-- the child's opinion (from 8) and consent (from the policy age, FOS-12), and how the placement ended
-- (FOS-19/20/21, or the child's discharge, e.g. adoption). open_child_id is the child while the placement
-- is open (unique: one open placement per child) and cleared when it ends.
CREATE TABLE foster_placements (
  id BIGSERIAL PRIMARY KEY,
  family_id BIGINT NOT NULL REFERENCES foster_families(id),
  child_id BIGINT NOT NULL REFERENCES children(id),
  open_child_id BIGINT UNIQUE,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  started_on DATE NOT NULL,
  integration_until DATE NOT NULL,
  child_opinion TEXT NOT NULL DEFAULT '',
  child_consent BOOLEAN,
  ended_on DATE,
  end_side TEXT,
  end_reason TEXT,
  end_note TEXT NOT NULL DEFAULT '',
  counselling TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX foster_placements_family ON foster_placements(family_id);
CREATE INDEX foster_placements_child ON foster_placements(child_id);
