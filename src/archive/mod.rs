//! Per-child archive (一人一档): intake by legal category, the lifelong record, documents, history,
//! restricted access, borrowing requests, discharge, search and print.

pub mod api;
pub mod demo;
pub mod form;
pub mod handlers;
pub mod jobs;
pub mod model;
pub mod names;
pub mod pdf;
pub mod restrictions;
pub mod rules;
pub mod service;
pub mod store;
pub mod views;
