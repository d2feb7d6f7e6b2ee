DROP TABLE transfer_events;
DROP TABLE custody_property;
DROP TABLE transfer_items;
DROP TABLE transfer_children;
DROP TABLE transfer_batches;
DROP TABLE transfer_templates;
