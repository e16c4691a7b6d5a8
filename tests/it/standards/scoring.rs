//! The 涪陵 100-point score (pro rata and all-or-nothing items, manual items scored by a person, ▲
//! items capping the verdict), the 景德镇 checklist, and the dashboard.

use crate::support::d;
use crate::support::ledger_fixture::Fixture;
use zhibu_core::standards::marks::Mark;
use zhibu_core::standards::profile::RuleSpec;
use zhibu_core::standards::{
    checklist, dashboard, load_profile, score_report, score_sheet, set_mark, CheckReport, Finding, MarkInput, Status,
    UpcomingKind, Verdict,
};

fn finding(rule: &str, period: &str, status: Status) -> Finding {
    Finding {
        rule: rule.into(),
        kind: "frequency".into(),
        org: "o-1".into(),
        activity: None,
        member: None,
        measure: None,
        subject: None,
        check: None,
        period: period.into(),
        required: 1.0,
        actual: if status == Status::Met { 1.0 } else { 0.0 },
        status,
        message: String::new(),
        source: String::new(),
        evidence: vec![format!("a-{rule}-{period}")],
        title: String::new(),
        warning: None,
        due: None,
    }
}

fn tick(rule: &str, score: Option<f64>) -> Mark {
    Mark {
        org_id: 1,
        year: 2026,
        profile: "fuling-2017".into(),
        rule: rule.into(),
        ticked: true,
        done_on: None,
        note: None,
        evidence: vec![],
        score,
        updated_at: String::new(),
    }
}

/// Every auto rule met in one period, every manual rule ticked: 100 points.
fn full_marks() -> (CheckReport, Vec<Mark>) {
    let p = load_profile(&rusqlite::Connection::open_in_memory().unwrap(), "fuling-2017").unwrap();
    let mut findings = Vec::new();
    let mut marks = Vec::new();
    for r in &p.rules {
        match r.spec {
            RuleSpec::Manual { .. } => marks.push(tick(&r.id, None)),
            _ => findings.push(finding(&r.id, "2026", Status::Met)),
        }
    }
    (
        CheckReport { year: 2026, profile: "fuling-2017".into(), today: d("2027-01-05"), findings, start_month: None },
        marks,
    )
}

#[test]
fn the_verdict_follows_the_score_and_mandatory_items_cap_it() {
    let p = load_profile(&rusqlite::Connection::open_in_memory().unwrap(), "fuling-2017").unwrap();
    let (report, marks) = full_marks();
    let s = score_report(&p, &report, "o-1", &marks).unwrap();
    assert_eq!((s.score, s.verdict, s.open_items), (100.0, Verdict::Qualified, 0));
    assert_eq!(s.verdict_label, "合格");
    assert_eq!(s.sections.len(), 8);
    assert_eq!(s.sections.iter().map(|x| x.score).sum::<f64>(), 100.0);

    // One ▲ rule (党员大会) unmet in one of four quarters: 4 × 3/4 = 3 points, 99 in all — still capped.
    let mut r = report.clone();
    r.findings.retain(|f| f.rule != "congress-quarterly");
    for (q, st) in
        [("2026-Q1", Status::Met), ("2026-Q2", Status::Unmet), ("2026-Q3", Status::Met), ("2026-Q4", Status::Met)]
    {
        r.findings.push(finding("congress-quarterly", q, st));
    }
    let s = score_report(&p, &r, "o-1", &marks).unwrap();
    assert_eq!(s.score, 99.0);
    assert_eq!(s.verdict, Verdict::BasicallyQualified);
    assert!(s.verdict_label.contains("▲"), "{}", s.verdict_label);
    let item = s.items.iter().find(|i| i.points == 11.0).unwrap();
    assert_eq!((item.score, item.mandatory_unmet), (10.0, true));
    assert!(item.basis.contains("3/4"), "{}", item.basis);
    assert!(item.partial_rule.contains("达标比例"));

    // A non-▲ item unmet does not cap: 主题党日 (2 points, pro rata) met in 0 of 1 decided months.
    let mut r = report.clone();
    r.findings.retain(|f| f.rule != "theme-day-monthly");
    r.findings.push(finding("theme-day-monthly", "2026-05", Status::Unmet));
    let s = score_report(&p, &r, "o-1", &marks).unwrap();
    assert_eq!((s.score, s.verdict), (98.0, Verdict::Qualified));

    // Manual scores below full, and unticked ▲ manual items.
    // (marks, score, verdict)
    let cases: Vec<(Vec<Mark>, f64, Verdict)> = vec![
        (
            marks.iter().map(|m| Mark { score: Some(0.0), ticked: false, ..m.clone() }).collect(),
            100.0 - manual_points(&p),
            Verdict::Unqualified,
        ),
        (Vec::new(), 100.0 - manual_points(&p), Verdict::Unqualified),
    ];
    for (marks, score, verdict) in cases {
        let s = score_report(&p, &report, "o-1", &marks).unwrap();
        assert_eq!((s.score, s.verdict), (score, verdict));
    }
    // Pending periods are left out and make the verdict provisional.
    let mut r = report.clone();
    r.findings.push(finding("congress-quarterly", "2026-Q4", Status::Pending));
    r.findings.retain(|f| f.rule != "life-meeting-yearly");
    r.findings.push(finding("life-meeting-yearly", "2026", Status::Pending));
    let s = score_report(&p, &r, "o-1", &marks).unwrap();
    assert_eq!(s.score, 98.0, "life meeting pending scores nothing yet");
    assert!(s.verdict_label.contains("暂定"), "{}", s.verdict_label);
}

