//! What each CLI command does: resolve the ledger and arguments, make one core call, print a result.

use super::security::Target;
use super::{Cli, Command, Scale};
use crate::app::exports::CATALOGUE;
use crate::app::history::{ColumnChoice, HistoryKind};
use crate::app::{self as actions, NewLedger};
use crate::error::{Error, Result};

fn history(target: &Target, kind: HistoryKind, a: super::HistoryArgs) -> Result<()> {
    let ledger = target.open()?;
    let options = super::history::Options {
        file: a.file,
        sheet: a.sheet,
        org: a.org,
        year: a.year,
        keep_good: a.keep_good,
        columns: a.columns,
        branches: a.branches,
        preview: a.preview,
        json: a.json,
        today: a.today,
    };
    super::history::run(&ledger, kind, options)
}

pub fn execute(cli: Cli) -> Result<()> {
    let db = cli.db.clone().unwrap_or_else(actions::default_ledger_path);
    let target = Target::resolve(db.clone(), cli.password_file.as_deref(), std::env::var_os("ZHIBU_PASSWORD"))?;
    match cli.command {
        Command::Init { name, kind, sector, start_month, profile, today } => {
            let today = today.unwrap_or_else(actions::system_today);
            // Checked before the file is created: a refused start month leaves nothing behind.
            if let Some(text) = &start_month {
                crate::app::settings::parse_start_month("--start-month", text, today)?;
            }
            let ledger = target.open_or_create()?;
            let id = actions::init_ledger_on(&ledger, &NewLedger { name, kind, sector, start_month, profile }, today)?;
            let org = crate::store::orgs::get(ledger.conn(), id)?;
            println!("已新建台账 {}：{}（{}）", db.display(), org.fields.name, org.key);
            if let Some(m) = crate::store::meta::start_month(ledger.conn())? {
                println!("记账起始：{}年{}月（此前的月份和期间不判为缺漏）", m.year, m.month);
            }
        }
        Command::Settings {
            start_month,
            clear_start_month,
            collection_day,
            backup_dir,
            default_backup_dir,
            today,
            json,
        } => {
            let ledger = target.open()?;
            let today = today.unwrap_or_else(actions::system_today);
            let day = collection_day.as_deref().map(parse_collection_day).transpose()?;
            if let Some(text) = &start_month {
                crate::app::settings::parse_start_month("--start-month", text, today)?;
            }
            if start_month.is_some() || clear_start_month {
                crate::app::settings::set_start_month(&ledger, start_month.as_deref(), today)?;
            }
            if let Some(day) = day {
                crate::app::settings::set_collection_day(&ledger, day, today)?;
            }
            if backup_dir.is_some() || default_backup_dir {
                let dir = backup_dir.map(|d| std::path::absolute(&d).unwrap_or(d).display().to_string());
                crate::app::settings::set_backup_dir(&ledger, dir.as_deref(), today)?;
            }
            let settings = crate::app::settings::ledger_settings(&ledger, today)?;
            if json {
                super::output::json_out(&settings)?;
            } else {
                println!("记账起始：{}", settings.start_month_label);
                let from = settings.rules_from_year.map(|y| format!("（{y}年起的党费规则）")).unwrap_or_default();
                println!("党费收缴日：{}交清{from}", settings.collection_day_label);
                let default = if settings.backup_folder_chosen { "" } else { "（默认）" };
                println!("备份位置：{}{default}", settings.backup_folder);
            }
        }
        Command::Import { package, today } => {
            let pkg = crate::package::read_package_file(&package)?;
            let ledger = target.open_or_create()?;
            let report = crate::package::import_package(&ledger, &pkg, today.unwrap_or_else(actions::system_today))?;
            println!("{}", serde_json::to_string_pretty(&report).map_err(|e| Error::Internal(e.to_string()))?);
        }
        Command::ExportPackage { out, org } => {
            let ledger = target.open()?;
            let now = chrono::Local::now().fixed_offset();
            let pkg = crate::package::export_package(&ledger, org.as_deref(), now)?;
            actions::ensure_parent(&out)?;
            std::fs::write(&out, crate::package::to_json(&pkg)).map_err(|e| Error::io(&out, e))?;
            println!("已导出数据包：{}", out.display());
        }
        Command::ExportReport { out, org, period, today } => {
            let ledger = target.open()?;
            super::reports::export(&ledger, &out, org.as_deref(), period.as_deref(), today)?;
        }
        Command::Branches { year, profile, matrix, json, today } => {
            let ledger = target.open()?;
            if matrix {
                super::reports::matrix(&ledger, year, profile.as_deref(), json, today)?;
            } else {
                super::reports::branches(&ledger, year, profile.as_deref(), json, today)?;
            }
        }
        Command::Transfers { resolve, to, on, json, today } => {
            let ledger = target.open()?;
            super::reports::transfers(&ledger, resolve.as_deref().zip(to.as_deref()), on, json, today)?;
        }
        Command::Receive { paths, org, preview, json, today } => {
            let ledger = target.open()?;
            super::reports::receive(&ledger, &paths, org.as_deref(), preview, json, today)?;
        }
        Command::ImportRoster { file, sheet, org, keep_good, rejects, columns, today } => {
            let ledger = target.open()?;
            let org_id = actions::roster_import_org(&ledger, org.as_deref())?;
            let request = actions::RosterImportRequest {
                path: file.display().to_string(),
                sheet,
                org_id,
                keep_good,
                rejects_path: rejects.map(|p| p.display().to_string()),
                columns: columns.iter().map(|c| ColumnChoice::parse(c)).collect::<Result<_>>()?,
                ..Default::default()
            };
            let s = actions::import_roster(&ledger, &request, today.unwrap_or_else(actions::system_today))?;
            for note in &s.notes {
                println!("说明：{note}");
            }
            println!("花名册导入完成：新增 {} 人，更新 {} 人，未变 {} 人", s.added, s.updated, s.unchanged);
            if !s.warnings.is_empty() {
                println!("请核对以下 {} 处（已导入）：", s.warnings.len());
                for w in &s.warnings {
                    println!("  {}", w.message);
                }
            }
            if let Some(path) = &s.rejects_path {
                println!("{} 行有问题，未导入，已写入待修改文件：{path}（改正后可再次导入）", s.rejected);
            }
        }
        Command::ImportMeetings(a) => history(&target, HistoryKind::Meetings, a)?,
        Command::ImportDues(a) => history(&target, HistoryKind::Dues, a)?,
        Command::ImportDevelopment(a) => history(&target, HistoryKind::Development, a)?,
        Command::ImportEvaluations(a) => history(&target, HistoryKind::Evaluations, a)?,
        Command::ImportTrainings(a) => history(&target, HistoryKind::Trainings, a)?,
        Command::Export { list: true, .. } => {
            for line in crate::workbooks::list_lines() {
                println!("{line}");
            }
        }
        Command::Export { year, out, org, only, mask_ids, per_branch: true, today, list: false } => {
            let (year, out) = year_and_out(year, out)?;
            let ledger = target.open()?;
            let org_id = actions::org_id_for(&ledger, org.as_deref())?;
            let ids = crate::app::exports::branches_under(&ledger, org_id)?;
            let keys: Vec<String> = selected_exports(&only)?.into_iter().map(String::from).collect();
            let today = today.unwrap_or_else(actions::system_today);
            let options = crate::app::exports::ExportOptions { mask_ids };
            let books =
                crate::app::exports::export_per_branch(&ledger, &ids, year, &keys, &out, today, options, |_, _| {})?;
            for b in &books {
                for f in &b.files {
                    println!("已导出：{}", f.path);
                }
            }
            let files: usize = books.iter().map(|b| b.files.len()).sum();
            println!("{} 个组织，共{files}个文件，在 {}", books.len(), out.display());
        }
        Command::Export { year, out, org, only, mask_ids, per_branch: false, today, list: false } => {
            let (year, out) = year_and_out(year, out)?;
            let ledger = target.open()?;
            let org_id = actions::org_id_for(&ledger, org.as_deref())?;
            let wanted: Vec<String> = if only.is_empty() {
                crate::workbooks::default_keys_of_year(&ledger, org_id, year)?
            } else {
                selected_exports(&only)?.into_iter().map(String::from).collect()
            };
            let today = today.unwrap_or_else(actions::system_today);
            let options = crate::app::exports::ExportOptions { mask_ids };
            let written = crate::app::exports::export_workbooks(&ledger, org_id, year, &wanted, &out, today, options)?;
            for file in &written {
                if file.folder {
                    println!("已导出：{}（文件夹，共{}个文件）", file.path, file.files);
                } else {
                    println!("已导出：{}", file.path);
                }
                print_blanks(&file.missing);
            }
            let total = crate::app::exports::ExportedFile::total_files(&written);
            let folders: Vec<_> = written.iter().filter(|f| f.folder).collect();
            if !folders.is_empty() {
                let inside: u32 = folders.iter().map(|f| f.files).sum();
                println!("共{total}个文件（其中{inside}个在{}个文件夹中）", folders.len());
            }
        }
        Command::Templates => {
            let ledger = target.open()?;
            let (dir, written) = crate::workbooks::write_templates(&ledger)?;
            for f in &written {
                println!("{f}");
            }
            println!("模板文件夹：{}（新写出{}个模板；文件夹中的模板代替内置模板）", dir.display(), written.len());
        }
        Command::Backup { out } => {
            let ledger = target.open()?;
            crate::app::backups::copy_to_file(&ledger, &out)?;
            println!("已备份到 {}", out.display());
        }
        Command::Backups { now, json } => super::backups::backups(&target, now, json)?,
        Command::Restore { from, preview, json } => super::backups::restore(&target, &from, preview, json)?,
        Command::Encrypt { recovery_file } => {
            super::security::encrypt(&target, recovery_file.as_deref(), actions::system_today())?
        }
        Command::Decrypt => super::security::decrypt(&target)?,
        Command::ChangePassword { new_password_file, recovery_file } => super::security::change_password(
            &target,
            &new_password_file,
            recovery_file.as_deref(),
            actions::system_today(),
        )?,
        Command::About { json } => {
            let a = crate::app::about::about(&target.open()?)?;
            if json {
                super::output::json_out(&a)?;
            } else {
                println!("党支部工作台账 zhibu {}", a.version);
                println!("台账文件：{}", a.ledger_path);
                println!("数据结构版本：{}（本程序最新 {}）", a.schema_version, a.latest_schema_version);
                println!("密码：{}", if a.encrypted { "已设置（台账文件已加密）" } else { "未设置" });
                println!("默认数据目录：{}", a.data_folder);
                println!("许可证：{}", a.licence);
            }
        }
        Command::ExportProfile { id, out } => {
            let ledger = target.open()?;
            let p = crate::app::standards::export_profile(&ledger, &id, &out)?;
            println!("已写出标准方案文件：{}（{}）", out.display(), p.title);
        }
        Command::ImportProfile { file } => {
            let ledger = target.open()?;
            let r = crate::app::standards::import_profile(&ledger, &file)?;
            let what = match r.received {
                crate::standards::ProfileReceived::Added => "已导入",
                crate::standards::ProfileReceived::Updated => "已按上级下发的文件更新",
                crate::standards::ProfileReceived::Unchanged => "本台账已有相同的",
            };
            println!(
                "{what}标准方案“{}”（编号 {}，由{}下发）",
                r.title,
                r.id,
                if r.from.is_empty() { "上级" } else { &r.from }
            );
        }
        Command::Profiles { json } => {
            let ledger = target.open().ok();
            let list = match &ledger {
                Some(l) => crate::standards::list_profiles(l.conn())?,
                None => crate::standards::profile::built_ins().iter().map(|p| p.summary(true)).collect(),
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&list).map_err(|e| Error::Internal(e.to_string()))?);
            } else {
                for p in list {
                    let mark = if p.built_in { "" } else { "（自定义）" };
                    println!("{}\t{}{mark}\t依据：{}", p.id, p.title, p.source);
                }
            }
        }
        Command::Check { year, org, profile, today, json } => {
            let ledger = target.open()?;
            let today = today.unwrap_or_else(actions::system_today);
            let provider = crate::app::findings::DevelopmentFindings;
            let report =
                crate::standards::check_ledger(&ledger, org.as_deref(), year, profile.as_deref(), today, &provider)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report).map_err(|e| Error::Internal(e.to_string()))?);
            } else {
                let title = crate::standards::load_profile(ledger.conn(), &report.profile)?.title;
                let names = crate::store::orgs::short_names_by_key(ledger.conn())?;
                print!("{}", report.summary_text(&title, &names));
            }
        }
        Command::Dues { year, org, today, json } => {
            let ledger = target.open()?;
            let org_id = org.as_deref().map(|k| crate::store::orgs::id_by_key(ledger.conn(), k)).transpose()?;
            let report = crate::dues::year_report(&ledger, year, org_id, today.unwrap_or_else(actions::system_today))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report).map_err(|e| Error::Internal(e.to_string()))?);
            } else {
                print!("{}", report.summary_text());
            }
        }
        Command::Demo { scale, today } => {
            let ledger = target.open_or_create()?;
            let scale = match scale {
                Scale::Small => crate::demo::DemoScale::Small,
                Scale::Large => crate::demo::DemoScale::Large,
            };
            let (members, activities) =
                actions::load_demo(&ledger, scale, today.unwrap_or_else(actions::system_today))?;
            println!("已生成示例台账 {}：党员 {members} 人，组织生活记录 {activities} 条", db.display());
        }
        Command::Meetings { year, org, quarter, json } => {
            super::meetings::meetings(&target, year, org.as_deref(), quarter, json)?
        }
        Command::Search { text, org, limit, json } => {
            super::meetings::search(&target, &text, org.as_deref(), limit, json)?
        }
        Command::Hours { year, org, profile, required, committee, today, json } => {
            let wanted = super::meetings::HoursWanted { profile, required, committee };
            let today = today.unwrap_or_else(actions::system_today);
            super::meetings::hours(&target, year, org.as_deref(), &wanted, today, json)?
        }
        Command::Money(command) => super::funds::execute(&target, command)?,
        Command::Planning(command) => super::plan::execute(&target, command)?,
        Command::MeetingRecord { meeting, out, today } => {
            let ledger = target.open()?;
            let today = today.unwrap_or_else(actions::system_today);
            actions::ensure_parent(&out)?;
            let path = out.display().to_string();
            let written = match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                Some("docx") => crate::app::exports::export_meeting_record_docx(&ledger, meeting, &path, today)?,
                Some("xlsx") => crate::app::exports::export_meeting_record(&ledger, meeting, &path, today)?,
                _ => return Err(Error::invalid("OUT", format!("保存位置应以 .docx 或 .xlsx 结尾，现为“{path}”"))),
            };
            println!("已导出会议记录：{written}");
        }
        Command::DevelopmentDoc { person, doc, out, today } => {
            let ledger = target.open()?;
            let today = today.unwrap_or_else(actions::system_today);
            let id = crate::app::development::person_id(&ledger, &person)?;
            match doc {
                Some(doc) => {
                    let doc = crate::app::development::DevelopmentDoc::find(&doc)?;
                    actions::ensure_parent(&out)?;
                    let written = crate::app::development::export_development_doc(
                        &ledger,
                        id,
                        doc,
                        &out.display().to_string(),
                        today,
                    )?;
                    println!("已导出{}：{}", doc.label(), written.path);
                    print_blanks(&written.missing);
                }
                None => {
                    let files = crate::app::development::export_development_folder(
                        &ledger,
                        id,
                        &out.display().to_string(),
                        today,
                    )?;
                    for f in &files {
                        println!("{}", f.path);
                        print_blanks(&f.missing);
                    }
                    println!("已导出 {} 份文书到 {}", files.len(), out.display());
                }
            }
        }
    }
    Ok(())
}

