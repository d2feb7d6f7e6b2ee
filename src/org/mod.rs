//! Divisions (行政区划: province → city 市/州 → county 县/市/区) and institutions (机构).

pub mod handlers;
pub mod model;

pub use model::{Division, Institution, InstitutionKind};
