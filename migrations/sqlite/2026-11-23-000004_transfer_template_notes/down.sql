ALTER TABLE transfer_templates DROP COLUMN note;
