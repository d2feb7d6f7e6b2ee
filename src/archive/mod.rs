//! Per-child archive (一人一档): intake by legal category, the lifelong record, documents, history,
//! restricted access, borrowing requests, discharge, search and print.

pub mod rules;
