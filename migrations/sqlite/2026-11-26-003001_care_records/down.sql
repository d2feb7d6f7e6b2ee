DROP TABLE care_social;
DROP TABLE care_school_records;
DROP TABLE care_school;
DROP TABLE care_devices;
DROP TABLE care_rehab_targets;
DROP TABLE care_rehab_sessions;
