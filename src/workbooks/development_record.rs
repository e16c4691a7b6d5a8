//! The 发展党员全程纪实表: one A4-portrait sheet per person, a checklist of the 25 steps (date, the
//! people and facts recorded, done or not), the rule checks with their results, the documents
//! received, the warnings overridden with their reasons, and lines for the secretary's signature and
//! the branch's seal. Same fonts, borders and typed cells as the other ledgers (序号 numbers, dates
//! as dates, the ID number as text).

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::development::checks::{evaluate, CheckOptions};
use crate::development::record::{names, DevelopmentPerson, DocumentKind};
use crate::development::rules::version_on;
use crate::development::steps::{phase_of, step_name};
use crate::error::{Error, Result};
use crate::store::Ledger;
use crate::workbook::cell::{write_cell, At, Cell, CellFormats};
use crate::workbook::citation;
use crate::workbook::table::{self as ledger_sheet, chinese_date, line_count, page_footer, set_page, Paper};
use crate::workbooks::development::{as_of, people_of_year, DevelopmentSheetSummary};

pub const RECORD_TITLE: &str = "发展党员全程纪实表";

/// Column widths: 阶段, 序号, 步骤, 完成日期, 相关人员及情况, 完成情况.
const WIDTHS: [f64; 6] = [9.0, 5.0, 22.0, 13.0, 33.0, 9.0];
const LINE: f64 = 15.0;

struct Formats {
    title: Format,
    subtitle: Format,
    label: Format,
    value: Format,
    header: Format,
    cell: Format,
    center: Format,
    /// Typed values: left with an indent (identity) and centred (序号, dates).
    typed: CellFormats,
    typed_center: CellFormats,
    section: Format,
    plain: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_font_name("宋体").set_font_size(11);
    let boxed = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_num_format("@")
        .set_align(FormatAlign::VerticalCenter);
    Formats {
        title: Format::new()
            .set_font_name("黑体")
            .set_font_size(18)
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        subtitle: base.clone().set_align(FormatAlign::VerticalCenter),
        label: boxed.clone().set_bold().set_background_color(0xD9E1F2).set_align(FormatAlign::Center),
        value: boxed.clone().set_indent(1),
        header: boxed.clone().set_bold().set_background_color(0xD9E1F2).set_align(FormatAlign::Center),
        cell: boxed.clone().set_indent(1),
        typed: CellFormats::new(&boxed.clone().set_indent(1)),
        typed_center: CellFormats::new(&boxed.clone().set_align(FormatAlign::Center)),
        center: boxed.set_align(FormatAlign::Center),
        section: base.clone().set_bold().set_font_size(12).set_align(FormatAlign::VerticalCenter),
        plain: base.set_text_wrap().set_align(FormatAlign::VerticalCenter),
    }
}

fn xlsx(e: XlsxError) -> Error {
    Error::Internal(format!("生成 Excel 文件失败：{e}"))
}

/// Height for a row whose cells hold these texts in these column spans (first col, last col).
fn height(cells: &[(&str, usize, usize)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, a, b)| {
            let width: f64 = WIDTHS[*a..=*b].iter().sum();
            text.split('\n').map(|part| line_count(part, width, true)).sum::<u32>()
        })
        .max()
        .unwrap_or(1);
    (lines.max(1) as f64 * LINE + 6.0).max(20.0)
}

fn merge(ws: &mut Worksheet, row: u32, a: u16, b: u16, text: &str, f: &Format) -> Result<(), XlsxError> {
    if a == b {
        ws.write_string_with_format(row, a, text, f)?;
    } else {
        ws.merge_range(row, a, row, b, text, f)?;
    }
    Ok(())
}

/// A typed value across columns `a`–`b` of a row: the range merged, the value written into its first
/// cell in its own format.
fn merge_cell(ws: &mut Worksheet, row: u32, a: u16, b: u16, value: &Cell, f: &CellFormats) -> Result<(), XlsxError> {
    let format = f.get(value.kind());
    ws.merge_range(row, a, row, b, "", format)?;
    write_cell(ws, At { row, col: a, first_data_row: row }, value, f)
}

