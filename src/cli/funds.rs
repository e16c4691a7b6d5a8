//! The money commands (`cli.md`: `remit`, `spend`, `funds`; plus `visit`, `visits`, `funds-settings`):
//! 党费上缴, uses of retained 党费 and of the work funds, 走访慰问, and the year's money ledger.

use clap::Subcommand;

use super::output::json_out;
use super::parse_date;
use super::security::Target;
use crate::app::funds::{self as app, FundSource, NewCareVisit, NewRemittance, NewSpending, Occasion, Purpose};
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
        /// 该年党组织工作经费预算（分）
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
        /// 慰问金（分）
        #[arg(long)]
        amount_fen: Option<i64>,
        /// 慰问金来源：dues（留存党费，默认）、funds（党建工作经费）
        #[arg(long, default_value = "dues")]
        source: String,
        #[arg(long, value_name = "ACTIVITY_KEY")]
        approved_by: Option<String>,
        /// 后续帮扶
        #[arg(long)]
        follow_up: Option<String>,
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
        FundsCommand::Spend { on, amount_fen, purpose, source, approved_by, payee, note, org, today, json } => {
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
            };
            let warnings = app::check_spending(&ledger, &input)?;
            let s = app::record_spending(&ledger, &input, today.unwrap_or_else(system_today))?;
            for w in &warnings {
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
            };
            let v = app::record_visit(&ledger, &input, today.unwrap_or_else(system_today))?;
            if json {
                return json_out(&v);
            }
            println!("已登记走访慰问：{} {}（{}）", v.visited_on, v.member_name, v.occasion.label());
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
