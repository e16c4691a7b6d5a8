//! The committee 工作台 (issue 15): the branches table and the branch × rule matrix are computed for
//! all branches at once, and agree with each branch's own check, dues year and 组织生活 list.

use chrono::Datelike;
use zhibu_core::app::findings::DevelopmentFindings;
use zhibu_core::app::reports::{branch_matrix, branches_table};
use zhibu_core::demo::{load_demo, DemoScale};
use zhibu_core::meetings::list::{list_activities, ActivityFilter};
use zhibu_core::model::{citation, ActivityType};
use zhibu_core::standards::check::{check, profile_for, FindingsProvider};
use zhibu_core::standards::{CheckReport, Status, StatusCounts};
use zhibu_core::Ledger;

use crate::support::today;

/// A branch's check on its own, the way a branch's 自查 computed it before the committee table:
/// its profile, its subtree, its 发展党员 findings, one `check`.
fn own_check(ledger: &Ledger, id: i64, year: i32, profile: Option<&str>) -> CheckReport {
    let conn = ledger.conn();
    let p = profile_for(conn, Some(id), profile).unwrap();
    let ids = zhibu_core::standards::facts::subtree_ids(conn, Some(id)).unwrap();
    let extra = DevelopmentFindings.findings(conn, &ids, year, today()).unwrap();
    let mut report = check(conn, Some(id), year, &p, today(), extra).unwrap();
    for f in &mut report.findings {
        f.source = citation::plain(&f.source);
    }
    report
}

#[test]
fn the_committee_table_and_matrix_agree_with_each_branchs_own_check_on_the_large_demo() {
    let ledger = Ledger::in_memory().unwrap();
    load_demo(&ledger, DemoScale::Large, today()).unwrap();
    let year = today().year();
    // One branch under another standard: the branches are checked in two groups.
    ledger.conn().execute("UPDATE organizations SET profile = 'fuling-2017' WHERE key = 'o-3'", []).unwrap();

    let started = std::time::Instant::now();
    let rows = branches_table(&ledger, year, today(), None).unwrap();
    eprintln!("[committee] table of {} branches in {:.1?}", rows.len(), started.elapsed());
    let matrix = branch_matrix(&ledger, year, today(), None).unwrap();
    assert_eq!(rows.len(), 50);
    assert_eq!(matrix.rows.len(), 50);
    let activities = list_activities(&ledger, &ActivityFilter { year, ..Default::default() }).unwrap();

    let mut unmet_seen = 0;
    for (row, mrow) in rows.iter().zip(&matrix.rows) {
        assert_eq!((row.org_id, &row.org), (mrow.org_id, &mrow.org));
        let own = own_check(&ledger, row.org_id, year, None);
        // The table's counts are the branch's own check's.
        let unmet = own.findings.iter().filter(|f| f.status == Status::Unmet).count() as u32;
        let overdue = own.findings.iter().filter(|f| f.overdue(today())).count() as u32;
        assert_eq!((row.unmet, row.overdue), (unmet, overdue), "{}", row.name);
        unmet_seen += unmet;
        // The matrix cell of every rule: the statuses of that rule's findings in the branch's check.
        for (rule, cell) in matrix.rules.iter().zip(&mrow.cells) {
            let counts = StatusCounts::of(own.findings.iter().filter(|f| f.rule == rule.rule));
            assert_eq!(cell.counts, counts, "{} × {}", row.name, rule.rule);
            assert_eq!(cell.status, counts.overall());
        }
        let in_matrix: u32 = mrow
            .cells
            .iter()
            .map(|c| {
                let s = c.counts;
                s.met + s.unmet + s.pending + s.manual
            })
            .sum();
        assert_eq!(in_matrix as usize, own.findings.len(), "{}: every finding in one cell", row.name);
        // Dues: the branch's own dues year.
        let dues = zhibu_core::dues::year_report(&ledger, year, Some(row.org_id), today()).unwrap();
        assert_eq!(row.members, dues.totals.members);
        assert_eq!((row.dues_due_fen, row.dues_paid_fen), (dues.totals.due_to_date_fen, dues.totals.paid_to_date_fen));
        // Meetings by type: the branch's own 组织生活 list.
        let own_list =
            list_activities(&ledger, &ActivityFilter { org_id: Some(row.org_id), year, ..Default::default() }).unwrap();
        for t in ActivityType::ALL {
            let n = own_list.iter().filter(|a| a.types.contains(t)).count() as u32;
            let shown = row.meetings.iter().find(|m| m.activity == *t).map_or(0, |m| m.count);
            assert_eq!(shown, n, "{} {}", row.name, t.label());
        }
        assert!(row.meetings.iter().map(|m| m.count as usize).sum::<usize>() >= own_list.len());
    }
    assert!(unmet_seen > 0, "the demo has unmet findings to compare");
    assert!(activities.len() > 1000);

    // The branch under 涪陵's standard has rules no other branch is checked against.
    let o3 = matrix.rows.iter().position(|r| r.org == "o-3").unwrap();
    let only_o3 = matrix
        .rules
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            matrix.rows[o3].cells[*i].status.is_some()
                && matrix.rows.iter().enumerate().all(|(j, r)| j == o3 || r.cells[*i].status.is_none())
        })
        .count();
    assert!(only_o3 > 0);

    // Under one chosen profile every branch is checked against it, and still agrees with its own.
    let national = branch_matrix(&ledger, year, today(), Some("national")).unwrap();
    assert_eq!(national.profile.as_deref(), Some("national"));
    let own = own_check(&ledger, matrix.rows[o3].org_id, year, Some("national"));
    for (rule, cell) in national.rules.iter().zip(&national.rows[o3].cells) {
        assert_eq!(cell.counts, StatusCounts::of(own.findings.iter().filter(|f| f.rule == rule.rule)));
    }
}

