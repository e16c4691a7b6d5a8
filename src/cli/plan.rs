//! The plan commands: `plan` (show, `--propose`, `--json`), `plan-export` (.xlsx, .docx, .ics) and
//! `work-summary` (the 工作总结 draft, .docx).

use std::path::PathBuf;

use clap::Subcommand;

use super::output::json_out;
use super::parse_date;
use super::security::Target;
use crate::app::plan as app;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// 年度“三会一课”计划：显示已保存的计划与执行情况；--propose 按标准方案生成计划并写入（仅当尚无计划时）
    Plan {
        #[arg(long)]
        year: i32,
        /// 组织（默认第一个顶层组织）
        #[arg(long)]
        org: Option<String>,
        /// 按标准方案生成全年计划，写入空计划（已有计划时拒绝，不作改动）
        #[arg(long)]
        propose: bool,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        /// 输出计划与执行情况（JSON）
        #[arg(long)]
        json: bool,
    },
    /// 导出年度计划：.xlsx（计划表）、.docx（Word）或 .ics（日历文件）；计划表和 Word 计划列出当年经费预算
    PlanExport {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        org: Option<String>,
        out: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 生成半年或全年工作总结草稿（.docx），数字取自台账
    WorkSummary {
        #[arg(long)]
        year: i32,
        /// 1：上半年；2：下半年；不填为全年
        #[arg(long)]
        half: Option<u8>,
        #[arg(long)]
        org: Option<String>,
        out: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        /// 同时输出总结所用的数字（JSON）
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn execute(target: &Target, command: PlanCommand) -> Result<()> {
    let system_today = crate::app::system_today;
    match command {
        PlanCommand::Plan { year, org, propose, today, json } => {
            let ledger = target.open()?;
            let today = today.unwrap_or_else(system_today);
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            if propose {
                let plan = app::propose_into_empty(&ledger, org_id, year, today)?;
                if !json {
                    println!("已按标准方案生成并保存{}{year}年度计划，共{}项", plan.org_name, plan.items.len());
                    println!("主题党日：{}", plan.theme_day.source);
                }
            }
            let actual = app::plan_vs_actual(&ledger, org_id, year, today)?;
            if json {
                return json_out(&actual);
            }
            println!("{}{year}年度计划：{}", actual.org_name, actual.summary_text());
            for l in &actual.lines {
                let group = l.item.group_name.clone().unwrap_or_default();
                let held =
                    l.held.as_ref().map(|h| format!("（{}召开）", h.date.format("%-m月%-d日"))).unwrap_or_default();
                let topic = if l.item.topic.is_empty() { String::new() } else { format!("：{}", l.item.topic) };
                println!(
                    "{}  {group}{}{topic}  {}{held}",
                    crate::model::dates::chinese_date(l.item.planned_on),
                    l.what,
                    l.status.label()
                );
            }
            for s in &actual.unplanned {
                let types: Vec<&str> = s.types.iter().map(|t| t.label()).collect();
                println!("{}  {}：{}  计划外", crate::model::dates::chinese_date(s.date), types.join("、"), s.topic);
            }
        }
        PlanCommand::PlanExport { year, org, out, today } => {
            let ledger = target.open()?;
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            let e = app::export_plan(&ledger, org_id, year, today.unwrap_or_else(system_today), &out)?;
            println!("已导出年度计划（{}项）：{}", e.items, e.path);
        }
        PlanCommand::WorkSummary { year, half, org, out, today, json } => {
            let ledger = target.open()?;
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            let s = app::export_work_summary(&ledger, org_id, year, half, today.unwrap_or_else(system_today), &out)?;
            if json {
                return json_out(&s);
            }
            println!("已生成{}工作总结草稿：{}", s.period_label, out.display());
        }
    }
    Ok(())
}
