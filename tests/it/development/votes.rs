//! The 支部大会 vote lives on the meeting (issue 11, item 7): schema migration 5 moves the votes
//! steps 15/23 carried onto the 党员大会 of that day without loss and flags what it cannot place; an
//! older package's votes land on the meeting too; figures the attendance cannot support are refused
//! at entry and not called met by `check`; the 会议记录 and the 全程纪实表 print the meeting's figures;
//! the demo's votes all agree with their sittings' attendance.

use serde_json::json;
use zhibu_core::app::development::{self, development_findings, CheckStatus, DevelopmentCheck};
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::model::vote::VoteFigures;
use zhibu_core::model::VoteSubject;
use zhibu_core::package::{export_package, import_package, parse_package};
use zhibu_core::store::migrations;
use zhibu_core::workbooks::development_record::write_records;
use zhibu_core::workbooks::meetings::write_meeting_records;
use zhibu_core::{ErrorCode, Ledger};

use crate::support::xlsx_read::{display_sheet, sheet_names};
use crate::support::{self, d, org, package, today};

/// A branch as schema version 4 kept it: four 正式党员 and a 预备党员; a 党员大会 on 2025-06-10 where
/// three of the four voters and the 预备党员 were present. 甲's admission that day was recorded as
/// 4/3/3 (what the sitting supports), 乙's as 5/5/5 (impossible: the 预备党员 counted, more present
/// than attended); 甲's 转正 on 2026-06-12 has no sitting in the ledger.
const OLD_LEDGER: &str = "
INSERT INTO organizations(id, key, name, kind, sector, created_at, updated_at)
    VALUES (1, 'o-1', '中共示例第一支部委员会', 'branch', 'government', 't', 't');
INSERT INTO members(id, key, org_id, name, gender, birth_date, status, joined_on, full_member_on, category, created_at, updated_at) VALUES
    (1, 'm-1', 1, '张书记', '女', '1975-01-01', 'full', '2000-07-01', '2001-07-01', 'employed', 't', 't'),
    (2, 'm-2', 1, '李红', '女', '1975-01-01', 'full', '2001-07-01', '2002-07-01', 'employed', 't', 't'),
    (3, 'm-3', 1, '王刚', '男', '1975-01-01', 'full', '2002-07-01', '2003-07-01', 'employed', 't', 't'),
    (4, 'm-4', 1, '赵敏', '女', '1975-01-01', 'full', '2003-07-01', '2004-07-01', 'employed', 't', 't'),
    (5, 'm-5', 1, '吴新', '男', '2000-01-01', 'probationary', '2025-01-01', NULL, 'employed', 't', 't');
INSERT INTO activities(id, key, org_id, date, place, topic, created_at, updated_at)
    VALUES (1, 'a-1', 1, '2025-06-10', '党员活动室', '支部大会：讨论接收预备党员', 't', 't');
INSERT INTO activity_types(activity_id, type) VALUES (1, 'party_congress');
INSERT INTO attendance(activity_id, member_id, status, reason) VALUES
    (1, 1, 'present', NULL), (1, 2, 'present', NULL), (1, 3, 'present', NULL), (1, 4, 'absent', NULL), (1, 5, 'present', NULL);
INSERT INTO development_people(id, key, org_id, name, gender, birth_date, created_at, updated_at) VALUES
    (1, 'd-1', 1, '甲', '男', '1995-01-01', 't', 't'),
    (2, 'd-2', 1, '乙', '女', '1996-01-01', 't', 't');
INSERT INTO development_steps(person_id, step, date) VALUES
    (1, 1, '2022-01-01'), (1, 15, '2025-06-10'), (1, 23, '2026-06-12'),
    (2, 1, '2022-02-01'), (2, 15, '2025-06-10');
INSERT INTO development_votes(person_id, step, eligible, present, in_favour) VALUES
    (1, 15, 4, 3, 3), (1, 23, 4, 4, 4), (2, 15, 5, 5, 5);
";

/// (activity, position, subject, person, eligible, present, against) of a `meeting_votes` row.
type MovedItem = (i64, i64, String, i64, i64, i64, Option<i64>);

