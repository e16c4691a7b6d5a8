//! 党费 against a real SQLite ledger with all migrations: a hand-written package (independent of the
//! code) imported, then the year's report checked month by month — brackets, fixed amounts, mid-year
//! base changes, half-up rounding, joining and leaving, arrears, advance payments, streaks, rule
//! versions — and the `cli.md` JSON shape.

use chrono::NaiveDate;
use serde_json::{json, Value};
use zhibu_core::dues::{rules_for_year, set_rules, year_report, DuesRules, DuesYear, MemberDues, Rounding};
use zhibu_core::package::{import_package, parse_package};
use zhibu_core::{ErrorCode, Ledger};

use crate::support::package::{self, base};
use crate::support::{d, today};

/// A member of `org` named 党员<key>; 转正 on joining, or on 2001-01-01 for those who joined earlier.
fn member(key: &str, org: &str, category: &str, joined_on: &str, extra: Value) -> Value {
    let full = if joined_on > "2001-01-01" { joined_on } else { "2001-01-01" };
    let fields = json!({ "org": org, "category": category, "full_member_on": full });
    package::with(package::member(key, &format!("党员{key}"), joined_on, fields), extra)
}

/// Payments of `fen` for each month `YYYY-MM` listed, paid on the 10th of that month.
fn pay(key: &str, months: &[&str], fen: i64) -> Vec<Value> {
    months.iter().map(|m| json!({ "member": key, "month": m, "paid_fen": fen, "paid_on": format!("{m}-10") })).collect()
}

fn months(year: i32, from: u32, to: u32) -> Vec<String> {
    (from..=to).map(|m| format!("{year}-{m:02}")).collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The test branch: one member per situation.
fn package() -> Value {
    let y26 = months(2026, 1, 11);
    let mut payments = Vec::new();
    payments.extend(pay("m-1", &refs(&y26), 3101));
    payments.extend(pay("m-2", &refs(&months(2026, 1, 6)), 4500));
    payments.extend(pay("m-2", &refs(&months(2026, 7, 11)), 9750));
    payments.extend(pay("m-3", &refs(&y26), 2500));
    payments.extend(pay("m-4", &refs(&y26), 20));
    payments.extend(pay("m-5", &refs(&y26), 20));
    payments.extend(pay("m-6", &refs(&y26), 50));
    payments.extend(pay("m-7", &refs(&months(2026, 5, 11)), 4000));
    payments.extend(pay("m-8", &refs(&months(2026, 1, 7)), 1500)); // 07: after leaving
    payments.extend(pay("m-9", &refs(&months(2026, 1, 6)), 1500)); // streak 5
    payments.extend(pay("m-10", &refs(&months(2026, 1, 5)), 1500)); // streak 6
    payments.extend(pay("m-11", &["2026-05", "2026-08", "2026-09"], 1500)); // broken: streak 2
    payments.extend(pay("m-13", &refs(&months(2025, 1, 8)), 1500)); // from 2025-09 unpaid
    payments.extend(pay("m-16", &refs(&y26), 3000));
    // m-12: Jan–Mar paid late in April (arrears), Nov underpaid, Dec paid in advance.
    for m in ["2026-01", "2026-02", "2026-03"] {
        payments.push(json!({ "member": "m-12", "month": m, "paid_fen": 1500, "paid_on": "2026-04-10" }));
    }
    payments.extend(pay("m-12", &refs(&months(2026, 4, 10)), 1500));
    payments.push(json!({ "member": "m-12", "month": "2026-11", "paid_fen": 1000, "paid_on": "2026-11-10" }));
    payments.push(json!({ "member": "m-12", "month": "2026-12", "paid_fen": 1500, "paid_on": "2026-11-10" }));

    let emp = |key: &str, bases: Value| member(key, "o-2", "employed", "2000-07-01", json!({ "dues_bases": bases }));
    json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "zhibu-dues-test",
        "organizations": [
            { "key": "o-1", "name": "中共示例委员会", "kind": "committee", "sector": "government" },
            { "key": "o-2", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "government", "parent": "o-1" },
            { "key": "o-3", "name": "中共示例第二支部委员会", "kind": "branch", "sector": "village", "parent": "o-1" }
        ],
        "members": [
            emp("m-1", json!([base("2025-01", 310_050)])),
            emp("m-2", json!([base("2025-01", 450_000), base("2026-07", 650_000)])),
            member("m-3", "o-2", "retired", "1975-07-01", json!({ "dues_bases": [base("2020-01", 500_000)],
                "full_member_on": "1976-07-01", "birth_date": "1950-01-01" })),
            member("m-4", "o-3", "farmer", "2000-07-01", json!({})),
            member("m-5", "o-2", "student", "2025-11-20", json!({ "birth_date": "2004-01-01", "status": "probationary",
                "full_member_on": null })),
            member("m-6", "o-2", "employed", "2000-07-01", json!({ "dues_bases": [base("2025-01", 900_000)],
                "dues_fixed_fen": 50 })),
            member("m-7", "o-2", "employed", "2026-05-20", json!({ "status": "probationary", "full_member_on": null,
                "dues_bases": [base("2026-05", 400_000)] })),
            member("m-8", "o-2", "employed", "2000-07-01", json!({ "dues_bases": [base("2025-01", 300_000)],
                "left": { "on": "2026-06-10", "reason": "transfer_out", "to": "中共另一支部委员会" } })),
            emp("m-9", json!([base("2025-01", 300_000)])),
            emp("m-10", json!([base("2025-01", 300_000)])),
            emp("m-11", json!([base("2025-01", 300_000)])),
            emp("m-12", json!([base("2025-01", 300_000)])),
            emp("m-13", json!([base("2025-01", 300_000)])),
            emp("m-14", json!([])),
            member("m-15", "o-2", "employed", "2000-07-01", json!({ "dues_bases": [base("2020-01", 300_000)],
                "left": { "on": "2025-12-31", "reason": "deceased" } })),
            member("m-16", "o-2", "other", "2000-07-01", json!({ "dues_bases": [base("2025-01", 300_001)] }))
        ],
        "dues_payments": payments
    })
}

