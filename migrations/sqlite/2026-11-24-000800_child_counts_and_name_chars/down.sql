DROP TABLE child_name_chars;
DROP TRIGGER child_counts_move;
DROP TRIGGER child_counts_delete;
DROP TRIGGER child_counts_insert;
DROP TABLE child_counts;
