DROP TABLE care_appointments;
