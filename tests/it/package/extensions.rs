//! The data package extensions (`docs/data-package-extensions.md`) against a real SQLite ledger: a
//! hand-filled ledger with every extension field round-trips byte for byte, re-imports change nothing,
//! a package without the extensions keeps the local data (the activity's own talk trigger, 列席 and
//! celebrants excepted: those follow the package), and bad extension values are refused with their
//! JSON path while the ledger stays as it was.

use chrono::{DateTime, FixedOffset};
use rusqlite::params;
use serde_json::{json, Value};
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::dues::brackets::DuesRules;
use zhibu_core::dues::set_rules;
use zhibu_core::package::{export_package, import_package, parse_package, to_json};
use zhibu_core::Ledger;

use crate::support::{dump_rows, today};

fn stamp(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn one(ledger: &Ledger, sql: &str) -> i64 {
    ledger.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

const SHA_A: &str = "3b5d5c3712955042212316173ccf37be800ea7e4a4c3b8e12b5b3a3c7e0f1a2b";
const SHA_B: &str = "00aa11bb22cc33dd44ee55ff66778899aabbccddeeff00112233445566778899";

/// The small demo with every extension field filled by hand (plain SQL, independent of the package code).
fn filled_ledger() -> Ledger {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let conn = ledger.conn();
    let org = one(&ledger, "SELECT min(id) FROM organizations");
    let group = one(&ledger, "SELECT min(id) FROM party_groups");
    let (m1, m2) = (one(&ledger, "SELECT min(id) FROM members"), one(&ledger, "SELECT min(id) + 1 FROM members"));
    let talk = one(&ledger, "SELECT min(activity_id) FROM activity_types WHERE type = 'heart_talk'");
    let meeting = one(&ledger, "SELECT min(activity_id) FROM activity_types WHERE type = 'party_congress'");
    let person = one(&ledger, "SELECT min(id) FROM development_people");

    // 1. Dues: two rules versions and two publications (one the same twice: duplicates are kept).
    set_rules(conn, 2024, &DuesRules::national()).unwrap();
    let mut local = DuesRules::national();
    local.farmer_fixed_fen = 50;
    set_rules(conn, 2026, &local).unwrap();
    for (period, on, how) in [
        ("2026-Q1", "2026-04-03", "支部公示栏"),
        ("2026-Q2", "2026-07-02", "微信群"),
        ("2026-Q2", "2026-07-02", "微信群"),
    ] {
        conn.execute(
            "INSERT INTO dues_publications(org_id, period, published_on, how) VALUES (?1, ?2, ?3, ?4)",
            params![org, period, on, how],
        )
        .unwrap();
    }

    // 2. Meetings: talk trigger, 列席, celebrants, attachments, a template.
    conn.execute(
        "UPDATE activities SET talk_trigger = 'post_change', observers = '团委书记 李明' WHERE id = ?1",
        [talk],
    )
    .unwrap();
    conn.execute("UPDATE activities SET observers = '入党积极分子 3 人' WHERE id = ?1", [meeting]).unwrap();
    for member in [m2, m1] {
        conn.execute("INSERT INTO activity_celebrants(activity_id, member_id) VALUES (?1, ?2)", [meeting, member])
            .unwrap();
    }
    for (name, sha, size, at) in
        [("签到表.JPG", SHA_A, 204_800, "2026-03-15T08:00:00Z"), ("会议记录", SHA_B, 0, "2026-03-16T09:30:00+08:00")]
    {
        conn.execute(
            "INSERT INTO attachments(activity_id, file_name, sha256, size_bytes, stored_path, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![meeting, name, sha, size, format!("{}/{sha}", &sha[..2]), at],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO meeting_templates(org_id, name, types, group_id, start_time, end_time, place, topic, host_id,
            recorder_id, lecturer_id, content, decisions, hours_tenths, created_at, updated_at)
         VALUES (?1, '月度主题党日', 'party_lecture theme_day', ?2, '14:30', '16:30', '党员活动室', '学习',
            ?3, ?4, ?3, '议程', '决定', 25, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        params![org, group, m1, m2],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO meeting_templates(org_id, name, types, created_at, updated_at)
         VALUES (?1, '支委会', 'committee_meeting', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        [org],
    )
    .unwrap();

    // 3. Development: person details, documents, overrides.
    conn.execute(
        "UPDATE development_people SET ethnicity = '回族', education = '硕士研究生', unit_title = '教务处干事',
            probation_extended_on = '2026-05-20' WHERE id = ?1",
        [person],
    )
    .unwrap();
    // Only these documents (the demo files the person's own materials).
    conn.execute("DELETE FROM development_documents WHERE person_id = ?1", [person]).unwrap();
    for (kind, on, period, number, note) in [
        ("application", "2024-03-01", None, None, Some("手写")),
        ("thought_report", "2024-06-30", Some("2024-Q2"), None, None),
        ("volunteer_book", "2025-05-10", None, Some("JB-0012"), None),
    ] {
        conn.execute(
            "INSERT INTO development_documents(person_id, kind, received_on, period, number, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2026-01-01T00:00:00Z')",
            params![person, kind, on, period, number, note],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO development_overrides(person_id, step, \"check\", rules, message, reason, recorded_at)
         VALUES (?1, 15, 'vote_quorum', '2014', '到会人数不足半数', '补开支部大会前已请示上级', '2025-06-01T10:00:00Z'),
                (?1, NULL, 'eligible_matches_roster', '2014', '应到人数与名册不符', '两人停止党籍', '2025-06-01T10:00:01Z')",
        [person],
    )
    .unwrap();

    // 4. Members: the local fields and a hand-entered status event.
    conn.execute(
        "UPDATE members SET landline = '0571-88000000', native_place = '浙江绍兴', work_started_on = '2010-07-01',
            degree = '学士', unit_title = '教务处副处长', remark = '兼任工会委员' WHERE id = ?1",
        [m1],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO member_events(member_id, on_date, event, detail, letter_no, created_at)
         VALUES (?1, '2019-09-01', 'transfer_in', '自江北市第二中学党支部转入', '江组介字〔2019〕12号', '2026-01-01T00:00:00Z')",
        [m1],
    )
    .unwrap();
    ledger
}

fn export(ledger: &Ledger) -> String {
    to_json(&export_package(ledger, None, stamp("2026-11-22T10:00:00+08:00")).unwrap())
}

fn strip(text: &str) -> String {
    text.lines().filter(|l| !l.contains("\"exported_at\"")).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_extension_field_is_exported() {
    let ledger = filled_ledger();
    let v: Value = serde_json::from_str(&export(&ledger)).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["dues_rules"].as_array().unwrap().len(), 2);
    assert_eq!(v["dues_rules"][1]["from_year"], 2026);
    assert_eq!(v["dues_rules"][1]["rules"]["farmer_fixed_fen"], 50);
    assert_eq!(v["dues_publications"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["dues_publications"][0],
        json!({ "org": v["organizations"][0]["key"], "period": "2026-Q1", "published_on": "2026-04-03", "how": "支部公示栏" })
    );
    let templates = v["meeting_templates"].as_array().unwrap();
    assert_eq!(templates[0]["types"], json!(["party_lecture", "theme_day"]));
    assert_eq!(templates[0]["hours"], json!(2.5));
    assert_eq!(templates[1].as_object().unwrap().len(), 3, "org, name, types: {}", templates[1]);
    let activities = v["activities"].as_array().unwrap();
    let talk = activities.iter().find(|a| a.get("talk_trigger").is_some()).unwrap();
    assert_eq!(talk["talk_trigger"], "post_change");
    assert_eq!(talk["observers"], "团委书记 李明");
    let meeting = activities.iter().find(|a| a.get("celebrants").is_some()).unwrap();
    assert_eq!(meeting["celebrants"].as_array().unwrap().len(), 2);
    assert_eq!(meeting["attachments"][0], json!({ "file_name": "签到表.JPG", "sha256": SHA_A, "size_bytes": 204800 }));
    assert_eq!(meeting["attachments"][1]["size_bytes"], 0);
    let m = &v["members"][0];
    for (field, value) in [
        ("landline", "0571-88000000"),
        ("native_place", "浙江绍兴"),
        ("work_started_on", "2010-07-01"),
        ("degree", "学士"),
        ("unit_title", "教务处副处长"),
        ("remark", "兼任工会委员"),
    ] {
        assert_eq!(m[field], value, "{field}");
    }
    let events = m["events"].as_array().unwrap();
    assert_eq!(events[0]["event"], "joined", "the history the import recorded is exported");
    assert_eq!(events.last().unwrap()["letter_no"], "江组介字〔2019〕12号");
    let d = &v["development"][0];
    assert_eq!((d["ethnicity"].as_str(), d["education"].as_str()), (Some("回族"), Some("硕士研究生")));
    assert_eq!(
        (d["unit_title"].as_str(), d["probation_extended_on"].as_str()),
        (Some("教务处干事"), Some("2026-05-20"))
    );
    assert_eq!(d["documents"].as_array().unwrap().len(), 3);
    assert_eq!(
        d["documents"][1],
        json!({ "kind": "thought_report", "received_on": "2024-06-30", "period": "2024-Q2" })
    );
    assert_eq!(d["documents"][2]["number"], "JB-0012");
    assert_eq!(d["overrides"][0]["step"], 15);
    assert!(d["overrides"][1].get("step").is_none());
}

#[test]
fn a_filled_ledger_round_trips_byte_for_byte() {
    let first = filled_ledger();
    let p1 = export(&first);
    let second = Ledger::in_memory().unwrap();
    import_package(&second, &parse_package(&p1).unwrap(), today()).unwrap();
    let p2 = to_json(&export_package(&second, None, stamp("2026-12-01T08:30:00+08:00")).unwrap());
    assert_eq!(strip(&p1), strip(&p2));
    // The attachment records point where the ledger keeps such files (the bytes travel separately).
    let path: String = second
        .conn()
        .query_row("SELECT stored_path FROM attachments WHERE sha256 = ?1", [SHA_A], |r| r.get(0))
        .unwrap();
    assert_eq!(path, format!("3b/{SHA_A}.jpg"));
    // The events came from the package as told: none synthesized twice.
    assert_eq!(one(&second, "SELECT count(*) FROM member_events"), one(&first, "SELECT count(*) FROM member_events"));
}

#[test]
fn reimports_change_nothing() {
    let ledger = filled_ledger();
    let pkg = parse_package(&export(&ledger)).unwrap();
    let before = dump_rows(&ledger);
    let report = import_package(&ledger, &pkg, today()).unwrap();
    assert!(!report.changed(), "{report:?}");
    assert_eq!(dump_rows(&ledger), before);

    // A package from another ledger, imported twice there.
    let other = Ledger::in_memory().unwrap();
    let seed = Ledger::in_memory().unwrap();
    load_demo(&seed, DemoScale::Small, today()).unwrap();
    let mut seed_pkg = export_package(&seed, None, stamp("2026-11-22T10:00:00+08:00")).unwrap();
    seed_pkg.source = "zhibu-0000000000000001".to_string();
    import_package(&other, &seed_pkg, today()).unwrap();
    let first = import_package(&other, &pkg, today()).unwrap();
    assert_eq!(first.created.meeting_templates, 2);
    assert_eq!(first.created.dues_rules, 2);
    assert_eq!(first.created.dues_publications, 3);
    let after_first = dump_rows(&other);
    let again = import_package(&other, &pkg, today()).unwrap();
    assert!(!again.changed(), "{again:?}");
    assert_eq!(dump_rows(&other), after_first);
}

#[test]
fn a_package_without_the_extensions_keeps_local_data() {
    let ledger = filled_ledger();
    let mut v: Value = serde_json::from_str(&export(&ledger)).unwrap();
    let extension_fields = [
        "landline",
        "native_place",
        "work_started_on",
        "degree",
        "unit_title",
        "remark",
        "events",
        "attachments",
        "ethnicity",
        "education",
        "probation_extended_on",
        "documents",
        "overrides",
    ];
    for list in ["members", "activities", "development"] {
        for record in v[list].as_array_mut().unwrap() {
            let record = record.as_object_mut().unwrap();
            for field in extension_fields {
                // Members' ethnicity and education are v1 fields: keep them.
                if list != "members" || !["ethnicity", "education"].contains(&field) {
                    record.remove(field);
                }
            }
        }
    }
    for field in ["dues_rules", "dues_publications", "meeting_templates"] {
        v.as_object_mut().unwrap().remove(field);
    }
    let before = dump_rows(&ledger);
    let report = import_package(&ledger, &parse_package(&v.to_string()).unwrap(), today()).unwrap();
    assert!(!report.changed(), "{report:?}");
    assert_eq!(dump_rows(&ledger), before);

    // A changed extension value is written, and counts as an update of its record.
    let mut v: Value = serde_json::from_str(&export(&ledger)).unwrap();
    v["members"][0]["remark"] = json!("已调任");
    v["meeting_templates"][1]["place"] = json!("二楼会议室");
    let report = import_package(&ledger, &parse_package(&v.to_string()).unwrap(), today()).unwrap();
    assert_eq!((report.updated.members, report.updated.meeting_templates, report.updated.total()), (1, 1, 2));
    let remark: String =
        ledger.conn().query_row("SELECT remark FROM members ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(remark, "已调任");

    // talk_trigger, observers and celebrants belong to the activity itself: a package that omits them
    // says the activity has none (like its v1 fields), so those two activities are updated.
    let mut v: Value = serde_json::from_str(&export(&ledger)).unwrap();
    for record in v["activities"].as_array_mut().unwrap() {
        for field in ["talk_trigger", "observers", "celebrants"] {
            record.as_object_mut().unwrap().remove(field);
        }
    }
    let report = import_package(&ledger, &parse_package(&v.to_string()).unwrap(), today()).unwrap();
    assert_eq!((report.updated.activities, report.updated.total()), (2, 2), "{report:?}");
    assert_eq!(one(&ledger, "SELECT count(*) FROM activity_celebrants"), 0);
    assert_eq!(
        one(&ledger, "SELECT count(*) FROM activities WHERE talk_trigger IS NOT NULL OR observers IS NOT NULL"),
        0
    );
    assert_eq!(one(&ledger, "SELECT count(*) FROM attachments"), 2, "attachments are never removed by an import");
}

#[test]
fn a_subtree_export_carries_templates_but_not_the_ledger_rules() {
    let ledger = filled_ledger();
    let branch: String =
        ledger.conn().query_row("SELECT key FROM organizations ORDER BY id", [], |r| r.get(0)).unwrap();
    let part = export_package(&ledger, Some(&branch), stamp("2026-11-22T10:00:00+08:00")).unwrap();
    assert!(part.dues_rules.is_empty());
    assert_eq!(part.meeting_templates.len(), 2);
    assert_eq!(part.dues_publications.len(), 3);
    let fresh = Ledger::in_memory().unwrap();
    import_package(&fresh, &parse_package(&to_json(&part)).unwrap(), today()).unwrap();
}

/// The filled ledger's own export, changed by `edit`, offered back to it: the refusal's paths, with the
/// ledger unchanged.
fn refused_paths(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let ledger = filled_ledger();
    let mut v: Value = serde_json::from_str(&export(&ledger)).unwrap();
    edit(&mut v);
    let before = dump_rows(&ledger);
    let err = match parse_package(&v.to_string()) {
        Err(e) => e,
        Ok(pkg) => import_package(&ledger, &pkg, today()).unwrap_err(),
    };
    assert_eq!(dump_rows(&ledger), before, "nothing changes on a refused import");
    err.problems().iter().map(|p| p.at.clone()).collect()
}

fn member_index_with_events(v: &Value) -> usize {
    v["members"].as_array().unwrap().iter().position(|m| m.get("events").is_some()).unwrap()
}

fn activity_index_with(v: &Value, field: &str) -> usize {
    v["activities"].as_array().unwrap().iter().position(|a| a.get(field).is_some()).unwrap()
}

#[test]
fn bad_extension_values_are_refused_with_their_json_path() {
    type Edit = Box<dyn FnOnce(&mut Value) -> String>;
    let cases: Vec<Edit> = vec![
        Box::new(|v| {
            v["dues_rules"][0]["from_year"] = json!(1990);
            "dues_rules[0].from_year".into()
        }),
        Box::new(|v| {
            v["dues_rules"][1]["from_year"] = v["dues_rules"][0]["from_year"].clone();
            "dues_rules[1].from_year".into()
        }),
        Box::new(|v| {
            v["dues_rules"][0]["rules"]["farmer_fixed_fen"] = json!(5);
            "dues_rules[0].rules.farmer_fixed_fen".into()
        }),
        Box::new(|v| {
            v["dues_rules"][0]["rules"]["bonus"] = json!(1);
            "dues_rules[0].rules".into()
        }),
        Box::new(|v| {
            v["dues_publications"][1]["period"] = json!("2026-Q5");
            "dues_publications[1].period".into()
        }),
        Box::new(|v| {
            v["dues_publications"][0]["org"] = json!("o-nowhere");
            "dues_publications[0].org".into()
        }),
        Box::new(|v| {
            v["dues_publications"][2]["how"] = json!("  ");
            "dues_publications[2].how".into()
        }),
        Box::new(|v| {
            v["dues_publications"][2]["published_on"] = json!("2026-7-2");
            "dues_publications[2].published_on".into()
        }),
        Box::new(|v| {
            v["meeting_templates"][1]["name"] = v["meeting_templates"][0]["name"].clone();
            "meeting_templates[1].name".into()
        }),
        Box::new(|v| {
            v["meeting_templates"][0]["types"] = json!([]);
            "meeting_templates[0].types".into()
        }),
        Box::new(|v| {
            v["meeting_templates"][0]["host"] = json!("m-nobody");
            "meeting_templates[0].host".into()
        }),
        Box::new(|v| {
            v["meeting_templates"][0]["end"] = json!("25:00");
            "meeting_templates[0].end".into()
        }),
        Box::new(|v| {
            v["meeting_templates"][0]["group"] = json!("g-nowhere");
            "meeting_templates[0].group".into()
        }),
        Box::new(|v| {
            v["members"][0]["work_started_on"] = json!("1900-01-01");
            "members[0].work_started_on".into()
        }),
        Box::new(|v| {
            v["members"][0]["work_started_on"] = json!("2010-13-01");
            "members[0].work_started_on".into()
        }),
        Box::new(|v| {
            v["members"][0]["landline"] = json!(88000000);
            "members[0].landline".into()
        }),
        Box::new(|v| {
            let i = member_index_with_events(v);
            v["members"][i]["events"][0]["on"] = json!("2027-01-01");
            format!("members[{i}].events[0].on")
        }),
        Box::new(|v| {
            let i = member_index_with_events(v);
            v["members"][i]["events"][0]["event"] = json!("promoted");
            format!("members[{i}].events[0].event")
        }),
        Box::new(|v| {
            let i = activity_index_with(v, "talk_trigger");
            v["activities"][i]["talk_trigger"] = json!("birthday");
            format!("activities[{i}].talk_trigger")
        }),
        Box::new(|v| {
            let i = activity_index_with(v, "celebrants");
            v["activities"][i]["celebrants"][1] = json!("m-nobody");
            format!("activities[{i}].celebrants[1]")
        }),
        Box::new(|v| {
            let i = activity_index_with(v, "celebrants");
            v["activities"][i]["celebrants"][1] = v["activities"][i]["celebrants"][0].clone();
            format!("activities[{i}].celebrants[1]")
        }),
        Box::new(|v| {
            let i = activity_index_with(v, "attachments");
            v["activities"][i]["attachments"][0]["sha256"] = json!("ABC");
            format!("activities[{i}].attachments[0].sha256")
        }),
        Box::new(|v| {
            let i = activity_index_with(v, "attachments");
            v["activities"][i]["attachments"][1]["size_bytes"] = json!(-1);
            format!("activities[{i}].attachments[1].size_bytes")
        }),
        Box::new(|v| {
            let i = activity_index_with(v, "attachments");
            v["activities"][i]["attachments"][0]["bytes"] = json!("...");
            format!("activities[{i}].attachments[0].bytes")
        }),
        Box::new(|v| {
            v["development"][0]["probation_extended_on"] = json!("2027-01-01");
            "development[0].probation_extended_on".into()
        }),
        Box::new(|v| {
            v["development"][0]["documents"][1]["period"] = json!("2024-H1");
            "development[0].documents[1].period".into()
        }),
        Box::new(|v| {
            v["development"][0]["documents"][0]["number"] = json!("X-1");
            "development[0].documents[0].number".into()
        }),
        Box::new(|v| {
            v["development"][0]["documents"][0]["kind"] = json!("diary");
            "development[0].documents[0].kind".into()
        }),
        Box::new(|v| {
            v["development"][0]["overrides"][0]["reason"] = json!(" ");
            "development[0].overrides[0].reason".into()
        }),
        Box::new(|v| {
            v["development"][0]["overrides"][0]["step"] = json!(26);
            "development[0].overrides[0].step".into()
        }),
        Box::new(|v| {
            v["development"][0]["overrides"][1]["recorded_at"] = json!("2025-06-01");
            "development[0].overrides[1].recorded_at".into()
        }),
        Box::new(|v| {
            _ = v["development"][0]["overrides"][1].as_object_mut().unwrap().remove("check");
            "development[0].overrides[1].check".into()
        }),
    ];
    for edit in cases {
        let mut expected = String::new();
        let paths = refused_paths(|v| expected = edit(v));
        assert_eq!(paths, [expected.clone()], "expected only {expected}");
    }
}
