DROP INDEX child_changes_field;
DROP INDEX children_discharges;
DROP INDEX children_intakes;
DROP INDEX children_stats;
