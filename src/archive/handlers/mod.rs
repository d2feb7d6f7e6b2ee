//! The archive's pages, by page group: list (with quality and print), intake, the child's page, edit
//! and discharge, documents, and access (restrictions and borrowing requests); and the admin page for
//! restriction kinds (`restriction_kinds`, its own path: its `list`/`create` would clash with the
//! page groups' names).

mod access;
mod child;
mod child_load;
mod custody;
mod documents;
mod edit;
mod intake;
mod list;
mod notices;
mod purpose;
pub mod restriction_kinds;

pub use access::*;
pub use child::*;
pub use custody::{custody_page, custody_record, custody_tab};
pub use documents::*;
pub use edit::*;
pub use intake::*;
pub use list::*;
pub use notices::*;
pub use purpose::{restricted_view, PurposeForm, PurposeQuery};

// The children list as CSV/XLSX (issue 17 point 6, oversight).
pub mod export;
