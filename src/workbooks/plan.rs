//! The 年度"三会一课"计划表 as an Excel sheet (planned dates as date cells), as a Word document
//! (`workbook::docx`), and as an iCalendar file (`plan::ics`). The 计划表 and the Word plan carry the
//! year's 经费预算 (景德镇: the plan lists the budget): the budget lines of `funds::budget` and their
//! total (`BudgetYear::budget_fen`, in the sheet a `=SUM()`), when a budget is entered.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::funds::BudgetYear;
use crate::model::money::yuan;
use crate::plan::Plan;
use crate::workbook::cell::Cell;
use crate::workbook::docx::WordDocument;
use crate::workbook::table::{self as ledger_sheet, chinese_date, LedgerTable, Paper, TableColumn};

pub const PLAN_SHEET: &str = "年度计划表";

pub const PLAN_COLUMNS: [TableColumn; 7] = [
    TableColumn::centered("序号"),
    TableColumn::centered("计划日期"),
    TableColumn::centered("所属期间"),
    TableColumn::centered("类别"),
    TableColumn::centered("党小组"),
    TableColumn::left("主题和内容", 40.0),
    TableColumn::left("备注", 24.0),
];

pub const BUDGET_SHEET: &str = "经费预算";

pub const BUDGET_COLUMNS: [TableColumn; 4] = [
    TableColumn::centered("序号"),
    TableColumn::left("预算项目", 30.0),
    TableColumn::centered("预算金额(元)"),
    TableColumn::left("备注", 30.0),
];

/// The year's 经费预算 as the plan lists it: each budget line (item, amount, note), or, for a year
/// budgeted as one amount without lines, that amount; empty when no budget is entered.
fn budget_items(budget: &BudgetYear) -> Vec<(String, i64, String)> {
    if budget.lines.is_empty() {
        return budget
            .budget_fen
            .map(|fen| vec![("党组织工作经费".to_string(), fen, "未分项目".to_string())])
            .unwrap_or_default();
    }
    budget.lines.iter().map(|l| (l.item.clone(), l.amount_fen, l.note.clone().unwrap_or_default())).collect()
}

/// The rows of the 经费预算 sheet: one per item, then the 合计 (a `=SUM()` caching the budget).
pub fn budget_rows(budget: &BudgetYear) -> Vec<Vec<Cell>> {
    let items = budget_items(budget);
    if items.is_empty() {
        return Vec::new();
    }
    let mut rows: Vec<Vec<Cell>> = items
        .into_iter()
        .enumerate()
        .map(|(i, (item, fen, note))| vec![Cell::count(i + 1), Cell::text(item), Cell::Money(fen), Cell::text(note)])
        .collect();
    let total = Cell::ColumnSum(Box::new(Cell::Money(budget.budget_fen.unwrap_or(0))));
    rows.push(vec![Cell::text("合计"), Cell::Empty, total, Cell::Empty]);
    rows
}

/// `<组织简称>2026年度计划-YYYYMMDD.<xlsx|docx|ics>`: the one name of the plan's files.
pub fn plan_file_name(
    org: &crate::model::Organization,
    year: i32,
    format: crate::workbooks::ExportFormat,
    today: NaiveDate,
) -> String {
    crate::workbooks::file_name_as(org, &format!("{year}年度计划"), today, format)
}

/// `XX党支部2026年度“三会一课”计划`
pub fn plan_title(plan: &Plan) -> String {
    format!("{}{}年度“三会一课”计划", plan.org_name, plan.year)
}

fn refuse_empty(plan: &Plan) -> Result<()> {
    if plan.items.is_empty() {
        return Err(Error::Conflict(format!(
            "{}{}年度还没有保存计划：请先在“年度计划”中生成并保存，或用 zhibu plan --propose",
            plan.org_name, plan.year
        )));
    }
    Ok(())
}

/// The rows of the 计划表 (the sheet's cells).
pub fn plan_rows(plan: &Plan) -> Vec<Vec<Cell>> {
    plan.items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            vec![
                Cell::count(i + 1),
                Cell::Date(item.planned_on),
                Cell::text(item.span().label),
                Cell::text(item.what()),
                Cell::text(item.group_name.clone().unwrap_or_default()),
                Cell::text(item.topic.as_str()),
                Cell::text(item.note.as_str()),
            ]
        })
        .collect()
}

