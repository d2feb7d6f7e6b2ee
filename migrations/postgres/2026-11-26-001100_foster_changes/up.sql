-- Changes during a placement (issue 12 points 7, 8): the day the family's written notice to end was
-- received (FOS-21), the day the family said it wishes to adopt its foster child (FOS-24 priority),
-- and short-term care periods back at the institution (FOS-17).
ALTER TABLE foster_placements ADD COLUMN notice_received_on DATE;
ALTER TABLE foster_placements ADD COLUMN wishes_to_adopt_on DATE;
CREATE TABLE foster_short_stays (
  id BIGSERIAL PRIMARY KEY,
  placement_id BIGINT NOT NULL REFERENCES foster_placements(id),
  family_id BIGINT NOT NULL REFERENCES foster_families(id),
  from_date DATE NOT NULL,
  to_date DATE NOT NULL,
  reason TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX foster_short_stays_placement ON foster_short_stays(placement_id);
