//! Excel imports: the roster (花名册) through preview → column mapping → all-or-nothing import.

pub mod history;
pub mod mapping;
pub mod roster;
pub mod sheet;
