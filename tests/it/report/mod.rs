//! 报送上级 → 接收报送 (issue 15): a branch ledger's 报送 file received into a committee ledger that
//! has the same tree under its own keys and spellings.

mod branch_books;
mod committee;
mod transfers;

use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde_json::{json, Value};
use zhibu_core::app::reports::{self, MatchedBy, ReceiveReport};
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::report::{build_report, package_digest, report_json, Period, ReportFile};
use zhibu_core::Ledger;

use crate::support::package::{ledger_from, member, package, with};
use crate::support::{cli, dump_rows, today};

const BRANCH: &str = "中共江北市教育局机关第一支部委员会";

fn branch_ledger() -> Ledger {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Small, today()).unwrap();
    ledger
}

/// The branch ledger's 报送 file, made at `at`.
fn report_of(branch: &Ledger, at: &str) -> ReportFile {
    let period = Period::parse("period", "2026").unwrap();
    build_report(branch, None, &period, DateTime::parse_from_rfc3339(at).unwrap()).unwrap()
}

/// The committee's tree (its own keys; the branch spelled 江北市教育局机关一支部) and, with `extra`
/// members, people of the second branch `c-3`.
fn committee_with(extra: Vec<Value>) -> Ledger {
    let orgs = json!([
        { "key": "c-1", "name": "中共江北市教育局委员会", "kind": "committee", "sector": "government" },
        { "key": "c-2", "name": "江北市教育局机关一支部", "kind": "branch", "sector": "government", "parent": "c-1" },
        { "key": "c-3", "name": "中共江北市教育局机关第二支部委员会", "kind": "branch", "sector": "government", "parent": "c-1" }
    ]);
    ledger_from(&package("zhibu-committee", json!({ "organizations": orgs, "members": extra })))
}

fn write(dir: &Path, name: &str, file: &ReportFile) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, report_json(file)).unwrap();
    path
}

fn receive(ledger: &Ledger, paths: &[PathBuf]) -> ReceiveReport {
    reports::receive(ledger, paths, false, today(), |_, _| {}).unwrap()
}

fn parent_name(ledger: &Ledger, key: &str) -> String {
    ledger
        .conn()
        .query_row(
            "SELECT p.name FROM organizations o JOIN organizations p ON p.id = o.parent_id WHERE o.key = ?1",
            [key],
            |r| r.get(0),
        )
        .unwrap()
}

