//! The Excel layer every ledger is built on: typed cells (`cell`: what a cell holds and how it is
//! written), the ledger table (`table`: title, column headers,
//! rows, footer, print setup, the shared look), the two layouts it does not cover (`form`: a
//! run-time grid and a labelled form), and reading workbooks (`read`: sheets as text grids).

pub mod cell;
pub mod form;
pub mod read;
pub mod table;
