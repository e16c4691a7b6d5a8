//! 组织生活: the records and their actions, the package fields, the CLI and the workbooks.

mod cli;
mod package;
mod records;
mod sheets;
mod warnings;
