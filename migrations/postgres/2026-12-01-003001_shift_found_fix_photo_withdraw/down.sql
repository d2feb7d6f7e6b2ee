DROP TABLE shift_photo_withdrawals;
DROP INDEX shift_found_corrections_incident;
DROP TABLE shift_found_corrections;