/// Writes the 计划表 workbook: the plan, and the year's 经费预算 on a sheet of its own when entered.
pub fn write_plan_xlsx(plan: &Plan, budget: &BudgetYear, today: NaiveDate, path: &Path) -> Result<usize> {
    refuse_empty(plan)?;
    let title = plan_title(plan);
    let rows = plan_rows(plan);
    let mut wb = ledger_sheet::new_workbook(&title, today)?;
    ledger_sheet::add_table_on(
        &mut wb,
        &LedgerTable {
            sheet_name: PLAN_SHEET,
            title,
            subtitle: format!("制表日期：{}　共{}项　{}", chinese_date(today), rows.len(), plan.theme_day.source),
            columns: &PLAN_COLUMNS,
            rows: &rows,
            unit: &plan.org_name,
            date: today,
            freeze_columns: 0,
        },
        Paper::Landscape,
    )?;
    let budget_rows = budget_rows(budget);
    if !budget_rows.is_empty() {
        let total = yuan(budget.budget_fen.unwrap_or(0));
        ledger_sheet::add_table_on(
            &mut wb,
            &LedgerTable {
                sheet_name: BUDGET_SHEET,
                title: format!("{}{}年度经费预算", plan.org_name, plan.year),
                subtitle: format!("金额单位：元　共{}项　合计 {total} 元", budget_rows.len() - 1),
                columns: &BUDGET_COLUMNS,
                rows: &budget_rows,
                unit: &plan.org_name,
                date: today,
                freeze_columns: 0,
            },
            Paper::Portrait,
        )?;
    }
    ledger_sheet::save(&mut wb, path)?;
    Ok(rows.len())
}

/// Writes the 计划 as a Word document: a short preface, the table, and the year's 经费预算 when entered.
pub fn write_plan_docx(plan: &Plan, budget: &BudgetYear, today: NaiveDate, path: &Path) -> Result<usize> {
    refuse_empty(plan)?;
    // The year is in the title: the table gives month and day, and a period only where it is not
    // the month (`党员大会（第一季度）`); 小四 text on A4 portrait has room for six columns.
    let year = format!("{}年", plan.year);
    let rows: Vec<Vec<String>> = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            // A yearly item's period is the year of the title: nothing to add.
            let span = item.span();
            let within = span.label.trim_start_matches(year.as_str());
            let what = match item.unit {
                crate::plan::PeriodUnit::Month => item.what(),
                _ if within.is_empty() => item.what(),
                _ => format!("{}（{}）", item.what(), within),
            };
            vec![
                (i + 1).to_string(),
                item.planned_on.format("%-m月%-d日").to_string(),
                what,
                item.group_name.clone().unwrap_or_default(),
                item.topic.clone(),
                item.note.clone(),
            ]
        })
        .collect();
    let count = |pred: &dyn Fn(&crate::plan::PlanItem) -> bool| plan.items.iter().filter(|i| pred(i)).count();
    let meetings = count(&|i| i.kind == crate::plan::PlanKind::Meeting);
    let preface = format!(
        "根据《中国共产党支部工作条例（试行）》和上级党组织的要求，结合本支部实际，制定{}年度“三会一课”计划如下，共安排{}项，其中组织生活{}项。{}。具体时间如有调整，以支部通知为准。",
        plan.year,
        plan.items.len(),
        meetings,
        plan.theme_day.source
    );
    let mut doc = WordDocument::new()
        .dated(today)
        .title(&plan_title(plan))
        .blank_line()
        .paragraph(&preface)
        .blank_line()
        .grid(&["序号", "日期", "类别", "党小组", "主题和内容", "备注"], &[4, 7, 9, 8, 12, 5], &rows)
        .blank_line();
    let budget_rows: Vec<Vec<String>> =
        budget_rows(budget).iter().map(|r| r.iter().map(Cell::display).collect()).collect();
    if !budget_rows.is_empty() {
        let text = format!(
            "经费预算：{}年度党组织工作经费预算共{}项，合计{}元，明细如下。",
            plan.year,
            budget_rows.len() - 1,
            yuan(budget.budget_fen.unwrap_or(0))
        );
        doc = doc
            .paragraph(&text)
            .grid(&["序号", "预算项目", "金额(元)", "备注"], &[4, 16, 9, 16], &budget_rows)
            .blank_line();
    }
    let doc = doc.signature(&[&plan.org_name, &chinese_date(today)]);
    doc.save(path)?;
    Ok(rows.len())
}

/// Writes the plan as an `.ics` calendar.
pub fn write_plan_ics(plan: &Plan, today: NaiveDate, path: &Path) -> Result<usize> {
    refuse_empty(plan)?;
    std::fs::write(path, crate::plan::ics::calendar(plan, today)).map_err(|e| Error::io(path, e))?;
    Ok(plan.items.len())
}

/// Writes the plan (with the year's budget in the 计划表 and the Word plan) in the format `path`'s
/// extension names (`.xlsx`, `.docx`, `.ics`).
pub fn write_plan(plan: &Plan, budget: &BudgetYear, today: NaiveDate, path: &Path) -> Result<usize> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "xlsx" => write_plan_xlsx(plan, budget, today, path),
        "docx" => write_plan_docx(plan, budget, today, path),
        "ics" => write_plan_ics(plan, today, path),
        _ => Err(Error::invalid(
            "OUT",
            format!("不支持的文件类型“{}”：计划可导出为 .xlsx（Excel）、.docx（Word）或 .ics（日历）", path.display()),
        )),
    }
}
