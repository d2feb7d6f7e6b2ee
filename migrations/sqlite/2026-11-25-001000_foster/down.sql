DROP TABLE foster_members;
DROP TABLE foster_families;
