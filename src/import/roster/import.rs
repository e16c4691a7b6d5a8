//! Roster import: preview (find the sheet and header row, map columns, parse and check every row)
//! and the all-or-nothing import that follows it.
//!
//! Required columns: 姓名, 人员类别, 加入党组织日期 always; 性别 and 出生日期 unless the sheet has a
//! 公民身份证号 column (each row then takes them from its ID number when the cell is blank). A row
//! updates the member on the roster with the same ID number (or, without one, the same name and birth
//! date); every other row adds a member. Members go to the organisation named in 所在党支部, else to
//! the one chosen for the import. A mapping used in a successful import is remembered under the
//! header row's signature (`settings.roster_mapping:<signature>`) and offered again next time.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::headers::{self, HEADER_SEARCH_ROWS};
use super::location::Column;
use super::lookup::LedgerLookup;
use super::rows::RowReader;
use super::types::{ColumnMapping, RosterField, RosterImportRequest, RosterImportSummary, RosterPreview};
use crate::error::{Error, Problem, Result};
use crate::model::MemberFields;
use crate::store::{audit, members, meta};
use crate::workbook::read::{Grid, Workbook};
use crate::Ledger;

/// A preview plus what an import would write.
struct Prepared {
    preview: RosterPreview,
    /// (existing member id, fields) for every row, in sheet order; only meaningful without problems.
    writes: Vec<(Option<i64>, MemberFields, bool)>,
    signature: Option<String>,
    file_name: String,
}

/// Reads the file and checks every row; writes nothing.
pub fn preview_import(ledger: &Ledger, req: &RosterImportRequest, today: NaiveDate) -> Result<RosterPreview> {
    Ok(prepare(ledger.conn(), req, today)?.preview)
}

/// Imports the roster when the preview has no problem: one transaction adding and updating members,
/// one audit entry for the import, and the column mapping remembered. Otherwise `Error::Invalid`
/// with every problem, and the ledger is unchanged.
pub fn import(ledger: &Ledger, req: &RosterImportRequest, today: NaiveDate) -> Result<RosterImportSummary> {
    let p = prepare(ledger.conn(), req, today)?;
    if !p.preview.problems.is_empty() {
        return Err(Error::Invalid(p.preview.problems));
    }
    let sheet = p.preview.sheet.clone();
    ledger.write(|tx| {
        let mut summary = RosterImportSummary { added: 0, updated: 0, unchanged: 0 };
        for ((existing, fields, unchanged), row) in p.writes.into_iter().zip(&p.preview.rows) {
            let located = |e: Error| match e {
                Error::Invalid(ps) => Error::Invalid(
                    ps.into_iter()
                        .map(|q| {
                            Problem::new(
                                format!("{sheet}!{}", row.row),
                                format!("{sheet} 第{}行：{}", row.row, q.message),
                            )
                        })
                        .collect(),
                ),
                other => other,
            };
            match existing {
                Some(_) if unchanged => summary.unchanged += 1,
                Some(id) => {
                    members::update(tx, id, fields, today).map_err(located)?;
                    summary.updated += 1;
                }
                None => {
                    members::insert(tx, fields, None, today).map_err(located)?;
                    summary.added += 1;
                }
            }
        }
        audit::record(
            tx,
            "导入",
            "member",
            None,
            &format!(
                "从“{}”的工作表“{sheet}”导入花名册：新增{}人，更新{}人，未变{}人",
                p.file_name, summary.added, summary.updated, summary.unchanged
            ),
            None,
        )?;
        if let Some(sig) = &p.signature {
            let json = serde_json::to_string(&p.preview.mapping).map_err(|e| Error::Internal(e.to_string()))?;
            meta::set_setting(tx, &headers::setting_name(sig), &json)?;
        }
        Ok(summary)
    })
}

/// The mapping chosen for a sheet and where it came from.
struct Chosen {
    mapping: ColumnMapping,
    remembered: bool,
}

