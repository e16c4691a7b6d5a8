//! 台账设置: the month the ledger's records start (记账起始) and the dues collection day, for the
//! window's first-run form, a settings screen and `zhibu settings`.
//!
//! The start month lives in `ledger_meta` (`store::meta::start_month`); nothing before it is judged
//! missing (dues arrears and streak, rule periods that ended before it, development deadlines that
//! passed before it). The collection day is part of the dues rules (`DuesRules::collection_day`,
//! versioned by year like the brackets); here it is read and changed for the rules in force in
//! `today`'s year.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::dates::Month;
use crate::store::{audit, meta, Ledger};

/// The ledger's settings as a settings screen shows them (`zhibu settings --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LedgerSettings {
    /// 记账起始 `YYYY-MM`; null when not set (everything is judged).
    pub start_month: Option<String>,
    /// The start month in words (`2026年11月起`), or `未设置（全部月份均核对）`.
    pub start_month_label: String,
    /// The dues collection day of the rules in force in `today`'s year; null: the month's last day.
    pub collection_day: Option<u32>,
    /// `每月15日前` / `每月月底前`.
    pub collection_day_label: String,
    /// The year those dues rules were set from; null for the built-in national default.
    pub rules_from_year: Option<i32>,
    /// Where backups are kept (`备份` beside the ledger unless another folder was chosen); empty for
    /// a ledger in memory.
    pub backup_folder: String,
    /// True when the backup folder was chosen (`set_backup_dir`), false for the default.
    pub backup_folder_chosen: bool,
}

/// Reads the settings as seen on `today`.
pub fn ledger_settings(ledger: &Ledger, today: NaiveDate) -> Result<LedgerSettings> {
    let conn = ledger.conn();
    let start = meta::start_month(conn)?;
    let versions = crate::dues::versions::rules_versions(conn)?;
    let (rules_from_year, rules) = crate::dues::versions::in_force(&versions, today.year());
    Ok(LedgerSettings {
        start_month: start.map(|m| m.to_string()),
        start_month_label: match start {
            Some(m) => format!("{}年{}月起", m.year, m.month),
            None => "未设置（全部月份均核对）".to_string(),
        },
        collection_day: rules.collection_day,
        collection_day_label: rules.collection_day_label(),
        rules_from_year,
        backup_folder: match ledger.path() {
            Some(_) => super::backups::backup_dir(ledger)?.display().to_string(),
            None => String::new(),
        },
        backup_folder_chosen: super::backups::chosen_backup_dir(conn)?.is_some(),
    })
}

/// A start month typed by a person (`field` names the form field or option): `YYYY-MM`, from 2000
/// on and not after `today`'s month.
pub fn parse_start_month(field: &str, text: &str, today: NaiveDate) -> Result<Month> {
    let month = Month::parse(text).ok_or_else(|| {
        Error::invalid(field, format!("记账起始月份应写成“年-月”，如 2026-11，现为“{}”", text.trim()))
    })?;
    if month.year < 2000 {
        return Err(Error::invalid(field, format!("记账起始月份 {month} 太早，应在 2000 年以后")));
    }
    let now = Month::of(today);
    if month > now {
        return Err(Error::invalid(field, format!("记账起始月份 {month} 晚于本月（{now}），请填写台账记录开始的月份")));
    }
    Ok(month)
}

/// Sets the ledger's start month (`YYYY-MM`), or clears it with None or a blank text (everything is
/// judged again). One action, recorded in the 修改记录.
pub fn set_start_month(ledger: &Ledger, start_month: Option<&str>, today: NaiveDate) -> Result<LedgerSettings> {
    let month = match start_month.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Some(parse_start_month("start_month", text, today)?),
        None => None,
    };
    ledger.write(|tx| {
        let before = meta::start_month(tx)?;
        if before == month {
            return Ok(());
        }
        meta::set_start_month(tx, month)?;
        let summary = match month {
            Some(m) => format!("记账起始设为 {}年{}月", m.year, m.month),
            None => "取消记账起始（全部月份均核对）".to_string(),
        };
        audit::record(tx, "修改", "ledger", None, &summary, None)
    })?;
    ledger_settings(ledger, today)
}

/// Sets the dues collection day (1–31; None: the month's last day) in the rules in force from
/// `today`'s year on, keeping the rest of those rules.
pub fn set_collection_day(ledger: &Ledger, day: Option<u32>, today: NaiveDate) -> Result<LedgerSettings> {
    let year = today.year();
    let mut rules = crate::dues::rules_for_year(ledger.conn(), year)?;
    if rules.collection_day != day {
        rules.collection_day = day;
        ledger.write(|tx| crate::dues::set_rules(tx, year, &rules))?;
    }
    ledger_settings(ledger, today)
}

/// Sets the folder backups are kept in (None or blank: `备份` beside the ledger); see
/// `app::backups::set_backup_dir`.
pub fn set_backup_dir(ledger: &Ledger, dir: Option<&str>, today: NaiveDate) -> Result<LedgerSettings> {
    super::backups::set_backup_dir(ledger, dir)?;
    ledger_settings(ledger, today)
}
