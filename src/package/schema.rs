//! The shape of package v1 as data, walked over a `serde_json::Value` to name *where* a package is
//! malformed (`members[3].birth_date`): unknown field, missing required field, wrong type, bad date,
//! unknown code, hours with more than one decimal.
//!
//! It is only used to explain a failed typed parse, so it must accept exactly what the serde types in
//! `format.rs` accept. Keep the tables in step with those structs (the tests compare them).

use serde_json::Value;

use super::format::{date, Hours};
use crate::development::record::DocumentKind;
use crate::error::Problem;
use crate::model::{
    ActivityType, AttendanceStatus, Category, Gender, Grade, LeftReason, MemberEventKind, MemberStatus, OrgKind,
    ReviewResult, Role, Sector, Standing, TalkTrigger, VoteSubject,
};

/// The most problems one walk reports; beyond that the package is clearly not what it should be.
pub(super) const MAX_PROBLEMS: usize = 500;

/// A closed code list: which strings it accepts and how to list them in a message.
pub(super) struct CodeSet {
    accepts: fn(&str) -> bool,
    listing: fn() -> String,
}

macro_rules! code_set {
    ($t:ty) => {
        &CodeSet {
            accepts: |s| <$t>::from_code(s).is_some(),
            listing: || {
                <$t>::ALL.iter().map(|c| format!("{}（{}）", c.code(), c.label())).collect::<Vec<_>>().join("、")
            },
        }
    };
}