fn ledger() -> Ledger {
    let ledger = Ledger::in_memory().unwrap();
    let pkg = parse_package(&package().to_string()).unwrap();
    import_package(&ledger, &pkg, today()).unwrap();
    ledger
}

fn report_on(ledger: &Ledger, year: i32, on: NaiveDate) -> DuesYear {
    year_report(ledger, year, None, on).unwrap()
}

fn find<'a>(r: &'a DuesYear, key: &str) -> &'a MemberDues {
    r.members.iter().find(|m| m.member == key).unwrap_or_else(|| panic!("{key} not in the report"))
}

/// `(month, base, rate, due, paid)` of one listed month.
type Row = (String, Option<i64>, Option<u32>, Option<i64>, i64);

fn rows(m: &MemberDues) -> Vec<Row> {
    m.months.iter().map(|x| (x.month.clone(), x.base_fen, x.rate_permille, x.due_fen, x.paid_fen)).collect()
}

#[test]
fn the_json_has_the_cli_md_shape() {
    let r = report_on(&ledger(), 2026, today());
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["year"], 2026);
    let m1 = v["members"].as_array().unwrap().iter().find(|m| m["member"] == "m-1").unwrap();
    for field in ["member", "months", "due_total_fen", "paid_total_fen", "unpaid_streak_months"] {
        assert!(m1.get(field).is_some(), "members[].{field}");
    }
    assert_eq!(
        m1["months"][0],
        json!({ "month": "2026-01", "base_fen": 310_050, "rate_permille": 10, "due_fen": 3101, "paid_fen": 3101,
                "paid_on": "2026-01-10", "fixed": false, "future": false, "pending": false, "before_start": false,
                "unpaid": false, "late": false,
                "explanation": "基数 3,100.50 元 × 1%（在职，3,000 元以上至 5,000 元）= 31.005 元，四舍五入为 31.01 元" })
    );
    assert_eq!(m1["due_total_fen"], 12 * 3101);
    assert_eq!(m1["paid_total_fen"], 11 * 3101);
    assert_eq!(m1["unpaid_streak_months"], 0);
}

