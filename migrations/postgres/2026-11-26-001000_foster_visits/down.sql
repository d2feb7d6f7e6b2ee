DROP TABLE foster_visits;
