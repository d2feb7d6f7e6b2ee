-- Issue 11: a list's total without counting an institution's rows on every request, and a name search
-- in characters that reads an index range instead of every name in scope.

-- Children per institution and status, kept by a trigger in the same transaction as the row's change.
CREATE TABLE child_counts (
    institution_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (institution_id, status)
);
INSERT INTO child_counts (institution_id, status, n)
    SELECT institution_id, status, COUNT(*) FROM children GROUP BY institution_id, status;
CREATE FUNCTION child_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE child_counts SET n = n - 1
            WHERE institution_id = OLD.institution_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO child_counts (institution_id, status, n) VALUES (NEW.institution_id, NEW.status, 1)
            ON CONFLICT (institution_id, status) DO UPDATE SET n = child_counts.n + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER child_counts_insert_delete AFTER INSERT OR DELETE ON children
    FOR EACH ROW EXECUTE FUNCTION child_counts_track();
CREATE TRIGGER child_counts_move AFTER UPDATE OF institution_id, status ON children
    FOR EACH ROW WHEN (OLD.institution_id IS DISTINCT FROM NEW.institution_id
                       OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION child_counts_track();

-- Each distinct character of a child's name and former names, and each pair of neighbouring characters,
-- with the child's institution (kept by the archive in the same transaction as the name or the
-- institution changes: src/archive/model/name_chars.rs has the same rule).
CREATE TABLE child_name_chars (
    ch TEXT NOT NULL,
    institution_id BIGINT NOT NULL,
    child_id BIGINT NOT NULL REFERENCES children (id),
    PRIMARY KEY (ch, institution_id, child_id)
);
CREATE INDEX child_name_chars_child ON child_name_chars (child_id);
INSERT INTO child_name_chars (ch, institution_id, child_id)
    SELECT DISTINCT v.g, t.institution_id, t.id
    FROM (
        SELECT c.id, c.institution_id, s.ch,
               lead(s.ch) OVER (PARTITION BY c.id ORDER BY s.n) AS nx
        FROM children c,
             regexp_split_to_table(c.legal_name || ' ' || c.former_names, '') WITH ORDINALITY AS s (ch, n)
    ) t,
    LATERAL (VALUES (t.ch), (t.ch || t.nx)) AS v (g)
    WHERE ascii(t.ch) > 126 AND t.ch NOT IN (chr(160), chr(12288))
      AND (length(v.g) = 1 OR (ascii(t.nx) > 126 AND t.nx NOT IN (chr(160), chr(12288))))
    ON CONFLICT DO NOTHING;

-- The archive-number search reads a prefix (issue 11): LIKE 'CC-CWI-2026-0%' as an index range under any
-- collation.
CREATE INDEX children_archive_no_pattern ON children (archive_no text_pattern_ops);
