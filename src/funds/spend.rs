//! 党费、经费使用: recording a use of retained 党费 or of the work funds with its purpose, payee and
//! the 支委会 / 党员大会 that decided it. Refused: no purpose, 其他 without a note, a meeting that does
//! not exist (or is no 支委会 / 党员大会 of the organisation, or comes after the spending), and a use of
//! retained dues larger than the balance. Asked about (not refused): a use above the approval
//! threshold without a decision — history is recorded as it happened and `check` flags it.

use chrono::NaiveDate;

use super::records::{clean, FundSource, NewSpending, Purpose, Spending, TEXT_MAX_CHARS};
use super::store::{self, SpendingRow};
use crate::error::{Error, Problem, Result};
use crate::model::money::{amount_problem, yuan};
use crate::model::ActivityType;
use crate::store::{audit, bin, Ledger};

const BIN_ENTITY: &str = "fund_spending";

/// Every problem of the form, without writing; the meeting is checked against the organisation.
fn problems(conn: &rusqlite::Connection, input: &NewSpending, today: NaiveDate) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    if input.spent_on > today {
        p.push(Problem::new("spent_on", format!("支出日期 {} 晚于今天（{today}）", input.spent_on)));
    }
    if input.amount_fen == 0 {
        p.push(Problem::new("amount_fen", "支出金额应大于 0"));
    } else if let Some(m) = amount_problem(input.amount_fen) {
        p.push(Problem::new("amount_fen", m));
    }
    match input.purpose {
        None => p.push(Problem::new(
            "purpose",
            "请选择用途（党员教育培训、订阅党报党刊、表彰先进、慰问困难党员和老党员、党组织活动或其他）",
        )),
        Some(Purpose::Other) if clean(&input.note).is_none() => {
            p.push(Problem::new("note", "用途为“其他”时应在备注中写明具体用途"))
        }
        _ => {}
    }
    for (field, label, text) in [
        ("payee", "收款方", &input.payee),
        ("note", "备注", &input.note),
        ("receipt_no", "票据编号", &input.receipt_no),
    ] {
        if text.as_deref().is_some_and(|t| t.trim().chars().count() > TEXT_MAX_CHARS) {
            p.push(Problem::new(field, format!("{label}过长：最多 {TEXT_MAX_CHARS} 个字")));
        }
    }
    if let Some(id) = input.budget_line_id {
        match store::budget_line(conn, id)? {
            None => p.push(Problem::new("budget_line_id", format!("未找到预算项目（编号 {id}）"))),
            Some(line) => {
                if input.source != FundSource::Funds {
                    p.push(Problem::new(
                        "budget_line_id",
                        "预算项目只用于党建工作经费的支出，请把经费来源选为党建工作经费",
                    ));
                }
                if line.org_id != input.org_id {
                    p.push(Problem::new("budget_line_id", format!("预算项目“{}”不是本组织的", line.item)));
                }
                if line.year != chrono::Datelike::year(&input.spent_on) {
                    p.push(Problem::new(
                        "budget_line_id",
                        format!("预算项目“{}”属于{}年度，支出日期 {} 不在该年度", line.item, line.year, input.spent_on),
                    ));
                }
            }
        }
    }
    if let Some(id) = input.approved_by {
        match store::meeting(conn, id)? {
            None => p.push(Problem::new("approved_by", format!("未找到作出决定的会议记录（编号 {id}）"))),
            Some(m) if m.deleted => {
                p.push(Problem::new("approved_by", format!("会议记录 {} 已删除（在回收站中）", m.key)))
            }
            Some(m) => {
                let decides =
                    m.types.iter().any(|t| matches!(t, ActivityType::CommitteeMeeting | ActivityType::PartyCongress));
                if !decides {
                    p.push(Problem::new(
                        "approved_by",
                        format!(
                            "{} 的“{}”不是支委会或党员大会，不能作为集体研究决定",
                            crate::model::dates::chinese_date(m.date),
                            m.topic
                        ),
                    ));
                }
                let scope = store::scope_ids(conn, Some(m.org_id))?;
                if !scope.contains(&input.org_id) {
                    p.push(Problem::new("approved_by", format!("会议“{}”不是本组织或上级组织召开的", m.topic)));
                }
                if m.date > input.spent_on {
                    p.push(Problem::new(
                        "approved_by",
                        format!("会议日期 {} 晚于支出日期 {}：集体研究应在支出之前", m.date, input.spent_on),
                    ));
                }
            }
        }
    }
    Ok(p)
}

/// A use of work funds larger than what its budget line has left: the question to ask (field
/// `confirmed`), None when the line has enough or there is no line.
fn over_line(conn: &rusqlite::Connection, input: &NewSpending) -> Result<Option<Problem>> {
    let Some(line) = input.budget_line_id.map(|id| store::budget_line(conn, id)).transpose()?.flatten() else {
        return Ok(None);
    };
    let spent = store::spent_on_line(conn, line.id)?;
    let left = super::ledger::sub(line.amount_fen, spent)?;
    if input.amount_fen <= left {
        return Ok(None);
    }
    Ok(Some(Problem::new(
        "confirmed",
        format!(
            "支出 {} 元超过预算项目“{}”的余额 {} 元（预算 {} 元，已支出 {} 元），确认超预算支出后才能登记",
            yuan(input.amount_fen),
            line.item,
            yuan(left),
            yuan(line.amount_fen),
            yuan(spent)
        ),
    )))
}

