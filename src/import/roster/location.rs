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

/// Where a problem is: `花名册!E7` and the sentence prefix `花名册 第7行 E列（公民身份证号）：`.
pub fn locate(sheet: &str, row: u32, col: &Column, message: &str) -> Problem {
    Problem::new(
        format!("{sheet}!{}{row}", col.letter),
        format!("{sheet} 第{row}行 {}列（{}）：{message}", col.letter, col.header),
    )
}

/// Problems of one row, remembering which columns already have one so the model's checks do not
/// repeat them.
pub struct Found<'a> {
    pub sheet: &'a str,
    pub columns: &'a HashMap<F, Column>,
    pub row: u32,
    pub problems: Vec<Problem>,
    pub flagged: Vec<F>,
}

impl Found<'_> {
    /// Records a problem at the first of `fields` the sheet has (the name column as a last resort).
    pub fn add(&mut self, fields: &[F], message: &str) {
        let cols = self.columns;
        let (field, col) =
            fields.iter().find_map(|f| cols.get(f).map(|c| (*f, c))).unwrap_or_else(|| (F::Name, &cols[&F::Name]));
        self.flagged.push(field);
        self.problems.push(locate(self.sheet, self.row, col, message));
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
