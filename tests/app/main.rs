//! The integration suite: one binary, the real app in-process, a fresh database per test.
//! SQLite by default; PostgreSQL when TEST_DATABASE_URL is set (the README's test command runs both).

mod support;

mod adoption;
mod adoption_api;
mod adoption_browser;
mod adoption_pages;
mod api_errors;
mod archive;
mod archive_intake;
mod archive_kept;
mod archive_privacy;
mod archive_search;
mod audit_batch;
mod audit_chain;
mod auth;
mod auth_throttle;
mod backup;
mod boundaries;
mod browser;
mod browser_pages;
mod cli;
mod custody;
mod foster_api;
mod foster_browser;
mod foster_pages;
mod foster_placement;
mod foster_steps;
mod i18n;
mod institutions;
mod jobs;
mod layout;
mod mail;
mod migrations;
mod pdf;
mod policy;
mod transfer;
mod transfer_completion_lines;
mod transfer_corrections;
mod transfer_forms;
mod transfer_pages;
mod transfer_print;
mod transfer_reference;
mod transfer_templates;
mod untranslated;
// --- adulthood (成年后安置, issue 16) ---
mod adulthood;
mod adulthood_browser;
mod adulthood_flow;
// care module (issue 14)
mod care;
mod care_browser;
// care module, second part (issue 14 points 1–6)
mod care_records;
// caregiver shift (issue 15)
mod shift;
mod shift_browser;
// oversight module (issue 17)
mod oversight;
mod oversight_quarterly;
// adoption (issue 13): assessment, documents, after the adoption
mod adoption_after;
mod adoption_assessment;
mod adoption_documents;
mod adoption_stats;
// foster (issue 12, session 3)
mod archive_quality;
mod foster_changes;
mod foster_oversight;
mod foster_visits;
mod oversight_exports;
mod oversight_import;
// care (issue 14, session 4): panel, restricted view, API, growth, plans due
mod care_api;
mod care_due_export;
mod care_growth;
mod care_panel;
// oversight allowances (issue 17 point 3)
mod oversight_allowances;
// foster (issue 12, session 4)
mod foster_documents;
mod foster_limits;
// caregiver shift: incidents (issue 15 point 6)
mod shift_incidents;
mod shift_incidents_api;
// adoption (issue 13 point 5): the registrar's lawful read (ADP-26)
mod adoption_lawful;
// adoption (issue 13 point 4): the third party's qualifications (收养评估办法 第7条)
mod adoption_third_party;
// oversight duties (issue 17 point 4)
mod oversight_browser;
mod oversight_duties;
// foster: matching by services and siblings, list exports (issue 12 point 4, issue 17 point 6)
mod foster_exports;
mod foster_matching;
// caregiver shift: a missing child found (issue 15 point 6)
mod shift_found;
// caregiver shift: care-plan tasks on the round (issue 15 point 2)
mod shift_tasks;
// care (issue 14, session 5): growth-check schedule GRW-04
mod care_growth_check;
mod care_plan_unlock;
// session 6 fixes: foster siblings shown and removed; care WHO 2006 view in the API and PDF.
mod care_who_print;
mod foster_siblings;
// care appointments (issue 15 point 2b)
mod care_appointments;
// caregiver shift: the body map and photos of an incident (issue 15 point 6)
mod shift_incident_body;
// appointments, plan tasks and found in the API (issue 15)
mod adoption_head_downloads;
mod care_growth_chart;
mod oversight_progress_report;
mod oversight_spot_check;
mod shift_api_tasks;
// body marks corrected, the drawn figure, appointments over the shift's span (issue 15, session 7)
mod oversight_kept;
mod shift_appointments_span;
mod shift_marks;
// "found" corrected, photos withdrawn, body map and photos in the API and the report (issue 15, session 8)
mod shift_found_fix;
mod shift_photo_withdraw;
// head-circumference chart and the care plan PDF growth chart (issue 14, session 9)
mod care_growth_head_pdf;
