DROP TABLE child_siblings;
ALTER TABLE foster_families DROP COLUMN near_medical;
ALTER TABLE foster_families DROP COLUMN near_special_education;
ALTER TABLE foster_families DROP COLUMN near_rehab;
