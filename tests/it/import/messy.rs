//! Realistic, messy roster files as secretaries have them, generated here so the tests say exactly
//! what is in them: title rows, merged headers, 序号, 合计 and notes rows, blank rows, mixed date
//! styles, full-width characters, trailing spaces, text and numeric ID numbers, a second sheet of
//! notes; a hand-kept roster without 人员类别, another system's export with 党籍状态（正式党员或预备党员）
//! and a 人员类别 of 教职工/学生; the same roster as .xls, WPS .et, .csv (GBK and UTF-8) and .ods.
//!
//! Every file is written into a folder the test owns; `write_all` writes one of each into a folder
//! (`ZHIBU_MESSY_DIR=/tmp/x cargo test -p zhibu --test it -- messy_files_written` keeps them to look at).

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use crate::hostile::make::{xls, XlsCell};

/// A cell as the file holds it.
#[derive(Clone, Debug)]
pub enum Cell {
    /// Text, exactly as typed (spaces kept).
    T(String),
    /// A number cell.
    N(f64),
    /// A date cell (shown yyyy-mm-dd).
    D(u16, u8, u8),
    Blank,
}

use Cell::*;

pub fn t(s: &str) -> Cell {
    T(s.to_string())
}

/// A valid 18-digit ID number (GB 11643 check character) for a birth date and sequence number.
pub fn id_for(birth: &str, seq: u32) -> String {
    let body = format!("320105{}{seq:03}", birth.replace('-', ""));
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn put(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    match cell {
        T(s) => ws.write_string(r, c, s).map(drop),
        N(n) => ws.write_number(r, c, *n).map(drop),
        D(y, m, d) => {
            ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).map(drop)
        }
        Blank => Ok(()),
    }
    .unwrap();
}

fn rows_into(ws: &mut Worksheet, first: u32, rows: &[Vec<Cell>]) {
    for (i, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            put(ws, first + i as u32, c as u16, cell);
        }
    }
}

fn notes_sheet(book: &mut Workbook) {
    let ws = book.add_worksheet();
    ws.set_name("填表说明").unwrap();
    for (i, line) in
        ["填表说明：", "1. 出生年月以身份证为准。", "2. 入党时间填写支部大会通过之日。", "3. 本表每年12月更新一次。"]
            .iter()
            .enumerate()
    {
        ws.write_string(i as u32, 0, *line).unwrap();
    }
}

/// The hand-kept roster: a merged title, a 填报单位 line, 序号, no 人员类别 and no 所在党支部, dates
/// typed every way, full-width digits and spaces, a 15-digit old ID as a number, a blank row, a
/// 合计 row, a note and a signature line, and a second sheet of notes.
///
/// Rows (sheet row numbers): 4 张伟, 5 李娜, 6 王强, 8 赵敏 (joined 2026-05-10, no 转正: 预备), 9 陈刚
/// (入党 1995-7: only a month), 10 周丽 (入党 2002年7月: only a month); 11 合计, 12 注, 13 填表人.
pub fn hand_kept_rows() -> Vec<Vec<Cell>> {
    vec![
        [
            "序号",
            "姓名",
            "性别",
            "民族",
            "出生年月",
            "身份证号码",
            "文化程度",
            "入党时间",
            "转正时间",
            "联系电话",
            "备注",
        ]
        .map(t)
        .to_vec(),
        vec![
            N(1.0),
            t("张伟 "),
            t("男"),
            t("汉"),
            t("1985.07"),
            T(id_for("1985-07-12", 11)),
            t("本科"),
            t("2008.07.01"),
            t("2009年7月1日"),
            N(13912345678.0),
            Blank,
        ],
        vec![
            N(2.0),
            t("李　娜"),
            t("女"),
            t("汉族"),
            D(1990, 3, 7),
            T(id_for("1990-03-07", 22)),
            t("硕士研究生"),
            t("2012年6月30日"),
            t("20130630"),
            t("139 0000 1111"),
            t("支委"),
        ],
        vec![
            N(3.0),
            t("王强"),
            t("男"),
            t("回族"),
            t("１９７８．１１"),
            N(320105781103001.0),
            t("大专"),
            N(20030701.0),
            t("2004/7/1"),
            Blank,
            t("老身份证号"),
        ],
        vec![],
        vec![
            N(4.0),
            t("赵敏"),
            t("女"),
            t("汉"),
            Blank,
            T(id_for("1998-09-30", 44)),
            t("本科"),
            t("2026-05-10"),
            Blank,
            Blank,
            Blank,
        ],
        vec![
            N(5.0),
            t(" 陈刚"),
            t("男"),
            t("汉"),
            t("1970-1"),
            T(format!("{} ", id_for("1970-01-15", 55))),
            t("中专"),
            t("1995-7"),
            t("1996-07-01"),
            Blank,
            Blank,
        ],
        vec![
            N(6.0),
            t("周丽"),
            t("女"),
            t("满族"),
            t("1980年5月"),
            T(id_for("1980-05-20", 66).to_lowercase()),
            t("本科"),
            t("2002年7月"),
            t("2003 年 7 月 1 日"),
            Blank,
            Blank,
        ],
        vec![t("合计"), t("6人")],
        vec![t("注：出生年月以身份证为准，入党时间只写到月的请补全日期。")],
        vec![t("填表人：李娜　　审核人：张伟　　填表日期：2026年11月")],
    ]
}