/// The questions to ask before saving (not refusals): a use above the approval threshold without a
/// collective decision; a use of work funds above what its budget line has left (saved only when
/// the person confirms: `confirmed`). Empty: save without asking.
pub fn check_spending(ledger: &Ledger, input: &NewSpending) -> Result<Vec<Problem>> {
    let settings = super::settings::read(ledger.conn())?;
    let mut out = Vec::new();
    out.extend(over_line(ledger.conn(), input)?);
    if input.amount_fen > settings.approval_threshold_fen && input.approved_by.is_none() {
        out.push(Problem::new(
            "approved_by",
            format!(
                "支出 {} 元超过大额支出标准 {} 元，应经支委会或党员大会集体研究决定；未关联会议记录的，自查时会列为问题",
                yuan(input.amount_fen),
                yuan(settings.approval_threshold_fen)
            ),
        ));
    }
    Ok(out)
}

/// Records a use of money (one transaction; a refusal changes nothing).
pub fn record_spending(ledger: &Ledger, input: &NewSpending, today: NaiveDate) -> Result<Spending> {
    ledger.write(|tx| record_in(tx, input, today))
}

pub(crate) fn record_in(tx: &rusqlite::Transaction, input: &NewSpending, today: NaiveDate) -> Result<Spending> {
    let org = crate::store::orgs::name_of(tx, input.org_id)?;
    let p = problems(tx, input, today)?;
    if !p.is_empty() {
        return Err(Error::Invalid(p));
    }
    let purpose = input.purpose.expect("checked above");
    if !input.confirmed {
        if let Some(q) = over_line(tx, input)? {
            return Err(Error::Invalid(vec![q]));
        }
    }
    if input.source == FundSource::Dues {
        let year = chrono::Datelike::year(&input.spent_on.max(today));
        let balance = super::ledger::dues_balance(tx, input.org_id, year, today)?;
        if input.amount_fen > balance {
            return Err(Error::invalid(
                "amount_fen",
                format!(
                    "支出 {} 元超过{org}留存党费结余 {} 元，不能登记（如有记账之前的结余，请先在经费设置中登记期初结余）",
                    yuan(input.amount_fen),
                    yuan(balance.max(0))
                ),
            ));
        }
    }
    let row = SpendingRow {
        id: 0,
        org_id: input.org_id,
        spent_on: input.spent_on,
        amount_fen: input.amount_fen,
        source: input.source.code().to_string(),
        purpose: purpose.code().to_string(),
        payee: clean(&input.payee),
        approved_by: input.approved_by,
        note: clean(&input.note),
        created_at: crate::store::now_stamp(),
        budget_line_id: input.budget_line_id,
        receipt_no: clean(&input.receipt_no),
        receipts: Vec::new(),
    };
    let id = store::insert_spending(tx, &row)?;
    let text = format!(
        "{org}{}支出 {} 元用于{}（{}）",
        input.source.label(),
        yuan(input.amount_fen),
        purpose.label(),
        input.spent_on
    );
    audit::record(tx, "新增", BIN_ENTITY, Some(id), &text, None)?;
    store::spending(tx, id)
}

/// Moves a spending record into the recycle bin (a 走访慰问 that cited it keeps its record, without
/// the link); returns the bin entry.
pub fn delete_spending(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let mut row = store::spending_row(tx, id)?;
        row.receipts = super::receipts::receipts_of(tx, id)?;
        let org = crate::store::orgs::name_of(tx, row.org_id)?;
        let summary = format!("{org}支出 {} 元（{}）", yuan(row.amount_fen), row.spent_on);
        let bin_id = bin::put(tx, BIN_ENTITY, id, &summary, &row)?;
        super::receipts::delete_of(tx, id)?;
        store::delete_spending_row(tx, id)?;
        audit::record(tx, "删除", BIN_ENTITY, Some(id), &summary, None)?;
        Ok(bin_id)
    })
}

/// Puts a deleted spending record back (the meeting it cited, if since deleted, is dropped).
pub fn restore_spending(ledger: &Ledger, bin_id: i64) -> Result<Spending> {
    ledger.write(|tx| {
        let mut row: SpendingRow = bin::take(tx, bin_id, BIN_ENTITY, "支出记录")?;
        crate::store::orgs::name_of(tx, row.org_id)?;
        if let Some(a) = row.approved_by {
            if store::meeting(tx, a)?.is_none() {
                row.approved_by = None;
            }
        }
        if let Some(b) = row.budget_line_id {
            if store::budget_line(tx, b)?.is_none() {
                row.budget_line_id = None;
            }
        }
        let id = store::insert_spending(tx, &row)?;
        for r in &row.receipts {
            super::receipts::insert(tx, &super::receipts::Receipt { spending_id: id, ..r.clone() })?;
        }
        audit::record(tx, "恢复", BIN_ENTITY, Some(id), "恢复支出记录", None)?;
        store::spending(tx, id)
    })
}