pub(super) enum Ty {
    Text,
    Date,
    Stamp,
    /// Any integer that fits i64 (money in 分).
    Int,
    /// A non-negative integer that fits u32.
    Count,
    /// Any finite number.
    Number,
    Hours,
    Flag,
    Code(&'static CodeSet),
    List(&'static Ty),
    Record(&'static [Field]),
    /// Any JSON object, checked after parsing (the dues rules).
    Object,
}

pub(super) struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field { name, ty, required: true }
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field { name, ty, required: false }
}

const TEXT_LIST: Ty = Ty::List(&Ty::Text);

const TERM: &[Field] = &[req("elected_on", Ty::Date), req("years", Ty::Count)];
const POSITION: &[Field] =
    &[req("member", Ty::Text), req("role", Ty::Code(code_set!(Role))), opt("from", Ty::Date), opt("to", Ty::Date)];
const GROUP: &[Field] = &[req("key", Ty::Text), req("name", Ty::Text), opt("leader", Ty::Text)];

pub(super) const ORGANIZATION: &[Field] = &[
    req("key", Ty::Text),
    req("name", Ty::Text),
    opt("short_name", Ty::Text),
    req("kind", Ty::Code(code_set!(OrgKind))),
    req("sector", Ty::Code(code_set!(Sector))),
    opt("parent", Ty::Text),
    opt("founded_on", Ty::Date),
    opt("term", Ty::Record(TERM)),
    opt("profile", Ty::Text),
    opt("positions", Ty::List(&Ty::Record(POSITION))),
    opt("groups", Ty::List(&Ty::Record(GROUP))),
];

const LEFT: &[Field] = &[req("on", Ty::Date), req("reason", Ty::Code(code_set!(LeftReason))), opt("to", Ty::Text)];
const DUES_BASE: &[Field] = &[req("from", Ty::Text), req("base_fen", Ty::Int)];

pub(super) const MEMBER: &[Field] = &[
    req("key", Ty::Text),
    req("org", Ty::Text),
    req("name", Ty::Text),
    opt("group", Ty::Text),
    req("gender", Ty::Code(code_set!(Gender))),
    opt("ethnicity", Ty::Text),
    opt("id_number", Ty::Text),
    req("birth_date", Ty::Date),
    opt("education", Ty::Text),
    req("status", Ty::Code(code_set!(MemberStatus))),
    req("joined_on", Ty::Date),
    opt("full_member_on", Ty::Date),
    req("category", Ty::Code(code_set!(Category))),
    opt("post", Ty::Text),
    opt("phone", Ty::Text),
    opt("address", Ty::Text),
    opt("standing", Ty::Code(code_set!(Standing))),
    opt("lost_contact_since", Ty::Text),
    opt("outflow_to", Ty::Text),
    opt("attendance_exempt", Ty::Flag),
    opt("left", Ty::Record(LEFT)),
    opt("dues_bases", Ty::List(&Ty::Record(DUES_BASE))),
    opt("dues_fixed_fen", Ty::Int),
    opt("landline", Ty::Text),
    opt("native_place", Ty::Text),
    opt("work_started_on", Ty::Date),
    opt("degree", Ty::Text),
    opt("unit_title", Ty::Text),
    opt("remark", Ty::Text),
    opt("events", Ty::List(&Ty::Record(MEMBER_EVENT))),
];

const MEMBER_EVENT: &[Field] = &[
    req("on", Ty::Date),
    req("event", Ty::Code(code_set!(MemberEventKind))),
    opt("detail", Ty::Text),
    opt("letter_no", Ty::Text),
];

const ATTENDANCE: &[Field] =
    &[req("member", Ty::Text), req("status", Ty::Code(code_set!(AttendanceStatus))), opt("reason", Ty::Text)];

pub(super) const ACTIVITY: &[Field] = &[
    req("key", Ty::Text),
    req("org", Ty::Text),
    opt("type", Ty::Code(code_set!(ActivityType))),
    opt("types", Ty::List(&Ty::Code(code_set!(ActivityType)))),
    opt("group", Ty::Text),
    req("date", Ty::Date),
    opt("start", Ty::Text),
    opt("end", Ty::Text),
    req("place", Ty::Text),
    req("topic", Ty::Text),
    opt("host", Ty::Text),
    opt("recorder", Ty::Text),
    opt("lecturer", Ty::Text),
    opt("content", Ty::Text),
    opt("decisions", Ty::Text),
    opt("hours", Ty::Hours),
    opt("attendance", Ty::List(&Ty::Record(ATTENDANCE))),
    opt("talk_trigger", Ty::Code(code_set!(TalkTrigger))),
    opt("observers", Ty::Text),
    opt("celebrants", TEXT_LIST),
    opt("attachments", Ty::List(&Ty::Record(ATTACHMENT))),
    opt("votes", Ty::List(&Ty::Record(MEETING_VOTE))),
];

const MEETING_VOTE: &[Field] = &[
    req("subject", Ty::Code(code_set!(VoteSubject))),
    opt("person", Ty::Text),
    opt("title", Ty::Text),
    req("eligible", Ty::Count),
    req("present", Ty::Count),
    req("in_favour", Ty::Count),
    opt("against", Ty::Count),
    opt("abstain", Ty::Count),
    opt("written", Ty::Count),
];

const ATTACHMENT: &[Field] = &[req("file_name", Ty::Text), req("sha256", Ty::Text), req("size_bytes", Ty::Int)];

pub(super) const TEMPLATE: &[Field] = &[
    req("org", Ty::Text),
    req("name", Ty::Text),
    req("types", Ty::List(&Ty::Code(code_set!(ActivityType)))),
    opt("group", Ty::Text),
    opt("start", Ty::Text),
    opt("end", Ty::Text),
    opt("place", Ty::Text),
    opt("topic", Ty::Text),
    opt("host", Ty::Text),
    opt("recorder", Ty::Text),
    opt("lecturer", Ty::Text),
    opt("content", Ty::Text),
    opt("decisions", Ty::Text),
    opt("hours", Ty::Hours),
];

pub(super) const DUES_PAYMENT: &[Field] =
    &[req("member", Ty::Text), req("month", Ty::Text), req("paid_fen", Ty::Int), req("paid_on", Ty::Date)];

pub(super) const TRAINING: &[Field] = &[
    req("member", Ty::Text),
    req("date", Ty::Date),
    req("title", Ty::Text),
    req("hours", Ty::Hours),
    opt("organizer", Ty::Text),
];

pub(super) const EVALUATION: &[Field] =
    &[req("member", Ty::Text), req("year", Ty::Count), req("grade", Ty::Code(code_set!(Grade)))];

const STEP: &[Field] =
    &[req("step", Ty::Count), req("date", Ty::Date), opt("people", TEXT_LIST), opt("note", Ty::Text)];
const VOTE: &[Field] =
    &[req("step", Ty::Count), req("eligible", Ty::Count), req("present", Ty::Count), req("in_favour", Ty::Count)];
const DEV_TRAINING: &[Field] = &[opt("days", Ty::Number), opt("hours", Ty::Hours)];

pub(super) const DEVELOPMENT: &[Field] = &[
    req("key", Ty::Text),
    req("org", Ty::Text),
    req("name", Ty::Text),
    req("gender", Ty::Code(code_set!(Gender))),
    opt("id_number", Ty::Text),
    req("birth_date", Ty::Date),
    opt("steps", Ty::List(&Ty::Record(STEP))),
    opt("votes", Ty::List(&Ty::Record(VOTE))),
    opt("training", Ty::Record(DEV_TRAINING)),
    opt("political_review", Ty::Code(code_set!(ReviewResult))),
    opt("probation_extension_months", Ty::Count),
    opt("member", Ty::Text),
    opt("ethnicity", Ty::Text),
    opt("education", Ty::Text),
    opt("unit_title", Ty::Text),
    opt("probation_extended_on", Ty::Date),
    opt("documents", Ty::List(&Ty::Record(DEV_DOCUMENT))),
    opt("overrides", Ty::List(&Ty::Record(OVERRIDE))),
];

const DEV_DOCUMENT: &[Field] = &[
    req("kind", Ty::Code(code_set!(DocumentKind))),
    req("received_on", Ty::Date),
    opt("period", Ty::Text),
    opt("number", Ty::Text),
    opt("note", Ty::Text),
];
const OVERRIDE: &[Field] = &[
    opt("step", Ty::Count),
    req("check", Ty::Text),
    req("rules", Ty::Text),
    req("message", Ty::Text),
    req("reason", Ty::Text),
    req("recorded_at", Ty::Text),
];

pub(super) const DUES_RULES: &[Field] = &[req("from_year", Ty::Count), req("rules", Ty::Object)];
pub(super) const DUES_PUBLICATION: &[Field] = &[
    req("org", Ty::Text),
    req("period", Ty::Text),
    req("published_on", Ty::Date),
    req("how", Ty::Text),
    opt("subject", Ty::Text),
];

pub(super) const REMITTANCE: &[Field] = &[
    req("org", Ty::Text),
    req("from_month", Ty::Text),
    req("to_month", Ty::Text),
    req("remitted_on", Ty::Date),
    req("amount_fen", Ty::Int),
    opt("receipt_no", Ty::Text),
    opt("handed_by", Ty::Text),
    opt("note", Ty::Text),
];

pub(super) const SPENDING: &[Field] = &[
    req("org", Ty::Text),
    req("spent_on", Ty::Date),
    req("amount_fen", Ty::Int),
    req("source", Ty::Text),
    req("purpose", Ty::Text),
    opt("payee", Ty::Text),
    opt("approved_by", Ty::Text),
    opt("note", Ty::Text),
    opt("budget_item", Ty::Text),
    opt("receipt_no", Ty::Text),
    opt("receipts", Ty::List(&Ty::Record(ATTACHMENT))),
];

pub(super) const CARE_VISIT: &[Field] = &[
    req("member", Ty::Text),
    req("visited_on", Ty::Date),
    req("occasion", Ty::Text),
    req("visitors", Ty::Text),
    opt("given", Ty::Text),
    opt("amount_fen", Ty::Int),
    opt("follow_up", Ty::Text),
    opt("with_spending", Ty::Flag),
];

pub(super) const BUDGET_LINE: &[Field] = &[
    req("org", Ty::Text),
    req("year", Ty::Count),
    req("item", Ty::Text),
    req("amount_fen", Ty::Int),
    opt("note", Ty::Text),
];

pub(super) const INCOME: &[Field] = &[
    req("org", Ty::Text),
    req("received_on", Ty::Date),
    req("amount_fen", Ty::Int),
    req("kind", Ty::Text),
    opt("note", Ty::Text),
];

pub(super) const HARDSHIP: &[Field] = &[req("member", Ty::Text), req("reason", Ty::Text), req("marked_on", Ty::Date)];

const OPENING_DUES: &[Field] = &[req("org", Ty::Text), req("amount_fen", Ty::Int)];
const FUNDS_YEAR: &[Field] =
    &[req("org", Ty::Text), req("year", Ty::Count), opt("payroll_fen", Ty::Int), opt("budget_fen", Ty::Int)];

pub(super) const FUNDS_SETTINGS: &[Field] = &[
    req("approval_threshold_fen", Ty::Int),
    req("retain_permille", Ty::Count),
    opt("opening_dues", Ty::List(&Ty::Record(OPENING_DUES))),
    opt("years", Ty::List(&Ty::Record(FUNDS_YEAR))),
];

pub(super) const PLAN_ITEM: &[Field] = &[
    req("org", Ty::Text),
    req("year", Ty::Int),
    req("kind", Ty::Text),
    opt("types", TEXT_LIST),
    opt("group", Ty::Text),
    req("unit", Ty::Text),
    req("planned_on", Ty::Date),
    opt("topic", Ty::Text),
    opt("note", Ty::Text),
    opt("rule", Ty::Text),
    opt("subject", Ty::Text),
];

/// The top level, header fields included (the header is checked before the walk, so a wrong
/// `format` or a newer `version` never shows up as a field problem).
pub(super) const PACKAGE: &[Field] = &[
    req("format", Ty::Text),
    req("version", Ty::Count),
    req("exported_at", Ty::Stamp),
    req("source", Ty::Text),
    opt("organizations", Ty::List(&Ty::Record(ORGANIZATION))),
    opt("members", Ty::List(&Ty::Record(MEMBER))),
    opt("activities", Ty::List(&Ty::Record(ACTIVITY))),
    opt("dues_payments", Ty::List(&Ty::Record(DUES_PAYMENT))),
    opt("trainings", Ty::List(&Ty::Record(TRAINING))),
    opt("evaluations", Ty::List(&Ty::Record(EVALUATION))),
    opt("development", Ty::List(&Ty::Record(DEVELOPMENT))),
    opt("dues_rules", Ty::List(&Ty::Record(DUES_RULES))),
    opt("dues_publications", Ty::List(&Ty::Record(DUES_PUBLICATION))),
    opt("meeting_templates", Ty::List(&Ty::Record(TEMPLATE))),
    opt("dues_remittances", Ty::List(&Ty::Record(REMITTANCE))),
    opt("fund_spending", Ty::List(&Ty::Record(SPENDING))),
    opt("care_visits", Ty::List(&Ty::Record(CARE_VISIT))),
    opt("plan_items", Ty::List(&Ty::Record(PLAN_ITEM))),
    opt("fund_budget_lines", Ty::List(&Ty::Record(BUDGET_LINE))),
    opt("fund_income", Ty::List(&Ty::Record(INCOME))),
    opt("hardship", Ty::List(&Ty::Record(HARDSHIP))),
    opt("funds_settings", Ty::Record(FUNDS_SETTINGS)),
    opt("start_month", Ty::Text),
];

/// Every shape problem of a package, at most `MAX_PROBLEMS`.
pub(super) fn walk_package(value: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    walk_record(value, PACKAGE, "", &mut problems);
    problems
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn push(problems: &mut Vec<Problem>, at: String, message: String) {
    if problems.len() < MAX_PROBLEMS {
        problems.push(Problem::new(at, message));
    }
}

fn walk_record(value: &Value, fields: &[Field], path: &str, problems: &mut Vec<Problem>) {
    let Some(object) = value.as_object() else {
        push(problems, path.to_string(), format!("应为对象（{{…}}），现为{}", json_kind(value)));
        return;
    };
    for (name, v) in object {
        match fields.iter().find(|f| f.name == name) {
            None => push(problems, join(path, name), format!("未知字段“{name}”（数据包第1版及其扩展都没有此字段）")),
            Some(f) if v.is_null() && f.required => {
                push(problems, join(path, name), format!("必填字段“{name}”不能为空"))
            }
            Some(_) if v.is_null() => {}
            Some(f) => walk_value(v, &f.ty, &join(path, name), problems),
        }
    }
    for f in fields.iter().filter(|f| f.required && !object.contains_key(f.name)) {
        push(problems, join(path, f.name), format!("缺少必填字段“{}”", f.name));
    }
}

fn walk_value(v: &Value, ty: &Ty, path: &str, problems: &mut Vec<Problem>) {
    let wrong = |expected: &str| format!("应为{expected}，现为{}", json_kind(v));
    let message = match ty {
        Ty::Text => (!v.is_string()).then(|| wrong("文本")),
        Ty::Flag => (!v.is_boolean()).then(|| wrong("true 或 false")),
        Ty::Int => (v.as_i64().is_none()).then(|| wrong("整数")),
        Ty::Count => match v.as_u64() {
            Some(n) if n <= u64::from(u32::MAX) => None,
            Some(_) => Some("数值过大".to_string()),
            None => Some(wrong("非负整数")),
        },
        Ty::Number => (v.as_f64().is_none()).then(|| wrong("数字")),
        Ty::Hours => match v.as_f64() {
            None => Some(wrong("数字（学时）")),
            Some(x) => Hours::from_number(x).err(),
        },
        Ty::Date => match v.as_str() {
            None => Some(wrong("日期文本（YYYY-MM-DD）")),
            Some(s) => date::parse(s).is_none().then(|| format!("“{s}”不是有效日期，应写成 YYYY-MM-DD")),
        },
        Ty::Stamp => match v.as_str() {
            None => Some(wrong("时间戳文本")),
            Some(s) => chrono::DateTime::parse_from_rfc3339(s)
                .is_err()
                .then(|| format!("“{s}”不是有效的 RFC 3339 时间，应写成如 2026-11-22T10:00:00+08:00")),
        },
        Ty::Code(set) => match v.as_str() {
            None => Some(wrong("代码文本")),
            Some(s) => (!(set.accepts)(s)).then(|| format!("“{s}”不是有效取值，可选：{}", (set.listing)())),
        },
        Ty::List(item) => match v.as_array() {
            None => Some(wrong("数组（[…]）")),
            Some(items) => {
                for (i, x) in items.iter().enumerate() {
                    if problems.len() >= MAX_PROBLEMS {
                        break;
                    }
                    let at = format!("{path}[{i}]");
                    if x.is_null() {
                        push(problems, at, "数组元素不能为 null".to_string());
                    } else {
                        walk_value(x, item, &at, problems);
                    }
                }
                None
            }
        },
        Ty::Record(fields) => {
            walk_record(v, fields, path, problems);
            None
        }
        Ty::Object => (!v.is_object()).then(|| wrong("对象（{…}）")),
    };
    if let Some(message) = message {
        push(problems, path.to_string(), message);
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_f64() => "小数",
        Value::Number(_) => "整数",
        Value::String(_) => "文本",
        Value::Array(_) => "数组",
        Value::Object(_) => "对象",
    }
}

/// Paths of schema fields that `value` does not show (looking at the first element of each list):
/// a sample with every field must give none, proving the tables hold nothing serde lacks.
#[cfg(test)]
pub(super) fn not_shown_in(value: &Value) -> Vec<String> {
    fn walk(v: &Value, ty: &Ty, path: &str, out: &mut Vec<String>) {
        match ty {
            Ty::List(item) => match v.as_array().and_then(|a| a.first()) {
                Some(first) => walk(first, item, &format!("{path}[0]"), out),
                None => out.push(format!("{path}[0]")),
            },
            Ty::Record(fields) => {
                for f in fields.iter() {
                    match v.get(f.name) {
                        Some(x) if !x.is_null() => walk(x, &f.ty, &join(path, f.name), out),
                        _ => out.push(join(path, f.name)),
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &Ty::Record(PACKAGE), "", &mut out);
    out
}
