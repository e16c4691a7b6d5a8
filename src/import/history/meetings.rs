//! 三会一课 / 组织生活 registers: one row per meeting (type, date and time, place, host, recorder,
//! topic, content, decisions, 应到/实到/请假/缺席 as counts or as names).
//!
//! Attendance: names of those on leave or absent (or of those present) are recorded per member.
//! With counts only, nobody is invented: the meeting is recorded with its 应到 from the roster on
//! that day, everyone present, and a note says how the file's counts differ so the secretary can
//! mark who was away. The natural key is organisation + types + 党小组 + date + topic.

use std::collections::HashMap;

use calamine::Data;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

use super::people::People;
use super::table::{self, count, FieldSpec, RowCtx};
use super::{HistoryImportRequest, HistoryKind, Reading};
use crate::error::Result;
use crate::import::roster::cells;
use crate::meetings::{ActivityFields, AttendanceMark};
use crate::model::{ActivityType, AttendanceStatus, Organization};
use crate::workbook::read::plain_text;

pub use super::HistoryField as M;

/// Header spellings; names columns before counts (`缺席人员` is names, `缺席` a count).
pub const SPECS: &[FieldSpec<M>] = &[
    FieldSpec {
        field: M::Date,
        variants: &[
            "日期",
            "会议日期",
            "活动日期",
            "开会日期",
            "召开日期",
            "会议时间",
            "开会时间",
            "召开时间",
            "活动时间",
        ],
    },
    FieldSpec { field: M::Time, variants: &["时间", "起止时间", "时段", "具体时间"] },
    FieldSpec {
        field: M::Type,
        variants: &["类型", "会议类型", "活动类型", "会议类别", "类别", "会议形式", "形式", "会议名称"],
    },
    FieldSpec { field: M::Group, variants: &["党小组", "所在党小组"] },
    FieldSpec {
        field: M::Topic, variants: &["会议主题", "主题", "议题", "活动主题", "会议议题", "党课题目", "题目"]
    },
    FieldSpec {
        field: M::Place, variants: &["地点", "会议地点", "活动地点", "开会地点", "召开地点"]
    },
    FieldSpec { field: M::Host, variants: &["主持人", "主持"] },
    FieldSpec { field: M::Recorder, variants: &["记录人", "记录员"] },
    FieldSpec { field: M::Lecturer, variants: &["讲课人", "授课人", "主讲人"] },
    FieldSpec {
        field: M::LeaveNames,
        variants: &["请假人员", "请假人", "请假名单", "请假党员", "请假人员及原因", "请假人姓名"],
    },
    FieldSpec {
        field: M::AbsentNames,
        variants: &["缺席人员", "缺席人", "缺席名单", "缺席党员", "未到人员", "缺席人员及原因"],
    },
    FieldSpec {
        field: M::PresentNames,
        variants: &["参会人员", "出席人员", "参加人员", "到会人员", "参会党员", "出席党员"],
    },
    FieldSpec {
        field: M::Expected,
        variants: &["应到", "应到人数", "应参会人数", "应出席", "应出席人数", "应参加人数"],
    },
    FieldSpec {
        field: M::Present,
        variants: &["实到", "实到人数", "参会人数", "出席人数", "实际参加人数", "实参加人数", "实出席"],
    },
    FieldSpec { field: M::Leave, variants: &["请假", "请假人数"] },
    FieldSpec { field: M::Absent, variants: &["缺席", "缺席人数", "未到", "未到人数"] },
    FieldSpec {
        field: M::Content,
        variants: &["会议内容", "内容", "主要内容", "活动内容", "会议纪要", "纪要", "学习内容", "内容摘要"],
    },
    FieldSpec {
        field: M::Decisions, variants: &["决议", "会议决议", "决定事项", "决议事项", "形成决议", "会议决定"]
    },
    FieldSpec { field: M::Hours, variants: &["学时"] },
    FieldSpec { field: M::Remark, variants: &["备注"] },
    FieldSpec { field: M::Branch, variants: super::BRANCH_VARIANTS },
];

