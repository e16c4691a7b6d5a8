//! The year's money ledger of an organisation's subtree (`zhibu funds --json`): per month and for the
//! year, dues collected (the dues engine's `paid_fen` per member-month, summed — `dues::ledger`, the one
//! definition, never recomputed here), remitted, retained = collected − remitted, used (from retained
//! dues) and balance = retained − used; the balance carried from earlier years; what is still to remit.
//!
//! A remittance covers a range of months; it is spread over them in proportion to what each collected
//! (whole 分 down, the remainder to the last month that collected anything), so a quarter remitted in
//! full leaves every month of it with nothing retained. A use of money counts in the month it was made.
//! 补缴 (dues paid after the month's deadline) is kept apart in `late_fen` (景德镇 item 22: 补交党费账目
//! 单独列支).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::records::{FundSource, Remittance, Spending};
use super::settings::FundsSettings;
use crate::error::{Error, Result};
use crate::model::dates::Month;
use crate::store::Ledger;

/// One month of the money ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FundsMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Dues paid for the month (the dues report's `paid_fen`, every member).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub collected_fen: i64,
    /// The part of `collected_fen` paid late (补缴).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub late_fen: i64,
    /// Remitted to the 党委 for the month.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub remitted_fen: i64,
    /// collected − remitted.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub retained_fen: i64,
    /// What the rule asks to remit: collected less the share the branch keeps.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub remit_due_fen: i64,
    /// Retained dues used in the month.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub used_fen: i64,
    /// retained − used.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub balance_fen: i64,
    /// Work funds (党建工作经费) used in the month.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub funds_used_fen: i64,
}

/// The year's sums.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FundsTotals {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub collected_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub late_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub remitted_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub retained_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub remit_due_fen: i64,
    /// remit_due − remitted, when positive: still to hand over.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub to_remit_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub used_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub balance_fen: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub funds_used_fen: i64,
}

/// The year's money ledger: `zhibu funds --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FundsYear {
    pub year: i32,
    /// The organisation's key; null for the whole ledger.
    pub org: Option<String>,
    pub today: NaiveDate,
    /// January to December.
    pub months: Vec<FundsMonth>,
    pub totals: FundsTotals,
    /// Retained dues left from earlier years (the opening balance included).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub carried_fen: i64,
    /// carried + the year's balance.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub closing_fen: i64,
    pub retain_permille: u32,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub approval_threshold_fen: i64,
    /// Remittances covering a month of the year.
    pub remittances: Vec<Remittance>,
    /// Uses of money in the year (retained dues and work funds).
    pub spending: Vec<Spending>,
    /// Uses above the threshold without a 支委会 / 党员大会 decision: their ids.
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub unapproved_large: Vec<i64>,
    /// What needs attention, in Chinese.
    pub problems: Vec<String>,
}

/// Sums of 分 that cannot overflow silently.
pub(crate) fn add(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b).ok_or_else(|| Error::Internal("金额合计超出范围".to_string()))
}

pub(crate) fn sub(a: i64, b: i64) -> Result<i64> {
    a.checked_sub(b).ok_or_else(|| Error::Internal("金额相减超出范围".to_string()))
}

/// `fen` × `permille` / 1000, rounded half up.
fn share(fen: i64, permille: u32) -> Result<i64> {
    let x = i128::from(fen) * i128::from(permille);
    i64::try_from((x + 500).div_euclid(1000)).map_err(|_| Error::Internal("金额超出范围".to_string()))
}

/// Dues collected per month (collected, late), read from the dues engine, cached by year.
pub(crate) struct Collected<'a> {
    conn: &'a Connection,
    org_id: Option<i64>,
    today: NaiveDate,
    years: HashMap<i32, [(i64, i64); 12]>,
}

impl<'a> Collected<'a> {
    pub(crate) fn new(conn: &'a Connection, org_id: Option<i64>, today: NaiveDate) -> Self {
        Collected { conn, org_id, today, years: HashMap::new() }
    }

    pub(crate) fn year(&mut self, year: i32) -> Result<[(i64, i64); 12]> {
        if let Some(y) = self.years.get(&year) {
            return Ok(*y);
        }
        let report = crate::dues::ledger::assemble(self.conn, year, self.org_id, self.today)?;
        let mut out = [(0i64, 0i64); 12];
        for m in &report.members {
            for d in &m.months {
                let Some(month) = Month::parse(&d.month) else { continue };
                let slot = &mut out[(month.month - 1) as usize];
                slot.0 = add(slot.0, d.paid_fen)?;
                if d.late {
                    slot.1 = add(slot.1, d.paid_fen)?;
                }
            }
        }
        self.years.insert(year, out);
        Ok(out)
    }

