-- A month's allowance roster filed as paid (issue 17 point 4; 基本生活费发放名册 报送): a frozen snapshot
-- of its lines, which later events do not change. One filing per institution and month: re-filing is
-- refused (docs/oversight.md "Yearly duties").
CREATE TABLE oversight_roster_filings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  month DATE NOT NULL,
  filed_by BIGINT NOT NULL REFERENCES users(id),
  filed_by_name TEXT NOT NULL,
  filed_at TIMESTAMP NOT NULL,
  paid INTEGER NOT NULL,
  total_yuan BIGINT NOT NULL,
  UNIQUE (institution_id, month)
);
CREATE TABLE oversight_roster_filed_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  filing_id BIGINT NOT NULL REFERENCES oversight_roster_filings(id),
  child_id BIGINT NOT NULL,
  archive_no TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  change_code TEXT NOT NULL,
  yuan BIGINT NOT NULL,
  previous_yuan BIGINT,
  discharge_reason TEXT
);
CREATE INDEX oversight_roster_filed_lines_filing ON oversight_roster_filed_lines(filing_id);
CREATE INDEX oversight_roster_filed_lines_child ON oversight_roster_filed_lines(child_id);
-- 应退未退 (seed 002): a paid line of a filed roster for a month after the child's discharge, adoption
-- or 18th birthday, resolved with a note by a supervisor. The items themselves are computed.
CREATE TABLE oversight_overpay_resolutions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  line_id BIGINT NOT NULL UNIQUE REFERENCES oversight_roster_filed_lines(id),
  resolved_by BIGINT NOT NULL REFERENCES users(id),
  resolved_by_name TEXT NOT NULL,
  resolved_at TIMESTAMP NOT NULL,
  note TEXT NOT NULL
);
