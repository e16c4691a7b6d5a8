//! Data package v1 against a real SQLite ledger with all migrations: round trip, idempotent
//! re-import, import beside another source's data, subtree export, and every class of bad input
//! refused with its JSON path while the ledger stays exactly as it was.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::{json, Value};
use zhibu_core::demo::{demo_package, load_demo, DemoScale};
use zhibu_core::package::{export_package, import_package, parse_package, to_json, Package};
use zhibu_core::{ErrorCode, Ledger};

use crate::support::{dump_rows, today};

fn stamp(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn small_ledger() -> Ledger {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    ledger
}

fn count(ledger: &Ledger, table: &str) -> i64 {
    ledger.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn small_demo_imports_without_problems() {
    let ledger = Ledger::in_memory().unwrap();
    let report = load_demo(&ledger, DemoScale::Small, today()).unwrap();
    let pkg = demo_package(DemoScale::Small, today());
    assert_eq!(report.created.members as usize, pkg.members.len());
    assert_eq!(report.created.activities as usize, pkg.activities.len());
    assert_eq!(report.created.dues_payments as usize, pkg.dues_payments.len());
    assert_eq!(report.unchanged, 0);
    assert!((24..=30).contains(&pkg.members.len()), "{} members", pkg.members.len());
    assert_eq!(count(&ledger, "members"), pkg.members.len() as i64);
    assert_eq!(count(&ledger, "attendance"), pkg.activities.iter().map(|a| a.attendance.len()).sum::<usize>() as i64);
    // Status history for every new member: joined, plus 转正 and leaving where they happened.
    let events = pkg.members.len()
        + pkg.members.iter().filter(|m| m.full_member_on.is_some()).count()
        + pkg.members.iter().filter(|m| m.left.is_some()).count();
    assert_eq!(count(&ledger, "member_events"), events as i64);
    assert_eq!(count(&ledger, "audit_log"), 1);
    // The demo's own id stays the ledger's (the package is re-sourced on load).
    assert!(ledger.ledger_id().unwrap().starts_with("zhibu-"));
}

#[test]
fn load_demo_refuses_a_ledger_with_data() {
    let ledger = small_ledger();
    let before = dump_rows(&ledger);
    let err = load_demo(&ledger, DemoScale::Small, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(dump_rows(&ledger), before);
}

#[test]
fn demo_package_is_deterministic_and_dated_no_later_than_today() {
    let a = to_json(&demo_package(DemoScale::Small, today()));
    let b = to_json(&demo_package(DemoScale::Small, today()));
    assert_eq!(a, b);
    let pkg = demo_package(DemoScale::Small, today());
    assert!(pkg.activities.iter().all(|x| x.date <= today()));
    assert!(pkg.dues_payments.iter().all(|x| x.paid_on <= today()));
    assert!(pkg.development.iter().flat_map(|d| &d.steps).all(|s| s.date <= today()));
    assert!(pkg.activities.iter().any(|a| a.types.is_some()), "some sittings serve several purposes");
    assert_eq!(pkg.members.iter().filter(|m| m.status == zhibu_core::model::MemberStatus::Probationary).count(), 2);
    assert_eq!(pkg.members.iter().filter(|m| m.attendance_exempt).count(), 1);
    assert_eq!(pkg.members.iter().filter(|m| m.left.is_some()).count(), 1);
    assert_eq!(pkg.members.iter().filter(|m| m.outflow_to.is_some()).count(), 1);
    assert_eq!(pkg.members.iter().filter(|m| m.lost_contact_since.is_some()).count(), 1);
}

#[test]
fn export_import_into_an_empty_ledger_export_is_byte_identical() {
    let first = small_ledger();
    let p1 = to_json(&export_package(&first, None, stamp("2026-11-22T10:00:00+08:00")).unwrap());
    let second = Ledger::in_memory().unwrap();
    import_package(&second, &parse_package(&p1).unwrap(), today()).unwrap();
    assert_eq!(second.ledger_id().unwrap(), first.ledger_id().unwrap(), "the empty ledger adopts the source");
    let p2 = to_json(&export_package(&second, None, stamp("2026-12-01T08:30:00+08:00")).unwrap());
    let strip = |t: &str| t.lines().filter(|l| !l.contains("\"exported_at\"")).collect::<Vec<_>>().join("\n");
    assert_ne!(p1, p2);
    assert_eq!(strip(&p1), strip(&p2));
    assert_eq!(parse_package(&p1).unwrap(), export_package(&first, None, stamp("2026-11-22T10:00:00+08:00")).unwrap());
}

#[test]
fn reimporting_the_same_package_changes_nothing() {
    let ledger = small_ledger();
    let pkg = export_package(&ledger, None, stamp("2026-11-22T10:00:00+08:00")).unwrap();
    let before = dump_rows(&ledger);
    let report = import_package(&ledger, &pkg, today()).unwrap();
    assert!(!report.changed(), "{report:?}");
    assert!(report.unchanged > 0);
    assert_eq!(dump_rows(&ledger), before);

    // The same holds for a package from another ledger, imported twice there.
    let other = Ledger::in_memory().unwrap();
    import_package(&other, &pkg, today()).unwrap();
    let after_first = dump_rows(&other);
    let again = import_package(&other, &pkg, today()).unwrap();
    assert!(!again.changed(), "{again:?}");
    assert_eq!(dump_rows(&other), after_first);
}

#[test]
fn a_changed_record_is_updated_and_nothing_is_deleted() {
    let ledger = small_ledger();
    let mut pkg = export_package(&ledger, None, stamp("2026-11-22T10:00:00+08:00")).unwrap();
    pkg.members[1].phone = Some("13912345678".to_string());
    pkg.activities[0].attendance.pop();
    let removed = pkg.activities.pop().unwrap();
    let audits = count(&ledger, "audit_log");
    let report = import_package(&ledger, &pkg, today()).unwrap();
    assert_eq!(report.updated.members, 1);
    assert_eq!(report.updated.activities, 1);
    assert_eq!(report.created.total(), 0);
    assert_eq!(count(&ledger, "audit_log"), audits + 1);
    let still: i64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM activities WHERE key = ?1", [&removed.key], |r| r.get(0))
        .unwrap();
    assert_eq!(still, 1, "a record absent from the package is kept");
}

#[test]
fn a_package_from_another_source_lands_beside_existing_data() {
    let ledger = small_ledger();
    let own = dump_rows(&ledger);
    let members_before = count(&ledger, "members");
    // Another ledger's package with the same keys (m-1, o-1 …) but different people.
    let mut foreign = demo_package(DemoScale::Small, today());
    foreign.source = "zhibu-0123456789abcdef".to_string();
    let report = import_package(&ledger, &foreign, today()).unwrap();
    assert_eq!(report.created.members as usize, foreign.members.len());
    assert_eq!(count(&ledger, "members"), members_before + foreign.members.len() as i64);
    let suffixed: i64 =
        ledger.conn().query_row("SELECT count(*) FROM members WHERE key LIKE '%@01234567'", [], |r| r.get(0)).unwrap();
    assert_eq!(suffixed as usize, foreign.members.len(), "taken keys get the source suffix");
    // The original records are untouched; references resolved to the new records.
    let dumped = dump_rows(&ledger);
    assert!(own
        .iter()
        .filter(|r| !r.starts_with("audit_log") && !r.starts_with("import_keys"))
        .all(|r| dumped.contains(r)));
    let mapped: i64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM import_keys WHERE source = 'zhibu-0123456789abcdef'", [], |r| r.get(0))
        .unwrap();
    assert!(mapped > 0);
    // A record of the foreign package may reference one imported from it earlier.
    let later = Package {
        organizations: Vec::new(),
        members: Vec::new(),
        activities: Vec::new(),
        dues_payments: vec![zhibu_core::package::format::DuesPaymentRecord {
            member: foreign.members[0].key.clone(),
            month: "2026-12".to_string(),
            paid_fen: 5000,
            paid_on: today(),
        }],
        trainings: Vec::new(),
        evaluations: Vec::new(),
        development: Vec::new(),
        ..foreign.clone()
    };
    let r = import_package(&ledger, &later, today()).unwrap();
    assert_eq!(r.created.dues_payments, 1);
    let before = dump_rows(&ledger);
    let again = import_package(&ledger, &foreign, today()).unwrap();
    assert!(!again.changed(), "{again:?}");
    assert_eq!(dump_rows(&ledger), before);
}

#[test]
fn a_subtree_export_is_self_contained() {
    // A committee above the branch, and a lecturer from another branch of it.
    let mut pkg = demo_package(DemoScale::Small, today());
    let branch = pkg.organizations[0].key.clone();
    let mut committee = pkg.organizations[0].clone();
    committee.key = "root".into();
    committee.name = "中共江北市教育局机关委员会".into();
    committee.kind = zhibu_core::model::OrgKind::Committee;
    committee.groups.clear();
    let mut other = committee.clone();
    other.key = "other".into();
    other.name = "中共江北市教育局机关第二支部委员会".into();
    other.kind = zhibu_core::model::OrgKind::Branch;
    other.parent = Some("root".into());
    other.positions.clear();
    committee.positions.truncate(1);
    pkg.organizations[0].parent = Some("root".into());
    pkg.organizations.insert(0, committee);
    pkg.organizations.push(other);
    let mut guest = pkg.members[3].clone();
    guest.key = "guest".into();
    guest.org = "other".into();
    guest.group = None;
    guest.id_number = None;
    guest.dues_bases.clear();
    let lecture = pkg.activities.iter_mut().find(|a| a.lecturer.is_some()).unwrap();
    lecture.lecturer = Some("guest".into());
    pkg.members.push(guest);
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &pkg, today()).unwrap();

    let part = export_package(&ledger, Some(&branch), stamp("2026-11-22T10:00:00+08:00")).unwrap();
    let keys: Vec<&str> = part.organizations.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, [branch.as_str(), "other"], "the guest's branch comes along, the committee does not");
    assert!(part.organizations.iter().all(|o| o.parent.is_none()));
    assert!(part.members.iter().any(|m| m.key == "guest"));
    assert!(part.dues_payments.iter().all(|d| d.member != "guest"));
    let fresh = Ledger::in_memory().unwrap();
    import_package(&fresh, &parse_package(&to_json(&part)).unwrap(), today()).unwrap();
    let missing = export_package(&ledger, Some("nope"), stamp("2026-11-22T10:00:00+08:00")).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

/// A change made to a package's JSON before it is offered for import.
type Edit = Box<dyn FnOnce(&mut Value)>;

/// The small demo as JSON, changed by `edit`, then parsed and imported into a ledger holding the
/// demo: the refusal, with the ledger unchanged.
fn refused(edit: impl FnOnce(&mut Value)) -> zhibu_core::Error {
    let ledger = small_ledger();
    let mut pkg = demo_package(DemoScale::Small, today());
    pkg.source = "zhibu-feedfacefeedface".to_string();
    let mut value: Value = serde_json::from_str(&to_json(&pkg)).unwrap();
    edit(&mut value);
    refused_text(&ledger, &serde_json::to_string_pretty(&value).unwrap())
}

fn refused_text(ledger: &Ledger, text: &str) -> zhibu_core::Error {
    let before = dump_rows(ledger);
    let err = match parse_package(text) {
        Err(e) => e,
        Ok(pkg) => import_package(ledger, &pkg, today()).unwrap_err(),
    };
    assert_eq!(dump_rows(ledger), before, "a refused package changes nothing");
    err
}

fn paths(err: &zhibu_core::Error) -> Vec<&str> {
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    err.problems().iter().map(|p| p.at.as_str()).collect()
}

#[test]
fn bad_json_is_refused_with_line_and_column() {
    let ledger = small_ledger();
    let err = refused_text(&ledger, "{\n  \"format\": \"zhibu-package\",\n  \"version\": 1,,\n}");
    assert_eq!(err.code(), ErrorCode::UnreadableFile);
    assert!(err.to_string().contains("第 3 行"), "{err}");
    let err = refused_text(&ledger, "{\"format\": \"zhibu-package\"");
    assert!(err.to_string().contains("不完整"), "{err}");
}

#[test]
fn a_foreign_format_or_a_newer_version_is_refused_as_such() {
    let err = refused(|v| v["format"] = json!("other-app"));
    assert_eq!(err.code(), ErrorCode::UnreadableFile);
    assert!(err.to_string().contains("format"), "{err}");
    // A newer package may carry fields this version does not know: still a version refusal.
    let err = refused(|v| {
        v["version"] = json!(2);
        v["members"][0]["future_field"] = json!(true);
    });
    assert_eq!(err.code(), ErrorCode::NewerVersion);
    assert!(err.to_string().contains("更新版本"), "{err}");
}

#[test]
fn shape_problems_name_their_json_path() {
    let cases: Vec<(&str, Edit)> = vec![
        ("members[2].nickname", Box::new(|v| v["members"][2]["nickname"] = json!("小王"))),
        (
            "organizations[0].positions[0].since",
            Box::new(|v| v["organizations"][0]["positions"][0]["since"] = json!("x")),
        ),
        ("members[3].birth_date", Box::new(|v| _ = v["members"][3].as_object_mut().unwrap().remove("birth_date"))),
        ("members[1].joined_on", Box::new(|v| v["members"][1]["joined_on"] = json!(20200101))),
        ("members[1].joined_on", Box::new(|v| v["members"][1]["joined_on"] = json!("2020/1/1"))),
        (
            "activities[5].attendance[0].status",
            Box::new(|v| v["activities"][5]["attendance"][0]["status"] = json!("late")),
        ),
        ("activities[2].hours", Box::new(|v| v["activities"][2]["hours"] = json!(1.25))),
        ("evaluations[0].year", Box::new(|v| v["evaluations"][0]["year"] = json!(-2025))),
    ];
    for (path, edit) in cases {
        let err = refused(edit);
        assert_eq!(paths(&err), [path], "{err}");
        assert!(!err.problems()[0].message.is_empty());
    }
}

#[test]
fn data_problems_name_their_json_path() {
    let cases: Vec<(&str, Edit)> = vec![
        ("members[0].org", Box::new(|v| v["members"][0]["org"] = json!("o-nowhere"))),
        (
            "activities[0].attendance[0].member",
            Box::new(|v| v["activities"][0]["attendance"][0]["member"] = json!("m-nobody")),
        ),
        (
            "members[4].id_number",
            Box::new(|v| {
                let id = v["members"][4]["id_number"].as_str().unwrap().to_string();
                let last = if id.ends_with('0') { "1" } else { "0" };
                v["members"][4]["id_number"] = json!(format!("{}{last}", &id[..17]));
            }),
        ),
        ("members[4].birth_date", Box::new(|v| v["members"][4]["birth_date"] = json!("1980-01-02"))),
        (
            "members[5].full_member_on",
            Box::new(|v| {
                let joined =
                    NaiveDate::parse_from_str(v["members"][5]["joined_on"].as_str().unwrap(), "%Y-%m-%d").unwrap();
                v["members"][5]["full_member_on"] = json!(joined.pred_opt().unwrap().to_string());
            }),
        ),
        ("dues_payments[0].paid_fen", Box::new(|v| v["dues_payments"][0]["paid_fen"] = json!(-100))),
        ("members[1].key", Box::new(|v| v["members"][1]["key"] = v["members"][0]["key"].clone())),
        (
            "activities[0].votes[0].present",
            Box::new(|v| {
                let a = v["activities"].as_array_mut().unwrap().iter_mut().find(|a| a.get("votes").is_some()).unwrap();
                a["votes"][0]["present"] = json!(a["votes"][0]["eligible"].as_u64().unwrap() + 1);
                let first = v["activities"].as_array().unwrap().iter().position(|a| a.get("votes").is_some()).unwrap();
                v["activities"].as_array_mut().unwrap().swap(0, first);
            }),
        ),
    ];
    for (path, edit) in cases {
        let err = refused(edit);
        assert!(paths(&err).contains(&path), "expected {path} in {err}");
    }
}

#[test]
fn all_problems_are_reported_at_once() {
    let err = refused(|v| {
        v["members"][0]["org"] = json!("o-nowhere");
        v["dues_payments"][3]["paid_fen"] = json!(-1);
        v["development"][0]["steps"][0]["step"] = json!(26);
    });
    assert_eq!(paths(&err), ["members[0].org", "dues_payments[3].paid_fen", "development[0].steps[0].step"]);
}

#[test]
#[ignore = "large demo: run with --ignored, or examples/bench_package.rs in release"]
fn large_demo_imports_and_round_trips() {
    let ledger = Ledger::in_memory().unwrap();
    let report = load_demo(&ledger, DemoScale::Large, today()).unwrap();
    assert!(report.created.members >= 2400, "{report:?}");
    let pkg = export_package(&ledger, None, stamp("2026-11-22T10:00:00+08:00")).unwrap();
    let before = dump_rows(&ledger);
    assert!(!import_package(&ledger, &pkg, today()).unwrap().changed());
    assert_eq!(dump_rows(&ledger), before);
}
