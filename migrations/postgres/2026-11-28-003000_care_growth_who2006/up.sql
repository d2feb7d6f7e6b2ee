-- Care (issue 14, GRW-01/03): the WHO Child Growth Standards 2006 as a second view beside the primary
-- standard of each growth check (WS/T 423-2022 under 7), for checks at 0–60 months; the standard and
-- its version are stored with the z-scores (×100), as on care_growth.
CREATE TABLE care_growth_who2006 (
  growth_id BIGINT PRIMARY KEY REFERENCES care_growth(id),
  standard TEXT NOT NULL,
  standard_version TEXT NOT NULL,
  wfa_z100 INTEGER,
  lhfa_z100 INTEGER,
  hcfa_z100 INTEGER,
  bmi_z100 INTEGER,
  wfl_z100 INTEGER
);
