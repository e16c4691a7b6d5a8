//! Every workbook of the catalogue read back with calamine for the **types** of its cells, on the
//! small demo (a branch, and the committee above it): what a committee does first with a ledger it
//! receives is sum, sort and filter it, which text cells defeat.
//!
//! - Amounts (a header with `(元)`), counts (序号, 应到/实到/请假/缺席, 人数, 次数 …), 学时 and rates
//!   (出席率) are numbers wherever they hold a value (a word such as 未缴, 免交, 定额, — is allowed);
//!   date columns hold dates; ID and phone numbers are strings.
//! - No string anywhere looks like a number or a date (`以文本形式存储的数字`), except ID and phone
//!   numbers and the 自查表's 周期 (a year as a label).
//! - Every formula is a total whose cached result is what it computes over the cells it names
//!   (`SUM` of a column or a row, the rate of two counts), and every 合计 row has formulas.
//! - The 党费收缴台账's 全年实缴 column sums to what `zhibu dues --json` reports, on the small demo's
//!   branch and the large demo's committee.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Xlsx};
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::workbooks::CATALOGUE;
use zhibu_core::Ledger;

use crate::support::today;

const YEAR: i32 = 2026;

/// Words a numeric column may hold instead of a number.
const WORDS: [&str; 7] = ["—", "未缴", "免交", "定额", "未设置", "未设置基数", "待定"];

/// Labels of a form (会议记录) whose value, in the cell to their right, is a number.
const FORM_NUMBERS: [&str; 6] = ["应到人数", "实到人数", "请假人数", "缺席人数", "记入学时", "按时长计学时"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Date,
    /// ID numbers, phone numbers: digits kept as text.
    DigitsAsText,
    Other,
}

fn column_kind(header: &str) -> Column {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    const COUNTS: [&str; 14] = [
        "序号",
        "应到",
        "实到",
        "请假",
        "缺席",
        "人数",
        "参加次数",
        "党员人数",
        "全年",
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
        "分值",
    ];
    let number = h.contains("(元)")
        || COUNTS.contains(&h.as_str())
        || h.ends_with("人数")
        || h.ends_with("项数")
        || h.contains("(次)")
        || h.contains("率")
        || h.contains("学时")
        || ["得分", "应达", "实际"].contains(&h.as_str());
    // 失去联系日期 is kept as recorded (free text such as `2026-03`); 参加日期 lists several dates.
    let date = h.contains("日期") && !["参加日期", "失去联系日期"].contains(&h.as_str());
    if ["公民身份证号", "手机号", "固定电话", "联系电话", "周期"].contains(&h.as_str()) {
        Column::DigitsAsText
    } else if number {
        Column::Number
    } else if date || h == "日期" || is_step_header(&h) {
        Column::Date
    } else {
        Column::Other
    }
}

/// `1.递交申请` … `25.材料归档`: the 发展党员工作台账's step columns (dates).
fn is_step_header(h: &str) -> bool {
    h.split_once('.').is_some_and(|(n, rest)| n.parse::<u8>().is_ok_and(|n| (1..=25).contains(&n)) && !rest.is_empty())
}

/// A string a spreadsheet would take for a number or a date typed as text.
fn looks_numeric(s: &str) -> bool {
    let t = s.trim().replace(',', "");
    let t = t.strip_suffix('%').unwrap_or(&t);
    let digits_dashes = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '-');
    t.parse::<f64>().is_ok()
        || (digits_dashes(t) && t.len() == 10 && t.matches('-').count() == 2)
        || zhibu_core::model::dates::parse_date(t).is_some()
        || month_day(t)
}

/// `1月5日` alone, the old yearless date text.
fn month_day(t: &str) -> bool {
    let Some((m, rest)) = t.split_once('月') else { return false };
    let Some(d) = rest.strip_suffix('日') else { return false };
    m.parse::<u32>().is_ok() && d.parse::<u32>().is_ok()
}

