//! The data package carries what the 组织生活 actions record beyond package v1's first fields — talk
//! triggers, 列席, 政治生日 celebrants, attachment metadata, meeting templates — round-trip exact and
//! idempotent, while packages without them import as before; bad values are refused by JSON path.

use chrono::DateTime;
use serde_json::{json, Value};
use zhibu_core::meetings::*;
use zhibu_core::model::{ActivityType as T, TalkTrigger};
use zhibu_core::package::{export_package, import_package, parse_package, to_json};
use zhibu_core::store::{members, orgs};
use zhibu_core::{ErrorCode, Ledger};

use crate::support::{d, dump, today};

fn base_package() -> Value {
    let member = |key: &str, name: &str| {
        json!({ "key": key, "org": "o-1", "name": name, "group": "g-1", "gender": "女", "birth_date": "1985-05-01",
                "status": "full", "joined_on": "2010-07-01", "full_member_on": "2011-07-01", "category": "employed" })
    };
    json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "meetings-pkg",
        "organizations": [{ "key": "o-1", "name": "中共示例支部委员会", "kind": "branch", "sector": "school",
            "positions": [{ "member": "m-1", "role": "secretary", "from": "2024-01-01" }],
            "groups": [{ "key": "g-1", "name": "第一党小组" }] }],
        "members": [member("m-1", "陈书记"), member("m-2", "林老师"), member("m-3", "黄老师")]
    })
}

/// A file-backed ledger with one of everything the meetings module adds.
fn recorded(dir: &std::path::Path) -> Ledger {
    let ledger = Ledger::open_or_create(&dir.join("ledger.zhibu")).unwrap();
    import_package(&ledger, &parse_package(&base_package().to_string()).unwrap(), today()).unwrap();
    let m = |k: &str| members::id_by_key(ledger.conn(), k).unwrap().unwrap();
    let org = orgs::id_by_key(ledger.conn(), "o-1").unwrap();
    let talk = record_heart_talk(
        &ledger,
        HeartTalkFields {
            org_id: org,
            date: d("2026-04-10"),
            start_time: None,
            end_time: None,
            place: "党员活动室".into(),
            talker_id: m("m-1"),
            with_ids: vec![m("m-2")],
            topic: "获评优秀教师后的谈话".into(),
            content: None,
            trigger: Some(TalkTrigger::Honour),
        },
        today(),
    )
    .unwrap();
    let mut day = ActivityFields {
        org_id: org,
        types: vec![T::ThemeDay],
        group_id: None,
        date: d("2026-07-01"),
        start_time: Some("15:00".into()),
        end_time: Some("17:00".into()),
        place: "学校党员活动室".into(),
        topic: "七月主题党日：集体过政治生日".into(),
        host_id: Some(m("m-1")),
        recorder_id: None,
        lecturer_id: None,
        content: Some("重温入党誓词，赠送政治生日贺卡".into()),
        decisions: None,
        hours_tenths: None,
        observers: Some("校党委组织员".into()),
        talk_trigger: None,
        celebrant_ids: vec![m("m-1"), m("m-2"), m("m-3")],
        attendees: None,
        marks: vec![],
        votes: vec![],
    };
    let a = record_activity(&ledger, day.clone(), today()).unwrap();
    let photo = dir.join("合影.png");
    std::fs::write(&photo, [137u8, 80, 78, 71, 1, 2, 3]).unwrap();
    add_attachment(&ledger, a, &photo).unwrap();
    day.topic = "已删除的记录不进数据包".into();
    let gone = record_activity(&ledger, day, today()).unwrap();
    delete_activity(&ledger, gone).unwrap();
    save_template(
        &ledger,
        None,
        TemplateFields {
            org_id: org,
            name: "每月主题党日".into(),
            types: vec![T::ThemeDay],
            group_id: None,
            start_time: Some("15:00".into()),
            end_time: Some("17:00".into()),
            place: Some("学校党员活动室".into()),
            topic: None,
            host_id: Some(m("m-1")),
            recorder_id: Some(m("m-3")),
            lecturer_id: None,
            content: None,
            decisions: None,
            hours_tenths: Some(20),
        },
    )
    .unwrap();
    assert!(talk > 0);
    ledger
}

