//! Checks of the record lists that hang off members and organisations: activities, dues payments,
//! trainings, evaluations and development.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::{check_fen, check_month, check_time, not_blank, Problems, Refs};
use crate::model::id_number::IdNumber;
use crate::model::ActivityType;
use crate::package::format::{ActivityRecord, AttachmentRecord, DevelopmentRecord, Package};
use crate::package::keys::Kind;

/// The founding of the Party: no record of it can be older.
const EARLIEST_YEAR: u32 = 1921;

pub(super) fn check_activities(p: &mut Problems, refs: &Refs, pkg: &Package) {
    for (i, a) in pkg.activities.iter().enumerate() {
        let at = format!("activities[{i}]");
        refs.check(p, Kind::Organization, &a.org, || format!("{at}.org"));
        match (&a.activity_type, &a.types) {
            (None, None) => p.add(format!("{at}.type"), "缺少活动类型（type 或 types 须填一个）"),
            (Some(_), Some(_)) => p.add(format!("{at}.types"), "type 与 types 只能填一个"),
            (None, Some(types)) if types.is_empty() => p.add(format!("{at}.types"), "types 不能为空数组"),
            (None, Some(types)) => {
                let distinct: HashSet<_> = types.iter().collect();
                if distinct.len() != types.len() {
                    p.add(format!("{at}.types"), "types 中有重复的类型");
                }
            }
            (Some(_), None) => {}
        }
        if let Some(group) = &a.group {
            refs.check(p, Kind::Group, group, || format!("{at}.group"));
            if refs.exists(Kind::Organization, &a.org) && !refs.group_in_org(group, &a.org) {
                p.add(format!("{at}.group"), format!("党小组“{group}”不属于组织“{}”", a.org));
            }
        }
        let start = a.start.as_deref().and_then(|t| check_time(p, t, || format!("{at}.start")));
        let end = a.end.as_deref().and_then(|t| check_time(p, t, || format!("{at}.end")));
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                p.add(format!("{at}.end"), "结束时间不能早于开始时间");
            }
        }
        not_blank(p, &a.place, || format!("{at}.place"), "地点");
        not_blank(p, &a.topic, || format!("{at}.topic"), "主题");
        for (field, person) in [("host", &a.host), ("recorder", &a.recorder), ("lecturer", &a.lecturer)] {
            if let Some(key) = person {
                refs.check(p, Kind::Member, key, || format!("{at}.{field}"));
            }
        }
        let mut seen = HashSet::new();
        for (j, row) in a.attendance.iter().enumerate() {
            refs.check(p, Kind::Member, &row.member, || format!("{at}.attendance[{j}].member"));
            if !seen.insert(row.member.as_str()) {
                p.add(format!("{at}.attendance[{j}].member"), format!("党员“{}”在本次考勤中重复", row.member));
            }
        }
        check_activity_extensions(p, refs, a, &at);
    }
}

/// The optional fields added for 组织生活: talk trigger, 政治生日 celebrants, attachments.
fn check_activity_extensions(p: &mut Problems, refs: &Refs, a: &ActivityRecord, at: &str) {
    if a.talk_trigger.is_some() && !a.all_types().contains(&ActivityType::HeartTalk) {
        p.add(format!("{at}.talk_trigger"), "必谈情形只适用于谈心谈话（heart_talk）");
    }
    let mut seen = HashSet::new();
    for (j, key) in a.celebrants.iter().enumerate() {
        refs.check(p, Kind::Member, key, || format!("{at}.celebrants[{j}]"));
        if !seen.insert(key.as_str()) {
            p.add(format!("{at}.celebrants[{j}]"), format!("党员“{key}”重复"));
        }
    }
    check_files(p, &a.attachments, &format!("{at}.attachments"));
}

/// The metadata of attached files (an activity's `attachments`, a use of money's `receipts`), at the
/// path `at` of their list: a name, a SHA-256 as lowercase hex, a size not negative.
pub(super) fn check_files(p: &mut Problems, files: &[AttachmentRecord], at: &str) {
    for (j, f) in files.iter().enumerate() {
        not_blank(p, &f.file_name, || format!("{at}[{j}].file_name"), "文件名");
        if f.sha256.len() != 64 || !f.sha256.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)) {
            p.add(format!("{at}[{j}].sha256"), "应为 64 位小写十六进制的 SHA-256 校验值");
        }
        if f.size_bytes < 0 {
            p.add(format!("{at}[{j}].size_bytes"), "文件大小不能为负数");
        }
    }
}