/// The fields a document printed as blanks (the ledger does not hold them), for the person to fill in.
pub(super) fn print_blanks(missing: &[String]) {
    if !missing.is_empty() {
        println!("  台账中没有以下内容，已留空待填写：{}", missing.join("、"));
    }
}

/// `--collection-day`: 1–31, or 月底 / month-end for the month's last day.
fn parse_collection_day(text: &str) -> Result<Option<u32>> {
    let t = text.trim();
    if ["月底", "month-end", "month_end"].contains(&t) {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(day) if (1..=31).contains(&day) => Ok(Some(day)),
        _ => Err(Error::invalid("--collection-day", format!("党费收缴日应为 1 至 31 的日子或“月底”，现为“{t}”"))),
    }
}

/// The workbooks `--only` names (by key or Chinese name).
fn selected_exports(only: &[String]) -> Result<Vec<&'static str>> {
    only.iter()
        .map(|w| {
            crate::workbooks::find(w).map(|x| x.key).ok_or_else(|| {
                let known: Vec<String> = CATALOGUE.iter().map(|x| format!("{}（{}）", x.key, x.label)).collect();
                Error::invalid("--only", format!("未知的台账或文书“{w}”，可选：{}", known.join("、")))
            })
        })
        .collect()
}

/// `export`'s year and folder, required unless `--list` is given.
fn year_and_out(year: Option<i32>, out: Option<std::path::PathBuf>) -> Result<(i32, std::path::PathBuf)> {
    match (year, out) {
        (Some(year), Some(out)) => Ok((year, out)),
        _ => Err(Error::invalid("--year", "请给出 --year 和 --out（或用 --list 列出可导出的台账和文书）")),
    }
}