fn count(ledger: &Ledger, sql: &str) -> i64 {
    ledger.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The file with its package changed by `change` and the digest made to match again (a genuine
/// newer export), made at `at`.
fn changed(file: &ReportFile, at: &str, change: impl FnOnce(&mut Value)) -> ReportFile {
    let mut value = serde_json::to_value(&file.package).unwrap();
    change(&mut value);
    let mut out = file.clone();
    out.package = serde_json::from_value(value).unwrap();
    out.manifest.digest = package_digest(&out.package);
    out.manifest.created_at = DateTime::parse_from_rfc3339(at).unwrap();
    out
}

#[test]
fn a_branch_report_lands_under_the_committees_own_branch() {
    let dir = tempfile::tempdir().unwrap();
    let branch = branch_ledger();
    let manifest =
        reports::export_report(&branch, &dir.path().join("一支部.json"), None, Some("2026-h2"), today()).unwrap();
    assert_eq!(manifest.org_name, BRANCH);
    assert_eq!(manifest.period, "2026-H2");
    assert_eq!(manifest.counts.members, 26);

    let committee = committee_with(vec![]);
    let report = receive(&committee, &[dir.path().to_path_buf()]);
    assert_eq!(report.refused(), 0, "{report:?}");
    let r = report.files[0].receipt.as_ref().unwrap();
    assert_eq!(r.matched_by, MatchedBy::Name);
    assert_eq!(r.org_key, "c-2");
    assert_eq!(r.members_in.len(), 26);
    assert_eq!(r.meetings_added, manifest.counts.meetings);
    assert_eq!(r.payments_added, manifest.counts.payments);
    assert!(r.previous_report.is_none());
    // The branch stays under the committee, the members are in it, nothing was created twice.
    assert_eq!(parent_name(&committee, "c-2"), "中共江北市教育局委员会");
    assert_eq!(
        count(&committee, "SELECT count(*) FROM members m JOIN organizations o ON o.id = m.org_id WHERE o.key = 'c-2'"),
        26
    );
    assert_eq!(count(&committee, "SELECT count(*) FROM organizations"), 3);
    let last = reports::last_reports(&committee).unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!((last[0].org_key.as_str(), last[0].period.as_str(), last[0].members), ("c-2", "2026-H2", 26));
}

#[test]
fn the_same_file_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.json", &report_of(&branch_ledger(), "2026-11-30T09:00:00+08:00"));
    let committee = committee_with(vec![]);
    receive(&committee, std::slice::from_ref(&file));
    let before = dump_rows(&committee);
    let again = receive(&committee, &[file]);
    let r = again.files[0].receipt.as_ref().unwrap();
    assert!(r.same_as_before);
    assert_eq!(r.matched_by, MatchedBy::Earlier);
    assert_eq!(r.previous_report.as_deref(), Some("2026-11-30"));
    assert_eq!(dump_rows(&committee), before);
}

#[test]
fn a_newer_report_updates_and_says_who_is_no_longer_listed_without_deleting() {
    let dir = tempfile::tempdir().unwrap();
    let base = report_of(&branch_ledger(), "2026-11-30T09:00:00+08:00");
    // The first report lists one more member (later transferred out in the branch's ledger).
    let first = changed(&base, "2026-11-30T09:00:00+08:00", |p| {
        let extra = member("m-extra", "钱多余", "2001-07-01", json!({ "org": base.manifest.org_key }));
        p["members"].as_array_mut().unwrap().push(extra);
    });
    let committee = committee_with(vec![]);
    let r1 = receive(&committee, &[write(dir.path(), "1.json", &first)]);
    assert_eq!(r1.refused(), 0, "{r1:?}");
    let renamed = base.package.members[0].name.clone() + "某";
    let newer = changed(&base, "2026-12-05T09:00:00+08:00", |p| p["members"][0]["name"] = json!(renamed));
    let r2 = receive(&committee, &[write(dir.path(), "2.json", &newer)]);
    let r = r2.files[0].receipt.as_ref().unwrap();
    assert_eq!(r.members_out, vec!["钱多余".to_string()]);
    assert!(r.members_in.is_empty());
    assert_eq!(r.import.updated.members, 1);
    assert_eq!(r.previous_report.as_deref(), Some("2026-11-30"));
    assert_eq!(count(&committee, "SELECT count(*) FROM members WHERE name = '钱多余'"), 1, "kept, not deleted");
    assert_eq!(count(&committee, &format!("SELECT count(*) FROM members WHERE name = '{renamed}'")), 1);

    // The older file afterwards is refused and changes nothing.
    let before = dump_rows(&committee);
    let old = receive(&committee, &[write(dir.path(), "old.json", &base)]);
    let reason = old.files[0].refused.as_deref().unwrap();
    assert!(reason.contains("old.json") && reason.contains("较早"), "{reason}");
    assert_eq!(dump_rows(&committee), before);
}

#[test]
fn a_tampered_or_truncated_file_is_refused_by_name_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = report_of(&branch_ledger(), "2026-11-30T09:00:00+08:00");
    let mut tampered = file.clone();
    tampered.package.dues_payments[0].paid_fen += 100;
    let text = report_json(&file);
    std::fs::write(dir.path().join("截断.json"), &text[..text.len() / 2]).unwrap();
    std::fs::write(dir.path().join("空.json"), "").unwrap();
    let paths =
        vec![write(dir.path(), "改动.json", &tampered), dir.path().join("截断.json"), dir.path().join("空.json")];
    let committee = committee_with(vec![]);
    let before = dump_rows(&committee);
    let report = receive(&committee, &paths);
    assert_eq!(report.refused(), 3);
    let reasons: Vec<&str> = report.files.iter().map(|f| f.refused.as_deref().unwrap()).collect();
    assert!(reasons[0].contains("改动.json") && reasons[0].contains("校验不符"), "{}", reasons[0]);
    assert!(reasons[1].contains("截断.json") && reasons[1].contains("不完整"), "{}", reasons[1]);
    assert!(reasons[2].contains("空.json"), "{}", reasons[2]);
    assert_eq!(dump_rows(&committee), before);
}