    pub(crate) fn month(&mut self, m: Month) -> Result<i64> {
        Ok(self.year(m.year)?[(m.month - 1) as usize].0)
    }

    /// Σ collected over `from..=to`.
    pub(crate) fn range(&mut self, from: Month, to: Month) -> Result<i64> {
        let mut sum = 0;
        for m in months(from, to) {
            sum = add(sum, self.month(m)?)?;
        }
        Ok(sum)
    }
}

/// The months `from..=to` (empty when `to` is before `from`).
pub(crate) fn months(from: Month, to: Month) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = from;
    while m <= to && out.len() < 1200 {
        out.push(m);
        m = m.next();
    }
    out
}

/// A remittance spread over the months it covers, in proportion to what each collected.
pub(crate) fn spread(r: &Remittance, collected: &mut Collected) -> Result<Vec<(Month, i64)>> {
    let (Some(from), Some(to)) = (Month::parse(&r.from_month), Month::parse(&r.to_month)) else {
        return Err(Error::Internal(format!("数据库中的上缴期间“{} 至 {}”格式有误", r.from_month, r.to_month)));
    };
    let covered = months(from, to);
    let weights: Vec<i64> = covered.iter().map(|&m| collected.month(m)).collect::<Result<_>>()?;
    let total: i64 = weights.iter().try_fold(0, |s, &w| add(s, w))?;
    if total == 0 {
        return Ok(vec![(to, r.amount_fen)]);
    }
    let mut out = Vec::with_capacity(covered.len());
    let mut given = 0i64;
    for (&m, &w) in covered.iter().zip(&weights) {
        let part = i64::try_from(i128::from(r.amount_fen) * i128::from(w) / i128::from(total))
            .map_err(|_| Error::Internal("金额超出范围".to_string()))?;
        given = add(given, part)?;
        out.push((m, part));
    }
    let last = weights.iter().rposition(|&w| w > 0).unwrap_or(out.len() - 1);
    out[last].1 = add(out[last].1, sub(r.amount_fen, given)?)?;
    Ok(out)
}

/// The year's money ledger of `org_id`'s subtree (the whole ledger when None), as seen on `today`.
pub fn year_ledger(ledger: &Ledger, year: i32, org_id: Option<i64>, today: NaiveDate) -> Result<FundsYear> {
    ledger.read(|conn| assemble(conn, year, org_id, today))
}

pub(crate) fn assemble(conn: &Connection, year: i32, org_id: Option<i64>, today: NaiveDate) -> Result<FundsYear> {
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid("--year", format!("年度“{year}”应在2000到2100之间")));
    }
    let org_ids = super::store::scope_ids(conn, org_id)?;
    let org = org_id.map(|id| crate::store::orgs::get(conn, id).map(|o| o.key)).transpose()?;
    let settings = super::settings::read(conn)?;
    let mut collected = Collected::new(conn, org_id, today);
    let mut carried: i64 = org_ids.iter().filter_map(|id| settings.opening_dues_fen.get(id)).sum();
    if let Some(first) = super::store::first_money_year(conn, &org_ids)? {
        for y in first.max(2000)..year {
            let (_, totals, _, _) = year_core(conn, y, &org_ids, &settings, &mut collected)?;
            carried = add(carried, totals.balance_fen)?;
        }
    }
    let (months, totals, remittances, spending) = year_core(conn, year, &org_ids, &settings, &mut collected)?;
    let closing = add(carried, totals.balance_fen)?;
    let unapproved_large: Vec<i64> = spending
        .iter()
        .filter(|s| s.amount_fen > settings.approval_threshold_fen && s.approved_by.is_none())
        .map(|s| s.id)
        .collect();
    let mut problems = Vec::new();
    if closing < 0 {
        problems.push(format!(
            "留存党费结余为负（{} 元）：支出超过了留存，请核对上缴、支出记录或登记期初结余",
            crate::model::money::yuan(closing)
        ));
    }
    if !unapproved_large.is_empty() {
        problems.push(format!(
            "{} 笔支出超过 {} 元，未关联支委会或党员大会的集体研究决定",
            unapproved_large.len(),
            crate::model::money::yuan(settings.approval_threshold_fen)
        ));
    }
    if totals.to_remit_fen > 0 {
        problems.push(format!("尚有 {} 元党费应上缴未上缴", crate::model::money::yuan(totals.to_remit_fen)));
    }
    Ok(FundsYear {
        year,
        org,
        today,
        months,
        totals,
        carried_fen: carried,
        closing_fen: closing,
        retain_permille: settings.retain_permille,
        approval_threshold_fen: settings.approval_threshold_fen,
        remittances,
        spending,
        unapproved_large,
        problems,
    })
}

