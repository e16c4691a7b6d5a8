//! What the integration tests share: the fixed day, ledger dumps, key look-ups, the CLI runner,
//! data-package builders, the 发展党员 pipeline, workbook readers and the golden-file comparison.
#![allow(dead_code)]

pub mod cli;
pub mod development;
pub mod docx_text;
pub mod golden;
pub mod ledger_fixture;
pub mod members;
pub mod package;
pub mod xlsx_read;
pub mod xlsx_shown;
pub mod xlsx_text;
pub mod xml;

use chrono::NaiveDate;
use zhibu_core::store::{members as store_members, orgs};
use zhibu_core::Ledger;

/// The day the tests are run "on", as the CLI's `--today` takes it.
pub const TODAY: &str = "2026-11-22";

/// [`TODAY`] as a date: business logic takes `today` as an argument and the tests fix it.
pub fn today() -> NaiveDate {
    d(TODAY)
}

/// `YYYY-MM-DD` as a date.
pub fn d(s: &str) -> NaiveDate {
    zhibu_core::model::dates::parse_date(s).unwrap()
}

/// The id of the organisation with package key `o-1`, the one branch of most fixtures.
pub fn org(ledger: &Ledger) -> i64 {
    orgs::id_by_key(ledger.conn(), "o-1").unwrap()
}

/// The id of the member with package key `key`.
pub fn member_id(ledger: &Ledger, key: &str) -> i64 {
    store_members::id_by_key(ledger.conn(), key).unwrap().unwrap()
}

/// Every row of every table, as text: "the ledger is unchanged" means this is equal.
pub fn dump(ledger: &Ledger) -> String {
    let conn = ledger.conn();
    let tables: Vec<String> = conn
        // Ordinary tables only: FTS virtual tables and their shadow tables are derived indexes.
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut out = String::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap();
        for row in rows {
            out.push_str(&format!("{t}: {}\n", row.unwrap()));
        }
    }
    out
}

/// The rows of [`dump`] without SQLite's own tables (`sqlite_sequence` moves on with every insert),
/// one string a row: for "every row of before is still there" as well as "nothing changed".
pub fn dump_rows(ledger: &Ledger) -> Vec<String> {
    dump(ledger).lines().filter(|l| !l.starts_with("sqlite_")).map(str::to_string).collect()
}

pub fn audit_count(ledger: &Ledger) -> i64 {
    ledger.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

/// (action, entity, summary) of the newest audit entry.
pub fn last_audit(ledger: &Ledger) -> (String, String, String) {
    ledger
        .conn()
        .query_row("SELECT action, entity, summary FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
}

/// Runs a refused action and checks the located problems (`at`, and a word of the message) and
/// that no table changed.
pub fn assert_refused<T: std::fmt::Debug>(
    ledger: &Ledger,
    want: &[(&str, &str)],
    action: impl FnOnce() -> Result<T, zhibu_core::Error>,
) {
    let before = dump(ledger);
    let err = action().expect_err("the action should be refused");
    assert_eq!(err.code(), zhibu_core::ErrorCode::InvalidInput, "{err}");
    let got: Vec<(&str, &str)> = err.problems().iter().map(|p| (p.at.as_str(), p.message.as_str())).collect();
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((at, msg), (want_at, want_msg)) in got.iter().zip(want) {
        assert_eq!(at, want_at);
        assert!(msg.contains(want_msg), "{at}: “{msg}” should mention “{want_msg}”");
    }
    assert_eq!(dump(ledger), before, "a refused action changed the ledger");
}

/// A demo ledger's top organisation and its first branch with members (the committee and the branch
/// the export tests write for).
/// The workbook files of an export: each path written, or for a folder (a committee's per-branch
/// books) the workbooks in it, in name order.
pub fn workbook_files(paths: impl IntoIterator<Item = std::path::PathBuf>) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<_> = std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()).collect();
            inner.sort();
            out.extend(inner);
        } else {
            out.push(p);
        }
    }
    out
}

pub fn demo_root_and_branch(ledger: &Ledger) -> (i64, i64) {
    let conn = ledger.conn();
    let root: i64 = conn.query_row("SELECT id FROM organizations WHERE parent_id IS NULL", [], |r| r.get(0)).unwrap();
    let branch: i64 = conn
        .query_row(
            "SELECT o.id FROM organizations o WHERE o.kind = 'branch'
             AND EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id) ORDER BY o.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (root, branch)
}