/// What was recorded at a step, for the 相关人员及情况 column.
fn step_detail(p: &DevelopmentPerson, n: u8) -> String {
    let Some(s) = p.step(n) else { return String::new() };
    let mut parts = Vec::new();
    let who = names(Some(s));
    if !who.is_empty() {
        let role = match n {
            2 => "谈话人",
            5 => "培养联系人",
            9 => "入党介绍人",
            _ => "相关人员",
        };
        parts.push(format!("{role}：{who}"));
    }
    match n {
        10 => {
            if let Some(r) = p.political_review {
                parts.push(format!("政审结论：{}", r.label()));
            }
        }
        11 => {
            let t = p.training_text();
            if !t.is_empty() {
                parts.push(format!("培训：{t}"));
            }
        }
        14 => {
            if let Some(no) =
                p.documents.iter().find(|d| d.kind == DocumentKind::VolunteerBook).and_then(|d| d.number.clone())
            {
                parts.push(format!("志愿书编号：{no}"));
            }
        }
        15 | 23 => {
            // The figures of the 支部大会 record the step points at (the same the 会议记录 prints).
            if let Some(v) = p.vote(n) {
                let mut text = format!("支部大会表决：{}", v.summary());
                if !v.problems.is_empty() {
                    text.push_str("（表决人数与会议考勤不符，待核实）");
                }
                parts.push(text);
            }
            if n == 15 {
                if let Some(end) = p.probation_end(version_on(s.date).probation_months) {
                    parts.push(format!("预备期至{}", chinese_date(end)));
                }
            }
        }
        _ => {}
    }
    if let Some(note) = s.note.as_deref().filter(|t| !t.is_empty()) {
        parts.push(note.to_string());
    }
    parts.join("；")
}

/// The documents received, one line per kind.
fn documents(p: &DevelopmentPerson) -> Vec<(String, String)> {
    DocumentKind::ALL
        .iter()
        .filter_map(|kind| {
            let docs: Vec<_> = p.documents.iter().filter(|d| d.kind == *kind).collect();
            if docs.is_empty() {
                return (*kind != DocumentKind::Other).then(|| (kind.label().to_string(), "未收到".to_string()));
            }
            let text = docs
                .iter()
                .map(|d| {
                    let mut t = chinese_date(d.received_on);
                    if let Some(q) = &d.period {
                        t = format!("{}（{}收）", crate::standards::period::label_of(q), chinese_date(d.received_on));
                    }
                    if let Some(no) = &d.number {
                        t.push_str(&format!(" 编号{no}"));
                    }
                    t
                })
                .collect::<Vec<_>>()
                .join("、");
            Some((kind.label().to_string(), text))
        })
        .collect()
}