type YearCore = (Vec<FundsMonth>, FundsTotals, Vec<Remittance>, Vec<Spending>);

fn year_core(
    conn: &Connection,
    year: i32,
    org_ids: &[i64],
    settings: &FundsSettings,
    collected: &mut Collected,
) -> Result<YearCore> {
    let dues = collected.year(year)?;
    let mut months: Vec<FundsMonth> = (1..=12)
        .map(|m| {
            let (c, late) = dues[(m - 1) as usize];
            FundsMonth {
                month: Month { year, month: m }.to_string(),
                collected_fen: c,
                late_fen: late,
                ..Default::default()
            }
        })
        .collect();
    let remittances = super::store::remittances(conn, org_ids, &format!("{year:04}-01"), &format!("{year:04}-12"))?;
    for r in &remittances {
        for (m, part) in spread(r, collected)? {
            if m.year == year {
                let slot = &mut months[(m.month - 1) as usize];
                slot.remitted_fen = add(slot.remitted_fen, part)?;
            }
        }
    }
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    let spending = super::store::spendings(conn, org_ids, first, last)?;
    for s in &spending {
        let slot = &mut months[(Month::of(s.spent_on).month - 1) as usize];
        match s.source {
            FundSource::Dues => slot.used_fen = add(slot.used_fen, s.amount_fen)?,
            FundSource::Funds => slot.funds_used_fen = add(slot.funds_used_fen, s.amount_fen)?,
        }
    }
    // Retained dues moved into the work funds (`budget`) are used in the month they moved.
    for i in super::store::incomes(conn, org_ids, first, last)? {
        if i.kind == super::records::IncomeKind::RetainedDues.code() {
            let slot = &mut months[(Month::of(i.received_on).month - 1) as usize];
            slot.used_fen = add(slot.used_fen, i.amount_fen)?;
        }
    }
    let mut t = FundsTotals::default();
    for m in &mut months {
        m.retained_fen = sub(m.collected_fen, m.remitted_fen)?;
        m.balance_fen = sub(m.retained_fen, m.used_fen)?;
        m.remit_due_fen = sub(m.collected_fen, share(m.collected_fen, settings.retain_permille)?)?;
        t.collected_fen = add(t.collected_fen, m.collected_fen)?;
        t.late_fen = add(t.late_fen, m.late_fen)?;
        t.remitted_fen = add(t.remitted_fen, m.remitted_fen)?;
        t.retained_fen = add(t.retained_fen, m.retained_fen)?;
        t.remit_due_fen = add(t.remit_due_fen, m.remit_due_fen)?;
        t.used_fen = add(t.used_fen, m.used_fen)?;
        t.balance_fen = add(t.balance_fen, m.balance_fen)?;
        t.funds_used_fen = add(t.funds_used_fen, m.funds_used_fen)?;
    }
    t.to_remit_fen = sub(t.remit_due_fen, t.remitted_fen)?.max(0);
    Ok((months, t, remittances, spending))
}

/// Retained dues of `org_id`'s subtree still unspent at the end of `year` (carried + the year's
/// balance): what a use of retained dues in that year may take.
pub(crate) fn dues_balance(conn: &Connection, org_id: i64, year: i32, today: NaiveDate) -> Result<i64> {
    Ok(assemble(conn, year, Some(org_id), today)?.closing_fen)
}

impl FundsYear {
    /// The ledger as plain text for the terminal.
    pub fn summary_text(&self) -> String {
        use crate::model::money::yuan;
        let mut out = format!("{} 年党费收缴、上缴、使用情况（截至 {}）\n", self.year, self.today.format("%Y-%m-%d"));
        out.push_str("月份\t收缴\t其中补缴\t上缴\t留存\t使用\t结余\n");
        for m in &self.months {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                m.month,
                yuan(m.collected_fen),
                yuan(m.late_fen),
                yuan(m.remitted_fen),
                yuan(m.retained_fen),
                yuan(m.used_fen),
                yuan(m.balance_fen)
            ));
        }
        let t = &self.totals;
        out.push_str(&format!(
            "全年\t{}\t{}\t{}\t{}\t{}\t{}\n上年结转 {} 元，年末结余 {} 元；应上缴 {} 元，尚未上缴 {} 元；党建工作经费支出 {} 元\n",
            yuan(t.collected_fen),
            yuan(t.late_fen),
            yuan(t.remitted_fen),
            yuan(t.retained_fen),
            yuan(t.used_fen),
            yuan(t.balance_fen),
            yuan(self.carried_fen),
            yuan(self.closing_fen),
            yuan(t.remit_due_fen),
            yuan(t.to_remit_fen),
            yuan(t.funds_used_fen)
        ));
        for p in &self.problems {
            out.push_str(&format!("注意：{p}\n"));
        }
        out
    }
}