#[test]
fn a_member_already_in_another_branch_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let file = report_of(&branch_ledger(), "2026-11-30T09:00:00+08:00");
    let moved = file.package.members.iter().find(|m| m.id_number.is_some() && m.left.is_none()).unwrap();
    let id = moved.id_number.clone().unwrap();
    let own = serde_json::to_value(moved).unwrap();
    let there = member(
        "x-1",
        &moved.name,
        "2001-07-01",
        json!({ "org": "c-3", "id_number": id, "birth_date": own["birth_date"], "gender": own["gender"] }),
    );
    let committee = committee_with(vec![there]);
    let report = receive(&committee, &[write(dir.path(), "a.json", &file)]);
    let r = report.files[0].receipt.as_ref().unwrap();
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    assert_eq!(r.conflicts[0].name, moved.name);
    assert_eq!(r.conflicts[0].other_org, "中共江北市教育局机关第二支部委员会");
    assert!(!r.conflicts[0].id_number.contains(&id[6..14]), "the ID number is masked");
}

#[test]
fn a_folder_receives_the_good_files_and_lists_the_bad_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("报送");
    std::fs::create_dir(&inbox).unwrap();
    let branch = branch_ledger();
    let good = report_of(&branch, "2026-11-30T09:00:00+08:00");
    write(&inbox, "1-一支部.json", &good);
    let mut stranger = good.clone();
    stranger.manifest.org_name = "中共江南市卫生局机关支部委员会".to_string();
    write(&inbox, "2-外单位.json", &stranger);
    std::fs::write(inbox.join("3-坏.json"), "{\"format\": \"zhibu-report\"").unwrap();

    let db = dir.path().join("committee.db");
    let tree = package(
        "zhibu-committee",
        json!({ "organizations": [
            { "key": "c-1", "name": "中共江北市教育局委员会", "kind": "committee", "sector": "government" },
            { "key": "c-2", "name": "江北市教育局机关一支部", "kind": "branch", "sector": "government", "parent": "c-1" }
        ]}),
    );
    let tree_file = dir.path().join("tree.json");
    std::fs::write(&tree_file, with(tree, json!({})).to_string()).unwrap();
    assert_eq!(cli::run(&db, &["import", tree_file.to_str().unwrap()]), 0);
    let ledger = Ledger::open(&db).unwrap();
    let report = reports::receive(&ledger, std::slice::from_ref(&inbox), true, today(), |_, _| {}).unwrap();
    let refused: Vec<&str> = report.files.iter().filter_map(|f| f.refused.as_deref()).collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(refused[0].contains("2-外单位.json") && refused[0].contains("不在本台账的组织中"), "{}", refused[0]);
    assert!(refused[1].contains("3-坏.json"), "{}", refused[1]);
    drop(ledger);
    assert_eq!(cli::run(&db, &["receive", inbox.to_str().unwrap(), "--preview"]), 1);
    let ledger = Ledger::open(&db).unwrap();
    assert_eq!(count(&ledger, "SELECT count(*) FROM members"), 0, "a preview writes nothing");
    drop(ledger);
    assert_eq!(cli::run(&db, &["receive", inbox.to_str().unwrap()]), 1);
    let ledger = Ledger::open(&db).unwrap();
    assert_eq!(count(&ledger, "SELECT count(*) FROM members"), 26, "the good file was received");
    assert_eq!(count(&ledger, "SELECT count(*) FROM branch_reports"), 1);
    // Received again: the good file changes nothing; the bad one is still refused.
    let report = reports::receive(&ledger, &[inbox], false, today(), |_, _| {}).unwrap();
    assert!(report.files[0].receipt.as_ref().unwrap().same_as_before);
    assert!(report.files[2].refused.is_some());
}

