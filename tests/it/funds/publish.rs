//! 公示 of the 经费使用情况 (涪陵: 定期公开经费使用情况) beside the 党费 one, the 困难党员 mark and
//! the 成都 rule 定期开展困难党员走访慰问, the Word 公示表, and the CLI of all of it: exit 1 and
//! nothing changed when refused.

use zhibu_core::app::funds::{self as app, FundSource, NewCareVisit, Occasion, PublicationSubject};
use zhibu_core::standards::{check_ledger, Finding, NoExtraFindings, Status};
use zhibu_core::Ledger;

use crate::support::cli::run;
use crate::support::package::ledger_from;
use crate::support::{assert_refused, d, dump, member_id, org, today, TODAY};

fn finding(ledger: &Ledger, profile: &str, rule: &str, on: &str) -> Finding {
    let report = check_ledger(ledger, Some("o-1"), 2026, Some(profile), d(on), &NoExtraFindings).unwrap();
    report.findings.into_iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("no finding of {rule}"))
}

#[test]
fn the_funds_publication_is_due_each_year_and_only_a_funds_publication_meets_it() {
    let ledger = super::ledger();
    let o = org(&ledger);
    let f = finding(&ledger, "fuling-2017", "funds-publication", "2026-11-22");
    assert_eq!((f.kind.as_str(), f.status), ("deadline", Status::Pending), "{}", f.message);
    assert!(f.message.contains("经费使用情况尚未公示，2026年12月31日前完成"), "{}", f.message);
    assert_eq!(finding(&ledger, "fuling-2017", "funds-publication", "2027-01-05").status, Status::Unmet);
    // A 党费 publication does not meet it, and is not counted as a funds one.
    app::record_publication(&ledger, o, PublicationSubject::Dues, "2026", d("2026-11-20"), "公示栏").unwrap();
    assert_eq!(finding(&ledger, "fuling-2017", "funds-publication", "2027-01-05").status, Status::Unmet);
    let p = app::record_publication(&ledger, o, PublicationSubject::Funds, "2026-Q3", d("2026-10-08"), "党员微信群")
        .unwrap();
    assert_eq!((p.subject_label.as_str(), p.period_label.as_str()), ("经费使用情况", "2026年第三季度"));
    let f = finding(&ledger, "fuling-2017", "funds-publication", "2027-01-05");
    assert_eq!((f.status, f.evidence.clone()), (Status::Met, vec![format!("dues_publication-{}", p.id)]));
    // The quarterly 党费 rule of 涪陵 sees the yearly dues publication in no quarter.
    let f = finding(&ledger, "fuling-2017", "dues-publication-quarterly", "2027-01-05");
    assert_eq!(f.status, Status::Unmet);
    let listed = app::publications(&ledger, o).unwrap();
    assert_eq!(
        listed.iter().map(|p| p.subject).collect::<Vec<_>>(),
        [PublicationSubject::Funds, PublicationSubject::Dues]
    );
}

/// The test branch as a 机关 branch (the 成都 rule applies to 机关事业单位).
fn government_ledger() -> Ledger {
    let mut pkg = super::package();
    pkg["organizations"][0]["sector"] = serde_json::json!("government");
    ledger_from(&pkg)
}

fn visit(ledger: &Ledger, member: &str, on: &str) {
    let input = NewCareVisit {
        member_id: member_id(ledger, member),
        visited_on: d(on),
        occasion: Occasion::Illness,
        visitors: "张三".into(),
        given: Some("水果".into()),
        amount_fen: None,
        source: FundSource::Dues,
        approved_by: None,
        follow_up: None,
        budget_line_id: None,
        confirmed: false,
    };
    app::record_visit(ledger, &input, today()).unwrap();
}

