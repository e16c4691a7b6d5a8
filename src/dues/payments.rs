//! Recording payments: by hand for a month (exceptions, arrears, advance payments, each against the
//! month it is for), everyone-paid-the-due for a month in one action, and deleting a payment into the
//! recycle bin (never silently: the row and its content stay recoverable with `restore_payment`).
//!
//! Each action is one transaction with one audit entry; a refused action changes nothing and names
//! the field (`entries[2].paid_fen`, `month`, `paid_on`).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::bases::{payer, payer_or_not_found};
use super::explain::yuan;
use crate::error::{Error, Problem, Result};
use crate::model::dates::Month;
use crate::store::{audit, Ledger};

/// One member's payment for the month being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaymentEntry {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub paid_fen: i64,
    pub paid_on: NaiveDate,
}

/// What recording payments did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaymentsSummary {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
}

/// A member left out of "everyone paid", and who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkippedMember {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub member: String,
    pub name: String,
}

/// What "everyone paid the due" recorded for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthAllPaid {
    /// `YYYY-MM`.
    pub month: String,
    /// Members recorded as paid exactly their due.
    pub recorded: u32,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub recorded_fen: i64,
    /// Members who already had a payment for the month (left as they were).
    pub already_paid: u32,
    /// Members whose due is 0 (approved exemption): nothing to record.
    pub exempt: u32,
    /// Members whose due is unknown (no base for the month): not recorded, to be fixed by hand.
    pub no_base: Vec<SkippedMember>,
}

