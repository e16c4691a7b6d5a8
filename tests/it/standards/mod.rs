//! The standards: profiles as data, the rule engine, scoring and the workbooks.

mod profiles;
mod rules;
mod scoring;
mod sheets;
