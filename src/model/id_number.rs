//! 18-digit 公民身份号码 (GB 11643-1999, ISO 7064 MOD 11-2): checksum, birth date and sex digit.
//! See `national-rules.md` §6. Unknown or historical address codes are never rejected.

use chrono::NaiveDate;

use super::codes::Gender;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// A valid, normalised (upper-case X) 18-character ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber(String);

impl IdNumber {
    /// Parses and checks an ID number; accepts lower-case x, surrounding spaces, and old 15-digit
    /// numbers (converted to 18 digits). The error is a Chinese sentence without location.
    pub fn parse(text: &str) -> Result<IdNumber, String> {
        let t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let t = if t.len() == 15 && t.chars().all(|c| c.is_ascii_digit()) {
            let body = format!("{}19{}", &t[..6], &t[6..]);
            format!("{body}{}", check_char(&body) as char)
        } else {
            t
        };
        if t.chars().count() != 18 {
            return Err(format!("身份证号应为18位，现为{}位", t.chars().count()));
        }
        let bytes = t.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit) {
            return Err("身份证号前17位必须是数字".to_string());
        }
        if !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
            return Err("身份证号最后一位必须是数字或X".to_string());
        }
        let expected = check_char(&t[..17]);
        if bytes[17] != expected {
            return Err(format!("身份证号校验位不符（最后一位应为{}），请核对是否输错", expected as char));
        }
        if birth_date_of(&t).is_none() {
            return Err(format!("身份证号中的出生日期{}不是有效日期", &t[6..14]));
        }
        Ok(IdNumber(t))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0).expect("checked at parse")
    }

    /// Odd sequence digit: male; even: female.
    pub fn gender(&self) -> Gender {
        let d = self.0.as_bytes()[16] - b'0';
        if d % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// The number with the middle digits hidden, for lists: 110105********002X.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

fn check_char(first17: &str) -> u8 {
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| (b - b'0') as u32 * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

fn birth_date_of(t: &str) -> Option<NaiveDate> {
    let y = t[6..10].parse().ok()?;
    let m = t[10..12].parse().ok()?;
    let d = t[12..14].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The one masking of ID numbers (exports with 隐藏身份证号, lists): a valid number keeps its first
/// 6 and last 4 characters (`110105********002X`); any other text holding 6 or more digits (an old or
/// mistyped number, a foreign document number) is hidden the same way, by characters; text without
/// such digits (`无`, `待补`) is left as it is.
pub fn mask(text: &str) -> String {
    if let Ok(id) = IdNumber::parse(text) {
        return id.masked();
    }
    let t = text.trim();
    if t.chars().filter(char::is_ascii_digit).count() < 6 {
        return text.to_string();
    }
    let chars: Vec<char> = t.chars().collect();
    let (keep_head, keep_tail) = match chars.len() {
        n if n > 10 => (6, 4),
        n if n >= 8 => (0, 4),
        _ => (0, 0),
    };
    let hidden = chars.len() - keep_head - keep_tail;
    let mut out: String = chars[..keep_head].iter().collect();
    out.push_str(&"*".repeat(hidden));
    out.extend(&chars[chars.len() - keep_tail..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_test_vectors_pass() {
        for v in ["11010519491231002X", "440524188001010014", "110101199003074477"] {
            assert_eq!(IdNumber::parse(v).unwrap().as_str(), v);
        }
    }

    #[test]
    fn lower_case_x_is_stored_upper() {
        assert_eq!(IdNumber::parse("11010519491231002x").unwrap().as_str(), "11010519491231002X");
    }

    #[test]
    fn fifteen_digits_are_upgraded() {
        assert_eq!(IdNumber::parse("110105491231002").unwrap().as_str(), "11010519491231002X");
    }

    #[test]
    fn wrong_check_digit_is_refused_with_the_right_one_named() {
        let e = IdNumber::parse("110101199003074478").unwrap_err();
        assert!(e.contains("应为7"), "{e}");
    }

    #[test]
    fn bad_lengths_and_characters_are_refused() {
        assert!(IdNumber::parse("1101011990030744").unwrap_err().contains("18位"));
        assert!(IdNumber::parse("11010119900307447A").is_err());
        assert!(IdNumber::parse("1101011990A307447X").is_err());
    }

    #[test]
    fn impossible_birth_date_is_refused() {
        // 1990-02-30 with a correct checksum.
        let body = "11010119900230001";
        let id = format!("{body}{}", check_char(body) as char);
        assert!(IdNumber::parse(&id).unwrap_err().contains("不是有效日期"));
    }

    #[test]
    fn birth_date_gender_and_mask() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(IdNumber::parse("110101199003074477").unwrap().gender(), Gender::Male);
    }

    #[test]
    fn mask_hides_every_kind_of_number_and_leaves_words() {
        assert_eq!(mask(" 11010519491231002x "), "110105********002X");
        assert_eq!(mask("110101199003074478"), "110101********4478", "a wrong check digit is still hidden");
        assert_eq!(mask("110105491231002"), "110105********002X", "15 digits are upgraded, then hidden");
        assert_eq!(mask("G12345678"), "*****5678");
        assert_eq!(mask("123456"), "******");
        assert_eq!(mask("无"), "无");
        assert_eq!(mask(""), "");
    }
}