#[test]
fn every_member_marked_in_difficulty_is_visited_in_the_year() {
    let ledger = government_ledger();
    let rule = "hardship-care-visits";
    let f = finding(&ledger, "chengdu-2020", rule, "2026-11-22");
    assert_eq!((f.kind.as_str(), f.status), ("funds", Status::Met), "nobody marked: {}", f.message);
    app::mark_hardship(&ledger, member_id(&ledger, "m-2"), Some("大病住院"), today()).unwrap();
    let f = finding(&ledger, "chengdu-2020", rule, "2026-11-22");
    assert_eq!((f.status, f.required, f.actual), (Status::Pending, 1.0, 0.0), "{}", f.message);
    assert_eq!(f.evidence, ["困难党员李四（大病住院）：2026年未走访慰问"]);
    assert_eq!(finding(&ledger, "chengdu-2020", rule, "2027-01-05").status, Status::Unmet);
    // A visit to someone else, or in another year, does not count.
    visit(&ledger, "m-1", "2026-05-01");
    visit(&ledger, "m-2", "2025-12-20");
    assert_eq!(finding(&ledger, "chengdu-2020", rule, "2027-01-05").status, Status::Unmet);
    visit(&ledger, "m-2", "2026-06-01");
    let f = finding(&ledger, "chengdu-2020", rule, "2027-01-05");
    assert_eq!(
        (f.status, f.evidence.clone()),
        (Status::Met, vec!["2026-06-01 生病住院走访慰问困难党员李四".to_string()])
    );
    // The mark is listed with its reason, and can be taken off.
    let marks = app::hardship_marks(&ledger, None).unwrap();
    assert_eq!(
        marks.iter().map(|m| (m.member_name.as_str(), m.reason.as_str())).collect::<Vec<_>>(),
        [("李四", "大病住院")]
    );
    assert_refused(&ledger, &[("reason", "请写明困难情况")], || {
        app::mark_hardship(&ledger, member_id(&ledger, "m-1"), Some(" "), today())
    });
    app::mark_hardship(&ledger, member_id(&ledger, "m-2"), None, today()).unwrap();
    assert!(app::hardship_marks(&ledger, None).unwrap().is_empty());
    // The 涪陵 profile (an SOE standard) has no such rule.
    let report = check_ledger(&ledger, Some("o-1"), 2026, Some("fuling-2017"), d(TODAY), &NoExtraFindings).unwrap();
    assert!(report.findings.iter().all(|f| f.rule != rule));
}

fn ledger_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let pkg = dir.path().join("p.json");
    std::fs::write(&pkg, super::package().to_string()).unwrap();
    assert_eq!(run(&db, &["import", pkg.to_str().unwrap(), "--today", TODAY]), 0);
    (dir, db)
}

