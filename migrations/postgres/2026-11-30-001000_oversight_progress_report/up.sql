-- The yearly progress report (工作进展情况报告, seed 003: 每年11月底前将工作进展情况报送; issue 17 point 4):
-- one per division and year, drafted from the year's figures by the division's supervisor, edited section
-- by section, then filed (报送) — a filed report never changes (docs/oversight.md, "Progress report").
-- figures_as_of is the last day the figures count (1 January to it); figures, frozen at filing, a JSON array
-- of {code, label, value} in the author's language.
CREATE TABLE oversight_progress_reports (
  id BIGSERIAL PRIMARY KEY,
  division_id BIGINT NOT NULL REFERENCES divisions(id),
  year INTEGER NOT NULL,
  figures_as_of DATE NOT NULL,
  figures TEXT NOT NULL,
  drafted_by BIGINT NOT NULL REFERENCES users(id),
  drafted_by_name TEXT NOT NULL,
  drafted_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  filed_by_name TEXT,
  filed_at TIMESTAMP,
  UNIQUE (division_id, year)
);
-- A section's text (总体情况, 存在的问题, …), one row per section of a report.
CREATE TABLE oversight_progress_report_sections (
  id BIGSERIAL PRIMARY KEY,
  report_id BIGINT NOT NULL REFERENCES oversight_progress_reports(id),
  section TEXT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (report_id, section)
);
