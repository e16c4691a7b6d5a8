//! A `.csv` a person saved from Excel, WPS or another system: its text (UTF-8 with or without a
//! byte-order mark, UTF-16 with one, or else GBK as Chinese Windows writes it) and its cells
//! (comma, tab or semicolon separated, quoted fields with `""` inside, `="0123"` as Excel writes
//! text that must stay text).

use encoding_rs::{GBK, UTF_16BE, UTF_16LE};

/// The file's text, and the encoding it was read as (for messages).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8");
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return (UTF_16LE.decode_with_bom_removal(bytes).0.into_owned(), "UTF-16");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return (UTF_16BE.decode_with_bom_removal(bytes).0.into_owned(), "UTF-16");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => (GBK.decode_without_bom_handling(bytes).0.into_owned(), "GBK"),
    }
}

/// The separator the first line uses most: comma, tab or semicolon (comma when none).
fn delimiter(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    [',', '\t', ';', '，'].into_iter().max_by_key(|c| (count(*c), *c == ',')).filter(|c| count(*c) > 0).unwrap_or(',')
}

/// Calls `cell(row, column, text)` for every non-empty field, zero-based; stops at the first error
/// `cell` returns.
pub fn for_each_cell<E>(text: &str, mut cell: impl FnMut(u32, u32, String) -> Result<(), E>) -> Result<(), E> {
    let sep = delimiter(text);
    let (mut row, mut col) = (0u32, 0u32);
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut emit = |row: u32, col: u32, field: &mut String| -> Result<(), E> {
        let mut value = std::mem::take(field);
        // ="0123": Excel's way of writing text that looks like a number.
        if value.starts_with("=\"") && value.ends_with('"') && value.len() >= 3 {
            value = value[2..value.len() - 1].to_string();
        }
        if value.trim().is_empty() {
            return Ok(());
        }
        cell(row, col, value)
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            '"' if field == "=" => {
                // ="0123": the = only says "text".
                field.clear();
                quoted = true;
            }
            c if c == sep => {
                emit(row, col, &mut field)?;
                col = col.saturating_add(1);
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                emit(row, col, &mut field)?;
                row = row.saturating_add(1);
                col = 0;
            }
            c => field.push(c),
        }
    }
    emit(row, col, &mut field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<(u32, u32, String)> {
        let mut out = Vec::new();
        for_each_cell::<()>(text, |r, c, t| {
            out.push((r, c, t));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn quoted_fields_line_breaks_and_excel_text() {
        let got = cells("姓名,备注\r\n\"张,三\",\"说\"\"好\"\"\n第二行\"\n=\"0123\",\n");
        assert_eq!(
            got,
            vec![
                (0, 0, "姓名".into()),
                (0, 1, "备注".into()),
                (1, 0, "张,三".into()),
                (1, 1, "说\"好\"\n第二行".into()),
                (2, 0, "0123".into()),
            ]
        );
        assert_eq!(cells("a\tb\n1\t2")[3], (1, 1, "2".into()));
    }

    #[test]
    fn encodings() {
        let (gbk, _, _) = GBK.encode("姓名,性别");
        assert_eq!(decode(&gbk), ("姓名,性别".to_string(), "GBK"));
        assert_eq!(decode("姓名".as_bytes()).0, "姓名");
        assert_eq!(decode(b"\xEF\xBB\xBFabc").0, "abc");
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("姓名".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16).0, "姓名");
    }
}
