//! The registry: every module of Fuyu, in order. Adding a module is one line here plus its own
//! `MODULE` value (see docs/ARCHITECTURE.md, "How to add a module"). Routes, navigation, the daily
//! pass, the OpenAPI document, start-up reference data, demo data and the catalogue-key test all read
//! this list.

use crate::platform::Module;

pub const ALL: &[Module] = &[
    // The platform's own parts.
    crate::jobs::MODULE,
    crate::auth::MODULE,
    crate::org::MODULE,
    crate::policy::MODULE,
    crate::audit::MODULE,
    // Domain modules.
    crate::archive::MODULE,
    crate::transfer::MODULE,
    crate::adoption::MODULE,
    crate::adulthood::MODULE,
    crate::foster::MODULE,
    // care module (issue 14)
    crate::care::MODULE,
    // caregiver shift (issue 15)
    crate::shift::MODULE,
    // oversight module (issue 17)
    crate::oversight::MODULE,
    // care appointments (issue 15 point 2b; part of the care module, its own registration)
    crate::care::appointments::MODULE,
];

/// Holds modules keep on a child that its discharge (离院) must settle in the same step (issue 10 point
/// 13): the archive's discharge asks these, never a module by name.
pub const CHILD_HOLDS: &[crate::platform::module::ChildHold] =
    &[crate::transfer::CHILD_HOLD, crate::foster::CHILD_HOLD];

/// Tabs other modules add to the child's archive page (issue 14 point 7), in this order.
pub const CHILD_TABS: &[crate::platform::module::ChildTab] = &[crate::care::CHILD_TAB];

/// Key facts other modules add to the child's archive page (issue 16 point 1: the placing authority).
pub const CHILD_FACTS: &[crate::platform::module::ChildFact] =
    &[crate::adulthood::PLACING_AUTHORITY];

/// Panels other modules add to the overview of the child's archive page (issue 14 point 7).
pub const CHILD_PANELS: &[crate::platform::module::ChildPanel] = &[
    crate::care::CHILD_PANEL,
    crate::foster::siblings::SIBLINGS_PANEL,
    // care appointments (issue 15 point 2b): the upcoming ones
    crate::care::appointments::CHILD_PANEL,
];

/// Files other modules keep in the archive's store, for the backup (`archive::store::referenced`).
pub const STORED_FILES: &[crate::platform::module::StoredFiles] = &[
    crate::foster::STORED_FILES,
    crate::adoption::STORED_FILES,
    // caregiver shift (issue 15 point 6): incident photos
    crate::shift::incidents::body::STORED_FILES,
];

/// Lawful grounds on which a user outside the institution scope opens one child's archive page with a
/// stated purpose (issue 13 point 5, ADP-26: the adoption registrar of the bureau handling the child's
/// adoption). The archive asks these only when its scope refuses, and never names the module.
pub const LAWFUL_READS: &[crate::archive::LawfulRead] = &[crate::adoption::LAWFUL_READ];
