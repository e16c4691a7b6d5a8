//! History kept in Excel: 三会一课 / 组织生活 registers, 党费 grids and lists, 发展党员 lists, 民主评议
//! results and external trainings. Each kind reads its file with the shared table reader (`table.rs`:
//! titles, two-row headers, 序号, 合计 and note rows), matches people to the roster (`people.rs`), and
//! imports all or nothing in one transaction with one audit entry naming the file.
//!
//! Every import is idempotent: a row whose record is already in the ledger (the kind's natural key,
//! e.g. a meeting's organisation + types + date + topic) is counted as unchanged and written again
//! never; a row that contradicts what the ledger holds is a problem. With `keep_good` the readable rows
//! are imported and the others written to an .xlsx with a 问题 column, to fix and import again.

pub mod development;
pub mod dues;
pub mod evaluations;
pub mod meetings;
pub mod people;
pub mod table;
pub mod trainings;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::import::mapping::{ColumnChoice, ColumnMapping};
use crate::store::{audit, meta, Ledger};

/// What a history file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    /// 三会一课 / 组织生活 register, one row per meeting.
    Meetings,
    /// 党费: a members × months grid, or rows of member, month, amount, date.
    Dues,
    /// 发展党员: one row per person with the dates of the stages.
    Development,
    /// 民主评议 results.
    Evaluations,
    /// External trainings counted in 学时.
    Trainings,
}

impl HistoryKind {
    pub fn label(self) -> &'static str {
        match self {
            HistoryKind::Meetings => "三会一课记录",
            HistoryKind::Dues => "党费缴纳记录",
            HistoryKind::Development => "发展党员记录",
            HistoryKind::Evaluations => "民主评议结果",
            HistoryKind::Trainings => "培训记录",
        }
    }
}

/// A field a column of a history file can fill. Each kind reads its own few (its `SPECS`); the
/// preview offers those (`HistoryPreview::fields`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HistoryField {
    // Who (every kind but meetings).
    Name,
    IdNumber,
    /// 所在支部 of a 党委-level file: the branch each row belongs to.
    Branch,
    // 三会一课.
    Date,
    Time,
    Type,
    Group,
    Topic,
    Place,
    Host,
    Recorder,
    Lecturer,
    Content,
    Decisions,
    LeaveNames,
    AbsentNames,
    PresentNames,
    Expected,
    Present,
    Leave,
    Absent,
    Hours,
    Remark,
    // 党费.
    Month,
    Amount,
    PaidOn,
    /// A column of a members × months grid: the amount paid in the month its header names.
    MonthPaid,
    // 发展党员.
    Gender,
    BirthDate,
    Applied,
    Activist,
    Candidate,
    Admitted,
    Full,
    // 民主评议.
    Year,
    Grade,
    // 培训.
    Title,
    Organizer,
}

/// A history field with its Chinese name, as the mapping screen offers it.
pub type HistoryFieldInfo = crate::import::mapping::FieldInfo<HistoryField>;

/// The columns of one sheet as the user mapped them in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SheetMapping {
    pub sheet: String,
    pub mapping: ColumnMapping<HistoryField>,
}

impl HistoryKind {
    /// The prefix of this kind's remembered column mappings (`history_meetings_mapping:<signature>`).
    pub fn mapping_prefix(self) -> &'static str {
        match self {
            HistoryKind::Meetings => "history_meetings",
            HistoryKind::Dues => "history_dues",
            HistoryKind::Development => "history_development",
            HistoryKind::Evaluations => "history_evaluations",
            HistoryKind::Trainings => "history_trainings",
        }
    }
}

/// What the user chose in the import dialog (or on the command line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryImportRequest {
    pub kind: HistoryKind,
    pub path: String,
    /// One sheet; None: every sheet whose header is recognised.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The organisation the records belong to (and whose members, with those of the organisations
    /// under it, the names are matched against).
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    /// The year of a dues grid whose headers are 1月…12月 and whose title names none; the year of
    /// 民主评议 results without a 年度 column.
    #[serde(default)]
    pub year: Option<i32>,
    /// Import the readable rows and write the others to `problems_path`.
    #[serde(default)]
    pub keep_good: bool,
    /// Where the rows to fix go with `keep_good`; None: `<file>-待修改.xlsx` beside the file.
    #[serde(default)]
    pub problems_path: Option<String>,
    /// Column mappings chosen in the preview, per sheet (a sheet not listed: matched by its headers,
    /// or as remembered from an earlier import of a sheet with the same headers).
    #[serde(default)]
    pub mappings: Vec<SheetMapping>,
    /// Columns assigned by header or letter (`--column "学习内容=会议主题"`), applied to every sheet
    /// after its mapping is chosen.
    #[serde(default)]
    pub columns: Vec<ColumnChoice>,
    /// 所在支部 names mapped to organisations by the user (remembered after the import).
    #[serde(default)]
    pub branch_map: Vec<crate::import::roster::BranchChoice>,
}

