//! A sitting saved without anyone present, without 主持人 or without 内容 is asked about first
//! (`meeting_warnings`, the form's 确认保存？); a 支委会 of a branch with no committee registered says
//! so; a complete record and a 谈心谈话 are not asked about. Nothing is written.

use serde_json::json;
use zhibu_core::meetings::*;
use zhibu_core::model::{ActivityType as T, AttendanceStatus as S};
use zhibu_core::package::{import_package, parse_package};
use zhibu_core::Ledger;

use crate::support::member_id as id;
use crate::support::package;
use crate::support::{audit_count, d, org, today};

fn ledger(positions: bool) -> Ledger {
    let positions = if positions {
        json!([{ "member": "m-1", "role": "secretary", "from": "2025-01-01" },
               { "member": "m-2", "role": "organization", "from": "2025-01-01" }])
    } else {
        json!([])
    };
    let pkg = json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "warnings-test",
        "organizations": [{ "key": "o-1", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "government",
                            "positions": positions }],
        "members": [
            package::member("m-1", "张书记", "2000-07-01", json!({})),
            package::member("m-2", "李委员", "2000-07-01", json!({})),
            package::member("m-3", "王五", "2000-07-01", json!({})),
        ]
    });
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&pkg.to_string()).unwrap(), today()).unwrap();
    ledger
}

fn sitting(ledger: &Ledger, types: Vec<T>) -> ActivityFields {
    ActivityFields {
        org_id: org(ledger),
        types,
        group_id: None,
        date: d("2026-06-12"),
        start_time: None,
        end_time: None,
        place: "党员活动室".into(),
        topic: "研究六月工作".into(),
        host_id: Some(id(ledger, "m-1")),
        recorder_id: None,
        lecturer_id: None,
        content: Some("研究部署六月工作".into()),
        decisions: None,
        hours_tenths: None,
        observers: None,
        talk_trigger: None,
        celebrant_ids: vec![],
        attendees: None,
        marks: vec![],
        votes: vec![],
    }
}

fn at(w: &[zhibu_core::Problem]) -> Vec<&str> {
    w.iter().map(|p| p.at.as_str()).collect()
}

#[test]
fn a_sitting_without_attendees_host_or_content_asks_for_confirmation() {
    let ledger = ledger(true);
    let audits = audit_count(&ledger);
    let full = sitting(&ledger, vec![T::CommitteeMeeting]);
    assert_eq!(meeting_warnings(&ledger, full.clone(), today()).unwrap(), vec![]);

    let bare = ActivityFields { host_id: None, content: Some("  ".into()), ..full.clone() };
    let w = meeting_warnings(&ledger, bare, today()).unwrap();
    assert_eq!(at(&w), ["host_id", "content"]);
    assert_eq!(w[0].message, "支委会未填写主持人");

    // Everyone expected marked absent or on leave: nobody present.
    let marks = ["m-1", "m-2"]
        .iter()
        .map(|k| AttendanceMark { member_id: id(&ledger, k), status: S::Absent, reason: None })
        .collect();
    let w = meeting_warnings(&ledger, ActivityFields { marks, ..full }, today()).unwrap();
    assert_eq!(at(&w), ["attendees"]);
    assert!(w[0].message.contains("实到0人"), "{w:?}");

    // A 谈心谈话 names its people on its own form: not asked.
    let talk = ActivityFields { host_id: None, content: None, ..sitting(&ledger, vec![T::HeartTalk]) };
    assert_eq!(meeting_warnings(&ledger, talk, today()).unwrap(), vec![]);
    assert_eq!(audit_count(&ledger), audits, "a check writes nothing");
}

#[test]
fn a_committee_meeting_of_a_branch_without_committee_says_it_expects_no_one() {
    let ledger = ledger(false);
    let w = meeting_warnings(&ledger, sitting(&ledger, vec![T::CommitteeMeeting]), today()).unwrap();
    assert_eq!(at(&w), ["attendees"]);
    assert!(w[0].message.starts_with("支委会应到0人") && w[0].message.contains("组织与党小组"), "{w:?}");
    // The 党员大会 of the same branch expects everyone: nothing to ask.
    assert_eq!(meeting_warnings(&ledger, sitting(&ledger, vec![T::PartyCongress]), today()).unwrap(), vec![]);
}