fn effective_votes(ledger: &Ledger) -> Vec<(i64, i64, i64, i64, i64)> {
    let conn = ledger.conn();
    let mut stmt = conn.prepare(development::EFFECTIVE_VOTES_SQL).unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn migration_moves_step_votes_onto_the_meeting_without_loss_and_flags_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = migrations::schema_at(4).unwrap();
        conn.execute_batch(OLD_LEDGER).unwrap();
        conn.execute("VACUUM INTO ?1", [path.to_str().unwrap()]).unwrap();
    }
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(ledger.schema_version().unwrap(), migrations::latest_version());
    let conn = ledger.conn();
    // Moved: both admissions are items of the sitting (against/abstain unknown), in person order.
    let items: Vec<MovedItem> = conn
        .prepare("SELECT activity_id, position, subject, person_id, eligible, present, against FROM meeting_votes ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(items, vec![(1, 1, "admission".into(), 1, 4, 3, None), (1, 2, "admission".into(), 2, 5, 5, None)]);
    let kept: Vec<(i64, i64)> = conn
        .prepare("SELECT person_id, step FROM development_votes")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(kept, vec![(1, 23)], "no sitting that day: the figures stay on the step");
    let linked: Vec<(i64, i64, Option<i64>)> = conn
        .prepare("SELECT person_id, step, activity_id FROM development_steps WHERE step IN (15, 23) ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(linked, vec![(1, 15, Some(1)), (1, 23, None), (2, 15, Some(1))]);
    // Without loss: each step's vote reads as before.
    assert_eq!(effective_votes(&ledger), vec![(1, 15, 4, 3, 3), (1, 23, 4, 4, 4), (2, 15, 5, 5, 5)]);
    // Running the move again changes nothing.
    development::link_votes(conn).unwrap();
    assert_eq!(effective_votes(&ledger), vec![(1, 15, 4, 3, 3), (1, 23, 4, 4, 4), (2, 15, 5, 5, 5)]);

    // Flagged: the impossible vote and the vote without a sitting; `check` calls neither met.
    let jia = development::load_person(conn, 1).unwrap();
    assert!(jia.vote(15).unwrap().problems.is_empty(), "{:?}", jia.vote(15));
    assert_eq!(jia.vote(15).unwrap().activity_id, Some(1));
    assert!(jia.vote(23).unwrap().problems[0].contains("未找到当日本支部的党员大会记录"));
    let yi = development::load_person(conn, 2).unwrap();
    let problems = &yi.vote(15).unwrap().problems;
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("应到人数") && problems[1].contains("考勤"), "{problems:?}");
    let findings = development_findings(conn, &[1], None, d("2026-11-22")).unwrap();
    let status = |who: &str, check: DevelopmentCheck, step: u8| {
        findings.iter().find(|f| f.subject == who && f.check == check && f.step == Some(step)).unwrap().status
    };
    assert_eq!(status("d-1", DevelopmentCheck::QuorumMoreThanHalf, 15), CheckStatus::Met);
    assert_eq!(status("d-1", DevelopmentCheck::MajorityOfEligible, 15), CheckStatus::Met);
    for (who, step) in [("d-2", 15), ("d-1", 23)] {
        for check in [DevelopmentCheck::QuorumMoreThanHalf, DevelopmentCheck::MajorityOfEligible] {
            assert_eq!(status(who, check, step), CheckStatus::Unmet, "{who} step {step} {check:?}");
        }
    }
}

/// A package written before the vote moved: the 党员大会 of the day and the votes on the record.
fn old_package(source: &str) -> serde_json::Value {
    let member = |key: &str, name: &str, joined: &str| package::member(key, name, joined, json!({}));
    let probationary = json!({ "status": "probationary", "full_member_on": null, "birth_date": "2000-01-01" });
    package::package(
        source,
        json!({
            "organizations": [{ "key": "o-1", "name": "中共示例第一支部委员会", "short_name": "一支部", "kind": "branch", "sector": "government" }],
            "members": [member("m-1", "张书记", "2000-07-01"), member("m-2", "李红", "2001-07-01"),
                        member("m-3", "王刚", "2002-07-01"), member("m-4", "赵敏", "2003-07-01"),
                        package::member("m-5", "吴新", "2025-01-01", probationary)],
            "activities": [{
                "key": "a-1", "org": "o-1", "type": "party_congress", "date": "2025-06-10", "place": "党员活动室",
                "topic": "支部大会：讨论接收甲为预备党员",
                "attendance": [{ "member": "m-1", "status": "present" }, { "member": "m-2", "status": "present" },
                               { "member": "m-3", "status": "present" }, { "member": "m-4", "status": "leave", "reason": "出差" },
                               { "member": "m-5", "status": "present" }]
            }],
            "development": [{
                "key": "d-1", "org": "o-1", "name": "甲", "gender": "男", "birth_date": "1995-01-01",
                "steps": [{ "step": 1, "date": "2022-01-01" }, { "step": 15, "date": "2025-06-10" }],
                "votes": [{ "step": 15, "eligible": 4, "present": 3, "in_favour": 3 }]
            }]
        }),
    )
}

