//! 党建工作经费: an organisation's budget of work funds for a year by item (预算项目), the money it
//! received (单位拨付, 留存党费, 上级返还), the uses of work funds against the budget lines, and the SOE
//! share of the payroll (涪陵: 不低于职工工资总额的1%). A use larger than what its line has left is
//! asked about (`spend::check_spending`) and saved only when confirmed.
//!
//! Income of kind 留存党费 moves retained dues into the work funds: it may not exceed the retained
//! balance and counts as a use of retained dues in the dues ledger (`ledger::year_core`), so the
//! money is counted once.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::ledger::{add, sub};
use super::records::{clean, BudgetLine, FundSource, Income, IncomeKind, NewBudgetLine, NewIncome, Spending};
use super::store::{self, BudgetLineRow, IncomeRow};
use crate::error::{Error, Problem, Result};
use crate::model::money::{amount_problem, yuan};
use crate::store::{audit, bin, Ledger};

const INCOME_ENTITY: &str = "fund_income";
const LINE_ENTITY: &str = "fund_budget_line";
/// Longest 预算项目 name, in characters.
const ITEM_MAX_CHARS: usize = 40;

/// The work funds of one organisation's year: `zhibu budget --year Y --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BudgetYear {
    pub year: i32,
    /// The organisation's key.
    pub org: String,
    pub org_name: String,
    pub lines: Vec<BudgetLine>,
    /// The budget: the lines added up (or, without lines, the amount entered in the funds settings).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub budget_fen: Option<i64>,
    pub income: Vec<Income>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub allocation_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub retained_dues_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub refund_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub income_fen: i64,
    /// Uses of work funds in the year (with or without a budget line).
    pub spending: Vec<Spending>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub spent_fen: i64,
    /// Uses of work funds outside any budget line.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub unbudgeted_fen: i64,
    /// income − spent.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub balance_fen: i64,
    /// 职工工资总额 (an input, in the funds settings).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub payroll_fen: Option<i64>,
    /// 1% of the payroll, rounded up to the 分: the least budget of an SOE's party organisation.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub payroll_share_fen: Option<i64>,
    /// The budget reaches `payroll_share_fen` (None: payroll or budget not entered).
    pub share_met: Option<bool>,
    /// What needs attention, in Chinese.
    pub problems: Vec<String>,
}

/// The least budget for `permille` ‰ of `payroll_fen`, rounded up to the 分.
pub fn payroll_share(payroll_fen: i64, permille: u32) -> i64 {
    ((i128::from(payroll_fen) * i128::from(permille) + 999) / 1000) as i64
}

fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| Error::invalid("year", "年度有误"))?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| Error::invalid("year", "年度有误"))?;
    Ok((first, last))
}

pub(crate) fn line_of(conn: &rusqlite::Connection, row: BudgetLineRow) -> Result<BudgetLine> {
    let spent = store::spent_on_line(conn, row.id)?;
    Ok(BudgetLine {
        id: row.id,
        org_id: row.org_id,
        year: row.year,
        item: row.item,
        amount_fen: row.amount_fen,
        note: row.note,
        spent_fen: spent,
        left_fen: sub(row.amount_fen, spent)?,
    })
}

pub(crate) fn income_of(row: IncomeRow) -> Result<Income> {
    let kind = IncomeKind::parse(&row.kind)
        .ok_or_else(|| Error::Internal(format!("数据库中的经费收入来源“{}”无法识别", row.kind)))?;
    Ok(Income {
        id: row.id,
        org_id: row.org_id,
        received_on: row.received_on,
        amount_fen: row.amount_fen,
        kind,
        kind_label: kind.label().to_string(),
        note: row.note,
    })
}

/// The budget lines of `org_id`'s `year` with what was spent against each.
pub fn budget_lines(conn: &rusqlite::Connection, org_id: i64, year: i32) -> Result<Vec<BudgetLine>> {
    store::budget_lines(conn, org_id, year)?.into_iter().map(|r| line_of(conn, r)).collect()
}

/// The work funds of `org_id`'s `year`.
pub fn budget_year(ledger: &Ledger, org_id: i64, year: i32) -> Result<BudgetYear> {
    ledger.read(|conn| assemble(conn, org_id, year))
}

