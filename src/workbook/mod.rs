//! The Excel layer every ledger is built on: typed cells (`cell`: what a cell holds and how it is
//! written), the ledger table (`table`: title, column headers,
//! rows, footer, print setup, the shared look), the two layouts it does not cover (`form`: a
//! run-time grid and a labelled form), a rule's source as a sheet cites it (`citation`), and reading workbooks (`read`: sheets as text grids; `csv`: a .csv read as one sheet).

pub mod cell;
pub mod citation;
pub mod csv;
pub mod docx;
pub mod form;
pub mod read;
pub mod table;
pub mod template;
