-- Incidents of the caregiver's shift (事件登记, issue 15 point 6; INC-01, RPT-01…06). An incident is
-- never deleted; the head's review closes the notification task. Incidents naming a staff member
-- (staff_involved) are visible only to the head and the supervisor.
CREATE TABLE shift_incidents (
  id BIGSERIAL PRIMARY KEY,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  kind TEXT NOT NULL,
  occurred_at TIMESTAMP NOT NULL,
  place TEXT NOT NULL,
  description TEXT NOT NULL,
  action_taken TEXT NOT NULL,
  serious BOOLEAN NOT NULL,
  staff_involved BOOLEAN NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TIMESTAMP NOT NULL,
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at TIMESTAMP
);
CREATE INDEX shift_incidents_institution ON shift_incidents(institution_id, occurred_at);

-- The children involved (at least one).
CREATE TABLE shift_incident_children (
  incident_id BIGINT NOT NULL REFERENCES shift_incidents(id),
  child_id BIGINT NOT NULL REFERENCES children(id),
  PRIMARY KEY (incident_id, child_id)
);
CREATE INDEX shift_incident_children_child ON shift_incident_children(child_id);

-- The staff members involved (users of the institution); any row makes the incident staff-involved.
CREATE TABLE shift_incident_staff (
  incident_id BIGINT NOT NULL REFERENCES shift_incidents(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (incident_id, user_id)
);