/// A sheet that was read and how its columns were understood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistorySheet {
    pub sheet: String,
    /// One-based row of the header.
    pub header_row: u32,
    /// `C（会议主题）→ 主题` for every column (`→ 不导入` for those not imported).
    pub columns: Vec<String>,
    /// Every column of the header and the field it fills; changed and sent back in
    /// `HistoryImportRequest::mappings` to preview again.
    pub mapping: ColumnMapping<HistoryField>,
    /// True when the mapping came from an earlier import of a sheet with the same headers.
    pub mapping_remembered: bool,
}

/// One data row as it will be imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryRow {
    pub sheet: String,
    pub row: u32,
    /// What the row records, in a few words (`2025-01-15 主题党日“…”`).
    pub summary: String,
    /// Already in the ledger: nothing to write.
    pub unchanged: bool,
    pub problems: Vec<Problem>,
}

/// What the dialog shows before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryPreview {
    pub kind: HistoryKind,
    pub file_name: String,
    pub sheets: Vec<HistorySheet>,
    pub rows: Vec<HistoryRow>,
    /// Records the import adds (a dues grid row gives one record per paid month).
    pub new_count: u32,
    /// Records already in the ledger.
    pub unchanged_count: u32,
    /// Rows with a problem (imported only after fixing; with `keep_good`, written to the file to fix).
    pub refused_count: u32,
    /// Every problem, located `sheet!C7`.
    pub problems: Vec<Problem>,
    /// What was inferred rather than read (counts without names, a missing place, the year of a grid).
    pub notes: Vec<String>,
    /// The fields a column of this kind of file can fill, for the mapping screen.
    pub fields: Vec<HistoryFieldInfo>,
    /// The 所在支部 names in the file and where their rows go (empty without such a column).
    #[serde(default)]
    pub branches: Vec<crate::import::roster::BranchMatch>,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryImportSummary {
    pub kind: HistoryKind,
    pub added: u32,
    pub unchanged: u32,
    /// Rows left out (with `keep_good`) and written to `problems_path`.
    pub refused: u32,
    pub problems_path: Option<String>,
    pub notes: Vec<String>,
}

/// A row that could not be read, kept for the file of rows to fix.
pub(crate) struct Refused {
    pub sheet: String,
    pub headers: Vec<String>,
    pub raw: Vec<String>,
    pub problems: Vec<Problem>,
}

/// A kind's reading of a file: the preview and what an import would write.
pub(crate) struct Reading<W> {
    pub preview: HistoryPreview,
    pub writes: Vec<W>,
    pub refused: Vec<Refused>,
    /// Each note once, with the rows it applies to.
    notes: Vec<(String, Vec<String>)>,
    /// Settings written with the import: each sheet's column mapping under its header signature.
    remember: Vec<(String, String)>,
}

impl<W> Reading<W> {
    pub fn new(kind: HistoryKind, file_name: String, specs: &[table::FieldSpec<HistoryField>]) -> Self {
        Reading {
            preview: HistoryPreview {
                kind,
                file_name,
                sheets: Vec::new(),
                rows: Vec::new(),
                new_count: 0,
                unchanged_count: 0,
                refused_count: 0,
                problems: Vec::new(),
                notes: Vec::new(),
                fields: specs
                    .iter()
                    .map(|s| HistoryFieldInfo {
                        field: s.field,
                        label: s.label().to_string(),
                        variants: s.variants.iter().map(|v| v.to_string()).collect(),
                    })
                    .collect(),
                branches: Vec::new(),
            },
            writes: Vec::new(),
            refused: Vec::new(),
            notes: Vec::new(),
            remember: Vec::new(),
        }
    }

    /// A note about the whole file (the year taken from the title …).
    pub fn note(&mut self, message: String) {
        self.notes.push((message, Vec::new()));
    }

