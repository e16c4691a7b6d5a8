//! Roster import: preview (find the sheet and header row, map columns, parse and check every row)
//! and the all-or-nothing import that follows it.
//!
//! Required columns: 姓名 and 加入党组织日期 always; 性别 and 出生日期 unless the sheet has a
//! 公民身份证号 column (each row then takes them from its ID number when the cell is blank). Without a
//! 人员类别 column (or in a blank cell of it) the status follows the dates
//! (`model::member::status_from_dates`), said in the preview's notes. Columns are matched by header,
//! then corrected by their values (`headers::refine_by_values`). A row updates the member on the
//! roster with the same ID number (or, without one, the same name and birth date); every other row
//! adds a member. Members go to the organisation named in 所在党支部 (as the user mapped the name, as
//! remembered, by name, or the ledger's only branch when the file names just one), else to the one
//! chosen for the import. A mapping used in a successful import is remembered under the header row's
//! signature (`settings.roster_mapping:<signature>`), a branch name mapped by the user under
//! `settings.roster_branch:<name>`, and both are offered again next time.
//!
//! All or nothing, unless the request says `keep_good`: then the rows without problems are imported
//! and the others written to a file to fix (the original columns and a 问题 column), never dropped.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use calamine::Data;

use super::headers::{self, HEADER_SEARCH_ROWS};
use super::location::{group, Column, RowIssue};
use super::lookup::LedgerLookup;
use super::rejects;
use super::rows::{squash, BranchTargets, RowReader};
use super::types::{BranchMatch, ColumnMapping, RosterField, RosterImportRequest, RosterImportSummary, RosterPreview};
use crate::error::{Error, Problem, Result};
use crate::import::sheet::row_list;
use crate::model::member::STATUS_FROM_DATES_RULE;
use crate::model::{MemberFields, MemberStatus};
use crate::store::{audit, members, meta};
use crate::workbook::read::{Grid, Workbook};
use crate::Ledger;

/// A preview plus what an import would write.
struct Prepared {
    preview: RosterPreview,
    /// Problems of the sheet itself (missing columns, a bad override): nothing can be imported.
    sheet_problems: usize,
    /// (preview row index, existing member id, fields, unchanged) for every row without problems.
    writes: Vec<(usize, Option<i64>, MemberFields, bool)>,
    /// 党小组 to set up before the members are written (organisation id, name), and per write the
    /// index of the one its member joins.
    new_groups: Vec<(i64, String)>,
    write_groups: Vec<Option<usize>>,
    /// Per preview row: its problems as written into the file to fix.
    row_issues: Vec<Vec<RowIssue>>,
    signature: Option<String>,
    file_name: String,
    grid: Grid,
    header_texts: Vec<String>,
}

/// The settings name under which the organisation for a 所在党支部 name is remembered.
fn branch_setting(name: &str) -> String {
    format!("roster_branch:{}", squash(name))
}

/// Reads the file and checks every row; writes nothing.
pub fn preview_import(ledger: &Ledger, req: &RosterImportRequest, today: NaiveDate) -> Result<RosterPreview> {
    Ok(prepare(ledger.conn(), req, today)?.preview)
}