pub(crate) fn assemble(conn: &rusqlite::Connection, org_id: i64, year: i32) -> Result<BudgetYear> {
    let org = crate::store::orgs::get(conn, org_id)?;
    let (first, last) = year_bounds(year)?;
    let lines = budget_lines(conn, org_id, year)?;
    let income: Vec<Income> =
        store::incomes(conn, &[org_id], first, last)?.into_iter().map(income_of).collect::<Result<_>>()?;
    let spending: Vec<Spending> =
        store::spendings(conn, &[org_id], first, last)?.into_iter().filter(|s| s.source == FundSource::Funds).collect();
    let (mut allocation, mut retained, mut refund) = (0i64, 0i64, 0i64);
    for i in &income {
        let slot = match i.kind {
            IncomeKind::Allocation => &mut allocation,
            IncomeKind::RetainedDues => &mut retained,
            IncomeKind::Refund => &mut refund,
        };
        *slot = add(*slot, i.amount_fen)?;
    }
    let income_fen = add(add(allocation, retained)?, refund)?;
    let (mut spent, mut unbudgeted) = (0i64, 0i64);
    for s in &spending {
        spent = add(spent, s.amount_fen)?;
        if s.budget_line_id.is_none() {
            unbudgeted = add(unbudgeted, s.amount_fen)?;
        }
    }
    let set = super::settings::year_budget(conn, org_id, year)?;
    let share = set.payroll_fen.map(|p| payroll_share(p, 10));
    let share_met = match (share, set.budget_fen) {
        (Some(need), Some(b)) => Some(b >= need),
        _ => None,
    };
    let balance = sub(income_fen, spent)?;
    let mut problems = Vec::new();
    for l in lines.iter().filter(|l| l.left_fen < 0) {
        problems.push(format!("预算项目“{}”已超支 {} 元", l.item, yuan(-l.left_fen)));
    }
    if balance < 0 {
        problems.push(format!("经费支出超过收入 {} 元", yuan(-balance)));
    }
    if share_met == Some(false) {
        problems.push(format!(
            "党组织工作经费预算 {} 元低于职工工资总额的1%（{} 元）",
            yuan(set.budget_fen.unwrap_or(0)),
            yuan(share.unwrap_or(0))
        ));
    }
    Ok(BudgetYear {
        year,
        org: org.key.clone(),
        org_name: org.fields.name.clone(),
        lines,
        budget_fen: set.budget_fen,
        income,
        allocation_fen: allocation,
        retained_dues_fen: retained,
        refund_fen: refund,
        income_fen,
        spending,
        spent_fen: spent,
        unbudgeted_fen: unbudgeted,
        balance_fen: balance,
        payroll_fen: set.payroll_fen,
        payroll_share_fen: share,
        share_met,
        problems,
    })
}

/// Enters a budget line (an item already in the year's budget gets the new amount and note).
pub fn save_budget_line(ledger: &Ledger, input: &NewBudgetLine) -> Result<BudgetLine> {
    ledger.write(|tx| {
        let org = crate::store::orgs::name_of(tx, input.org_id)?;
        let item = input.item.trim();
        let mut p = Vec::new();
        if !(2000..=2100).contains(&input.year) {
            p.push(Problem::new("year", format!("年度“{}”应在2000到2100之间", input.year)));
        }
        if item.is_empty() {
            p.push(Problem::new("item", "请填写预算项目（例如：党员教育培训）"));
        } else if item.chars().count() > ITEM_MAX_CHARS {
            p.push(Problem::new("item", format!("预算项目过长：最多 {ITEM_MAX_CHARS} 个字")));
        }
        if let Some(m) = amount_problem(input.amount_fen) {
            p.push(Problem::new("amount_fen", m));
        }
        if input.note.as_deref().is_some_and(|t| t.trim().chars().count() > super::records::TEXT_MAX_CHARS) {
            p.push(Problem::new("note", format!("备注过长：最多 {} 个字", super::records::TEXT_MAX_CHARS)));
        }
        if !p.is_empty() {
            return Err(Error::Invalid(p));
        }
        let row = BudgetLineRow {
            id: 0,
            org_id: input.org_id,
            year: input.year,
            item: item.to_string(),
            amount_fen: input.amount_fen,
            note: clean(&input.note),
        };
        let id = store::upsert_budget_line(tx, &row)?;
        let text = format!("{org}{}年经费预算：{item} {} 元", input.year, yuan(input.amount_fen));
        audit::record(tx, "修改", LINE_ENTITY, Some(id), &text, None)?;
        let row = store::budget_line(tx, id)?.ok_or(Error::NotFound { what: "预算项目", key: id.to_string() })?;
        line_of(tx, row)
    })
}

