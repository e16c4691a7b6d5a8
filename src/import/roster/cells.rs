//! Reading one cell as a field value. Cells come as text, numbers (Excel serial dates, IDs and
//! phones typed as numbers), real dates, booleans or error values; each reader returns the value,
//! `None` for a blank cell, or a Chinese sentence saying what is wrong (the caller adds where).

use calamine::Data;
use chrono::{Datelike, NaiveDate};

use crate::model::dates::Month;
use crate::model::{Category, Gender, MemberStatus, Standing};
use crate::workbook::read::{is_blank, plain_text};

/// A date cell that may hold only a year and month (出生年月, 失联日期).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrMonth {
    Date(NaiveDate),
    Month(Month),
}

type CellResult<T> = Result<Option<T>, String>;

/// Plain text; numbers are written without a trailing `.0`.
pub fn text(d: &Data) -> CellResult<String> {
    if is_blank(d) {
        return Ok(None);
    }
    if let Data::Error(e) = d {
        return Err(format!("单元格是错误值{e}，请改为实际内容"));
    }
    Ok(Some(plain_text(d)))
}

/// Why an ID number stored as a number cannot be imported, and how to fix it in Excel/WPS.
pub const ID_AS_NUMBER: &str = "身份证号被存成了数字，Excel 只保留15位有效数字，后几位已经丢失，无法导入。请在 Excel/WPS 中把该列设置为“文本”格式后重新输入，或从原始资料粘贴身份证号";

/// An ID number must arrive as text: Excel keeps only 15 significant digits of a number, so an
/// 18-digit ID typed into a number cell has already lost its last digits (`ID_AS_NUMBER`). So has
/// one shown as `1.10105E+17` (a CSV saved from such a cell).
pub fn id_text(d: &Data) -> CellResult<String> {
    match d {
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f < 1e15 => Ok(Some(format!("{}", *f as i64))),
        Data::Int(i) if *i >= 0 && *i < 1_000_000_000_000_000 => Ok(Some(i.to_string())),
        Data::Float(_) | Data::Int(_) => Err(ID_AS_NUMBER.to_string()),
        Data::String(s) if is_scientific(s.trim()) => Err(ID_AS_NUMBER.to_string()),
        _ => text(d),
    }
}

/// `1.10105E+17`, `1.10105199003074e17`: a number shown in scientific notation.
fn is_scientific(t: &str) -> bool {
    let Some((mantissa, exp)) = t.split_once(['E', 'e']) else { return false };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.chars().filter(|c| *c == '.').count() <= 1
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

/// A full date, or (when `month_ok`) a year-month. Accepts real date cells, Excel serial numbers,
/// 19900307, and text like 1990-03-07, 1990/3/7, 1990.03.07, 1990年3月7日, 1990.03, 1990年3月.
pub fn date_or_month(d: &Data) -> CellResult<DateOrMonth> {
    match d {
        _ if is_blank(d) => Ok(None),
        Data::Empty => Ok(None),
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32)
                .map(|x| Some(DateOrMonth::Date(x)))
                .ok_or_else(|| "不是有效日期".to_string())
        }
        Data::DateTimeIso(s) => text_date(s),
        Data::Int(i) => number_date(*i as f64),
        Data::Float(f) => number_date(*f),
        Data::String(s) => text_date(s),
        Data::Bool(_) | Data::DurationIso(_) => Err(format!("“{}”不是日期", plain_text(d))),
        Data::Error(e) => Err(format!("单元格是错误值{e}，请改为实际日期")),
    }
}

/// The year of a number cell written as a year and a month that lost its trailing zero: 1985.1 is
/// what Excel keeps of 1985.10 as well as of 1985.1, so the month may be 1 or 10.
pub fn jan_or_oct(d: &Data) -> Option<i32> {
    let f = match d {
        Data::Float(f) => *f,
        _ => return None,
    };
    let year = f.trunc();
    ((1900.0..2101.0).contains(&f) && ((f - year) * 100.0).round() == 10.0).then_some(year as i32)
}

