//! The 发展党员 screen: the development domain's actions (each one transaction) and the board and
//! record as the screen asks for them, by organisation (its subtree).

use chrono::NaiveDate;

pub use crate::development::*;
use crate::error::Result;
use crate::store::{orgs, Ledger};

/// The board of everyone on the way in `org_id` and everything under it.
pub fn board(ledger: &Ledger, org_id: i64, today: NaiveDate) -> Result<DevelopmentBoard> {
    let ids = orgs::subtree_ids(ledger.conn(), org_id)?;
    development_board(ledger.conn(), &ids, today)
}

/// One person: record, checks, next step, reminders, history; each check's source as a person reads
/// it (`model::citation::plain`: no caveats, no documentation references).
pub fn detail(ledger: &Ledger, person_id: i64, today: NaiveDate) -> Result<DevelopmentDetail> {
    let mut d = development_detail(ledger.conn(), person_id, today)?;
    for c in &mut d.checks {
        c.source = crate::model::citation::plain(&c.source);
    }
    Ok(d)
}

/// The 25 steps' names, in order (step n is at index n − 1).
pub fn step_names() -> Vec<String> {
    STEP_NAMES.iter().map(|s| s.to_string()).collect()
}

/// The 党员大会 a step 15 or 23 of `person_id` can point at: those of the person's organisation within
/// 60 days of `date`, nearest first, each with its 表决 items (the step form's choice).
pub fn sittings(ledger: &Ledger, person_id: i64, date: NaiveDate) -> Result<Vec<crate::meetings::SittingChoice>> {
    let p = load_person(ledger.conn(), person_id)?;
    crate::meetings::party_congresses_near(ledger.conn(), p.org_id, date, 60)
}

/// 有表决权的正式党员 of the branch on `date`: the 应到 a 支部大会 vote is counted against.
pub fn voters(ledger: &Ledger, org_id: i64, date: NaiveDate) -> Result<u32> {
    eligible_voters(ledger.conn(), org_id, date)
}

/// What a 公民身份证号 says, read as it is typed: its birth date and gender when valid, else why not
/// (`model::id_number`, the one rule the save applies too).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IdNumberFacts {
    /// Why the number is not valid (Chinese); None when valid or empty.
    pub problem: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<crate::model::Gender>,
}

/// The facts of `text` as an ID number; all None for an empty text.
pub fn id_number_facts(text: &str) -> IdNumberFacts {
    if text.trim().is_empty() {
        return IdNumberFacts { problem: None, birth_date: None, gender: None };
    }
    match crate::model::id_number::IdNumber::parse(text) {
        Ok(id) => IdNumberFacts { problem: None, birth_date: Some(id.birth_date()), gender: Some(id.gender()) },
        Err(problem) => IdNumberFacts { problem: Some(problem), birth_date: None, gender: None },
    }
}

pub use crate::workbooks::development_docs::{DevelopmentDoc, WrittenDocument};

/// Writes document `doc` (积极分子的支委会决议, 发展对象公示, 政审结论, 接收 or 转正 的支部大会决议, 转正申请
/// 回执) of person `person_id` as a Word file at `path`, filled from the record; returns the file and
/// the fields left blank. Refused when its step is not recorded.
pub fn export_development_doc(
    ledger: &Ledger,
    person_id: i64,
    doc: DevelopmentDoc,
    path: &str,
    today: NaiveDate,
) -> Result<WrittenDocument> {
    if path.trim().is_empty() {
        return Err(crate::error::Error::invalid("path", "请选择保存位置"));
    }
    crate::workbooks::development_docs::write_development_doc(ledger, person_id, doc, std::path::Path::new(path), today)
}

/// The file name offered for document `doc` of person `person_id`.
pub fn development_doc_file_name(ledger: &Ledger, person_id: i64, doc: DevelopmentDoc) -> Result<String> {
    let person = crate::development::store::load_person(ledger.conn(), person_id)?;
    Ok(crate::workbooks::development_docs::file_name(&person, doc))
}

/// Writes every document of person `person_id` whose step is recorded into the folder `dir` (the
/// 全程纪实 folder); returns the files written, each with the fields it left blank.
pub fn export_development_folder(
    ledger: &Ledger,
    person_id: i64,
    dir: &str,
    today: NaiveDate,
) -> Result<Vec<WrittenDocument>> {
    crate::workbooks::development_docs::write_development_folder(
        ledger,
        person_id,
        std::path::Path::new(dir.trim()),
        today,
    )
}

/// The id of the person with this key (the CLI names people by key).
pub fn person_id(ledger: &Ledger, key: &str) -> Result<i64> {
    crate::development::store::id_by_key(ledger.conn(), key)
}