#[test]
fn half_up_3100_50_at_one_percent_is_31_01() {
    let r = report_on(&ledger(), 2026, today());
    let m = find(&r, "m-1");
    assert!(m.months.iter().all(|x| x.due_fen == Some(3101) && x.rate_permille == Some(10)));
    assert_eq!(m.outstanding_fen, 0);
    assert_eq!(m.due_to_date_fen, 10 * 3101, "on 22 November, November is 待缴 until the month ends");
    assert!(m.months[10].pending && !m.months[10].future && !m.months[10].unpaid);
    assert!(m.months[11].future && !m.months[11].unpaid);
}

#[test]
fn every_bracket_boundary_through_the_ledger() {
    // (category, base 分, rate ‰, due 分): both sides of every boundary of both bracket tables.
    let table = [
        ("employed", 300_000, 5, 1500),
        ("employed", 300_001, 10, 3000),
        ("employed", 500_000, 10, 5000),
        ("employed", 500_001, 15, 7500),
        ("employed", 1_000_000, 15, 15000),
        ("employed", 1_000_001, 20, 20000),
        ("retired", 500_000, 5, 2500),
        ("retired", 500_001, 10, 5000),
        ("other", 300_000, 5, 1500),
        ("other", 300_001, 10, 3000),
    ];
    let mut pkg = package();
    let members: Vec<Value> = table
        .iter()
        .enumerate()
        .map(|(i, (c, b, _, _))| {
            member(&format!("b-{i}"), "o-2", c, "2000-07-01", json!({ "dues_bases": [base("2026-01", *b)] }))
        })
        .collect();
    pkg["members"] = json!(members);
    pkg["dues_payments"] = json!([]);
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&pkg.to_string()).unwrap(), today()).unwrap();
    let r = report_on(&ledger, 2026, today());
    for (i, (category, base, rate, due)) in table.iter().enumerate() {
        let m = find(&r, &format!("b-{i}"));
        assert_eq!((m.months[0].rate_permille, m.months[0].due_fen), (Some(*rate), Some(*due)), "{category} {base}");
        assert_eq!(m.due_total_fen, 12 * due);
    }
}

#[test]
fn a_mid_year_base_change_applies_from_its_month() {
    let r = report_on(&ledger(), 2026, today());
    let m = find(&r, "m-2");
    assert_eq!(rows(m)[5], ("2026-06".into(), Some(450_000), Some(10), Some(4500), 4500));
    assert_eq!(rows(m)[6], ("2026-07".into(), Some(650_000), Some(15), Some(9750), 9750));
    assert_eq!(m.due_total_fen, 6 * 4500 + 6 * 9750);
    assert_eq!(m.outstanding_fen, 0);
}

#[test]
fn fixed_amounts_for_farmers_students_and_a_members_own_amount() {
    let r = report_on(&ledger(), 2026, today());
    for (key, fen, months) in [("m-4", 20, 12), ("m-5", 20, 12), ("m-6", 50, 12)] {
        let m = find(&r, key);
        assert_eq!(m.months.len(), months, "{key}");
        assert!(m.months.iter().all(|x| x.fixed && x.rate_permille.is_none() && x.due_fen == Some(fen)), "{key}");
        assert_eq!(m.due_total_fen, 12 * fen, "{key}");
    }
    assert_eq!(find(&r, "m-6").fixed_fen, Some(50));
    assert_eq!(find(&r, "m-6").months[0].base_fen, Some(900_000), "the base stays visible");
    assert_eq!(find(&r, "m-4").months[0].explanation, "农民党员按规定每月缴纳固定金额 0.20 元（不按基数计算）");
    // A province setting farmers to 1 元 from 2026 on.
    let ledger = ledger();
    let mut rules = DuesRules::national();
    rules.farmer_fixed_fen = 100;
    ledger.write(|tx| set_rules(tx, 2026, &rules)).unwrap();
    assert_eq!(find(&report_on(&ledger, 2026, today()), "m-4").months[0].due_fen, Some(100));
    assert_eq!(find(&report_on(&ledger, 2025, today()), "m-4").months[0].due_fen, Some(20));
}

