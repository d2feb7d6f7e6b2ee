-- Issue 10 point 10: the custody ledger (代管财产, 民法典 第35条) records withdrawals (negative amounts,
-- kind 'withdrawal', the purpose in description) and the receipt number of each line.
ALTER TABLE custody_property ADD COLUMN receipt_no TEXT NOT NULL DEFAULT '';
-- The checklist's custody line keeps the ledger balance it was reconciled against; a counted amount
-- that differs is a recorded discrepancy (both amounts and the reason in the sender's note).
ALTER TABLE transfer_items ADD COLUMN ledger_fen BIGINT;
-- Issue 10 point 19: structured school data (学籍) on the child, carried with the archive.
ALTER TABLE children ADD COLUMN school_name TEXT NOT NULL DEFAULT '';
ALTER TABLE children ADD COLUMN school_grade TEXT NOT NULL DEFAULT '';
ALTER TABLE children ADD COLUMN xueji_no TEXT NOT NULL DEFAULT '';
-- Hukou moved (户随人走): confirmed after completion with the date and the police station or reference.
ALTER TABLE transfer_children ADD COLUMN hukou_confirmed_on DATE;
ALTER TABLE transfer_children ADD COLUMN hukou_confirmed_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE transfer_children ADD COLUMN hukou_confirmed_by BIGINT;
