DROP TABLE foster_short_stays;
ALTER TABLE foster_placements DROP COLUMN wishes_to_adopt_on;
ALTER TABLE foster_placements DROP COLUMN notice_received_on;
