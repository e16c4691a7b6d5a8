//! 组织关系转接 after a receive (issue 15): a person two organisations of the committee's ledger hold
//! at once is listed (ID number masked), settled by choosing where the person is now — the other
//! record leaves its roll as the roster's 转出, nothing deleted, audited — and stays settled when the
//! branch reports the same or a newer file still listing the person.

use serde_json::json;
use zhibu_core::app::reports::{self, OpenTransfer};
use zhibu_core::report::ReportFile;
use zhibu_core::Ledger;

use super::{branch_ledger, changed, committee_with, count, receive, report_of, write};
use crate::support::package::member;
use crate::support::{cli, d, dump_rows, last_audit, today};

const OTHER: &str = "中共江北市教育局机关第二支部委员会";
/// The reporting branch, as its own package spells it (the receive takes the branch's own name).
const HERE: &str = "中共江北市教育局机关第一支部委员会";

/// The branch's file and a committee whose second branch `c-3` already holds one of the branch's
/// members (same ID number, record `x-1`), both on the roll.
fn setting() -> (ReportFile, Ledger, String, String) {
    let file = report_of(&branch_ledger(), "2026-11-30T09:00:00+08:00");
    let moved = file.package.members.iter().find(|m| m.id_number.is_some() && m.left.is_none()).unwrap();
    let own = serde_json::to_value(moved).unwrap();
    let there = member(
        "x-1",
        &moved.name,
        "2001-07-01",
        json!({ "org": "c-3", "id_number": own["id_number"], "birth_date": own["birth_date"], "gender": own["gender"] }),
    );
    let name = moved.name.clone();
    let id = moved.id_number.clone().unwrap();
    (file, committee_with(vec![there]), name, id)
}

fn open(ledger: &Ledger) -> Vec<OpenTransfer> {
    reports::open_transfers(ledger, today()).unwrap()
}

/// The key of the record organisation `org` holds in the open transfer.
fn record_in(t: &OpenTransfer, org: &str) -> String {
    t.records.iter().find(|r| r.org == org).unwrap().member.clone()
}

