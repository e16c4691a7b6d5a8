//! The application layer: the user actions the desktop shell and the CLI call, one module per
//! screen. Each action is one transaction; composition (which findings providers feed `check`)
//! happens here and nowhere else. A screen's module re-exports the domain types and the domain
//! actions that are already one transaction, so the shell and the CLI name only `app::<screen>`.

pub mod about;
pub mod backups;
pub mod bin;
pub mod development;
pub mod dues;
pub mod exports;
pub mod findings;
pub mod funds;
pub mod history;
pub mod meetings;
pub mod plan;
pub mod reports;
pub mod roster;
pub mod security;
pub mod settings;
pub mod standards;

pub use roster::*;
