-- Issue 10 point 18 (ARC-05): an approved borrow or copy request (借阅/复制) is valid until a date
-- the head sets when approving; print and download by anyone outside the holding institution's own
-- staff need an approved request that has not expired.
ALTER TABLE archive_requests ADD COLUMN valid_until DATE;