    /// The preview's notes, each with the rows it applies to (the first ten named).
    pub fn finish(mut self) -> Self {
        self.preview.notes = self
            .notes
            .drain(..)
            .map(|(msg, rows)| match rows.len() {
                0 => msg,
                1 => format!("{}：{msg}", rows[0]),
                n if n <= 10 => format!("{}：{msg}", rows.join("、")),
                n => format!("{}等{n}行：{msg}", rows[..10].join("、")),
            })
            .collect();
        self
    }

    /// Records a sheet, its columns and the fields they fill (the mapping remembered with the
    /// import), and the problems of the mapping itself.
    pub fn sheet(&mut self, t: &table::Table<HistoryField>, specs: &[table::FieldSpec<HistoryField>]) {
        let columns = t
            .mapping
            .columns
            .iter()
            .filter(|c| c.field.is_some() || !c.header.is_empty())
            .map(|c| {
                let to = c.field.map_or("不导入", |f| table::label_of(specs, f));
                format!("{}（{}）→ {to}", c.letter, c.header)
            })
            .collect();
        self.preview.sheets.push(HistorySheet {
            sheet: t.sheet.clone(),
            header_row: t.header_row,
            columns,
            mapping: t.mapping.clone(),
            mapping_remembered: t.remembered,
        });
        self.preview.problems.extend(t.problems.iter().cloned());
        if let Ok(Some(setting)) =
            crate::import::mapping::to_remember(self.preview.kind.mapping_prefix(), &t.headers, &t.mapping)
        {
            self.remember.push(setting);
        }
    }

    /// Adds a read row: refused when it has problems, else its writes (none when unchanged).
    pub fn row<F: Copy + Eq + std::hash::Hash>(
        &mut self,
        ctx: table::RowCtx<'_, F>,
        summary: String,
        writes: Vec<W>,
        unchanged: u32,
    ) {
        let t = ctx.table;
        let nothing_new = writes.is_empty() && unchanged > 0;
        let place = format!("{} 第{}行", t.sheet, ctx.row());
        // What was inferred matters only for rows that will be written.
        let notes: &[String] = if writes.is_empty() && ctx.problems.is_empty() { &[] } else { &ctx.notes };
        for n in notes {
            match self.notes.iter_mut().find(|(m, _)| m == n) {
                Some((_, rows)) => rows.push(place.clone()),
                None => self.notes.push((n.clone(), vec![place.clone()])),
            }
        }
        if !ctx.problems.is_empty() {
            self.preview.refused_count += 1;
            self.preview.problems.extend(ctx.problems.iter().cloned());
            self.refused.push(Refused {
                sheet: t.sheet.clone(),
                headers: t.headers.clone(),
                raw: ctx.raw(),
                problems: ctx.problems.clone(),
            });
        } else {
            self.preview.new_count += writes.len() as u32;
            self.preview.unchanged_count += unchanged;
            self.writes.extend(writes);
        }
        self.preview.rows.push(HistoryRow {
            sheet: t.sheet.clone(),
            row: ctx.row(),
            summary,
            unchanged: ctx.problems.is_empty() && nothing_new,
            problems: ctx.problems,
        });
    }

    /// A file-level problem (no rows under the header …).
    pub fn problem(&mut self, at: &str, message: String) {
        self.preview.problems.push(Problem::new(at, message));
    }
}

/// Reads the file and checks every row; writes nothing.
pub fn preview(ledger: &Ledger, req: &HistoryImportRequest, today: NaiveDate) -> Result<HistoryPreview> {
    let conn = ledger.conn();
    Ok(match req.kind {
        HistoryKind::Meetings => meetings::read(conn, req, today)?.preview,
        HistoryKind::Dues => dues::read(conn, req, today)?.preview,
        HistoryKind::Development => development::read(conn, req, today)?.preview,
        HistoryKind::Evaluations => evaluations::read(conn, req, today)?.preview,
        HistoryKind::Trainings => trainings::read(conn, req, today)?.preview,
    })
}

/// Imports the file: all or nothing (or, with `keep_good`, the readable rows, the rest written to
/// the file to fix). One transaction, one audit entry naming the file.
pub fn import(ledger: &Ledger, req: &HistoryImportRequest, today: NaiveDate) -> Result<HistoryImportSummary> {
    let conn = ledger.conn();
    match req.kind {
        HistoryKind::Meetings => {
            run(ledger, req, meetings::read(conn, req, today)?, |tx, w| meetings::write(tx, w, today))
        }
        HistoryKind::Dues => run(ledger, req, dues::read(conn, req, today)?, dues::write),
        HistoryKind::Development => run(ledger, req, development::read(conn, req, today)?, development::write),
        HistoryKind::Evaluations => {
            run(ledger, req, evaluations::read(conn, req, today)?, |tx, w| evaluations::write(tx, w, today))
        }
        HistoryKind::Trainings => {
            run(ledger, req, trainings::read(conn, req, today)?, |tx, w| trainings::write(tx, w, today))
        }
    }
}

