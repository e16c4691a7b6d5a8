//! `export-report` and `receive` (报送上级 / 接收报送).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::app::reports::{self, ReceiveReport};
use crate::app::system_today;
use crate::error::{Error, Result};
use crate::store::Ledger;

pub(super) fn export(
    ledger: &Ledger,
    out: &Path,
    org: Option<&str>,
    period: Option<&str>,
    today: Option<NaiveDate>,
) -> Result<()> {
    let m = reports::export_report(ledger, out, org, period, today.unwrap_or_else(system_today))?;
    println!(
        "已写出报送文件：{}（{}，{}；党员 {} 名，会议活动 {} 次，党费记录 {} 条，发展党员 {} 人）",
        out.display(),
        m.org_name,
        m.period,
        m.counts.members,
        m.counts.meetings,
        m.counts.payments,
        m.counts.development
    );
    Ok(())
}

pub(super) fn receive(
    ledger: &Ledger,
    paths: &[PathBuf],
    preview: bool,
    json: bool,
    today: Option<NaiveDate>,
) -> Result<()> {
    let report = reports::receive(ledger, paths, preview, today.unwrap_or_else(system_today), |_, _| {})?;
    if json {
        super::output::json_out(&report)?;
    } else {
        print_lines(&report);
    }
    let refused = report.refused();
    if refused > 0 {
        return Err(Error::Conflict(format!(
            "{} 个文件中有 {refused} 个被拒收（见上），其余 {} 个{}",
            report.files.len(),
            report.files.len() - refused,
            if preview { "可以接收" } else { "已接收" }
        )));
    }
    Ok(())
}

fn print_lines(report: &ReceiveReport) {
    for f in &report.files {
        match (&f.receipt, &f.refused) {
            (Some(r), _) => {
                let verb = if report.preview { "可接收" } else { "已接收" };
                let mut line = format!("{verb}：{} → {}（{}）", f.file, r.org_name, r.period);
                if r.same_as_before {
                    line.push_str("：与上次报送相同，无变化");
                } else {
                    line.push_str(&format!(
                        "：党员新增 {} 名、不再列出 {} 名，会议活动新增 {} 次，党费记录新增 {} 条；{}",
                        r.members_in.len(),
                        r.members_out.len(),
                        r.meetings_added,
                        r.payments_added,
                        r.import.summary()
                    ));
                }
                if let Some(prev) = &r.previous_report {
                    line.push_str(&format!("（上次报送 {prev}）"));
                }
                println!("{line}");
                if !r.members_out.is_empty() {
                    println!("  上次报送有、本次没有的党员（台账中保留，未删除）：{}", r.members_out.join("、"));
                }
                for c in &r.conflicts {
                    println!(
                        "  待核实：{}（身份证号 {}）已在“{}”，是否为组织关系转接？台账中暂为两条记录",
                        c.name, c.id_number, c.other_org
                    );
                }
            }
            (None, Some(reason)) => println!("拒收：{reason}"),
            (None, None) => {}
        }
    }
}

pub(super) fn branches(ledger: &Ledger, year: Option<i32>, json: bool, today: Option<NaiveDate>) -> Result<()> {
    let mut day = today.unwrap_or_else(system_today);
    if let Some(y) = year.filter(|y| *y != chrono::Datelike::year(&day)) {
        day = NaiveDate::from_ymd_opt(y, 12, 31)
            .ok_or_else(|| Error::invalid("--year", format!("年度“{y}”不是有效年份")))?;
    }
    let rows = reports::branches_table(ledger, day)?;
    if json {
        return super::output::json_out(&rows);
    }
    for r in &rows {
        let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
        println!(
            "{}：党员 {} 名；{} 三会一课 {}/{} 次；未达标 {} 项；党费 应缴 {} 元、已缴 {} 元；最近报送 {}",
            r.name,
            r.members,
            r.quarter,
            r.meetings_held,
            r.meetings_required,
            r.unmet,
            yuan(r.dues_due_fen),
            yuan(r.dues_paid_fen),
            r.last_report.as_deref().unwrap_or("未报送")
        );
    }
    Ok(())
}