#[test]
fn the_committee_named_in_a_branch_report_is_matched_not_copied_and_keeps_its_positions() {
    // The branch's ledger: its 党委 (a lecturer, the 党委 secretary, the 班子) and the branch.
    let orgs = json!([
        { "key": "p-1", "name": "中共江北市某局委员会", "kind": "committee", "sector": "government",
          "positions": [{ "member": "m-l", "role": "secretary" }] },
        { "key": "p-2", "name": "中共江北市某局机关第一支部委员会", "kind": "branch", "sector": "government", "parent": "p-1" }
    ]);
    let members = json!([
        member("m-l", "李讲师", "1995-07-01", json!({ "org": "p-1" })),
        member("m-a", "张党员", "2005-07-01", json!({ "org": "p-2" }))
    ]);
    let activities = json!([{ "key": "a-1", "org": "p-2", "type": "party_lecture", "date": "2026-03-10",
        "place": "会议室", "topic": "党课", "lecturer": "m-l",
        "attendance": [{ "member": "m-a", "status": "present" }] }]);
    let branch = ledger_from(&package(
        "zhibu-branch",
        json!({ "organizations": orgs, "members": members, "activities": activities }),
    ));
    let file = build_report(
        &branch,
        Some("p-2"),
        &Period::parse("period", "2026").unwrap(),
        DateTime::parse_from_rfc3339("2026-11-30T09:00:00+08:00").unwrap(),
    )
    .unwrap();
    assert_eq!(file.package.organizations.len(), 2, "the lecturer's 党委 comes along");
    assert_eq!(file.manifest.counts.members, 1);

    // The committee: the same 党委 spelled its way, with its own 班子 of two.
    let committee = ledger_from(&package(
        "zhibu-committee",
        json!({
            "organizations": [
                { "key": "k-1", "name": "江北市某局党委员会", "kind": "committee", "sector": "government",
                  "positions": [{ "member": "k-s", "role": "secretary" }, { "member": "k-d", "role": "deputy_secretary" }] },
                { "key": "k-2", "name": "江北市某局机关一支部", "kind": "branch", "sector": "government", "parent": "k-1" }
            ],
            "members": [
                member("k-s", "王书记", "1990-07-01", json!({ "org": "k-1" })),
                member("k-d", "赵副书记", "1991-07-01", json!({ "org": "k-1" }))
            ]
        }),
    ));
    let dir = tempfile::tempdir().unwrap();
    let report = receive(&committee, &[write(dir.path(), "a.json", &file)]);
    assert_eq!(report.refused(), 0, "{report:?}");
    assert_eq!(count(&committee, "SELECT count(*) FROM organizations"), 2, "no second 党委");
    assert_eq!(parent_name(&committee, "k-2"), "江北市某局党委员会");
    let k1 = "(SELECT id FROM organizations WHERE key = 'k-1')";
    assert_eq!(count(&committee, &format!("SELECT count(*) FROM org_positions WHERE org_id = {k1}")), 2);
    assert_eq!(count(&committee, &format!("SELECT count(*) FROM members WHERE name = '李讲师' AND org_id = {k1}")), 1);
}

#[test]
fn the_committee_table_shows_each_branch_from_the_branch_computations() {
    let dir = tempfile::tempdir().unwrap();
    let branch = branch_ledger();
    let file = report_of(&branch, "2026-11-30T09:00:00+08:00");
    let committee = committee_with(vec![]);
    receive(&committee, &[write(dir.path(), "a.json", &file)]);
    let rows = reports::branches_table(&committee, 2026, today(), None).unwrap();
    assert_eq!(rows.iter().map(|r| r.org.as_str()).collect::<Vec<_>>(), ["c-2", "c-3"]);
    let (one, two) = (&rows[0], &rows[1]);
    assert_eq!(one.last_report.as_deref(), Some("2026-11-30"));
    assert_eq!(two.last_report, None);
    // The same numbers as the branch's own ledger gives for its organisation.
    let own = zhibu_core::app::dues::year_report(&branch, 2026, Some(crate::support::org(&branch)), today()).unwrap();
    assert_eq!(
        (one.members, one.dues_due_fen, one.dues_paid_fen),
        (own.totals.members, own.totals.due_to_date_fen, own.totals.paid_to_date_fen)
    );
    assert!(one.meetings_required > 0.0, "{one:?}");
    assert_eq!((two.members, two.meetings_held), (0, 0.0));
}

