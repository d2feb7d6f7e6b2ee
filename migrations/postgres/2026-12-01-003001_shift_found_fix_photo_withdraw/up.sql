-- "Found" can be corrected and photos withdrawn (issue 15 point 6, session 8), keeping history: nothing
-- is updated or deleted (RPT-03: the handling records the police may ask for).
-- A correction of "found" is a new row with the corrected values and the required reason; the values in
-- force are the latest correction's, or the first record's (shift_incident_found) when there is none.
CREATE TABLE shift_found_corrections (
  id BIGSERIAL PRIMARY KEY,
  incident_id BIGINT NOT NULL REFERENCES shift_incident_found(incident_id),
  found_at TIMESTAMP NOT NULL,
  place TEXT NOT NULL,
  found_by TEXT NOT NULL,
  condition TEXT NOT NULL,
  medical_check BOOLEAN NOT NULL,
  reason TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX shift_found_corrections_incident ON shift_found_corrections(incident_id);
-- A photo withdrawn (uploaded by mistake): the photo's row and its stored file stay; this row (one per
-- photo, the primary key) says why, by whom and when. Only the head still sees and downloads it.
CREATE TABLE shift_photo_withdrawals (
  photo_id BIGINT PRIMARY KEY REFERENCES shift_incident_photos(id),
  reason TEXT NOT NULL,
  withdrawn_by BIGINT NOT NULL REFERENCES users(id),
  withdrawn_at TIMESTAMP NOT NULL
);