/// Chinese names of the meeting types, most specific first; matched as parts of the cell text.
const TYPE_WORDS: &[(&str, ActivityType)] = &[
    ("组织生活会", ActivityType::LifeMeeting),
    ("民主生活会", ActivityType::LifeMeeting),
    ("民主评议", ActivityType::EvaluationMeeting),
    ("支部委员会", ActivityType::CommitteeMeeting),
    ("支委会", ActivityType::CommitteeMeeting),
    ("支委", ActivityType::CommitteeMeeting),
    ("党小组", ActivityType::GroupMeeting),
    ("小组会", ActivityType::GroupMeeting),
    ("党员大会", ActivityType::PartyCongress),
    ("支部大会", ActivityType::PartyCongress),
    ("党员会", ActivityType::PartyCongress),
    ("党课", ActivityType::PartyLecture),
    ("主题党日", ActivityType::ThemeDay),
    ("党日", ActivityType::ThemeDay),
    ("集中学习", ActivityType::Study),
    ("理论学习", ActivityType::Study),
    ("学习", ActivityType::Study),
    ("谈心谈话", ActivityType::HeartTalk),
    ("志愿服务", ActivityType::Volunteer),
    ("其他", ActivityType::Other),
];

/// The types a 类型 cell names (`主题党日、党课`, `党小组会（第一党小组）`) and the text in
/// parentheses (a 党小组's name); None when no type is recognised.
pub fn types_of(text: &str) -> Option<(Vec<ActivityType>, Option<String>)> {
    let mut inner = String::new();
    let mut outer = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = (depth - 1).max(0),
            c if depth > 0 => inner.push(c),
            c => outer.push(c),
        }
    }
    let mut types = Vec::new();
    for piece in outer.split(['、', ',', '，', '/', '+', '＋', '及', '和', ';', '；', ' ']) {
        if let Some((_, t)) = TYPE_WORDS.iter().find(|(w, _)| piece.contains(w)) {
            if !types.contains(t) {
                types.push(*t);
            }
        }
    }
    types.sort();
    let inner = table::squash(&inner);
    (!types.is_empty()).then_some((types, (!inner.is_empty()).then_some(inner)))
}

