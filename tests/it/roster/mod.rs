//! The roster: member actions, and the 花名册 workbook export and import.

mod actions;
mod workbook;
