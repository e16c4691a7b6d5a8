//! The CLI contract (`cli.md`): commands, exit codes, and that a refused input leaves the ledger file
//! byte-for-byte unchanged. Runs the CLI in-process through `zhibu_core::cli::run`.

use std::path::{Path, PathBuf};

use crate::support;
use crate::support::cli::{demo_ledger, run};
use crate::support::TODAY;

struct Fixture {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Fixture {
    fn demo() -> Fixture {
        let (dir, db) = demo_ledger();
        Fixture { dir, db }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn bytes(&self) -> Vec<u8> {
        // The WAL is checkpointed when the last connection closes, so the main file holds everything.
        std::fs::read(&self.db).unwrap()
    }
}

#[test]
fn init_creates_a_ledger_and_refuses_a_second_init() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    assert_eq!(
        run(&db, &["init", "--name", "中共某社区支部委员会", "--kind", "branch", "--sector", "urban_community"]),
        0
    );
    let before = std::fs::read(&db).unwrap();
    assert_eq!(run(&db, &["init", "--name", "x", "--kind", "branch", "--sector", "village"]), 1);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn wrong_usage_exits_2_and_unknown_codes_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert_eq!(run(&db, &["no-such-command"]), 2);
    assert_eq!(run(&db, &["init", "--name", "x", "--kind", "cell", "--sector", "village"]), 2);
    assert!(!db.exists(), "usage errors create nothing");
}

#[test]
fn commands_other_than_init_import_demo_do_not_create_a_missing_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    assert_eq!(run(&db, &["export-package", dir.path().join("p.json").to_str().unwrap()]), 1);
    assert_eq!(run(&db, &["backup", dir.path().join("b.db").to_str().unwrap()]), 1);
    assert!(!db.exists());
}

#[test]
fn export_package_import_into_empty_ledger_and_export_again_is_identical() {
    let f = Fixture::demo();
    let first = f.path("first.json");
    assert_eq!(run(&f.db, &["export-package", first.to_str().unwrap()]), 0);
    let copy = f.path("copy.db");
    assert_eq!(run(&copy, &["import", first.to_str().unwrap(), "--today", TODAY]), 0);
    let second = f.path("second.json");
    assert_eq!(run(&copy, &["export-package", second.to_str().unwrap()]), 0);
    let strip = |p: &Path| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    };
    assert_eq!(strip(&first), strip(&second));

    // Re-importing changes nothing at all.
    let before = std::fs::read(&copy).unwrap();
    assert_eq!(run(&copy, &["import", first.to_str().unwrap(), "--today", TODAY]), 0);
    let again = zhibu_core::Ledger::open(&copy).unwrap();
    let reference = zhibu_core::Ledger::open(&f.db).unwrap();
    assert_eq!(
        support::dump(&again).lines().filter(|l| l.starts_with("members:")).count(),
        support::dump(&reference).lines().filter(|l| l.starts_with("members:")).count()
    );
    drop(again);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

#[test]
fn bad_packages_are_refused_with_exit_1_and_the_ledger_unchanged() {
    let f = Fixture::demo();
    let good = f.path("good.json");
    assert_eq!(run(&f.db, &["export-package", good.to_str().unwrap()]), 0);
    let text = std::fs::read_to_string(&good).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["source"] = "another-ledger".into();

    let mut newer = v.clone();
    newer["version"] = 2.into();
    let mut dangling = v.clone();
    dangling["members"][0]["org"] = "no-such-org".into();
    let mut bad_id = v.clone();
    let id = bad_id["members"][0]["id_number"].as_str().unwrap().to_string();
    let last = if id.ends_with('1') { "2" } else { "1" };
    bad_id["members"][0]["id_number"] = format!("{}{last}", &id[..17]).into();

    let cases: Vec<(&str, String)> = vec![
        ("not-json", "{ this is not json".to_string()),
        ("newer", newer.to_string()),
        ("dangling", dangling.to_string()),
        ("bad-id", bad_id.to_string()),
    ];
    let before = f.bytes();
    for (name, body) in cases {
        let p = f.path(&format!("{name}.json"));
        std::fs::write(&p, body).unwrap();
        assert_eq!(run(&f.db, &["import", p.to_str().unwrap(), "--today", TODAY]), 1, "{name}");
        assert_eq!(f.bytes(), before, "{name} changed the ledger");
    }
}

