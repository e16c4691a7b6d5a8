//! The money records in the data package (extension fields `dues_remittances`, `fund_spending`,
//! `care_visits`): export → import gives the same money ledger, a second import changes nothing, and
//! a package without them still imports.

use zhibu_core::app::funds as app;
use zhibu_core::package::{export_package, import_package, parse_package, to_json};
use zhibu_core::Ledger;

use crate::support::{org, today};

fn exported_at() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap()
}

#[test]
fn the_money_records_travel_in_the_package() {
    let ledger = Ledger::in_memory().unwrap();
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today()).unwrap();
    let before = app::funds_year(&ledger, 2026, Some(org(&ledger)), today()).unwrap();
    assert!(before.remittances.len() >= 3, "the demo remits each quarter: {:?}", before.remittances.len());
    assert!(!before.spending.is_empty());
    let visits = app::visits_of_year(&ledger, None, 2026).unwrap();
    assert_eq!(visits.len(), 2);

    let text = to_json(&export_package(&ledger, None, exported_at()).unwrap());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["dues_remittances"][0]["from_month"], "2025-01");
    assert!(json["fund_spending"].as_array().unwrap().iter().any(|s| s["approved_by"].is_string()));
    assert_eq!(json["care_visits"][0]["occasion"], "spring_festival");

    let copy = Ledger::in_memory().unwrap();
    let pkg = parse_package(&text).unwrap();
    let first = import_package(&copy, &pkg, today()).unwrap();
    assert_eq!(first.created.dues_remittances as usize, json["dues_remittances"].as_array().unwrap().len());
    // The retained share travels in the whole-ledger package's funds settings; set again, nothing moves.
    let input = app::FundsSettingsInput { retain_permille: Some(100), ..Default::default() };
    app::set_funds_settings(&copy, &input).unwrap();
    let after = app::funds_year(&copy, 2026, Some(org(&copy)), today()).unwrap();
    assert_eq!(after.months, before.months);
    assert_eq!((after.carried_fen, after.closing_fen), (before.carried_fen, before.closing_fen));
    assert_eq!(after.spending.len(), before.spending.len());
    assert_eq!(app::visits_of_year(&copy, None, 2026).unwrap().len(), 2);

    let again = import_package(&copy, &pkg, today()).unwrap();
    assert!(!again.changed(), "{again:?}");
    let back: serde_json::Value =
        serde_json::from_str(&to_json(&export_package(&copy, None, exported_at()).unwrap())).unwrap();
    for field in ["dues_remittances", "fund_spending", "care_visits"] {
        assert_eq!(back[field], json[field], "{field} exported again as imported");
    }
}

#[test]
fn bad_money_records_are_refused_by_their_path() {
    let mut pkg = super::package();
    pkg["dues_remittances"] = serde_json::json!([
        { "org": "o-1", "from_month": "2026-03", "to_month": "2026-01", "remitted_on": "2026-04-01", "amount_fen": 100 }
    ]);
    pkg["fund_spending"] = serde_json::json!([
        { "org": "o-1", "spent_on": "2026-04-01", "amount_fen": 100, "source": "dues", "purpose": "food" },
        { "org": "o-1", "spent_on": "2026-04-01", "amount_fen": 100, "source": "dues", "purpose": "training", "approved_by": "a-404" }
    ]);
    pkg["care_visits"] = serde_json::json!([
        { "member": "m-9", "visited_on": "2026-04-01", "occasion": "spring_festival", "visitors": "张三" }
    ]);
    let err = parse_package(&pkg.to_string())
        .and_then(|p| import_package(&Ledger::in_memory().unwrap(), &p, today()))
        .unwrap_err();
    let at: Vec<String> = err.problems().iter().map(|p| p.at.clone()).collect();
    for want in [
        "dues_remittances[0].to_month",
        "fund_spending[0].purpose",
        "fund_spending[1].approved_by",
        "care_visits[0].member",
    ] {
        assert!(at.iter().any(|a| a == want), "{want} in {at:?}");
    }
}

