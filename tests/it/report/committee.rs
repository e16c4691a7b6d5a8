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

use calamine::{Data, Reader, Xlsx};
use zhibu_core::workbooks::committee::{write_summary, SUMMARY_SHEET, SUMMARY_TYPES};
use zhibu_core::workbooks::standards::score_org;

use crate::support::today;
use crate::support::xlsx_read::as_date;

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
    summary_reads_back_as_the_table(&ledger, year, &rows);
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
    let out = _dir.path().join("标准.json");
    let out = out.to_str().unwrap();
    assert_eq!(crate::support::cli::run(&db, &["export-profile", "fuling-2017", out]), 0);
    assert_eq!(crate::support::cli::run(&db, &["import-profile", out]), 0);
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

fn number(v: &Data) -> f64 {
    match v {
        Data::Float(x) => *x,
        Data::Int(n) => *n as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The 汇总表 of the 党委 read back with an independent reader: one row per branch, each figure a
/// numeric cell equal to `branches --json`, dates as date cells, the 合计 row `=SUM()` formulas; under
/// a scoring standard each branch's score is its own score sheet's.
fn summary_reads_back_as_the_table(ledger: &Ledger, year: i32, rows: &[zhibu_core::app::reports::BranchRow]) {
    // The 党委 scores its branches with 涪陵's 100 points (the branches keep their own standards).
    ledger.conn().execute("UPDATE organizations SET profile = 'fuling-2017' WHERE key = 'o-1'", []).unwrap();
    let json: Vec<serde_json::Value> = serde_json::from_value(serde_json::to_value(rows).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("汇总表.xlsx");
    let top = zhibu_core::store::orgs::get(ledger.conn(), 1).unwrap();
    let started = std::time::Instant::now();
    let written = write_summary(ledger, &top, year, today(), &DevelopmentFindings, &path).unwrap();
    eprintln!("[committee] 汇总表 with scores in {:.1?}", started.elapsed());
    assert_eq!(written.len(), rows.len());
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range(SUMMARY_SHEET).unwrap();
    let formulas = book.worksheet_formula(SUMMARY_SHEET).unwrap();
    let at = |r: usize, c: usize| cells.get_value((r as u32, c as u32)).unwrap();
    assert_eq!(at(2, 2), &Data::String("党员数".into()));
    let profile = zhibu_core::standards::load_profile(ledger.conn(), "fuling-2017").unwrap();
    for (i, j) in json.iter().enumerate() {
        let r = 3 + i;
        assert_eq!(at(r, 1), &Data::String(j["name"].as_str().unwrap().into()));
        assert_eq!(number(at(r, 2)), j["members"].as_f64().unwrap());
        for (k, t) in SUMMARY_TYPES.iter().enumerate() {
            let n = j["meetings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["activity"] == serde_json::to_value(t).unwrap())
                .map_or(0.0, |m| m["count"].as_f64().unwrap());
            assert_eq!(number(at(r, 3 + k)), n, "{} {}", j["name"], t.label());
        }
        assert_eq!(number(at(r, 8)), j["dues_due_fen"].as_f64().unwrap() / 100.0);
        assert_eq!(number(at(r, 9)), j["dues_paid_fen"].as_f64().unwrap() / 100.0);
        assert_eq!(number(at(r, 10)), j["study_judged"].as_f64().unwrap());
        assert_eq!(number(at(r, 11)), j["study_met"].as_f64().unwrap());
        assert_eq!(number(at(r, 12)), j["development"].as_f64().unwrap());
        assert_eq!(number(at(r, 13)), j["unmet"].as_f64().unwrap());
        match j["last_report"].as_str() {
            Some(day) => assert_eq!(as_date(at(r, 14)).unwrap().to_string(), day),
            None => assert_eq!(at(r, 14), &Data::String("未报送".into())),
        }
        if i < 3 {
            let own = score_org(ledger, rows[i].org_id, year, &profile, today(), &DevelopmentFindings).unwrap();
            assert_eq!(number(at(r, 15)), own.score, "{}", j["name"]);
        }
    }
    // 合计: formulas over the branch rows, caching the sums.
    let total = 3 + json.len();
    assert_eq!(at(total, 0), &Data::String("合计".into()));
    let members: f64 = json.iter().map(|j| j["members"].as_f64().unwrap()).sum();
    assert_eq!(number(at(total, 2)), members);
    let f = formulas.get_value((total as u32, 2)).unwrap();
    assert!(f.to_uppercase().starts_with("SUM(C4:C"), "{f}");
    let paid: f64 = json.iter().map(|j| j["dues_paid_fen"].as_f64().unwrap()).sum();
    assert!((number(at(total, 9)) - paid / 100.0).abs() < 0.001);
}

/// 下发标准: the committee's adjusted copy of a standard is written as a file; a branch imports it
/// (added), the same file again changes nothing, a changed copy updates the branch's, a bad file is
/// refused and changes nothing; the branch then checks against exactly the committee's rules.
#[test]
fn the_committees_profile_goes_down_to_a_branch() {
    use zhibu_core::app::standards as st;
    use zhibu_core::standards::ProfileReceived;
    let dir = tempfile::tempdir().unwrap();
    let committee = Ledger::in_memory().unwrap();
    load_demo(&committee, DemoScale::Small, today()).unwrap();
    st::copy(&committee, "national", "jiangbei-2026", "江北市教育局党委2026年支部工作标准").unwrap();
    let file = dir.path().join("标准.json");
    st::export_profile(&committee, "jiangbei-2026", &file).unwrap();

    let branch = super::branch_ledger();
    let r = st::import_profile(&branch, &file).unwrap();
    assert_eq!((r.id.as_str(), r.received), ("jiangbei-2026", ProfileReceived::Added));
    assert_eq!(r.from, "中共江北市教育局机关第一支部委员会");
    assert_eq!(
        st::profile_json(&branch, "jiangbei-2026").unwrap(),
        st::profile_json(&committee, "jiangbei-2026").unwrap()
    );
    assert_eq!(st::import_profile(&branch, &file).unwrap().received, ProfileReceived::Unchanged);

    // The committee changes its copy's title and sends it again: the branch's copy follows.
    let json = st::profile_json(&committee, "jiangbei-2026")
        .unwrap()
        .replace("2026年支部工作标准", "2026年支部工作标准（修订）");
    st::save(&committee, "jiangbei-2026", &json).unwrap();
    st::export_profile(&committee, "jiangbei-2026", &file).unwrap();
    let r = st::import_profile(&branch, &file).unwrap();
    assert_eq!(r.received, ProfileReceived::Updated);
    assert!(r.title.ends_with("（修订）"));
    assert_eq!(
        st::profile_json(&branch, "jiangbei-2026").unwrap(),
        st::profile_json(&committee, "jiangbei-2026").unwrap()
    );
    let year = today().year();
    let org = branch.conn().query_row("SELECT id FROM organizations LIMIT 1", [], |r| r.get::<_, i64>(0)).unwrap();
    let under_copy = st::self_check(&branch, org, year, Some("jiangbei-2026"), today()).unwrap();
    let under_national = st::self_check(&branch, org, year, Some("national"), today()).unwrap();
    assert_eq!(under_copy.findings, under_national.findings, "an unchanged copy checks as its original");

    // A broken file is refused by name and the ledger keeps its copy.
    let text = std::fs::read_to_string(&file).unwrap();
    let bad = dir.path().join("坏.json");
    std::fs::write(&bad, &text[..text.len() / 2]).unwrap();
    let e = st::import_profile(&branch, &bad).unwrap_err();
    assert!(e.to_string().contains("坏.json"), "{e}");
    std::fs::write(&bad, text.replace("zhibu-profile", "zhibu-report")).unwrap();
    assert!(st::import_profile(&branch, &bad).is_err());
    assert!(st::profile_json(&branch, "jiangbei-2026").unwrap().contains("（修订）"));
}

/// The 汇总表 is in the year's set of a committee (an organisation with organisations under it), not
/// of a branch; a committee with no branch data still writes it (rows of zeros, 未报送).
#[test]
fn the_summary_belongs_to_a_committees_set() {
    use zhibu_core::workbooks::default_keys;
    let branch = super::branch_ledger();
    let top = zhibu_core::store::orgs::first_top(branch.conn()).unwrap().unwrap();
    assert!(!default_keys(&branch, top).unwrap().contains(&"committee_summary".to_string()));
    let committee = super::committee_with(vec![]);
    let c1 = zhibu_core::store::orgs::id_by_key(committee.conn(), "c-1").unwrap();
    assert!(default_keys(&committee, c1).unwrap().contains(&"committee_summary".to_string()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("汇总表.xlsx");
    let org = zhibu_core::store::orgs::get(committee.conn(), c1).unwrap();
    let rows = write_summary(&committee, &org, 2026, today(), &DevelopmentFindings, &path).unwrap();
    assert_eq!(rows.len(), 2);
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range(SUMMARY_SHEET).unwrap();
    assert_eq!(cells.get_value((3, 14)), Some(&Data::String("未报送".into())));
    assert_eq!(number(cells.get_value((5, 2)).unwrap()), 0.0, "合计 of no members");
}