/// `14:30—16:30`, `14:30-16:30`, `14：30`, `14点30分`, `下午2:30` → (start, end) as `HH:MM`.
pub fn times_of(text: &str) -> Option<(String, Option<String>)> {
    let t = table::clean(text).replace('：', ":");
    let parts: Vec<&str> =
        t.split(['—', '–', '-', '~', '～', '至', '到']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let one = |p: &str| -> Option<String> {
        let pm = p.contains("下午") || p.contains("晚上") || p.contains("晚");
        let p = p.replace("上午", "").replace("下午", "").replace("晚上", "").replace('晚', "").replace("中午", "");
        let p = p.replace(['点', '时'], ":").replace('分', "").replace('半', "30");
        let mut it = p.split(':');
        let h: u32 = it.next()?.trim().parse().ok()?;
        let m: u32 = match it.next().map(str::trim) {
            None | Some("") => 0,
            Some(m) => m.parse().ok()?,
        };
        let h = if pm && h < 12 { h + 12 } else { h };
        (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
    };
    match parts.as_slice() {
        [a] => Some((one(a)?, None)),
        [a, b] => {
            let start = one(a)?;
            // 下午2:30-4:30: the afternoon applies to both.
            let end = if a.contains("下午") && !b.contains("上午") { one(&format!("下午{b}")) } else { one(b) };
            Some((start, Some(end?)))
        }
        _ => None,
    }
}

/// A meeting's natural key: organisation, types, 党小组, date, topic.
type MeetingKey = (i64, Vec<ActivityType>, Option<i64>, NaiveDate, String);

pub(crate) fn read(conn: &Connection, req: &HistoryImportRequest, today: NaiveDate) -> Result<Reading<ActivityFields>> {
    let reader = table::Reader::by_headers(SPECS, 3, "三会一课台账");
    let (file_name, tables) = super::read_tables(conn, req, &reader)?;
    let mut out = Reading::new(HistoryKind::Meetings, file_name, SPECS);
    let mut routes = super::Routes::new(conn, req, &tables, SPECS, &mut out)?;
    let mut orgs: HashMap<i64, Organization> = HashMap::new();
    let mut seen: HashMap<MeetingKey, String> = HashMap::new();
    for t in &tables {
        out.sheet(t, SPECS);
        for (what, f) in [("日期", M::Date), ("主题", M::Topic)] {
            let topic_from_content = f == M::Topic && t.columns.contains_key(&M::Content);
            if !(t.columns.contains_key(&f) || topic_from_content) {
                out.problem(
                    &t.sheet,
                    format!("{}：缺少“{what}”列（可识别的列名：{}）", t.sheet, spec_of(f).variants.join("、")),
                );
            }
        }
        if !t.columns.contains_key(&M::Date) {
            continue;
        }
        let rows = table::data_rows(t, SPECS);
        if rows.is_empty() {
            out.problem(&t.sheet, format!("{}：表头（第{}行）下面没有会议记录", t.sheet, t.header_row));
        }
        for r in rows {
            let mut ctx = RowCtx::new(t, r);
            let mut existing = false;
            // The row's branch in a 党委's register (a 所在支部 column), else the one imported into.
            let fields = match routes.org_of(&mut ctx) {
                Some(org_id) => {
                    if let std::collections::hash_map::Entry::Vacant(e) = orgs.entry(org_id) {
                        e.insert(crate::store::orgs::get(conn, org_id)?);
                    }
                    let people = routes.people(conn, org_id)?;
                    read_row(conn, &mut ctx, &orgs[&org_id], people, today, &mut existing)?
                }
                None => None,
            };
            let Some(f) = fields else {
                let summary = ctx.raw().join(" ").chars().take(40).collect();
                out.row(ctx, summary, vec![], 0);
                continue;
            };
            let mut summary =
                format!("{} {}“{}”", f.date, f.types.iter().map(|t| t.label()).collect::<Vec<_>>().join("·"), f.topic);
            let away = f.marks.iter().filter(|m| m.status != AttendanceStatus::Present).count();
            if away > 0 {
                summary.push_str(&format!("，请假或缺席{away}人"));
            }
            let key = (f.org_id, f.types.clone(), f.group_id, f.date, f.topic.clone());
            if let Some(first) = seen.get(&key) {
                ctx.problem(
                    Some(M::Topic),
                    &format!("与{first}是同一次会议（类型、日期、主题都相同）：请删除重复的一行"),
                );
                out.row(ctx, summary, vec![], 0);
                continue;
            }
            seen.insert(key, format!("{} 第{}行", t.sheet, ctx.row()));
            if existing {
                out.row(ctx, summary, vec![], 1);
            } else {
                out.row(ctx, summary, vec![f], 0);
            }
        }
    }
    Ok(out.finish())
}

/// The 党小组 a register names: the same name, else the one group whose distinctive part (without
/// 第, 党 and 小组) is the same (`一组`, `第一小组` for 第一党小组).
fn group_named<'a>(org: &'a Organization, written: &str) -> Option<&'a crate::model::PartyGroup> {
    let core = |t: &str| table::squash(t).replace(['第', '党'], "").replace("小组", "").replace('组', "");
    if let Some(g) = org.groups.iter().find(|x| table::squash(&x.name) == written) {
        return Some(g);
    }
    let want = core(written);
    let fits: Vec<_> = org.groups.iter().filter(|x| !want.is_empty() && core(&x.name) == want).collect();
    match fits.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

fn spec_of(f: M) -> &'static FieldSpec<M> {
    SPECS.iter().find(|s| s.field == f).expect("every field has a spec")
}

/// The column a form problem (`place`, `marks[2].member_id`) belongs to.
fn column_of(at: &str) -> Option<M> {
    let head = at.split(['.', '[']).next().unwrap_or(at);
    Some(match head {
        "date" => M::Date,
        "start_time" | "end_time" => M::Time,
        "types" | "group_id" => M::Type,
        "place" => M::Place,
        "topic" => M::Topic,
        "host_id" => M::Host,
        "recorder_id" => M::Recorder,
        "lecturer_id" => M::Lecturer,
        "hours_tenths" => M::Hours,
        "marks" => M::LeaveNames,
        _ => return None,
    })
}

