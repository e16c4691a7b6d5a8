//! The record form of an activity and its checks. Each problem names the form field (`place`,
//! `marks[2].reason`) with a Chinese message; the checks against the ledger (does the member exist, is
//! the group the organisation's) are in `check_against_ledger`.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Problem, Result};
use crate::model::{ActivityType, AttendanceStatus, TalkTrigger};

/// The most 学时 one activity may credit (24 hours), in tenths.
pub const MAX_ACTIVITY_TENTHS: u32 = 240;

/// One activity as the record form sends it (new or edited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityFields {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    /// One or several types (one sitting may serve as 主题党日 and 党课).
    pub types: Vec<ActivityType>,
    /// 党小组, for a 党小组会.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub group_id: Option<i64>,
    pub date: NaiveDate,
    /// `HH:MM`.
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    pub place: String,
    pub topic: String,
    /// 主持人 (谈心谈话: 谈话人).
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub host_id: Option<i64>,
    /// 记录人.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub recorder_id: Option<i64>,
    /// 讲课人, for a 党课.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub lecturer_id: Option<i64>,
    /// 内容/纪要.
    #[serde(default)]
    pub content: Option<String>,
    /// 决议.
    #[serde(default)]
    pub decisions: Option<String>,
    /// 学时 credited to each member present, in tenths of an hour; None: derived (see `hours.rs`).
    #[serde(default)]
    pub hours_tenths: Option<u32>,
    /// 列席人员 (free text).
    #[serde(default)]
    pub observers: Option<String>,
    /// The "五个必谈" occasion of a 谈心谈话.
    #[serde(default)]
    pub talk_trigger: Option<TalkTrigger>,
    /// Members whose 政治生日 the activity celebrated.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub celebrant_ids: Vec<i64>,
    /// Exactly who was expected, when it is not the usual audience of the types (谈心谈话, 志愿服务, an
    /// ad-hoc sitting). None: the expected set of `expected_attendees`.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<Vec<specta_typescript::Number>>))]
    pub attendees: Option<Vec<i64>>,
    /// The exceptions: everyone expected is present unless marked here. Marking `present` someone not
    /// expected (an exempt member who came anyway) records them as present.
    #[serde(default)]
    pub marks: Vec<AttendanceMark>,
    /// 表决 items of a 党员大会 (支部大会), in order.
    #[serde(default)]
    pub votes: Vec<super::votes::VoteItem>,
}

/// One exception to "everyone expected was present".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttendanceMark {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub status: AttendanceStatus,
    /// 请假原因 (required for a leave).
    #[serde(default)]
    pub reason: Option<String>,
}

/// 谈心谈话: who talked with whom, when, about what, and on which 必谈 occasion if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HeartTalkFields {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub date: NaiveDate,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    pub place: String,
    /// 谈话人.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub talker_id: i64,
    /// 谈话对象 (one or more).
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub with_ids: Vec<i64>,
    pub topic: String,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub trigger: Option<TalkTrigger>,
}

impl HeartTalkFields {
    pub fn into_activity(self) -> ActivityFields {
        let mut attendees = vec![self.talker_id];
        attendees.extend(self.with_ids.iter().copied().filter(|&id| id != self.talker_id));
        ActivityFields {
            org_id: self.org_id,
            types: vec![ActivityType::HeartTalk],
            group_id: None,
            date: self.date,
            start_time: self.start_time,
            end_time: self.end_time,
            place: self.place,
            topic: self.topic,
            host_id: Some(self.talker_id),
            recorder_id: None,
            lecturer_id: None,
            content: self.content,
            decisions: None,
            hours_tenths: None,
            observers: None,
            talk_trigger: self.trigger,
            celebrant_ids: Vec::new(),
            attendees: Some(attendees),
            marks: Vec::new(),
            votes: Vec::new(),
        }
    }
}

/// 志愿服务: who served, for how long, doing what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VolunteerFields {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub date: NaiveDate,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    pub place: String,
    /// What was done.
    pub topic: String,
    #[serde(default)]
    pub content: Option<String>,
    /// Hours served by each volunteer, in tenths.
    pub hours_tenths: u32,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub volunteer_ids: Vec<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub host_id: Option<i64>,
}

