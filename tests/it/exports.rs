//! The whole catalogue exported as a committee receives it (small demo: the branch, and the
//! committee above it), checked as it prints and as a reviewer reads it:
//!
//! - print fit: every sheet's title fits the merged columns above the table at its font size
//!   (`workbook::table::text_width`, the one estimate the layout uses), every sheet is fitted one
//!   page wide, and its footer has a left, centre and right section, each present, all different,
//!   each narrow enough not to run into the centred page number on its paper;
//! - nothing internal printed: no file name, sheet name, cell or footer holds a database key
//!   (`a-78`, `d-7`), a profile id (`national`, `fuling-2017`), a reference into the project's
//!   documentation (`§`, `.md`), an ISO timestamp or a caveat about a source (`据报道`, `未核实`);
//!   every file name ends with `-YYYYMMDD.xlsx`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::workbook::table::{display_width, text_width};
use zhibu_core::workbooks::{ExportFormat, InDefaultSet, CATALOGUE};
use zhibu_core::Ledger;

use crate::support::today;
use crate::support::xlsx_shown::shown_sheets;
use crate::support::xml::{parse, Element};

const YEAR: i32 = 2026;

/// The Excel workbooks of the catalogue (its Word documents and calendar are read in `documents.rs`).
fn workbook_keys() -> Vec<String> {
    CATALOGUE.iter().filter(|w| w.format == ExportFormat::Xlsx).map(|w| w.key.to_string()).collect()
}

/// Every workbook of the catalogue for the small demo's branch and its committee.
fn exported(dir: &Path) -> Vec<PathBuf> {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let (root, branch) = crate::support::demo_root_and_branch(&ledger);
    let keys = workbook_keys();
    let mut paths = Vec::new();
    for (label, org) in [("branch", branch), ("committee", root)] {
        // The 计划表 is written from the saved plan.
        if !zhibu_core::plan::has_plan(ledger.conn(), org, YEAR).unwrap() {
            zhibu_core::app::plan::propose_into_empty(&ledger, org, YEAR, today()).unwrap();
        }
        let files = zhibu_core::app::exports::export_workbooks(
            &ledger,
            org,
            YEAR,
            &keys,
            &dir.join(label),
            today(),
            Default::default(),
        )
        .unwrap();
        assert_eq!(files.len(), keys.len());
        paths.extend(crate::support::workbook_files(files.into_iter().map(|f| PathBuf::from(f.path))));
    }
    paths
}

fn parts(path: &Path) -> BTreeMap<String, String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = String::new();
        if f.name().ends_with(".xml") || f.name().ends_with(".rels") {
            f.read_to_string(&mut text).unwrap();
            out.insert(f.name().to_string(), text);
        }
    }
    out
}

/// One printed sheet as the print-fit check needs it.
struct PrintedSheet {
    name: String,
    title: String,
    title_size: f64,
    /// Widths of the columns the title's merged range spans.
    title_widths: Vec<f64>,
    landscape: bool,
    fit_to_page: bool,
    fit_to_width: u32,
    margins: (f64, f64),
    footer: String,
}

/// `AB12` → zero-based column 27.
fn column(r: &str) -> u32 {
    r.chars().take_while(|c| c.is_ascii_alphabetic()).fold(0u32, |n, b| n * 26 + u32::from(b as u8 - b'A' + 1)) - 1
}

