//! Roster export and import against a real SQLite ledger: golden text of the exported workbook, the
//! workbook read back by an independent reader, imports of hand-made workbooks, the round trip, and
//! every kind of bad input with its exact located message and the ledger left unchanged.
//!
//! Regenerate the golden files with `ZHIBU_BLESS=1 cargo test -p zhibu --test it`.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhibu_core::import::roster::{self, ColumnMapping, RosterField, RosterImportRequest};
use zhibu_core::model::{
    Category, Gender, Leaving, LeftReason, MemberFields, MemberStatus, OrgFields, OrgKind, Sector,
};
use zhibu_core::store::members::{self, MemberFilter};
use zhibu_core::store::orgs;
use zhibu_core::workbooks::roster::{export as export_roster, ROSTER_COLUMNS};
use zhibu_core::{Error, Ledger};

use crate::support::members::member_fields;
use crate::support::{self, d, dump, today};

const BRANCH: &str = "中共示例市财政局机关第一党支部";

/// A valid 18-digit ID number (GB 11643 check character) for a birth date and sequence number.
fn id_for(birth: &str, seq: u32) -> String {
    let body = format!("110105{}{seq:03}", birth.replace('-', ""));
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// A ledger with the branch (id 1, short name 一支部) and its groups 第一党小组 and 第二党小组.
fn ledger_with_branch() -> Ledger {
    let ledger = Ledger::in_memory().unwrap();
    ledger
        .write(|tx| {
            let mut f = OrgFields::new(BRANCH, OrgKind::Branch, Sector::Government);
            f.short_name = Some("一支部".into());
            let id = orgs::insert(tx, &f, None)?;
            orgs::add_group(tx, id, "第一党小组")?;
            orgs::add_group(tx, id, "第二党小组")?;
            Ok(())
        })
        .unwrap();
    ledger
}

fn member(name: &str, gender: Gender, birth: &str, seq: u32, joined: &str, full: Option<&str>) -> MemberFields {
    let mut m = member_fields(1, name, gender, birth, joined, full);
    m.id_number = Some(id_for(birth, seq));
    m.address = Some("北京市东城区示例街道1号".into());
    m
}

/// Four members on the roster (one with a formula-like remark, one lost contact, one 流动, one 预备)
/// and one who transferred out.
fn sample_members() -> Vec<MemberFields> {
    let mut a = member("张三", Gender::Male, "1990-03-07", 11, "2015-06-30", Some("2016-06-30"));
    a.remark = Some("=1+1".into());
    a.landline = Some("010-65001234".into());
    let mut b = member("李芳", Gender::Female, "1985-11-02", 22, "2008-07-01", Some("2009-07-01"));
    b.lost_contact_since = Some("2025-03".into());
    let mut c = member("王建国", Gender::Male, "1962-01-15", 33, "1988-05-20", Some("1989-05-20"));
    c.outflow_to = Some("广东省深圳市南山区".into());
    c.address = Some("北京市东城区示例街道某某社区某某小区十八号楼三单元五〇二室".into());
    let d4 = member("赵敏", Gender::Female, "1998-09-30", 44, "2026-05-10", None);
    vec![a, b, c, d4]
}

fn ledger_with_members() -> Ledger {
    let ledger = ledger_with_branch();
    ledger
        .write(|tx| {
            for m in sample_members() {
                members::insert(tx, m, None, today())?;
            }
            let gone = members::insert(
                tx,
                member("钱进", Gender::Male, "1970-04-04", 55, "1995-07-01", Some("1996-07-01")),
                None,
                today(),
            )?;
            let to = Some("中共示例市税务局机关党支部".to_string());
            members::record_leaving(
                tx,
                gone,
                Leaving { on: d("2026-03-01"), reason: LeftReason::TransferOut, to },
                today(),
            )
        })
        .unwrap();
    ledger
}

fn current_fields(ledger: &Ledger) -> Vec<MemberFields> {
    let mut v: Vec<MemberFields> =
        members::list(ledger.conn(), &MemberFilter::default()).unwrap().into_iter().map(|m| m.fields).collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

fn request(path: &Path) -> RosterImportRequest {
    RosterImportRequest { path: path.display().to_string(), sheet: None, org_id: 1, ..Default::default() }
}

// ---------------------------------------------------------------- export

#[test]
fn exported_roster_matches_golden_xml() {
    let ledger = ledger_with_members();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let summary = export_roster(&ledger, 1, &path, today(), false).unwrap();
    assert_eq!((summary.rows, summary.left_rows), (4, 1));

    support::golden::assert_matches_golden(&path, "roster");
}

#[test]
fn exported_roster_reads_back_with_typed_cells() {
    let ledger = ledger_with_members();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    export_roster(&ledger, 1, &path, today(), false).unwrap();

    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["党员花名册", "已离开党员"]);
    let r = book.worksheet_range("党员花名册").unwrap();
    let s = |row: u32, col: u32| r.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(s(0, 0), Data::String(format!("{BRANCH}党员花名册")));
    assert_eq!(s(1, 0), Data::String("统计日期：2026年11月22日　共4人".into()));
    let headers: Vec<Data> = (0..23).map(|c| s(2, c)).collect();
    let want: Vec<Data> = ROSTER_COLUMNS.iter().map(|c| Data::String(c.header.into())).collect();
    assert_eq!(headers, want);
    // Rows are in order of joining: 王建国, 李芳, 张三, 赵敏. As shown: 序号 a number, dates as dates.
    let shown = crate::support::xlsx_shown::shown_sheet(&path, "党员花名册");
    let row = &shown[5];
    assert_eq!(
        row[..13],
        [
            "3",
            "张三",
            "一支部",
            "",
            "",
            &id_for("1990-03-07", 11),
            "男",
            "汉族",
            "1990-03-07",
            "大学本科",
            "正式党员",
            "2015-06-30",
            "2016-06-30"
        ]
    );
    assert_eq!(s(5, 5), Data::String(id_for("1990-03-07", 11)), "the ID number stays a string");
    assert_eq!(s(5, 0), Data::Float(3.0), "序号 is a number");
    for col in [8, 11, 12] {
        assert!(matches!(s(5, col), Data::DateTime(_)), "column {col} is a date: {:?}", s(5, col));
    }
    assert_eq!(s(5, 22), Data::String("=1+1".into()), "the remark stays text");
    let formulas = book.worksheet_formula("党员花名册").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
    assert_eq!((s(3, 20), s(3, 21)), (Data::String("是".into()), Data::String("广东省深圳市南山区".into())));
    assert_eq!((s(4, 18), s(4, 19)), (Data::String("是".into()), Data::String("2025-03".into())));
    assert_eq!((s(5, 18), s(5, 20)), (Data::String("否".into()), Data::String("否".into())));
    assert_eq!(s(6, 10), Data::String("预备党员".into()));
    assert_eq!(s(7, 0), Data::Empty, "the member who left is not on the roster");

    let left = book.worksheet_range("已离开党员").unwrap();
    let l = |col: u32| left.get_value((3, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(l(1), Data::String("钱进".into()));
    assert_eq!(crate::support::xlsx_read::as_date(&l(23)), Some(d("2026-03-01")));
    assert_eq!(l(24), Data::String("转出".into()));
    assert_eq!(l(25), Data::String("中共示例市税务局机关党支部".into()));
}

#[test]
fn round_trip_export_then_import_gives_the_same_members() {
    let a = ledger_with_members();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    export_roster(&a, 1, &path, today(), false).unwrap();

    let b = ledger_with_branch();
    let preview = roster::preview_import(&b, &request(&path), today()).unwrap();
    assert_eq!(preview.sheet, "党员花名册");
    assert_eq!(preview.mapping.header_row, 3);
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!((preview.new_count, preview.update_count), (4, 0));
    let summary = roster::import(&b, &request(&path), today()).unwrap();
    assert_eq!((summary.added, summary.updated, summary.unchanged), (4, 0, 0));
    assert_eq!(current_fields(&b), current_fields(&a));

    // Importing the same file again changes nothing.
    let again = roster::import(&b, &request(&path), today()).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 4));
    assert_eq!(current_fields(&b), current_fields(&a));
}

// ---------------------------------------------------------------- import of hand-made workbooks

#[derive(Clone)]
enum C {
    S(&'static str),
    T(String),
    N(f64),
    Date(u16, u8, u8),
    Blank,
}

fn write_book(path: &Path, sheet: &str, title_rows: &[&str], rows: &[Vec<C>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (r, t) in title_rows.iter().enumerate() {
        ws.write_string(r as u32, 0, *t).unwrap();
    }
    let skip = title_rows.len() as u32;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (skip + r as u32, c as u16);
            match cell {
                C::S(s) => ws.write_string(r, c, *s).map(|_| ()),
                C::T(s) => ws.write_string(r, c, s).map(|_| ()),
                C::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                C::Date(y, m, d) => ws
                    .write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date_fmt)
                    .map(|_| ()),
                C::Blank => Ok(()),
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// Headers as a secretary's own sheet may have them: variants, notes, spaces, a line break.
fn variant_headers() -> Vec<C> {
    [
        "序号",
        "姓  名",
        "性别",
        "民族",
        "身份证号码",
        "出生年月",
        "文化程度",
        "党员类别（正式/预备）",
        "入党时间",
        "转正时间",
        "联系电话",
        "住址",
        "党小组",
        "备注",
    ]
    .into_iter()
    .map(C::S)
    .collect()
}

fn variant_row(n: u32, name: &'static str, birth: &str, seq: u32, birth_cell: C, joined: C, full: C) -> Vec<C> {
    vec![
        C::T(n.to_string()),
        C::S(name),
        C::S(if seq % 2 == 1 { "男" } else { "女" }),
        C::S("汉族"),
        C::T(id_for(birth, seq)),
        birth_cell,
        C::S("大学本科"),
        C::S(if matches!(full, C::Blank) { "预备" } else { "正式党员" }),
        joined,
        full,
        C::N(13900000000.0 + n as f64),
        C::S("北京市西城区示例胡同2号"),
        C::S("第一党小组"),
        C::Blank,
    ]
}

/// A secretary's sheet: a title row, a blank row, variant headers, dates in many forms.
fn hand_made(path: &Path) {
    let mut rows = vec![variant_headers()];
    rows.push(variant_row(1, "孙立", "1990-03-07", 11, C::S("1990.03"), C::S("2015/6/30"), C::S("2016.06.30")));
    rows.push(variant_row(
        2,
        "周红",
        "1985-11-02",
        22,
        C::Date(1985, 11, 2),
        C::S("2008年7月1日"),
        C::Date(2009, 7, 1),
    ));
    rows.push(variant_row(3, "吴刚", "1962-01-15", 33, C::S("1962-01-15"), C::N(32283.0), C::S("19890520")));
    rows.push(variant_row(4, "郑洁", "1998-09-30", 44, C::Blank, C::S("2026-05-10"), C::Blank));
    // Pre-numbered template rows with nothing else are blank rows, not problems.
    rows.push(vec![C::S("5")]);
    write_book(path, "花名册", &["XX党支部党员花名册", ""], &rows);
}

#[test]
fn import_reads_titles_variant_headers_and_dates_in_many_forms() {
    let ledger = ledger_with_branch();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("我的花名册.xlsx");
    hand_made(&path);

    let preview = roster::preview_import(&ledger, &request(&path), today()).unwrap();
    assert!(preview.problems.is_empty(), "{:#?}", preview.problems);
    assert_eq!(preview.mapping.header_row, 3);
    let field = |letter: &str| preview.mapping.columns.iter().find(|c| c.letter == letter).unwrap().field;
    assert_eq!(field("A"), None);
    assert_eq!(field("E"), Some(RosterField::IdNumber));
    assert_eq!(field("H"), Some(RosterField::Status));
    assert_eq!(preview.rows.len(), 4);
    assert_eq!(preview.rows[0].birth_date, "1990-03-07", "出生年月 completed from the ID number");
    assert_eq!(preview.rows[3].birth_date, "1998-09-30", "blank birth date taken from the ID number");
    assert_eq!(preview.rows[0].branch, BRANCH);

    let summary = roster::import(&ledger, &request(&path), today()).unwrap();
    assert_eq!((summary.added, summary.updated), (4, 0));
    let got = current_fields(&ledger);
    let by = |n: &str| got.iter().find(|m| m.name == n).unwrap().clone();
    assert_eq!((by("孙立").joined_on, by("孙立").full_member_on), (d("2015-06-30"), Some(d("2016-06-30"))));
    assert_eq!((by("周红").birth_date, by("周红").joined_on), (d("1985-11-02"), d("2008-07-01")));
    assert_eq!((by("吴刚").joined_on, by("吴刚").full_member_on), (d("1988-05-20"), Some(d("1989-05-20"))));
    assert_eq!((by("郑洁").status, by("郑洁").full_member_on), (MemberStatus::Probationary, None));
    assert_eq!(by("郑洁").phone.as_deref(), Some("13900000004"));
    assert_eq!(by("孙立").group_id, Some(1));
    let audit = zhibu_core::store::audit::recent(ledger.conn(), None, 1).unwrap();
    assert_eq!(audit[0].summary, "从“我的花名册.xlsx”的工作表“花名册”导入花名册：新增4人，更新0人，未变0人");
}

#[test]
fn rows_matching_members_by_id_number_update_them() {
    let ledger = ledger_with_branch();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    hand_made(&path);
    roster::import(&ledger, &request(&path), today()).unwrap();

    let mut rows = vec![variant_headers()];
    let mut changed = variant_row(1, "孙立", "1990-03-07", 11, C::S("1990.03"), C::S("2015/6/30"), C::S("2016.06.30"));
    changed[10] = C::S("13711112222");
    rows.push(changed);
    rows.push(variant_row(
        2,
        "周红",
        "1985-11-02",
        22,
        C::Date(1985, 11, 2),
        C::S("2008年7月1日"),
        C::Date(2009, 7, 1),
    ));
    write_book(&path, "花名册", &[], &rows);
    let preview = roster::preview_import(&ledger, &request(&path), today()).unwrap();
    assert!(preview.rows.iter().all(|r| r.updates_existing));
    assert_eq!((preview.new_count, preview.update_count, preview.unchanged_count), (0, 1, 1));
    let summary = roster::import(&ledger, &request(&path), today()).unwrap();
    assert_eq!((summary.added, summary.updated, summary.unchanged), (0, 1, 1));
    let got = current_fields(&ledger);
    assert_eq!(got.len(), 4);
    assert_eq!(got.iter().find(|m| m.name == "孙立").unwrap().phone.as_deref(), Some("13711112222"));
}

// ---------------------------------------------------------------- bad input

/// Asserts the import is refused with exactly these (at, message) problems and the ledger unchanged.
fn assert_refused(ledger: &Ledger, path: &Path, want: &[(&str, &str)]) {
    let before = dump(ledger);
    let preview = roster::preview_import(ledger, &request(path), today()).unwrap();
    let got: Vec<(String, String)> = preview.problems.iter().map(|p| (p.at.clone(), p.message.clone())).collect();
    let want: Vec<(String, String)> = want.iter().map(|(a, m)| (a.to_string(), m.to_string())).collect();
    assert_eq!(got, want);
    match roster::import(ledger, &request(path), today()) {
        Err(Error::Invalid(problems)) => assert_eq!(problems, preview.problems),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(dump(ledger), before, "a refused import changed the ledger");
}

fn assert_unreadable(ledger: &Ledger, path: &Path, want: &str) {
    let before = dump(ledger);
    let e = roster::preview_import(ledger, &request(path), today()).unwrap_err();
    assert!(matches!(e, Error::UnreadableFile(_)), "{e:?}");
    assert_eq!(e.to_string(), want);
    assert!(roster::import(ledger, &request(path), today()).is_err());
    assert_eq!(dump(ledger), before);
}

fn one_row_book(path: &Path, edit: impl FnOnce(&mut Vec<C>)) {
    let mut row = variant_row(1, "孙立", "1990-03-07", 11, C::S("1990-03-07"), C::S("2015-06-30"), C::S("2016-06-30"));
    edit(&mut row);
    write_book(path, "花名册", &["XX党支部党员花名册"], &[variant_headers(), row]);
}

#[test]
fn wrong_missing_and_corrupt_files_are_refused_by_name() {
    let ledger = ledger_with_members();
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("fake.xlsx");
    std::fs::write(&txt, "姓名,性别\n张三,男\n").unwrap();
    assert_unreadable(&ledger, &txt, "“fake.xlsx”的内容不是 Excel 工作簿（可能是其他格式的文件改了扩展名），请在 Excel/WPS 中打开后另存为 .xlsx 再导入");

    let txt = dir.path().join("roster.txt");
    std::fs::write(&txt, "姓名,性别\n").unwrap();
    assert_unreadable(
        &ledger,
        &txt,
        "“roster.txt”不是表格文件：只能导入 .xlsx、.xls、WPS .et、.ods 或 .csv 格式（可在 Excel/WPS 中“另存为”Excel 工作簿）",
    );

    let missing = dir.path().join("nope.xlsx");
    assert_unreadable(&ledger, &missing, &format!("找不到文件“{}”，请确认文件没有被移动或删除", missing.display()));

    let good = dir.path().join("good.xlsx");
    hand_made(&good);
    let bytes = std::fs::read(&good).unwrap();
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let e = roster::preview_import(&ledger, &request(&broken), today()).unwrap_err();
    assert!(matches!(e, Error::UnreadableFile(_)));
    let msg = e.to_string();
    assert!(msg.starts_with("“broken.xlsx”已损坏或不完整，无法读取（"), "{msg}");
    assert!(msg.ends_with("）。请在 Excel/WPS 中打开检查，另存为 .xlsx 后再导入"), "{msg}");
    assert_unreadable(&ledger, &broken, &msg);
}

#[test]
fn a_sheet_without_a_roster_header_is_refused() {
    let ledger = ledger_with_members();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.xlsx");
    write_book(&path, "Sheet1", &["会议记录"], &[vec![C::S("时间"), C::S("地点"), C::S("姓名")]]);
    let before = dump(&ledger);
    assert!(roster::import(&ledger, &request(&path), today()).is_err());
    assert_eq!(dump(&ledger), before);
    let e = roster::preview_import(&ledger, &request(&path), today()).unwrap_err();
    assert_eq!(e.problems()[0].at, "notes.xlsx");
    assert_eq!(
        e.problems()[0].message,
        "在“notes.xlsx”的工作表（Sheet1）的前10行中没有找到花名册表头：表头行至少要有姓名、性别、公民身份证号、入党时间等列中的3个。请检查是否选错了文件或工作表，或在导入界面手动指定各列"
    );

    let empty = dir.path().join("empty.xlsx");
    write_book(&empty, "Sheet1", &[], &[]);
    let e = roster::preview_import(&ledger, &request(&empty), today()).unwrap_err();
    assert_eq!(e.to_string(), "empty.xlsx：“empty.xlsx”的工作表（Sheet1）是空的，没有可导入的花名册");
}

#[test]
fn missing_required_columns_are_named() {
    let ledger = ledger_with_members();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.xlsx");
    write_book(
        &path,
        "花名册",
        &[],
        &[
            vec![C::S("姓名"), C::S("性别"), C::S("出生日期"), C::S("入党时间")],
            vec![C::S("孙立"), C::S("男"), C::S("1990-03-07"), C::S("2015-06-30")],
        ],
    );
    assert_refused(&ledger, &path, &[(
        "花名册!A2",
        "花名册 第2行 A列（姓名）：按日期推定为正式党员（有转正时间的为正式党员；入党不满一年且没有转正时间的为预备党员；其余为正式党员），但表中没有“转正时间”列：请在表中增加“转正时间”列（或“人员类别”列）后再导入",
    )]);
    write_book(
        &path,
        "花名册",
        &[],
        &[
            vec![C::S("姓名"), C::S("性别"), C::S("民族"), C::S("转正时间")],
            vec![C::S("孙立"), C::S("男"), C::S("汉族"), C::S("2016-06-30")],
        ],
    );
    assert_refused(&ledger, &path, &[
        (
            "花名册",
            "花名册：缺少“出生日期”列（没有公民身份证号列时必须有）。可识别的列名：出生日期、出生年月、出生年月日、出生时间；也可以在导入界面手动指定哪一列是“出生日期”",
        ),
        (
            "花名册",
            "花名册：缺少“加入党组织日期”列。可识别的列名：加入党组织日期、入党时间、入党日期、加入党组织时间、入党年月；也可以在导入界面手动指定哪一列是“加入党组织日期”",
        ),
    ]);
}

#[test]
fn bad_rows_are_refused_with_sheet_row_and_column() {
    let ledger = ledger_with_members();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.xlsx");

    one_row_book(&path, |r| r[4] = C::S("110105199003070118"));
    assert_refused(
        &ledger,
        &path,
        &[("花名册!E3", "花名册 第3行 E列（身份证号码）：身份证号校验位不符（最后一位应为3），请核对是否输错")],
    );

    one_row_book(&path, |r| r[5] = C::S("1990-03-08"));
    assert_refused(
        &ledger,
        &path,
        &[("花名册!F3", "花名册 第3行 F列（出生年月）：与身份证号中的出生日期1990-03-07不一致")],
    );

    one_row_book(&path, |r| r[9] = C::S("2014-01-01"));
    assert_refused(&ledger, &path, &[("花名册!J3", "花名册 第3行 J列（转正时间）：不能早于加入党组织日期")]);

    one_row_book(&path, |r| r[12] = C::S("第九党小组"));
    assert_refused(&ledger, &path, &[(
        "花名册!M3",
        "花名册 第3行 M列（党小组）：“中共示例市财政局机关第一党支部”没有名为“第九党小组”的党小组（现有：第一党小组、第二党小组）。请改为已有的党小组，或先在组织设置中添加",
    )]);

    one_row_book(&path, |r| r[4] = C::N(110105199003070118.0));
    assert_refused(&ledger, &path, &[(
        "花名册!E3",
        "花名册 第3行 E列（身份证号码）：身份证号被存成了数字，Excel 只保留15位有效数字，后几位已经丢失，无法导入。请在 Excel/WPS 中把该列设置为“文本”格式后重新输入，或从原始资料粘贴身份证号",
    )]);

    one_row_book(&path, |r| {
        for c in r.iter_mut().skip(2) {
            *c = C::Blank;
        }
    });
    assert_refused(
        &ledger,
        &path,
        &[("花名册!B3", "花名册 第3行 B列（姓名）：只填写了姓名，其他信息都是空的：请补全这一行，或删除这一行")],
    );
}

#[test]
fn duplicate_id_numbers_in_the_file_are_refused() {
    let ledger = ledger_with_members();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.xlsx");
    let first = variant_row(1, "孙立", "1990-03-07", 11, C::Blank, C::S("2015-06-30"), C::S("2016-06-30"));
    let mut second = first.clone();
    second[1] = C::S("孙力");
    write_book(&path, "花名册", &[], &[variant_headers(), first, second]);
    assert_refused(
        &ledger,
        &path,
        &[("花名册!E3", "花名册 第3行 E列（身份证号码）：与第2行的身份证号重复：同一名党员只能出现一次")],
    );
}

#[test]
fn branch_is_matched_by_name_or_short_name_and_flags_must_agree() {
    let ledger = ledger_with_branch();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branches.xlsx");
    let headers = [
        "姓名",
        "公民身份证号",
        "人员类别",
        "入党日期",
        "转正日期",
        "所在支部",
        "是否为失联党员",
        "失联日期",
        "党员分类",
    ];
    let headers: Vec<C> = headers.into_iter().map(C::S).collect();
    let good = vec![
        C::S("甲"),
        C::T(id_for("1950-01-01", 1)),
        C::S("正式"),
        C::S("1975-07-01"),
        C::S("1976-07-01"),
        C::S("一支部"),
        C::S("否"),
        C::Blank,
        C::S("退休"),
    ];
    let bad = vec![
        C::S("乙"),
        C::T(id_for("1999-01-01", 2)),
        C::S("预备"),
        C::S("2026-01-01"),
        C::S("2026-02-01"),
        C::S("不存在的支部"),
        C::S("是"),
        C::Blank,
        C::Blank,
    ];
    write_book(&path, "花名册", &[], &[headers.clone(), good.clone(), bad]);
    assert_refused(
        &ledger,
        &path,
        &[
            ("花名册!H3", "花名册 第3行 H列（失联日期）：是否为失联党员为“是”，但没有填写失去联系日期（年月）"),
            (
                "花名册!F3",
                "花名册 第3行 F列（所在支部）：台账中没有名为“不存在的支部”的党组织（现有：中共示例市财政局机关第一党支部）。请先添加该组织，或改为已有组织的全称或简称",
            ),
            ("花名册!E3", "花名册 第3行 E列（转正日期）：预备党员不应填写转正日期；如已转正，请把人员类别改为正式党员"),
        ],
    );

    write_book(&path, "花名册", &[], &[headers, good]);
    roster::import(&ledger, &request(&path), today()).unwrap();
    let m = &current_fields(&ledger)[0];
    assert_eq!((m.org_id, m.category, m.gender, m.birth_date), (1, Category::Retired, Gender::Male, d("1950-01-01")));
}

// ---------------------------------------------------------------- remembered mapping

#[test]
fn a_mapping_chosen_by_hand_is_remembered_for_the_same_headers() {
    let ledger = ledger_with_branch();
    let dir = tempfile::tempdir().unwrap();
    let headers = || vec![C::S("名字"), C::S("证件"), C::S("入党"), C::S("转正"), C::S("身份")];
    let row = |name: &'static str, seq: u32| {
        let birth = "1980-01-01";
        vec![C::S(name), C::T(id_for(birth, seq)), C::S("2001-07-01"), C::S("2002-07-01"), C::S("正式党员")]
    };
    let first = dir.path().join("first.xlsx");
    write_book(&first, "名单", &[], &[headers(), row("甲", 1)]);
    assert!(roster::preview_import(&ledger, &request(&first), today()).is_err(), "unknown headers are not guessed");

    let fields = [
        RosterField::Name,
        RosterField::IdNumber,
        RosterField::JoinedOn,
        RosterField::FullMemberOn,
        RosterField::Status,
    ];
    let mapping = ColumnMapping {
        header_row: 1,
        columns: fields
            .iter()
            .enumerate()
            .map(|(i, f)| roster::ColumnMatch {
                column: i as u32,
                letter: roster::headers::column_letter(i as u32),
                header: String::new(),
                field: Some(*f),
            })
            .collect(),
    };
    let by_hand = RosterImportRequest { mapping: Some(mapping.clone()), ..request(&first) };
    let p = roster::preview_import(&ledger, &by_hand, today()).unwrap();
    assert!(!p.mapping_remembered);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    roster::import(&ledger, &by_hand, today()).unwrap();

    // Next month's file: same headers, now below a title row.
    let second = dir.path().join("second.xlsx");
    write_book(&second, "名单", &["十二月名单"], &[headers(), row("乙", 3)]);
    let p = roster::preview_import(&ledger, &request(&second), today()).unwrap();
    assert!(p.mapping_remembered);
    assert_eq!(p.mapping.header_row, 2);
    assert_eq!(p.mapping.columns.iter().map(|c| c.field).collect::<Vec<_>>(), fields.map(Some));
    assert_eq!(p.mapping.columns[0].header, "名字");
    roster::import(&ledger, &request(&second), today()).unwrap();
    assert_eq!(current_fields(&ledger).iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["乙", "甲"]);
}