/// Imports the roster when the preview has no problem: one transaction adding and updating members,
/// one audit entry for the import, and the column mapping (and branch names chosen) remembered.
/// Otherwise `Error::Invalid` with every problem, and the ledger is unchanged. With `keep_good`, rows
/// with problems do not stop the others: they are written to the file to fix first, then the rest is
/// imported (a problem of the sheet itself still refuses everything).
pub fn import(ledger: &Ledger, req: &RosterImportRequest, today: NaiveDate) -> Result<RosterImportSummary> {
    let p = prepare(ledger.conn(), req, today)?;
    let has_problems = !p.preview.problems.is_empty();
    if has_problems && (!req.keep_good || p.sheet_problems > 0 || p.writes.is_empty()) {
        return Err(Error::Invalid(p.preview.problems));
    }
    let sheet = p.preview.sheet.clone();
    let rejected: Vec<(u32, Vec<RowIssue>)> = p
        .preview
        .rows
        .iter()
        .zip(&p.row_issues)
        .filter(|(_, issues)| !issues.is_empty())
        .map(|(r, issues)| (r.row, issues.clone()))
        .collect();
    let rejects_path = if rejected.is_empty() {
        None
    } else {
        let out = match &req.rejects_path {
            Some(path) => std::path::PathBuf::from(path),
            None => rejects::default_path(Path::new(&req.path)),
        };
        rejects::write(&out, &sheet, &p.header_texts, &p.grid, &rejected)?;
        Some(out)
    };
    let outcome = ledger.write(|tx| {
        let mut summary = RosterImportSummary {
            added: 0,
            updated: 0,
            unchanged: 0,
            rejected: rejected.len() as u32,
            rejects_path: rejects_path.as_ref().map(|p| p.display().to_string()),
            warnings: p.preview.warnings.clone(),
            notes: p.preview.notes.clone(),
        };
        let group_ids: Vec<i64> = p
            .new_groups
            .iter()
            .map(|(org, name)| crate::store::orgs::add_group(tx, *org, name))
            .collect::<Result<_>>()?;
        for ((index, existing, mut fields, unchanged), new_group) in p.writes.into_iter().zip(p.write_groups) {
            // A member already on the roll joins a new 党小组: an update, not unchanged.
            let unchanged = unchanged && new_group.is_none();
            if let Some(g) = new_group {
                fields.group_id = Some(group_ids[g]);
            }
            let row = &p.preview.rows[index];
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
        let rest = match &summary.rejects_path {
            Some(path) => {
                format!("；{}行有问题未导入，已写入“{}”", summary.rejected, crate::input::display_name(Path::new(path)))
            }
            None => String::new(),
        };
        audit::record(
            tx,
            "导入",
            "member",
            None,
            &format!(
                "从“{}”的工作表“{sheet}”导入花名册：新增{}人，更新{}人，未变{}人{rest}",
                p.file_name, summary.added, summary.updated, summary.unchanged
            ),
            None,
        )?;
        if let Some(sig) = &p.signature {
            let json = serde_json::to_string(&p.preview.mapping).map_err(|e| Error::Internal(e.to_string()))?;
            meta::set_setting(tx, &headers::setting_name(sig), &json)?;
        }
        remember_branches(tx, &req.branch_map)?;
        Ok(summary)
    });
    if outcome.is_err() {
        if let Some(path) = &rejects_path {
            let _ = std::fs::remove_file(path);
        }
    }
    outcome
}

/// The mapping chosen for a sheet and where it came from.
struct Chosen {
    mapping: ColumnMapping,
    remembered: bool,
    /// Columns taken by their values rather than their headers.
    notes: Vec<String>,
}

fn prepare(conn: &Connection, req: &RosterImportRequest, today: NaiveDate) -> Result<Prepared> {
    let lookup = LedgerLookup::load(conn)?;
    let default_org =
        lookup.org(req.org_id).ok_or(Error::NotFound { what: "组织", key: req.org_id.to_string() })?.clone();
    let path = Path::new(&req.path);
    let mut book = Workbook::open(path)?;
    let file_name = book.file_name.clone();
    let (sheet, mut grid, mut chosen) = choose_sheet(conn, &mut book, req)?;
    let labels: Vec<&str> = RosterField::ALL.iter().map(|f| f.label()).collect();
    let chosen_problems = crate::import::mapping::apply_choices(
        &mut chosen.mapping,
        &sheet,
        &req.columns,
        headers::field_for_header,
        |_| false,
        &labels,
    );
    if !req.columns.is_empty() {
        chosen.remembered = false;
    }

    let header_row = chosen.mapping.header_row;
    let header_texts = grid.row_texts(header_row - 1);
    let mut problems = chosen_problems;
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
    problems.extend(apply_overrides(&sheet, &mut grid, header_row, &columns, req));

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
        rejected_count: 0,
        notes: chosen.notes,
        warnings: Vec::new(),
        branches: Vec::new(),
    };
    let sheet_problems = problems.len();
    let mut writes = Vec::new();
    let mut write_groups = Vec::new();
    let mut new_groups = Vec::new();
    let mut row_issues = Vec::new();
    if problems.is_empty() {
        let (targets, branches) = branch_targets(conn, &lookup, &grid, header_row, &columns, req, &mut preview.notes)?;
        preview.branches = branches;
        let mut reader = RowReader::new(&sheet, &grid, &columns, &lookup, &default_org, &targets, today);
        let mut issues = Vec::new();
        let mut warnings = Vec::new();
        for r in header_row..grid.row_end() {
            let Some(parsed) = reader.read(r) else { continue };
            issues.extend(parsed.issues.iter().cloned());
            warnings.extend(parsed.warnings.iter().cloned());
            if let Some(fields) = parsed.fields {
                match (&parsed.existing, parsed.preview.unchanged) {
                    (None, _) => preview.new_count += 1,
                    (Some(_), true) => preview.unchanged_count += 1,
                    (Some(_), false) => preview.update_count += 1,
                }
                writes.push((preview.rows.len(), parsed.existing.map(|(id, _)| id), fields, parsed.preview.unchanged));
                write_groups.push(parsed.new_group);
            } else {
                preview.rejected_count += 1;
            }
            row_issues.push(parsed.issues);
            preview.rows.push(parsed.preview);
        }
        new_groups = reader.new_groups.take();
        if !new_groups.is_empty() {
            let names: Vec<&str> = new_groups.iter().map(|(_, n)| n.as_str()).collect();
            preview.notes.push(format!("台账中还没有党小组：导入时将新建{}", names.join("、")));
        }
        if !reader.skipped.is_empty() {
            preview.notes.push(format!("{}是合计、说明或签名行，不是党员，未导入", row_list(&reader.skipped)));
        }
        if preview.rows.is_empty() {
            problems.push(Problem::new(sheet.clone(), format!("{sheet}：表头（第{header_row}行）下面没有党员数据")));
        }
        problems.extend(group(&sheet, &issues));
        preview.warnings = group(&sheet, &warnings);
        if !columns.contains_key(&RosterField::Status) {
            preview.notes.extend(inferred_note(&preview));
        }
    }
    preview.problems = problems;
    Ok(Prepared {
        preview,
        sheet_problems,
        writes,
        new_groups,
        write_groups,
        row_issues,
        signature: headers::signature(&header_texts),
        file_name,
        grid,
        header_texts,
    })
}