fn stamp() -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap()
}

#[test]
fn the_new_fields_round_trip_exactly_and_reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = recorded(dir.path());
    let first = to_json(&export_package(&ledger, None, stamp()).unwrap());
    let v: Value = serde_json::from_str(&first).unwrap();
    let activities = v["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 2, "the deleted record stays out");
    assert_eq!(activities[0]["talk_trigger"], "honour");
    assert_eq!(activities[1]["observers"], "校党委组织员");
    assert_eq!(activities[1]["celebrants"], json!(["m-1", "m-2", "m-3"]));
    assert_eq!(activities[1]["attachments"][0]["file_name"], "合影.png");
    assert_eq!(activities[1]["attachments"][0]["size_bytes"], 7);
    assert_eq!(v["meeting_templates"][0]["name"], "每月主题党日");
    assert_eq!(v["meeting_templates"][0]["hours"], 2);

    // Into an empty ledger, and out again: the same bytes.
    let copy = Ledger::in_memory().unwrap();
    let report = import_package(&copy, &parse_package(&first).unwrap(), today()).unwrap();
    assert_eq!(report.created.meeting_templates, 1);
    let second = to_json(&export_package(&copy, None, stamp()).unwrap());
    assert_eq!(first, second);
    // Again: nothing changes.
    let before = dump(&copy);
    let again = import_package(&copy, &parse_package(&first).unwrap(), today()).unwrap();
    assert!(!again.changed(), "{again:?}");
    assert_eq!(dump(&copy), before);
    // The copy's attachment record points where the file belongs; the file itself did not travel.
    let a = list_activities(&copy, &ActivityFilter { year: 2026, ..Default::default() }).unwrap();
    let with_photo = a.iter().find(|r| r.attachments == 1).unwrap();
    let att = &list_attachments(&copy, with_photo.id).unwrap()[0];
    let original = &list_attachments(&ledger, with_photo.id).unwrap()[0];
    assert_eq!((&att.sha256, &att.stored_path), (&original.sha256, &original.stored_path));
    let detail = activity_detail(&copy, with_photo.id).unwrap();
    assert_eq!(detail.celebrants.len(), 3);
    assert_eq!(detail.fields.observers.as_deref(), Some("校党委组织员"));
}

#[test]
fn a_changed_template_or_celebrant_list_updates_and_attachments_are_never_removed_by_import() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = recorded(dir.path());
    let mut v: Value = serde_json::from_str(&to_json(&export_package(&ledger, None, stamp()).unwrap())).unwrap();
    let copy = Ledger::in_memory().unwrap();
    import_package(&copy, &parse_package(&v.to_string()).unwrap(), today()).unwrap();
    v["meeting_templates"][0]["place"] = json!("会议室");
    v["activities"][1]["celebrants"] = json!(["m-2"]);
    v["activities"][1].as_object_mut().unwrap().remove("attachments");
    let report = import_package(&copy, &parse_package(&v.to_string()).unwrap(), today()).unwrap();
    assert_eq!((report.updated.meeting_templates, report.updated.activities), (1, 1));
    let org = orgs::id_by_key(copy.conn(), "o-1").unwrap();
    assert_eq!(list_templates(&copy, org).unwrap()[0].fields.place.as_deref(), Some("会议室"));
    let rows = list_activities(&copy, &ActivityFilter { year: 2026, ..Default::default() }).unwrap();
    let day = rows.iter().find(|r| r.topic.contains("政治生日")).unwrap();
    assert_eq!(day.attachments, 1, "a package without the attachment does not remove it");
    assert_eq!(activity_detail(&copy, day.id).unwrap().celebrants.len(), 1);
}