fn write_person(
    ws: &mut Worksheet,
    p: &DevelopmentPerson,
    on: NaiveDate,
    options: &CheckOptions,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut r: u32 = 0;
    ws.set_row_height(r, 34)?;
    merge(ws, r, 0, 5, RECORD_TITLE, &f.title)?;
    r += 1;
    ws.set_row_height(r, 22)?;
    let subtitle = format!("所在党支部：{}　　统计日期：{}", p.org_name, chinese_date(on));
    merge(ws, r, 0, 5, &subtitle, &f.subtitle)?;
    r += 1;

    // Identity: label | value (B–C) | label | value (E–F).
    let stage = p.stage_on(on).map(|s| s.label().to_string()).unwrap_or_default();
    let text = |s: Option<String>| Cell::text(s.unwrap_or_default());
    let pairs = [
        [("姓名", Cell::text(p.name.as_str())), ("性别", Cell::text(p.gender.label()))],
        [("出生日期", Cell::ShortDate(p.birth_date)), ("民族", text(p.ethnicity.clone()))],
        [("学历", text(p.education.clone())), ("公民身份证号", text(p.id_number.clone()))],
        [("目前阶段", Cell::text(stage)), ("递交申请日期", Cell::short_date(p.date(1)))],
    ];
    for [(l1, v1), (l2, v2)] in pairs {
        ws.set_row_height(r, height(&[(l2, 3, 3), (&v2.display(), 4, 5), (&v1.display(), 1, 2)]))?;
        ws.write_string_with_format(r, 0, l1, &f.label)?;
        merge_cell(ws, r, 1, 2, &v1, &f.typed)?;
        ws.write_string_with_format(r, 3, l2, &f.label)?;
        merge_cell(ws, r, 4, 5, &v2, &f.typed)?;
        r += 1;
    }
    let unit = p.unit_title.clone().unwrap_or_default();
    ws.set_row_height(r, height(&[("工作单位及职务", 0, 0), (&unit, 1, 5)]))?;
    ws.write_string_with_format(r, 0, "工作单位及职务", &f.label)?;
    ws.merge_range(r, 1, r, 5, &unit, &f.value)?;
    r += 2;

    // The 25 steps, grouped by phase.
    ws.set_row_height(r, 22)?;
    for (c, h) in ["阶段", "序号", "步骤", "完成日期", "相关人员及情况", "完成情况"].iter().enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &f.header)?;
    }
    r += 1;
    let first_step_row = r;
    for n in 1..=25u8 {
        let row = first_step_row + u32::from(n) - 1;
        let detail = step_detail(p, n);
        ws.set_row_height(row, height(&[(&detail, 4, 4), (step_name(n), 2, 2)]))?;
        let at = |col: u16| At { row, col, first_data_row: row };
        write_cell(ws, at(1), &Cell::Count(n.into()), &f.typed_center)?;
        ws.write_string_with_format(row, 2, step_name(n), &f.cell)?;
        write_cell(ws, at(3), &Cell::short_date(p.date(n)), &f.typed_center)?;
        ws.write_string_with_format(row, 4, &detail, &f.cell)?;
        let done = if p.step(n).is_some() { "已完成" } else { "" };
        ws.write_string_with_format(row, 5, done, &f.center)?;
    }
    let mut n = 1u8;
    while n <= 25 {
        let (phase, title) = phase_of(n);
        let last = (n..=25).take_while(|m| phase_of(*m).0 == phase).last().unwrap_or(n);
        let (a, b) = (first_step_row + u32::from(n) - 1, first_step_row + u32::from(last) - 1);
        ws.merge_range(a, 0, b, 0, title, &f.center)?;
        n = last + 1;
    }
    // Page 1 is the checklist of steps; the documents and the rule checks start page 2.
    r = first_step_row + 25;
    ws.set_page_breaks(&[r])?;

    // Documents received.
    ws.set_row_height(r, 22)?;
    merge(ws, r, 0, 5, "材料收到情况", &f.section)?;
    r += 1;
    ws.set_row_height(r, 22)?;
    merge(ws, r, 0, 2, "材料", &f.header)?;
    merge(ws, r, 3, 5, "收到日期（编号）", &f.header)?;
    r += 1;
    for (kind, text) in documents(p) {
        ws.set_row_height(r, height(&[(&text, 3, 5)]))?;
        merge(ws, r, 0, 2, &kind, &f.cell)?;
        merge(ws, r, 3, 5, &text, &f.cell)?;
        r += 1;
    }
    r += 1;

    // The rule checks.
    ws.set_row_height(r, 22)?;
    merge(ws, r, 0, 5, "规则核对（截至统计日期）", &f.section)?;
    r += 1;
    ws.set_row_height(r, 22)?;
    merge(ws, r, 0, 2, "核对项目", &f.header)?;
    merge(ws, r, 3, 4, "说明及依据", &f.header)?;
    ws.write_string_with_format(r, 5, "结果", &f.header)?;
    r += 1;
    for c in evaluate(p, on, options) {
        let mut item = c.check.label().to_string();
        if let Some(step) = c.step {
            item.push_str(&format!("（第{step}步）"));
        }
        let text = format!("{}\n依据：{}", c.message, citation::for_sheet(&c.source));
        ws.set_row_height(r, height(&[(&item, 0, 2), (&text, 3, 4)]))?;
        merge(ws, r, 0, 2, &item, &f.cell)?;
        merge(ws, r, 3, 4, &text, &f.cell)?;
        ws.write_string_with_format(r, 5, c.status.label(), &f.center)?;
        r += 1;
    }

    if !p.overrides.is_empty() {
        r += 1;
        ws.set_row_height(r, 22)?;
        merge(ws, r, 0, 5, "不符合规定情形的说明（登记时已说明理由）", &f.section)?;
        r += 1;
        ws.set_row_height(r, 22)?;
        merge(ws, r, 0, 3, "情形", &f.header)?;
        merge(ws, r, 4, 5, "理由", &f.header)?;
        r += 1;
        for o in &p.overrides {
            let what = match o.step {
                Some(step) => format!("第{step}步：{}", o.message),
                None => o.message.clone(),
            };
            ws.set_row_height(r, height(&[(&what, 0, 3), (&o.reason, 4, 5)]))?;
            merge(ws, r, 0, 3, &what, &f.cell)?;
            merge(ws, r, 4, 5, &o.reason, &f.cell)?;
            r += 1;
        }
    }

    r += 1;
    ws.set_row_height(r, 30)?;
    merge(ws, r, 0, 5, "党支部书记（签字）：　　　　　　　　　　　　党支部（盖章）", &f.plain)?;
    r += 1;
    ws.set_row_height(r, 24)?;
    merge(ws, r, 0, 5, "　　　　　　　　　　　　　　　　　　　　　　　　　　　　年　　月　　日", &f.plain)?;
    Ok(())
}

