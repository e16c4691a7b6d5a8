//! A party member (党员): the 16 items of the national collection form plus local fields, and the
//! checks a form or an import row must pass before it may enter the ledger.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::{Category, Gender, LeftReason, MemberStatus, Standing};
use super::dates::Month;
use super::id_number::IdNumber;
use crate::error::Problem;

/// What a person enters for a member (form, roster row, package record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MemberFields {
    /// The branch holding the member's 组织关系.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub group_id: Option<i64>,
    pub name: String,
    pub gender: Gender,
    pub ethnicity: Option<String>,
    pub id_number: Option<String>,
    pub birth_date: NaiveDate,
    pub education: Option<String>,
    pub status: MemberStatus,
    pub joined_on: NaiveDate,
    pub full_member_on: Option<NaiveDate>,
    pub category: Category,
    pub post: Option<String>,
    pub phone: Option<String>,
    pub landline: Option<String>,
    pub address: Option<String>,
    pub standing: Standing,
    /// 失去联系日期, `YYYY-MM`.
    pub lost_contact_since: Option<String>,
    /// 外出流向 (流动党员).
    pub outflow_to: Option<String>,
    /// 年老体弱等, not expected at meetings.
    pub attendance_exempt: bool,
    pub native_place: Option<String>,
    pub work_started_on: Option<NaiveDate>,
    pub degree: Option<String>,
    pub unit_title: Option<String>,
    pub remark: Option<String>,
}

/// How and when a member left the branch. The record stays; only its standing in the list changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Leaving {
    pub on: NaiveDate,
    pub reason: LeftReason,
    /// Destination (转出 to which organisation) or other detail.
    pub to: Option<String>,
}

/// A member as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Member {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub key: String,
    pub org_name: String,
    pub group_name: Option<String>,
    pub fields: MemberFields,
    pub left: Option<Leaving>,
    /// 困难党员: the reason the member is marked in difficulty (`funds::hardship`); None when not marked.
    pub hardship: Option<String>,
}

/// Chinese names of the form fields (`Problem.at` values), used in messages so a person knows which
/// box to fix; the UI's `FIELD_LABEL` is generated from this list.
pub const FIELD_LABELS: &[(&str, &str)] = &[
    ("org_id", "所在党支部"),
    ("group_id", "党小组"),
    ("name", "姓名"),
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("id_number", "公民身份证号"),
    ("birth_date", "出生日期"),
    ("education", "学历"),
    ("status", "人员类别"),
    ("joined_on", "加入党组织日期"),
    ("full_member_on", "转为正式党员日期"),
    ("category", "党员分类"),
    ("post", "工作岗位"),
    ("phone", "手机号"),
    ("landline", "固定电话"),
    ("address", "家庭住址"),
    ("standing", "党籍状态"),
    ("lost_contact_since", "失去联系日期"),
    ("outflow_to", "外出流向"),
    ("native_place", "籍贯"),
    ("work_started_on", "参加工作日期"),
    ("degree", "学位"),
    ("unit_title", "单位及职务"),
    ("remark", "备注"),
    ("left.on", "离开日期"),
    ("left.reason", "离开原因"),
    ("left.to", "转往单位"),
];

/// The Chinese name of a form field; "" for a field without one.
pub fn field_label(field: &str) -> &'static str {
    FIELD_LABELS.iter().find(|(f, _)| *f == field).map_or("", |(_, label)| label)
}

/// How a roster without a 人员类别 column says who is 预备, in the words the import preview shows.
pub const STATUS_FROM_DATES_RULE: &str =
    "有转正时间的为正式党员；入党不满一年且没有转正时间的为预备党员；其余为正式党员";

/// 人员类别 as the dates say it (`STATUS_FROM_DATES_RULE`): a 转正时间 makes a 正式党员; without one,
/// a member who joined less than a year before `today` is 预备, anyone else 正式 (whose missing
/// 转正时间 the member checks then ask for).
pub fn status_from_dates(joined_on: NaiveDate, full_member_on: Option<NaiveDate>, today: NaiveDate) -> MemberStatus {
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(NaiveDate::MIN);
    match full_member_on {
        Some(_) => MemberStatus::Full,
        None if joined_on > year_ago => MemberStatus::Probationary,
        None => MemberStatus::Full,
    }
}

