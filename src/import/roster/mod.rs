//! The 党员花名册 as Excel: import of the roster a secretary already keeps (columns matched by Chinese
//! header names and common variants, every problem located by sheet/row/column, all-or-nothing), and
//! export in the national summary-table layout (`national-rules.md` §5), print-ready.
//!
//! `ledger_sheet` holds the print layout every exported ledger shares (title, frozen header, widths,
//! borders, A4 setup, footer); later ledgers (三会一课台账, 党费台账 …) build on it.

pub mod cells;
pub mod headers;
mod import;
mod location;
pub mod lookup;
pub use lookup::core_name;
mod rejects;
pub mod rows;
mod types;

pub use headers::roster_fields;
pub use import::{import, preview_import, remember_branches, route_branches};
pub use lookup::LedgerLookup;
pub use rows::BranchTargets;
pub use types::*;