/// A 总支 reports with its branches: those the committee already has under its 总支 (its own keys and
/// spellings) receive their records — matched by name among the organisations under the 总支 only,
/// not a same-named branch elsewhere — instead of a second copy being created.
#[test]
fn a_general_branchs_branches_land_in_the_committees_own() {
    let dir = tempfile::tempdir().unwrap();
    let zz = json!([
        { "key": "z-1", "name": "中共江北市教育局机关总支部委员会", "kind": "general_branch", "sector": "government" },
        { "key": "z-2", "name": "中共江北市教育局机关第一支部委员会", "kind": "branch", "sector": "government", "parent": "z-1" },
        { "key": "z-3", "name": "中共江北市教育局机关总支第二支部委员会", "kind": "branch", "sector": "government", "parent": "z-1" }
    ]);
    let people = json!([
        member("m-1", "赵一", "2001-07-01", json!({ "org": "z-2" })),
        member("m-2", "钱二", "2002-07-01", json!({ "org": "z-3" })),
        member("m-3", "孙三", "2003-07-01", json!({ "org": "z-1" }))
    ]);
    let general = ledger_from(&package("zhibu-zongzhi", json!({ "organizations": zz, "members": people })));
    let file = report_of(&general, "2026-11-30T09:00:00+08:00");
    assert_eq!(file.manifest.org_key, "z-1");

    let tree = json!([
        { "key": "c-1", "name": "中共江北市教育局委员会", "kind": "committee", "sector": "government" },
        { "key": "c-2", "name": "江北市教育局机关一支部", "kind": "branch", "sector": "government", "parent": "c-1" },
        { "key": "c-7", "name": "江北市教育局机关总支部", "kind": "general_branch", "sector": "government", "parent": "c-1" },
        { "key": "c-8", "name": "江北市教育局机关一支部", "kind": "branch", "sector": "government", "parent": "c-7" },
        { "key": "c-9", "name": "江北市教育局机关总支二支部", "kind": "branch", "sector": "government", "parent": "c-7" }
    ]);
    let committee = ledger_from(&package("zhibu-committee", json!({ "organizations": tree })));
    let report = receive(&committee, &[write(dir.path(), "总支.json", &file)]);
    let r = report.files[0].receipt.as_ref().unwrap();
    assert_eq!((r.org_key.as_str(), r.matched_by), ("c-7", MatchedBy::Name));
    assert_eq!(count(&committee, "SELECT count(*) FROM organizations"), 5, "no second copy of a branch");
    let org_of = |name: &str| -> String {
        committee
            .conn()
            .query_row(
                "SELECT o.key FROM members m JOIN organizations o ON o.id = m.org_id WHERE m.name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(org_of("赵一"), "c-8", "under the 总支, not the same-named branch outside it");
    assert_eq!(org_of("钱二"), "c-9");
    assert_eq!(org_of("孙三"), "c-7");
    let parent_of = |key: &str| -> String {
        committee
            .conn()
            .query_row(
                "SELECT p.key FROM organizations o JOIN organizations p ON p.id = o.parent_id WHERE o.key = ?1",
                [key],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!((parent_of("c-8"), parent_of("c-9"), parent_of("c-7")), ("c-7".into(), "c-7".into(), "c-1".into()));

    // The next report finds them by what it was mapped to, and still creates nothing.
    let newer = changed(&file, "2026-12-05T09:00:00+08:00", |p| p["members"][0]["phone"] = json!("13900000000"));
    let again = receive(&committee, &[write(dir.path(), "总支2.json", &newer)]);
    assert_eq!(again.refused(), 0, "{again:?}");
    assert_eq!(count(&committee, "SELECT count(*) FROM organizations"), 5);
    assert_eq!(count(&committee, "SELECT count(*) FROM members"), 3);
}