fn read_row(
    conn: &Connection,
    ctx: &mut RowCtx<'_, M>,
    org: &Organization,
    people: &People,
    today: NaiveDate,
    existing: &mut bool,
) -> Result<Option<ActivityFields>> {
    // Date, and a time of day kept in the same cell.
    let mut start_time = None;
    let mut end_time = None;
    if let Some(Data::DateTime(dt)) = ctx.cell(M::Date) {
        let (_, _, _, h, m, _, _) = dt.to_ymd_hms_milli();
        if h != 0 || m != 0 {
            start_time = Some(format!("{h:02}:{m:02}"));
        }
    }
    let date = ctx.read(M::Date, cells::date);
    if date.is_none() && ctx.problems.is_empty() {
        ctx.problem(Some(M::Date), "日期未填写");
    }
    if let Some(t) = ctx.text(M::Time) {
        match times_of(&t) {
            Some((s, e)) => {
                start_time = Some(s);
                end_time = e;
            }
            None => ctx.note(&format!("时间“{t}”无法识别，未登记开始和结束时间")),
        }
    }
    let remark = ctx.text(M::Remark);
    let mut topic = ctx.text(M::Topic);
    let mut content = ctx.text(M::Content);
    if topic.is_none() {
        if let Some(c) = &content {
            topic = Some(c.lines().next().unwrap_or(c).chars().take(60).collect());
            if !ctx.has(M::Topic) {
                ctx.note("没有主题列：以会议内容的第一行作为主题");
            }
        }
    }
    let topic = match topic {
        Some(t) => t,
        None => {
            ctx.problem(Some(M::Topic), "主题未填写");
            String::new()
        }
    };
    // Types: the 类型 column, else words in the topic.
    let type_text = ctx.text(M::Type);
    let parsed = match &type_text {
        Some(t) => types_of(t).or_else(|| {
            ctx.problem(
                Some(M::Type),
                &format!("“{t}”不是可识别的会议类型，应为：支部党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议、集中学习等"),
            );
            None
        }),
        None => {
            let from_topic = types_of(&topic).map(|(t, _)| (t, None));
            match &from_topic {
                Some((ts, _)) => ctx.note(&format!(
                    "没有填写会议类型：按主题中的字样定为{}",
                    ts.iter().map(|t| t.label()).collect::<Vec<_>>().join("·")
                )),
                None if !topic.is_empty() => ctx.problem(Some(M::Type), "会议类型未填写，主题中也看不出类型：请填写“支部党员大会”“支委会”“党小组会”“党课”等"),
                None => {}
            }
            from_topic
        }
    };
    let (types, group_text) = parsed.unwrap_or_default();
    if !types.is_empty() && types.iter().all(|t| matches!(t, ActivityType::HeartTalk | ActivityType::Volunteer)) {
        ctx.problem(Some(M::Type), "谈心谈话、志愿服务须写明参加的每个人，不能从三会一课台账导入：请在程序中逐条登记");
    }
    let group_text = ctx.text(M::Group).or(group_text);
    let mut group_id = None;
    if types.contains(&ActivityType::GroupMeeting) {
        match &group_text {
            Some(g) => match group_named(org, g) {
                Some(x) => group_id = Some(x.id),
                None => ctx.problem(
                    Some(if ctx.has(M::Group) { M::Group } else { M::Type }),
                    &format!(
                        "“{}”没有名为“{g}”的党小组（现有：{}）",
                        org.fields.name,
                        org.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join("、")
                    ),
                ),
            },
            None if org.groups.len() == 1 => group_id = Some(org.groups[0].id),
            None => {
                ctx.problem(Some(M::Type), "党小组会须写明是哪个党小组：写成“党小组会（第一党小组）”，或加一列“党小组”")
            }
        }
    }
    let place = match ctx.text(M::Place) {
        Some(p) => p,
        None => {
            ctx.note(if ctx.has(M::Place) {
                "地点未填写：登记为“未记载”"
            } else {
                "没有地点列：地点登记为“未记载”"
            });
            "未记载".to_string()
        }
    };
    let person = |ctx: &mut RowCtx<'_, M>, label: &str, text: Option<String>| -> Option<i64> {
        let name = text?;
        match people.find(Some(&name), None, date) {
            Ok(m) => Some(m.id),
            Err(why) => {
                ctx.note(&format!("{label}“{name}”未登记（{why}）"));
                None
            }
        }
    };
    let host_text = ctx.text(M::Host);
    let host_id = person(ctx, "主持人", host_text);
    let recorder_text = ctx.text(M::Recorder);
    let recorder_id = person(ctx, "记录人", recorder_text);
    let lecturer_text = ctx.text(M::Lecturer).or_else(|| {
        remark.as_deref().and_then(|r| {
            r.split(['；', ';', '\n']).find_map(|p| {
                p.trim().strip_prefix("讲课人").map(|x| x.trim_start_matches(['：', ':']).trim().to_string())
            })
        })
    });
    let lecturer_id =
        if types.contains(&ActivityType::PartyLecture) { person(ctx, "讲课人", lecturer_text) } else { None };
    if let Some(r) = remark.filter(|r| !r.starts_with("讲课人")) {
        content = Some(match content {
            Some(c) => format!("{c}\n备注：{r}"),
            None => format!("备注：{r}"),
        });
    }
    let decisions = ctx.text(M::Decisions);
    let hours_tenths = match ctx.cell(M::Hours) {
        Some(d) if !crate::workbook::read::is_blank(d) => match d {
            Data::Float(f) if *f >= 0.0 => Some((f * 10.0).round() as u32),
            Data::Int(i) if *i >= 0 => Some(*i as u32 * 10),
            other => match table::clean(&plain_text(other)).trim_end_matches("小时").parse::<f64>() {
                Ok(f) if f >= 0.0 => Some((f * 10.0).round() as u32),
                _ => {
                    ctx.problem(Some(M::Hours), &format!("“{}”不是学时数，应填写如 1.5", plain_text(other)));
                    None
                }
            },
        },
        _ => None,
    };

    let Some(date) = date else { return Ok(None) };
    if types.is_empty() || topic.is_empty() || !ctx.problems.is_empty() {
        return Ok(None);
    }
    let mut f = ActivityFields {
        org_id: org.id,
        types,
        group_id,
        date,
        start_time,
        end_time,
        place,
        topic,
        host_id,
        recorder_id,
        lecturer_id,
        content,
        decisions,
        hours_tenths,
        observers: None,
        talk_trigger: None,
        celebrant_ids: Vec::new(),
        attendees: None,
        marks: Vec::new(),
        votes: Vec::new(),
    };
    // Already recorded (the same register imported again): nothing more to read or check.
    if crate::meetings::record::find_same(conn, f.org_id, &f.types, f.group_id, f.date, &f.topic)?.is_some() {
        *existing = true;
        return Ok(Some(f));
    }
    let types = f.types.clone();

    // Attendance: names first; counts only inform the notes.
    let expected: Vec<i64> = crate::meetings::expected::expected_in(conn, org.id, &types, group_id, date)?
        .expected
        .iter()
        .map(|m| m.member_id)
        .collect();
    let mut marks: Vec<AttendanceMark> = Vec::new();
    let mut counts: HashMap<M, u32> = HashMap::new();
    for (names_col, count_col, status) in [
        (Some(M::LeaveNames), Some(M::Leave), AttendanceStatus::Leave),
        (Some(M::AbsentNames), Some(M::Absent), AttendanceStatus::Absent),
        (Some(M::PresentNames), Some(M::Present), AttendanceStatus::Present),
        (None, Some(M::Expected), AttendanceStatus::Present),
    ] {
        let mut lists: Vec<(M, String)> = Vec::new();
        if let Some(t) = names_col.and_then(|c| ctx.text(c).map(|t| (c, t))) {
            lists.push(t);
        }
        if let Some(c) = count_col {
            if let Some(d) = ctx.cell(c) {
                match count(d) {
                    Ok(Some(n)) => {
                        counts.insert(c, n);
                    }
                    Ok(None) => {}
                    // A count column holding names (`请假：张三、李四`).
                    Err(text) if names_col.is_some() && !text.is_ascii() => lists.push((c, text)),
                    Err(text) => ctx.problem(Some(c), &format!("“{text}”不是人数")),
                }
            }
        }
        for (col, text) in lists {
            if matches!(text.as_str(), "无" | "/" | "-" | "—" | "0") {
                continue;
            }
            for (status, name, note) in away_lists(&text, status) {
                match people.find(Some(&name), None, Some(date)) {
                    Ok(m) if marks.iter().any(|x| x.member_id == m.id) => {
                        ctx.problem(Some(col), &format!("{}在本行出现了两次", m.fields.name))
                    }
                    Ok(m) => marks.push(AttendanceMark {
                        member_id: m.id,
                        status,
                        reason: match status {
                            AttendanceStatus::Leave => Some(note.unwrap_or_else(|| "原台账未写明原因".to_string())),
                            _ => note,
                        },
                    }),
                    Err(why) => ctx.problem(Some(col), &why),
                }
            }
        }
    }
    let named_present: Vec<i64> =
        marks.iter().filter(|m| m.status == AttendanceStatus::Present).map(|m| m.member_id).collect();
    if !named_present.is_empty() {
        // Those present are listed: everyone else expected and not on leave was absent.
        for id in &expected {
            if !marks.iter().any(|m| m.member_id == *id) {
                marks.push(AttendanceMark { member_id: *id, status: AttendanceStatus::Absent, reason: None });
            }
        }
        ctx.note("列出了参会人员：应到而未列出、也未请假的党员登记为缺席");
    }
    let away = marks.iter().filter(|m| m.status != AttendanceStatus::Present && expected.contains(&m.member_id)).count()
        as u32;
    let derived_present = expected.len() as u32 - away;
    let file_expected = counts.get(&M::Expected).copied();
    let file_present = counts.get(&M::Present).copied();
    let file_away = counts.get(&M::Leave).copied().unwrap_or(0) + counts.get(&M::Absent).copied().unwrap_or(0);
    let names_given = marks.iter().any(|m| m.status != AttendanceStatus::Present);
    let present_shown = file_present.or(file_expected.map(|e| e.saturating_sub(file_away)));
    if let Some(fp) = present_shown {
        if fp != derived_present && !names_given {
            ctx.note(
                "表中只有请假、缺席的人数，没有写明是谁：按名册当天应到的党员全部出席登记（不虚构名单），请在程序中补记这几次会议请假和缺席的党员",
            );
        } else if fp != derived_present {
            ctx.note(&format!("表中实到{fp}人，按写明的请假、缺席名单登记后实到{derived_present}人：请核对"));
        }
    }
    if let Some(fe) = file_expected {
        if fe != expected.len() as u32 && present_shown == Some(derived_present) {
            ctx.note("表中的应到人数与按名册算出的当天应到人数不同：请核对花名册的入党、转出日期");
        }
    }

    f.marks = marks;
    for p in crate::meetings::record::problems_of(conn, &f, today)? {
        let col = column_of(&p.at);
        let message = p.message.split_once('：').map(|(_, m)| m.to_string()).unwrap_or(p.message.clone());
        ctx.problem(col, &message);
    }
    Ok(ctx.problems.is_empty().then_some(f))
}

