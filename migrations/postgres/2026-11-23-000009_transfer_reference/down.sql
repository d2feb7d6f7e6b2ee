DROP INDEX transfer_batches_reference_series;
DROP INDEX transfer_batches_reference;
ALTER TABLE transfer_batches DROP COLUMN reference_seq;
ALTER TABLE transfer_batches DROP COLUMN reference_year;
ALTER TABLE transfer_batches DROP COLUMN reference_issuer;
ALTER TABLE transfer_batches DROP COLUMN reference;