/// The work funds (budget lines, income, the budget item and receipt of a use), the visit's link to
/// its spending, the 困难党员 marks, the 经费使用情况 publication and the funds settings travel too.
#[test]
fn the_work_funds_marks_links_and_settings_travel_in_the_package() {
    let ledger = Ledger::in_memory().unwrap();
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today()).unwrap();
    let o = org(&ledger);
    app::record_publication(
        &ledger,
        o,
        app::PublicationSubject::Funds,
        "2026-Q3",
        crate::support::d("2026-10-08"),
        "公示栏",
    )
    .unwrap();
    let input = app::FundsSettingsInput { approval_threshold_fen: Some(200_000), ..Default::default() };
    app::set_funds_settings(&ledger, &input).unwrap();
    app::save_year_budget(&ledger, o, 2026, app::YearBudget { payroll_fen: Some(80_000_000), budget_fen: None })
        .unwrap();
    let budget = app::budget_year(&ledger, o, 2026).unwrap();
    assert_eq!((budget.lines.len(), budget.income_fen), (3, 500_000), "the demo's budget and 拨付");
    assert!(budget.spending.iter().all(|s| s.budget_item.is_some()), "{:?}", budget.spending);
    let visits = app::visits_of_year(&ledger, None, 2026).unwrap();
    assert!(visits.iter().all(|v| v.spending_id.is_some()), "the demo's 慰问金 are linked to their spending");
    assert_eq!(app::hardship_marks(&ledger, None).unwrap().len(), 1);

    let text = to_json(&export_package(&ledger, None, exported_at()).unwrap());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["fund_budget_lines"][0]["item"], "党组织活动");
    assert_eq!(json["fund_income"][0]["kind"], "allocation");
    assert_eq!(json["care_visits"][0]["with_spending"], true);
    assert_eq!(json["funds_settings"]["approval_threshold_fen"], 200_000);
    assert!(json["dues_publications"].as_array().unwrap().iter().any(|p| p["subject"] == "funds"));

    let copy = Ledger::in_memory().unwrap();
    let first = import_package(&copy, &parse_package(&text).unwrap(), today()).unwrap();
    assert_eq!((first.created.fund_budget_lines, first.created.hardship), (6, 1), "two years of three lines");
    let c = org(&copy);
    assert_eq!(app::budget_year(&copy, c, 2026).unwrap(), zhibu_core::funds::budget_year(&ledger, o, 2026).unwrap());
    let linked = app::visits_of_year(&copy, None, 2026).unwrap();
    assert!(linked.iter().all(|v| v.spending_id.is_some()));
    assert_eq!(app::funds_settings(&copy).unwrap().approval_threshold_fen, 200_000);
    assert_eq!(app::year_budget(&copy, c, 2026).unwrap().payroll_fen, Some(80_000_000));
    assert_eq!(app::hardship_marks(&copy, None).unwrap()[0].reason, "年老体弱，独自居住");
    assert_eq!(
        app::publications(&copy, c).unwrap().iter().filter(|p| p.subject == app::PublicationSubject::Funds).count(),
        1
    );
    let again = import_package(&copy, &parse_package(&text).unwrap(), today()).unwrap();
    assert!(!again.changed(), "{again:?}");
}

#[test]
fn bad_work_funds_records_are_refused_by_their_path() {
    let mut pkg = super::package();
    pkg["fund_budget_lines"] = serde_json::json!([
        { "org": "o-1", "year": 2026, "item": "培训", "amount_fen": 100 },
        { "org": "o-1", "year": 2026, "item": "培训", "amount_fen": 200 }
    ]);
    pkg["fund_income"] =
        serde_json::json!([{ "org": "o-1", "received_on": "2026-01-05", "amount_fen": 100, "kind": "gift" }]);
    pkg["fund_spending"] = serde_json::json!([
        { "org": "o-1", "spent_on": "2026-04-01", "amount_fen": 100, "source": "dues", "purpose": "training", "budget_item": "培训" }
    ]);
    pkg["hardship"] = serde_json::json!([{ "member": "m-9", "reason": "大病", "marked_on": "2026-01-05" }]);
    pkg["dues_publications"] = serde_json::json!([{ "org": "o-1", "period": "2026", "published_on": "2026-10-01", "how": "公示栏", "subject": "pay" }]);
    let err = parse_package(&pkg.to_string())
        .and_then(|p| import_package(&Ledger::in_memory().unwrap(), &p, today()))
        .unwrap_err();
    let at: Vec<String> = err.problems().iter().map(|p| p.at.clone()).collect();
    for want in [
        "fund_budget_lines[1].item",
        "fund_income[0].kind",
        "fund_spending[0].budget_item",
        "hardship[0].member",
        "dues_publications[0].subject",
    ] {
        assert!(at.iter().any(|a| a == want), "{want} in {at:?}");
    }
}

/// A ledger without any organisation yet (a new file before the welcome screen is done) exports an
/// empty package: the money lists ask for no organisation rather than for one that is not there.
#[test]
fn a_ledger_without_organisations_exports_empty_money_lists() {
    let ledger = Ledger::in_memory().unwrap();
    let pkg = export_package(&ledger, None, exported_at()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&to_json(&pkg)).unwrap();
    for k in ["dues_remittances", "fund_spending", "care_visits"] {
        assert!(v.get(k).is_none_or(|l| l.as_array().is_some_and(|a| a.is_empty())), "{k}: {:?}", v.get(k));
    }
}

