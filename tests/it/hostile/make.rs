//! Builders of the files the hostile suite and the fuzzer feed to the readers: a hand-made `.xlsx`
//! (any parts, any XML), a zip bomb deflated on the fly, and a minimal BIFF8 `.xls` in an OLE
//! container (no `.xls` writer exists in Rust, so this one is written here, after MS-CFB and MS-XLS).

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// The parts of a one-sheet workbook (sheet `花名册`) around `sheet_data` (the `<row>`s).
pub fn xlsx_parts(sheet_data: &str, dimension: &str) -> Vec<(String, Vec<u8>)> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    vec![
        ("[Content_Types].xml".into(), CONTENT_TYPES.into()),
        ("_rels/.rels".into(), RELS.into()),
        ("xl/workbook.xml".into(), WORKBOOK.into()),
        ("xl/_rels/workbook.xml.rels".into(), WORKBOOK_RELS.into()),
        ("xl/worksheets/sheet1.xml".into(), sheet.into_bytes()),
    ]
}

/// A zip of `parts`, deflated.
pub fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An inline-string cell.
pub fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A roster sheet's first rows (姓名, 性别, 身份证号) and one more cell at `far` (e.g. `XFD1048576`).
pub fn roster_with_far_cell(far: &str) -> Vec<u8> {
    let rows = format!(
        r#"<row r="1">{}{}</row><row r="2">{}{}</row><row r="3">{}</row>"#,
        text_cell("A1", "姓名"),
        text_cell("B1", "性别"),
        text_cell("A2", "张三"),
        text_cell("B2", "男"),
        text_cell(far, "x")
    );
    zip_of(&xlsx_parts(&rows, &format!("A1:{far}")))
}

/// A workbook whose shared strings decompress to `bytes` bytes of one string, deflated while written
/// (a few hundred kilobytes on disk for a gigabyte).
pub fn shared_strings_bomb(bytes: u64) -> Vec<u8> {
    shared_strings_bomb_of(bytes, b"a")
}

/// As `shared_strings_bomb`, the strings' part made of `unit` repeated (e.g. many short strings).
pub fn shared_strings_bomb_of(bytes: u64, unit: &[u8]) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    for (name, part) in xlsx_parts(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, "A1") {
        zip.start_file(name, options).unwrap();
        zip.write_all(&part).unwrap();
    }
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    zip.write_all(br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>"#)
        .unwrap();
    let chunk: Vec<u8> = unit.iter().copied().cycle().take((1 << 20) / unit.len() * unit.len()).collect();
    let mut left = bytes;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        zip.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    zip.write_all(b"</t></si></sst>").unwrap();
    zip.finish().unwrap().into_inner()
}

/// One BIFF record.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A cell of a BIFF8 sheet.
pub enum XlsCell<'a> {
    /// A string of its own in the shared strings.
    Text(&'a str),
    Number(f64),
    /// A reference to a shared string already made by an earlier `Text` (by its index).
    Shared(u32),
}

/// A BIFF8 `.xls` with one sheet `name` holding `rows` (zero-based row, column, value); the
/// DIMENSIONS record declares `dimension` (first row, last row + 1, first col, last col + 1).
pub fn xls(name: &str, cells: &[(u16, u16, XlsCell<'_>)], dimension: (u32, u32, u16, u16)) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0u8; 16];
        d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
        d[2..4].copy_from_slice(&dt.to_le_bytes());
        record(0x0809, &d)
    };
    let texts: Vec<&str> = cells
        .iter()
        .filter_map(|(_, _, c)| match c {
            XlsCell::Text(t) => Some(*t),
            _ => None,
        })
        .collect();
    let mut sst = Vec::new();
    sst.extend_from_slice(&(texts.len() as u32).to_le_bytes());
    sst.extend_from_slice(&(texts.len() as u32).to_le_bytes());
    for t in &texts {
        sst.extend_from_slice(&(t.encode_utf16().count() as u16).to_le_bytes());
        sst.push(1);
        sst.extend_from_slice(&utf16(t));
    }
    let boundsheet = |pos: u32| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, name.encode_utf16().count() as u8, 1]);
        d.extend_from_slice(&utf16(name));
        record(0x0085, &d)
    };
    let mut globals = bof(0x0005);
    globals.extend(record(0x0042, &1200u16.to_le_bytes()));
    let sheet_pos = (globals.len() + boundsheet(0).len() + record(0x00FC, &sst).len() + 4) as u32;
    globals.extend(boundsheet(sheet_pos));
    globals.extend(record(0x00FC, &sst));
    globals.extend(record(0x000A, &[]));
    assert_eq!(globals.len() as u32, sheet_pos);
    let mut sheet = bof(0x0010);
    let mut dim = dimension.0.to_le_bytes().to_vec();
    dim.extend_from_slice(&dimension.1.to_le_bytes());
    dim.extend_from_slice(&dimension.2.to_le_bytes());
    dim.extend_from_slice(&dimension.3.to_le_bytes());
    dim.extend_from_slice(&[0, 0]);
    sheet.extend(record(0x0200, &dim));
    let mut isst = 0u32;
    for (r, c, cell) in cells {
        let mut d = r.to_le_bytes().to_vec();
        d.extend_from_slice(&c.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        match cell {
            XlsCell::Text(_) => {
                d.extend_from_slice(&isst.to_le_bytes());
                isst += 1;
                sheet.extend(record(0x00FD, &d));
            }
            XlsCell::Number(n) => {
                d.extend_from_slice(&n.to_le_bytes());
                sheet.extend(record(0x0203, &d));
            }
            XlsCell::Shared(i) => {
                d.extend_from_slice(&i.to_le_bytes());
                sheet.extend(record(0x00FD, &d));
            }
        }
    }
    sheet.extend(record(0x000A, &[]));
    let mut stream = globals;
    stream.extend(sheet);
    // At least 4096 bytes, so that the stream lives in ordinary sectors (no mini stream).
    while stream.len() < 4096 {
        stream.extend(record(0x00FF, &[0u8; 200]));
    }
    cfb_with_workbook(&stream)
}

