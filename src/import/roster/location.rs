//! Where a roster problem is: the cell (`花名册!E7`) and a sentence naming sheet, row, column and the
//! column's header as written in the sheet (`花名册 第7行 E列（公民身份证号）：…`).

use std::collections::HashMap;

use super::types::RosterField as F;
use crate::error::Problem;

/// A mapped column: zero-based index, letter, header as written in the sheet.
#[derive(Debug, Clone)]
pub struct Column {
    pub index: u32,
    pub letter: String,
    pub header: String,
}

/// One problem or warning of a row, kept apart so that the same message in many rows of a column
/// can be listed once (`group`).
#[derive(Debug, Clone, PartialEq)]
pub struct RowIssue {
    pub row: u32,
    pub letter: String,
    pub header: String,
    pub message: String,
}

impl RowIssue {
    pub fn problem(&self, sheet: &str) -> Problem {
        Problem::new(
            format!("{sheet}!{}{}", self.letter, self.row),
            format!("{sheet} 第{}行 {}列（{}）：{}", self.row, self.letter, self.header, self.message),
        )
    }
}

/// The issues of many rows as a person reads them: the same message in the same column, found in
/// several rows, is one problem naming its cells (`花名册 E列（身份证号码）E3、E5:E9 共6个单元格：…`),
/// at its first cell and in the place of its first row; others stay one per cell.
pub fn group(sheet: &str, issues: &[RowIssue]) -> Vec<Problem> {
    let mut order: Vec<(String, String, String)> = Vec::new();
    let mut rows: HashMap<(String, String, String), Vec<u32>> = HashMap::new();
    for i in issues {
        let key = (i.letter.clone(), i.header.clone(), i.message.clone());
        let at = rows.entry(key.clone()).or_default();
        if at.is_empty() {
            order.push(key);
        }
        at.push(i.row);
    }
    order
        .into_iter()
        .map(|key| {
            let mut at = rows.remove(&key).unwrap_or_default();
            let (letter, header, message) = key;
            if let [row] = at.as_slice() {
                return RowIssue { row: *row, letter, header, message }.problem(sheet);
            }
            at.sort_unstable();
            at.dedup();
            Problem::new(
                format!("{sheet}!{letter}{}", at[0]),
                format!(
                    "{sheet} {letter}列（{header}）{} 共{}个单元格：{message}",
                    crate::import::sheet::cell_list(&letter, &at),
                    at.len()
                ),
            )
        })
        .collect()
}

/// Problems of one row, remembering which columns already have one so the model's checks do not
/// repeat them.
pub struct Found<'a> {
    pub sheet: &'a str,
    pub columns: &'a HashMap<F, Column>,
    pub row: u32,
    pub issues: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
    pub flagged: Vec<F>,
}

impl<'a> Found<'a> {
    pub fn new(sheet: &'a str, columns: &'a HashMap<F, Column>, row: u32) -> Self {
        Found { sheet, columns, row, issues: Vec::new(), warnings: Vec::new(), flagged: Vec::new() }
    }

    fn issue(&self, fields: &[F], message: &str) -> (F, RowIssue) {
        let cols = self.columns;
        let (field, col) =
            fields.iter().find_map(|f| cols.get(f).map(|c| (*f, c))).unwrap_or_else(|| (F::Name, &cols[&F::Name]));
        let issue =
            RowIssue { row: self.row, letter: col.letter.clone(), header: col.header.clone(), message: message.into() };
        (field, issue)
    }

    /// Records a problem at the first of `fields` the sheet has (the name column as a last resort).
    pub fn add(&mut self, fields: &[F], message: &str) {
        let (field, issue) = self.issue(fields, message);
        self.flagged.push(field);
        self.issues.push(issue);
    }

    /// Records a warning (imported, but to be checked) at the first of `fields` the sheet has.
    pub fn warn(&mut self, fields: &[F], message: &str) {
        let (_, issue) = self.issue(fields, message);
        self.warnings.push(issue);
    }

    pub fn has_problems(&self) -> bool {
        !self.issues.is_empty()
    }

    pub fn flagged(&self, f: F) -> bool {
        self.flagged.contains(&f)
    }
}

/// The columns a model check on `field` is shown at, best first.
pub fn columns_for(field: &str) -> &'static [F] {
    match field {
        "name" => &[F::Name],
        "gender" => &[F::Gender, F::IdNumber],
        "birth_date" => &[F::BirthDate, F::IdNumber],
        "id_number" => &[F::IdNumber],
        "status" => &[F::Status],
        "joined_on" => &[F::JoinedOn],
        "full_member_on" => &[F::FullMemberOn, F::Status],
        "lost_contact_since" => &[F::LostContactSince, F::LostContact],
        "outflow_to" => &[F::OutflowTo, F::Outflow],
        "work_started_on" => &[F::WorkStartedOn],
        "phone" => &[F::Phone],
        "org_id" => &[F::Branch],
        "group_id" => &[F::Group],
        _ => &[F::Name],
    }
}