impl MemberFields {
    /// Trims text fields, turns empty text into `None`, and normalises the ID number (upper-case X,
    /// 15 → 18 digits) when it is valid. Call before `check`.
    pub fn normalized(mut self) -> MemberFields {
        fn clean(o: &mut Option<String>) {
            if let Some(s) = o {
                let t = s.trim();
                if t.is_empty() {
                    *o = None;
                } else if t.len() != s.len() {
                    *o = Some(t.to_string());
                }
            }
        }
        self.name = self.name.trim().to_string();
        for o in [
            &mut self.ethnicity,
            &mut self.id_number,
            &mut self.education,
            &mut self.post,
            &mut self.phone,
            &mut self.landline,
            &mut self.address,
            &mut self.lost_contact_since,
            &mut self.outflow_to,
            &mut self.native_place,
            &mut self.degree,
            &mut self.unit_title,
            &mut self.remark,
        ] {
            clean(o);
        }
        if let Some(id) = self.id_number.as_deref().and_then(|t| IdNumber::parse(t).ok()) {
            self.id_number = Some(id.as_str().to_string());
        }
        self
    }

    /// Every problem with these fields, each naming its field (`at` is the field name; the message
    /// starts with the field's Chinese label). Empty when the member may be saved.
    pub fn check(&self, today: NaiveDate) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut add = |field: &str, msg: String| {
            problems.push(Problem::new(field, format!("{}：{msg}", field_label(field))));
        };
        if self.name.trim().is_empty() {
            add("name", "不能为空".into());
        } else if self.name.chars().count() > 30 {
            add("name", "过长（最多30个字）".into());
        }
        if let Some(text) = &self.id_number {
            match IdNumber::parse(text) {
                Err(msg) => add("id_number", msg),
                Ok(id) => {
                    if id.birth_date() != self.birth_date {
                        add(
                            "birth_date",
                            format!("与身份证号中的出生日期{}不一致", id.birth_date().format("%Y-%m-%d")),
                        );
                    }
                    if id.gender() != self.gender {
                        add("gender", format!("与身份证号不一致（身份证号显示为{}）", id.gender().label()));
                    }
                }
            }
        }
        if self.birth_date > today {
            add("birth_date", "不能晚于今天".into());
        }
        if self.joined_on > today {
            add("joined_on", "不能晚于今天".into());
        }
        if self.joined_on <= self.birth_date {
            add("joined_on", "必须晚于出生日期".into());
        }
        match (self.status, self.full_member_on) {
            (MemberStatus::Probationary, Some(_)) => {
                add("full_member_on", "预备党员不应填写转正日期；如已转正，请把人员类别改为正式党员".into())
            }
            (MemberStatus::Full, None) if self.joined_on >= NaiveDate::from_ymd_opt(1949, 10, 1).unwrap() => {
                add("full_member_on", "正式党员须填写转为正式党员日期".into())
            }
            (_, Some(full)) => {
                if full < self.joined_on {
                    add("full_member_on", "不能早于加入党组织日期".into());
                }
                if full > today {
                    add("full_member_on", "不能晚于今天".into());
                }
            }
            _ => {}
        }
        if let Some(m) = &self.lost_contact_since {
            match Month::parse(m) {
                None => add("lost_contact_since", format!("“{m}”不是有效年月，应写成如 2024-03")),
                Some(month) if month.first_day() > today => add("lost_contact_since", "不能晚于本月".into()),
                Some(_) => {}
            }
        }
        if let Some(w) = self.work_started_on {
            if w <= self.birth_date {
                add("work_started_on", "必须晚于出生日期".into());
            }
            if w > today {
                add("work_started_on", "不能晚于今天".into());
            }
        }
        if let Some(p) = &self.phone {
            if !p.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+') {
                add("phone", format!("“{p}”不像电话号码"));
            }
        }
        problems
    }
}

