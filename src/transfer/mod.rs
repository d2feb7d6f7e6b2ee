//! County → city transfers (县级儿童福利机构儿童移交): pure rules, the tables and the service layer
//! (batches, checklists, completion). Pages, API, oversight, PDFs and demo data are the next step
//! (see docs/transfer-design.md).

pub mod api;
pub mod demo;
pub mod handlers;
pub mod jobs;
pub mod model;
pub mod oversight;
pub mod pdf;
pub mod rules;
pub mod service;