/// The note saying whose 人员类别 came from the dates, and by what rule.
fn inferred_note(preview: &RosterPreview) -> Option<String> {
    let inferred: Vec<&super::types::PreviewRow> = preview.rows.iter().filter(|r| r.status_inferred).collect();
    if inferred.is_empty() {
        return None;
    }
    let probationary: Vec<u32> =
        inferred.iter().filter(|r| r.status == MemberStatus::Probationary.label()).map(|r| r.row).collect();
    let who = if probationary.is_empty() {
        format!("{}行全部推定为正式党员", inferred.len())
    } else {
        format!(
            "推定为预备党员的是{}，其余{}行为正式党员",
            row_list(&probationary),
            inferred.len() - probationary.len()
        )
    };
    Some(format!("表中没有人员类别（正式/预备）列，按日期推定：{STATUS_FROM_DATES_RULE}。{who}"))
}

/// Puts the values typed in the preview into the grid, in place of the cells they replace. An
/// override of a row above the data or of a field without a column is a problem of the request.
fn apply_overrides(
    sheet: &str,
    grid: &mut Grid,
    header_row: u32,
    columns: &HashMap<RosterField, Column>,
    req: &RosterImportRequest,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for o in &req.overrides {
        let Some(col) = columns.get(&o.field) else {
            problems.push(Problem::new(
                sheet,
                format!(
                    "{sheet} 第{}行：表中没有“{}”列，无法修改这一项，请先在列对应关系中指定这一列",
                    o.row,
                    o.field.label()
                ),
            ));
            continue;
        };
        if o.row <= header_row || o.row > crate::workbook::read::MAX_ROWS {
            problems.push(Problem::new(sheet, format!("{sheet}：第{}行不是数据行，无法修改", o.row)));
            continue;
        }
        let value = o.value.trim();
        let data = if value.is_empty() { Data::Empty } else { Data::String(value.to_string()) };
        grid.set(o.row - 1, col.index, data);
    }
    problems
}

/// Where the rows naming each 所在党支部 go (see `route_branches`), for the names in the sheet's
/// 所在党支部 column.
fn branch_targets(
    conn: &Connection,
    lookup: &LedgerLookup,
    grid: &Grid,
    header_row: u32,
    columns: &HashMap<RosterField, Column>,
    req: &RosterImportRequest,
    notes: &mut Vec<String>,
) -> Result<(BranchTargets, Vec<BranchMatch>)> {
    let Some(col) = columns.get(&RosterField::Branch) else { return Ok((BranchTargets::new(), Vec::new())) };
    let names = (header_row..grid.row_end()).map(|r| crate::workbook::read::plain_text(grid.cell(r, col.index)));
    route_branches(conn, lookup, names, &req.branch_map, notes)
}