fn manual_points(p: &zhibu_core::standards::Profile) -> f64 {
    p.scoring
        .as_ref()
        .unwrap()
        .items
        .iter()
        .filter(|i| i.rules.iter().all(|r| r.starts_with("item-")))
        .map(|i| i.points)
        .sum()
}

#[test]
fn score_sheet_from_the_ledger_with_marks() {
    let mut fx = Fixture::new();
    let org = fx.org("branch", "soe", None, Some(("2025-03-01", 3)));
    let ms: Vec<i64> = (0..5).map(|_| fx.member(org, "2010-01-01")).collect();
    fx.sitting(org, "2026-02-10", &["party_congress", "theme_day"], &ms);
    fx.sitting(org, "2026-05-10", &["party_congress"], &ms);
    let p = load_profile(fx.ledger.conn(), "fuling-2017").unwrap();
    set_mark(
        &fx.ledger,
        &MarkInput {
            org_id: org,
            year: 2026,
            profile: "fuling-2017".into(),
            rule: "item-1".into(),
            ticked: true,
            done_on: None,
            note: Some("公司章程第十章".into()),
            evidence: vec!["公司章程.pdf".into()],
            score: Some(1.0),
        },
        d("2027-01-05"),
    )
    .unwrap();
    let over_max = MarkInput {
        org_id: org,
        year: 2026,
        profile: "fuling-2017".into(),
        rule: "item-1".into(),
        ticked: true,
        done_on: None,
        note: None,
        evidence: vec![],
        score: Some(3.0),
    };
    assert!(set_mark(&fx.ledger, &over_max, d("2027-01-05")).is_err(), "the item is worth 1 point");
    let s = score_sheet(fx.ledger.conn(), org, 2026, &p, d("2027-01-05"), Vec::new()).unwrap();
    let meetings = s.items.iter().find(|i| i.points == 11.0).unwrap();
    // 党员大会 2/4 quarters → 2 of 4 points; no committee (fewer than 3 in office) and no groups →
    // those rules do not apply → full 3 + 2; 党课 0/4 → 0.
    assert_eq!(meetings.score, 7.0, "{}", meetings.basis);
    assert!(meetings.evidence.len() == 2);
    let first = s.items.iter().find(|i| i.id == "s1").unwrap();
    assert_eq!((first.score, first.status), (1.0, Status::Met));
    assert_eq!(first.note.as_deref(), Some("公司章程第十章"));
    assert_eq!(s.verdict, Verdict::Unqualified);
    assert!(score_sheet(
        fx.ledger.conn(),
        org,
        2026,
        &load_profile(fx.ledger.conn(), "national").unwrap(),
        d("2027-01-05"),
        vec![]
    )
    .is_err());
}

