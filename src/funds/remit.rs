//! 党费上缴: recording a remittance of collected dues to the 党委, refusing one larger than what the
//! months it covers collected and have not yet remitted; deleting one into the recycle bin.

use chrono::NaiveDate;

use super::ledger::{add, months, spread, sub, Collected};
use super::records::{clean, NewRemittance, Remittance, TEXT_MAX_CHARS};
use super::store::{self, RemittanceRow};
use crate::error::{Error, Problem, Result};
use crate::model::dates::Month;
use crate::model::money::{amount_problem, yuan};
use crate::store::{audit, bin, Ledger};

/// The most months one remittance may cover.
pub const MAX_MONTHS: usize = 24;

const BIN_ENTITY: &str = "dues_remittance";

fn text_problem(field: &str, label: &str, text: &Option<String>, p: &mut Vec<Problem>) {
    if text.as_deref().is_some_and(|t| t.trim().chars().count() > TEXT_MAX_CHARS) {
        p.push(Problem::new(field, format!("{label}过长：最多 {TEXT_MAX_CHARS} 个字")));
    }
}

/// Records a remittance. Refused (nothing written) when a field is wrong, or when the amount is more
/// than the covered months collected less what was already remitted for them.
pub fn record_remittance(ledger: &Ledger, input: &NewRemittance, today: NaiveDate) -> Result<Remittance> {
    ledger.write(|tx| {
        let org = crate::store::orgs::name_of(tx, input.org_id)?;
        let mut p = Vec::new();
        let from = Month::parse(&input.from_month);
        let to = Month::parse(&input.to_month);
        if from.is_none() {
            p.push(Problem::new("from_month", format!("月份应为“年-月”，如 2026-01，现为“{}”", input.from_month)));
        }
        if to.is_none() {
            p.push(Problem::new("to_month", format!("月份应为“年-月”，如 2026-03，现为“{}”", input.to_month)));
        }
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                p.push(Problem::new("to_month", format!("截止月份 {t} 早于起始月份 {f}")));
            } else if months(f, t).len() > MAX_MONTHS {
                p.push(Problem::new("to_month", format!("一次上缴最多涵盖 {MAX_MONTHS} 个月")));
            } else if input.remitted_on < f.first_day() {
                p.push(Problem::new(
                    "remitted_on",
                    format!("上缴日期 {} 早于所缴期间的开始（{f}）", input.remitted_on),
                ));
            }
        }
        if input.remitted_on > today {
            p.push(Problem::new("remitted_on", format!("上缴日期 {} 晚于今天（{today}）", input.remitted_on)));
        }
        if input.amount_fen == 0 {
            p.push(Problem::new("amount_fen", "上缴金额应大于 0"));
        } else if let Some(m) = amount_problem(input.amount_fen) {
            p.push(Problem::new("amount_fen", m));
        }
        text_problem("receipt_no", "收据编号", &input.receipt_no, &mut p);
        text_problem("handed_by", "经手人", &input.handed_by, &mut p);
        text_problem("note", "备注", &input.note, &mut p);
        let (Some(from), Some(to)) = (from, to) else { return Err(Error::Invalid(p)) };
        if !p.is_empty() {
            return Err(Error::Invalid(p));
        }
        let open = unremitted(tx, input.org_id, from, to, today)?;
        if input.amount_fen > open.available {
            return Err(Error::invalid(
                "amount_fen",
                format!(
                    "上缴金额 {} 元超过 {} 至 {} 已收缴未上缴的 {} 元（收缴 {} 元，已上缴 {} 元），不能登记",
                    yuan(input.amount_fen),
                    from.chinese(),
                    to.chinese(),
                    yuan(open.available),
                    yuan(open.collected),
                    yuan(open.remitted)
                ),
            ));
        }
        let row = RemittanceRow {
            id: 0,
            org_id: input.org_id,
            remitted_on: input.remitted_on,
            from_month: from.to_string(),
            to_month: to.to_string(),
            amount_fen: input.amount_fen,
            receipt_no: clean(&input.receipt_no),
            handed_by: clean(&input.handed_by),
            note: clean(&input.note),
            created_at: crate::store::now_stamp(),
        };
        let id = store::insert_remittance(tx, &row)?;
        let text = format!("{org}上缴 {from} 至 {to} 党费 {} 元（{}）", yuan(input.amount_fen), input.remitted_on);
        audit::record(tx, "新增", BIN_ENTITY, Some(id), &text, None)?;
        store::remittance(tx, id)
    })
}

/// What the months of a range collected, what was already remitted for them, and the difference.
pub struct Unremitted {
    pub collected: i64,
    pub remitted: i64,
    pub available: i64,
}

/// Collected and already remitted for `from..=to` in `org_id`'s subtree.
pub(crate) fn unremitted(
    conn: &rusqlite::Connection,
    org_id: i64,
    from: Month,
    to: Month,
    today: NaiveDate,
) -> Result<Unremitted> {
    let ids = store::scope_ids(conn, Some(org_id))?;
    let mut collected = Collected::new(conn, Some(org_id), today);
    let total = collected.range(from, to)?;
    let mut remitted = 0;
    for r in store::remittances(conn, &ids, &from.to_string(), &to.to_string())? {
        for (m, part) in spread(&r, &mut collected)? {
            if from <= m && m <= to {
                remitted = add(remitted, part)?;
            }
        }
    }
    Ok(Unremitted { collected: total, remitted, available: sub(total, remitted)?.max(0) })
}

/// Moves a remittance into the recycle bin; returns the bin entry.
pub fn delete_remittance(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let row = store::remittance_row(tx, id)?;
        let org = crate::store::orgs::name_of(tx, row.org_id)?;
        let summary = format!("{org}上缴 {} 至 {} 党费 {} 元", row.from_month, row.to_month, yuan(row.amount_fen));
        let bin_id = bin::put(tx, BIN_ENTITY, id, &summary, &row)?;
        store::delete_remittance_row(tx, id)?;
        audit::record(tx, "删除", BIN_ENTITY, Some(id), &summary, None)?;
        Ok(bin_id)
    })
}

/// Puts a deleted remittance back.
pub fn restore_remittance(ledger: &Ledger, bin_id: i64) -> Result<Remittance> {
    ledger.write(|tx| {
        let row: RemittanceRow = bin::take(tx, bin_id, BIN_ENTITY, "党费上缴记录")?;
        crate::store::orgs::name_of(tx, row.org_id)?;
        let id = store::insert_remittance(tx, &row)?;
        audit::record(tx, "恢复", BIN_ENTITY, Some(id), "恢复党费上缴记录", None)?;
        store::remittance(tx, id)
    })
}