/// Records payments for `month`, one per member (replacing that member's payment for the month).
pub fn record_payments(ledger: &Ledger, month: Month, entries: &[PaymentEntry]) -> Result<PaymentsSummary> {
    ledger.write(|tx| {
        let mut problems = Vec::new();
        let mut names = Vec::with_capacity(entries.len());
        let mut seen: HashMap<i64, usize> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let at = |field: &str| format!("entries[{i}].{field}");
            let Some(p) = payer(tx, e.member_id)? else {
                problems.push(Problem::new(at("member_id"), format!("未找到编号为 {} 的党员", e.member_id)));
                continue;
            };
            if let Some(why) = p.not_owed(month, "缴费月份") {
                problems.push(Problem::new(at("member_id"), why));
            }
            if e.paid_fen < 0 {
                problems
                    .push(Problem::new(at("paid_fen"), format!("实缴金额不能为负数（现为 {} 元）", yuan(e.paid_fen))));
            } else if let Some(why) = crate::model::money::amount_problem(e.paid_fen) {
                problems.push(Problem::new(at("paid_fen"), format!("实缴金额：{why}")));
            }
            if e.paid_on < p.joined_on {
                problems.push(Problem::new(
                    at("paid_on"),
                    format!("缴纳日期 {} 早于{}入党的日期 {}", e.paid_on, p.name, p.joined_on),
                ));
            }
            if let Some(first) = seen.insert(e.member_id, i) {
                problems.push(Problem::new(
                    at("member_id"),
                    format!("与 entries[{first}] 重复：同一党员同一月份只能登记一条缴费"),
                ));
            }
            names.push(p.name);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut summary = PaymentsSummary::default();
        let mut changes = Vec::new();
        let mut total: i64 = 0;
        let mut changed_names: Vec<&str> = Vec::new();
        for (e, name) in entries.iter().zip(&names) {
            match upsert_payment(tx, e.member_id, month, e.paid_fen, e.paid_on)? {
                None => summary.unchanged += 1,
                Some(before) => {
                    if before.is_some() {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                    total = total.saturating_add(e.paid_fen);
                    changed_names.push(name);
                    changes.push(serde_json::json!({
                        "member_id": e.member_id, "paid_fen": e.paid_fen, "paid_on": e.paid_on,
                        "before": before.map(|(fen, on)| serde_json::json!({ "paid_fen": fen, "paid_on": on }))
                    }));
                }
            }
        }
        if !changes.is_empty() {
            let who = match changed_names.as_slice() {
                [one] => one.to_string(),
                many => format!("{} 人", many.len()),
            };
            let text = format!(
                "登记 {month} 党费缴纳：{who}，共 {} 元（新增 {} 条，修改 {} 条）",
                yuan(total),
                summary.added,
                summary.updated
            );
            let id = (changes.len() == 1).then(|| changes[0]["member_id"].as_i64()).flatten();
            audit::record(tx, "登记", "dues_payment", id, &text, Some(&serde_json::Value::Array(changes).to_string()))?;
        }
        Ok(summary)
    })
}

/// Records every member of `org_id`'s subtree who owes `month` and has no payment for it yet as
/// having paid exactly the due the engine computes, on `paid_on`. Members with a payment are left
/// as they are; members whose due is unknown (no base) are skipped and listed.
pub fn record_month_all_paid(
    ledger: &Ledger,
    org_id: i64,
    month: Month,
    paid_on: NaiveDate,
    today: NaiveDate,
) -> Result<MonthAllPaid> {
    let mut problems = Vec::new();
    if month > Month::of(today) {
        problems.push(Problem::new("month", format!("{month} 还未到（今天是 {today}）：提前缴纳的党费请逐人登记")));
    }
    if paid_on > today {
        problems.push(Problem::new("paid_on", format!("缴纳日期 {paid_on} 晚于今天 {today}")));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    ledger.write(|tx| {
        let report = super::ledger::assemble(tx, month.year, Some(org_id), today)?;
        let key = month.to_string();
        let mut out = MonthAllPaid {
            month: key.clone(),
            recorded: 0,
            recorded_fen: 0,
            already_paid: 0,
            exempt: 0,
            no_base: Vec::new(),
        };
        for m in &report.members {
            let Some(md) = m.months.iter().find(|x| x.month == key) else { continue };
            if md.paid_on.is_some() {
                out.already_paid += 1;
                continue;
            }
            match md.due_fen {
                None => out.no_base.push(SkippedMember {
                    member_id: m.member_id,
                    member: m.member.clone(),
                    name: m.name.clone(),
                }),
                Some(0) => out.exempt += 1,
                Some(due) => {
                    upsert_payment(tx, m.member_id, month, due, paid_on)?;
                    out.recorded += 1;
                    out.recorded_fen = out.recorded_fen.saturating_add(due);
                }
            }
        }
        if out.recorded > 0 {
            let org = crate::store::orgs::name_of(tx, org_id)?;
            let mut text = format!(
                "{org} {month} 党费按应缴金额登记：{} 人，共 {} 元；已有缴费记录的 {} 人未改动",
                out.recorded,
                yuan(out.recorded_fen),
                out.already_paid
            );
            if !out.no_base.is_empty() {
                let names: Vec<&str> = out.no_base.iter().map(|s| s.name.as_str()).collect();
                text.push_str(&format!("；未设置基数未登记 {} 人：{}", names.len(), names.join("、")));
            }
            audit::record(tx, "登记", "dues_payment", None, &text, None)?;
        }
        Ok(out)
    })
}

/// The content of a deleted payment kept in the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct DeletedPayment {
    member_id: i64,
    member: String,
    name: String,
    month: String,
    paid_fen: i64,
    paid_on: NaiveDate,
}

const BIN_ENTITY: &str = "dues_payment";

/// Deletes the member's payment for `month` by moving it into the recycle bin (with its full
/// content). Returns the recycle-bin id, for `restore_payment`.
pub fn delete_payment(ledger: &Ledger, member_id: i64, month: Month) -> Result<i64> {
    ledger.write(|tx| {
        let p = payer_or_not_found(tx, member_id)?;
        let key: String = tx.query_row("SELECT key FROM members WHERE id = ?1", [member_id], |r| r.get(0))?;
        let (paid_fen, paid_on) = payment(tx, member_id, month)?
            .ok_or_else(|| Error::NotFound { what: "党费缴纳记录", key: format!("{} {month}", p.name) })?;
        let row = DeletedPayment {
            member_id,
            member: key,
            name: p.name.clone(),
            month: month.to_string(),
            paid_fen,
            paid_on,
        };
        let summary = format!("{} {month} 党费缴纳记录（{} 元，{paid_on} 缴纳）", p.name, yuan(paid_fen));
        let payload = serde_json::to_string(&row).map_err(|e| Error::Internal(e.to_string()))?;
        let bin_id = crate::store::bin::put_json(tx, BIN_ENTITY, member_id, &summary, &payload)?;
        tx.execute("DELETE FROM dues_payments WHERE member_id = ?1 AND month = ?2", params![member_id, row.month])?;
        audit::record(
            tx,
            "删除",
            "dues_payment",
            Some(member_id),
            &format!("删除{summary}，已移入回收站"),
            Some(&payload),
        )?;
        Ok(bin_id)
    })
}

/// Puts a deleted payment back from the recycle bin. Refused when the month has a payment again.
pub fn restore_payment(ledger: &Ledger, bin_id: i64) -> Result<()> {
    ledger.write(|tx| {
        let payload = crate::store::bin::take_json(tx, bin_id, BIN_ENTITY, "回收站中的党费缴纳记录")?;
        let row: DeletedPayment =
            serde_json::from_str(&payload).map_err(|e| Error::Internal(format!("回收站记录 {bin_id} 已损坏：{e}")))?;
        let month = Month::parse(&row.month)
            .ok_or_else(|| Error::Internal(format!("回收站记录 {bin_id} 的月份“{}”有误", row.month)))?;
        let p = payer(tx, row.member_id)?
            .ok_or_else(|| Error::Conflict(format!("{} 已不在台账中，不能恢复其党费缴纳记录", row.name)))?;
        if payment(tx, row.member_id, month)?.is_some() {
            return Err(Error::Conflict(format!(
                "{} {month} 已有新的缴纳记录，不能恢复；如需更正请直接修改该月的缴纳记录",
                p.name
            )));
        }
        upsert_payment(tx, row.member_id, month, row.paid_fen, row.paid_on)?;
        let text = format!("从回收站恢复{} {month} 党费缴纳记录（{} 元）", p.name, yuan(row.paid_fen));
        audit::record(tx, "恢复", "dues_payment", Some(row.member_id), &text, Some(&payload))?;
        Ok(())
    })
}

fn payment(conn: &Connection, member_id: i64, month: Month) -> Result<Option<(i64, NaiveDate)>> {
    Ok(conn
        .prepare_cached("SELECT paid_fen, paid_on FROM dues_payments WHERE member_id = ?1 AND month = ?2")?
        .query_row(params![member_id, month.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Stores the payment; `None` when exactly this was already stored, else `Some(what was stored before)`.
fn upsert_payment(
    conn: &Connection,
    member_id: i64,
    month: Month,
    paid_fen: i64,
    paid_on: NaiveDate,
) -> Result<Option<Option<(i64, NaiveDate)>>> {
    let before = payment(conn, member_id, month)?;
    if before == Some((paid_fen, paid_on)) {
        return Ok(None);
    }
    conn.prepare_cached(
        "INSERT INTO dues_payments(member_id, month, paid_fen, paid_on) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(member_id, month) DO UPDATE SET paid_fen = excluded.paid_fen, paid_on = excluded.paid_on",
    )?
    .execute(params![member_id, month.to_string(), paid_fen, paid_on])?;
    Ok(Some(before))
}
