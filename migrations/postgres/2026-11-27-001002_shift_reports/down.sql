DROP TABLE shift_reports;
