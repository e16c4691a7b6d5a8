//! Unit tests of the package format: the serde types and the diagnostics walker agree field for field,
//! hours and dates are read strictly, and `null` stands for an omitted optional field.

use serde_json::{json, Value};

use super::format::{date, Hours};
use super::{parse_package, schema, to_json};

/// A package in which every field of v1 and its extensions appears once (hand-written, independent of
/// the code).
fn full_sample() -> Value {
    let mut sample = json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "zhibu-test",
        "organizations": [
            { "key": "o-2", "name": "中共示例第一支部委员会", "short_name": "一支部", "kind": "branch", "sector": "school",
              "parent": "o-1", "founded_on": "1990-07-01", "term": { "elected_on": "2025-03-01", "years": 3 },
              "profile": "national",
              "positions": [{ "member": "m-1", "role": "secretary", "from": "2025-03-01", "to": "2026-03-01" }],
              "groups": [{ "key": "g-1", "name": "第一党小组", "leader": "m-1" }] },
            { "key": "o-1", "name": "中共示例委员会", "kind": "committee", "sector": "government" }
        ],
        "members": [
            { "key": "m-1", "org": "o-2", "name": "张三", "group": "g-1", "gender": "男", "ethnicity": "汉族",
              "id_number": "110101199003074477", "birth_date": "1990-03-07", "education": "大学本科", "status": "full",
              "joined_on": "2015-06-30", "full_member_on": "2016-06-30", "category": "employed", "post": "教师",
              "phone": "13800000000", "address": "北京市东城区", "standing": "suspended", "lost_contact_since": "2026-01",
              "outflow_to": "广东省深圳市", "attendance_exempt": true,
              "left": { "on": "2026-05-01", "reason": "transfer_out", "to": "中共另一支部委员会" },
              "dues_bases": [{ "from": "2025-01", "base_fen": 650000 }], "dues_fixed_fen": 20 }
        ],
        "activities": [
            { "key": "a-1", "org": "o-2", "type": "group_meeting", "types": ["theme_day", "party_lecture"], "group": "g-1",
              "date": "2026-03-15", "start": "14:30", "end": "16:30", "place": "会议室", "topic": "学习",
              "host": "m-1", "recorder": "m-1", "lecturer": "m-1", "content": "内容", "decisions": "决议", "hours": 2.5,
              "attendance": [{ "member": "m-1", "status": "leave", "reason": "出差" }],
              "talk_trigger": "honour", "observers": "上级党委组织委员", "celebrants": ["m-1"],
              "attachments": [{ "file_name": "照片.jpg",
                  "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "size_bytes": 1024 }] }
        ],
        "dues_payments": [{ "member": "m-1", "month": "2026-03", "paid_fen": 9750, "paid_on": "2026-03-10" }],
        "trainings": [{ "member": "m-1", "date": "2026-02-20", "title": "冬训", "hours": 8, "organizer": "市委组织部" }],
        "evaluations": [{ "member": "m-1", "year": 2025, "grade": "excellent" }],
        "development": [
            { "key": "d-1", "org": "o-2", "name": "李四", "gender": "女", "id_number": "11010519491231002X",
              "birth_date": "1949-12-31",
              "steps": [{ "step": 15, "date": "2025-06-01", "people": ["m-1"], "note": "通过" }],
              "votes": [{ "step": 15, "eligible": 10, "present": 9, "in_favour": 9 }],
              "training": { "days": 3, "hours": 24 }, "political_review": "passed",
              "probation_extension_months": 6, "member": "m-1" }
        ],
        "meeting_templates": [
            { "org": "o-2", "name": "每月支委会", "types": ["committee_meeting"], "group": "g-1", "start": "09:00",
              "end": "10:00", "place": "书记办公室", "topic": "研究本月工作", "host": "m-1", "recorder": "m-1",
              "lecturer": "m-1", "content": "内容", "decisions": "决议", "hours": 1 }
        ]
    });
    // The other extensions, merged in (one `json!` would exceed the macro recursion limit).
    let extensions = json!({
        "dues_rules": [{ "from_year": 2026, "rules": { "rounding": "fen" } }],
        "dues_publications": [{ "org": "o-2", "period": "2026-Q1", "published_on": "2026-04-05", "how": "公示栏",
                                "subject": "funds" }],
        "start_month": "2025-01",
        "dues_remittances": [{ "org": "o-2", "from_month": "2026-01", "to_month": "2026-03", "remitted_on": "2026-04-08",
                               "amount_fen": 9750, "receipt_no": "SJ-1", "handed_by": "张三", "note": "一季度" }],
        "fund_spending": [{ "org": "o-2", "spent_on": "2026-04-20", "amount_fen": 3600, "source": "funds",
                            "purpose": "publications", "payee": "邮局", "approved_by": "a-1", "note": "党报党刊",
                            "budget_item": "党员教育培训", "receipt_no": "PJ-1",
                            "receipts": [{ "file_name": "发票.jpg", "sha256": "ab", "size_bytes": 17 }] }],
        "care_visits": [{ "member": "m-1", "visited_on": "2026-01-25", "occasion": "spring_festival", "visitors": "书记",
                          "given": "米、油", "amount_fen": 30000, "follow_up": "定期联系", "with_spending": true }],
        "plan_items": [{ "org": "o-2", "year": 2026, "kind": "meeting", "types": ["group_meeting"], "group": "g-1",
                         "unit": "month", "planned_on": "2026-03-20", "topic": "学习", "note": "备注",
                         "rule": "group-monthly", "subject": "d-1" }]
    });
    let work_funds = json!({
        "fund_budget_lines": [{ "org": "o-2", "year": 2026, "item": "党员教育培训", "amount_fen": 300000, "note": "年初预算" }],
        "fund_income": [{ "org": "o-2", "received_on": "2026-01-15", "amount_fen": 500000, "kind": "allocation",
                          "note": "单位拨付" }],
        "hardship": [{ "member": "m-1", "reason": "大病住院", "marked_on": "2026-01-10" }],
        "funds_settings": { "approval_threshold_fen": 200000, "retain_permille": 100,
                            "opening_dues": [{ "org": "o-2", "amount_fen": 5000 }],
                            "years": [{ "org": "o-2", "year": 2026, "payroll_fen": 80000000, "budget_fen": 800000 }] }
    });
    let member = json!({
        "landline": "010-65000000", "native_place": "山东济南", "work_started_on": "2012-07-01", "degree": "学士",
        "unit_title": "示例中学教师", "remark": "备注",
        "events": [{ "on": "2015-06-30", "event": "transfer_in", "detail": "自某支部转入", "letter_no": "第12号" }]
    });
    let development = json!({
        "ethnicity": "回族", "education": "大学本科", "unit_title": "示例公司职员", "probation_extended_on": "2026-06-01",
        "documents": [{ "kind": "volunteer_book", "received_on": "2025-05-01", "period": "2025-Q2", "number": "0001",
                        "note": "已审" }],
        "overrides": [{ "step": 15, "check": "vote_quorum", "rules": "2014", "message": "到会不足", "reason": "补开",
                        "recorded_at": "2025-06-01T10:00:00Z" }]
    });
    // 表决 items of a 党员大会 (this sample is about fields, not sense).
    sample["activities"][0]["votes"] = json!([{ "subject": "other", "person": "d-1", "title": "事项", "eligible": 10,
        "present": 9, "in_favour": 8, "against": 1, "abstain": 0, "written": 1 }]);
    merge(&mut sample, &extensions);
    merge(&mut sample, &work_funds);
    merge(&mut sample["members"][0], &member);
    merge(&mut sample["development"][0], &development);
    sample
}

fn merge(target: &mut Value, fields: &Value) {
    for (name, value) in fields.as_object().unwrap() {
        target[name] = value.clone();
    }
}

#[test]
fn the_walker_and_the_serde_types_know_the_same_fields() {
    let sample = full_sample();
    assert_eq!(schema::not_shown_in(&sample), Vec::<String>::new(), "the sample shows every schema field");
    assert!(schema::walk_package(&sample).is_empty());
    // serde accepts every field (it denies unknown ones) and writes each back.
    let pkg = parse_package(&sample.to_string()).unwrap();
    let back: Value = serde_json::from_str(&to_json(&pkg)).unwrap();
    assert_eq!(schema::not_shown_in(&back), Vec::<String>::new());
    assert!(schema::walk_package(&back).is_empty());
}

#[test]
fn null_stands_for_an_omitted_optional_field() {
    let mut sample = full_sample();
    for field in ["short_name", "parent", "term", "positions", "groups"] {
        sample["organizations"][0][field] = Value::Null;
    }
    for field in ["group", "standing", "attendance_exempt", "left", "dues_bases", "dues_fixed_fen"] {
        sample["members"][0][field] = Value::Null;
    }
    sample["activities"][0]["types"] = Value::Null;
    sample["development"][0]["steps"] = Value::Null;
    for field in ["landline", "work_started_on", "events"] {
        sample["members"][0][field] = Value::Null;
    }
    for field in ["talk_trigger", "celebrants", "attachments"] {
        sample["activities"][0][field] = Value::Null;
    }
    for field in ["probation_extended_on", "documents", "overrides"] {
        sample["development"][0][field] = Value::Null;
    }
    for field in ["dues_rules", "dues_publications", "meeting_templates"] {
        sample[field] = Value::Null;
    }
    sample["fund_spending"][0]["receipts"] = Value::Null;
    let pkg = parse_package(&sample.to_string()).unwrap();
    assert!(pkg.fund_spending[0].receipts.is_empty());
    assert_eq!(pkg.members[0].standing, crate::model::Standing::Normal);
    assert!(pkg.organizations[0].positions.is_empty());
}

#[test]
fn a_required_null_is_named() {
    let mut sample = full_sample();
    sample["members"][0]["name"] = Value::Null;
    let err = parse_package(&sample.to_string()).unwrap_err();
    assert_eq!(err.problems()[0].at, "members[0].name");
}

#[test]
fn hours_keep_one_decimal_exactly() {
    assert_eq!(Hours::from_number(0.3).unwrap().tenths(), 3);
    assert_eq!(Hours::from_number(24.0).unwrap().tenths(), 240);
    assert!(Hours::from_number(1.25).unwrap_err().contains("一位小数"));
    assert!(Hours::from_number(-1.0).is_err());
    assert_eq!(serde_json::to_string(&Hours::from_tenths(20)).unwrap(), "2");
    assert_eq!(serde_json::to_string(&Hours::from_tenths(25)).unwrap(), "2.5");
}

#[test]
fn dates_are_read_strictly() {
    assert!(date::parse("2026-01-05").is_some());
    for loose in ["2026-1-5", " 2026-01-05", "2026/01/05", "2026-02-30", "+2026-01-05"] {
        assert!(date::parse(loose).is_none(), "{loose}");
    }
}

/// A change to the sample, and the one path it must be refused at.
type Case = (&'static str, fn(&mut Value));

#[test]
fn extension_fields_have_located_shape_problems() {
    let cases: [Case; 5] = [
        ("members[0].events[0].event", |v| v["members"][0]["events"][0]["event"] = json!("promoted")),
        ("activities[0].talk_trigger", |v| v["activities"][0]["talk_trigger"] = json!("birthday")),
        ("development[0].documents[0].kind", |v| v["development"][0]["documents"][0]["kind"] = json!("diary")),
        ("dues_rules[0].rules", |v| v["dues_rules"][0]["rules"] = json!("national")),
        ("meeting_templates[0].hours", |v| v["meeting_templates"][0]["hours"] = json!(0.25)),
    ];
    for (path, edit) in cases {
        let mut sample = full_sample();
        edit(&mut sample);
        let err = parse_package(&sample.to_string()).unwrap_err();
        assert_eq!(err.problems().iter().map(|p| p.at.as_str()).collect::<Vec<_>>(), [path], "{err}");
    }
}