impl Leaving {
    pub fn check(&self, joined_on: NaiveDate, today: NaiveDate) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.on < joined_on {
            problems.push(Problem::new("left.on", "离开日期：不能早于加入党组织日期"));
        }
        if self.on > today {
            problems.push(Problem::new("left.on", "离开日期：不能晚于今天"));
        }
        if self.reason == LeftReason::TransferOut && self.to.as_deref().is_none_or(|t| t.trim().is_empty()) {
            problems.push(Problem::new("left.to", "转往单位：转出时须填写转往的党组织"));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn status_follows_the_dates() {
        use super::{status_from_dates, MemberStatus::*};
        let today = d("2026-11-22");
        assert_eq!(status_from_dates(d("2026-05-10"), None, today), Probationary);
        assert_eq!(status_from_dates(d("2025-11-23"), None, today), Probationary);
        assert_eq!(status_from_dates(d("2025-11-22"), None, today), Full, "a full year ago");
        assert_eq!(status_from_dates(d("2026-05-10"), Some(d("2026-11-01")), today), Full);
        assert_eq!(status_from_dates(d("1990-07-01"), None, today), Full);
    }

    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::model::dates::parse_date(s).unwrap()
    }

    pub(crate) fn sample() -> MemberFields {
        MemberFields {
            org_id: 1,
            group_id: None,
            name: "张三".into(),
            gender: Gender::Male,
            ethnicity: Some("汉族".into()),
            id_number: Some("110101199003074477".into()),
            birth_date: d("1990-03-07"),
            education: Some("大学本科".into()),
            status: MemberStatus::Full,
            joined_on: d("2015-06-30"),
            full_member_on: Some(d("2016-06-30")),
            category: Category::Employed,
            post: None,
            phone: Some("13800000000".into()),
            landline: None,
            address: None,
            standing: Standing::Normal,
            lost_contact_since: None,
            outflow_to: None,
            attendance_exempt: false,
            native_place: None,
            work_started_on: None,
            degree: None,
            unit_title: None,
            remark: None,
        }
    }

    fn fields_of(p: &[Problem]) -> Vec<&str> {
        p.iter().map(|p| p.at.as_str()).collect()
    }

    #[test]
    fn a_good_member_has_no_problems() {
        assert!(sample().check(d("2026-11-22")).is_empty());
    }

    #[test]
    fn id_number_must_agree_with_birth_date_and_gender() {
        let mut m = sample();
        m.birth_date = d("1990-03-08");
        m.gender = Gender::Female;
        let p = m.check(d("2026-11-22"));
        assert_eq!(fields_of(&p), ["birth_date", "gender"]);
        assert!(p[0].message.starts_with("出生日期："), "{}", p[0].message);
    }

    #[test]
    fn bad_checksum_is_named_on_the_id_field() {
        let mut m = sample();
        m.id_number = Some("110101199003074478".into());
        let p = m.check(d("2026-11-22"));
        assert_eq!(fields_of(&p), ["id_number"]);
        assert!(p[0].message.contains("校验位"));
    }

    #[test]
    fn dates_must_be_in_order() {
        let mut m = sample();
        m.full_member_on = Some(d("2015-01-01"));
        assert_eq!(fields_of(&m.check(d("2026-11-22"))), ["full_member_on"]);
        let mut m = sample();
        m.joined_on = d("1980-01-01");
        m.full_member_on = Some(d("1981-01-01"));
        assert_eq!(fields_of(&m.check(d("2026-11-22"))), ["joined_on"]);
        let mut m = sample();
        m.status = MemberStatus::Probationary;
        assert_eq!(fields_of(&m.check(d("2026-11-22"))), ["full_member_on"]);
        m.full_member_on = None;
        assert!(m.check(d("2026-11-22")).is_empty());
    }

    #[test]
    fn normalization_trims_and_upgrades_id() {
        let mut m = sample();
        m.name = " 张三 ".into();
        m.remark = Some("  ".into());
        m.id_number = Some("11010519491231002x".into());
        let n = m.normalized();
        assert_eq!(n.name, "张三");
        assert_eq!(n.remark, None);
        assert_eq!(n.id_number.as_deref(), Some("11010519491231002X"));
    }

    #[test]
    fn transfer_out_needs_destination() {
        let l = Leaving { on: d("2026-05-01"), reason: LeftReason::TransferOut, to: None };
        assert_eq!(fields_of(&l.check(d("2015-06-30"), d("2026-11-22"))), ["left.to"]);
    }
}
