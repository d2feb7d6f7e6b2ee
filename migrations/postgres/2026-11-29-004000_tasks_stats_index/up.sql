-- The dashboard's open and overdue task counts per module, message and institution (issue 17 point 1,
-- jobs::stats::open_tasks) read this index alone: at 100,000 bench children there are about 850,000
-- open tasks, and through `tasks_open` (status, institution) each count read every one of them
-- (SQLite: 737 ms → 99 ms per count).
CREATE INDEX tasks_stats ON tasks(status, module, message_key, institution_id, due_date);