#[test]
fn an_old_package_imports_with_its_votes_on_the_meeting() {
    let pkg = parse_package(&old_package("old-ledger").to_string()).unwrap();
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &pkg, today()).unwrap();
    let person = development::load_person(ledger.conn(), 1).unwrap();
    let vote = person.vote(15).unwrap();
    assert_eq!((vote.eligible, vote.present, vote.in_favour, vote.activity_id), (4, 3, 3, Some(1)));
    assert!(vote.problems.is_empty(), "{:?}", vote.problems);
    assert_eq!(effective_votes(&ledger), vec![(1, 15, 4, 3, 3)]);
    // Importing it again changes nothing.
    let before = support::dump(&ledger);
    let again = import_package(&ledger, &pkg, today()).unwrap();
    assert!(!again.changed(), "{again:?}");
    assert_eq!(support::dump(&ledger), before);
    // Its export carries the vote twice over: the v1 field and the sitting's item.
    let out = export_package(&ledger, None, pkg.exported_at).unwrap();
    let v1 = &out.development[0].votes[0];
    assert_eq!((v1.step, v1.eligible, v1.present, v1.in_favour), (15, 4, 3, 3));
    let item = &out.activities[0].votes[0];
    assert_eq!(
        (item.subject, item.person.as_deref(), item.eligible, item.present),
        (VoteSubject::Admission, Some("d-1"), 4, 3)
    );
    // … and that package imports into a fresh ledger as the same record.
    let copy = Ledger::in_memory().unwrap();
    import_package(&copy, &out, today()).unwrap();
    assert_eq!(effective_votes(&copy), vec![(1, 15, 4, 3, 3)]);
    assert!(development::load_person(copy.conn(), 1).unwrap().vote(15).unwrap().problems.is_empty());
    // A package whose v1 figures disagree with the sitting's: the sitting's stand, flagged.
    let mut other = out.clone();
    other.development[0].votes[0].in_favour = 2;
    other.activities[0].votes.clear();
    import_package(&copy, &other, today()).unwrap();
    let vote = development::load_person(copy.conn(), 1).unwrap().vote(15).unwrap().clone();
    assert_eq!((vote.in_favour, vote.activity_id), (3, Some(1)));
    assert!(vote.problems[0].contains("与支部大会记录不一致"), "{:?}", vote.problems);
}

