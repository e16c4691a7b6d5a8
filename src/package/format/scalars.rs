//! The scalar forms of the package: 学时 kept as exact tenths, and dates read as exactly `YYYY-MM-DD`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 学时: a non-negative number with at most one decimal, kept as whole tenths so it is never rounded
/// (the database stores `hours_tenths`). Written as an integer when whole (`2`), else `2.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hours(u32);

impl Hours {
    /// The largest number of hours accepted for one record (a year of full days is far less).
    const MAX_TENTHS: u32 = 100_000;

    pub fn from_tenths(tenths: u32) -> Hours {
        Hours(tenths)
    }

    pub fn tenths(self) -> u32 {
        self.0
    }

    /// Reads a JSON number; the error is a Chinese sentence without location.
    pub fn from_number(x: f64) -> Result<Hours, String> {
        if !x.is_finite() || x < 0.0 {
            return Err(format!("学时不能为负数，现为 {x}"));
        }
        let tenths = (x * 10.0).round();
        if (x * 10.0 - tenths).abs() > 1e-6 {
            return Err(format!("学时最多保留一位小数，现为 {x}"));
        }
        if tenths > f64::from(Self::MAX_TENTHS) {
            return Err(format!("学时 {x} 过大"));
        }
        Ok(Hours(tenths as u32))
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(10) {
            s.serialize_u32(self.0 / 10)
        } else {
            s.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Hours, D::Error> {
        let x = f64::deserialize(d)?;
        Hours::from_number(x).map_err(serde::de::Error::custom)
    }
}

/// Dates as exactly `YYYY-MM-DD` (chrono's own parser accepts looser forms).
pub(crate) mod date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        parse(&text).ok_or_else(|| serde::de::Error::custom(format!("“{text}”不是有效日期，应写成 YYYY-MM-DD")))
    }

    /// Strict `YYYY-MM-DD`: no spaces, two-digit month and day.
    pub fn parse(text: &str) -> Option<NaiveDate> {
        let b = text.as_bytes();
        let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
        if !shape || !b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()) {
            return None;
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }
}

pub(crate) mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::date::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<std::borrow::Cow<str>>::deserialize(d)? {
            None => Ok(None),
            Some(text) => super::date::parse(&text)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("“{text}”不是有效日期，应写成 YYYY-MM-DD"))),
        }
    }
}
