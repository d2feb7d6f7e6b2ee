//! The archive's pages, by page group: list (with quality and print), intake, the child's page, edit
//! and discharge, documents, and access (restrictions and borrowing requests).

mod access;
mod child;
mod documents;
mod edit;
mod intake;
mod list;

pub use access::*;
pub use child::*;
pub use documents::*;
pub use edit::*;
pub use intake::*;
pub use list::*;