#[test]
fn a_probationary_member_pays_from_the_month_the_branch_received_them() {
    let r = report_on(&ledger(), 2026, today());
    let m = find(&r, "m-7");
    let listed: Vec<&str> = m.months.iter().map(|x| x.month.as_str()).collect();
    assert_eq!(listed, refs(&months(2026, 5, 12)));
    assert_eq!(m.due_total_fen, 8 * 4000);
    assert_eq!(m.unpaid_streak_months, 0);
}

#[test]
fn a_member_who_left_stops_owing_after_the_month_of_leaving() {
    let r = report_on(&ledger(), 2026, today());
    let m = find(&r, "m-8");
    assert_eq!(m.months.last().unwrap().month, "2026-06");
    assert_eq!(m.due_total_fen, 6 * 1500);
    assert_eq!(m.paid_total_fen, 6 * 1500, "the July payment is not for an owed month");
    assert_eq!(m.unpaid_streak_months, 0);
    assert_eq!(m.problems, ["2026年7月有缴费记录 15.00 元，但该月不在应缴月份内（入党之前或离开之后）"]);
    assert!(r.members.iter().all(|m| m.member != "m-15"), "left before the year: not listed");
    assert!(find(&report_on(&ledger(), 2025, today()), "m-15").months.len() == 12);
}

#[test]
fn arrears_and_advance_payments_count_for_their_months() {
    // On 22 November the underpaid November is still 待缴: no arrears yet.
    let r = report_on(&ledger(), 2026, today());
    let m = find(&r, "m-12");
    assert_eq!((m.months[10].paid_fen, m.months[10].pending, m.months[10].unpaid), (1000, true, false));
    assert_eq!((m.outstanding_fen, m.unpaid_streak_months), (0, 0));
    // From 1 December November is judged (欠缴), December is 待缴.
    let r = report_on(&ledger(), 2026, d("2026-12-01"));
    let m = find(&r, "m-12");
    assert_eq!(m.months[0].paid_on, Some(d("2026-04-10")), "January paid in arrears");
    assert!(!m.months[0].unpaid);
    assert_eq!((m.months[10].paid_fen, m.months[10].unpaid), (1000, true), "November underpaid");
    assert_eq!((m.months[11].paid_fen, m.months[11].pending), (1500, true), "December paid in advance");
    assert_eq!(m.paid_total_fen, 10 * 1500 + 1000 + 1500);
    assert_eq!(m.paid_to_date_fen, 10 * 1500 + 1000);
    assert_eq!(m.outstanding_fen, 500, "an advance does not make up another month's arrears");
    assert_eq!(m.unpaid_streak_months, 1);
}

#[test]
fn streaks_zero_five_six_and_broken() {
    // The day November falls due: the streaks run through November.
    let r = report_on(&ledger(), 2026, d("2026-12-01"));
    let streak = |k| {
        let m = find(&r, k);
        (m.unpaid_streak_months, m.streak_at_threshold)
    };
    assert_eq!(streak("m-1"), (0, false));
    assert_eq!(streak("m-9"), (5, false));
    assert_eq!(streak("m-10"), (6, true));
    assert_eq!(streak("m-11"), (2, false), "the run ends at the last paid month");
    assert!(find(&r, "m-10").streak_note.as_deref().unwrap().contains("自行脱党界限"));
    assert!(!find(&r, "m-9").streak_note.as_deref().unwrap().contains("界限"));
    assert_eq!(find(&r, "m-1").streak_note, None);
    // Looking at the same year earlier: on 2026-07-01 m-9 had paid through June.
    let june = report_on(&ledger(), 2026, d("2026-07-01"));
    assert_eq!(find(&june, "m-9").unpaid_streak_months, 0);
    assert_eq!(find(&june, "m-10").unpaid_streak_months, 1);
    assert!(r.totals.members_at_threshold >= 2, "m-10, m-13, m-14");
}

