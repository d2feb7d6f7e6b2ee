ALTER TABLE transfer_children DROP COLUMN hukou_confirmed_by;
ALTER TABLE transfer_children DROP COLUMN hukou_confirmed_ref;
ALTER TABLE transfer_children DROP COLUMN hukou_confirmed_on;
ALTER TABLE children DROP COLUMN xueji_no;
ALTER TABLE children DROP COLUMN school_grade;
ALTER TABLE children DROP COLUMN school_name;
ALTER TABLE transfer_items DROP COLUMN ledger_fen;
ALTER TABLE custody_property DROP COLUMN receipt_no;