fn printed_sheets(path: &Path) -> Vec<PrintedSheet> {
    let parts = parts(path);
    let xml = |name: &str| parse(&parts[name]);
    let shared: Vec<String> = parts
        .get("xl/sharedStrings.xml")
        .map(|s| parse(s).all("si").map(Element::deep_text).collect())
        .unwrap_or_default();
    let styles = xml("xl/styles.xml");
    let font_sizes: Vec<f64> = styles
        .child("fonts")
        .unwrap()
        .all("font")
        .map(|f| f.child("sz").and_then(|s| s.attr("val")).map_or(11.0, |v| v.parse().unwrap()))
        .collect();
    let xf_fonts: Vec<usize> = styles
        .child("cellXfs")
        .unwrap()
        .all("xf")
        .map(|x| x.attr("fontId").map_or(0, |v| v.parse().unwrap()))
        .collect();
    let workbook = xml("xl/workbook.xml");
    let rels = xml("xl/_rels/workbook.xml.rels");
    workbook
        .child("sheets")
        .unwrap()
        .all("sheet")
        .map(|s| {
            let id = s.attr("r:id").unwrap();
            let rel = rels.all("Relationship").find(|r| r.attr("Id") == Some(id)).unwrap();
            let sheet = xml(&format!("xl/{}", rel.attr("Target").unwrap().trim_start_matches("/xl/")));
            let a1 = sheet
                .child("sheetData")
                .and_then(|d| d.all("row").next())
                .and_then(|r| r.all("c").find(|c| c.attr("r") == Some("A1")))
                .expect("a title in A1");
            let title = match a1.attr("t") {
                Some("s") => shared[a1.child("v").unwrap().text.parse::<usize>().unwrap()].clone(),
                Some("inlineStr") => a1.child("is").unwrap().deep_text(),
                _ => String::new(),
            };
            let style: usize = a1.attr("s").map_or(0, |v| v.parse().unwrap());
            let title_size = font_sizes[xf_fonts[style]];
            let last = sheet
                .child("mergeCells")
                .and_then(|m| m.all("mergeCell").find(|c| c.attr("ref").unwrap().starts_with("A1:")))
                .map_or(0, |c| column(c.attr("ref").unwrap().split(':').nth(1).unwrap()));
            let mut widths = vec![8.43; last as usize + 1];
            for col in sheet.child("cols").into_iter().flat_map(|c| c.all("col")) {
                let (min, max): (u32, u32) =
                    (col.attr("min").unwrap().parse().unwrap(), col.attr("max").unwrap().parse().unwrap());
                let w: f64 = col.attr("width").unwrap().parse().unwrap();
                for c in min..=max.min(last + 1) {
                    widths[c as usize - 1] = w;
                }
            }
            let setup = sheet.child("pageSetup");
            let margins = sheet.child("pageMargins").unwrap();
            let margin = |side: &str| margins.attr(side).unwrap().parse::<f64>().unwrap();
            PrintedSheet {
                name: s.attr("name").unwrap().to_string(),
                title,
                title_size,
                title_widths: widths,
                landscape: setup.and_then(|p| p.attr("orientation")) == Some("landscape"),
                fit_to_page: sheet
                    .child("sheetPr")
                    .and_then(|p| p.child("pageSetUpPr"))
                    .and_then(|p| p.attr("fitToPage"))
                    == Some("1"),
                fit_to_width: setup.and_then(|p| p.attr("fitToWidth")).map_or(1, |v| v.parse().unwrap()),
                margins: (margin("left"), margin("right")),
                footer: sheet
                    .child("headerFooter")
                    .and_then(|h| h.child("oddFooter"))
                    .map(|f| f.text.clone())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The footer's `&L`, `&C`, `&R` sections, their codes (`&9`, `&P`, `&N`) kept as written.
fn footer_sections(footer: &str) -> BTreeMap<char, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<char> = None;
    let mut chars = footer.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '&' && matches!(chars.peek(), Some('L' | 'C' | 'R')) {
            let s = chars.next().unwrap();
            current = Some(s);
            out.insert(s, String::new());
            continue;
        }
        if let Some(s) = current {
            out.get_mut(&s).unwrap().push(c);
        }
    }
    out
}

/// A section's printed text: font-size codes dropped, `&P`/`&N` as a page number would print.
fn section_text(section: &str) -> String {
    let mut out = String::new();
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '&' {
            match chars.peek() {
                Some('P' | 'N') => {
                    chars.next();
                    out.push_str("99");
                }
                Some(d) if d.is_ascii_digit() => {
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                }
                Some('&') => {
                    chars.next();
                    out.push('&');
                }
                _ => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Point size a section is printed in (`&9`), 11 when it sets none.
fn section_size(section: &str) -> f64 {
    let digits: String = section.strip_prefix('&').unwrap_or("").chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(11.0)
}

#[test]
fn every_sheet_prints_with_its_title_whole_and_a_footer_in_three_sections() {
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut sheets = 0;
    for path in exported(dir.path()) {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for s in printed_sheets(&path) {
            sheets += 1;
            let at = format!("{file} / {}", s.name);
            let merged: f64 = s.title_widths.iter().sum();
            let need = text_width(&s.title, s.title_size);
            if s.title.is_empty() || need > merged {
                problems.push(format!(
                    "{at}: title “{}” at {} pt needs {need:.1}, merged {merged:.1}",
                    s.title, s.title_size
                ));
            }
            if !s.fit_to_page || s.fit_to_width != 1 {
                problems.push(format!("{at}: not fitted one page wide"));
            }
            let sections = footer_sections(&s.footer);
            let texts: Vec<String> =
                ['L', 'C', 'R'].iter().map(|k| sections.get(k).map(|t| section_text(t)).unwrap_or_default()).collect();
            if texts.iter().any(|t| t.trim().is_empty()) {
                problems.push(format!("{at}: footer lacks a section: {:?}", s.footer));
                continue;
            }
            if texts[0] == texts[1] || texts[1] == texts[2] || texts[0] == texts[2] {
                problems.push(format!("{at}: footer sections repeat: {:?}", s.footer));
            }
            // Points of printable width on A4 inside the side margins; a side section may use the
            // half page less half the centre section before it reaches the page number.
            let paper = if s.landscape { 11.69 } else { 8.27 };
            let width = (paper - s.margins.0 - s.margins.1) * 72.0;
            let points = |k: char, text: &str| {
                let size = section_size(&sections[&k]);
                text.split('\n').map(|l| display_width(l) as f64 * size / 2.0).fold(0.0, f64::max)
            };
            let centre = points('C', &texts[1]);
            for (k, text) in [('L', &texts[0]), ('R', &texts[2])] {
                let room = width / 2.0 - centre / 2.0;
                if points(k, text) > room {
                    problems.push(format!(
                        "{at}: footer section {k} “{text}” is {:.0} pt, room {room:.0} pt",
                        points(k, text)
                    ));
                }
            }
        }
    }
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(sheets >= 2 * workbook_keys().len(), "{sheets} sheets");
    assert!(problems.is_empty(), "{} print problems (listed above)", problems.len());
}

/// Where `text` shows something internal, or None.
fn internal(text: &str) -> Option<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    for (i, w) in chars.windows(3).enumerate() {
        // `a-78`: a key letter not part of a longer word of letters is enough to flag.
        if w[0].is_ascii_lowercase()
            && w[1] == '-'
            && w[2].is_ascii_digit()
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            return Some("a record key");
        }
    }
    for id in zhibu_core::standards::profile::BUILT_IN.iter().map(|(id, _)| *id) {
        if text.contains(id) {
            return Some("a profile id");
        }
    }
    for (needle, what) in [
        ("§", "a documentation reference"),
        (".md", "a documentation file"),
        ("据报道", "a caveat"),
        ("未核实", "a caveat"),
    ] {
        if text.contains(needle) {
            return Some(what);
        }
    }
    // `2026-11-22T10:00`: a timestamp as stored.
    let iso = chars.windows(14).any(|w| {
        let s: String = w.iter().collect();
        s.as_bytes()[4] == b'-'
            && s.as_bytes()[7] == b'-'
            && s.as_bytes()[10] == b'T'
            && s[..4].chars().all(|c| c.is_ascii_digit())
            && s[11..13].chars().all(|c| c.is_ascii_digit())
    });
    if iso {
        return Some("a timestamp");
    }
    // `谈话于 2026-11-06`: a day as stored inside a sentence (a date cell on its own is a value).
    let b = text.as_bytes();
    let date_at = |i: usize| {
        i + 10 <= b.len()
            && b[i..i + 4].iter().all(u8::is_ascii_digit)
            && b[i + 4] == b'-'
            && b[i + 5..i + 7].iter().all(u8::is_ascii_digit)
            && b[i + 7] == b'-'
            && b[i + 8..i + 10].iter().all(u8::is_ascii_digit)
    };
    let alone = date_at(0) && b.len() == 10;
    (!alone && (0..b.len()).any(date_at)).then_some("an ISO date in a sentence")
}

#[test]
fn no_exported_workbook_shows_keys_profile_ids_documentation_or_caveats() {
    assert_eq!(internal("记录2026-003、3月5日谈心谈话"), None);
    assert_eq!(internal("佐证：a-78、a-81"), Some("a record key"));
    assert_eq!(internal("王小明（d-7）"), Some("a record key"));
    assert_eq!(internal("自查表（national）"), Some("a profile id"));
    assert_eq!(internal("专题（national-rules.md §7）"), Some("a profile id"));
    assert_eq!(internal("（2026年5月修订，据报道，官方文本未核实）"), Some("a caveat"));
    assert_eq!(internal("2026-11-22T10:00:00"), Some("a timestamp"));
    assert_eq!(internal("谈话于 2026-11-06，超过期限"), Some("an ISO date in a sentence"));
    assert_eq!(internal("2026-11-06"), None);

    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut cells = 0;
    for path in exported(dir.path()) {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let date = format!("-{}.xlsx", today().format("%Y%m%d"));
        if !file.ends_with(&date) {
            problems.push(format!("{file}: the file name does not end with {date}"));
        }
        if let Some(what) = internal(&file) {
            problems.push(format!("{file}: the file name shows {what}"));
        }
        for s in printed_sheets(&path) {
            if let Some(what) = internal(&s.footer) {
                problems.push(format!("{file} / {}: the footer shows {what}", s.name));
            }
        }
        for (sheet, rows) in shown_sheets(&path) {
            if let Some(what) = internal(&sheet) {
                problems.push(format!("{file}: sheet name “{sheet}” shows {what}"));
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    cells += 1;
                    if let Some(what) = internal(text) {
                        problems.push(format!("{file} / {sheet} R{}C{}: {what}: “{text}”", r + 1, c + 1));
                    }
                }
            }
        }
    }
    for p in problems.iter().take(60) {
        eprintln!("  {p}");
    }
    assert!(cells > 1000, "{cells} cells read");
    assert!(problems.is_empty(), "{} places show something internal (first 60 listed above)", problems.len());
}

/// 隐藏身份证号 (`--mask-ids`, the export dialog's switch): with it no full ID number of a member or a
/// 发展党员 person appears anywhere in any exported workbook, and the masked form does; without it the
/// numbers are printed in full (the scan can fail).
#[test]
fn masked_exports_hold_no_full_id_number() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let ids_of = |l: &Ledger| -> Vec<String> {
        l.conn()
            .prepare("SELECT id_number FROM members UNION SELECT id_number FROM development_people")
            .unwrap()
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .unwrap()
            .filter_map(|r| r.unwrap())
            .collect()
    };
    let ids = ids_of(&ledger);
    assert!(ids.len() > 20);
    let (root, branch) = crate::support::demo_root_and_branch(&ledger);
    // Every workbook and Word document (the plan's files need a saved plan, which the demo has not;
    // they name no person).
    let keys: Vec<String> = CATALOGUE
        .iter()
        .filter(|w| w.format != ExportFormat::Ics && w.default != InDefaultSet::WhenPlanSaved)
        .map(|w| w.key.to_string())
        .collect();
    let text_of = |mask_ids: bool| -> String {
        let mut all = String::new();
        for org in [branch, root] {
            let out = dir.path().join(format!("{mask_ids}-{org}"));
            let options = zhibu_core::app::exports::ExportOptions { mask_ids };
            for f in
                zhibu_core::app::exports::export_workbooks(&ledger, org, YEAR, &keys, &out, today(), options).unwrap()
            {
                for file in crate::support::workbook_files([PathBuf::from(&f.path)]) {
                    all.extend(parts(&file).into_values());
                }
            }
        }
        all
    };
    let plain = text_of(false);
    let printed: Vec<&String> = ids.iter().filter(|id| plain.contains(id.as_str())).collect();
    assert!(printed.len() > 20, "without the option the roster prints the numbers: {}", printed.len());
    let masked = text_of(true);
    let leaked: Vec<&String> = ids.iter().filter(|id| masked.contains(id.as_str())).collect();
    assert_eq!(leaked, Vec::<&String>::new());
    for id in printed {
        let shown = zhibu_core::model::id_number::mask(id);
        assert!(shown.contains("********") && masked.contains(&shown), "{shown}");
    }

    // The CLI's --mask-ids writes the same.
    let (_cli_dir, db) = crate::support::cli::demo_ledger();
    let out = dir.path().join("cli");
    let args =
        ["export", "--year", "2026", "--out", out.to_str().unwrap(), "--mask-ids", "--today", crate::support::TODAY];
    assert_eq!(crate::support::cli::run(&db, &args), 0);
    let ids = ids_of(&Ledger::open(&db).unwrap());
    let mut files = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let text: String = parts(&entry.unwrap().path()).into_values().collect();
        assert!(!ids.iter().any(|id| text.contains(id.as_str())));
        files += 1;
    }
    assert!(files > 10, "{files}");
}