/// The receipts (票据 scans) of a use of money travel as their metadata, as a meeting's attachments
/// do: export → import gives the same receipts (in the same place of the ledger's folder), a second
/// import adds none, a package naming one more adds it to the use it holds and removes nothing, a
/// package without them (an older one) removes none, and a bad one is refused by its path.
#[test]
fn the_receipts_of_a_use_travel_as_metadata_and_are_only_ever_added() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_or_create(&dir.path().join("a.db")).unwrap();
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today()).unwrap();
    let spending = app::funds_year(&ledger, 2026, None, today()).unwrap().spending;
    let used = spending.last().unwrap().clone();
    for (name, bytes) in [("发票.JPG", b"a scanned receipt".as_slice()), ("收据.pdf", b"%PDF-1.4 receipt".as_slice())]
    {
        let scan = dir.path().join(name);
        std::fs::write(&scan, bytes).unwrap();
        app::attach_receipt(&ledger, used.id, &scan).unwrap();
    }
    let held = |l: &Ledger, id: i64| -> Vec<(String, String, i64, String)> {
        app::receipts(l, id)
            .unwrap()
            .into_iter()
            .map(|r| (r.file_name, r.sha256, r.size_bytes, r.stored_path))
            .collect()
    };
    let original = held(&ledger, used.id);
    assert_eq!(original.len(), 2);

    let text = to_json(&export_package(&ledger, None, exported_at()).unwrap());
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let with: Vec<usize> = json["fund_spending"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.get("receipts").is_some())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(with.len(), 1, "only the use with scans carries receipts");
    let k = with[0];
    let receipts = json["fund_spending"][k]["receipts"].clone();
    assert_eq!(receipts[0]["file_name"], "发票.JPG");
    assert_eq!(receipts[0]["size_bytes"], 17);
    assert_eq!(receipts[0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(receipts[0].as_object().unwrap().len(), 3, "metadata only: {receipts}");

    // Into another ledger: the same receipts on the same use; again, nothing changes.
    let copy = Ledger::in_memory().unwrap();
    import_package(&copy, &parse_package(&text).unwrap(), today()).unwrap();
    let copied = app::funds_year(&copy, 2026, None, today()).unwrap().spending;
    let twin = copied.iter().find(|s| s.spent_on == used.spent_on && s.amount_fen == used.amount_fen).unwrap();
    assert_eq!(held(&copy, twin.id), original, "same name, digest, size and place in the ledger's folder");
    let others: usize = copied.iter().filter(|s| s.id != twin.id).map(|s| held(&copy, s.id).len()).sum();
    assert_eq!(others, 0);
    assert!(!import_package(&copy, &parse_package(&text).unwrap(), today()).unwrap().changed());
    let back: serde_json::Value =
        serde_json::from_str(&to_json(&export_package(&copy, None, exported_at()).unwrap())).unwrap();
    assert_eq!(back["fund_spending"], json["fund_spending"], "exported again as imported");

    // One more receipt in the package: added to the held use, which counts as updated.
    let third = serde_json::json!({ "file_name": "补充票据.png", "sha256": "ab".repeat(32), "size_bytes": 5 });
    json["fund_spending"][k]["receipts"].as_array_mut().unwrap().push(third);
    let report = import_package(&copy, &parse_package(&json.to_string()).unwrap(), today()).unwrap();
    assert_eq!((report.created.fund_spending, report.updated.fund_spending), (0, 1), "{report:?}");
    let now = held(&copy, twin.id);
    assert_eq!(now.len(), 3);
    assert_eq!(now[..2], original[..]);
    assert_eq!(
        (now[2].0.as_str(), now[2].3.as_str()),
        ("补充票据.png", format!("ab/{}.png", "ab".repeat(32)).as_str())
    );

    // A package without receipts (written before them) imports and removes none.
    let mut old = json.clone();
    for s in old["fund_spending"].as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("receipts");
    }
    assert!(!import_package(&copy, &parse_package(&old.to_string()).unwrap(), today()).unwrap().changed());
    assert_eq!(held(&copy, twin.id).len(), 3);

    // Bad metadata is refused by its path, as an attachment's is, and changes nothing.
    let mut bad = json.clone();
    bad["fund_spending"][k]["receipts"] = serde_json::json!([
        { "file_name": " ", "sha256": "ABC", "size_bytes": -1 }
    ]);
    let before = crate::support::dump(&copy);
    let err = parse_package(&bad.to_string()).and_then(|p| import_package(&copy, &p, today())).unwrap_err();
    let at: Vec<String> = err.problems().iter().map(|p| p.at.clone()).collect();
    for field in ["file_name", "sha256", "size_bytes"] {
        let want = format!("fund_spending[{k}].receipts[0].{field}");
        assert!(at.contains(&want), "{want} in {at:?}");
    }
    assert_eq!(crate::support::dump(&copy), before);
}
