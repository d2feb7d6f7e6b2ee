-- Issue 11: a pinyin or initials search is a range read within the institution's active children
-- (institution, status, name form), not a walk of every index entry of the institution.
CREATE INDEX children_scope_pinyin ON children(institution_id, status, name_pinyin);
CREATE INDEX children_scope_initials ON children(institution_id, status, name_initials);
