//! 发展党员: the rules engine, the actions against a real ledger, and the workbooks.

mod actions;
mod id_facts;
mod rules;
mod screen_text;
mod sheets;
mod votes;
