//! The funds settings: the amount above which a use of money needs a collective decision (大额支出),
//! the share of collected dues a branch keeps (留存比例, by its committee's rule; 0 = remit all), and
//! each organisation's opening balance of retained dues (结余 from before the ledger's records).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::model::money::{amount_problem, yuan};
use crate::store::{audit, meta, Ledger};

/// 1,000 元: a use of money above it is 大额 unless the branch sets another amount.
pub const DEFAULT_APPROVAL_THRESHOLD_FEN: i64 = 100_000;

const THRESHOLD: &str = "funds.approval_threshold_fen";
const RETAIN: &str = "funds.retain_permille";
const OPENING: &str = "funds.opening_dues_fen.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FundsSettings {
    /// A use of money above this needs a 支委会 or 党员大会 decision.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub approval_threshold_fen: i64,
    /// The share of collected dues the branch keeps, in ‰ (0: everything is remitted).
    pub retain_permille: u32,
    /// Opening balances of retained dues by organisation id (before the ledger's records).
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = std::collections::HashMap<String, specta_typescript::Number>))]
    pub opening_dues_fen: HashMap<i64, i64>,
}

pub(crate) fn read(conn: &rusqlite::Connection) -> Result<FundsSettings> {
    let stored = super::store::settings(conn)?;
    let bad = |name: &str, v: &str| Error::Internal(format!("台账设置 {name} 的值“{v}”有误"));
    let threshold = match stored.get(THRESHOLD) {
        Some(v) => v.parse().map_err(|_| bad(THRESHOLD, v))?,
        None => DEFAULT_APPROVAL_THRESHOLD_FEN,
    };
    let retain = match stored.get(RETAIN) {
        Some(v) => v.parse().map_err(|_| bad(RETAIN, v))?,
        None => 0,
    };
    let mut opening = HashMap::new();
    for (name, v) in &stored {
        if let Some(id) = name.strip_prefix(OPENING) {
            let id: i64 = id.parse().map_err(|_| bad(name, v))?;
            opening.insert(id, v.parse().map_err(|_| bad(name, v))?);
        }
    }
    Ok(FundsSettings { approval_threshold_fen: threshold, retain_permille: retain, opening_dues_fen: opening })
}

/// An organisation's year: the 职工工资总额 (payroll, an input) and the 党组织工作经费 in the year's
/// budget (its budget lines added up, or the single amount entered when it has none), for the SOE rule 经费不低于职工工资总额的1% (涪陵).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct YearBudget {
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub payroll_fen: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub budget_fen: Option<i64>,
}

fn budget_key(what: &str, org_id: i64, year: i32) -> String {
    format!("funds.{what}.{org_id}.{year}")
}

/// The payroll and budget recorded for `org_id`'s `year`.
pub fn year_budget(conn: &rusqlite::Connection, org_id: i64, year: i32) -> Result<YearBudget> {
    let get = |what: &str| -> Result<Option<i64>> {
        let name = budget_key(what, org_id, year);
        match meta::setting(conn, &name)? {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| Error::Internal(format!("台账设置 {name} 的值“{v}”有误"))),
        }
    };
    // The budget lines, when the year has any, are the budget (one figure, not two).
    let lines = super::store::budget_lines(conn, org_id, year)?;
    let budget_fen = if lines.is_empty() {
        get("budget_fen")?
    } else {
        let mut total = 0i64;
        for l in &lines {
            total = super::ledger::add(total, l.amount_fen)?;
        }
        Some(total)
    };
    Ok(YearBudget { payroll_fen: get("payroll_fen")?, budget_fen })
}

/// Records the payroll and/or the budget of `org_id`'s `year` (a field left None stays as it is).
pub fn set_year_budget(ledger: &Ledger, org_id: i64, year: i32, input: YearBudget) -> Result<YearBudget> {
    ledger.write(|tx| {
        let org = crate::store::orgs::name_of(tx, org_id)?;
        let mut problems = Vec::new();
        if !(2000..=2100).contains(&year) {
            problems.push(Problem::new("year", format!("年度“{year}”应在2000到2100之间")));
        }
        for (field, fen) in [("payroll_fen", input.payroll_fen), ("budget_fen", input.budget_fen)] {
            if let Some(p) = fen.and_then(amount_problem) {
                problems.push(Problem::new(field, p));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut said = Vec::new();
        if let Some(fen) = input.payroll_fen {
            meta::set_setting(tx, &budget_key("payroll_fen", org_id, year), &fen.to_string())?;
            said.push(format!("职工工资总额 {} 元", yuan(fen)));
        }
        if let Some(fen) = input.budget_fen {
            meta::set_setting(tx, &budget_key("budget_fen", org_id, year), &fen.to_string())?;
            said.push(format!("党组织工作经费预算 {} 元", yuan(fen)));
        }
        if !said.is_empty() {
            audit::record(tx, "修改", "settings", None, &format!("{org}{year}年{}", said.join("，")), None)?;
        }
        year_budget(tx, org_id, year)
    })
}

/// Sets the share of collected dues kept, without an audit entry (the demo's ledger set-up).
pub(crate) fn set_retain_permille(conn: &rusqlite::Connection, permille: u32) -> Result<()> {
    meta::set_setting(conn, RETAIN, &permille.min(1000).to_string())
}

pub fn funds_settings(ledger: &Ledger) -> Result<FundsSettings> {
    read(ledger.conn())
}

/// What a settings change asks for; a field left None stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FundsSettingsInput {
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub approval_threshold_fen: Option<i64>,
    pub retain_permille: Option<u32>,
    /// The opening balance of retained dues of `org_id`.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub opening_dues_fen: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub org_id: Option<i64>,
}

/// Saves the settings given, as one action.
pub fn set_funds_settings(ledger: &Ledger, input: &FundsSettingsInput) -> Result<FundsSettings> {
    ledger.write(|tx| {
        let mut problems = Vec::new();
        if let Some(fen) = input.approval_threshold_fen {
            if let Some(p) = amount_problem(fen) {
                problems.push(Problem::new("approval_threshold_fen", p));
            }
        }
        if input.retain_permille.is_some_and(|p| p > 1000) {
            problems.push(Problem::new("retain_permille", "留存比例应在 0 到 1000‰ 之间"));
        }
        if let Some(fen) = input.opening_dues_fen {
            if let Some(p) = amount_problem(fen) {
                problems.push(Problem::new("opening_dues_fen", p));
            }
            if input.org_id.is_none() {
                problems.push(Problem::new("org_id", "期初结余应指明组织"));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut said = Vec::new();
        if let Some(fen) = input.approval_threshold_fen {
            meta::set_setting(tx, THRESHOLD, &fen.to_string())?;
            said.push(format!("大额支出标准 {} 元", yuan(fen)));
        }
        if let Some(p) = input.retain_permille {
            meta::set_setting(tx, RETAIN, &p.to_string())?;
            said.push(format!("党费留存比例 {}‰", p));
        }
        if let (Some(fen), Some(org_id)) = (input.opening_dues_fen, input.org_id) {
            let org = crate::store::orgs::name_of(tx, org_id)?;
            meta::set_setting(tx, &format!("{OPENING}{org_id}"), &fen.to_string())?;
            said.push(format!("{org}留存党费期初结余 {} 元", yuan(fen)));
        }
        if !said.is_empty() {
            audit::record(tx, "修改", "settings", None, &format!("经费设置：{}", said.join("，")), None)?;
        }
        read(tx)
    })
}
