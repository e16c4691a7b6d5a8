//! The integration tests: one test binary (`cargo test -p zhibu --test it`), linked once, whose
//! modules mirror `src/`. Shared fixtures, the CLI runner and the workbook golden renderer live in
//! `support/`; a test module holds only what is particular to its own scenarios.
//!
//! Regenerate the workbook golden files (`tests/golden/*.txt`) with
//! `ZHIBU_BLESS=1 cargo test -p zhibu --test it`, then review the diff.

mod support;

mod architecture;
mod cli;
mod consistency;
mod development;
mod documents;
mod dues;
mod export_dialog;
mod exports;
mod funds;
mod hostile;
mod import;
mod meetings;
mod package;
mod plan;
mod report;
mod roster;
mod security;
mod settings;
mod standards;
mod store;
mod workbooks;