fn left_of(ledger: &Ledger, key: &str) -> (Option<String>, Option<String>, Option<String>) {
    ledger
        .conn()
        .query_row("SELECT left_on, left_reason, left_to FROM members WHERE key = ?1", [key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
}

#[test]
fn a_transfer_is_listed_masked_and_settled_as_the_rosters_transfer_out() {
    let dir = tempfile::tempdir().unwrap();
    let (file, committee, name, id) = setting();
    assert!(open(&committee).is_empty(), "nothing to settle before the receive");
    receive(&committee, &[write(dir.path(), "a.json", &file)]);
    let list = open(&committee);
    assert_eq!(list.len(), 1, "{list:?}");
    let t = &list[0];
    assert_eq!(t.name, name);
    assert!(!t.id_number.contains(&id[6..14]) && t.id_number.ends_with(&id[14..]), "masked: {}", t.id_number);
    let orgs: Vec<&str> = t.records.iter().map(|r| r.org_name.as_str()).collect();
    assert_eq!(orgs.len(), 2);
    assert!(orgs.contains(&OTHER) && orgs.contains(&HERE), "{orgs:?}");
    let here = record_in(t, "c-2");

    // The person is now in the branch that just reported: the record of the second branch leaves.
    let members = count(&committee, "SELECT count(*) FROM members");
    let done = reports::settle_transfer(&committee, "x-1", "c-2", Some(d("2026-10-08")), today()).unwrap();
    assert_eq!(done.holder, HERE);
    assert_eq!(done.left, vec![OTHER.to_string()]);
    assert_eq!(left_of(&committee, "x-1"), (Some("2026-10-08".into()), Some("transfer_out".into()), Some(HERE.into())));
    assert_eq!(left_of(&committee, &here), (None, None, None), "the chosen record stays on the roll");
    assert_eq!(count(&committee, "SELECT count(*) FROM members"), members, "nothing deleted");
    assert_eq!(
        count(
            &committee,
            "SELECT count(*) FROM member_events e JOIN members m ON m.id = e.member_id
             WHERE m.key = 'x-1' AND e.event = 'transfer_out' AND e.on_date = '2026-10-08'"
        ),
        1,
        "the status history says 转出"
    );
    let (action, _, summary) = last_audit(&committee);
    assert_eq!(action, "核实转接");
    assert!(summary.contains(&name) && summary.contains("2026年10月8日") && !summary.contains(&id), "{summary}");
    assert!(open(&committee).is_empty());

    // Settled once: the record is in no open transfer any more.
    let again = reports::settle_transfer(&committee, "x-1", "c-2", None, today()).unwrap_err().to_string();
    assert!(again.contains("没有待核实"), "{again}");
}

#[test]
fn a_settled_transfer_does_not_come_back_with_the_same_or_a_newer_report() {
    let dir = tempfile::tempdir().unwrap();
    let (file, committee, _, _) = setting();
    let first = receive(&committee, &[write(dir.path(), "1.json", &file)]);
    assert_eq!(first.files[0].receipt.as_ref().unwrap().conflicts.len(), 1);
    // The person is in the second branch: the reporting branch's record leaves, though the branch's
    // own ledger still lists the person.
    let here = record_in(&open(&committee)[0], "c-2");
    reports::settle_transfer(&committee, &here, "c-3", None, today()).unwrap();
    assert_eq!(left_of(&committee, &here).0.as_deref(), Some("2026-11-22"), "default: today (no 转入 recorded)");

    // The same file again: nothing changes.
    let before = dump_rows(&committee);
    let same = receive(&committee, &[write(dir.path(), "1.json", &file)]);
    let r = same.files[0].receipt.as_ref().unwrap();
    assert!(r.same_as_before && r.conflicts.is_empty());
    assert_eq!(dump_rows(&committee), before);

    // A newer file, the person still listed (and another member renamed): received, the settled
    // leaving kept, no conflict, no 恢复在册 in the history.
    let renamed = file.package.members[0].name.clone() + "某";
    let newer = changed(&file, "2026-12-05T09:00:00+08:00", |p| p["members"][0]["name"] = json!(renamed));
    let second = receive(&committee, &[write(dir.path(), "2.json", &newer)]);
    let r = second.files[0].receipt.as_ref().unwrap();
    assert!(!r.same_as_before);
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
    assert!(open(&committee).is_empty());
    assert_eq!(
        left_of(&committee, &here),
        (Some("2026-11-22".into()), Some("transfer_out".into()), Some(OTHER.into()))
    );
    assert_eq!(
        count(
            &committee,
            &format!(
                "SELECT count(*) FROM member_events e JOIN members m ON m.id = e.member_id
                 WHERE m.key = '{here}' AND e.event = 'returned'"
            )
        ),
        0
    );
    assert_eq!(count(&committee, &format!("SELECT count(*) FROM members WHERE name = '{renamed}'")), 1);

    // Put back on the roll by hand afterwards: the committee's later word wins, the conflict is open again.
    let id: i64 = committee.conn().query_row("SELECT id FROM members WHERE key = ?1", [&here], |r| r.get(0)).unwrap();
    zhibu_core::app::roster::cancel_leaving(&committee, id, today()).unwrap();
    let third = changed(&file, "2026-12-06T09:00:00+08:00", |p| p["members"][1]["phone"] = json!("13900000000"));
    let r = receive(&committee, &[write(dir.path(), "3.json", &third)]);
    assert_eq!(r.files[0].receipt.as_ref().unwrap().conflicts.len(), 1);
    assert_eq!(open(&committee).len(), 1);
}

#[test]
fn transfers_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (file, committee, _, _) = setting();
    let db = dir.path().join("committee.db");
    zhibu_core::store::backup::copy_to(committee.conn(), &db, None).unwrap();
    drop(committee);
    let path = write(dir.path(), "a.json", &file);
    assert_eq!(cli::run(&db, &["receive", path.to_str().unwrap(), "--today", "2026-11-22"]), 0);
    assert_eq!(cli::run(&db, &["transfers", "--today", "2026-11-22"]), 0);
    assert_eq!(cli::run(&db, &["transfers", "--json", "--today", "2026-11-22"]), 0);
    let ledger = Ledger::open(&db).unwrap();
    let before = dump_rows(&ledger);
    drop(ledger);
    // An organisation that holds none of the records, a date before the record joined, an unknown record.
    assert_eq!(cli::run(&db, &["transfers", "--resolve", "x-1", "--to", "c-1"]), 1);
    assert_eq!(cli::run(&db, &["transfers", "--resolve", "x-1", "--to", "c-2", "--on", "1990-01-01"]), 1);
    assert_eq!(cli::run(&db, &["transfers", "--resolve", "nobody", "--to", "c-2"]), 1);
    assert_eq!(cli::run(&db, &["transfers", "--to", "c-2"]), 2, "--to needs --resolve");
    let ledger = Ledger::open(&db).unwrap();
    assert_eq!(dump_rows(&ledger), before, "refusals change nothing");
    drop(ledger);
    assert_eq!(
        cli::run(&db, &["transfers", "--resolve", "x-1", "--to", "c-2", "--on", "2026-10-08", "--today", "2026-11-22"]),
        0
    );
    let ledger = Ledger::open(&db).unwrap();
    assert!(reports::open_transfers(&ledger, today()).unwrap().is_empty());
    assert_eq!(left_of(&ledger, "x-1").1.as_deref(), Some("transfer_out"));
}
