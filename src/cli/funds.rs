//! The money commands (`cli.md`: `remit`, `spend`, `funds`; plus `visit`, `visits`, `funds-settings`):
//! 党费上缴, uses of retained 党费 and of the work funds, 走访慰问, and the year's money ledger.

use clap::Subcommand;

use super::output::json_out;
use super::parse_date;
use super::security::Target;
use crate::app::funds::{
    self as app, FundSource, IncomeKind, NewBudgetLine, NewCareVisit, NewIncome, NewRemittance, NewSpending, Occasion,
    PublicationSubject, Purpose,
};
use crate::error::{Error, Result};
use crate::store::Ledger;

#[derive(Debug, Subcommand)]
pub enum FundsCommand {
    /// 登记党费上缴：所缴月份、金额、日期、收据编号（超过该期间已收缴未上缴的金额时拒绝）
    Remit {
        /// 所缴期间的起始月份（YYYY-MM）
        #[arg(long, value_name = "YYYY-MM")]
        from: String,
        /// 所缴期间的截止月份（YYYY-MM）
        #[arg(long, value_name = "YYYY-MM")]
        to: String,
        /// 上缴金额（分）
        #[arg(long, allow_negative_numbers = true)]
        amount_fen: i64,
        /// 上缴日期
        #[arg(long, value_parser = parse_date)]
        on: chrono::NaiveDate,
        /// 收据编号
        #[arg(long)]
        receipt: Option<String>,
        /// 经手人
        #[arg(long)]
        handed_by: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// 组织；默认台账的第一个组织
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 登记留存党费或党建工作经费的使用（用途必填；超过大额支出标准的应关联支委会或党员大会记录）
    Spend {
        #[arg(long, value_parser = parse_date)]
        on: chrono::NaiveDate,
        /// 金额（分）
        #[arg(long, allow_negative_numbers = true)]
        amount_fen: i64,
        /// 用途：training（党员教育培训）、publications（订阅党报党刊）、commendation（表彰先进）、care_visit（慰问困难党员、老党员）、activity（党组织活动）、other（其他，须用 --note 写明）
        #[arg(long)]
        purpose: String,
        /// 经费来源：dues（留存党费，默认）、funds（党建工作经费）
        #[arg(long, default_value = "dues")]
        source: String,
        /// 作出决定的支委会或党员大会记录编号
        #[arg(long, value_name = "ACTIVITY_KEY")]
        approved_by: Option<String>,
        /// 收款方
        #[arg(long)]
        payee: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// 党建工作经费支出所列的预算项目（支出当年经费预算中的项目名称，须与 --source funds 一起）
        #[arg(long, value_name = "ITEM")]
        budget_line: Option<String>,
        /// 票据编号
        #[arg(long)]
        receipt: Option<String>,
        /// 票据的扫描件或照片（可重复）：复制到台账文件夹，与支出一并登记
        #[arg(long, value_name = "FILE")]
        receipt_file: Vec<std::path::PathBuf>,
        /// 确认超出预算项目余额的支出（不加时超预算的支出被拒绝）
        #[arg(long)]
        confirm: bool,
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 党建工作经费年度预算：录入或修改预算项目（--item 与 --amount-fen），删除项目（--remove），不带这些选项时显示全年预算执行、收入和结余
    Budget {
        #[arg(long)]
        year: i32,
        /// 预算项目名称，如“党员教育培训”（已有的项目改为新金额）
        #[arg(long, requires = "amount_fen")]
        item: Option<String>,
        /// 该项目的预算金额（分）
        #[arg(long, requires = "item", allow_negative_numbers = true)]
        amount_fen: Option<i64>,
        #[arg(long, requires = "item")]
        note: Option<String>,
        /// 删除该预算项目（已列支的支出保留，改为预算外）
        #[arg(long, value_name = "ITEM", conflicts_with = "item")]
        remove: Option<String>,
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记党建工作经费收入：来源 allocation（单位拨付）、retained_dues（留存党费转入，不得超过留存结余）、refund（上级返还）
    Income {
        #[arg(long, value_parser = parse_date)]
        on: chrono::NaiveDate,
        /// 金额（分）
        #[arg(long, allow_negative_numbers = true)]
        amount_fen: i64,
        /// allocation、retained_dues 或 refund
        #[arg(long)]
        kind: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 登记一次公示：党费收缴使用情况（--subject dues，默认）或经费使用情况（--subject funds）；--delete 删除登记错的公示（移入回收站），--restore 从回收站恢复；不带这些选项时列出已登记的公示
    Publish {
        /// 公示期间：年度 2026、半年 2026-H1、季度 2026-Q1
        #[arg(long, requires = "on")]
        period: Option<String>,
        /// 公示日期
        #[arg(long, value_parser = parse_date, requires = "period")]
        on: Option<chrono::NaiveDate>,
        /// 公示方式，如“支部公示栏张贴”
        #[arg(long, requires = "on")]
        how: Option<String>,
        /// dues（党费收缴使用情况，默认）或 funds（经费使用情况）
        #[arg(long, default_value = "dues")]
        subject: String,
        /// 删除编号为 ID 的公示记录（列表 --json 中的 id），移入回收站
        #[arg(long, value_name = "ID", conflicts_with_all = ["period", "on", "restore"])]
        delete: Option<i64>,
        /// 从回收站恢复删除的公示记录（删除时给出的回收站编号）
        #[arg(long, value_name = "BIN_ID", conflicts_with_all = ["period", "on"])]
        restore: Option<i64>,
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 导出年度党费收缴使用情况公示表：OUT 以 .docx 结尾为 Word 文档，以 .xlsx 结尾为 Excel 工作簿
    PublicationSheet {
        #[arg(long)]
        year: i32,
        out: String,
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
    },
    /// 困难党员标记：--reason 标记并写明困难情况，--clear 取消；不带 --member 时列出已标记的党员
    Hardship {
        /// 党员编号
        #[arg(long)]
        member: Option<String>,
        /// 困难情况，如“大病住院”
        #[arg(long, requires = "member", conflicts_with = "clear")]
        reason: Option<String>,
        #[arg(long, requires = "member")]
        clear: bool,
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 年度党费收缴、上缴、留存、使用、结余（按月和全年）
    Funds {
        #[arg(long)]
        year: i32,
        /// 组织（含下级组织）；默认整个台账
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 经费设置：大额支出标准、党费留存比例、期初留存结余（不带选项时显示当前设置）
    FundsSettings {
        /// 大额支出标准（分）：超过的支出应经支委会或党员大会集体研究决定
        #[arg(long)]
        approval_threshold_fen: Option<i64>,
        /// 收缴党费中支部留存的比例（‰，0 表示全部上缴）
        #[arg(long)]
        retain_permille: Option<u32>,
        /// 组织的留存党费期初结余（分，记账之前的结余；与 --org 一起）
        #[arg(long)]
        opening_fen: Option<i64>,
        /// 与 --payroll-fen、--budget-fen 一起：哪一年
        #[arg(long)]
        year: Option<i32>,
        /// 该年职工工资总额（分；国有企业党组织工作经费不低于其1%）
        #[arg(long, requires = "year")]
        payroll_fen: Option<i64>,
        /// 该年党组织工作经费预算（分；已用 budget 录入预算项目的，以各项目合计为准）
        #[arg(long, requires = "year")]
        budget_fen: Option<i64>,
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记走访慰问（有慰问金时同时登记一笔“慰问困难党员、老党员”支出）
    Visit {
        #[arg(long, value_parser = parse_date)]
        on: chrono::NaiveDate,
        /// 被走访党员的编号
        #[arg(long)]
        member: String,
        /// 事由：spring_festival（春节）、party_day（七一）、mid_autumn（中秋节）、national_day（国庆节）、double_ninth（重阳节）、illness（生病住院）、other（其他）
        #[arg(long)]
        occasion: String,
        /// 走访人
        #[arg(long)]
        visitors: String,
        /// 慰问品
        #[arg(long)]
        given: Option<String>,
        /// 慰问金（分）：同时登记一笔“慰问困难党员、老党员”支出并与本次走访关联
        #[arg(long, visible_alias = "spend-fen", allow_negative_numbers = true)]
        amount_fen: Option<i64>,
        /// 慰问金来源：dues（留存党费，默认）、funds（党建工作经费）
        #[arg(long, default_value = "dues")]
        source: String,
        #[arg(long, value_name = "ACTIVITY_KEY")]
        approved_by: Option<String>,
        /// 后续帮扶
        #[arg(long)]
        follow_up: Option<String>,
        /// 慰问金来自党建工作经费时所列的预算项目
        #[arg(long, value_name = "ITEM")]
        budget_line: Option<String>,
        /// 确认超出预算项目余额的慰问金
        #[arg(long)]
        confirm: bool,
        #[arg(long, value_parser = parse_date)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 年度走访慰问记录
    Visits {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn source_of(text: &str) -> Result<FundSource> {
    FundSource::parse(text).ok_or_else(|| {
        Error::invalid("--source", format!("经费来源应为 dues（留存党费）或 funds（党建工作经费），现为“{text}”"))
    })
}

fn approval(ledger: &Ledger, key: Option<&str>) -> Result<Option<i64>> {
    key.map(|k| app::meeting_id_by_key(ledger, "--approved-by", k)).transpose()
}

/// The budget line `item` of the organisation's year of `on`.
fn line(ledger: &Ledger, org_id: i64, on: chrono::NaiveDate, item: Option<&str>) -> Result<Option<i64>> {
    item.map(|i| app::budget_line_id_by_item(ledger, org_id, chrono::Datelike::year(&on), i)).transpose()
}

/// The question of an over-budget use, as the CLI asks it: add `--confirm`.
fn confirm_hint(p: crate::error::Problem) -> crate::error::Problem {
    if p.at == "confirmed" {
        crate::error::Problem::new("--confirm", format!("{}（命令行请加 --confirm）", p.message))
    } else {
        p
    }
}

fn scope(ledger: &Ledger, org: Option<&str>) -> Result<Option<i64>> {
    org.map(|k| crate::store::orgs::id_by_key(ledger.conn(), k)).transpose()
}

pub(super) fn execute(target: &Target, command: FundsCommand) -> Result<()> {
    let system_today = crate::app::system_today;
    match command {
        FundsCommand::Remit { from, to, amount_fen, on, receipt, handed_by, note, org, today, json } => {
            let ledger = target.open()?;
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            let input = NewRemittance {
                org_id,
                remitted_on: on,
                from_month: from,
                to_month: to,
                amount_fen,
                receipt_no: receipt,
                handed_by,
                note,
            };
            let r = app::record_remittance(&ledger, &input, today.unwrap_or_else(system_today))?;
            if json {
                return json_out(&r);
            }
            println!(
                "已登记上缴：{} 至 {} 党费 {} 元（{}）",
                r.from_month,
                r.to_month,
                crate::model::money::yuan(r.amount_fen),
                r.remitted_on
            );
        }
        FundsCommand::Spend {
            on,
            amount_fen,
            purpose,
            source,
            approved_by,
            payee,
            note,
            budget_line,
            receipt,
            receipt_file,
            confirm,
            org,
            today,
            json,
        } => {
            let ledger = target.open()?;
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            let purpose = Some(Purpose::parse(&purpose).ok_or_else(|| {
                Error::invalid(
                    "--purpose",
                    format!("未知的用途“{purpose}”，可用：training、publications、commendation、care_visit、activity、other"),
                )
            })?);
            let input = NewSpending {
                org_id,
                spent_on: on,
                amount_fen,
                source: source_of(&source)?,
                purpose,
                payee,
                approved_by: approval(&ledger, approved_by.as_deref())?,
                note,
                budget_line_id: line(&ledger, org_id, on, budget_line.as_deref())?,
                receipt_no: receipt,
                confirmed: confirm,
            };
            let warnings = app::check_spending(&ledger, &input)?;
            let on_day = today.unwrap_or_else(system_today);
            let recorded = if receipt_file.is_empty() {
                app::record_spending(&ledger, &input, on_day)
            } else {
                app::record_spending_with_receipts(&ledger, &input, &receipt_file, on_day)
            };
            let s = match recorded {
                Err(Error::Invalid(p)) if !confirm && p.iter().any(|p| p.at == "confirmed") => {
                    return Err(Error::Invalid(p.into_iter().map(confirm_hint).collect()))
                }
                other => other?,
            };
            for w in warnings.iter().filter(|w| w.at != "confirmed") {
                eprintln!("提醒：{}", w.message);
            }
            if json {
                return json_out(&s);
            }
            println!(
                "已登记支出：{} {} 元，{}（{}）",
                s.spent_on,
                crate::model::money::yuan(s.amount_fen),
                s.purpose_label,
                s.source.label()
            );
        }
        FundsCommand::Funds { year, org, today, json } => {
            let ledger = target.open()?;
            let org_id = scope(&ledger, org.as_deref())?;
            let report = app::funds_year(&ledger, year, org_id, today.unwrap_or_else(system_today))?;
            if json {
                return json_out(&report);
            }
            print!("{}", report.summary_text());
        }
        FundsCommand::FundsSettings {
            approval_threshold_fen,
            retain_permille,
            opening_fen,
            year,
            payroll_fen,
            budget_fen,
            org,
            json,
        } => {
            let ledger = target.open()?;
            if let Some(year) = year {
                let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
                let b = app::save_year_budget(&ledger, org_id, year, app::YearBudget { payroll_fen, budget_fen })?;
                let show = |x: Option<i64>| {
                    x.map_or_else(|| "未录入".to_string(), |f| format!("{} 元", crate::model::money::yuan(f)))
                };
                println!("{year}年职工工资总额：{}；党组织工作经费预算：{}", show(b.payroll_fen), show(b.budget_fen));
            }
            let org_id = match (opening_fen, org.as_deref()) {
                (Some(_), key) => Some(crate::app::org_id_for(&ledger, key)?),
                _ => None,
            };
            let input = app::FundsSettingsInput {
                approval_threshold_fen,
                retain_permille,
                opening_dues_fen: opening_fen,
                org_id,
            };
            let settings = app::set_funds_settings(&ledger, &input)?;
            if json {
                return json_out(&settings);
            }
            println!("大额支出标准：{} 元", crate::model::money::yuan(settings.approval_threshold_fen));
            println!("党费留存比例：{}‰", settings.retain_permille);
        }
        FundsCommand::Visit {
            on,
            member,
            occasion,
            visitors,
            given,
            amount_fen,
            source,
            approved_by,
            follow_up,
            budget_line,
            confirm,
            today,
            json,
        } => {
            let ledger = target.open()?;
            let member_id = crate::store::members::id_by_key(ledger.conn(), &member)?
                .ok_or_else(|| Error::invalid("--member", format!("未找到党员“{member}”")))?;
            let occasion = Occasion::parse(&occasion).ok_or_else(|| {
                Error::invalid(
                    "--occasion",
                    format!("未知的事由“{occasion}”，可用：spring_festival、party_day、mid_autumn、national_day、double_ninth、illness、other"),
                )
            })?;
            let input = NewCareVisit {
                member_id,
                visited_on: on,
                occasion,
                visitors,
                given,
                amount_fen,
                source: source_of(&source)?,
                approved_by: approval(&ledger, approved_by.as_deref())?,
                follow_up,
                budget_line_id: match budget_line.as_deref() {
                    Some(item) => {
                        let org_id = crate::store::members::get(ledger.conn(), member_id)?.fields.org_id;
                        line(&ledger, org_id, on, Some(item))?
                    }
                    None => None,
                },
                confirmed: confirm,
            };
            let v = match app::record_visit(&ledger, &input, today.unwrap_or_else(system_today)) {
                Err(Error::Invalid(p)) if !confirm && p.iter().any(|p| p.at == "confirmed") => {
                    return Err(Error::Invalid(p.into_iter().map(confirm_hint).collect()))
                }
                other => other?,
            };
            if json {
                return json_out(&v);
            }
            println!("已登记走访慰问：{} {}（{}）", v.visited_on, v.member_name, v.occasion.label());
        }
        FundsCommand::Budget { year, item, amount_fen, note, remove, org, json } => {
            let ledger = target.open()?;
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            if let (Some(item), Some(amount_fen)) = (item, amount_fen) {
                let l = app::save_budget_line(&ledger, &NewBudgetLine { org_id, year, item, amount_fen, note })?;
                if !json {
                    println!("已录入预算项目：{} {} 元", l.item, crate::model::money::yuan(l.amount_fen));
                }
            }
            if let Some(item) = remove {
                let id = app::budget_line_id_by_item(&ledger, org_id, year, &item)?;
                app::delete_budget_line(&ledger, id)?;
                if !json {
                    println!("已删除预算项目：{}", item.trim());
                }
            }
            let b = app::budget_year(&ledger, org_id, year)?;
            if json {
                return json_out(&b);
            }
            let y = crate::model::money::yuan;
            for l in &b.lines {
                println!(
                    "{}｜预算 {} 元｜已支出 {} 元｜余额 {} 元",
                    l.item,
                    y(l.amount_fen),
                    y(l.spent_fen),
                    y(l.left_fen)
                );
            }
            if b.unbudgeted_fen > 0 {
                println!("预算外支出 {} 元", y(b.unbudgeted_fen));
            }
            println!(
                "{year}年党建工作经费：收入 {} 元（单位拨付 {}，留存党费 {}，上级返还 {}），支出 {} 元，结余 {} 元",
                y(b.income_fen),
                y(b.allocation_fen),
                y(b.retained_dues_fen),
                y(b.refund_fen),
                y(b.spent_fen),
                y(b.balance_fen)
            );
            for p in &b.problems {
                println!("注意：{p}");
            }
        }
        FundsCommand::Income { on, amount_fen, kind, note, org, today, json } => {
            let ledger = target.open()?;
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            let kind = IncomeKind::parse(&kind).ok_or_else(|| {
                Error::invalid(
                    "--kind",
                    format!("未知的收入来源“{kind}”，可用：allocation（单位拨付）、retained_dues（留存党费）、refund（上级返还）"),
                )
            })?;
            let input = NewIncome { org_id, received_on: on, amount_fen, kind, note };
            let i = app::record_income(&ledger, &input, today.unwrap_or_else(system_today))?;
            if json {
                return json_out(&i);
            }
            println!(
                "已登记经费收入：{} {} 元（{}）",
                i.received_on,
                crate::model::money::yuan(i.amount_fen),
                i.kind_label
            );
        }
        FundsCommand::Publish { period, on, how, subject, delete, restore, org, json } => {
            let ledger = target.open()?;
            if let Some(id) = delete {
                let bin_id = app::delete_publication(&ledger, id)?;
                if json {
                    return json_out(&serde_json::json!({ "bin_id": bin_id }));
                }
                println!("已删除公示记录，移入回收站（回收站编号 {bin_id}，可用 --restore {bin_id} 恢复）");
                return Ok(());
            }
            if let Some(bin_id) = restore {
                let p = app::restore_publication(&ledger, bin_id)?;
                if json {
                    return json_out(&p);
                }
                println!("已恢复公示：{}{}（{}，{}）", p.period_label, p.subject_label, p.published_on, p.how);
                return Ok(());
            }
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            let subject = PublicationSubject::parse(&subject).ok_or_else(|| {
                Error::invalid(
                    "--subject",
                    format!("公示内容应为 dues（党费收缴使用情况）或 funds（经费使用情况），现为“{subject}”"),
                )
            })?;
            if let (Some(period), Some(on)) = (period, on) {
                let p = app::record_publication(&ledger, org_id, subject, &period, on, how.as_deref().unwrap_or(""))?;
                if json {
                    return json_out(&p);
                }
                println!("已登记公示：{}{}（{}，{}）", p.period_label, p.subject_label, p.published_on, p.how);
                return Ok(());
            }
            let list = app::publications(&ledger, org_id)?;
            if json {
                return json_out(&list);
            }
            for p in &list {
                println!("{}｜{}{}｜{}", p.published_on, p.period_label, p.subject_label, p.how);
            }
            println!("共登记公示 {} 次", list.len());
        }
        FundsCommand::PublicationSheet { year, out, org, today } => {
            let ledger = target.open()?;
            let org_id = crate::app::org_id_for(&ledger, org.as_deref())?;
            let path = app::export_funds_publication(&ledger, org_id, year, &out, today.unwrap_or_else(system_today))?;
            println!("已导出公示表：{path}");
        }
        FundsCommand::Hardship { member, reason, clear, org, today, json } => {
            let ledger = target.open()?;
            if let Some(member) = member {
                let member_id = crate::store::members::id_by_key(ledger.conn(), &member)?
                    .ok_or_else(|| Error::invalid("--member", format!("未找到党员“{member}”")))?;
                if reason.is_none() && !clear {
                    return Err(Error::invalid("--reason", "请用 --reason 写明困难情况，或用 --clear 取消标记"));
                }
                app::mark_hardship(&ledger, member_id, reason.as_deref(), today.unwrap_or_else(system_today))?;
            }
            let marks = app::hardship_marks(&ledger, scope(&ledger, org.as_deref())?)?;
            if json {
                return json_out(&marks);
            }
            for m in &marks {
                println!("{}｜{}｜{}", m.member_name, m.reason, m.marked_on);
            }
            println!("困难党员 {} 人", marks.len());
        }
        FundsCommand::Visits { year, org, json } => {
            let ledger = target.open()?;
            let visits = app::visits_of_year(&ledger, scope(&ledger, org.as_deref())?, year)?;
            if json {
                return json_out(&visits);
            }
            for v in &visits {
                let money =
                    v.amount_fen.map(|f| format!(" 慰问金 {} 元", crate::model::money::yuan(f))).unwrap_or_default();
                println!(
                    "{}｜{}｜{}｜走访人 {}｜{}{money}",
                    v.visited_on,
                    v.occasion.label(),
                    v.member_name,
                    v.visitors,
                    v.given.as_deref().unwrap_or("")
                );
            }
            println!("{} 年走访慰问 {} 次", year, visits.len());
        }
    }
    Ok(())
}
