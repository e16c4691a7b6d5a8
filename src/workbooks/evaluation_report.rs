//! The year's 民主评议党员情况报告 (.docx) of an organisation and everything under it: the counts
//! per grade and the 优秀 share from `EvaluationTally` (the one count behind the 民主评议结果汇总表),
//! the names of those graded 优秀, 基本合格 and 不合格, and the day of the 民主评议 sitting. The
//! words are the template `assets/templates/evaluation_report.txt` (replaceable beside the ledger).

use std::path::Path;

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::dates::chinese_date;
use crate::model::{ActivityType, Grade};
use crate::store::Ledger;
use crate::workbook::docx::{blank, WordDocument};
use crate::workbook::template::{self, BuiltIn, Fields};
use crate::workbooks::meetings::member_sheets::EvaluationTally;
use crate::workbooks::meetings::read::{self, Scope};

pub const TEMPLATE: BuiltIn = BuiltIn {
    code: "evaluation_report",
    name: "民主评议党员情况报告",
    text: include_str!("../../assets/templates/evaluation_report.txt"),
};

/// Writes the report of `org_id` for `year` at `path`; returns the fields left blank.
pub fn write_evaluation_report(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<Vec<String>> {
    let conn = ledger.conn();
    let org = crate::store::orgs::name_of(conn, org_id)?;
    let tally = EvaluationTally::read(conn, org_id, year)?;
    // The last 民主评议 sitting of the year (the one whose result the grades record).
    let sitting = read::meetings(conn, org_id, year, Scope::Own)?
        .into_iter()
        .filter(|m| m.types.contains(&ActivityType::EvaluationMeeting))
        .map(|m| m.date)
        .max();
    let names = |g: Grade| {
        let n = tally.names(g);
        if n.is_empty() {
            "无".to_string()
        } else {
            n.join("、")
        }
    };
    let count = |g: Grade| tally.names(g).len().to_string();
    let mut fields = Fields::new()
        .text("组织", org.as_str())
        .text("年度", year.to_string())
        .text("在册人数", tally.on_roll.to_string())
        .text("参评人数", tally.graded.to_string())
        .text("未评定人数", (tally.on_roll - tally.graded).to_string())
        .text("等次人数", tally.counts_text())
        .text("优秀人数", count(Grade::Excellent))
        .text("合格人数", count(Grade::Qualified))
        .text("基本合格人数", count(Grade::BasicallyQualified))
        .text("不合格人数", count(Grade::Unqualified))
        .text("优秀比例", tally.excellent_rate())
        .text("优秀名单", names(Grade::Excellent))
        .text("基本合格名单", names(Grade::BasicallyQualified))
        .text("不合格名单", names(Grade::Unqualified))
        .text("报告日期", chinese_date(today));
    fields = match sitting {
        Some(d) => fields.text("评议日期", chinese_date(d)),
        None => fields.missing("评议日期", format!("{}年{}月{}日", blank(4), blank(2), blank(2))),
    };
    let flagged = tally.names(Grade::BasicallyQualified).len() + tally.names(Grade::Unqualified).len();
    fields = if flagged == 0 {
        fields.text("处置意见", "本年度无评定为基本合格、不合格的党员。")
    } else {
        fields.missing("处置意见", blank(30))
    };
    let template = template::load(&TEMPLATE, ledger.path())?;
    let rendered = template.render(&fields, WordDocument::new())?;
    rendered.doc.dated(today).save(path)?;
    Ok(rendered.missing)
}