/// Where the rows naming each branch go: the organisation the user chose for the name, the one
/// chosen last time (`settings.roster_branch:<name>`, shared by every import), the one of that name
/// or short name (第一党支部 for 中共某某局第一支部委员会), or (when the file names one branch only
/// and the ledger has exactly one branch) the ledger's branch, said in a note. `names` are the
/// cells of the file's branch column, one per row (blank ones pass).
pub fn route_branches(
    conn: &Connection,
    lookup: &LedgerLookup,
    names: impl Iterator<Item = String>,
    branch_map: &[super::types::BranchChoice],
    notes: &mut Vec<String>,
) -> Result<(BranchTargets, Vec<BranchMatch>)> {
    let mut targets = BranchTargets::new();
    let mut found: Vec<BranchMatch> = Vec::new();
    for name in names {
        let name = name.trim().to_string();
        if name.is_empty() {
            continue;
        }
        match found.iter_mut().find(|b| squash(&b.name) == squash(&name)) {
            Some(b) => b.rows += 1,
            None => found.push(BranchMatch { name, rows: 1, org_id: None, how: String::new() }),
        }
    }
    for b in &mut found {
        let key = squash(&b.name);
        let chosen = branch_map.iter().find(|c| squash(&c.name) == key).map(|c| c.org_id);
        let remembered = match chosen {
            Some(_) => None,
            None => meta::setting(conn, &branch_setting(&b.name))?.and_then(|v| v.parse::<i64>().ok()),
        };
        let (target, how) = match (chosen, remembered) {
            (Some(id), _) => (Ok(id), "导入时选择"),
            (None, Some(id)) if lookup.org(id).is_some() => (Ok(id), "上次导入时选择"),
            _ => (lookup.org_by_name(&b.name).map(|o| o.id), "名称相符"),
        };
        b.org_id = target.as_ref().ok().copied();
        b.how =
            if b.org_id.is_some() { how.to_string() } else { "台账中没有对应的组织，请选择".to_string() };
        targets.insert(key, target);
    }
    if let [only] = found.as_mut_slice() {
        let branches = lookup.branches();
        if let (None, [branch]) = (only.org_id, branches.as_slice()) {
            only.org_id = Some(branch.id);
            only.how = "台账只有一个支部".to_string();
            targets.insert(squash(&only.name), Ok(branch.id));
            notes.push(format!(
                "表中的所在党支部都是“{}”，与台账中的组织名称不同；台账只有一个支部，全部导入“{}”",
                only.name, branch.fields.name
            ));
        }
    }
    Ok((targets, found))
}

/// Remembers the organisations the user chose for branch names, for the next import of any kind.
pub fn remember_branches(tx: &Connection, branch_map: &[super::types::BranchChoice]) -> Result<()> {
    for choice in branch_map {
        meta::set_setting(tx, &branch_setting(&choice.name), &choice.org_id.to_string())?;
    }
    Ok(())
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
        return Ok(Some(Chosen {
            mapping: refreshed(m.clone(), m.header_row, grid),
            remembered: false,
            notes: Vec::new(),
        }));
    }
    let rows: Vec<Vec<String>> = (0..top).map(|r| grid.row_texts(r)).collect();
    for (i, texts) in rows.iter().enumerate() {
        let Some(sig) = headers::signature(texts) else { continue };
        if let Some(json) = meta::setting(conn, &headers::setting_name(&sig))? {
            if let Ok(m) = serde_json::from_str::<ColumnMapping>(&json) {
                return Ok(Some(Chosen {
                    mapping: refreshed(m, i as u32 + 1, grid),
                    remembered: true,
                    notes: Vec::new(),
                }));
            }
        }
    }
    Ok(headers::find_header_row(&rows).map(|i| {
        let (header_row, texts) = two_row_header(&rows, i);
        let mut mapping = headers::auto_mapping(header_row, &texts);
        let notes = headers::refine_by_values(&mut mapping, grid);
        Chosen { mapping, remembered: false, notes }
    }))
}

/// A header of two rows (merged cells: 姓名 spanning both rows, 党内信息 over 入党时间 and 转正时间):
/// when the row below the header names known fields where the header row names none, the two are
/// read as one and the data starts below the second. Returns the one-based header row (the last of
/// the two) and the header texts.
fn two_row_header(rows: &[Vec<String>], i: usize) -> (u32, Vec<String>) {
    let top = &rows[i];
    let Some(below) = rows.get(i + 1) else { return (i as u32 + 1, top.clone()) };
    // A data row has numbers (序号, dates, ID numbers); a row of headers has none.
    let fills = !below.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()))
        && below.iter().enumerate().any(|(c, t)| {
            headers::field_for_header(t).is_some() && top.get(c).and_then(|h| headers::field_for_header(h)).is_none()
        });
    if !fills {
        return (i as u32 + 1, top.clone());
    }
    let width = top.len().max(below.len());
    let texts = (0..width)
        .map(|c| {
            let (t, b) = (top.get(c).cloned().unwrap_or_default(), below.get(c).cloned().unwrap_or_default());
            if headers::field_for_header(&b).is_some() && headers::field_for_header(&t).is_none() || t.trim().is_empty()
            {
                b
            } else {
                t
            }
        })
        .collect();
    (i as u32 + 2, texts)
}

/// A mapping with its header row set and header texts and letters taken from the sheet.
fn refreshed(m: ColumnMapping, header_row: u32, grid: &Grid) -> ColumnMapping {
    crate::import::mapping::refreshed(m, header_row, &grid.row_texts(header_row - 1))
}

fn missing_columns(sheet: &str, columns: &HashMap<RosterField, Column>) -> Vec<Problem> {
    let has_id = columns.contains_key(&RosterField::IdNumber);
    let mut out = Vec::new();
    for f in [RosterField::Name, RosterField::Gender, RosterField::BirthDate, RosterField::JoinedOn] {
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
