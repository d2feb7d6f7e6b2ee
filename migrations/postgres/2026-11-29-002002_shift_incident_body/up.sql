-- The body map and photos of an incident (issue 15 point 6). They belong to the incident, not to the
-- child's archive: they are read exactly by those who may read the incident (a staff-involved one by
-- the head and the supervisor only); the archive entry keeps the kind and the register's number only.
-- A mark: one region of one side of the figure, the kind seen and a short note (BODY-01), per child.
-- Nothing is deleted (RPT-03: the handling records the police may ask for).
CREATE TABLE shift_incident_marks (
  id BIGSERIAL PRIMARY KEY,
  incident_id BIGINT NOT NULL REFERENCES shift_incidents(id),
  child_id BIGINT NOT NULL,
  side TEXT NOT NULL,
  region TEXT NOT NULL,
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX shift_incident_marks_incident ON shift_incident_marks(incident_id);
-- A photo: the file is in the archive's content-addressed store (by SHA-256, kept by the backup
-- through modules::STORED_FILES); JPEG or PNG, checked by the archive's upload checks.
CREATE TABLE shift_incident_photos (
  id BIGSERIAL PRIMARY KEY,
  incident_id BIGINT NOT NULL REFERENCES shift_incidents(id),
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  original_name TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users(id),
  uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX shift_incident_photos_incident ON shift_incident_photos(incident_id);
