//! The standard profiles as data: every built-in profile loads and validates, every rule names its
//! source, the ids are those of `cli.md`, the 涪陵 table adds up to 100 with its ▲ items, the 景德镇
//! list has its 48 items; user copies are validated, stored, edited, deleted to the recycle bin and
//! restored; and `check` over the demo ledger gives the `check --json` shape of `cli.md`.

use crate::support;

use std::collections::HashSet;

use crate::support::d;
use zhibu_core::standards::profile::{built_ins, RuleSpec, BUILT_IN};
use zhibu_core::standards::{
    check_ledger, copy_profile, delete_profile, list_profiles, load_profile, restore_profile, save_profile,
    NoExtraFindings, Status,
};
use zhibu_core::Ledger;

#[test]
fn every_built_in_profile_loads_and_every_rule_names_its_source() {
    let ids: Vec<&str> = BUILT_IN.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, ["national", "jingdezhen-2020", "wuhua", "chengdu-2020", "gaibei-2017", "fuling-2017"]);
    let profiles = built_ins();
    assert_eq!(profiles.len(), 6);
    for p in &profiles {
        assert!(p.problems().is_empty(), "{}: {:?}", p.id, p.problems());
        assert!(!p.source.trim().is_empty() && !p.title.trim().is_empty(), "{}", p.id);
        assert!(!p.rules.is_empty(), "{}", p.id);
        for r in &p.rules {
            assert!(r.source.chars().count() >= 4, "{} {} names no source", p.id, r.id);
            assert!(!r.title.trim().is_empty(), "{} {}", p.id, r.id);
        }
    }
}

#[test]
fn the_fuling_table_and_the_jingdezhen_list_are_complete() {
    let fuling = built_ins().into_iter().find(|p| p.id == "fuling-2017").unwrap();
    let s = fuling.scoring.as_ref().unwrap();
    assert_eq!((s.total, s.pass, s.basic), (100.0, 80.0, 60.0));
    assert_eq!(s.items.len(), 55);
    assert_eq!(s.items.iter().map(|i| i.points).sum::<f64>(), 100.0);
    assert!(s.items.iter().filter(|i| i.mandatory).count() >= 30);
    let sections: HashSet<&str> = s.items.iter().map(|i| i.section.as_str()).collect();
    assert_eq!(sections.len(), 8);
    // 三会一课 11 points: 党员大会 4, 支委会 3, 党小组会 2, 党课 2.
    let meetings = s.items.iter().find(|i| i.points == 11.0).unwrap();
    assert!(meetings.mandatory);
    let split: Vec<f64> = meetings.rules.iter().map(|r| fuling.rule(r).unwrap().points.unwrap()).collect();
    assert_eq!(split, vec![4.0, 3.0, 2.0, 2.0]);
    // Auto-scored items carry points on their rules adding up to the item.
    for item in &s.items {
        let rule_points: Option<f64> = item.rules.iter().map(|r| fuling.rule(r).unwrap().points).sum();
        assert_eq!(rule_points, Some(item.points), "{}", item.id);
    }

    let jdz = built_ins().into_iter().find(|p| p.id == "jingdezhen-2020").unwrap();
    let c = jdz.checklist.as_ref().unwrap();
    assert_eq!(c.items.iter().map(|i| i.no).collect::<Vec<_>>(), (1..=48).collect::<Vec<_>>());
    let auto = c
        .items
        .iter()
        .filter(|i| i.rules.iter().any(|r| !matches!(jdz.rule(r).unwrap().spec, RuleSpec::Manual { .. })));
    assert!(auto.count() >= 15);
}

