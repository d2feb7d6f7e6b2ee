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
];