/// Removes a budget line (the uses counted against it stay, outside any line).
pub fn delete_budget_line(ledger: &Ledger, id: i64) -> Result<()> {
    ledger.write(|tx| {
        let row = store::budget_line(tx, id)?.ok_or(Error::NotFound { what: "预算项目", key: id.to_string() })?;
        let org = crate::store::orgs::name_of(tx, row.org_id)?;
        store::delete_budget_line(tx, id)?;
        let text = format!("{org}{}年经费预算删除项目：{}", row.year, row.item);
        audit::record(tx, "删除", LINE_ENTITY, Some(id), &text, None)?;
        Ok(())
    })
}

/// Records money received into the work funds (one transaction; a refusal changes nothing).
pub fn record_income(ledger: &Ledger, input: &NewIncome, today: NaiveDate) -> Result<Income> {
    ledger.write(|tx| record_income_in(tx, input, today))
}

pub(crate) fn record_income_in(tx: &rusqlite::Transaction, input: &NewIncome, today: NaiveDate) -> Result<Income> {
    let org = crate::store::orgs::name_of(tx, input.org_id)?;
    let mut p = Vec::new();
    if input.received_on > today {
        p.push(Problem::new("received_on", format!("收入日期 {} 晚于今天（{today}）", input.received_on)));
    }
    if input.amount_fen == 0 {
        p.push(Problem::new("amount_fen", "收入金额应大于 0"));
    } else if let Some(m) = amount_problem(input.amount_fen) {
        p.push(Problem::new("amount_fen", m));
    }
    if input.note.as_deref().is_some_and(|t| t.trim().chars().count() > super::records::TEXT_MAX_CHARS) {
        p.push(Problem::new("note", format!("备注过长：最多 {} 个字", super::records::TEXT_MAX_CHARS)));
    }
    if !p.is_empty() {
        return Err(Error::Invalid(p));
    }
    if input.kind == IncomeKind::RetainedDues {
        let year = input.received_on.max(today).year();
        let balance = super::ledger::dues_balance(tx, input.org_id, year, today)?;
        if input.amount_fen > balance {
            return Err(Error::invalid(
                "amount_fen",
                format!(
                    "转入 {} 元超过{org}留存党费结余 {} 元，不能登记",
                    yuan(input.amount_fen),
                    yuan(balance.max(0))
                ),
            ));
        }
    }
    let row = IncomeRow {
        id: 0,
        org_id: input.org_id,
        received_on: input.received_on,
        amount_fen: input.amount_fen,
        kind: input.kind.code().to_string(),
        note: clean(&input.note),
        created_at: crate::store::now_stamp(),
    };
    let id = store::insert_income(tx, &row)?;
    let text =
        format!("{org}党建工作经费收入 {} 元（{}，{}）", yuan(input.amount_fen), input.kind.label(), input.received_on);
    audit::record(tx, "新增", INCOME_ENTITY, Some(id), &text, None)?;
    income_of(store::income_row(tx, id)?)
}

/// Moves an income record into the recycle bin; returns the bin entry.
pub fn delete_income(ledger: &Ledger, id: i64) -> Result<i64> {
    ledger.write(|tx| {
        let row = store::income_row(tx, id)?;
        let org = crate::store::orgs::name_of(tx, row.org_id)?;
        let summary = format!("{org}经费收入 {} 元（{}）", yuan(row.amount_fen), row.received_on);
        let bin_id = bin::put(tx, INCOME_ENTITY, id, &summary, &row)?;
        store::delete_income_row(tx, id)?;
        audit::record(tx, "删除", INCOME_ENTITY, Some(id), &summary, None)?;
        Ok(bin_id)
    })
}

/// Puts a deleted income record back.
pub fn restore_income(ledger: &Ledger, bin_id: i64) -> Result<Income> {
    ledger.write(|tx| {
        let row: IncomeRow = bin::take(tx, bin_id, INCOME_ENTITY, "经费收入记录")?;
        crate::store::orgs::name_of(tx, row.org_id)?;
        let id = store::insert_income(tx, &row)?;
        audit::record(tx, "恢复", INCOME_ENTITY, Some(id), "恢复经费收入记录", None)?;
        income_of(store::income_row(tx, id)?)
    })
}
