//! Imports from Excel other than the roster (which has its own module): history registers.

mod history;