#[test]
fn figures_the_attendance_cannot_support_are_refused_at_entry() {
    let ledger = package::ledger_from(&old_package("entry"));
    let before = support::dump(&ledger);
    // 实到 4 against a sitting where three of the four voters are present.
    let mut f = zhibu_core::app::meetings::activity_detail(&ledger, 1).unwrap().fields;
    f.votes[0].figures.present = 4;
    let err = zhibu_core::app::meetings::update_activity(&ledger, 1, f, today()).unwrap_err();
    assert_eq!(err.problems()[0].at, "votes[0].figures.present", "{err}");
    assert!(err.problems()[0].message.contains("考勤"), "{err}");
    assert_eq!(support::dump(&ledger), before);
    let mut f = zhibu_core::app::meetings::activity_detail(&ledger, 1).unwrap().fields;
    f.votes[0].figures.in_favour = 4;
    let err = zhibu_core::app::meetings::update_activity(&ledger, 1, f, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let problem = &err.problems()[0];
    assert_eq!(problem.at, "votes[0].figures.in_favour", "{err}");
    assert!(problem.message.contains("接收甲为预备党员") && problem.message.contains("实到3人"), "{}", problem.message);
    assert_eq!(support::dump(&ledger), before);
    // Written opinions of absent voters count: 赞成 4 with one written opinion is possible.
    let mut f = zhibu_core::app::meetings::activity_detail(&ledger, 1).unwrap().fields;
    f.votes[0].figures =
        VoteFigures { eligible: 4, present: 3, in_favour: 4, against: Some(0), abstain: Some(0), written: 1 };
    zhibu_core::app::meetings::update_activity(&ledger, 1, f, today()).unwrap();
    // A 表决 only on a 党员大会.
    let mut f = zhibu_core::app::meetings::activity_detail(&ledger, 1).unwrap().fields;
    f.types = vec![zhibu_core::model::ActivityType::ThemeDay];
    let err = zhibu_core::app::meetings::check_activity(&ledger, f, today()).unwrap();
    assert_eq!(err[0].at, "votes");
}

#[test]
fn the_record_and_the_development_record_print_the_meetings_figures() {
    let ledger = package::ledger_from(&old_package("sheets"));
    let mut f = zhibu_core::app::meetings::activity_detail(&ledger, 1).unwrap().fields;
    f.votes[0].figures =
        VoteFigures { eligible: 4, present: 3, in_favour: 2, against: Some(1), abstain: Some(0), written: 1 };
    zhibu_core::app::meetings::update_activity(&ledger, 1, f, today()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("会议记录.xlsx");
    write_meeting_records(&ledger, org(&ledger), 2025, today(), &records).unwrap();
    let sheet = display_sheet(&records, &sheet_names(&records)[0]);
    let value = |label: &str| -> String {
        let row = sheet.iter().find(|r| r.iter().any(|c| c == label)).unwrap_or_else(|| panic!("{label}: {sheet:?}"));
        let at = row.iter().position(|c| c == label).unwrap();
        row[at + 1..].iter().find(|c| !c.is_empty()).cloned().unwrap_or_default()
    };
    assert!(value("表决事项").contains("接收甲为预备党员"));
    let printed: Vec<String> =
        ["有表决权应到", "有表决权实到", "赞成票", "反对票", "弃权票", "书面意见"].iter().map(|l| value(l)).collect();
    assert_eq!(printed, ["4", "3", "2", "1", "0", "1"], "{sheet:?}");
    assert!(value("表决结果").starts_with("未通过"), "2 of 4 is not more than half");

    let record = dir.path().join("全程纪实表.xlsx");
    write_records(&ledger, org(&ledger), 2025, today(), &record, false).unwrap();
    let text: Vec<String> = sheet_names(&record).iter().flat_map(|n| display_sheet(&record, n)).flatten().collect();
    assert!(
        text.iter().any(|c| c.contains("支部大会表决：应到4人，实到3人，赞成2票，反对1票，弃权0票（含书面意见1份）")),
        "{text:?}"
    );
}

#[test]
fn every_demo_vote_agrees_with_its_sittings_attendance() {
    for scale in [DemoScale::Small, DemoScale::Large] {
        let ledger = Ledger::in_memory().unwrap();
        load_demo(&ledger, scale, today()).unwrap();
        let people = development::load_people(ledger.conn(), &[]).unwrap();
        let (mut votes, mut impossible) = (0, 0);
        for p in &people {
            for step in p.steps.iter().filter(|s| matches!(s.step, 15 | 23)) {
                let v = p.vote(step.step).unwrap_or_else(|| panic!("{} step {} has no vote", p.name, step.step));
                assert!(v.activity_id.is_some(), "{} step {}: not on a 党员大会", p.name, step.step);
                assert!(v.against.is_some() && v.abstain.is_some());
                votes += 1;
                if !v.problems.is_empty() {
                    impossible += 1;
                    eprintln!("{} step {}: {:?}", p.name, step.step, v.problems);
                }
            }
        }
        eprintln!("[{scale:?}] {votes} votes, {impossible} impossible against attendance");
        assert!(votes > 0);
        assert_eq!(impossible, 0);
        let findings = development_findings(ledger.conn(), &[], None, today()).unwrap();
        let unmet: Vec<_> = findings
            .iter()
            .filter(|f| {
                matches!(f.check, DevelopmentCheck::QuorumMoreThanHalf | DevelopmentCheck::MajorityOfEligible)
                    && f.status != CheckStatus::Met
            })
            .collect();
        assert!(unmet.is_empty(), "{unmet:#?}");
    }
}