#[test]
fn bad_extension_values_are_refused_by_json_path_and_nothing_changes() {
    let mut v = base_package();
    v["activities"] = json!([
        { "key": "a-1", "org": "o-1", "type": "theme_day", "date": "2026-05-01", "place": "室", "topic": "学习",
          "talk_trigger": "honour", "celebrants": ["m-1", "m-9", "m-1"],
          "attachments": [{ "file_name": " ", "sha256": "ABC", "size_bytes": -1 }] }
    ]);
    v["meeting_templates"] = json!([
        { "org": "o-1", "name": "支委会", "types": [], "start": "9点", "host": "m-9" },
        { "org": "o-1", "name": "支委会", "types": ["committee_meeting", "committee_meeting"], "group": "g-x" }
    ]);
    let ledger = Ledger::in_memory().unwrap();
    let before = dump(&ledger);
    let err = import_package(&ledger, &parse_package(&v.to_string()).unwrap(), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let at: Vec<&str> = err.problems().iter().map(|p| p.at.as_str()).collect();
    assert_eq!(
        at,
        [
            "activities[0].talk_trigger",
            "activities[0].celebrants[1]",
            "activities[0].celebrants[2]",
            "activities[0].attachments[0].file_name",
            "activities[0].attachments[0].sha256",
            "activities[0].attachments[0].size_bytes",
            "meeting_templates[0].types",
            "meeting_templates[0].start",
            "meeting_templates[0].host",
            "meeting_templates[1].name",
            "meeting_templates[1].types",
            "meeting_templates[1].group",
        ],
        "{err}"
    );
    assert_eq!(dump(&ledger), before);
    // A wrong code in a new field is a shape problem with its path.
    let mut v = base_package();
    v["activities"] = json!([{ "key": "a-1", "org": "o-1", "type": "heart_talk", "date": "2026-05-01", "place": "室",
                               "topic": "谈话", "talk_trigger": "bored" }]);
    let err = parse_package(&v.to_string()).unwrap_err();
    assert_eq!(err.problems()[0].at, "activities[0].talk_trigger");
    assert!(err.problems()[0].message.contains("honour（获得荣誉进步时必谈）"), "{err}");
}

#[test]
fn a_bulk_import_indexes_every_activity_for_search_in_one_rebuild() {
    let mut v = base_package();
    let activities: Vec<Value> = (0..1200)
        .map(|i| {
            json!({ "key": format!("a-{i}"), "org": "o-1", "type": "study", "date": "2026-03-01", "place": "室",
                    "topic": format!("第{i}次集中学习"), "content": if i == 777 { "专题研讨乡村振兴战略" } else { "学习" } })
        })
        .collect();
    v["activities"] = Value::Array(activities);
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&v.to_string()).unwrap(), today()).unwrap();
    let paused: i64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM ledger_meta WHERE name = 'search_index_paused'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(paused, 0, "the triggers run again after the import");
    let hits = search_activities(&ledger, "乡村振兴战略", None, 10).unwrap();
    assert_eq!(hits.iter().map(|h| h.row.topic.as_str()).collect::<Vec<_>>(), ["第777次集中学习"]);
    assert_eq!(search_activities(&ledger, "第1199次", None, 10).unwrap().len(), 1);
    assert_eq!(search_activities(&ledger, "集中学习", None, 2000).unwrap().len(), 1200);
    // Afterwards, recording is indexed row by row again.
    let org = orgs::id_by_key(ledger.conn(), "o-1").unwrap();
    let host = members::id_by_key(ledger.conn(), "m-1").unwrap().unwrap();
    let f = ActivityFields {
        org_id: org,
        types: vec![T::Study],
        group_id: None,
        date: d("2026-03-02"),
        start_time: None,
        end_time: None,
        place: "室".into(),
        topic: "学习新时代党的建设总要求".into(),
        host_id: Some(host),
        recorder_id: None,
        lecturer_id: None,
        content: None,
        decisions: None,
        hours_tenths: None,
        observers: None,
        talk_trigger: None,
        celebrant_ids: vec![],
        attendees: None,
        marks: vec![],
        votes: vec![],
    };
    record_activity(&ledger, f, today()).unwrap();
    assert_eq!(search_activities(&ledger, "党的建设总要求", None, 10).unwrap().len(), 1);
}