/// A 出生年月/出生日期 cell read with the help of the row's ID number (`id_birth`, the birth date it
/// gives): a full date as written; a year-month completed by the ID number when they agree; a number
/// cell such as 1985.1 (1月 or 10月, Excel having dropped the 0 of 1985.10) settled by the ID
/// number when its month is one of the two, refused otherwise (never guessed); blank: the ID's.
/// Text “1985.1” is January. Err says why, with the fix.
pub fn birth_with_id(d: &Data, id_birth: Option<NaiveDate>) -> CellResult<NaiveDate> {
    if let Some(year) = jan_or_oct(d) {
        return match id_birth {
            Some(b) if b.year() == year && matches!(b.month(), 1 | 10) => Ok(Some(b)),
            Some(b) => Err(format!(
                "出生年月“{year}.1”是数字，是{year}年1月或10月（Excel 会把 {year}.10 存成 {year}.1），都与身份证号中的出生日期{}不一致：请核对",
                b.format("%Y-%m-%d")
            )),
            None => Err(format!(
                "出生年月“{year}.1”是数字，无法分辨是{year}年1月还是10月（Excel 会把 {year}.10 存成 {year}.1）：请填写身份证号，或把该列设为文本后写成 {year}.01 或 {year}.10，或写成 {year}-10-01 这样的完整日期"
            )),
        };
    }
    match date_or_month(d)? {
        Some(DateOrMonth::Date(x)) => Ok(Some(x)),
        Some(DateOrMonth::Month(m)) => match id_birth {
            Some(b) if Month::of(b) == m => Ok(Some(b)),
            Some(b) => Err(format!("出生年月{m}与身份证号中的出生日期{}不一致", b.format("%Y-%m-%d"))),
            None => Err(format!("只有年月（{m}），又没有有效的身份证号可以补全：请填写完整的出生日期，如 {m}-07")),
        },
        None => Ok(id_birth),
    }
}

/// A full date; a year-month is refused because the day cannot be guessed.
pub fn date(d: &Data) -> CellResult<NaiveDate> {
    match date_or_month(d)? {
        None => Ok(None),
        Some(DateOrMonth::Date(x)) => Ok(Some(x)),
        Some(DateOrMonth::Month(m)) => Err(format!("只有年月（{m}），请填写完整日期，如 {m}-01")),
    }
}

/// Days from Excel's 1900 epoch (serial 1 = 1900-01-01, with Excel's phantom 1900-02-29).
fn serial_date(serial: i64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if serial < 61 { serial + 1 } else { serial };
    base.checked_add_days(chrono::Days::new(days as u64))
}

fn number_date(f: f64) -> CellResult<DateOrMonth> {
    let shown = plain_text(&Data::Float(f));
    if f.fract() == 0.0 {
        let n = f as i64;
        if (19_000_101..=21_001_231).contains(&n) {
            let (y, m, d) = (n / 10_000, n / 100 % 100, n % 100);
            return NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
                .map(|x| Some(DateOrMonth::Date(x)))
                .ok_or_else(|| format!("“{shown}”不是有效日期"));
        }
        if (1900..=2100).contains(&n) {
            return Err(format!("“{shown}”只有年份，请填写完整日期，如 {n}-07-01"));
        }
        if (1..=73_050).contains(&n) {
            // A date cell whose date format was lost: Excel keeps dates as day serials.
            return serial_date(n).map(|x| Some(DateOrMonth::Date(x))).ok_or_else(|| format!("“{shown}”不是日期"));
        }
        return Err(format!("“{shown}”不是日期"));
    }
    if (1900.0..2101.0).contains(&f) {
        // 1990.03 typed into a number cell. 1990.1 is ambiguous: Excel stores 1990.10 the same way.
        let year = f.trunc() as i32;
        let hundredths = ((f - f.trunc()) * 100.0).round() as u32;
        let month = match hundredths {
            10 => {
                return Err(format!(
                "“{shown}”是数字，无法分辨是{year}年1月还是10月：请把该列设为文本，或写成 {year}-10-01 这样的完整日期"
            ))
            }
            m if m % 10 == 0 => m / 10,
            m => m,
        };
        if (1..=12).contains(&month) {
            return Ok(Some(DateOrMonth::Month(Month { year, month })));
        }
    }
    if f > 1.0 && f < 73_051.0 {
        // A date with a time of day.
        return serial_date(f.trunc() as i64)
            .map(|x| Some(DateOrMonth::Date(x)))
            .ok_or_else(|| format!("“{shown}”不是日期"));
    }
    Err(format!("“{shown}”不是日期"))
}