/// The rows of a list sheet under its header (row 3): those whose 序号 is a number.
fn data_rows(cells: &[Vec<String>]) -> impl Iterator<Item = &Vec<String>> {
    cells.iter().skip(3).filter(|r| r.first().is_some_and(|c| c.parse::<u32>().is_ok()))
}

fn header_index(cells: &[Vec<String>], header: &str) -> Option<usize> {
    cells.get(2).and_then(|h| h.iter().position(|c| c == header))
}

/// The workbooks of a per-organisation folder, by the short name their file name starts with.
fn books_by_branch(folder: &Path, what: &str) -> BTreeMap<String, PathBuf> {
    assert!(folder.is_dir(), "a committee's {what} is a folder: {}", folder.display());
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (branch, _) = name.split_once(&format!("{YEAR}年{what}-")).unwrap_or_else(|| panic!("{name}"));
        assert!(out.insert(branch.to_string(), path).is_none(), "two books of {branch}");
    }
    out
}

/// A committee's export as its clerk receives it (the large demo's 党委 over 50 branches): the
/// 考勤册 and the 会议记录 come as one workbook per branch, together holding every sitting of the
/// 三会一课台账 once; the 党费收缴台账 and 公示表 name each member's branch by its short name, so two
/// members of the same name in different branches are told apart; the per-member sheets name the
/// branch by its short name. A branch's own export stays one file without the column.
#[test]
fn a_committees_export_has_a_book_per_branch_and_names_each_members_branch() {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Large, today()).unwrap();
    let (root, branch) = crate::support::demo_root_and_branch(&ledger);
    let conn = ledger.conn();
    let shorts: BTreeSet<String> = zhibu_core::store::orgs::short_names(conn).unwrap().into_values().collect();
    let by_key = zhibu_core::store::orgs::short_names_by_key(conn).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<String> =
        ["meetings", "meeting_records", "attendance_book", "dues", "dues_publication", "study_hours", "evaluations"]
            .map(String::from)
            .to_vec();
    let written = zhibu_core::app::exports::export_workbooks(
        &ledger,
        root,
        YEAR,
        &keys,
        &dir.path().join("committee"),
        today(),
        Default::default(),
    )
    .unwrap();
    // What the export reports: a per-branch folder with the number of files really in it, and the
    // total the dialog shows (已导出 N 个文件) counting each of them.
    let mut on_disk = 0;
    for f in &written {
        let path = PathBuf::from(&f.path);
        let xlsx = if path.is_dir() {
            std::fs::read_dir(&path)
                .unwrap()
                .filter(|e| e.as_ref().unwrap().path().extension().unwrap() == "xlsx")
                .count()
        } else {
            1
        };
        assert_eq!((f.folder, f.files as usize), (path.is_dir(), xlsx), "{}", f.path);
        on_disk += xlsx;
    }
    let folders: Vec<&str> = written.iter().filter(|f| f.folder).map(|f| f.key.as_str()).collect();
    assert_eq!(folders, ["meeting_records", "attendance_book"]);
    assert!(written.iter().filter(|f| f.folder).all(|f| f.files > 10), "a book per branch");
    assert_eq!(zhibu_core::app::exports::ExportedFile::total_files(&written) as usize, on_disk);
    assert!(on_disk > written.len() + 20, "{on_disk} files for {} entries", written.len());
    let files: BTreeMap<String, PathBuf> = written.into_iter().map(|f| (f.key, PathBuf::from(f.path))).collect();

    // 三会一课台账: each branch's sittings, by its 召开组织 (short name).
    let mut sittings: BTreeMap<String, usize> = BTreeMap::new();
    for (name, cells) in shown_sheets(&files["meetings"]).iter().filter(|(n, _)| n.ends_with("季度")) {
        let col = header_index(cells, "召开组织").unwrap_or_else(|| panic!("{name}: no 召开组织"));
        for r in data_rows(cells) {
            assert!(shorts.contains(&r[col]), "召开组织 {:?} is not a short name", r[col]);
            *sittings.entry(r[col].clone()).or_default() += 1;
        }
    }
    let total: usize = sittings.values().sum();
    assert!(total > 1000 && sittings.len() > 10, "{total} sittings in {} branches", sittings.len());

    // 考勤册: a book per branch; its sitting columns (between 姓名 and 应到) are the 台账's sittings.
    let mut book_sittings: BTreeMap<String, usize> = BTreeMap::new();
    for (branch, path) in books_by_branch(&files["attendance_book"], "组织生活考勤册") {
        let sheets = shown_sheets(&path);
        let mut n = 0;
        for (_, cells) in sheets.iter().filter(|(n, _)| n.ends_with("季度")) {
            n += header_index(cells, "应到").unwrap() - 2;
        }
        let year = &sheets.iter().find(|(n, _)| n == "全年汇总").unwrap().1;
        assert!(year[1][0].contains(&format!("全年会议{n}次")), "{branch}: {}", year[1][0]);
        assert!(year[0][0].contains("2026年党员参加组织生活情况汇总"));
        if n > 0 {
            book_sittings.insert(branch, n);
        }
    }
    assert_eq!(book_sittings, sittings, "考勤册 sittings per branch against the 三会一课台账's");

    // 会议记录: a book per branch, a sheet per sitting.
    let records: BTreeMap<String, usize> = books_by_branch(&files["meeting_records"], "会议记录")
        .into_iter()
        .map(|(branch, path)| (branch, shown_sheets(&path).len()))
        .collect();
    assert_eq!(records, sittings, "会议记录 sheets per branch against the 三会一课台账's sittings");

    // 党费: (所在支部, 姓名) of every row is the report's member, in order; shared names are told apart.
    let report = zhibu_core::dues::year_report(&ledger, YEAR, Some(root), today()).unwrap();
    let want: Vec<(String, String)> = report.members.iter().map(|m| (by_key[&m.org].clone(), m.name.clone())).collect();
    let mut names: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (b, n) in &want {
        names.entry(n.as_str()).or_default().insert(b.as_str());
    }
    let shared = names.values().filter(|b| b.len() > 1).count();
    assert!(shared > 10, "only {shared} names shared across branches: the check would prove little");
    for (key, sheet) in [("dues", "党费收缴台账"), ("dues_publication", "党费收缴公示表")] {
        let sheets = shown_sheets(&files[key]);
        let cells = &sheets.iter().find(|(n, _)| n == sheet).unwrap().1;
        assert_eq!(header_index(cells, "所在支部"), Some(2), "{sheet}: 所在支部 after 姓名");
        let got: Vec<(String, String)> = data_rows(cells).map(|r| (r[2].clone(), r[1].clone())).collect();
        assert_eq!(got, want, "{sheet}: (所在支部, 姓名) of each row");
    }

    // Per-member sheets: the branch by its short name.
    for (key, sheet) in [("study_hours", "党员学时统计表"), ("evaluations", "民主评议结果汇总表")] {
        let sheets = shown_sheets(&files[key]);
        let cells = &sheets.iter().find(|(n, _)| n == sheet).unwrap().1;
        let col = header_index(cells, "所在支部").unwrap_or_else(|| panic!("{sheet}: no 所在支部"));
        for r in data_rows(cells) {
            assert!(shorts.contains(&r[col]) && !r[col].starts_with("中共"), "{sheet}: 所在支部 {:?}", r[col]);
        }
    }

    // A branch's own export: one file each, no 所在支部 column.
    let own: BTreeMap<String, PathBuf> = zhibu_core::app::exports::export_workbooks(
        &ledger,
        branch,
        YEAR,
        &keys,
        &dir.path().join("branch"),
        today(),
        Default::default(),
    )
    .unwrap()
    .into_iter()
    .map(|f| (f.key, PathBuf::from(f.path)))
    .collect();
    for (key, path) in &own {
        assert!(path.is_file(), "{key}: {}", path.display());
    }
    for (key, sheet) in [("dues", "党费收缴台账"), ("dues_publication", "党费收缴公示表")] {
        let sheets = shown_sheets(&own[key]);
        let cells = &sheets.iter().find(|(n, _)| n == sheet).unwrap().1;
        assert_eq!(header_index(cells, "所在支部"), None, "{sheet} of one branch");
    }
}

