DROP TABLE foster_steps;