fn prepare(conn: &Connection, req: &RosterImportRequest, today: NaiveDate) -> Result<Prepared> {
    let lookup = LedgerLookup::load(conn)?;
    let default_org =
        lookup.org(req.org_id).ok_or(Error::NotFound { what: "组织", key: req.org_id.to_string() })?.clone();
    let path = Path::new(&req.path);
    let mut book = Workbook::open(path)?;
    let file_name = book.file_name.clone();
    let (sheet, grid, chosen) = choose_sheet(conn, &mut book, req)?;

    let header_row = chosen.mapping.header_row;
    let header_texts = grid.row_texts(header_row - 1);
    let mut problems = Vec::new();
    let mut columns: HashMap<RosterField, Column> = HashMap::new();
    for m in &chosen.mapping.columns {
        let Some(field) = m.field else { continue };
        let in_sheet = header_texts.get(m.column as usize).map(|h| squash(h)).unwrap_or_default();
        let col = Column {
            index: m.column,
            letter: headers::column_letter(m.column),
            header: if in_sheet.is_empty() { field.label().to_string() } else { in_sheet },
        };
        if let Some(first) = columns.get(&field) {
            problems.push(Problem::new(
                sheet.clone(),
                format!("{sheet}：{}列和{}列都对应“{}”，请只保留一列", first.letter, col.letter, field.label()),
            ));
        } else {
            columns.insert(field, col);
        }
    }
    problems.extend(missing_columns(&sheet, &columns));

    let mut preview = RosterPreview {
        sheets: book.sheet_names.clone(),
        sheet: sheet.clone(),
        mapping: chosen.mapping,
        mapping_remembered: chosen.remembered,
        rows: Vec::new(),
        problems: Vec::new(),
        new_count: 0,
        update_count: 0,
        unchanged_count: 0,
    };
    let mut writes = Vec::new();
    if problems.is_empty() {
        let mut reader = RowReader::new(&sheet, &grid, &columns, &lookup, &default_org, today);
        for r in header_row..grid.row_end() {
            let Some(parsed) = reader.read(r) else { continue };
            problems.extend(parsed.preview.problems.iter().cloned());
            if let Some(fields) = parsed.fields {
                match (&parsed.existing, parsed.preview.unchanged) {
                    (None, _) => preview.new_count += 1,
                    (Some(_), true) => preview.unchanged_count += 1,
                    (Some(_), false) => preview.update_count += 1,
                }
                writes.push((parsed.existing.map(|(id, _)| id), fields, parsed.preview.unchanged));
            }
            preview.rows.push(parsed.preview);
        }
        if preview.rows.is_empty() {
            problems.push(Problem::new(sheet.clone(), format!("{sheet}：表头（第{header_row}行）下面没有党员数据")));
        }
    }
    preview.problems = problems;
    Ok(Prepared { preview, writes, signature: headers::signature(&header_texts), file_name })
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The sheet to read and its column mapping: the requested sheet, or the first one whose headers
/// are remembered or recognised.
fn choose_sheet(conn: &Connection, book: &mut Workbook, req: &RosterImportRequest) -> Result<(String, Grid, Chosen)> {
    let file = book.file_name.clone();
    let names: Vec<String> = match &req.sheet {
        Some(name) => {
            if !book.sheet_names.contains(name) {
                return Err(Error::invalid(
                    file.clone(),
                    format!("“{file}”中没有名为“{name}”的工作表（现有：{}）", book.sheet_names.join("、")),
                ));
            }
            vec![name.clone()]
        }
        None => book.sheet_names.clone(),
    };
    let mut all_empty = true;
    for name in &names {
        let grid = book.sheet(name)?;
        if grid.is_empty() {
            continue;
        }
        all_empty = false;
        if let Some(chosen) = mapping_for(conn, name, &grid, req.mapping.as_ref())? {
            return Ok((name.clone(), grid, chosen));
        }
    }
    let which = match &req.sheet {
        Some(name) => format!("工作表“{name}”"),
        None => format!("“{file}”的工作表（{}）", names.join("、")),
    };
    let at = req.sheet.clone().unwrap_or(file);
    if all_empty {
        return Err(Error::invalid(at, format!("{which}是空的，没有可导入的花名册")));
    }
    Err(Error::invalid(
        at,
        format!(
            "在{which}的前{HEADER_SEARCH_ROWS}行中没有找到花名册表头：表头行至少要有姓名、性别、公民身份证号、入党时间等列中的3个。请检查是否选错了文件或工作表，或在导入界面手动指定各列"
        ),
    ))
}

fn mapping_for(conn: &Connection, sheet: &str, grid: &Grid, given: Option<&ColumnMapping>) -> Result<Option<Chosen>> {
    let top = grid.row_end().min(HEADER_SEARCH_ROWS as u32);
    if let Some(m) = given {
        if m.header_row == 0 || m.header_row > grid.row_end() {
            return Err(Error::invalid(
                sheet,
                format!("{sheet}：指定的表头行（第{}行）不在工作表的范围内（共{}行）", m.header_row, grid.row_end()),
            ));
        }
        return Ok(Some(Chosen { mapping: refreshed(m.clone(), m.header_row, grid), remembered: false }));
    }
    let rows: Vec<Vec<String>> = (0..top).map(|r| grid.row_texts(r)).collect();
    for (i, texts) in rows.iter().enumerate() {
        let Some(sig) = headers::signature(texts) else { continue };
        if let Some(json) = meta::setting(conn, &headers::setting_name(&sig))? {
            if let Ok(m) = serde_json::from_str::<ColumnMapping>(&json) {
                return Ok(Some(Chosen { mapping: refreshed(m, i as u32 + 1, grid), remembered: true }));
            }
        }
    }
    Ok(headers::find_header_row(&rows)
        .map(|i| Chosen { mapping: headers::auto_mapping(i as u32 + 1, &rows[i]), remembered: false }))
}

/// A mapping with its header row set and header texts and letters taken from the sheet.
fn refreshed(mut m: ColumnMapping, header_row: u32, grid: &Grid) -> ColumnMapping {
    let texts = grid.row_texts(header_row - 1);
    m.header_row = header_row;
    for c in &mut m.columns {
        c.letter = headers::column_letter(c.column);
        if let Some(t) = texts.get(c.column as usize) {
            c.header = t.trim().to_string();
        }
    }
    m
}

fn missing_columns(sheet: &str, columns: &HashMap<RosterField, Column>) -> Vec<Problem> {
    let has_id = columns.contains_key(&RosterField::IdNumber);
    let mut out = Vec::new();
    for f in
        [RosterField::Name, RosterField::Gender, RosterField::BirthDate, RosterField::Status, RosterField::JoinedOn]
    {
        let optional = has_id && matches!(f, RosterField::Gender | RosterField::BirthDate);
        if columns.contains_key(&f) || optional {
            continue;
        }
        let also = if matches!(f, RosterField::Gender | RosterField::BirthDate) {
            "（没有公民身份证号列时必须有）"
        } else {
            ""
        };
        out.push(Problem::new(
            sheet,
            format!(
                "{sheet}：缺少“{}”列{also}。可识别的列名：{}；也可以在导入界面手动指定哪一列是“{}”",
                f.label(),
                f.header_variants().join("、"),
                f.label()
            ),
        ));
    }
    out
}
