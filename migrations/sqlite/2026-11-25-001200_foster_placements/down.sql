DROP TABLE foster_placements;
