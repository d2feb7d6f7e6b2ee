-- Mandatory reports (强制报告, issue 15 point 6; RPT-01, RPT-05): 未成年人保护法 第11条 and the 2020
-- opinion (《关于建立侵害未成年人案件强制报告制度的意见（试行）》第2条、第4条) require an immediate
-- report. One row per recipient (policy `shift.report_recipients`); the deadline is discovery plus the
-- policy window `shift.report_deadline_minutes`; sent and confirmed with who and when. Never deleted
-- (RPT-03: the handling records must be kept for the police, 意见 第9条).
CREATE TABLE shift_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id BIGINT NOT NULL REFERENCES shift_incidents(id),
  recipient TEXT NOT NULL,
  deadline_at TIMESTAMP NOT NULL,
  escalated_at TIMESTAMP,
  sent_by BIGINT REFERENCES users(id),
  sent_at TIMESTAMP,
  sent_how TEXT NOT NULL DEFAULT '',
  confirmed_by BIGINT REFERENCES users(id),
  confirmed_at TIMESTAMP,
  receipt TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX shift_reports_incident ON shift_reports(incident_id);