/// Stores the meetings (the search index rebuilt once for a large register).
pub(crate) fn write(tx: &Transaction, rows: Vec<ActivityFields>, today: NaiveDate) -> Result<()> {
    let bulk = rows.len() >= crate::meetings::search::BULK_ACTIVITIES;
    if bulk {
        crate::meetings::search::pause_index(tx)?;
    }
    let changed = !rows.is_empty();
    for f in rows {
        crate::meetings::record::insert_activity(tx, f, today)?;
    }
    if bulk {
        crate::meetings::search::resume_index(tx, changed)?;
    }
    Ok(())
}

/// The names a cell lists, each with the status it is listed under: a part headed `请假：` or `缺席：`
/// (as in the 三会一课台账's own 请假、缺席人员及原因 column, `请假：王五（出差）；缺席：孙七`) takes
/// that status; the rest the column's.
fn away_lists(text: &str, status: AttendanceStatus) -> Vec<(AttendanceStatus, String, Option<String>)> {
    let mut out = Vec::new();
    for part in text.split(['；', ';', '\n']) {
        let part = part.trim();
        let (status, names) = if let Some(rest) = part.strip_prefix("请假").and_then(|r| r.strip_prefix(['：', ':']))
        {
            (AttendanceStatus::Leave, rest)
        } else if let Some(rest) = part.strip_prefix("缺席").and_then(|r| r.strip_prefix(['：', ':'])) {
            (AttendanceStatus::Absent, rest)
        } else {
            (status, part)
        };
        out.extend(People::split_names(names).into_iter().map(|(name, note)| (status, name, note)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_in_the_ways_people_write_them() {
        let t = types_of;
        assert_eq!(t("支部党员大会").unwrap().0, vec![ActivityType::PartyCongress]);
        assert_eq!(t("支部委员会").unwrap().0, vec![ActivityType::CommitteeMeeting]);
        assert_eq!(
            t("党小组会（第一党小组）").unwrap(),
            (vec![ActivityType::GroupMeeting], Some("第一党小组".to_string()))
        );
        assert_eq!(t("主题党日、党课").unwrap().0, vec![ActivityType::PartyLecture, ActivityType::ThemeDay]);
        assert_eq!(t("组织生活会").unwrap().0, vec![ActivityType::LifeMeeting]);
        assert_eq!(t("民主评议党员").unwrap().0, vec![ActivityType::EvaluationMeeting]);
        assert!(t("联欢会").is_none());
    }

    #[test]
    fn times() {
        assert_eq!(times_of("14:30—16:30"), Some(("14:30".into(), Some("16:30".into()))));
        assert_eq!(times_of("１４：３０-１６：００"), Some(("14:30".into(), Some("16:00".into()))));
        assert_eq!(times_of("下午2:30-4:30"), Some(("14:30".into(), Some("16:30".into()))));
        assert_eq!(times_of("9点"), Some(("09:00".into(), None)));
        assert_eq!(times_of("全天"), None);
    }
}
