//! `import-meetings`, `import-dues`, `import-development`, `import-evaluations`, `import-trainings`:
//! history from Excel, previewed with `--preview`, imported all or nothing (or `--keep-good`).

use std::path::PathBuf;

use crate::app::history::{self, ColumnChoice, HistoryImportRequest, HistoryKind};
use crate::app::roster::BranchChoice;
use crate::app::{self as actions};
use crate::error::{Error, Result};
use crate::store::Ledger;

/// The options every history import takes.
pub struct Options {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub org: Option<String>,
    pub year: Option<i32>,
    pub keep_good: bool,
    /// `列名=项目` as typed.
    pub columns: Vec<String>,
    /// `名称=组织编号` as typed.
    pub branches: Vec<String>,
    pub preview: bool,
    pub json: bool,
    pub today: Option<chrono::NaiveDate>,
}

pub fn run(ledger: &Ledger, kind: HistoryKind, o: Options) -> Result<()> {
    let org_id = actions::org_id_for(ledger, o.org.as_deref())?;
    let today = o.today.unwrap_or_else(actions::system_today);
    let req = HistoryImportRequest {
        kind,
        path: o.file.display().to_string(),
        sheet: o.sheet,
        org_id,
        year: o.year,
        keep_good: o.keep_good,
        problems_path: None,
        mappings: Vec::new(),
        columns: o.columns.iter().map(|c| ColumnChoice::parse(c)).collect::<Result<_>>()?,
        branch_map: o.branches.iter().map(|b| branch_choice(ledger, b)).collect::<Result<_>>()?,
    };
    if o.preview {
        let p = history::preview_history_import(ledger, &req, today)?;
        if o.json {
            return super::output::json_out(&p);
        }
        for s in &p.sheets {
            let how = if s.mapping_remembered { "（按上次导入时的列对应）" } else { "" };
            println!("工作表“{}”，表头在第{}行{how}：{}", s.sheet, s.header_row, s.columns.join("，"));
        }
        for b in &p.branches {
            println!("所在支部“{}”（{}行）：{}", b.name, b.rows, b.how);
        }
        println!(
            "{}：读到{}行，可新增{}条，已有{}条，有问题{}行",
            kind.label(),
            p.rows.len(),
            p.new_count,
            p.unchanged_count,
            p.refused_count
        );
        for n in &p.notes {
            println!("说明：{n}");
        }
        for q in &p.problems {
            println!("问题：{}", q.message);
        }
        return Ok(());
    }
    let s = history::import_history(ledger, &req, today)?;
    if o.json {
        return super::output::json_out(&s);
    }
    println!("{}导入完成：新增 {} 条，已有 {} 条（未重复导入）", kind.label(), s.added, s.unchanged);
    for n in &s.notes {
        println!("说明：{n}");
    }
    if let Some(path) = &s.problems_path {
        println!("有 {} 行未导入，已另存到 {path}：按“问题”列修改后可再次导入", s.refused);
    }
    Ok(())
}

/// `表中名称=组织编号` from `--branch`.
fn branch_choice(ledger: &Ledger, text: &str) -> Result<BranchChoice> {
    match text.split_once(['=', '＝']) {
        Some((name, key)) if !name.trim().is_empty() && !key.trim().is_empty() => {
            Ok(BranchChoice { name: name.trim().to_string(), org_id: actions::org_id_for(ledger, Some(key.trim()))? })
        }
        _ => Err(Error::invalid(
            "--branch",
            format!("“{text}”不是“表中名称=组织编号”的形式：例如 --branch \"第一党支部=branch-1\""),
        )),
    }
}
