//! The 年度计划 screen and `zhibu plan`, `plan-export`, `work-summary`: propose the year's
//! 三会一课 plan from the profile, edit and save it, compare it with what was held, export it
//! (.xlsx, .docx, .ics), and draft the 工作总结.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::app::findings::DevelopmentFindings;
use crate::error::{Error, Result};
pub use crate::plan::{
    HeldSitting, PeriodUnit, Plan, PlanCounts, PlanItem, PlanKind, PlanLine, PlanStatus, PlanVsActual, ThemeDay,
};
use crate::store::Ledger;
pub use crate::workbooks::work_summary::{SittingsOfType, WorkSummary};

/// The proposed plan (not saved) of the organisation for the year, from its profile.
pub fn propose_plan(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate) -> Result<Plan> {
    ledger.read(|conn| crate::plan::proposal(conn, org_id, year, today))
}

/// The saved plan (`saved` false and no items when none is saved).
pub fn year_plan(ledger: &Ledger, org_id: i64, year: i32) -> Result<Plan> {
    ledger.read(|conn| crate::plan::saved_plan(conn, org_id, year))
}

/// What the 保存 button sends: the whole plan of one organisation's year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanSave {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub year: i32,
    pub items: Vec<PlanItem>,
}

/// Saves the plan (replacing the saved one, all or nothing) and returns it as saved.
pub fn save_plan(ledger: &Ledger, input: &PlanSave) -> Result<Plan> {
    crate::plan::save_items(ledger, input.org_id, input.year, &input.items)?;
    year_plan(ledger, input.org_id, input.year)
}

/// `zhibu plan --propose`: writes the proposal into an empty plan; refused when a plan is saved.
pub fn propose_into_empty(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate) -> Result<Plan> {
    let plan = propose_plan(ledger, org_id, year, today)?;
    if crate::plan::has_plan(ledger.conn(), org_id, year)? {
        return Err(Error::Conflict(format!(
            "{}{year}年度已有计划，--propose 只写入空计划；请在“年度计划”中修改已保存的计划",
            plan.org_name
        )));
    }
    crate::plan::save_items(ledger, org_id, year, &plan.items)?;
    year_plan(ledger, org_id, year)
}

/// The saved plan against what was held, as of `today`.
pub fn plan_vs_actual(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate) -> Result<PlanVsActual> {
    ledger.read(|conn| crate::plan::actual_of(conn, org_id, year, today))
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanExport {
    pub path: String,
    pub items: u32,
}

/// Writes the saved plan as `.xlsx` (计划表), `.docx` or `.ics`, by `path`'s extension; the 计划表 and
/// the Word plan list the year's 经费预算 (`funds::budget_year`).
pub fn export_plan(ledger: &Ledger, org_id: i64, year: i32, today: NaiveDate, path: &Path) -> Result<PlanExport> {
    let plan = year_plan(ledger, org_id, year)?;
    let budget = crate::funds::budget_year(ledger, org_id, year)?;
    crate::store::ensure_parent(path)?;
    let items = crate::workbooks::plan::write_plan(&plan, &budget, today, path)?;
    Ok(PlanExport { path: path.display().to_string(), items: items as u32 })
}

/// A file name for the plan export: `<组织简称>2026年度计划-YYYYMMDD.<ext>` (`xlsx`, `docx`, `ics`).
pub fn plan_file_name(ledger: &Ledger, org_id: i64, year: i32, ext: &str, today: NaiveDate) -> Result<String> {
    use crate::workbooks::ExportFormat;
    let org = crate::store::orgs::get(ledger.conn(), org_id)?;
    let format = match ext {
        "docx" => ExportFormat::Docx,
        "ics" => ExportFormat::Ics,
        _ => ExportFormat::Xlsx,
    };
    Ok(crate::workbooks::plan::plan_file_name(&org, year, format, today))
}

/// The figures of the 工作总结 for the year or its half (1, 2).
pub fn work_summary(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    half: Option<u8>,
    today: NaiveDate,
) -> Result<WorkSummary> {
    crate::workbooks::work_summary::work_summary_figures(ledger, org_id, year, half, today, &DevelopmentFindings)
}

/// Writes the 工作总结 draft (.docx) and returns its figures.
pub fn export_work_summary(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    half: Option<u8>,
    today: NaiveDate,
    path: &Path,
) -> Result<WorkSummary> {
    let figures = work_summary(ledger, org_id, year, half, today)?;
    crate::store::ensure_parent(path)?;
    crate::workbooks::work_summary::write_work_summary(&figures, today, path)?;
    Ok(figures)
}
