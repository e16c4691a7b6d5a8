//! The 党员花名册 as Excel: import of the roster a secretary already keeps (columns matched by Chinese
//! header names and common variants, every problem located by sheet/row/column, all-or-nothing), and
//! export in the national summary-table layout (`national-rules.md` §5), print-ready.
//!
//! `ledger_sheet` holds the print layout every exported ledger shares (title, frozen header, widths,
//! borders, A4 setup, footer); later ledgers (三会一课台账, 党费台账 …) build on it.

mod cells;
mod export;
pub mod headers;
mod import;
pub mod ledger_sheet;
mod location;
mod lookup;
pub(crate) mod read;
mod rows;
mod types;

pub use export::{export, roster_rows, write_roster, LEFT_SHEET, ROSTER_COLUMNS, ROSTER_SHEET};
pub use headers::roster_fields;
pub use import::{import, preview_import};
pub use types::*;