fn run<W>(
    ledger: &Ledger,
    req: &HistoryImportRequest,
    reading: Reading<W>,
    write: impl FnOnce(&Transaction, Vec<W>) -> Result<()>,
) -> Result<HistoryImportSummary> {
    let p = reading.preview;
    let row_problems = !reading.refused.is_empty();
    let file_problems = p.problems.len() > reading.refused.iter().map(|r| r.problems.len()).sum::<usize>();
    if file_problems || (row_problems && !req.keep_good) {
        return Err(Error::Invalid(p.problems));
    }
    let problems_path = if row_problems {
        let out = match &req.problems_path {
            Some(path) => PathBuf::from(path),
            None => problems_path_beside(Path::new(&req.path)),
        };
        write_rows_to_fix(&out, &reading.refused)?;
        Some(out.display().to_string())
    } else {
        None
    };
    let added = p.new_count;
    if added == 0 {
        // Nothing new (the same file imported again): the ledger is left exactly as it was.
        return Ok(HistoryImportSummary {
            kind: p.kind,
            added,
            unchanged: p.unchanged_count,
            refused: p.refused_count,
            problems_path,
            notes: p.notes,
        });
    }
    ledger.write(|tx| {
        write(tx, reading.writes)?;
        let mut text =
            format!("从“{}”导入{}：新增{}条，已有{}条", p.file_name, p.kind.label(), added, p.unchanged_count);
        if row_problems {
            text.push_str(&format!("，{}行有问题未导入（已另存待修改）", p.refused_count));
        }
        let detail = serde_json::json!({ "notes": p.notes }).to_string();
        audit::record(tx, "导入", "history_import", None, &text, Some(&detail))?;
        for (name, value) in &reading.remember {
            meta::set_setting(tx, name, value)?;
        }
        crate::import::roster::remember_branches(tx, &req.branch_map)?;
        Ok(())
    })?;
    Ok(HistoryImportSummary {
        kind: p.kind,
        added,
        unchanged: p.unchanged_count,
        refused: p.refused_count,
        problems_path,
        notes: p.notes,
    })
}

/// `花名册.xlsx` → `花名册-待修改.xlsx` in the same folder.
pub fn problems_path_beside(path: &Path) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "导入".to_string());
    path.with_file_name(format!("{stem}-待修改.xlsx"))
}

/// The rows to fix, one sheet per source sheet: its header, the rows as they were, and a 问题 column.
fn write_rows_to_fix(out: &Path, rows: &[Refused]) -> Result<()> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let mut sheets: Vec<&str> = Vec::new();
    for r in rows {
        if !sheets.contains(&r.sheet.as_str()) {
            sheets.push(&r.sheet);
        }
    }
    let xl = |e: rust_xlsxwriter::XlsxError| Error::Internal(e.to_string());
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for name in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(xl)?;
        let mine: Vec<&Refused> = rows.iter().filter(|r| r.sheet == name).collect();
        let width = mine.iter().map(|r| r.raw.len()).chain(mine.first().map(|r| r.headers.len())).max().unwrap_or(0);
        if let Some(first) = mine.first() {
            for (c, h) in first.headers.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, h, &bold).map_err(xl)?;
            }
        }
        ws.write_string_with_format(0, width as u16, "问题", &bold).map_err(xl)?;
        for (i, r) in mine.iter().enumerate() {
            let row = i as u32 + 1;
            for (c, v) in r.raw.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(row, c as u16, v).map_err(xl)?;
                }
            }
            let text: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
            ws.write_string(row, width as u16, text.join("；")).map_err(xl)?;
        }
        ws.set_column_width(width as u16, 60).map_err(xl)?;
    }
    crate::store::ensure_parent(out)?;
    book.save(out)
        .map_err(|e| Error::Io { path: out.display().to_string(), source: std::io::Error::other(e.to_string()) })
}

