//! zhibu — 党支部工作台账. The Tauri-free core. The folders show the layers, each depending only on
//! those below it (`tests/it/architecture.rs` keeps it so):
//!
//! - `cli` — argument parsing → `app`;
//! - `app` — the user actions, one module per screen; the shell and the CLI call only this layer;
//! - `workbooks`, `import`, `package` — the Excel ledgers (one catalogue), Excel imports, the data package;
//! - `meetings`, `dues`, `development`, `standards`, `funds`, `plan` — the domains' logic; `committee` — the
//!   committee's view of its branches over them;
//! - `workbook` — the Excel layer: layout primitives and reading;
//! - `store` — the SQLite ledger, the only place SQL is written; `model` — domain types and pure checks;
//! - `input` — the one guarded way to open a file a person hands us (limits, parser panics).
//!
//! `demo` builds synthetic ledgers through `store` and the domains.

pub mod app;
pub mod cli;
pub mod committee;
pub mod demo;
pub mod development;
pub mod dues;
pub mod error;
pub mod funds;
pub mod import;
pub mod input;
pub mod meetings;
pub mod model;
pub mod package;
pub mod plan;
pub mod report;
pub mod standards;
pub mod store;
pub mod workbook;
pub mod workbooks;

pub use error::{Error, ErrorCode, ErrorPayload, Problem, Result};
pub use store::Ledger;