#[test]
fn the_jingdezhen_checklist_rolls_findings_up_per_item() {
    let mut fx = Fixture::new();
    let org = fx.org("branch", "government", None, Some(("2025-03-01", 3)));
    let ms: Vec<i64> = (0..4).map(|_| fx.member(org, "2010-01-01")).collect();
    fx.sitting(org, "2026-03-10", &["party_congress"], &ms);
    let p = load_profile(fx.ledger.conn(), "jingdezhen-2020").unwrap();
    let report = zhibu_core::standards::check(fx.ledger.conn(), Some(org), 2026, &p, d("2027-01-05"), vec![]).unwrap();
    let rows = checklist(&p, &report, &fx.org_key(org));
    assert_eq!(rows.len(), 48);
    let row = |n: u32| rows.iter().find(|r| r.no == n).unwrap();
    assert_eq!(row(27).status, Status::Unmet);
    assert!(!row(27).problems.is_empty());
    assert_eq!(row(18).status, Status::Manual);
    assert_eq!(row(1).status, Status::Met);
}

#[test]
fn the_dashboard_lists_overdue_due_and_upcoming() {
    let mut fx = Fixture::new();
    let org = fx.org("branch", "government", None, Some(("2023-12-20", 3)));
    let ms: Vec<i64> = (0..3).map(|_| fx.member(org, "2010-12-01")).collect();
    fx.sitting(org, "2026-10-10", &["theme_day"], &ms);
    let p = load_profile(fx.ledger.conn(), "national").unwrap();
    let today = d("2026-11-22");
    let dash = dashboard(fx.ledger.conn(), Some(org), &p, today, Vec::new()).unwrap();
    assert!(dash.overdue.iter().all(|f| f.status == Status::Unmet && f.due.is_none_or(|x| x < today)));
    assert!(dash.overdue.iter().any(|f| f.rule == "theme-day-monthly" && f.period == "2026-09"));
    assert!(dash.overdue.windows(2).all(|w| w[0].due >= w[1].due), "most recent first");
    let due: Vec<(&str, &str)> = dash.due_this_month.iter().map(|f| (f.rule.as_str(), f.period.as_str())).collect();
    assert!(due.contains(&("theme-day-monthly", "2026-11")), "{due:?}");
    assert!(!due.iter().any(|(_, p)| *p == "2026-12"));
    let kinds: Vec<UpcomingKind> = dash.upcoming.iter().map(|u| u.kind).collect();
    assert_eq!(kinds.iter().filter(|k| **k == UpcomingKind::PoliticalBirthday).count(), 3, "joined 1 December");
    assert!(kinds.contains(&UpcomingKind::TermRenewal), "term ends 2026-12-20");
    let theme = dash.glance.iter().find(|r| r.rule == "theme-day-monthly").unwrap();
    assert_eq!(theme.cells.len(), 12);
    let oct = theme.cells.iter().find(|c| c.period == "2026-10").unwrap();
    assert_eq!((oct.met, oct.unmet, oct.pending), (1, 0, 0));
}

#[test]
fn the_app_entry_points_read_the_demo() {
    let ledger = zhibu_core::Ledger::in_memory().unwrap();
    let today = d("2026-11-22");
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today).unwrap();
    let provider = zhibu_core::standards::NoExtraFindings;
    let dash = zhibu_core::standards::dashboard_for(&ledger, None, None, today, &provider).unwrap();
    assert_eq!((dash.profile.as_str(), dash.year), ("national", 2026));
    assert!(!dash.glance.is_empty() && !dash.due_this_month.is_empty());
    assert!(dash.upcoming.iter().all(|u| u.date >= today));
    let rows =
        zhibu_core::standards::checklist_for(&ledger, 1, 2026, Some("jingdezhen-2020"), today, &provider).unwrap();
    assert_eq!(rows.len(), 48);
    assert!(zhibu_core::standards::checklist_for(&ledger, 1, 2026, Some("national"), today, &provider)
        .unwrap()
        .is_empty());
}

