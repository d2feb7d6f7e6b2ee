DROP TABLE shift_submissions;
DROP TABLE shift_handover_lines;
DROP TABLE shift_handovers;
DROP TABLE shift_log;
DROP TABLE shift_doses;
DROP TABLE shift_roster;
DROP TABLE shift_placements;
DROP TABLE shift_units;