pub fn hand_kept_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("党员花名册").unwrap();
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 10, "江北市教育局机关第一支部党员花名册", &title).unwrap();
    ws.write_string(1, 0, "填报单位：机关第一支部　　　填报日期：2026年11月").unwrap();
    rows_into(ws, 2, &hand_kept_rows());
    notes_sheet(&mut book);
    book.save(path).unwrap();
}

/// Another party-work system's export: 人员类别 holds 教职工/学生 (a category), 党籍状态（正式党员或
/// 预备党员）holds the status, 所在党支部 a short name, real date cells, text IDs.
/// Rows 2 to 5: 孙立 (教职工, 正式), 钱多 (学生, 预备), 吴刚 (退休教职工, 正式), 郑洁 (学生, 正式).
pub fn other_system_rows() -> Vec<Vec<Cell>> {
    let head = [
        "序号",
        "姓名",
        "性别",
        "公民身份号码",
        "出生日期",
        "人员类别",
        "党籍状态（正式党员或预备党员）",
        "入党日期",
        "转正日期",
        "所在党支部",
        "是否为失联党员",
    ];
    let row = |n: f64, name: &str, g: &str, birth: &str, seq: u32, cat: &str, st: &str, j: Cell, f: Cell| {
        let (y, m, d) = (birth[..4].parse().unwrap(), birth[5..7].parse().unwrap(), birth[8..].parse().unwrap());
        vec![N(n), t(name), t(g), T(id_for(birth, seq)), D(y, m, d), t(cat), t(st), j, f, t("第一党支部"), t("否")]
    };
    vec![
        head.map(t).to_vec(),
        row(1.0, "孙立", "男", "1975-03-07", 11, "教职工", "正式党员", D(2000, 6, 30), D(2001, 6, 30)),
        row(2.0, "钱多", "女", "2001-11-02", 22, "学生", "预备党员", D(2026, 4, 1), Blank),
        row(3.0, "吴刚", "男", "1955-01-15", 33, "退休教职工", "正式党员", D(1980, 5, 20), D(1981, 5, 20)),
        row(4.0, "郑洁", "女", "1999-09-30", 44, "学生", "正式党员", D(2020, 6, 1), D(2021, 6, 1)),
    ]
}

pub fn other_system_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("党员信息").unwrap();
    rows_into(ws, 0, &other_system_rows());
    book.save(path).unwrap();
}

/// A header of two rows: 序号, 姓名, 性别, 身份证号 merged down over both rows; 党内信息 merged across
/// over 人员类别, 入党时间, 转正时间 in the second. Data from row 4 (two members).
pub fn merged_header_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("花名册").unwrap();
    let f = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 6, "党员名册（2026年）", &f).unwrap();
    for (c, h) in ["序号", "姓名", "性别", "身份证号"].iter().enumerate() {
        ws.merge_range(1, c as u16, 2, c as u16, h, &f).unwrap();
    }
    ws.merge_range(1, 4, 1, 6, "党内信息", &f).unwrap();
    for (c, h) in ["人员类别", "入党时间", "转正时间"].iter().enumerate() {
        ws.write_string_with_format(2, 4 + c as u16, *h, &f).unwrap();
    }
    rows_into(
        ws,
        3,
        &[
            vec![
                N(1.0),
                t("冯军"),
                t("男"),
                T(id_for("1988-08-08", 11)),
                t("正式党员"),
                t("2010.07.01"),
                t("2011.07.01"),
            ],
            vec![N(2.0), t("卫红"), t("女"), T(id_for("1992-02-02", 22)), t("预备党员"), t("2026.03.15"), Blank],
        ],
    );
    book.save(path).unwrap();
}