#[test]
fn the_cli_enters_a_budget_income_publications_and_marks_and_refuses_bad_input() {
    let (dir, db) = ledger_file();
    let t = ["--today", TODAY];
    let with_today = |a: &[&str]| -> Vec<String> { a.iter().chain(t.iter()).map(|s| s.to_string()).collect() };
    type Args<'a> = Vec<&'a str>;
    let go = |a: &[&str]| -> i32 {
        let v = with_today(a);
        run(&db, &v.iter().map(String::as_str).collect::<Vec<_>>())
    };
    assert_eq!(run(&db, &["budget", "--year", "2026", "--item", "党员教育培训", "--amount-fen", "10000"]), 0);
    assert_eq!(go(&["income", "--on", "2026-03-01", "--amount-fen", "50000", "--kind", "allocation"]), 0);
    let spend = ["spend", "--on", "2026-06-10", "--purpose", "training", "--source", "funds"];
    let spend_with = |more: &[&'static str]| -> Args<'static> { spend.iter().chain(more).copied().collect() };
    assert_eq!(go(&spend_with(&["--amount-fen", "8000", "--budget-line", "党员教育培训", "--receipt", "PJ-9"])), 0);

    let before = dump(&Ledger::open(&db).unwrap());
    for refused in [
        spend_with(&["--amount-fen", "2001", "--budget-line", "党员教育培训"]),
        spend_with(&["--amount-fen", "100", "--budget-line", "没有的项目"]),
        vec![
            "spend",
            "--on",
            "2026-06-10",
            "--purpose",
            "training",
            "--amount-fen",
            "100",
            "--budget-line",
            "党员教育培训",
        ],
        vec!["income", "--on", "2026-03-01", "--amount-fen", "100", "--kind", "gift"],
        vec!["income", "--on", "2026-03-01", "--amount-fen=-100", "--kind", "refund"],
        vec!["hardship", "--member", "m-9", "--reason", "大病"],
        vec!["hardship", "--member", "m-1"],
        vec![
            "visit",
            "--on",
            "2026-06-10",
            "--member",
            "m-1",
            "--occasion",
            "illness",
            "--visitors",
            "李四",
            "--spend-fen",
            "5000",
            "--source",
            "funds",
            "--budget-line",
            "党员教育培训",
        ],
    ] {
        assert_eq!(go(&refused), 1, "{refused:?}");
    }
    for refused in [
        ["budget", "--year", "2026", "--item", "党员教育培训", "--amount-fen=-1"].as_slice(),
        &["budget", "--year", "2026", "--remove", "没有的项目"],
        &["budget", "--year", "1999", "--item", "党员教育培训", "--amount-fen", "1"],
        &["publish", "--period", "2026-Q5", "--on", "2026-10-08", "--how", "公示栏"],
        &["publish", "--period", "2026", "--on", "2026-10-08", "--how", "公示栏", "--subject", "salary"],
        &["publish", "--period", "2026", "--on", "2026-10-08", "--how", " "],
    ] {
        assert_eq!(run(&db, refused), 1, "{refused:?}");
    }
    let out = dir.path().join("公示表.pdf");
    assert_eq!(go(&["publication-sheet", "--year", "2026", out.to_str().unwrap()]), 1);
    assert_eq!(dump(&Ledger::open(&db).unwrap()), before, "a refused command changed the ledger");

    // Confirmed, the over-budget use is saved; the 慰问 with its spending in one step.
    assert_eq!(go(&spend_with(&["--amount-fen", "2001", "--budget-line", "党员教育培训", "--confirm"])), 0);
    assert_eq!(
        go(&[
            "visit",
            "--on",
            "2026-06-10",
            "--member",
            "m-1",
            "--occasion",
            "illness",
            "--visitors",
            "李四",
            "--spend-fen",
            "5000",
            "--source",
            "funds"
        ]),
        0
    );
    assert_eq!(
        run(&db, &["publish", "--period", "2026-Q2", "--on", "2026-07-05", "--how", "公示栏", "--subject", "funds"]),
        0
    );
    assert_eq!(go(&["hardship", "--member", "m-1", "--reason", "生活困难"]), 0);
    assert_eq!(run(&db, &["budget", "--year", "2026", "--json"]), 0);
    let ledger = Ledger::open(&db).unwrap();
    let b = app::budget_year(&ledger, org(&ledger), 2026).unwrap();
    assert_eq!((b.income_fen, b.spent_fen, b.balance_fen), (50_000, 15_001, 34_999), "8,000 + 2,001 + 5,000");
    assert_eq!(b.lines[0].left_fen, -1);
    let v = &app::visits_of_year(&ledger, None, 2026).unwrap()[0];
    let linked = b.spending.iter().find(|s| Some(s.id) == v.spending_id).expect("the visit's spending");
    assert_eq!((linked.amount_fen, linked.source), (5_000, FundSource::Funds));
    assert_eq!(app::publications(&ledger, org(&ledger)).unwrap()[0].subject, PublicationSubject::Funds);
    assert_eq!(app::hardship_marks(&ledger, None).unwrap()[0].reason, "生活困难");
    drop(ledger);

    // The 公示表 as Word: the quarter table and the note, in a real .docx.
    let docx = dir.path().join("公示表.docx");
    assert_eq!(go(&["publication-sheet", "--year", "2026", docx.to_str().unwrap()]), 0);
    let text = crate::support::docx_text::render(&docx);
    assert!(text.contains("| 期间 | 收缴(元) | 上缴(元) | 留存(元) | 使用(元) | 结余(元) |"), "{text}");
    assert!(text.contains("| 第二季度 | 90.00 |"), "{text}");
    assert!(text.contains("| 合计 | 180.00 |"), "{text}");
    assert!(text.contains("上年结转留存党费 10.00 元"), "{text}");
}

#[test]
fn a_use_of_money_keeps_its_receipt_scans_in_the_ledger_folder_and_through_the_bin() {
    let (dir, db) = ledger_file();
    let scan = dir.path().join("发票.JPG");
    std::fs::write(&scan, b"a scanned receipt").unwrap();
    let spend = ["spend", "--on", "2026-06-10", "--amount-fen", "500", "--purpose", "training", "--today", TODAY];
    let missing = dir.path().join("没有.jpg");
    let before = dump(&Ledger::open(&db).unwrap());
    let with_missing: Vec<&str> = spend.iter().copied().chain(["--receipt-file", missing.to_str().unwrap()]).collect();
    assert_eq!(run(&db, &with_missing), 1, "a file that is not there refuses the whole");
    assert_eq!(dump(&Ledger::open(&db).unwrap()), before, "nothing recorded");
    let with_scan: Vec<&str> = spend.iter().copied().chain(["--receipt-file", scan.to_str().unwrap()]).collect();
    assert_eq!(run(&db, &with_scan), 0);

    let ledger = Ledger::open(&db).unwrap();
    let s = &app::funds_year(&ledger, 2026, None, today()).unwrap().spending[0];
    let receipts = app::receipts(&ledger, s.id).unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!((receipts[0].file_name.as_str(), receipts[0].size_bytes), ("发票.JPG", 17));
    assert!(receipts[0].stored_path.ends_with(".jpg"), "{}", receipts[0].stored_path);
    let stored = app::receipt_path(&ledger, receipts[0].id).unwrap();
    assert_eq!(std::fs::read(&stored).unwrap(), b"a scanned receipt");
    assert!(stored.starts_with(dir.path().join("ledger-files")), "{}", stored.display());

    // Deleted, the use takes its receipts into the recycle bin; restored, they come back.
    let bin = app::delete_spending(&ledger, s.id).unwrap();
    assert!(app::receipts(&ledger, s.id).unwrap().is_empty());
    zhibu_core::app::bin::restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(app::receipts(&ledger, s.id).unwrap(), receipts);
    // A second scan is attached to the recorded use.
    let more = dir.path().join("收据2.png");
    std::fs::write(&more, b"second").unwrap();
    app::attach_receipt(&ledger, s.id, &more).unwrap();
    assert_eq!(app::receipts(&ledger, s.id).unwrap().len(), 2);
}

#[test]
fn the_visits_ledger_lists_the_members_in_difficulty_with_their_visits() {
    use calamine::{Data, DataType, Reader, Xlsx};
    let ledger = government_ledger();
    app::mark_hardship(&ledger, member_id(&ledger, "m-2"), Some("大病住院"), d("2026-02-01")).unwrap();
    visit(&ledger, "m-2", "2026-06-01");
    visit(&ledger, "m-2", "2026-09-01");
    visit(&ledger, "m-1", "2026-09-01");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("走访.xlsx");
    zhibu_core::workbooks::funds::write_care_visits(&ledger, org(&ledger), 2026, today(), &path).unwrap();
    let sheet = zhibu_core::workbooks::funds::HARDSHIP_SHEET;
    assert_eq!(crate::support::xlsx_read::sheet_names(&path)[1], sheet);
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let cells = book.worksheet_range(sheet).unwrap();
    let formulas = book.worksheet_formula(sheet).unwrap();
    assert_eq!(cells.get_value((3, 1)), Some(&Data::String("李四".into())));
    assert_eq!(cells.get_value((3, 2)), Some(&Data::String("大病住院".into())));
    assert_eq!(crate::support::xlsx_read::as_date(cells.get_value((3, 3)).unwrap()), Some(d("2026-02-01")));
    assert_eq!(cells.get_value((3, 4)).and_then(Data::as_f64), Some(2.0), "two visits to 李四 (not 张三's)");
    assert_eq!(cells.get_value((4, 0)), Some(&Data::String("合计".into())));
    assert_eq!(formulas.get_value((4, 4)).map(String::as_str), Some("SUM(E4:E4)"));
}

/// The stored publications, as `dump` shows them.
fn publication_rows(ledger: &Ledger) -> Vec<String> {
    dump(ledger).lines().filter(|l| l.starts_with("dues_publications:")).map(str::to_string).collect()
}

#[test]
fn a_publication_recorded_by_mistake_goes_to_the_recycle_bin_and_comes_back() {
    let ledger = super::ledger();
    let o = org(&ledger);
    let p = app::record_publication(&ledger, o, PublicationSubject::Funds, "2026-Q3", d("2026-10-08"), "党员微信群")
        .unwrap();
    let met = |ledger: &Ledger| finding(ledger, "fuling-2017", "funds-publication", "2027-01-05").status;
    assert_eq!(met(&ledger), Status::Met);
    let before = publication_rows(&ledger);

    let bin = app::delete_publication(&ledger, p.id).unwrap();
    assert!(app::publications(&ledger, o).unwrap().is_empty());
    assert_eq!(met(&ledger), Status::Unmet, "a deleted publication is not counted");
    let entry = zhibu_core::app::bin::recycle_bin(&ledger).unwrap().into_iter().find(|e| e.id == bin).unwrap();
    assert_eq!(entry.entity, "dues_publication");
    assert_eq!(entry.summary, "中共示例第一支部委员会2026年第三季度经费使用情况公示（2026年10月8日，党员微信群）");
    assert!(matches!(app::delete_publication(&ledger, p.id), Err(zhibu_core::Error::NotFound { .. })));

    // Restored from the 回收站: the same record under its id, counted again.
    zhibu_core::app::bin::restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(app::publications(&ledger, o).unwrap(), vec![p.clone()]);
    assert_eq!(met(&ledger), Status::Met);
    assert!(zhibu_core::app::bin::recycle_bin(&ledger).unwrap().is_empty());
    assert_eq!(publication_rows(&ledger), before, "the publication is as before the delete");

    // Restored after a later publication took its id: it comes back under another.
    let bin = app::delete_publication(&ledger, p.id).unwrap();
    let later =
        app::record_publication(&ledger, o, PublicationSubject::Dues, "2026", d("2026-12-20"), "公示栏").unwrap();
    let back = app::restore_publication(&ledger, bin).unwrap();
    assert_ne!(back.id, later.id);
    assert_eq!(
        (back.period.as_str(), back.subject, back.how.as_str()),
        ("2026-Q3", PublicationSubject::Funds, "党员微信群")
    );
    assert_eq!(app::publications(&ledger, o).unwrap().len(), 2);
}

#[test]
fn the_cli_deletes_a_publication_and_restores_it() {
    let (_dir, db) = ledger_file();
    assert_eq!(run(&db, &["publish", "--period", "2026-Q2", "--on", "2026-07-05", "--how", "公示栏"]), 0);
    let open = || Ledger::open(&db).unwrap();
    let id = app::publications(&open(), org(&open())).unwrap()[0].id;
    let before = dump(&open());
    assert_eq!(run(&db, &["publish", "--delete", "999"]), 1, "no such publication");
    assert_eq!(run(&db, &["publish", "--restore", "999"]), 1, "no such bin entry");
    assert_eq!(run(&db, &["publish", "--delete", &id.to_string(), "--period", "2026"]), 2, "one thing at a time");
    assert_eq!(dump(&open()), before, "a refused command changed the ledger");

    let rows = publication_rows(&open());
    assert_eq!(run(&db, &["publish", "--delete", &id.to_string()]), 0);
    assert!(app::publications(&open(), org(&open())).unwrap().is_empty());
    let bin = zhibu_core::app::bin::recycle_bin(&open()).unwrap()[0].id;
    assert_eq!(run(&db, &["publish", "--restore", &bin.to_string()]), 0);
    assert_eq!(publication_rows(&open()), rows, "restored as it was");
}

/// The 花名册 receives the 困难党员 mark with each member (the list and the detail), from the same
/// row the 经费与慰问 page marks, and loses it when the mark is taken off.
#[test]
fn the_roster_reads_the_mark_with_each_member() {
    use zhibu_core::app::roster::{list_members, member_detail, MemberFilter};
    let ledger = super::ledger();
    let marks = |ledger: &Ledger| -> Vec<(String, Option<String>)> {
        list_members(ledger, &MemberFilter::default())
            .unwrap()
            .into_iter()
            .map(|m| (m.fields.name, m.hardship))
            .collect()
    };
    assert_eq!(marks(&ledger), [("张三".to_string(), None), ("李四".to_string(), None)]);
    let li = member_id(&ledger, "m-2");
    app::mark_hardship(&ledger, li, Some(" 大病住院 "), today()).unwrap();
    assert_eq!(marks(&ledger), [("张三".to_string(), None), ("李四".to_string(), Some("大病住院".to_string()))]);
    assert_eq!(member_detail(&ledger, li).unwrap().member.hardship.as_deref(), Some("大病住院"));
    // A second mark replaces the reason; the change is in the member's own history.
    app::mark_hardship(&ledger, li, Some("家庭变故"), today()).unwrap();
    let detail = member_detail(&ledger, li).unwrap();
    assert_eq!(detail.member.hardship.as_deref(), Some("家庭变故"));
    assert!(detail.changes.iter().any(|c| c.summary == "标记李四为困难党员（家庭变故）"), "{:?}", detail.changes);
    // Marks of the list and of the roster agree.
    let listed = app::hardship_marks(&ledger, None).unwrap();
    assert_eq!((listed[0].member_id, listed[0].reason.as_str()), (li, "家庭变故"));
    app::mark_hardship(&ledger, li, None, today()).unwrap();
    assert_eq!(marks(&ledger), [("张三".to_string(), None), ("李四".to_string(), None)]);
    assert!(member_detail(&ledger, li).unwrap().changes.iter().any(|c| c.summary == "取消李四的困难党员标记"));
}
