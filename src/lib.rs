//! zhibu — 党支部工作台账. The Tauri-free core: domain model, SQLite store, data package, roster
//! import/export, demo ledger, and the command-line interface. The desktop shell in `src-tauri/` only
//! adapts these functions to IPC commands.

pub mod actions;
pub mod backup;
pub mod cli;
pub mod demo;
pub mod development;
pub mod dues;
pub mod error;
pub mod exports;
pub mod meeting_sheets;
pub mod meetings;
pub mod model;
pub mod package;
pub mod roster;
pub mod standards;
pub mod store;

pub use error::{Error, ErrorCode, ErrorPayload, Problem, Result};
pub use store::Ledger;
