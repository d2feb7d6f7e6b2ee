//! County → city transfers (县级儿童福利机构儿童移交): pure rules, the tables and the service layer
//! (batches, checklists, completion), pages, the receiver's archive preview, checklist templates, API,
//! oversight, PDFs and demo data (see docs/transfer-design.md).

pub mod api;
pub mod bench;
pub mod checklist;
pub mod child_pages;
pub mod completion;
pub mod demo;
pub mod handlers;
pub mod jobs;
pub mod model;
pub mod oversight;
pub mod pdf;
pub mod preview;
pub mod rules;
pub mod service;
pub mod template;
pub mod template_admin;
pub const MODULE: &str = "transfer";