/// An OLE compound file (version 3, 512-byte sectors) holding `stream` as `Workbook`: sector 0.. the
/// FAT, then the directory, then the stream.
/// A small, valid `.xls` roster (one 预备党员): read after the bad files, and a fuzzer seed.
pub fn good_xls_roster() -> Vec<u8> {
    xls(
        "花名册",
        &[
            (0, 0, XlsCell::Text("姓名")),
            (0, 1, XlsCell::Text("性别")),
            (0, 2, XlsCell::Text("身份证号")),
            (0, 3, XlsCell::Text("入党时间")),
            (0, 4, XlsCell::Text("人员类别")),
            (1, 0, XlsCell::Text("赵六")),
            (1, 1, XlsCell::Text("男")),
            (1, 2, XlsCell::Text("110105198001010059")),
            (1, 3, XlsCell::Text("2026-01-01")),
            (1, 4, XlsCell::Text("预备党员")),
        ],
        (0, 2, 0, 5),
    )
}

pub fn cfb_with_workbook(stream: &[u8]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let n = stream.len().div_ceil(512);
    let mut f = 1;
    while f * 128 < n + 1 + f {
        f += 1;
    }
    assert!(f <= 109, "the header's DIFAT holds 109 FAT sectors");
    let dir = f as u32;
    let first = f as u32 + 1;
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&(f as u32).to_le_bytes());
    header[48..52].copy_from_slice(&dir.to_le_bytes());
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&END.to_le_bytes());
    header[68..72].copy_from_slice(&END.to_le_bytes());
    for i in 0..109 {
        let v = if i < f { i as u32 } else { FREE };
        header[76 + 4 * i..80 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    let mut fat = vec![FREE; f * 128];
    for entry in fat.iter_mut().take(f) {
        *entry = 0xFFFF_FFFD;
    }
    fat[f] = END;
    for i in 0..n {
        fat[f + 1 + i] = if i + 1 == n { END } else { first + i as u32 + 1 };
    }
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    let entry = |name: &str, typ: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let n = utf16(name);
        e[..n.len()].copy_from_slice(&n);
        e[64..66].copy_from_slice(&((n.len() + 2) as u16).to_le_bytes());
        e[66] = typ;
        e[67] = 1;
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&FREE.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    out.extend(entry("Root Entry", 5, 1, END, 0));
    out.extend(entry("Workbook", 2, FREE, first, stream.len() as u32));
    out.extend(vec![0u8; 256]);
    let mut s = stream.to_vec();
    s.resize(n * 512, 0);
    out.extend(s);
    out
}

/// The largest sheet the readers accept: `rows` rows of `cols` inline strings of `width` bytes (for
/// measuring peak memory on the worst input that is read to the end).
pub fn widest_accepted(rows: u32, cols: u32, width: usize) -> Vec<u8> {
    let text = "x".repeat(width);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    let parts = xlsx_parts("@@", "A1");
    for (name, part) in &parts {
        zip.start_file(name.as_str(), options).unwrap();
        if name.ends_with("sheet1.xml") {
            let text_part = String::from_utf8(part.clone()).unwrap();
            let (head, tail) = text_part.split_once("@@").unwrap();
            zip.write_all(head.as_bytes()).unwrap();
            for r in 1..=rows {
                let mut row = format!("<row r=\"{r}\">");
                for c in 0..cols {
                    row.push_str(&format!("<c t=\"inlineStr\"><is><t>{text}{c}</t></is></c>"));
                }
                row.push_str("</row>");
                zip.write_all(row.as_bytes()).unwrap();
            }
            zip.write_all(tail.as_bytes()).unwrap();
        } else {
            zip.write_all(part).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

/// The worst shared strings the readers accept: `strings` short strings (just under the size cap),
/// named by `rows` × `cols` cells, each a different one.
pub fn shared_strings_accepted(strings: u32, rows: u32, cols: u32) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    let mut sheet = String::new();
    for r in 1..=rows {
        sheet.push_str(&format!("<row r=\"{r}\">"));
        for c in 0..cols {
            let i = ((r - 1) * cols + c) % strings;
            sheet.push_str(&format!("<c t=\"s\"><v>{i}</v></c>"));
        }
        sheet.push_str("</row>");
    }
    for (name, part) in xlsx_parts(&sheet, "A1") {
        zip.start_file(name, options).unwrap();
        zip.write_all(&part).unwrap();
    }
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    zip.write_all(format!(r#"<sst uniqueCount="{strings}">"#).as_bytes()).unwrap();
    for i in 0..strings {
        zip.write_all(format!("<si><t>{i}</t></si>").as_bytes()).unwrap();
    }
    zip.write_all(b"</sst>").unwrap();
    zip.finish().unwrap().into_inner()
}
