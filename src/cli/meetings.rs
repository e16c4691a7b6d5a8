//! The 组织生活 commands: the year's activities, search over topics and minutes, and 学时/attendance.

use super::output::json_out;
use super::security::Target;
use crate::app::meetings::{self as app, list_activities, search_activities, ActivityFilter};
use crate::error::{Error, Result};
use crate::store::Ledger;

fn org_id(ledger: &Ledger, org: Option<&str>) -> Result<Option<i64>> {
    org.map(|k| crate::store::orgs::id_by_key(ledger.conn(), k)).transpose()
}

fn hours_text(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

pub(super) fn meetings(target: &Target, year: i32, org: Option<&str>, quarter: Option<u32>, json: bool) -> Result<()> {
    let ledger = target.open()?;
    let filter = ActivityFilter { org_id: org_id(&ledger, org)?, year, quarter, ..Default::default() };
    let rows = list_activities(&ledger, &filter)?;
    if json {
        return json_out(&rows);
    }
    for r in &rows {
        let types: Vec<&str> = r.types.iter().map(|t| t.label()).collect();
        let c = r.counts;
        println!(
            "{} {} {}｜{}｜应到 {} 实到 {} 请假 {} 缺席 {}｜{}",
            crate::model::dates::chinese_date(r.date),
            r.start_time.as_deref().unwrap_or(""),
            types.join("·"),
            r.topic,
            c.expected,
            c.present,
            c.leave,
            c.absent,
            r.org_name
        );
    }
    println!("共 {} 条", rows.len());
    Ok(())
}

pub(super) fn search(target: &Target, text: &str, org: Option<&str>, limit: u32, json: bool) -> Result<()> {
    let ledger = target.open()?;
    let hits = search_activities(&ledger, text, org_id(&ledger, org)?, limit)?;
    if json {
        return json_out(&hits);
    }
    for h in &hits {
        println!("{}｜{}｜{}", crate::model::dates::chinese_date(h.row.date), h.row.topic, h.snippet);
    }
    println!("找到 {} 条", hits.len());
    Ok(())
}

/// The requirements `zhibu hours` judges by: the profile's, with `--required` / `--committee` over them.
pub(super) struct HoursWanted {
    pub profile: Option<String>,
    pub required: Option<f64>,
    pub committee: Option<f64>,
}

pub(super) fn hours(
    target: &Target,
    year: i32,
    org: Option<&str>,
    wanted: &HoursWanted,
    today: chrono::NaiveDate,
    json: bool,
) -> Result<()> {
    let tenths = |x: f64, flag: &str| -> Result<u32> {
        if !(0.0..=10_000.0).contains(&x) {
            return Err(Error::invalid(flag, format!("学时 {x} 不合理")));
        }
        Ok((x * 10.0).round() as u32)
    };
    let ledger = target.open()?;
    let org_id = org_id(&ledger, org)?;
    let mut params = app::study_hours_params(&ledger, org_id, wanted.profile.as_deref())?;
    if let Some(r) = wanted.required {
        params.required_tenths = tenths(r, "--required")?;
    }
    if let Some(c) = wanted.committee {
        params.committee_required_tenths = Some(tenths(c, "--committee")?);
    }
    let report = app::study_hours_with(&ledger, org_id, year, params, today)?;
    if json {
        return json_out(&report);
    }
    for m in &report.members {
        let rate = m.rate_permille.map(|r| format!("{}.{}%", r / 10, r % 10)).unwrap_or_else(|| "—".to_string());
        println!(
            "{}｜{}｜学时 {}/{}{}｜出勤 {}/{}（{rate}）",
            m.name,
            m.org_name,
            hours_text(m.total_tenths),
            hours_text(m.required_tenths),
            if !m.judged {
                "（不作要求）"
            } else if m.met {
                ""
            } else {
                " 未达标"
            },
            m.present,
            m.expected
        );
    }
    println!("{} 年 {} 人，未达到学时要求 {} 人", report.year, report.members.len(), report.short);
    Ok(())
}