/// The 工作台 of the small demo in December: the per-member findings of one rule and period make one
/// line whose members are exactly those findings' members; other findings are a line each unless
/// `GROUP_FROM` or more share a rule and period; and no source carries a caveat or a documentation
/// reference.
#[test]
fn the_dashboard_groups_per_member_findings_into_one_line() {
    use std::collections::BTreeMap;
    let ledger = zhibu_core::Ledger::in_memory().unwrap();
    let today = d("2026-12-06");
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today).unwrap();
    let org = zhibu_core::store::orgs::first_top(ledger.conn()).unwrap().unwrap();
    let dash = zhibu_core::app::standards::dashboard(&ledger, org, today).unwrap();
    let key = zhibu_core::store::orgs::get(ledger.conn(), org).unwrap().key;
    let report = zhibu_core::standards::check_ledger(
        &ledger,
        Some(&key),
        2026,
        None,
        today,
        &zhibu_core::app::findings::DevelopmentFindings,
    )
    .unwrap();
    let month_end = d("2026-12-31");
    let overdue: Vec<&Finding> =
        report.findings.iter().filter(|f| f.status == Status::Unmet && f.due.is_none_or(|x| x < today)).collect();
    let due: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Pending && f.due.is_some_and(|x| x >= today && x <= month_end))
        .collect();
    for (lines, findings) in [(&dash.overdue, &overdue), (&dash.due_this_month, &due)] {
        // Member keys per rule + period, from the findings and from the lines.
        let mut expected: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for f in findings.iter() {
            if let Some(m) = &f.member {
                expected.entry((f.rule.clone(), f.period.clone())).or_default().push(m.clone());
            }
        }
        let mut shown: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for l in lines.iter().filter(|l| !l.items.is_empty() && l.measure.is_some()) {
            let k = (l.rule.clone(), l.period.clone());
            assert!(!shown.contains_key(&k), "one line per rule and period: {k:?}");
            shown.insert(k, l.items.iter().map(|m| m.key.clone()).collect());
        }
        for v in expected.values_mut().chain(shown.values_mut()) {
            v.sort();
        }
        assert_eq!(shown, expected);
        let counted: usize = lines.iter().map(|l| l.items.len().max(1)).sum();
        assert_eq!(counted, findings.len(), "the counts add up to the findings");
        // The other findings: a line each, or one line for GROUP_FROM or more of one rule and period.
        let mut others: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for f in findings.iter().filter(|f| f.member.is_none()) {
            *others.entry((f.rule.as_str(), f.period.as_str())).or_default() += 1;
        }
        let other_lines: usize =
            others.values().map(|&n| if n >= zhibu_core::standards::dashboard::GROUP_FROM { 1 } else { n }).sum();
        assert_eq!(lines.len(), other_lines + expected.len());
        for l in lines.iter() {
            assert!(!l.source.contains('§') && !l.source.contains(".md") && !l.source.contains("未核实"), "{l:?}");
            if l.items.len() > 1 && l.measure.is_some() {
                assert!(l.message.contains(&format!("{}名党员", l.items.len())), "{}", l.message);
                assert!(l.items.iter().all(|m| !m.detail.contains(&m.name)), "{l:?}");
            }
        }
    }
    // December: every member's yearly 谈心谈话 still missing is one line, not one per member.
    let talks = dash.due_this_month.iter().find(|l| l.rule == "heart-talks").expect("a 谈心谈话 line");
    assert!(talks.items.len() > 1);
    assert!(talks.message.contains("名党员2026年谈心谈话尚未达标"), "{}", talks.message);
    assert!(talks.items.iter().all(|m| m.detail.starts_with("已0次")), "{:?}", talks.items);
    assert!(dash.due_this_month.len() < due.len());
}

/// The 自查 screen shows each source as a person reads it; `check --json` keeps the full text.
#[test]
fn the_self_check_screen_shows_plain_sources() {
    let ledger = zhibu_core::Ledger::in_memory().unwrap();
    let today = d("2026-12-06");
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today).unwrap();
    let org = zhibu_core::store::orgs::first_top(ledger.conn()).unwrap().unwrap();
    let key = zhibu_core::store::orgs::get(ledger.conn(), org).unwrap().key;
    let provider = zhibu_core::app::findings::DevelopmentFindings;
    let full = zhibu_core::standards::check_ledger(&ledger, Some(&key), 2026, None, today, &provider).unwrap();
    let jargon = |s: &str| s.contains('§') || s.contains(".md") || s.contains("未核实") || s.contains("据报道");
    assert!(full.findings.iter().any(|f| jargon(&f.source)), "the demo's profile has notes in its sources");
    let screen = zhibu_core::app::standards::self_check(&ledger, org, 2026, None, today).unwrap();
    assert_eq!(screen.findings.len(), full.findings.len());
    let cut = zhibu_core::app::standards::self_check_screen(&ledger, org, 2026, None, today).unwrap();
    assert!(cut.rules.iter().all(|r| !jargon(&r.source)));
    for (s, f) in screen.findings.iter().zip(&full.findings) {
        assert!(!jargon(&s.source), "{}", s.source);
        assert_eq!(s.source, zhibu_core::model::citation::plain(&f.source));
    }
}