pub(super) fn check_templates(p: &mut Problems, refs: &Refs, pkg: &Package) {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, t) in pkg.meeting_templates.iter().enumerate() {
        let at = format!("meeting_templates[{i}]");
        refs.check(p, Kind::Organization, &t.org, || format!("{at}.org"));
        not_blank(p, &t.name, || format!("{at}.name"), "模板名称");
        if let Some(first) = seen.insert((&t.org, &t.name), i) {
            p.add(format!("{at}.name"), format!("与 meeting_templates[{first}] 重复（同一组织的模板名称）"));
        }
        let distinct: HashSet<_> = t.types.iter().collect();
        if t.types.is_empty() {
            p.add(format!("{at}.types"), "types 不能为空数组");
        } else if distinct.len() != t.types.len() {
            p.add(format!("{at}.types"), "types 中有重复的类型");
        }
        if let Some(group) = &t.group {
            refs.check(p, Kind::Group, group, || format!("{at}.group"));
            if refs.exists(Kind::Organization, &t.org) && !refs.group_in_org(group, &t.org) {
                p.add(format!("{at}.group"), format!("党小组“{group}”不属于组织“{}”", t.org));
            }
        }
        for (field, time) in [("start", &t.start), ("end", &t.end)] {
            if let Some(text) = time {
                check_time(p, text, || format!("{at}.{field}"));
            }
        }
        for (field, person) in [("host", &t.host), ("recorder", &t.recorder), ("lecturer", &t.lecturer)] {
            if let Some(key) = person {
                refs.check(p, Kind::Member, key, || format!("{at}.{field}"));
            }
        }
    }
}

pub(super) fn check_dues(p: &mut Problems, refs: &Refs, pkg: &Package) {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, d) in pkg.dues_payments.iter().enumerate() {
        let at = || format!("dues_payments[{i}]");
        refs.check(p, Kind::Member, &d.member, || format!("{}.member", at()));
        check_month(p, &d.month, || format!("{}.month", at()));
        check_fen(p, d.paid_fen, || format!("{}.paid_fen", at()));
        if let Some(first) = seen.insert((&d.member, &d.month), i) {
            p.add(at(), format!("与 dues_payments[{first}] 重复（同一党员同一月份只能有一条）"));
        }
    }
}

pub(super) fn check_trainings(p: &mut Problems, refs: &Refs, pkg: &Package) {
    let mut seen: HashMap<(&str, NaiveDate, &str), usize> = HashMap::new();
    for (i, t) in pkg.trainings.iter().enumerate() {
        let at = || format!("trainings[{i}]");
        refs.check(p, Kind::Member, &t.member, || format!("{}.member", at()));
        not_blank(p, &t.title, || format!("{}.title", at()), "培训名称");
        if let Some(first) = seen.insert((&t.member, t.date, &t.title), i) {
            p.add(at(), format!("与 trainings[{first}] 重复（同一党员、日期和培训名称）"));
        }
    }
}

pub(super) fn check_evaluations(p: &mut Problems, refs: &Refs, pkg: &Package, today: NaiveDate) {
    let mut seen: HashMap<(&str, u32), usize> = HashMap::new();
    for (i, e) in pkg.evaluations.iter().enumerate() {
        let at = || format!("evaluations[{i}]");
        refs.check(p, Kind::Member, &e.member, || format!("{}.member", at()));
        if !(EARLIEST_YEAR..=today.year() as u32).contains(&e.year) {
            p.add(format!("{}.year", at()), format!("年度 {} 不在 {EARLIEST_YEAR} 到今年之间", e.year));
        }
        if let Some(first) = seen.insert((&e.member, e.year), i) {
            p.add(at(), format!("与 evaluations[{first}] 重复（同一党员同一年度只能有一个评议结果）"));
        }
    }
}

