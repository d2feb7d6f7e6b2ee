-- Issue 11: a pinyin or initials search is a range read within the institution's active children
-- (institution, status, name form), not a walk of every index entry of the institution.
-- `text_pattern_ops`: the search is `LIKE 'prefix%'`, which a plain b-tree serves only under the C
-- collation; with this operator class it does under any collation (C.UTF-8, zh_CN.UTF-8 …).
CREATE INDEX children_scope_pinyin ON children(institution_id, status, name_pinyin text_pattern_ops);
CREATE INDEX children_scope_initials ON children(institution_id, status, name_initials text_pattern_ops);
