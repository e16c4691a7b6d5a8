//! The bad-input regression suite: each file is made here, handed to every reader that takes its
//! kind, and must be refused in Chinese with the ledger unchanged. `ZHIBU_HOSTILE_DIR=<dir> cargo test
//! -p zhibu --test it -- --ignored write_the_hostile_files` writes them out for measuring the CLI
//! (`/usr/bin/time -v zhibu import-roster …`, see docs/robustness.md).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::make::{self, XlsCell};
use super::{assert_refused, ledger, read, Reader, WORKBOOK_READERS};
use crate::support::today;

/// Every hand-made bad workbook: (file name, bytes).
pub fn bad_workbooks() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| out.push((name.to_string(), bytes));
    // Cells far away: calamine's dense range would allocate rows × columns.
    for far in ["XFD1048576", "ZZ1048576", "XFD8000", "A1048576", "ALM1", "A100001"] {
        add(&format!("far-{far}.xlsx"), make::roster_with_far_cell(far));
    }
    // Row and column numbers beyond u32 (calamine's reference parser overflowed on these).
    for r in ["A99999999999", "ZZZZZZZZ1", "A4294967296", "A0"] {
        add(&format!("overflow-{r}.xlsx"), make::roster_with_far_cell(r));
    }
    // A reversed dimension (calamine subtracted and overflowed: xlsx/mod.rs:3048).
    add(
        "dimension-reversed.xlsx",
        make::zip_of(&make::xlsx_parts(&format!("<row r=\"1\">{}</row>", make::text_cell("A1", "姓名")), "B2:A1")),
    );
    // A declared dimension of the whole sheet, with two cells.
    add(
        "dimension-only.xlsx",
        make::zip_of(&make::xlsx_parts(
            &format!("<row r=\"1\">{}</row>", make::text_cell("A1", "姓名")),
            "A1:XFD1048576",
        )),
    );
    // A sheet of 1,048,576 rows (each with one small cell).
    let mut rows = String::new();
    for r in 1..=1_048_576u32 {
        rows.push_str(&format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>"));
    }
    add("rows-1048576.xlsx", make::zip_of(&make::xlsx_parts(&rows, "A1:A1048576")));
    drop(rows);
    // Shared strings that decompress to 1 GiB, and a declared count of 10^12 strings.
    add("bomb-shared-strings.xlsx", make::shared_strings_bomb(1 << 30));
    add("bomb-many-strings.xlsx", make::shared_strings_bomb_of(1 << 30, b"a</t></si><si><t>"));
    let mut parts = make::xlsx_parts(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, "A1");
    parts.push((
        "xl/sharedStrings.xml".into(),
        br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1000000000000"><si><t>x</t></si></sst>"#.to_vec(),
    ));
    add("shared-strings-count.xlsx", make::zip_of(&parts));
    // A workbook part of 40 MB: 800,000 sheets declared (calamine keeps every one).
    let mut parts = make::xlsx_parts(r#"<row r="1"><c r="A1"><v>1</v></c></row>"#, "A1");
    let sheets: String = (0..800_000).map(|i| format!(r#"<sheet name="s{i}" sheetId="{i}" r:id="rId1"/>"#)).collect();
    parts[2].1 = format!(
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"#
    )
    .into_bytes();
    add("many-sheets.xlsx", make::zip_of(&parts));
    // One piece of text of 33 MB (one cell; Excel holds at most 32,767 characters) in the sheet.
    let mut huge = String::from("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
    huge.push_str(&"字".repeat(11 << 20));
    huge.push_str("</t></is></c></row>");
    add("one-huge-cell.xlsx", make::zip_of(&make::xlsx_parts(&huge, "A1")));
    drop(huge);
    // A comment/CDATA the parser would read as one piece.
    add(
        "cdata.xlsx",
        make::zip_of(&make::xlsx_parts(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[x]]></t></is></c></row>",
            "A1",
        )),
    );
    // Zips that are not workbooks, or not whole.
    let good = make::roster_with_far_cell("C3");
    add("truncated.xlsx", good[..good.len() / 2].to_vec());
    add("truncated-end.xlsx", good[..good.len() - 10].to_vec());
    let mut bogus = good.clone();
    // The central directory's sizes of the first entry (offsets 20 and 24 of its header) made huge.
    if let Some(cd) = bogus.windows(4).position(|w| w == b"PK\x01\x02") {
        bogus[cd + 20..cd + 28].copy_from_slice(&[0xFF; 8]);
    }
    add("bogus-sizes.xlsx", bogus);
    let without_workbook: Vec<_> =
        make::xlsx_parts("", "A1").into_iter().filter(|(n, _)| n != "xl/workbook.xml").collect();
    add("no-workbook.xml.xlsx", make::zip_of(&without_workbook));
    add("empty-zip.xlsx", make::zip_of(&[]));
    add("empty.xlsx", Vec::new());
    add("junk.xlsx", (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect());
    add("text.xlsx", "姓名,性别\n张三,男\n".as_bytes().to_vec());
    add("pk-only.xlsx", b"PK\x03\x04".to_vec());
    // .xls: the container's sector chains loop, a DIMENSIONS of 2^32 rows, cells far apart,
    // a shared string of 65,535 characters named by 1,000 cells, a bare header.
    let xls_good = make::xls("花名册", &[(0, 0, XlsCell::Text("姓名")), (1, 0, XlsCell::Text("张三"))], (0, 2, 0, 1));
    let mut looping = xls_good.clone();
    // FAT entry of the Workbook stream's first sector (sector 2) points back to itself.
    looping[512 + 8..512 + 12].copy_from_slice(&2u32.to_le_bytes());
    add("chain-loop.xls", looping);
    let mut dir_loop = xls_good.clone();
    dir_loop[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
    add("directory-loop.xls", dir_loop);
    add("dimension-huge.xls", make::xls("花名册", &[(0, 0, XlsCell::Text("姓名"))], (0, u32::MAX, 0, 255)));
    add("dimension-reversed.xls", make::xls("花名册", &[(0, 0, XlsCell::Text("姓名"))], (10, 5, 0, 1)));
    add(
        "cells-far-apart.xls",
        make::xls("花名册", &[(0, 0, XlsCell::Number(1.0)), (65535, 65535, XlsCell::Number(2.0))], (0, 1, 0, 1)),
    );
    // One shared string of 4,000 characters named by 400,000 cells: 4.8 GB once copied into cells.
    let long = "长".repeat(4000);
    let mut copies = vec![(0u16, 0u16, XlsCell::Text(&long))];
    copies.extend((1..400_000u32).map(|i| ((i / 8) as u16, (i % 8) as u16, XlsCell::Shared(0))));
    add("shared-string-copies.xls", make::xls("花名册", &copies, (0, 50_000, 0, 8)));
    // The minimised inputs of calamine's panics (docs/robustness.md): a sheet's offset past the end of
    // the stream (xls.rs:633), a FAT shorter than the file (cfb.rs:344).
    let mut beyond = xls_good.clone();
    beyond[1536 + 30..1536 + 34].copy_from_slice(&0x00FF_FFFFu32.to_le_bytes());
    add("sheet-beyond-stream.xls", beyond);
    let mut no_fat = xls_good.clone();
    no_fat[76..80].copy_from_slice(&[0xFF; 4]);
    add("no-fat.xls", no_fat);
    add("truncated.xls", xls_good[..700].to_vec());
    add("header-only.xls", xls_good[..512].to_vec());
    // .ods: a cell repeated across 16,384 columns in a row repeated a million times (calamine lays
    // it out dense), a content.xml that is not XML, a zip without content.xml, a CSV of binary junk.
    let bomb = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    add("repeat-bomb.ods", crate::import::messy::ods_of(bomb));
    add("not-xml.ods", crate::import::messy::ods_of("<table:table-row><<<"));
    add(
        "no-content.ods",
        make::zip_of(&[("mimetype".into(), b"application/vnd.oasis.opendocument.spreadsheet".to_vec())]),
    );
    add("junk.csv", (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect());
    out
}

/// Every hand-made bad data package: (file name, bytes).
pub fn bad_packages() -> Vec<(String, Vec<u8>)> {
    let base = |members: Value| {
        json!({
            "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "hostile",
            "organizations": [{ "key": "o-9", "name": "中共示例第九支部委员会", "kind": "branch", "sector": "government" }],
            "members": members
        })
    };
    let member = |extra: Value| {
        let mut m = json!({ "key": "m-9", "org": "o-9", "name": "王九", "gender": "男", "birth_date": "1980-01-01",
                            "status": "full", "joined_on": "2000-07-01", "full_member_on": "2001-07-01", "category": "employed" });
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        m
    };
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, v: Value| out.push((name.to_string(), v.to_string().into_bytes()));
    add("base-max.json", base(json!([member(json!({ "dues_bases": [{ "from": "2026-01", "base_fen": i64::MAX }] }))])));
    add("base-negative.json", base(json!([member(json!({ "dues_bases": [{ "from": "2026-01", "base_fen": -1 }] }))])));
    add(
        "base-huge.json",
        base(json!([member(json!({ "dues_bases": [{ "from": "2026-01", "base_fen": 1_000_000_001 }] }))])),
    );
    add("fixed-max.json", base(json!([member(json!({ "dues_fixed_fen": i64::MAX }))])));
    add("fixed-min.json", base(json!([member(json!({ "dues_fixed_fen": i64::MIN }))])));
    add("base-u64.json", base(json!([member(json!({ "dues_bases": [{ "from": "2026-01", "base_fen": u64::MAX }] }))])));
    add("base-float.json", base(json!([member(json!({ "dues_bases": [{ "from": "2026-01", "base_fen": 1e300 }] }))])));
    add("name-10MB.json", base(json!([member(json!({ "name": "名".repeat(3 << 20) }))])));
    add("version-huge.json", json!({ "format": "zhibu-package", "version": u64::MAX }));
    add("not-object.json", json!([1, 2, 3]));
    let mut out2 = out;
    let mut deep = String::new();
    for _ in 0..100_000 {
        deep.push('[');
    }
    out2.push(("deep-nesting.json".into(), deep.into_bytes()));
    let mut deep_obj = String::from(r#"{"format":"zhibu-package","version":1,"x":"#);
    for _ in 0..10_000 {
        deep_obj.push_str(r#"{"a":"#);
    }
    out2.push(("deep-object.json".into(), deep_obj.into_bytes()));
    // Millions of tiny values (a tree of them would take gigabytes).
    let mut zeros = String::from(r#"{"format":"zhibu-package","version":1,"members":[0"#);
    zeros.push_str(&",0".repeat(30 << 20));
    zeros.push_str("]}");
    out2.push(("zeros-60MB.json".into(), zeros.into_bytes()));
    // 16 million one-letter strings: 64 MB of text, about a gigabyte once parsed.
    let mut tiny = String::from(r#"{"format":"zhibu-package","version":1,"members":["a""#);
    tiny.push_str(&",\"a\"".repeat(16 << 20));
    tiny.push_str("]}");
    out2.push(("tiny-strings-64MB.json".into(), tiny.into_bytes()));
    out2.push(("empty.json".into(), Vec::new()));
    out2.push(("latin1.json".into(), vec![b'{', 0xE9, b'}']));
    out2.push(("truncated.json".into(), br#"{"format":"zhibu-package","version":1,"members":[{"key":"#.to_vec()));
    out2.push(("too-big.json".into(), vec![b' '; 129 << 20]));
    out2
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn bad_workbooks_are_refused_by_every_excel_reader() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger();
    for (name, bytes) in bad_workbooks() {
        let path = write(dir.path(), &name, &bytes);
        drop(bytes);
        for reader in WORKBOOK_READERS {
            assert_refused(&ledger, reader, &path);
        }
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn the_far_cell_is_named_in_the_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "花名册.xlsx", &make::roster_with_far_cell("XFD1048576"));
    let message = assert_refused(&ledger(), Reader::Roster, &path);
    assert!(message.contains("XFD1048576") && message.contains("100000 行"), "{message}");
}

#[test]
fn bad_packages_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger();
    for (name, bytes) in bad_packages() {
        let path = write(dir.path(), &name, &bytes);
        assert_refused(&ledger, Reader::Package, &path);
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn an_amount_beyond_the_limit_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = bad_packages().into_iter().find(|(n, _)| n == "base-max.json").unwrap();
    let path = write(dir.path(), "p.json", &bytes);
    let message = assert_refused(&ledger(), Reader::Package, &path);
    assert!(message.contains("base_fen") && message.contains("过大"), "{message}");
}

#[test]
fn special_files_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger();
    let fifo = dir.path().join("管道.xlsx");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let fifo_json = dir.path().join("管道.json");
    let c = std::ffi::CString::new(fifo_json.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let folder = dir.path().join("文件夹.xlsx");
    std::fs::create_dir(&folder).unwrap();
    let folder_json = dir.path().join("文件夹.json");
    std::fs::create_dir(&folder_json).unwrap();
    let start = std::time::Instant::now();
    for reader in WORKBOOK_READERS {
        for path in [&fifo, &folder] {
            assert_refused(&ledger, reader, path);
        }
        // A device: /dev/zero has no .xlsx name, so it is refused by its extension; the guard is
        // checked below through a link that has one.
        let link = dir.path().join(format!("zero-{reader:?}.xlsx"));
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let message = assert_refused(&ledger, reader, &link);
        assert!(message.contains("不是普通文件"), "{message}");
    }
    for path in [&fifo_json, &folder_json, Path::new("/dev/zero"), Path::new("/dev/null")] {
        assert_refused(&ledger, Reader::Package, path);
    }
    assert!(start.elapsed().as_secs() < 5, "special files must be refused at once: {:?}", start.elapsed());
}

#[test]
fn a_refused_reader_leaves_no_trace_and_a_good_file_still_reads() {
    // The same ledger takes a good roster after all the bad ones: nothing was left half-open.
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger();
    let path = write(dir.path(), "坏.xlsx", &make::roster_with_far_cell("XFD1048576"));
    assert_refused(&ledger, Reader::Roster, &path);
    let good = make::good_xls_roster();
    let path = write(dir.path(), "好.xls", &good);
    read(&ledger, Reader::Roster, &path).unwrap();
    let n: i64 = ledger.conn().query_row("SELECT COUNT(*) FROM members WHERE name = '赵六'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1, "the .xls roster was imported");
}

#[test]
fn dues_stay_computable_with_an_amount_stored_before_the_limit() {
    // A ledger written before amounts were range-checked: the engine must not overflow.
    let ledger = ledger();
    ledger.conn().execute("UPDATE dues_bases SET base_fen = ?1", [i64::MAX]).unwrap();
    ledger.conn().execute("UPDATE members SET dues_fixed_fen = ?1 WHERE id = 1", [i64::MAX]).unwrap();
    let report = zhibu_core::dues::year_report(&ledger, 2026, None, today()).unwrap();
    assert!(report.totals.due_total_fen > 0);
}

/// Writes every hand-made bad file to `ZHIBU_HOSTILE_DIR` (for measuring the CLI on them).
#[test]
#[ignore]
fn write_the_hostile_files() {
    let Some(dir) = std::env::var_os("ZHIBU_HOSTILE_DIR") else { return };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in bad_workbooks().into_iter().chain(bad_packages()) {
        write(&dir, &name, &bytes);
    }
    // The worst inputs that are read to the end (they pass every limit): for the peak memory.
    write(&dir, "worst-accepted-100000x20.xlsx", &make::widest_accepted(100_000, 20, 60));
    // 2.9 million shared strings (62 MB of XML, under the 64 MB cap), 2 million cells naming them.
    write(&dir, "worst-accepted-shared.xlsx", &make::shared_strings_accepted(2_900_000, 100_000, 20));
    // An .xls just under the text limit: 400,000 cells naming one 100-character string (120 MB).
    let text = "长".repeat(100);
    let mut cells = vec![(0u16, 0u16, XlsCell::Text(&text))];
    cells.extend((1..400_000u32).map(|i| ((i / 8) as u16, (i % 8) as u16, XlsCell::Shared(0))));
    write(&dir, "worst-accepted.xls", &make::xls("花名册", &cells, (0, 50_000, 0, 8)));
}

/// Prints what each reader says about every file in `ZHIBU_EXPLAIN_DIR` (for triage of kept inputs).
#[test]
#[ignore]
fn explain_the_files() {
    let Some(dir) = std::env::var_os("ZHIBU_EXPLAIN_DIR") else { return };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        let readers: &[Reader] =
            if path.extension().is_some_and(|e| e == "json") { &[Reader::Package] } else { &WORKBOOK_READERS };
        for &reader in readers {
            let outcome = read(&ledger(), reader, &path).map_err(|e| e.to_string());
            println!("{}\t{reader:?}\t{outcome:?}", path.file_name().unwrap().to_string_lossy());
        }
    }
}

#[test]
fn calamine_panics_become_refusals_naming_the_file_and_the_place() {
    // The minimised inputs of calamine 0.38's panics (reported in docs/robustness.md). When calamine
    // fixes one, its file is still refused (by calamine's own error): then move it out of this list.
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger();
    let wanted = [
        ("overflow-A99999999999.xlsx", "xlsx/mod.rs"),
        ("overflow-ZZZZZZZZ1.xlsx", "xlsx/mod.rs"),
        ("dimension-reversed.xlsx", "xlsx/mod.rs"),
        ("sheet-beyond-stream.xls", "xls.rs"),
    ];
    let files = bad_workbooks();
    for (name, place) in wanted {
        let (_, bytes) = files.iter().find(|(n, _)| n == name).unwrap();
        let path = write(dir.path(), name, bytes);
        let message = assert_refused(&ledger, Reader::Roster, &path);
        assert!(message.contains(name) && message.contains("解析器出错") && message.contains(place), "{message}");
    }
}
