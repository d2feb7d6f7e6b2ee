//! County → city transfers (县级儿童福利机构儿童移交). This session laid the pure rules (state machine,
//! checklist item states, completion check, hukou and property checks, default receiver); the tables,
//! pages, API, notifications and PDFs follow in the next (see docs/transfer-design.md).

pub mod rules;
