//! The archive's interface additions made for other modules, each in its own `interface_*` file,
//! re-exported here and from the archive's root with the rest of the interface (`interface.rs`).

// care module (issue 14): disability from an assessment, status history for the plan's review.
pub use super::interface_care::{record_disability, status_history, StatusChange};

// oversight (issue 17 point 5): the Excel import admits rows through the intake, in one transaction.
pub use super::interface_import::{admit_batch, name_birth_matches, NameMatch, RowResult};
// oversight module (issue 17 point 3): the facts of the monthly allowance roster.
pub use super::interface_oversight::{allowance_facts, AllowanceFacts};
// adoption module (issue 13): the archive's upload checks for the applicants' documents.
pub use super::interface_adoption::{
    check_upload, read_file_upload, readmit_after_adoption, upload_limit_for,
};
// foster module (issue 12): the archive's upload checks, storage and download for typed uploads.
pub use super::interface_uploads::{
    check_file, check_received, read_form, refuse_declared, send_stored, store_bytes,
    upload_limit_bytes, Received,
};
// adoption (issue 13 point 5, ADP-26): the lawful-read hook a module registers in modules::LAWFUL_READS.
pub use super::interface_lawful::{LawfulGround, LawfulGroundFn, LawfulRead};
// oversight duties (issue 17 point 4): the facts that stop an allowance.
pub use super::interface_oversight_duties::{allowance_stop_facts, StopFacts};
// foster module (issue 12 point 4): siblings (兄弟姐妹) kept together in matching.
pub use super::interface_siblings::{link_siblings, siblings, SiblingRefusal};
// foster module (issue 12 point 4): a child's direct sibling links, and removing a wrong one.
pub use super::interface_siblings_unlink::{direct_siblings, unlink_siblings};
// oversight (issue 17 point 4): the yearly archive spot check (档案抽查).
pub use super::interface_spot_check::{
    completeness_checklist, spot_check_population, ChecklistItem, SpotCheckArchive,
};