#[test]
fn a_streak_runs_back_across_the_year_end() {
    let ledger = ledger();
    let feb = report_on(&ledger, 2026, d("2026-03-01"));
    let m = find(&feb, "m-13");
    assert_eq!((m.unpaid_streak_months, m.streak_at_threshold), (6, true), "2025-09 through 2026-02");
    assert_eq!(find(&report_on(&ledger, 2026, today()), "m-13").unpaid_streak_months, 14, "through October");
    // A past year's streak ends at its December.
    assert_eq!(find(&report_on(&ledger, 2025, today()), "m-13").unpaid_streak_months, 4);
    // m-14 joined in 2000 but has no dues record at all: no look-back before the reported year.
    assert_eq!(find(&feb, "m-14").unpaid_streak_months, 2);
}

#[test]
fn a_month_without_a_base_has_an_unknown_due() {
    let r = report_on(&ledger(), 2026, today());
    let m = find(&r, "m-14");
    assert!(m.months.iter().all(|x| x.due_fen.is_none() && x.base_fen.is_none() && x.rate_permille.is_none()));
    assert_eq!(m.due_total_fen, 0);
    assert_eq!(m.problems, ["2026年1月至2026年12月未设置党费基数，应缴金额无法计算"]);
    assert_eq!(m.months[0].explanation, "未设置党费基数，无法计算应缴金额：请填写该月适用的月收入基数");
    assert_eq!(m.unpaid_streak_months, 10, "nothing paid counts as unpaid (through October: November is 待缴)");
    let v = serde_json::to_value(&m.months[0]).unwrap();
    assert!(v["due_fen"].is_null() && v["base_fen"].is_null(), "the fields stay, as null");
}

#[test]
fn a_2027_rule_change_does_not_alter_2026() {
    let ledger = ledger();
    let before = serde_json::to_value(report_on(&ledger, 2026, today())).unwrap();
    let mut rules = DuesRules::national();
    rules.employed[1].rate_permille = 12;
    rules.rounding = Rounding::Down;
    ledger.write(|tx| set_rules(tx, 2027, &rules)).unwrap();
    assert_eq!(serde_json::to_value(report_on(&ledger, 2026, today())).unwrap(), before);
    assert_eq!(rules_for_year(ledger.conn(), 2026).unwrap(), DuesRules::national());
    assert_eq!(rules_for_year(ledger.conn(), 2027).unwrap(), rules);
    assert_eq!(rules_for_year(ledger.conn(), 2030).unwrap(), rules);
    let next = report_on(&ledger, 2027, d("2027-01-31"));
    assert_eq!(next.rules_from_year, Some(2027));
    let m1 = find(&next, "m-1");
    assert_eq!(
        (m1.months[0].rate_permille, m1.months[0].due_fen),
        (Some(12), Some(3720)),
        "310050 × 12‰ = 3720.6, down"
    );
    // Saving the same rules again changes nothing; a 2028 version leaves 2027 alone.
    ledger.write(|tx| set_rules(tx, 2027, &rules)).unwrap();
    ledger.write(|tx| set_rules(tx, 2028, &DuesRules::national())).unwrap();
    assert_eq!(rules_for_year(ledger.conn(), 2027).unwrap(), rules);
    assert_eq!(rules_for_year(ledger.conn(), 2028).unwrap(), DuesRules::national());
}

