ALTER TABLE archive_requests DROP COLUMN valid_until;
