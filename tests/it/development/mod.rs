//! 发展党员: the rules engine, the actions against a real ledger, and the workbooks.

mod actions;
mod rules;
mod sheets;
mod votes;