#[test]
fn a_user_copy_is_validated_stored_edited_deleted_and_restored() {
    let ledger = Ledger::in_memory().unwrap();
    let copy = copy_profile(&ledger, "national", "our-branch", "本支部标准（复制自全国）").unwrap();
    assert_eq!(copy.based_on.as_deref(), Some("national"));
    let listed = list_profiles(ledger.conn()).unwrap();
    assert_eq!(listed.len(), 7);
    assert!(!listed[6].built_in && listed[6].id == "our-branch");

    // Change a number: 32 → 40 学时.
    let json = serde_json::to_string(&copy).unwrap().replace(r#""min":32.0"#, r#""min":40.0"#);
    assert!(json.contains(r#""min":40.0"#));
    let saved = save_profile(&ledger, "our-branch", &json).unwrap();
    let hours = saved.rule("training-hours").unwrap();
    assert!(matches!(hours.spec, RuleSpec::Quota { min: Some(m), .. } if m == 40.0));
    assert_eq!(load_profile(ledger.conn(), "our-branch").unwrap(), saved);

    // Refusals change nothing and say where.
    let before = support::dump(&ledger);
    let bad = json.replace(r#""min":40.0"#, r#""min":-1.0"#);
    let e = save_profile(&ledger, "our-branch", &bad).unwrap_err();
    assert!(e.problems().iter().any(|p| p.at.ends_with(".min")), "{e}");
    let no_source =
        json.replacen(r#""source":"《中国共产党支部工作条例（试行）》（2018）第十一条""#, r#""source":"""#, 1);
    let e = save_profile(&ledger, "our-branch", &no_source).unwrap_err();
    assert!(e.problems().iter().any(|p| p.at == "rules[0].source"), "{e}");
    assert!(save_profile(&ledger, "national", &json).is_err());
    assert!(copy_profile(&ledger, "national", "fuling-2017", "x").is_err());
    assert!(copy_profile(&ledger, "national", "Bad Id", "x").is_err());
    assert_eq!(support::dump(&ledger), before);

    let bin = delete_profile(&ledger, "our-branch").unwrap();
    assert!(load_profile(ledger.conn(), "our-branch").is_err());
    assert!(delete_profile(&ledger, "national").is_err());
    let restored = restore_profile(&ledger, bin).unwrap();
    assert_eq!(restored, saved);
    // The same through the 回收站's registry.
    let bin = delete_profile(&ledger, "our-branch").unwrap();
    zhibu_core::app::bin::restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(load_profile(ledger.conn(), "our-branch").unwrap(), saved);
}

#[test]
fn check_over_the_demo_has_the_cli_json_shape() {
    let ledger = Ledger::in_memory().unwrap();
    let today = d("2026-11-22");
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today).unwrap();
    let report = check_ledger(&ledger, None, 2026, None, today, &NoExtraFindings).unwrap();
    assert_eq!(report.profile, "national", "the organisation's own profile");
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["year"], 2026);
    assert_eq!(v["profile"], "national");
    assert_eq!(v["today"], "2026-11-22");
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.len() > 100);
    let kinds = ["frequency", "quota", "cap", "deadline", "structure", "manual", "development"];
    let period = |p: &str| {
        let b = p.as_bytes();
        p.len() == 4 && p.parse::<i32>().is_ok()
            || (p.len() == 7
                && b[4] == b'-'
                && (p[5..].starts_with('H') || p[5..].starts_with('Q') || p[5..].parse::<u32>().is_ok()))
    };
    for f in findings {
        for field in ["rule", "kind", "org", "period", "status", "message", "source"] {
            assert!(f[field].is_string(), "{field} in {f}");
        }
        assert!(f["required"].is_number() && f["actual"].is_number(), "{f}");
        assert!(f["evidence"].is_array());
        assert!(kinds.contains(&f["kind"].as_str().unwrap()));
        assert!(["met", "unmet", "pending", "manual"].contains(&f["status"].as_str().unwrap()));
        assert!(period(f["period"].as_str().unwrap()), "{}", f["period"]);
        match f["kind"].as_str().unwrap() {
            "frequency" => assert!(f["activity"].is_string(), "{f}"),
            "quota" => assert!(f["member"].is_string() && f["measure"].is_string(), "{f}"),
            "cap" => assert_eq!(f["measure"], "excellent_share"),
            _ => {}
        }
    }
    // Whole numbers print as integers, as in cli.md.
    let first = serde_json::to_string(&findings[0]).unwrap();
    assert!(first.contains(r#""required":1"#), "{first}");
    let periods: HashSet<&str> = findings.iter().map(|f| f["period"].as_str().unwrap()).collect();
    for p in ["2026", "2026-Q2", "2026-05"] {
        assert!(periods.contains(p), "{p}");
    }
}

#[test]
fn the_unpaid_streak_matches_the_dues_report() {
    let ledger = Ledger::in_memory().unwrap();
    let today = d("2026-11-22");
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today).unwrap();
    let report = check_ledger(&ledger, None, 2026, Some("national"), today, &NoExtraFindings).unwrap();
    let dues = zhibu_core::dues::year_report(&ledger, 2026, None, today).unwrap();
    let mut compared = 0;
    for f in report.findings.iter().filter(|f| f.rule == "dues-streak") {
        let line = dues.members.iter().find(|m| Some(&m.member) == f.member.as_ref()).unwrap();
        assert_eq!(f.actual, line.unpaid_streak_months as f64);
        assert_eq!(f.status == Status::Unmet, line.unpaid_streak_months >= 6);
        compared += 1;
    }
    assert!(compared > 10);
    assert!(
        report.findings.iter().any(|f| f.rule == "dues-streak" && f.status == Status::Unmet),
        "the demo has a lapse"
    );
}

#[test]
fn cli_check_and_profiles_exit_codes_and_read_only() {
    let (_dir, db) = support::cli::demo_ledger();
    let run = |args: &[&str]| support::cli::run(&db, args);
    let before = std::fs::read(&db).unwrap();
    assert_eq!(run(&["check", "--year", "2026", "--today", "2026-11-22", "--json"]), 0);
    assert_eq!(
        run(&["check", "--year", "2026", "--org", "o-1", "--profile", "fuling-2017", "--today", "2026-11-22"]),
        0
    );
    assert_eq!(run(&["check", "--year", "2026", "--profile", "no-such-profile"]), 1);
    assert_eq!(run(&["check", "--year", "2026", "--org", "no-such-org"]), 1);
    assert_eq!(run(&["check", "--json"]), 2, "--year is required");
    assert_eq!(run(&["profiles", "--json"]), 0);
    assert_eq!(run(&["profiles"]), 0);
    assert_eq!(std::fs::read(&db).unwrap(), before, "checking never changes the ledger");
}