#[test]
fn branches_matrix_on_the_command_line() {
    let (_dir, db) = crate::support::cli::demo_ledger();
    assert_eq!(
        crate::support::cli::run(&db, &["branches", "--matrix", "--profile", "national", "--year", "2026", "--json"]),
        0
    );
    assert_eq!(crate::support::cli::run(&db, &["branches", "--matrix", "--profile", "没有这个方案"]), 1);
}

/// A branch the committee spells too differently is refused until the person receiving chooses the
/// organisation; the choice is remembered, the branch's next file is matched by it.
#[test]
fn an_unmatched_branch_is_mapped_once_and_remembered() {
    use super::{changed, count, report_of, write};
    use serde_json::json;
    use zhibu_core::app::reports::{self, MatchedBy};
    let dir = tempfile::tempdir().unwrap();
    let branch = super::branch_ledger();
    let first = report_of(&branch, "2026-11-30T09:00:00+08:00");
    let file = write(dir.path(), "a.json", &first);
    let orgs = json!([
        { "key": "c-1", "name": "中共江北市教育局委员会", "kind": "committee", "sector": "government" },
        { "key": "c-2", "name": "教育局甲支部", "kind": "branch", "sector": "government", "parent": "c-1" }
    ]);
    let committee = crate::support::package::ledger_from(&crate::support::package::package(
        "zhibu-committee",
        json!({ "organizations": orgs, "members": [] }),
    ));
    let refused = reports::receive(&committee, std::slice::from_ref(&file), false, today(), |_, _| {}).unwrap();
    assert!(refused.files[0].refused.as_deref().unwrap().contains("不在本台账的组织中"));
    assert_eq!(refused.files[0].path, file.display().to_string());
    // Not the committee itself.
    assert!(reports::receive_into(&committee, &file, "c-1", false, today()).unwrap().files[0].refused.is_some());
    let mapped = reports::receive_into(&committee, &file, "c-2", false, today()).unwrap();
    let r = mapped.files[0].receipt.as_ref().unwrap();
    assert_eq!((r.org_key.as_str(), r.matched_by), ("c-2", MatchedBy::Chosen));
    assert_eq!(count(&committee, "SELECT count(*) FROM organizations"), 2);
    // The next report of the branch finds its organisation by itself.
    let newer = changed(&first, "2026-12-05T09:00:00+08:00", |_| {});
    let next = write(dir.path(), "b.json", &newer);
    let again = reports::receive(&committee, &[next], false, today(), |_, _| {}).unwrap();
    let r = again.files[0].receipt.as_ref().unwrap();
    assert_eq!((r.org_key.as_str(), r.matched_by), ("c-2", MatchedBy::Earlier));
}
