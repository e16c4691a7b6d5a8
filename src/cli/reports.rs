//! `export-report` and `receive` (报送上级 / 接收报送).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::app::reports::{self, ReceiveReport};
use crate::app::system_today;
use crate::error::{Error, Result};
use crate::model::dates::chinese_date;
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
    org: Option<&str>,
    preview: bool,
    json: bool,
    today: Option<NaiveDate>,
) -> Result<()> {
    let today = today.unwrap_or_else(system_today);
    let report = match (org, paths) {
        (None, _) => reports::receive(ledger, paths, preview, today, |_, _| {})?,
        (Some(key), [one]) if !one.is_dir() => reports::receive_into(ledger, one, key, preview, today)?,
        (Some(_), _) => return Err(Error::invalid("--org", "指定对应的组织时只能给一个报送文件")),
    };
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
                        "  待核实：{}（身份证号 {}）已在“{}”，是否为组织关系转接？台账中暂为两条记录（用 zhibu transfers 核实）",
                        c.name, c.id_number, c.other_org
                    );
                }
            }
            (None, Some(reason)) => println!("拒收：{reason}"),
            (None, None) => {}
        }
    }
}

pub(super) fn branches(
    ledger: &Ledger,
    year: Option<i32>,
    profile: Option<&str>,
    json: bool,
    today: Option<NaiveDate>,
) -> Result<()> {
    let today = today.unwrap_or_else(system_today);
    let rows = reports::branches_table(ledger, year.unwrap_or(chrono::Datelike::year(&today)), today, profile)?;
    if json {
        return super::output::json_out(&rows);
    }
    for r in &rows {
        let meetings: Vec<String> = r.meetings.iter().map(|m| format!("{} {}", m.activity.label(), m.count)).collect();
        println!(
            "{}：党员 {} 名；{} 三会一课 {}/{} 次；全年会议 {}；学时达标 {}/{} 人；发展党员 {} 人；未达标 {} 项（已逾期 {} 项）；党费 应缴 {} 元、已缴 {} 元；最近报送 {}",
            r.name,
            r.members,
            r.quarter,
            r.meetings_held,
            r.meetings_required,
            if meetings.is_empty() { "无".to_string() } else { meetings.join("、") },
            r.study_met,
            r.study_judged,
            r.development,
            r.unmet,
            r.overdue,
            crate::model::money::yuan(r.dues_due_fen),
            crate::model::money::yuan(r.dues_paid_fen),
            r.last_report.as_deref().unwrap_or("未报送")
        );
    }
    Ok(())
}

pub(super) fn matrix(
    ledger: &Ledger,
    year: Option<i32>,
    profile: Option<&str>,
    json: bool,
    today: Option<NaiveDate>,
) -> Result<()> {
    let today = today.unwrap_or_else(system_today);
    let m = reports::branch_matrix(ledger, year.unwrap_or(chrono::Datelike::year(&today)), today, profile)?;
    if json {
        return super::output::json_out(&m);
    }
    for row in &m.rows {
        let mut by: [Vec<&str>; 4] = Default::default();
        for (rule, cell) in m.rules.iter().zip(&row.cells) {
            let i = match cell.status {
                Some(crate::standards::Status::Unmet) => 0,
                Some(crate::standards::Status::Pending) => 1,
                Some(crate::standards::Status::Manual) => 2,
                Some(crate::standards::Status::Met) => 3,
                None => continue,
            };
            by[i].push(if rule.title.is_empty() { rule.rule.as_str() } else { rule.title.as_str() });
        }
        println!(
            "{}：未达标 {} 项{}；未到期 {} 项；待人工核对 {} 项；达标 {} 项",
            row.name,
            by[0].len(),
            if by[0].is_empty() { String::new() } else { format!("（{}）", by[0].join("；")) },
            by[1].len(),
            by[2].len(),
            by[3].len()
        );
    }
    Ok(())
}

pub(super) fn transfers(
    ledger: &Ledger,
    resolve: Option<(&str, &str)>,
    on: Option<NaiveDate>,
    json: bool,
    today: Option<NaiveDate>,
) -> Result<()> {
    let today = today.unwrap_or_else(system_today);
    if let Some((member, org)) = resolve {
        let done = reports::settle_transfer(ledger, member, org, on, today)?;
        if json {
            return super::output::json_out(&done);
        }
        println!(
            "已核实：{}（身份证号 {}）现在在“{}”；“{}”的记录于{}转出（记录保留，未删除）",
            done.name,
            done.id_number,
            done.holder,
            done.left.join("”“"),
            chinese_date(done.on)
        );
        return Ok(());
    }
    let open = reports::open_transfers(ledger, today)?;
    if json {
        return super::output::json_out(&open);
    }
    if open.is_empty() {
        println!("没有待核实的组织关系转接");
        return Ok(());
    }
    println!("待核实的组织关系转接 {} 人（同一身份证号在两个组织都在册）：", open.len());
    for (i, t) in open.iter().enumerate() {
        println!("{}. {}（身份证号 {}）", i + 1, t.name, t.id_number);
        for r in &t.records {
            let moved_in = r.transfer_in.map(|d| format!("，{}转入", chinese_date(d))).unwrap_or_default();
            println!(
                "   {}（组织编号 {}）：党员编号 {}，{}入党{moved_in}",
                r.org_name,
                r.org,
                r.member,
                chinese_date(r.joined_on)
            );
        }
    }
    println!("核实：zhibu transfers --resolve 党员编号 --to 现在所在组织的编号 [--on 转出日期]");
    Ok(())
}