/// Opens the request's file and finds its sheets and their column mappings (as the user chose them
/// in the preview, as remembered, or by header). Returns the file's name and the sheets.
pub(crate) fn read_tables(
    conn: &rusqlite::Connection,
    req: &HistoryImportRequest,
    reader: &table::Reader<'_, HistoryField>,
) -> Result<(String, Vec<table::Table<HistoryField>>)> {
    let mut book = crate::workbook::read::Workbook::open(Path::new(&req.path))?;
    let given: Vec<(String, ColumnMapping<HistoryField>)> =
        req.mappings.iter().map(|m| (m.sheet.clone(), m.mapping.clone())).collect();
    let choices = table::Choices { conn, prefix: req.kind.mapping_prefix(), given: &given, columns: &req.columns };
    let tables = table::tables(&mut book, req.sheet.as_deref(), reader, &choices)?;
    Ok((book.file_name.clone(), tables))
}

/// Header spellings of a 所在支部 column (a 党委's file naming each row's branch), shared by every kind.
pub const BRANCH_VARIANTS: &[&str] =
    &["所在支部", "所在党支部", "党支部", "支部名称", "所属支部", "所属党支部", "党组织名称", "所在党组织"];

/// The organisation each row belongs to: the request's, or, in a 党委's file with a 所在支部 column,
/// the branch the cell names, matched as the roster import matches 所在党支部 (short names, the
/// user's choices, remembered ones: `import::roster::route_branches`). Members are looked for under
/// the row's organisation.
pub(crate) struct Routes {
    default_org: i64,
    subtree: Vec<i64>,
    targets: crate::import::roster::BranchTargets,
    people: std::collections::HashMap<i64, people::People>,
}

impl Routes {
    /// The routes for the tables' 所在支部 names; the names and where they go are put in the preview.
    pub fn new<W>(
        conn: &rusqlite::Connection,
        req: &HistoryImportRequest,
        tables: &[table::Table<HistoryField>],
        specs: &[table::FieldSpec<HistoryField>],
        out: &mut Reading<W>,
    ) -> Result<Routes> {
        let subtree = crate::store::orgs::subtree_ids(conn, req.org_id)?;
        let mut names = Vec::new();
        for t in tables {
            if let Some(c) = t.columns.get(&HistoryField::Branch) {
                for r in table::data_rows(t, specs) {
                    names.push(crate::workbook::read::plain_text(t.grid.cell(r, c.index)));
                }
            }
        }
        let mut targets = crate::import::roster::BranchTargets::new();
        if !names.is_empty() {
            let lookup = crate::import::roster::LedgerLookup::load(conn)?;
            let mut notes = Vec::new();
            let (t, found) =
                crate::import::roster::route_branches(conn, &lookup, names.into_iter(), &req.branch_map, &mut notes)?;
            targets = t;
            out.preview.branches = found;
            for n in notes {
                out.note(n);
            }
        }
        Ok(Routes { default_org: req.org_id, subtree, targets, people: Default::default() })
    }

    /// The organisation of a row; None (with a problem at the 所在支部 cell) when its name is not
    /// matched or names an organisation outside the one imported into.
    pub fn org_of(&self, ctx: &mut table::RowCtx<'_, HistoryField>) -> Option<i64> {
        let Some(name) = ctx.text(HistoryField::Branch) else { return Some(self.default_org) };
        match self.targets.get(&crate::import::roster::rows::squash(&name)) {
            Some(Ok(id)) if self.subtree.contains(id) => Some(*id),
            Some(Ok(_)) => {
                ctx.problem(Some(HistoryField::Branch), &format!("“{name}”不在导入的组织之下：请选择它对应的支部"));
                None
            }
            Some(Err(why)) => {
                ctx.problem(Some(HistoryField::Branch), &format!("{why}：请在预览的“所在支部”中选择它对应的组织"));
                None
            }
            None => Some(self.default_org),
        }
    }

    /// The members of an organisation and those under it, for matching names.
    pub fn people(&mut self, conn: &rusqlite::Connection, org: i64) -> Result<&people::People> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.people.entry(org) {
            e.insert(people::People::load(conn, org)?);
        }
        Ok(&self.people[&org])
    }
}

/// A year written in the title rows (`2025年三会一课台账`, `2025年度`).
pub(crate) fn year_in(titles: &[String]) -> Option<i32> {
    for t in titles {
        let chars: Vec<char> = t.chars().collect();
        for i in 0..chars.len().saturating_sub(4) {
            let four: String = chars[i..i + 4].iter().collect();
            if chars[i + 4] == '年' && four.chars().all(|c| c.is_ascii_digit()) {
                if let Ok(y) = four.parse::<i32>() {
                    if (1950..=2100).contains(&y) {
                        return Some(y);
                    }
                }
            }
        }
    }
    None
}