pub(super) fn check_development(p: &mut Problems, refs: &Refs, pkg: &Package, today: NaiveDate) {
    for (i, d) in pkg.development.iter().enumerate() {
        let at = format!("development[{i}]");
        refs.check(p, Kind::Organization, &d.org, || format!("{at}.org"));
        not_blank(p, &d.name, || format!("{at}.name"), "姓名");
        check_person_identity(p, d, &at, today);
        check_steps(p, refs, d, &at);
        let mut vote_steps = HashSet::new();
        for (j, v) in d.votes.iter().enumerate() {
            let vat = format!("{at}.votes[{j}]");
            if v.step != 15 && v.step != 23 {
                p.add(format!("{vat}.step"), format!("表决只在第15步（接收）或第23步（转正），不能是第{}步", v.step));
            } else if !vote_steps.insert(v.step) {
                p.add(format!("{vat}.step"), format!("第{}步的表决重复", v.step));
            }
            if v.present > v.eligible {
                p.add(format!("{vat}.present"), format!("实到人数 {} 多于应到人数 {}", v.present, v.eligible));
            }
            // 赞成 counts the written opinions of absent voters (细则 Art 21): at most 应到.
            if v.in_favour > v.eligible {
                p.add(format!("{vat}.in_favour"), format!("赞成票 {} 多于应到人数 {}", v.in_favour, v.eligible));
            }
        }
        if let Some(days) = d.training.as_ref().and_then(|t| t.days) {
            if !(0.0..=366.0).contains(&days) {
                p.add(format!("{at}.training.days"), format!("培训天数 {days} 不合理"));
            }
        }
        if let Some(n) = d.probation_extension_months {
            if !(6..=12).contains(&n) {
                p.add(format!("{at}.probation_extension_months"), format!("延长预备期应为6到12个月，现为{n}个月"));
            }
        }
        if let Some(member) = &d.member {
            refs.check(p, Kind::Member, member, || format!("{at}.member"));
        }
    }
}

fn check_person_identity(p: &mut Problems, d: &DevelopmentRecord, at: &str, today: NaiveDate) {
    if d.birth_date > today {
        p.add(format!("{at}.birth_date"), "出生日期：不能晚于今天");
    }
    let Some(text) = &d.id_number else { return };
    match IdNumber::parse(text) {
        Err(message) => p.add(format!("{at}.id_number"), format!("公民身份证号：{message}")),
        Ok(id) => {
            if id.birth_date() != d.birth_date {
                p.add(
                    format!("{at}.birth_date"),
                    format!("出生日期：与身份证号中的出生日期{}不一致", id.birth_date().format("%Y-%m-%d")),
                );
            }
            if id.gender() != d.gender {
                p.add(
                    format!("{at}.gender"),
                    format!("性别：与身份证号不一致（身份证号显示为{}）", id.gender().label()),
                );
            }
        }
    }
}

fn check_steps(p: &mut Problems, refs: &Refs, d: &DevelopmentRecord, at: &str) {
    let mut dates: HashMap<u32, NaiveDate> = HashMap::new();
    for (j, s) in d.steps.iter().enumerate() {
        let sat = format!("{at}.steps[{j}]");
        if !(1..=25).contains(&s.step) {
            p.add(format!("{sat}.step"), format!("步骤应在1到25之间，现为{}", s.step));
        } else if dates.insert(s.step, s.date).is_some() {
            p.add(format!("{sat}.step"), format!("第{}步重复", s.step));
        }
        if s.date <= d.birth_date {
            p.add(format!("{sat}.date"), "日期不能早于出生日期");
        }
        for (k, person) in s.people.iter().enumerate() {
            refs.check(p, Kind::Member, person, || format!("{sat}.people[{k}]"));
        }
    }
    // A 转正 discussed or approved before the person was admitted cannot have happened.
    if let Some(&admitted) = dates.get(&15) {
        for step in [23, 24] {
            if let Some(&date) = dates.get(&step) {
                if date < admitted {
                    let j = d.steps.iter().position(|s| s.step == step).unwrap_or(0);
                    p.add(format!("{at}.steps[{j}].date"), format!("第{step}步（转正）不能早于第15步（支部大会接收）"));
                }
            }
        }
    }
}
