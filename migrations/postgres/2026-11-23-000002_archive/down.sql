DROP TABLE archive_requests;
DROP TABLE child_restrictions;
DROP TABLE restriction_kinds;
DROP TABLE child_changes;
DROP TABLE child_entries;
DROP TABLE child_documents;
DROP TABLE archive_sequences;
DROP TABLE children;
