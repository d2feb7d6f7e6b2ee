DROP TABLE shift_incident_photos;
DROP TABLE shift_incident_marks;