/// The usual signature lines, on every workbook as printed: every sheet's footer asks for 填报人
/// and 审核人; each 会议记录 ends with 主持人/记录人（签字） under a 参会人员签到 block naming everyone
/// expected; each sheet of the 党费收缴台账 ends with 收款人, 经手人 and 支部书记审核.
#[test]
fn every_workbook_carries_its_signature_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let (mut records, mut dues) = (0, 0);
    for path in exported(dir.path()) {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for s in printed_sheets(&path) {
            let right = footer_sections(&s.footer).get(&'R').map(|t| section_text(t)).unwrap_or_default();
            if !(right.contains("填报人") && right.contains("审核人")) {
                problems.push(format!("{file} / {}: footer without 填报人/审核人: {right:?}", s.name));
            }
        }
        let last_text = |cells: &[Vec<String>]| {
            cells.iter().rev().find(|r| r.iter().any(|c| !c.is_empty())).map(|r| r.join("")).unwrap_or_default()
        };
        for (name, cells) in shown_sheets(&path) {
            if file.contains("会议记录") {
                records += 1;
                let at = cells.iter().position(|r| r[0] == "参会人员签到");
                let expected =
                    cells.iter().find(|r| r[0] == "应到人数").map(|r| r[1].trim_end_matches('人').to_string());
                let signers = at.map_or(0, |i| {
                    cells[i..]
                        .iter()
                        .take_while(|r| r[0] == "参会人员签到" || (r[0].is_empty() && !r[1].is_empty()))
                        .flat_map(|r| r[1..].iter())
                        .filter(|c| c.ends_with('：'))
                        .count()
                });
                if expected != Some(signers.to_string()) {
                    problems.push(format!("{file} / {name}: 签到 for {signers}, 应到 {expected:?}"));
                }
                let last = last_text(&cells);
                if !(last.contains("主持人（签字）") && last.contains("记录人（签字）")) {
                    problems.push(format!("{file} / {name}: ends with {last:?}"));
                }
            }
            if file.contains("党费收缴台账") {
                dues += 1;
                let last = last_text(&cells);
                if !["收款人（签字）", "经手人（签字）", "支部书记审核（签字）"].iter().all(|w| last.contains(w))
                {
                    problems.push(format!("{file} / {name}: ends with {last:?}"));
                }
            }
        }
    }
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(records > 50 && dues == 4, "{records} records, {dues} dues sheets");
    assert!(problems.is_empty(), "{} missing signature lines (listed above)", problems.len());
}
