-- Visits to a placed child (issue 12 point 6, FOS-22 定期探访): scheduled visits on the policy interval,
-- event visits, and the review at the end of the integration period (FOS-16). The next scheduled visit
-- is due one policy interval after the latest visit (or the placement's start); an overdue one becomes a
-- task (src/foster/jobs.rs).
CREATE TABLE foster_visits (
  id BIGSERIAL PRIMARY KEY,
  placement_id BIGINT NOT NULL REFERENCES foster_placements(id),
  family_id BIGINT NOT NULL REFERENCES foster_families(id),
  kind TEXT NOT NULL,
  visited_on DATE NOT NULL,
  visitor TEXT NOT NULL,
  health TEXT NOT NULL,
  schooling TEXT NOT NULL,
  home TEXT NOT NULL,
  relationship TEXT NOT NULL,
  concerns TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX foster_visits_placement ON foster_visits(placement_id, visited_on);
CREATE INDEX foster_visits_family ON foster_visits(family_id);