#[test]
fn invalid_rules_are_refused_and_nothing_changes() {
    let ledger = ledger();
    let count =
        |l: &Ledger| -> i64 { l.conn().query_row("SELECT count(*) FROM dues_rules", [], |r| r.get(0)).unwrap() };
    type Change = Box<dyn Fn(&mut DuesRules)>;
    let cases: Vec<(i32, Change, &str)> = vec![
        (2027, Box::new(|r| r.employed.swap(1, 2)), "employed[2].up_to_fen"),
        (2027, Box::new(|r| r.retired[0].rate_permille = 1001), "retired[0].rate_permille"),
        (2027, Box::new(|r| r.farmer_fixed_fen = 19), "farmer_fixed_fen"),
        (2027, Box::new(|r| r.farmer_fixed_fen = 101), "farmer_fixed_fen"),
        (2027, Box::new(|r| r.retired.truncate(1)), ""),
        (2027, Box::new(|r| r.employed[3].up_to_fen = Some(2_000_000)), "employed[3].up_to_fen"),
        (2007, Box::new(|_| {}), "from_year"),
    ];
    for (year, change, at) in cases {
        let mut rules = DuesRules::national();
        change(&mut rules);
        let err = ledger.write(|tx| set_rules(tx, year, &rules)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        if !at.is_empty() {
            assert_eq!(err.problems()[0].at, at, "{}", err);
        }
        assert!(err.to_string().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "Chinese: {err}");
        assert_eq!(count(&ledger), 0);
    }
    let mut one_bracket = DuesRules::national();
    one_bracket.retired.truncate(1);
    let err = ledger.write(|tx| set_rules(tx, 2027, &one_bracket)).unwrap_err();
    assert!(err.to_string().contains("离退休党费比例表第 1 档"), "{err}");
}

#[test]
fn an_organisation_shows_its_subtree_in_roster_order() {
    let ledger = ledger();
    let id = |key: &str| zhibu_core::store::orgs::id_by_key(ledger.conn(), key).unwrap();
    let village = year_report(&ledger, 2026, Some(id("o-3")), today()).unwrap();
    assert_eq!(village.members.iter().map(|m| m.member.as_str()).collect::<Vec<_>>(), ["m-4"]);
    assert_eq!(village.members[0].org, "o-3");
    let all = year_report(&ledger, 2026, Some(id("o-1")), today()).unwrap();
    assert_eq!(all, report_on(&ledger, 2026, today()));
    let filter = zhibu_core::store::members::MemberFilter {
        presence: zhibu_core::store::members::Presence::All,
        ..Default::default()
    };
    let roster: Vec<String> = zhibu_core::store::members::list(ledger.conn(), &filter)
        .unwrap()
        .into_iter()
        .map(|m| m.key)
        .filter(|k| k != "m-15")
        .collect();
    assert_eq!(all.members.iter().map(|m| m.member.clone()).collect::<Vec<_>>(), roster);
    assert_eq!(all.totals.members as usize, roster.len());
    assert_eq!(all.totals.due_total_fen, all.members.iter().map(|m| m.due_total_fen).sum::<i64>());
    let err = year_report(&ledger, 2026, Some(9999), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn the_small_demo_gives_a_sane_report() {
    let ledger = Ledger::in_memory().unwrap();
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today()).unwrap();
    let r = report_on(&ledger, 2026, today());
    assert!((20..=30).contains(&r.members.len()), "{} members", r.members.len());
    for m in &r.members {
        assert!(!m.months.is_empty() && m.months.len() <= 12, "{}", m.member);
        assert!(m.due_total_fen >= 0 && m.paid_total_fen >= 0);
        for x in &m.months {
            assert!(x.due_fen.is_some(), "{} {}: the demo sets a base or a fixed amount", m.member, x.month);
            // The demo pays exactly the due by the national brackets.
            assert!(x.paid_fen == 0 || Some(x.paid_fen) == x.due_fen, "{} {}", m.member, x.month);
        }
    }
    let paid_share = r.totals.paid_to_date_fen as f64 / r.totals.due_to_date_fen as f64;
    assert!(paid_share > 0.9, "most dues are paid: {paid_share}");
    assert!(r.members.iter().filter(|m| m.unpaid_streak_months == 0).count() * 2 > r.members.len());
}
