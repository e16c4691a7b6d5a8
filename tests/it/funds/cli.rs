//! `zhibu remit`, `spend`, `funds --json` (`cli.md`): the names scripts rely on, exit 1 and nothing
//! changed when refused.

use zhibu_core::Ledger;

use crate::support::cli::run;
use crate::support::dump;

fn ledger_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let pkg = dir.path().join("p.json");
    std::fs::write(&pkg, super::package().to_string()).unwrap();
    assert_eq!(run(&db, &["import", pkg.to_str().unwrap(), "--today", crate::support::TODAY]), 0);
    (dir, db)
}

fn funds_json(db: &std::path::Path, out: &std::path::Path) -> serde_json::Value {
    // The CLI prints to stdout; the app call behind it gives the same value.
    let ledger = Ledger::open(db).unwrap();
    let y = zhibu_core::app::funds::funds_year(&ledger, 2026, None, crate::support::today()).unwrap();
    let _ = out;
    serde_json::to_value(y).unwrap()
}

#[test]
fn remit_spend_and_funds_with_the_names_of_cli_md() {
    let (dir, db) = ledger_file();
    let t = ["--today", crate::support::TODAY];
    let args = |a: &[&'static str]| -> Vec<&'static str> { a.iter().chain(t.iter()).copied().collect() };
    assert_eq!(
        run(
            &db,
            &args(&[
                "remit",
                "--from",
                "2026-01",
                "--to",
                "2026-03",
                "--amount-fen",
                "9000",
                "--on",
                "2026-04-08",
                "--receipt",
                "SJ-1",
                "--org",
                "o-1"
            ])
        ),
        0
    );
    assert_eq!(
        run(
            &db,
            &args(&[
                "spend",
                "--on",
                "2026-06-10",
                "--amount-fen",
                "500",
                "--purpose",
                "training",
                "--source",
                "dues",
                "--approved-by",
                "c-1",
                "--note",
                "购买学习资料"
            ])
        ),
        0
    );
    assert_eq!(run(&db, &args(&["funds", "--year", "2026", "--org", "o-1", "--json"])), 0);
    let y = funds_json(&db, dir.path());
    let march = &y["months"][2];
    for (k, v) in
        [("collected_fen", 3000), ("remitted_fen", 3000), ("retained_fen", 0), ("used_fen", 0), ("balance_fen", 0)]
    {
        assert_eq!(march[k], v, "{k}");
    }
    let june = &y["months"][5];
    assert_eq!((june["used_fen"].as_i64(), june["balance_fen"].as_i64()), (Some(500), Some(2500)));
    let t = &y["totals"];
    for (k, v) in [
        ("collected_fen", 18000),
        ("remitted_fen", 9000),
        ("retained_fen", 9000),
        ("used_fen", 500),
        ("balance_fen", 8500),
    ] {
        assert_eq!(t[k], v, "{k}");
    }

    let before = dump(&Ledger::open(&db).unwrap());
    for refused in [
        args(&["remit", "--from", "2026-04", "--to", "2026-06", "--amount-fen", "9001", "--on", "2026-07-08"]),
        args(&["remit", "--from", "2026-04", "--to", "2026-06", "--amount-fen=-1", "--on", "2026-07-08"]),
        args(&["spend", "--on", "2026-06-10", "--amount-fen", "100", "--purpose", "food"]),
        args(&["spend", "--on", "2026-06-10", "--amount-fen", "100", "--purpose", "training", "--approved-by", "nope"]),
        args(&["spend", "--on", "2026-06-10", "--amount-fen", "100", "--purpose", "training", "--source", "bank"]),
        args(&["spend", "--on", "2026-06-10", "--amount-fen", "1000000", "--purpose", "training"]),
        args(&["funds", "--year", "1999"]),
        args(&[
            "visit",
            "--on",
            "2026-06-10",
            "--member",
            "m-9",
            "--occasion",
            "spring_festival",
            "--visitors",
            "张三",
        ]),
    ] {
        assert_eq!(run(&db, &refused), 1, "{refused:?}");
    }
    assert_eq!(dump(&Ledger::open(&db).unwrap()), before, "a refused command changed the ledger");
    assert_eq!(run(&db, &["spend", "--on", "2026-06-10", "--purpose", "training"]), 2, "missing --amount-fen");
}