fn text_date(raw: &str) -> CellResult<DateOrMonth> {
    let shown = raw.trim();
    let bad = || format!("“{shown}”不是有效日期，应写成如 1990-03-07");
    // Spaces beside 年/月/日 or a separator (2003 年 7 月, 2003. 7. 1) are typing, not the gap
    // before a time of day.
    let chars: Vec<char> = shown.chars().collect();
    let joins =
        |c: Option<&char>| matches!(c, Some('年' | '月' | '日' | '号' | '.' | '/' | '-' | '．' | '／' | '－' | '。'));
    let kept: String = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            let before = chars[..*i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            !c.is_whitespace() || !(joins(before) || joins(after))
        })
        .map(|(_, c)| *c)
        .collect();
    let mut t: String = kept
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '年' | '月' | '/' | '.' | '．' | '／' | '－' | '—' | '。' | '、' | '\\' => '-',
            '日' | '号' => ' ',
            c => c,
        })
        .collect();
    // A time after the date (2020-01-01 00:00:00, 2020-01-01T00:00:00) is dropped.
    if let Some(i) = t.find(|c: char| c == 'T' || c.is_whitespace()) {
        t.truncate(i);
    }
    let t = t.trim_end_matches('-');
    let parts: Vec<&str> = t.split('-').collect();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let (y, m, d) = (num(y).ok_or_else(bad)?, num(m).ok_or_else(bad)?, num(d).ok_or_else(bad)?);
            NaiveDate::from_ymd_opt(y as i32, m, d).map(|x| Some(DateOrMonth::Date(x))).ok_or_else(bad)
        }
        [y, m] if y.len() == 4 => {
            let (year, month) = (num(y).ok_or_else(bad)? as i32, num(m).ok_or_else(bad)?);
            if (1..=12).contains(&month) {
                Ok(Some(DateOrMonth::Month(Month { year, month })))
            } else {
                Err(bad())
            }
        }
        [one] if one.len() == 8 && one.chars().all(|c| c.is_ascii_digit()) => {
            let n: i64 = one.parse().map_err(|_| bad())?;
            number_date(n as f64)
        }
        [one] if one.len() == 4 && one.chars().all(|c| c.is_ascii_digit()) => {
            Err(format!("“{shown}”只有年份，请填写完整日期，如 {one}-07-01"))
        }
        _ => Err(bad()),
    }
}

/// 是/否 (also 有/无, Y/N, √, true/false). Blank is `None`.
pub fn yes_no(d: &Data) -> CellResult<bool> {
    match d {
        Data::Bool(b) => Ok(Some(*b)),
        _ => match text(d)?.as_deref() {
            None => Ok(None),
            Some("是" | "有" | "Y" | "y" | "√" | "1" | "是的" | "TRUE" | "true") => Ok(Some(true)),
            Some("否" | "无" | "N" | "n" | "×" | "0" | "不是" | "FALSE" | "false" | "-" | "/") => Ok(Some(false)),
            Some(other) => Err(format!("“{other}”应填“是”或“否”")),
        },
    }
}

/// Converts a date to its month, for 失去联系日期 (kept as `YYYY-MM`).
pub fn month_of(v: DateOrMonth) -> Month {
    match v {
        DateOrMonth::Date(d) => Month { year: d.year(), month: d.month() },
        DateOrMonth::Month(m) => m,
    }
}

/// 男/女 (also 男性/女性).
pub fn gender(t: &str) -> Option<Gender> {
    match t.trim() {
        "男" | "男性" | "M" | "m" => Some(Gender::Male),
        "女" | "女性" | "F" | "f" => Some(Gender::Female),
        _ => None,
    }
}

/// 正式党员/预备党员 (also 正式/预备 and the codes).
pub fn status(t: &str) -> Option<MemberStatus> {
    match t.trim() {
        "正式" | "正式党员" | "中共党员" | "党员" => Some(MemberStatus::Full),
        "预备" | "预备党员" | "中共预备党员" => Some(MemberStatus::Probationary),
        other => MemberStatus::from_code_or_label(other),
    }
}

/// 党员分类 by label, code or a common synonym (退休 → 离退休).
pub fn category(t: &str) -> Option<Category> {
    match t.trim() {
        "在岗" | "在职党员" | "在职人员" | "在岗职工" | "职工" | "教职工" | "教师" | "干部" | "工人" => {
            Some(Category::Employed)
        }
        "退休" | "离休" | "离退休党员" | "退休党员" | "退休人员" | "离退休人员" | "退休教职工" => {
            Some(Category::Retired)
        }
        "农民党员" | "农牧渔民" | "农民工" | "村民" => Some(Category::Farmer),
        "学生党员" | "在校学生" | "在校生" | "本科生" | "研究生" | "博士生" | "硕士生" => {
            Some(Category::Student)
        }
        "下岗失业" | "失业" | "低保" | "无业" | "失业人员" => Some(Category::Unemployed),
        other => Category::from_code_or_label(other),
    }
}

