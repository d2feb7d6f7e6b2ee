DROP TABLE archive_notices;
