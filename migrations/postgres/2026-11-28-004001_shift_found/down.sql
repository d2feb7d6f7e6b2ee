DROP TABLE shift_report_followups;
DROP TABLE shift_incident_found;