#[test]
fn export_writes_the_years_workbooks_and_refuses_unknown_ledgers() {
    let f = Fixture::demo();
    let list = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let all = f.path("all");
    assert_eq!(run(&f.db, &["export", "--year", "2026", "--out", all.to_str().unwrap(), "--today", TODAY]), 0);
    let names = list(&all);
    // A 机关 branch under the national requirements: every standard ledger and its 自查表, not the
    // 涪陵 评分表 nor the 成都 备案登记表, which other profiles prescribe; the year's Word documents (no
    // plan saved: not the plan's files).
    assert_eq!(names.len(), 22, "{names:?}");
    for doc in ["党费收缴使用情况公示-", "工作总结-", "民主评议党员情况报告-"] {
        assert!(names.iter().any(|n| n.contains(doc) && n.ends_with(".docx")), "{doc}: {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("年度计划")), "{names:?}");
    for label in ["党费收缴上缴使用情况", "党费收缴使用情况公示表", "走访慰问台账"] {
        assert!(names.iter().any(|n| n.contains(label)), "{label}: {names:?}");
    }
    assert!(names.iter().any(|n| n.contains("发展党员全程纪实表")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("自查表（全国基本要求）")), "{names:?}");
    for sheet in ["评分表", "备案登记表"] {
        assert!(!names.iter().any(|n| n.contains(sheet)), "{sheet} does not apply: {names:?}");
    }
    assert!(
        names.iter().all(|n| n.ends_with("-20261122.xlsx") || n.ends_with("-20261122.docx")),
        "every file dated: {names:?}"
    );
    assert!(names.iter().any(|n| n.ends_with("党员花名册-20261122.xlsx")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("党费收缴台账")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("党费收缴公示表")), "{names:?}");
    for label in ["三会一课台账", "会议记录", "组织生活考勤册", "谈心谈话台账", "志愿服务台账", "党员学时统计表"]
    {
        assert!(names.iter().any(|n| n.contains(label)), "{label}: {names:?}");
    }
    assert!(names.iter().any(|n| n.contains("民主评议结果汇总表")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("好人好事登记册")), "{names:?}");

    let only = f.path("only");
    let args = ["export", "--year", "2026", "--out", only.to_str().unwrap(), "--only", "roster", "--today", TODAY];
    assert_eq!(run(&f.db, &args), 0);
    assert_eq!(list(&only).len(), 1);
    assert_eq!(run(&f.db, &["export", "--year", "2026", "--out", only.to_str().unwrap(), "--only", "nonsense"]), 1);
    // --list needs neither; without it, both are asked for.
    assert_eq!(run(&f.db, &["export", "--list"]), 0);
    assert_eq!(run(&f.db, &["export", "--out", only.to_str().unwrap()]), 2, "clap refuses a missing --year");

    // Asked for by key, the workbooks of other profiles are still written.
    let asked = f.path("asked");
    let args = [
        "export",
        "--year",
        "2026",
        "--out",
        asked.to_str().unwrap(),
        "--only",
        "score_sheet,filing_register",
        "--today",
        TODAY,
    ];
    assert_eq!(run(&f.db, &args), 0);
    let names = list(&asked);
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().any(|n| n.contains("评分表（涪陵国企百分制）")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("备案登记表")), "{names:?}");
}

/// The default set follows the profile in force: a scoring profile adds its 评分表, the 成都 profile
/// its 备案登记表.
#[test]
fn export_without_only_follows_the_profile_in_force() {
    let f = Fixture::demo();
    let files = |profile: &str| -> Vec<String> {
        let conn = rusqlite::Connection::open(&f.db).unwrap();
        conn.execute("UPDATE organizations SET profile = ?1", [profile]).unwrap();
        drop(conn);
        let out = f.path(profile);
        assert_eq!(run(&f.db, &["export", "--year", "2026", "--out", out.to_str().unwrap(), "--today", TODAY]), 0);
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    };
    let fuling = files("fuling-2017");
    assert_eq!(fuling.len(), 23, "{fuling:?}");
    assert!(fuling.iter().any(|n| n.contains("评分表（涪陵国企百分制）")), "{fuling:?}");
    assert!(!fuling.iter().any(|n| n.contains("备案登记表")), "{fuling:?}");
    let chengdu = files("chengdu-2020");
    assert_eq!(chengdu.len(), 23, "{chengdu:?}");
    assert!(chengdu.iter().any(|n| n.contains("备案登记表")), "{chengdu:?}");
    assert!(chengdu.iter().any(|n| n.contains("自查表（成都蓉城先锋）")), "{chengdu:?}");
    assert!(!chengdu.iter().any(|n| n.contains("评分表")), "{chengdu:?}");
}

#[test]
fn import_roster_refuses_a_file_that_is_not_a_workbook() {
    let f = Fixture::demo();
    let fake = f.path("花名册.xlsx");
    std::fs::write(&fake, "姓名,性别\n张三,男\n").unwrap();
    let before = f.bytes();
    assert_eq!(run(&f.db, &["import-roster", fake.to_str().unwrap(), "--today", TODAY]), 1);
    assert_eq!(f.bytes(), before);
}

#[test]
fn backup_and_restore_through_the_cli() {
    let f = Fixture::demo();
    let copy = f.path("backup.db");
    assert_eq!(run(&f.db, &["backup", copy.to_str().unwrap()]), 0);
    let other = f.path("restored.db");
    assert_eq!(run(&other, &["restore", copy.to_str().unwrap()]), 0);
    let a = support::dump(&zhibu_core::Ledger::open(&f.db).unwrap());
    let b = support::dump(&zhibu_core::Ledger::open(&other).unwrap());
    assert_eq!(a, b);
}

#[test]
fn a_newer_ledger_is_refused_by_every_command_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newer.db");
    rusqlite::Connection::open(&db).unwrap().execute_batch("CREATE TABLE x(y); PRAGMA user_version = 50;").unwrap();
    let before = std::fs::read(&db).unwrap();
    assert_eq!(run(&db, &["export-package", dir.path().join("p.json").to_str().unwrap()]), 1);
    assert_eq!(run(&db, &["demo", "--scale", "small"]), 1);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn profiles_lists_what_exists() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(&dir.path().join("x.db"), &["profiles", "--json"]), 0);
}