/// The 自查 screen gets the report cut to what it lists: every rule once with its counts, and the
/// first findings of each status (unmet first), never more than the screen shows; the counts add up
/// to the full report's, rule by rule.
#[test]
fn the_self_check_screen_gets_counts_and_the_first_findings_of_each_status() {
    use zhibu_core::app::standards::{self_check, self_check_screen, CheckScreen, SHOWN_PER_STATUS};
    use zhibu_core::standards::{Status, StatusCounts};
    let ledger = zhibu_core::Ledger::in_memory().unwrap();
    let today = d("2026-12-06");
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today).unwrap();
    let org = zhibu_core::store::orgs::first_top(ledger.conn()).unwrap().unwrap();
    let full = self_check(&ledger, org, 2026, None, today).unwrap();
    let screen = self_check_screen(&ledger, org, 2026, None, today).unwrap();
    assert_eq!(screen.counts, full.counts());
    assert!(screen.rules.iter().all(|r| r.findings.len() <= 4 * SHOWN_PER_STATUS));
    // The small demo has no rule with more than 40 findings of a status: the cut is checked at 3.
    const SHOWN: usize = 3;
    let screen = CheckScreen::of(full.clone(), SHOWN);
    assert_eq!(screen.counts, full.counts());
    let mut rules: Vec<&str> = Vec::new();
    for f in &full.findings {
        if !rules.contains(&f.rule.as_str()) {
            rules.push(&f.rule);
        }
    }
    let listed: Vec<&str> = screen.rules.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(listed, rules, "every rule once, in the report's order");
    let mut cut_somewhere = false;
    for r in &screen.rules {
        let of_rule: Vec<_> = full.findings.iter().filter(|f| f.rule == r.rule).collect();
        assert_eq!(r.counts, StatusCounts::of(of_rule.iter().copied()), "{}", r.rule);
        for status in [Status::Unmet, Status::Manual, Status::Pending, Status::Met] {
            let expected: Vec<_> = of_rule.iter().filter(|f| f.status == status).take(SHOWN).copied().collect();
            let got: Vec<_> = r.findings.iter().filter(|f| f.status == status).collect();
            assert_eq!(got, expected, "{} {:?}", r.rule, status);
            cut_somewhere |= of_rule.iter().filter(|f| f.status == status).count() > SHOWN;
        }
        let ranks: Vec<u8> = r
            .findings
            .iter()
            .map(|f| match f.status {
                Status::Unmet => 0,
                Status::Manual => 1,
                Status::Pending => 2,
                Status::Met => 3,
            })
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "unmet first: {}", r.rule);
    }
    assert!(cut_somewhere, "the small demo has a rule with more findings of one status than are shown");
}

/// 评分 of a branch whose own standard (全国基本要求) has no point table is not done with another
/// table silently: the person is told to choose one; chosen, it scores.
#[test]
fn a_branch_without_a_scoring_standard_is_asked_to_choose_one() {
    let ledger = zhibu_core::Ledger::in_memory().unwrap();
    let today = d("2026-11-22");
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today).unwrap();
    let org = crate::support::org(&ledger);
    let err = zhibu_core::app::standards::score(&ledger, org, 2026, None, today).unwrap_err();
    assert_eq!(err.code(), zhibu_core::ErrorCode::Conflict);
    assert!(err.to_string().contains("没有评分表") && err.to_string().contains("涪陵"), "{err}");
    let sheet = zhibu_core::app::standards::score(&ledger, org, 2026, Some("fuling-2017"), today).unwrap();
    assert_eq!(sheet.profile, "fuling-2017");
}

