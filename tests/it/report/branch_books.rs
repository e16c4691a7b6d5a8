//! 自查表/评分表 of every branch in one go (issue 15): on a 党委 with three branches each gets its
//! 自查表 — read back equal to the branch's own `check` (what `zhibu check --org … --json` prints) —
//! and, where its own standard scores, its 评分表 with the branch's own score; one file each, named by
//! the branch's short name (in full when two branches share it). The command line does the same.

use std::path::Path;

use zhibu_core::app::exports::{self, ExportOptions};
use zhibu_core::app::findings::DevelopmentFindings;
use zhibu_core::standards::{check_ledger, load_profile};
use zhibu_core::workbooks::standards::{score_org, SCORE_SHEET, SELF_CHECK_SHEET};

use crate::support::ledger_fixture::Fixture;
use crate::support::xlsx_read::display_sheet as cells;
use crate::support::{cli, d};

const TODAY: &str = "2027-01-05";

/// A 党委 and three branches: 国企支部 under 涪陵's 100-point standard, two 村支部 (one short name
/// for both) under the national one.
fn committee() -> (Fixture, i64, [i64; 3]) {
    let mut fx = Fixture::new();
    let top = fx.org("committee", "government", None, Some(("2024-09-20", 5)));
    let soe = fx.org("branch", "soe", Some(top), Some(("2024-03-01", 3)));
    let v1 = fx.org("branch", "village", Some(top), Some(("2022-03-01", 5)));
    let v2 = fx.org("branch", "village", Some(top), None);
    let conn = fx.ledger.conn();
    conn.execute("UPDATE organizations SET profile = 'fuling-2017', short_name = '国企支部' WHERE id = ?1", [soe])
        .unwrap();
    conn.execute("UPDATE organizations SET short_name = '村支部' WHERE id IN (?1, ?2)", [v1, v2]).unwrap();
    let ms: Vec<i64> = (0..6).map(|_| fx.member(soe, "2010-01-01")).collect();
    fx.position(soe, ms[0], "secretary", "2024-03-01");
    for q in ["2026-01-10", "2026-04-10", "2026-07-10"] {
        fx.sitting(soe, q, &["party_congress", "party_lecture"], &ms);
    }
    let vs: Vec<i64> = (0..4).map(|_| fx.member(v1, "2012-06-01")).collect();
    fx.position(v1, vs[0], "secretary", "2022-03-01");
    fx.sitting(v1, "2026-03-15", &["party_congress", "theme_day"], &vs);
    let ws: Vec<i64> = (0..3).map(|_| fx.member(v2, "2015-06-01")).collect();
    fx.sitting(v2, "2026-05-20", &["committee_meeting"], &ws);
    (fx, top, [soe, v1, v2])
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn every_branchs_self_check_and_score_sheet_in_one_go() {
    let (fx, top, branches) = committee();
    let ledger = &fx.ledger;
    let today = d(TODAY);
    let dir = tempfile::tempdir().unwrap();
    let under = exports::branches_under(ledger, top).unwrap();
    assert_eq!(under, branches.to_vec());
    let mut steps = Vec::new();
    let books = exports::export_per_branch(
        ledger,
        &under,
        2026,
        &[],
        dir.path(),
        today,
        ExportOptions::default(),
        |done, total| steps.push((done, total)),
    )
    .unwrap();
    assert_eq!(steps, vec![(1, 3), (2, 3), (3, 3)]);
    let written: Vec<Vec<&str>> = books.iter().map(|b| b.files.iter().map(|f| f.key.as_str()).collect()).collect();
    assert_eq!(written, vec![vec!["self_check", "score_sheet"], vec!["self_check"], vec!["self_check"]]);
    let names = files_in(dir.path());
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("国企支部2026年自查表")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("国企支部2026年评分表（涪陵")), "{names:?}");
    // The two 村支部 share a short name: each file by its full name, neither overwriting the other.
    for id in &branches[1..] {
        let full = format!("测试{}支部2026年自查表", fx.org_key(*id));
        assert!(names.iter().any(|n| n.starts_with(&full)), "{full} in {names:?}");
    }

    for (b, id) in books.iter().zip(branches) {
        // The branch's own check, as `zhibu check --org KEY --json` computes it.
        let own = check_ledger(ledger, Some(&fx.org_key(id)), 2026, None, today, &DevelopmentFindings).unwrap();
        assert!(!own.findings.is_empty());
        let path = Path::new(&b.files[0].path);
        let rows = cells(path, SELF_CHECK_SHEET);
        assert_eq!(rows.len(), 3 + own.findings.len(), "{}", b.name);
        for (row, f) in rows[3..].iter().zip(&own.findings) {
            assert_eq!((row[4].as_str(), row[7].as_str()), (f.period.as_str(), f.status.label()), "{}", b.name);
            assert!(row[8].starts_with(&f.message), "{row:?}");
        }
        let c = own.counts();
        assert!(rows[1][0].contains(&format!("达标{}，未达标{}", c.met, c.unmet)), "{}", rows[1][0]);
    }
    // The 评分表: the branch's own score, as its own 评分表 scores it.
    let fuling = load_profile(ledger.conn(), "fuling-2017").unwrap();
    let own = score_org(ledger, branches[0], 2026, &fuling, today, &DevelopmentFindings).unwrap();
    let score = cells(Path::new(&books[0].files[1].path), SCORE_SHEET);
    let total = score.iter().find(|r| r[0] == "合计").unwrap();
    assert_eq!(total[4].parse::<f64>().unwrap(), own.score);
    assert!(score[1][0].contains(&own.verdict_label), "{}", score[1][0]);
    assert_eq!(score.iter().filter(|r| r[0].parse::<u32>().is_ok()).count(), own.items.len());
}

#[test]
fn export_per_branch_on_the_command_line() {
    let (fx, _, _) = committee();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("committee.db");
    zhibu_core::store::backup::copy_to(fx.ledger.conn(), &db, None).unwrap();
    let out = dir.path().join("各支部");
    let o = out.to_str().unwrap();
    let args = ["export", "--year", "2026", "--out", o, "--per-branch", "--today", TODAY];
    assert_eq!(cli::run(&db, &args), 0);
    assert_eq!(files_in(&out).len(), 4);
    let only = dir.path().join("只要自查表");
    let only_s = only.to_str().unwrap();
    let args = ["export", "--year", "2026", "--out", only_s, "--per-branch", "--only", "self_check", "--today", TODAY];
    assert_eq!(cli::run(&db, &args), 0);
    assert_eq!(files_in(&only).len(), 3);
    // A branch has nothing under it; an unknown book is refused.
    let key = fx.org_key(3);
    assert_eq!(cli::run(&db, &["export", "--year", "2026", "--out", o, "--per-branch", "--org", &key]), 1);
    assert_eq!(cli::run(&db, &["export", "--year", "2026", "--out", o, "--per-branch", "--only", "nonsense"]), 1);
}