/// Digits an ID or phone number is made of (18-character IDs may end in X).
fn id_or_phone(s: &str) -> bool {
    s.len() >= 7 && s.chars().all(|c| c.is_ascii_digit() || c == 'X' || c == '-')
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(x) => Some(*x),
        Data::Int(n) => Some(*n as f64),
        _ => None,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// `AB12` → zero-based (row, column).
fn cell_ref(r: &str) -> (u32, u32) {
    let r = r.replace('$', "");
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
    (r[letters.len()..].parse::<u32>().unwrap() - 1, col)
}

/// What a total formula computes from the values of `cells`; fails on any other formula.
fn evaluate(formula: &str, row: u32, cells: &Range<Data>) -> Data {
    let f = formula.trim_start_matches('=');
    let value = |r: &str| cells.get_value(cell_ref(r)).and_then(number).unwrap_or(0.0);
    if let Some(range) = f.strip_prefix("SUM(").and_then(|s| s.strip_suffix(')')) {
        let (a, b) = range.split_once(':').unwrap();
        let ((r0, c0), (r1, c1)) = (cell_ref(a), cell_ref(b));
        assert!(r1 < row || r0 == row, "{formula}: a total sums the rows above it, or its own row");
        let mut sum = 0.0;
        for r in r0..=r1 {
            for c in c0..=c1 {
                sum += cells.get_value((r, c)).and_then(number).unwrap_or(0.0);
            }
        }
        return Data::Float(sum);
    }
    // =COUNTIF(C4:C10,"√") and =COUNTA(C4:C10): a sitting's 实到 and 应到 over the rows above.
    let count = |range: &str, matches: &dyn Fn(&Data) -> bool| {
        let (a, b) = range.split_once(':').unwrap();
        let ((r0, c0), (r1, c1)) = (cell_ref(a), cell_ref(b));
        assert!(r1 < row && c0 == c1, "{formula}: a count over the rows above, in its own column");
        let n = (r0..=r1).filter(|r| cells.get_value((*r, c0)).is_some_and(matches)).count();
        Data::Float(n as f64)
    };
    if let Some(rest) = f.strip_prefix("COUNTIF(").and_then(|s| s.strip_suffix("\")")) {
        let (range, mark) = rest.split_once(",\"").unwrap();
        return count(range, &|d| matches!(d, Data::String(s) if s == mark));
    }
    if let Some(range) = f.strip_prefix("COUNTA(").and_then(|s| s.strip_suffix(')')) {
        return count(range, &|d| !matches!(d, Data::Empty) && !matches!(d, Data::String(s) if s.is_empty()));
    }
    // =IF(D9=0,"—",ROUND(E9/D9,3))
    if let Some(rest) = f.strip_prefix("IF(") {
        let (den, rest) = rest.split_once("=0,\"—\",ROUND(").unwrap();
        let (num, _) = rest.split_once('/').unwrap();
        let d = value(den);
        return if d == 0.0 {
            Data::String("—".into())
        } else {
            Data::Float((value(num) / d * 1000.0).round() / 1000.0)
        };
    }
    panic!("a formula that is not a total: {formula}");
}

/// The problems found in one workbook.
fn check_workbook(path: &Path, problems: &mut Vec<String>) -> usize {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut checked = 0;
    for name in book.sheet_names() {
        let cells = book.worksheet_range(&name).unwrap();
        let formulas = book.worksheet_formula(&name).unwrap();
        let at = |what: &str, r: u32, c: u32| format!("{file} / {name} / {}{}: {what}", col_name(c), r + 1);
        // The header row of a list sheet is the third; forms (会议记录, 全程纪实表) have none.
        let header: Vec<String> = (0..cells.width() as u32)
            .map(|c| cells.get_value((2, c)).map(|d| d.to_string()).unwrap_or_default())
            .collect();
        let is_list = header.first().is_some_and(|h| h == "序号" || h == "类型");
        // A form's (会议记录) counts and 学时 are numbers beside their labels.
        if !is_list {
            for (r, c, d) in cells.cells() {
                let label = d.to_string();
                if FORM_NUMBERS.contains(&label.as_str()) {
                    let (r, c) = (r as u32, c as u32 + 1);
                    let value = cells.get_value((r, c)).cloned().unwrap_or(Data::Empty);
                    if number(&value).is_none() {
                        problems.push(at(&format!("{label} is not a number: {value:?}"), r, c));
                    }
                }
            }
        }
        let (rows, cols) = cells.end().map(|(r, c)| (r + 1, c + 1)).unwrap_or((0, 0));
        // A list's table ends at its first blank row (notes and signature lines follow).
        let blank = |r: u32| (0..cols).all(|c| cells.get_value((r, c)).is_none_or(|d| d.to_string().is_empty()));
        let table_end = (3..rows).find(|r| blank(*r)).unwrap_or(rows);
        for r in 0..rows {
            // 合计, and the 考勤册's 应到 row under it (each sitting's expected count).
            let totals = matches!(cells.get_value((r, 0)), Some(Data::String(s)) if s == "合计")
                || (r > 0
                    && matches!(cells.get_value((r, 0)), Some(Data::String(s)) if s == "应到")
                    && matches!(cells.get_value((r - 1, 0)), Some(Data::String(s)) if s == "合计"));
            let mut row_has_formula = false;
            for c in 0..cols {
                let d = cells.get_value((r, c)).cloned().unwrap_or(Data::Empty);
                let formula = formulas.get_value((r, c)).cloned().unwrap_or_default();
                checked += 1;
                if !formula.is_empty() {
                    row_has_formula = true;
                    let want = evaluate(&formula, r, &cells);
                    let same = match (&want, &d) {
                        (Data::Float(a), b) => number(b).is_some_and(|b| close(*a, b)),
                        (a, b) => a == b,
                    };
                    if !same {
                        problems.push(at(&format!("={formula} caches {d:?}, computes {want:?}"), r, c));
                    }
                }
                let in_table = is_list && r > 2 && r < table_end && !(totals && c == 0);
                let kind = match in_table.then(|| header[c as usize].as_str()) {
                    // The 党费收缴台账's 缴纳日期 sheet: a column per month holding the day it was paid.
                    Some(h) if name == "缴纳日期" && h.strip_suffix('月').is_some_and(|m| m.parse::<u32>().is_ok()) => {
                        Column::Date
                    }
                    Some(h) => column_kind(h),
                    None => Column::Other,
                };
                match (&d, kind) {
                    (Data::String(s), Column::DigitsAsText | Column::Other) if id_or_phone(s) => {}
                    (Data::String(s), Column::Number | Column::Date) if WORDS.contains(&s.as_str()) => {}
                    (Data::String(s), _) if looks_numeric(s) && kind != Column::DigitsAsText => {
                        problems.push(at(&format!("text that looks like a number or date: {s:?}"), r, c));
                    }
                    (Data::String(s), Column::Number) => {
                        problems.push(at(&format!("text in a number column {:?}: {s:?}", header[c as usize]), r, c));
                    }
                    (Data::String(s), Column::Date) if !(totals || s.is_empty()) => {
                        problems.push(at(&format!("text in a date column {:?}: {s:?}", header[c as usize]), r, c));
                    }
                    (Data::Float(_) | Data::Int(_), Column::Date) => {
                        problems.push(at(&format!("a number, not a date, in {:?}", header[c as usize]), r, c));
                    }
                    (Data::DateTime(_), k) if k != Column::Date && in_table => {
                        problems.push(at(&format!("a date in {:?}", header[c as usize]), r, c));
                    }
                    (Data::Float(_) | Data::Int(_), Column::DigitsAsText) => {
                        problems.push(at(
                            &format!("an ID or phone number as a number in {:?}", header[c as usize]),
                            r,
                            c,
                        ));
                    }
                    _ => {}
                }
                // A total's numbers are formulas (the 三会一课台账's yearly 合计 counts sittings, which
                // is not the sum of the types above it: only its 全年 is a formula).
                let counts_sittings = name == "全年统计" && header.get(c as usize).is_some_and(|h| h != "全年");
                if totals && formula.is_empty() && number(&d).is_some() && c > 1 && !counts_sittings {
                    problems.push(at(&format!("a 合计 number without a formula: {d:?}"), r, c));
                }
            }
            if totals && !row_has_formula {
                problems.push(at("a 合计 row without formulas", r, 0));
            }
        }
    }
    checked
}

fn col_name(c: u32) -> String {
    zhibu_core::workbook::read::column_letter(c)
}

/// How many Excel workbooks the catalogue holds.
fn workbooks() -> usize {
    CATALOGUE.iter().filter(|w| w.format == zhibu_core::workbooks::ExportFormat::Xlsx).count()
}

/// Every Excel workbook of the catalogue (the 计划表 from a proposed plan saved first).
fn export_all(ledger: &Ledger, org_id: i64, dir: &Path) -> Vec<PathBuf> {
    if !zhibu_core::plan::has_plan(ledger.conn(), org_id, YEAR).unwrap() {
        zhibu_core::app::plan::propose_into_empty(ledger, org_id, YEAR, today()).unwrap();
    }
    let keys: Vec<String> = CATALOGUE
        .iter()
        .filter(|w| w.format == zhibu_core::workbooks::ExportFormat::Xlsx)
        .map(|w| w.key.to_string())
        .collect();
    zhibu_core::app::exports::export_workbooks(ledger, org_id, YEAR, &keys, dir, today(), Default::default())
        .unwrap()
        .into_iter()
        .map(|f| PathBuf::from(f.path))
        .collect()
}

#[test]
fn every_workbook_has_typed_cells_and_live_totals() {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let (root, branch) = crate::support::demo_root_and_branch(&ledger);
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (label, org) in [("branch", branch), ("committee", root)] {
        let paths = export_all(&ledger, org, &dir.path().join(label));
        assert_eq!(paths.len(), workbooks());
        for path in crate::support::workbook_files(paths) {
            let checked = check_workbook(&path, &mut problems);
            assert!(checked > 0, "{}", path.display());
            seen.insert(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(problems.is_empty(), "{} cells of the wrong type (listed above)", problems.len());
    assert!(seen.len() >= workbooks(), "{seen:?}");
}

/// The columns' kinds on a small hand-checked sample: the 党费收缴台账 of the small demo's branch.
#[test]
fn the_dues_ledger_has_money_counts_rates_and_formula_totals() {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let (_, branch) = crate::support::demo_root_and_branch(&ledger);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dues.xlsx");
    zhibu_core::workbooks::dues_collection::write_collection_ledger(&ledger, branch, YEAR, today(), &path).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range("党费收缴台账").unwrap();
    let formulas = book.worksheet_formula("党费收缴台账").unwrap();
    let get = |r: u32, c: u32| cells.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(get(3, 0), Data::Float(1.0), "序号 is a number");
    assert!(matches!(get(3, 1), Data::String(_)), "姓名 is text");
    assert!(matches!(get(3, 3), Data::Float(_)), "月缴纳基数 is a number: {:?}", get(3, 3));
    assert!(matches!(get(3, 4), Data::Float(x) if x < 0.05), "比例 is a fraction under 0.0%: {:?}", get(3, 4));
    let last = totals_row(&cells);
    assert_eq!(formulas.get_value((last, 19)).map(String::as_str), Some(&*format!("SUM(T4:T{last})")));
    // The signature line under it.
    let signatures = get(last + 2, 0).to_string();
    assert!(signatures.starts_with("收款人（签字）") && signatures.contains("支部书记审核"), "{signatures}");
}

/// The row of the 合计 (the signature line follows it).
fn totals_row(cells: &Range<Data>) -> u32 {
    (0..cells.height() as u32)
        .find(|r| matches!(cells.get_value((*r, 0)), Some(Data::String(s)) if s == "合计"))
        .expect("a 合计 row")
}

/// `zhibu dues --json`'s totals (the year report the CLI serialises) against a SUM over the
/// 党费收缴台账's 全年实缴 column and the 合计 row's cached figure, member by member too.
fn dues_sum_matches_the_report(scale: DemoScale, committee: bool) {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, scale, today()).unwrap();
    let (root, branch) = crate::support::demo_root_and_branch(&ledger);
    let org = if committee { root } else { branch };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dues.xlsx");
    zhibu_core::workbooks::dues_collection::write_collection_ledger(&ledger, org, YEAR, today(), &path).unwrap();
    let report = zhibu_core::dues::year_report(&ledger, YEAR, Some(org), today()).unwrap();
    let json = serde_json::to_value(&report).unwrap();

    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range("党费收缴台账").unwrap();
    let header: Vec<String> = (0..cells.width() as u32).map(|c| cells.get_value((2, c)).unwrap().to_string()).collect();
    let col = header.iter().position(|h| h == "全年实缴(元)").unwrap() as u32;
    let last = totals_row(&cells);
    let fen = |d: &Data| (number(d).unwrap_or_else(|| panic!("全年实缴 {d:?} is not a number")) * 100.0).round() as i64;
    let column: Vec<i64> = (3..last).map(|r| fen(cells.get_value((r, col)).unwrap())).collect();
    let sum: i64 = column.iter().sum();
    let reported = json["totals"]["paid_total_fen"].as_i64().unwrap();
    assert_eq!(sum, reported, "SUM(全年实缴) against dues --json totals.paid_total_fen");
    assert_eq!(fen(cells.get_value((last, col)).unwrap()), reported, "the 合计 row's cached SUM");
    let members: Vec<i64> =
        json["members"].as_array().unwrap().iter().map(|m| m["paid_total_fen"].as_i64().unwrap()).collect();
    assert_eq!(column, members, "member by member, in the report's order");
    assert!(reported > 0);
}

#[test]
fn the_dues_ledger_sums_to_the_dues_report_on_the_small_demo() {
    dues_sum_matches_the_report(DemoScale::Small, false);
    dues_sum_matches_the_report(DemoScale::Small, true);
}

#[test]
fn the_dues_ledger_sums_to_the_dues_report_for_the_large_demos_committee() {
    dues_sum_matches_the_report(DemoScale::Large, true);
}

/// The demo keeps what a branch keeps of a development subject (item 8 of the committee-books
/// issue): the 发展党员花名册 has 民族, 学历 and 工作单位及职务 on every row, and the 全程纪实表 of
/// everyone who asked to become a full member (step 22) shows every material received.
#[test]
fn development_lists_show_particulars_and_materials_received() {
    use crate::support::xlsx_shown::shown_sheets;
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let (_, branch) = crate::support::demo_root_and_branch(&ledger);
    let dir = tempfile::tempdir().unwrap();
    let keys = vec!["development_rosters".to_string(), "development_record".to_string()];
    let files: std::collections::BTreeMap<String, PathBuf> = zhibu_core::app::exports::export_workbooks(
        &ledger,
        branch,
        YEAR,
        &keys,
        dir.path(),
        today(),
        Default::default(),
    )
    .unwrap()
    .into_iter()
    .map(|f| (f.key, PathBuf::from(f.path)))
    .collect();
    let mut rows = 0;
    for (sheet, cells) in shown_sheets(&files["development_rosters"]) {
        let cols: Vec<usize> = ["民族", "学历", "工作单位及职务"]
            .iter()
            .map(|h| cells[2].iter().position(|c| c == h).unwrap_or_else(|| panic!("{sheet}: no {h}")))
            .collect();
        for r in cells.iter().skip(3).filter(|r| r[0].parse::<u32>().is_ok()) {
            rows += 1;
            for &c in &cols {
                assert!(!r[c].is_empty(), "{sheet}: {} has no {}", r[1], cells[2][c]);
            }
        }
    }
    assert!(rows >= 5, "{rows} people listed");
    let asked: Vec<String> = ledger
        .conn()
        .prepare(
            "SELECT p.name FROM development_people p JOIN development_steps s ON s.person_id = p.id
             WHERE s.step = 22 AND s.date <= ?1",
        )
        .unwrap()
        .query_map([today().to_string()], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(!asked.is_empty());
    let record = shown_sheets(&files["development_record"]);
    for name in &asked {
        let (sheet, cells) = record.iter().find(|(s, _)| s.starts_with(name.as_str())).expect("a sheet per person");
        let missing: Vec<&Vec<String>> = cells.iter().filter(|r| r.iter().any(|c| c == "未收到")).collect();
        assert!(missing.is_empty(), "{sheet}: {missing:?}");
        let volunteer_book = cells.iter().find(|r| r.first().is_some_and(|c| c == "入党志愿书"));
        assert!(
            volunteer_book.is_some_and(|r| r.iter().any(|c| c.contains("编号"))),
            "{sheet}: 入党志愿书 with its number"
        );
    }
}

/// The 花名册 names each member's 党小组 and 党内职务 (committee posts in office and 党小组组长), as
/// the organisation records them.
#[test]
fn the_roster_shows_each_members_party_group_and_posts() {
    use crate::support::xlsx_shown::shown_sheet;
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let (_, branch) = crate::support::demo_root_and_branch(&ledger);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    zhibu_core::workbooks::roster::export(&ledger, branch, &path, today(), false).unwrap();
    let cells = shown_sheet(&path, zhibu_core::workbooks::roster::ROSTER_SHEET);
    assert_eq!(cells[2][2..5], ["所在党支部", "党小组", "党内职务"]);
    let conn = ledger.conn();
    let members = zhibu_core::store::members::list(conn, &Default::default()).unwrap();
    let org = zhibu_core::store::orgs::get(conn, branch).unwrap();
    let mut with_group = 0;
    for r in cells.iter().skip(3).filter(|r| r[0].parse::<u32>().is_ok()) {
        let m = members.iter().find(|m| m.fields.name == r[1]).unwrap();
        assert_eq!(r[3], m.group_name.clone().unwrap_or_default(), "{}", r[1]);
        with_group += usize::from(!r[3].is_empty());
        let posts: Vec<String> = org
            .positions
            .iter()
            .filter(|p| p.member_id == m.id && zhibu_core::model::roll::in_office(p.from, p.to, today()))
            .map(|p| p.role.label().to_string())
            .chain(org.groups.iter().filter(|g| g.leader_id == Some(m.id)).map(|g| format!("{}组长", g.name)))
            .collect();
        assert_eq!(r[4], posts.join("、"), "{}", r[1]);
    }
    assert!(with_group > 10, "{with_group} members in a 党小组");
    let secretary = cells.iter().filter(|r| r[4].split('、').any(|p| p == "书记")).count();
    assert_eq!(secretary, 1, "one 书记 in office");
    assert!(cells.iter().any(|r| r[4].ends_with("党小组组长")));
}

/// The 党费收缴台账 opened in LibreOffice (headless, a private profile set to recalculate every
/// formula on load) with every cached total wiped to 0: the 合计 row LibreOffice computes equals
/// `zhibu dues --json`, so the totals are live formulas over the right cells, not figures.
/// LibreOffice Calc is a test dependency (`scripts/setup.sh --test` installs it).
#[test]
fn libreoffice_recalculates_the_dues_ledgers_totals_to_the_dues_report() {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let (_, branch) = crate::support::demo_root_and_branch(&ledger);
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("written.xlsx");
    zhibu_core::workbooks::dues_collection::write_collection_ledger(&ledger, branch, YEAR, today(), &written).unwrap();
    let wiped = dir.path().join("台账.xlsx");
    let formulas = wipe_cached_results(&written, &wiped);
    assert!(formulas >= 15, "{formulas} formulas: 12 months and the year");

    let profile = dir.path().join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    // OOXMLRecalcMode 0: always recalculate an .xlsx on load (the default trusts the cached values).
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir"])
        .arg(&out)
        .arg(&wiped)
        .output()
        .expect("LibreOffice (soffice) is installed: scripts/setup.sh --test");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let csv = std::fs::read_to_string(out.join("台账.csv")).expect("LibreOffice wrote the CSV");
    let rows: Vec<Vec<String>> = csv.lines().map(split_csv).collect();
    let header = &rows[2];
    let col = header.iter().position(|h| h == "全年实缴(元)").unwrap();
    let totals = rows.iter().find(|r| r[0] == "合计").expect("a 合计 row");
    let fen = |s: &str| (s.replace(',', "").parse::<f64>().unwrap_or_else(|_| panic!("{s:?}")) * 100.0).round() as i64;
    let report = zhibu_core::dues::year_report(&ledger, YEAR, Some(branch), today()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    let t = &json["totals"];
    assert_eq!(fen(&totals[col]), t["paid_total_fen"].as_i64().unwrap(), "全年实缴 as LibreOffice sums it");
    assert_eq!(fen(&totals[col - 1]), t["due_total_fen"].as_i64().unwrap(), "全年应缴");
    assert_eq!(fen(&totals[col + 1]), t["outstanding_fen"].as_i64().unwrap(), "欠缴");
    assert!(t["paid_total_fen"].as_i64().unwrap() > 0);
}

/// Copies the workbook with every formula's cached result set to 0; returns how many there are.
fn wipe_cached_results(from: &Path, to: &Path) -> usize {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut wiped = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/worksheets/sheet") {
            let xml = String::from_utf8(bytes).unwrap();
            let mut out = String::new();
            let mut rest = xml.as_str();
            while let Some(at) = rest.find("</f><v>") {
                let (head, tail) = rest.split_at(at + "</f><v>".len());
                out.push_str(head);
                let end = tail.find("</v>").unwrap();
                out.push('0');
                rest = &tail[end..];
                wiped += 1;
            }
            out.push_str(rest);
            bytes = out.into_bytes();
        }
        w.start_file(name, options).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
    wiped
}

/// One line of LibreOffice's CSV (comma-separated, fields with commas quoted).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}
