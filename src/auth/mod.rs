//! Accounts, roles, permissions, data scopes, sessions and login throttling.

pub mod handlers;
pub mod model;
pub mod password;
pub mod permissions;
pub mod scope;
pub mod session;
pub mod users_admin;

pub use permissions::{allowed, Action, Role, ALL_ROLES};