/// A 党委's 工作台 with five branches is readable: a rule missed by every branch is one line listing
/// the branches, a per-member rule is one line over the branches, a month's political birthdays are
/// one item and a deadline of every branch is one item; each entry names its branch.
#[test]
fn a_committee_dashboard_has_one_line_per_rule() {
    use zhibu_core::standards::dashboard::GROUP_FROM;
    let mut fx = Fixture::new();
    let committee = fx.org("committee", "government", None, None);
    for _ in 0..5 {
        let b = fx.org("branch", "government", Some(committee), Some(("2024-05-20", 3)));
        for _ in 0..3 {
            fx.member(b, "2010-12-01");
        }
    }
    let p = load_profile(fx.ledger.conn(), "national").unwrap();
    let today = d("2026-11-22");
    let dash = dashboard(fx.ledger.conn(), Some(committee), &p, today, Vec::new()).unwrap();
    let report = zhibu_core::standards::check(fx.ledger.conn(), Some(committee), 2026, &p, today, vec![]).unwrap();
    let overdue = report.findings.iter().filter(|f| f.status == Status::Unmet && f.due.is_none_or(|x| x < today));
    assert!(overdue.count() >= 5 * dash.overdue.len(), "{} lines", dash.overdue.len());
    let mut keys = std::collections::BTreeSet::new();
    for l in dash.overdue.iter().chain(&dash.due_this_month) {
        assert!(keys.insert((l.rule.clone(), l.period.clone(), l.measure.is_some())), "one line per rule: {l:?}");
        assert!(l.items.is_empty() || l.items.len() >= 2, "{l:?}");
        assert!(l.items.iter().all(|i| i.org.starts_with("测试") && !i.detail.starts_with("测试")), "{l:?}");
        if l.measure.is_none() && !l.items.is_empty() {
            assert!(l.items.len() >= GROUP_FROM);
            assert!(l.message.contains("5个支部"), "{}", l.message);
        }
    }
    let theme = dash.overdue.iter().find(|l| l.rule == "theme-day-monthly").expect("a 主题党日 line");
    assert_eq!(theme.items.len(), 5, "{theme:?}");
    let birthdays: Vec<_> = dash.upcoming.iter().filter(|u| u.kind == UpcomingKind::PoliticalBirthday).collect();
    assert_eq!(birthdays.len(), 1, "{birthdays:?}");
    assert_eq!(birthdays[0].items.len(), 15);
    assert_eq!(birthdays[0].title, "12月有15名党员的政治生日");
    assert!(birthdays[0].items.iter().all(|i| i.detail.starts_with("12月1日入党16周年")), "{:?}", birthdays[0].items);
    assert!(dash.upcoming.len() <= 3, "{:?}", dash.upcoming);
}

/// A 工作台 line of one organisation's findings does not repeat its name (the page names it); the
/// 自查 keeps it. (The fixture's branch has no short name: findings name it in full.)
#[test]
fn dashboard_lines_name_the_organisation_briefly() {
    let mut fx = Fixture::new();
    let branch = fx.org("branch", "government", None, Some(("2024-05-20", 3)));
    for _ in 0..3 {
        fx.member(branch, "2010-12-01");
    }
    let full: String =
        fx.ledger.conn().query_row("SELECT name FROM organizations WHERE id = ?1", [branch], |r| r.get(0)).unwrap();
    let p = load_profile(fx.ledger.conn(), "national").unwrap();
    let today = d("2026-11-22");
    let report = zhibu_core::standards::check(fx.ledger.conn(), Some(branch), 2026, &p, today, vec![]).unwrap();
    assert!(report.findings.iter().any(|f| f.message.contains(&full)), "the 自查 names the branch in full");
    let dash = dashboard(fx.ledger.conn(), Some(branch), &p, today, Vec::new()).unwrap();
    let lines: Vec<_> = dash.overdue.iter().chain(&dash.due_this_month).filter(|l| l.items.is_empty()).collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(!l.message.contains(&full), "{}", l.message);
        assert!(l.message.chars().count() > 6, "{}", l.message);
    }
    // The demo's branch has a short name (教育局机关一支部), which its findings use: left out too.
    let ledger = zhibu_core::Ledger::in_memory().unwrap();
    let today = d("2026-12-06");
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today).unwrap();
    let org = crate::support::org(&ledger);
    let short = zhibu_core::store::orgs::get(ledger.conn(), org).unwrap().fields.short().to_string();
    let dash = zhibu_core::app::standards::dashboard(&ledger, org, today).unwrap();
    let plain: Vec<_> = dash.due_this_month.iter().filter(|l| l.items.is_empty()).collect();
    assert!(!plain.is_empty());
    assert!(plain.iter().all(|l| !l.message.contains(&short)), "{plain:?}");
}