/// 正常/停止党籍.
pub fn standing(t: &str) -> Option<Standing> {
    match t.trim() {
        "停止" | "停籍" => Some(Standing::Suspended),
        other => Standing::from_code_or_label(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Data {
        Data::String(t.to_string())
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn text_dates_in_common_forms() {
        for t in [
            "1990-03-07",
            "1990/3/7",
            "1990.03.07",
            "1990年3月7日",
            "19900307",
            "1990-03-07 00:00:00",
            "１９９０年３月７日",
        ] {
            assert_eq!(date(&s(t)).unwrap(), day(1990, 3, 7), "{t}");
        }
        assert!(date(&s("1990-02-30")).unwrap_err().contains("不是有效日期"));
        assert!(date(&s("1990.03")).unwrap_err().contains("只有年月"));
        assert!(date(&s("1990")).unwrap_err().contains("只有年份"));
        assert_eq!(date(&s("  ")).unwrap(), None);
    }

    #[test]
    fn dates_and_months_as_people_type_them() {
        let month = |y, m| Some(DateOrMonth::Month(Month { year: y, month: m }));
        for t in ["1985.07", "1985-7", "1985年7月", "1985/07", "１９８５．０７", "1985 年 7 月", "1985.7."] {
            assert_eq!(date_or_month(&s(t)).unwrap(), month(1985, 7), "{t}");
        }
        for t in [
            "2003.07.01",
            "2003年7月1日",
            "20030701",
            "2003/7/1",
            "2003-7-1",
            "2003 年 7 月 1 日",
            "2003. 7. 1",
            "２００３年７月１日",
            "2003年7月1日 10:00",
        ] {
            assert_eq!(date(&s(t)).unwrap(), day(2003, 7, 1), "{t}");
        }
    }

    #[test]
    fn numbers_as_dates() {
        assert_eq!(date(&Data::Float(32939.0)).unwrap(), day(1990, 3, 7));
        assert_eq!(date(&Data::Int(19900307)).unwrap(), day(1990, 3, 7));
        assert_eq!(
            date_or_month(&Data::Float(1990.03)).unwrap(),
            Some(DateOrMonth::Month(Month { year: 1990, month: 3 }))
        );
        assert_eq!(
            date_or_month(&Data::Float(1990.12)).unwrap(),
            Some(DateOrMonth::Month(Month { year: 1990, month: 12 }))
        );
        assert!(date_or_month(&Data::Float(1990.1)).unwrap_err().contains("1月还是10月"));
        assert!(date(&Data::Float(1990.0)).unwrap_err().contains("只有年份"));
    }

    #[test]
    fn a_birth_month_that_lost_its_zero_is_settled_by_the_id_number_or_refused() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let number = Data::Float(1985.1);
        assert_eq!(jan_or_oct(&number), Some(1985));
        assert_eq!(jan_or_oct(&Data::Float(1985.12)), None);
        assert_eq!(jan_or_oct(&Data::String("1985.1".into())), None);
        // The ID number says 10月 (or 1月): taken.
        assert_eq!(birth_with_id(&number, Some(day(1985, 10, 3))).unwrap(), Some(day(1985, 10, 3)));
        assert_eq!(birth_with_id(&number, Some(day(1985, 1, 20))).unwrap(), Some(day(1985, 1, 20)));
        // It says another month: refused, saying so.
        let e = birth_with_id(&number, Some(day(1985, 3, 3))).unwrap_err();
        assert!(e.contains("1月或10月") && e.contains("1985-03-03"), "{e}");
        // No ID number: refused with the fix, never guessed.
        let e = birth_with_id(&number, None).unwrap_err();
        assert!(e.contains("无法分辨是1985年1月还是10月") && e.contains("设为文本"), "{e}");
        // Text “1985.1” is January.
        let text = Data::String("1985.1".into());
        assert_eq!(birth_with_id(&text, Some(day(1985, 1, 9))).unwrap(), Some(day(1985, 1, 9)));
        assert!(birth_with_id(&text, Some(day(1985, 10, 9))).unwrap_err().contains("不一致"));
        assert_eq!(birth_with_id(&Data::Empty, Some(day(1985, 1, 9))).unwrap(), Some(day(1985, 1, 9)));
    }

    #[test]
    fn id_numbers_typed_as_numbers_are_refused() {
        assert!(id_text(&Data::Float(110101199003074477.0)).unwrap_err().contains("文本"));
        assert_eq!(id_text(&Data::Float(110105491231002.0)).unwrap().as_deref(), Some("110105491231002"));
        assert_eq!(id_text(&s(" 11010519491231002X ")).unwrap().as_deref(), Some("11010519491231002X"));
        // Saved to CSV from a number cell: the digits are gone just the same.
        assert_eq!(id_text(&s("1.10105E+17")).unwrap_err(), ID_AS_NUMBER);
        assert_eq!(id_text(&s("1.10101199003074e17")).unwrap_err(), ID_AS_NUMBER);
    }

    #[test]
    fn yes_no_and_text() {
        assert_eq!(yes_no(&s("是")).unwrap(), Some(true));
        assert_eq!(yes_no(&s("否")).unwrap(), Some(false));
        assert!(yes_no(&s("也许")).is_err());
        assert_eq!(text(&Data::Float(13800000000.0)).unwrap().as_deref(), Some("13800000000"));
        assert!(text(&Data::Error(calamine::CellErrorType::NA)).unwrap_err().contains("#N/A"));
    }
}
