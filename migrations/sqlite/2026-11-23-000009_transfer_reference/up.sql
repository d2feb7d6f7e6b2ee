-- The formal reference number of a transfer batch (农安移〔2026〕1号), given on first submission and
-- never changed: the text as printed, and its parts (issuer's short name, year, sequence).
ALTER TABLE transfer_batches ADD COLUMN reference TEXT;
ALTER TABLE transfer_batches ADD COLUMN reference_issuer TEXT;
ALTER TABLE transfer_batches ADD COLUMN reference_year INTEGER;
ALTER TABLE transfer_batches ADD COLUMN reference_seq INTEGER;
CREATE UNIQUE INDEX transfer_batches_reference ON transfer_batches(reference);
CREATE UNIQUE INDEX transfer_batches_reference_series ON transfer_batches(reference_issuer, reference_year, reference_seq);