impl VolunteerFields {
    pub fn into_activity(self) -> ActivityFields {
        ActivityFields {
            org_id: self.org_id,
            types: vec![ActivityType::Volunteer],
            group_id: None,
            date: self.date,
            start_time: self.start_time,
            end_time: self.end_time,
            place: self.place,
            topic: self.topic,
            host_id: self.host_id,
            recorder_id: None,
            lecturer_id: None,
            content: self.content,
            decisions: None,
            hours_tenths: Some(self.hours_tenths),
            observers: None,
            talk_trigger: None,
            celebrant_ids: Vec::new(),
            attendees: Some(self.volunteer_ids),
            marks: Vec::new(),
            votes: Vec::new(),
        }
    }
}

/// Parses `HH:MM` (24-hour clock).
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    if t.len() != 5 {
        return None;
    }
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

/// Trims text fields and drops empty optional ones, so "  " is stored as nothing.
pub(crate) fn normalized(mut f: ActivityFields) -> ActivityFields {
    let opt = |s: Option<String>| s.map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    f.place = f.place.trim().to_string();
    f.topic = f.topic.trim().to_string();
    f.start_time = opt(f.start_time);
    f.end_time = opt(f.end_time);
    f.content = opt(f.content);
    f.decisions = opt(f.decisions);
    f.observers = opt(f.observers);
    for m in &mut f.marks {
        m.reason = opt(m.reason.take());
    }
    for v in &mut f.votes {
        v.title = opt(v.title.take());
    }
    f.types.sort();
    f.types.dedup();
    f.celebrant_ids.sort_unstable();
    f.celebrant_ids.dedup();
    f
}

/// The checks that need nothing but the form and today.
pub(crate) fn check_form(f: &ActivityFields, today: NaiveDate) -> Vec<Problem> {
    let mut p = Vec::new();
    let has = |t: ActivityType| f.types.contains(&t);
    if f.types.is_empty() {
        p.push(Problem::new("types", "类型：请至少选择一种活动类型"));
    }
    if f.date > today {
        p.push(Problem::new("date", format!("日期：{} 晚于今天 {today}，台账只登记已开展的活动", f.date)));
    }
    let start = f.start_time.as_deref().map(|t| (t, parse_time(t)));
    let end = f.end_time.as_deref().map(|t| (t, parse_time(t)));
    if let Some((t, None)) = start {
        p.push(Problem::new("start_time", format!("开始时间：“{t}”不是有效时间，应为 时:分，如 14:30")));
    }
    if let Some((t, None)) = end {
        p.push(Problem::new("end_time", format!("结束时间：“{t}”不是有效时间，应为 时:分，如 16:30")));
    }
    if let (Some((a, Some(s))), Some((b, Some(e)))) = (start, end) {
        if e <= s {
            p.push(Problem::new("end_time", format!("结束时间：{b} 不晚于开始时间 {a}")));
        }
    }
    if end.is_some() && start.is_none() {
        p.push(Problem::new("start_time", "开始时间：填写了结束时间，也请填写开始时间"));
    }
    if f.place.is_empty() {
        p.push(Problem::new("place", "地点：不能为空"));
    }
    if f.topic.is_empty() {
        p.push(Problem::new("topic", "主题：不能为空"));
    }
    if has(ActivityType::GroupMeeting) && f.group_id.is_none() {
        p.push(Problem::new("group_id", "党小组：党小组会须选择党小组"));
    }
    if !has(ActivityType::GroupMeeting) && f.group_id.is_some() {
        p.push(Problem::new("group_id", "党小组：只有党小组会需要选择党小组"));
    }
    if f.lecturer_id.is_some() && !has(ActivityType::PartyLecture) {
        p.push(Problem::new("lecturer_id", "讲课人：只有党课需要填写讲课人"));
    }
    if f.talk_trigger.is_some() && !has(ActivityType::HeartTalk) {
        p.push(Problem::new("talk_trigger", "必谈情形：只有谈心谈话需要选择必谈情形"));
    }
    if let Some(h) = f.hours_tenths {
        if h > MAX_ACTIVITY_TENTHS {
            p.push(Problem::new("hours_tenths", format!("学时：{} 小时超过一天", f64::from(h) / 10.0)));
        }
    }
    let named_only =
        !f.types.is_empty() && f.types.iter().all(|t| matches!(t, ActivityType::HeartTalk | ActivityType::Volunteer));
    match &f.attendees {
        Some(list) if list.is_empty() => {
            p.push(Problem::new("attendees", "参加人员：请至少选择一人"));
        }
        None if named_only => {
            let what = if has(ActivityType::HeartTalk) {
                "谈心谈话须选择谈话双方"
            } else {
                "志愿服务须选择参加的党员"
            };
            p.push(Problem::new("attendees", format!("参加人员：{what}")));
        }
        _ => {}
    }
    if has(ActivityType::HeartTalk) && f.host_id.is_none() {
        p.push(Problem::new("host_id", "谈话人：谈心谈话须填写谈话人"));
    }
    if has(ActivityType::HeartTalk) && f.attendees.as_ref().is_some_and(|a| a.iter().all(|&id| Some(id) == f.host_id)) {
        p.push(Problem::new("attendees", "谈话对象：请选择谈话对象（谈话人以外的人）"));
    }
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for (i, m) in f.marks.iter().enumerate() {
        if let Some(first) = seen.insert(m.member_id, i) {
            p.push(Problem::new(format!("marks[{i}].member_id"), format!("考勤：与第 {} 条重复", first + 1)));
        }
        if m.status == AttendanceStatus::Leave && m.reason.is_none() {
            p.push(Problem::new(format!("marks[{i}].reason"), "请假原因：请假须填写原因"));
        }
    }
    p
}

