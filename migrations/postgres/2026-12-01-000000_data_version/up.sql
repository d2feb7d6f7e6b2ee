-- The data version (db::version): one counter that every write transaction of the application moves,
-- inside the transaction, so it changes exactly when the data it guards changes. Cached aggregate
-- figures (the oversight dashboard, issue 17 point 7) are served only while it is unchanged. Writes
-- that record nothing but the audit log (views, failed logins) leave it alone.
CREATE TABLE data_version (
    id BIGINT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);