/// Every `Cell` as the text a CSV holds (dates as typed, numbers without `.0`).
fn csv_text(rows: &[Vec<Cell>], excel_text_ids: bool) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|c| match c {
                T(s) if excel_text_ids && s.len() == 18 && s.chars().take(17).all(|c| c.is_ascii_digit()) => {
                    format!("=\"{s}\"")
                }
                T(s) if s.contains(',') || s.contains('"') => format!("\"{}\"", s.replace('"', "\"\"")),
                T(s) => s.clone(),
                N(n) if n.fract() == 0.0 => format!("{}", *n as i64),
                N(n) => n.to_string(),
                D(y, m, d) => format!("{y}-{m:02}-{d:02}"),
                Blank => String::new(),
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The other system's export saved as CSV by Chinese Windows Excel (GBK, no BOM).
pub fn other_system_gbk_csv(path: &Path) {
    let text = csv_text(&other_system_rows(), false);
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    std::fs::write(path, bytes).unwrap();
}

/// The hand-kept roster saved as "CSV UTF-8" (with a BOM; IDs written ="…" to stay text).
pub fn hand_kept_utf8_csv(path: &Path) {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv_text(&hand_kept_rows(), true).into_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// A small roster as BIFF8 (.xls; WPS .et files are the same format).
pub fn legacy_xls() -> Vec<u8> {
    let ids = [id_for("1966-06-06", 11), id_for("1977-07-07", 22)];
    let cells = vec![
        (0, 0, XlsCell::Text("某某党支部花名册")),
        (1, 0, XlsCell::Text("姓名")),
        (1, 1, XlsCell::Text("性别")),
        (1, 2, XlsCell::Text("身份证号")),
        (1, 3, XlsCell::Text("入党时间")),
        (1, 4, XlsCell::Text("转正时间")),
        (2, 0, XlsCell::Text("蒋平")),
        (2, 1, XlsCell::Text("男")),
        (2, 2, XlsCell::Text(&ids[0])),
        (2, 3, XlsCell::Number(19900701.0)),
        (2, 4, XlsCell::Text("1991.07.01")),
        (3, 0, XlsCell::Text("沈丽")),
        (3, 1, XlsCell::Text("女")),
        (3, 2, XlsCell::Text(&ids[1])),
        (3, 3, XlsCell::Text("2000年7月1日")),
        (3, 4, XlsCell::Text("2001年7月1日")),
    ];
    xls("花名册", &cells, (0, 4, 0, 5))
}

/// An OpenDocument spreadsheet (.ods) of `rows` (text cells, numbers as floats), with the trailing
/// empty rows and columns LibreOffice writes (large repeat counts, no content).
pub fn ods(rows: &[Vec<Cell>]) -> Vec<u8> {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for c in row {
            table.push_str(&match c {
                T(s) => format!(r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#, esc(s)),
                N(n) => format!(r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#),
                D(y, m, d) => format!(
                    r#"<table:table-cell office:value-type="date" office:date-value="{y}-{m:02}-{d:02}"><text:p>{y}-{m:02}-{d:02}</text:p></table:table-cell>"#
                ),
                Blank => "<table:table-cell/>".to_string(),
            });
        }
        table.push_str(r#"<table:table-cell table:number-columns-repeated="1013"/></table:table-row>"#);
    }
    table.push_str(r#"<table:table-row table:number-rows-repeated="1048560"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#);
    ods_of(&table)
}

/// An .ods whose one sheet holds `table` (the `<table:table-row>`s).
pub fn ods_of(table: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="花名册">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A roster whose ID numbers were typed into number cells: `n` rows, IDs in column D (rows 2 to
/// n + 1), plus one row (the last) with a text ID.
pub fn numeric_ids_xlsx(path: &Path, n: u32) {
    let mut rows = vec![["姓名", "性别", "人员类别", "身份证号", "入党时间", "转正时间"].map(t).to_vec()];
    let ids = (100..).map(|seq| id_for("1980-01-01", seq)).filter(|id| !id.ends_with('X'));
    for (i, id) in (0..n).zip(ids) {
        let id: f64 = id.parse().unwrap();
        rows.push(vec![T(format!("党员{i}")), t("男"), t("正式党员"), N(id), t("2000-07-01"), t("2001-07-01")]);
    }
    rows.push(vec![
        t("文本号"),
        t("男"),
        t("正式党员"),
        T(id_for("1980-01-01", 999)),
        t("2000-07-01"),
        t("2001-07-01"),
    ]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("花名册").unwrap();
    rows_into(ws, 0, &rows);
    book.save(path).unwrap();
}

/// Five good rows and two bad ones (row 4: a wrong check digit; row 7: 入党时间 2015.13.01).
pub fn some_bad_rows_xlsx(path: &Path) {
    let mut rows = vec![["姓名", "性别", "身份证号", "入党时间", "转正时间", "备注"].map(t).to_vec()];
    for i in 0..7u32 {
        let birth = format!("19{}-0{}-1{}", 70 + i, 1 + i, i);
        let mut id = id_for(&birth, 10 + i);
        let mut joined = "2000-07-01".to_string();
        if i == 2 {
            let last = if id.ends_with('1') { '2' } else { '1' };
            id.pop();
            id.push(last);
        }
        if i == 5 {
            joined = "2015.13.01".into();
        }
        let gender = if (10 + i) % 2 == 1 { "男" } else { "女" };
        rows.push(vec![T(format!("成员{i}")), t(gender), T(id), T(joined), t("2001-07-01"), t("原表备注")]);
    }
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("花名册").unwrap();
    rows_into(ws, 0, &rows);
    book.save(path).unwrap();
}

/// 出生年月 typed as numbers, Excel having made 1985.10 into 1985.1: rows 2–6 hold the number 1985.1
/// with an ID number of October (row 2), of January (3), of March (4), none (5, with 性别), and the
/// text “1985.1” with an ID number of January (6).
pub fn birth_months_xlsx(path: &Path) {
    let mut rows = vec![["姓名", "性别", "出生年月", "身份证号", "人员类别", "入党时间", "转正时间"].map(t).to_vec()];
    let people: [(&str, Cell, Option<&str>); 5] = [
        ("十月生", N(1985.1), Some("1985-10-03")),
        ("一月生", N(1985.1), Some("1985-01-20")),
        ("三月生", N(1985.1), Some("1985-03-03")),
        ("无证号", N(1985.1), None),
        ("文本一月", t("1985.1"), Some("1985-01-09")),
    ];
    for (i, (name, birth, id_birth)) in people.into_iter().enumerate() {
        let id = id_birth.map(|b| T(id_for(b, 41 + 2 * i as u32))).unwrap_or(Blank);
        rows.push(vec![t(name), t("男"), birth, id, t("正式党员"), t("2010-07-01"), t("2011-07-01")]);
    }
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("花名册").unwrap();
    rows_into(ws, 0, &rows);
    book.save(path).unwrap();
}

/// A roster naming branches: 第一党支部, 二支部 and 离退休支部 (rows 2, 3, 4).
pub fn branches_xlsx(path: &Path, names: &[&str]) {
    let mut rows = vec![["姓名", "性别", "身份证号", "人员类别", "入党时间", "转正时间", "所在党支部"].map(t).to_vec()];
    for (i, name) in names.iter().enumerate() {
        let birth = format!("196{i}-0{}-0{}", i + 1, i + 1);
        rows.push(vec![
            T(format!("支部成员{i}")),
            t(if (30 + i) % 2 == 1 { "男" } else { "女" }),
            T(id_for(&birth, 30 + i as u32)),
            t("正式党员"),
            t("1990-07-01"),
            t("1991-07-01"),
            t(name),
        ]);
    }
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("花名册").unwrap();
    rows_into(ws, 0, &rows);
    book.save(path).unwrap();
}

/// One file of each shape into `dir`; returns their paths.
pub fn write_all(dir: &Path) -> Vec<PathBuf> {
    let p = |n: &str| dir.join(n);
    hand_kept_xlsx(&p("手工花名册.xlsx"));
    other_system_xlsx(&p("系统导出.xlsx"));
    merged_header_xlsx(&p("两行表头.xlsx"));
    other_system_gbk_csv(&p("系统导出-GBK.csv"));
    hand_kept_utf8_csv(&p("手工花名册-UTF8.csv"));
    std::fs::write(p("旧版.xls"), legacy_xls()).unwrap();
    std::fs::write(p("WPS表格.et"), legacy_xls()).unwrap();
    std::fs::write(p("手工花名册.ods"), ods(&hand_kept_rows())).unwrap();
    numeric_ids_xlsx(&p("数字身份证号.xlsx"), 30);
    some_bad_rows_xlsx(&p("部分有误.xlsx"));
    branches_xlsx(&p("多个支部.xlsx"), &["第一党支部", "二支部", "离退休支部"]);
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    out.sort();
    out
}