/// A member's name and the days they were on the roll, for the checks against the ledger.
pub(crate) struct Roll {
    pub name: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

impl Roll {
    pub fn on_roll(&self, date: NaiveDate) -> bool {
        crate::model::roll::on_roll(self.joined_on, self.left_on, date)
    }
}

pub(crate) fn roll(conn: &Connection, member_id: i64) -> Result<Option<Roll>> {
    Ok(conn
        .prepare_cached("SELECT name, joined_on, left_on FROM members WHERE id = ?1")?
        .query_row([member_id], |r| Ok(Roll { name: r.get(0)?, joined_on: r.get(1)?, left_on: r.get(2)? }))
        .optional()?)
}

/// The checks against the ledger: the organisation, group and people exist; people named as taking
/// part were on the roll that day.
pub(crate) fn check_against_ledger(conn: &Connection, f: &ActivityFields) -> Result<Vec<Problem>> {
    let mut p = Vec::new();
    let org: Option<String> =
        conn.query_row("SELECT name FROM organizations WHERE id = ?1", [f.org_id], |r| r.get(0)).optional()?;
    if org.is_none() {
        p.push(Problem::new("org_id", format!("组织：未找到编号为 {} 的组织", f.org_id)));
        return Ok(p);
    }
    if let Some(g) = f.group_id {
        let owner: Option<i64> =
            conn.query_row("SELECT org_id FROM party_groups WHERE id = ?1", [g], |r| r.get(0)).optional()?;
        match owner {
            None => p.push(Problem::new("group_id", format!("党小组：未找到编号为 {g} 的党小组"))),
            Some(o) if o != f.org_id => p.push(Problem::new("group_id", "党小组：不是本组织的党小组")),
            Some(_) => {}
        }
    }
    for (field, label, id) in [
        ("host_id", if f.types.contains(&ActivityType::HeartTalk) { "谈话人" } else { "主持人" }, f.host_id),
        ("recorder_id", "记录人", f.recorder_id),
        ("lecturer_id", "讲课人", f.lecturer_id),
    ] {
        if let Some(id) = id {
            if roll(conn, id)?.is_none() {
                p.push(Problem::new(field, format!("{label}：未找到编号为 {id} 的党员")));
            }
        }
    }
    let must_be_on_roll = |p: &mut Vec<Problem>, at: String, label: &str, id: i64| -> Result<()> {
        match roll(conn, id)? {
            None => p.push(Problem::new(at, format!("{label}：未找到编号为 {id} 的党员"))),
            Some(r) if !r.on_roll(f.date) => {
                p.push(Problem::new(at, format!("{label}：{} 在 {} 不在党员名册中", r.name, f.date)))
            }
            Some(_) => {}
        }
        Ok(())
    };
    if let Some(list) = &f.attendees {
        for (i, &id) in list.iter().enumerate() {
            must_be_on_roll(&mut p, format!("attendees[{i}]"), "参加人员", id)?;
        }
    }
    for (i, &id) in f.celebrant_ids.iter().enumerate() {
        must_be_on_roll(&mut p, format!("celebrant_ids[{i}]"), "过政治生日的党员", id)?;
    }
    for (i, m) in f.marks.iter().enumerate() {
        must_be_on_roll(&mut p, format!("marks[{i}].member_id"), "考勤", m.member_id)?;
    }
    Ok(p)
}
