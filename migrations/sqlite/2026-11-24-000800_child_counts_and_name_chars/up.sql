-- Issue 11: a list's total without counting an institution's rows on every request, and a name search
-- in characters that reads an index range instead of every name in scope.

-- Children per institution and status, kept by triggers in the same transaction as the row's change.
CREATE TABLE child_counts (
    institution_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (institution_id, status)
) WITHOUT ROWID;
INSERT INTO child_counts (institution_id, status, n)
    SELECT institution_id, status, COUNT(*) FROM children GROUP BY institution_id, status;
CREATE TRIGGER child_counts_insert AFTER INSERT ON children BEGIN
    INSERT INTO child_counts (institution_id, status, n) VALUES (NEW.institution_id, NEW.status, 1)
        ON CONFLICT (institution_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER child_counts_delete AFTER DELETE ON children BEGIN
    UPDATE child_counts SET n = n - 1 WHERE institution_id = OLD.institution_id AND status = OLD.status;
END;
CREATE TRIGGER child_counts_move AFTER UPDATE OF institution_id, status ON children
    WHEN OLD.institution_id <> NEW.institution_id OR OLD.status <> NEW.status BEGIN
    UPDATE child_counts SET n = n - 1 WHERE institution_id = OLD.institution_id AND status = OLD.status;
    INSERT INTO child_counts (institution_id, status, n) VALUES (NEW.institution_id, NEW.status, 1)
        ON CONFLICT (institution_id, status) DO UPDATE SET n = n + 1;
END;

-- Each distinct character of a child's name and former names, and each pair of neighbouring characters,
-- with the child's institution (kept by the archive in the same transaction as the name or the
-- institution changes: src/archive/model/name_chars.rs has the same rule).
CREATE TABLE child_name_chars (
    ch TEXT NOT NULL,
    institution_id BIGINT NOT NULL,
    child_id BIGINT NOT NULL REFERENCES children (id),
    PRIMARY KEY (ch, institution_id, child_id)
) WITHOUT ROWID;
CREATE INDEX child_name_chars_child ON child_name_chars (child_id);
WITH RECURSIVE split (child_id, institution_id, rest, ch) AS (
    SELECT id, institution_id, legal_name || ' ' || former_names, '' FROM children
    UNION ALL
    SELECT child_id, institution_id, substr(rest, 2), substr(rest, 1, 2) FROM split WHERE rest <> ''
),
grams (g, institution_id, child_id) AS (
    SELECT substr(ch, 1, 1), institution_id, child_id FROM split
    WHERE unicode(substr(ch, 1, 1)) > 126 AND substr(ch, 1, 1) NOT IN (char(160), char(12288))
    UNION
    SELECT ch, institution_id, child_id FROM split
    WHERE length(ch) = 2
      AND unicode(substr(ch, 1, 1)) > 126 AND substr(ch, 1, 1) NOT IN (char(160), char(12288))
      AND unicode(substr(ch, 2, 1)) > 126 AND substr(ch, 2, 1) NOT IN (char(160), char(12288))
)
INSERT OR IGNORE INTO child_name_chars (ch, institution_id, child_id)
    SELECT g, institution_id, child_id FROM grams;
