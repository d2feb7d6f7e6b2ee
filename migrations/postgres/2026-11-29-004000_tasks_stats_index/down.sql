DROP INDEX tasks_stats;
