DROP TABLE shift_incident_staff;
DROP TABLE shift_incident_children;
DROP TABLE shift_incidents;
