DROP INDEX children_scope_initials;
DROP INDEX children_scope_pinyin;
