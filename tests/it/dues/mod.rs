//! 党费: the year report, the entry actions, payroll import, the CLI and the workbooks.

mod actions;
mod cli;
mod entry;
mod payroll;
mod report;
mod running_month;
mod sheets;
