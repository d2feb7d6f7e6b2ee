-- Body-map marks can be corrected or withdrawn (issue 15 point 6, session 7), keeping history: nothing
-- is updated or deleted (RPT-03). A correction is a new mark naming the mark it replaces
-- (`supersedes`); a withdrawal is a new row naming the withdrawn mark, a copy of its place and kind,
-- with the reason (`withdrawn_reason`). A mark is in force while no row supersedes it. The unique
-- index lets a mark be replaced once: of two simultaneous corrections the second is refused.
ALTER TABLE shift_incident_marks ADD COLUMN supersedes BIGINT NULL REFERENCES shift_incident_marks(id);
ALTER TABLE shift_incident_marks ADD COLUMN withdrawn_reason TEXT NULL;
CREATE UNIQUE INDEX shift_incident_marks_supersedes ON shift_incident_marks(supersedes);