/// Writes the 发展党员全程纪实表 of `org_id`'s subtree for `year`: one sheet per person whose record
/// was open in the year; ID numbers masked when `mask_ids`.
pub fn write_records(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    today: NaiveDate,
    path: &Path,
    mask_ids: bool,
) -> Result<DevelopmentSheetSummary> {
    let on = as_of(year, today);
    let options = crate::development::check_options(ledger.conn())?;
    let mut people = people_of_year(ledger, org_id, year, today)?;
    if mask_ids {
        for p in &mut people {
            p.id_number = p.id_number.as_deref().map(crate::model::id_number::mask);
        }
    }
    let org = crate::store::orgs::name_of(ledger.conn(), org_id)?;
    let mut wb = ledger_sheet::new_workbook(&format!("{org}{year}年{RECORD_TITLE}"), today)?;
    let f = formats();
    let mut used = HashSet::new();
    for p in &people {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&p.name, &mut used)).map_err(xlsx)?;
        write_person(ws, p, on, &options, &f).map_err(xlsx)?;
        page_setup(ws, &org, today).map_err(xlsx)?;
    }
    if people.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(RECORD_TITLE).map_err(xlsx)?;
        for (c, w) in WIDTHS.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(xlsx)?;
        }
        merge(ws, 0, 0, 5, RECORD_TITLE, &f.title).map_err(xlsx)?;
        merge(ws, 1, 0, 5, &format!("{org}{year}年没有发展党员记录"), &f.subtitle).map_err(xlsx)?;
        page_setup(ws, &org, today).map_err(xlsx)?;
    }
    ledger_sheet::save(&mut wb, path)?;
    Ok(DevelopmentSheetSummary { path: path.display().to_string(), people: people.len() as u32 })
}

/// The person's name (`王小明`), and `王小明（2）` for the second of two who share it: unique, at
/// most 31 characters, without the characters Excel forbids.
fn sheet_name(name: &str, used: &mut HashSet<String>) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(26).collect();
    let clean = if clean.trim().is_empty() { "发展党员".to_string() } else { clean };
    let mut candidate = clean.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{clean}（{n}）");
        n += 1;
    }
    candidate
}

fn page_setup(ws: &mut Worksheet, org: &str, today: NaiveDate) -> Result<(), XlsxError> {
    set_page(ws, Paper::Portrait, 0, &page_footer(org, today, Paper::Portrait));
    Ok(())
}
