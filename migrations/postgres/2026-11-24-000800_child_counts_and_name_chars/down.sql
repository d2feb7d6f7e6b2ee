DROP INDEX children_archive_no_pattern;
DROP TABLE child_name_chars;
DROP TRIGGER child_counts_move ON children;
DROP TRIGGER child_counts_insert_delete ON children;
DROP FUNCTION child_counts_track();
DROP TABLE child_counts;
