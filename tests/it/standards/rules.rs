//! The rule engine per rule kind, table-driven, against a hand-built ledger in real SQLite: period
//! edges (a sitting on a quarter's last day, a year not yet over → pending), one sitting counting
//! for several types, fixed days as warnings, exempt members, pro-rata quotas, profiles that
//! disagree (优秀 ≤ 1/3 vs ≤ 15%), deadlines, structure checks, manual marks.

use crate::support;

use crate::support::d;
use crate::support::ledger_fixture::Fixture;
use chrono::NaiveDate;
use zhibu_core::standards::{check, load_profile, set_mark, Finding, MarkInput, Profile, Status};

/// A one-rule profile from the rule's JSON.
fn profile(rule: &str) -> Profile {
    let json = format!(r#"{{"id":"t","title":"测试","source":"测试文件","rules":[{rule}]}}"#);
    Profile::from_json(&json).unwrap()
}

fn run(fx: &Fixture, org: i64, year: i32, p: &Profile, today: &str) -> Vec<Finding> {
    check(fx.ledger.conn(), Some(org), year, p, d(today), Vec::new()).unwrap().findings
}

fn at<'a>(findings: &'a [Finding], period: &str) -> &'a Finding {
    findings.iter().find(|f| f.period == period).unwrap_or_else(|| panic!("no finding for {period}: {findings:?}"))
}

fn branch_with_members(fx: &mut Fixture, n: usize) -> (i64, Vec<i64>) {
    let org = fx.org("branch", "government", None, Some(("2024-03-01", 3)));
    let members = (0..n).map(|_| fx.member(org, "2010-05-01")).collect();
    (org, members)
}

#[test]
fn frequency_counts_per_period_with_edges() {
    let mut fx = Fixture::new();
    let (org, ms) = branch_with_members(&mut fx, 3);
    let on_q1_last_day = fx.sitting(org, "2026-03-31", &["party_congress"], &ms);
    fx.sitting(org, "2026-07-01", &["party_congress"], &ms);
    let p = profile(
        r#"{"id":"c","title":"党员大会每季度1次","source":"条例第十一条","kind":"frequency","activity":"party_congress","period":"quarter","min":1}"#,
    );
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    assert_eq!(f.len(), 4);
    // (period, status, actual)
    let table = [
        ("2026-Q1", Status::Met, 1.0),
        ("2026-Q2", Status::Unmet, 0.0),
        ("2026-Q3", Status::Met, 1.0),
        ("2026-Q4", Status::Pending, 0.0),
    ];
    for (period, status, actual) in table {
        let x = at(&f, period);
        assert_eq!((x.status, x.actual), (status, actual), "{period}: {}", x.message);
        assert_eq!(x.kind, "frequency");
        assert_eq!(x.activity, Some(zhibu_core::model::ActivityType::PartyCongress));
    }
    assert_eq!(at(&f, "2026-Q1").evidence, vec![on_q1_last_day]);
    assert_eq!(at(&f, "2026-Q2").message, "2026年第二季度测试o-1支部未召开党员大会");
    // The day after the quarter ends, an empty quarter is unmet; on its last day still pending.
    let f = run(&fx, org, 2026, &p, "2026-06-30");
    assert_eq!(at(&f, "2026-Q2").status, Status::Pending);
    let f = run(&fx, org, 2026, &p, "2026-07-01");
    assert_eq!(at(&f, "2026-Q2").status, Status::Unmet);
    // A past year has nothing pending.
    let f = run(&fx, org, 2025, &p, "2026-11-22");
    assert!(f.iter().all(|x| x.status == Status::Unmet));
}

#[test]
fn one_sitting_counts_for_each_of_its_types() {
    let mut fx = Fixture::new();
    let (org, ms) = branch_with_members(&mut fx, 3);
    let key = fx.sitting(org, "2026-05-10", &["theme_day", "party_lecture", "study"], &ms);
    let p = load_profile(fx.ledger.conn(), "jingdezhen-2020").unwrap();
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    let find = |rule: &str, period: &str| f.iter().find(|x| x.rule == rule && x.period == period).unwrap();
    for (rule, period) in
        [("theme-day-monthly", "2026-05"), ("lecture-quarterly", "2026-Q2"), ("study-day-monthly", "2026-05")]
    {
        let x = find(rule, period);
        assert_eq!(x.status, Status::Met, "{rule}");
        assert_eq!(x.evidence, vec![key.clone()]);
    }
    assert_eq!(find("theme-day-monthly", "2026-06").status, Status::Unmet);
}

#[test]
fn a_fixed_day_is_a_warning_not_a_failure() {
    let mut fx = Fixture::new();
    let (org, ms) = branch_with_members(&mut fx, 3);
    fx.sitting(org, "2026-04-10", &["theme_day"], &ms);
    fx.sitting(org, "2026-05-12", &["theme_day"], &ms);
    let p = profile(
        r#"{"id":"t","title":"每月10日主题党日","source":"涪陵","kind":"frequency","activity":"theme_day","period":"month","min":1,"fixed_day":10}"#,
    );
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    let table = [("2026-04", Status::Met, false), ("2026-05", Status::Met, true), ("2026-06", Status::Unmet, false)];
    for (period, status, warned) in table {
        let x = at(&f, period);
        assert_eq!(x.status, status, "{period}");
        assert_eq!(x.warning.is_some(), warned, "{period}: {:?}", x.warning);
    }
    assert!(at(&f, "2026-05").warning.as_deref().unwrap().contains("12日"));
}

#[test]
fn group_meetings_count_per_group_and_lectures_by_the_secretary() {
    let mut fx = Fixture::new();
    let org = fx.org("branch", "government", None, Some(("2024-03-01", 3)));
    let (g1, g2) = (fx.group(org), fx.group(org));
    let a = fx.member_with(org, "2010-01-01", Some(d("2011-01-01")), "employed", false, Some(g1));
    let b = fx.member_with(org, "2010-01-01", Some(d("2011-01-01")), "employed", false, Some(g2));
    fx.position(org, a, "secretary", "2024-03-01");
    fx.sitting_full(org, "2026-02-03", &["group_meeting"], &[a], Some(g1), None, None);
    fx.sitting_full(org, "2026-03-03", &["party_lecture"], &[a, b], None, Some(b), None);
    let p = profile(
        r#"{"id":"g","title":"党小组会每月1次","source":"条例第十三条","kind":"frequency","activity":"group_meeting","period":"month","min":1,"per_group":true}"#,
    );
    let f: Vec<Finding> = run(&fx, org, 2026, &p, "2026-11-22").into_iter().filter(|x| x.period == "2026-02").collect();
    assert_eq!(f.len(), 2);
    assert_eq!(f.iter().map(|x| x.status).collect::<Vec<_>>(), vec![Status::Met, Status::Unmet]);
    assert!(f.iter().all(|x| x.subject.as_deref().is_some_and(|s| s.starts_with("g-"))));

    let p = profile(
        r#"{"id":"l","title":"书记讲党课","source":"条例第十六条","kind":"frequency","activity":"party_lecture","period":"year","min":1,"lecturer":"secretary"}"#,
    );
    assert_eq!(run(&fx, org, 2026, &p, "2027-01-05")[0].status, Status::Unmet, "the lecture was not the secretary's");
    fx.sitting_full(org, "2026-09-03", &["party_lecture"], &[a, b], None, Some(a), None);
    assert_eq!(run(&fx, org, 2026, &p, "2027-01-05")[0].status, Status::Met);
}

#[test]
fn quotas_per_member_with_exempt_and_pro_rata() {
    let mut fx = Fixture::new();
    let org = fx.org("branch", "government", None, Some(("2024-03-01", 3)));
    let full = |fx: &mut Fixture, joined: &str, exempt: bool| {
        fx.member_with(org, joined, Some(d("2000-01-01").max(d(joined))), "employed", exempt, None)
    };
    let enough = full(&mut fx, "2010-01-01", false);
    let short = full(&mut fx, "2010-01-01", false);
    let exempt = full(&mut fx, "2010-01-01", true);
    let joined_july = fx.member_with(org, "2026-07-01", None, "employed", false, None);
    fx.training(enough, "2026-04-01", 240);
    fx.sitting_full(org, "2026-06-30", &["study"], &[enough, short, joined_july], None, None, Some(80));
    fx.training(joined_july, "2026-09-01", 80);
    let p = profile(
        r#"{"id":"h","title":"32学时","source":"教育管理条例第二十条","kind":"quota","measure":"training_hours","period":"year","min":32}"#,
    );
    // (today, member, status, required, actual)
    let table = [
        ("2027-01-05", enough, Status::Met, 32.0, 32.0),
        ("2027-01-05", short, Status::Unmet, 32.0, 8.0),
        ("2026-11-22", short, Status::Pending, 32.0, 8.0),
        // joined in July: 6 of 12 months → 16 学时
        ("2027-01-05", joined_july, Status::Met, 16.0, 16.0),
    ];
    for (today, member, status, required, actual) in table {
        let f = run(&fx, org, 2026, &p, today);
        assert!(
            f.iter().all(|x| x.member.as_deref() != Some(fx.member_key(exempt).as_str())),
            "exempt member left out"
        );
        let key = fx.member_key(member);
        let x = f.iter().find(|x| x.member.as_deref() == Some(key.as_str())).unwrap();
        assert_eq!((x.status, x.required, x.actual), (status, required, actual), "{today} {key}: {}", x.message);
        assert_eq!(x.measure.as_deref(), Some("training_hours"));
        assert_eq!(x.kind, "quota");
    }
    // The exemption can be switched off per rule.
    let p = profile(
        r#"{"id":"v","title":"志愿服务","source":"五化","kind":"quota","measure":"volunteer_services","period":"year","min":2,"applies":{"honour_exempt":false}}"#,
    );
    let f = run(&fx, org, 2026, &p, "2027-01-05");
    assert!(f.iter().any(|x| x.member.as_deref() == Some(fx.member_key(exempt).as_str())));
}

#[test]
fn leadership_quota_covers_committee_members_only() {
    let mut fx = Fixture::new();
    let (org, ms) = branch_with_members(&mut fx, 4);
    fx.position(org, ms[0], "secretary", "2024-03-01");
    let p = load_profile(fx.ledger.conn(), "national").unwrap();
    let f = run(&fx, org, 2026, &p, "2027-01-05");
    let leaders: Vec<&Finding> = f.iter().filter(|x| x.rule == "leader-training-hours").collect();
    assert_eq!(leaders.len(), 1);
    assert_eq!(leaders[0].member.as_deref(), Some(fx.member_key(ms[0]).as_str()));
    assert_eq!(leaders[0].required, 56.0);
}

#[test]
fn profiles_disagree_on_the_share_of_excellent() {
    let mut fx = Fixture::new();
    let (org, ms) = branch_with_members(&mut fx, 10);
    for (i, m) in ms.iter().enumerate() {
        fx.grade(*m, 2026, if i < 3 { "excellent" } else { "qualified" });
    }
    // (profile, allowed, status): 10 graded → ⌊10/3⌋ = 3 under 1/3, ⌊10×15%⌋ = 1 under 15%.
    let table =
        [("national", 3.0, Status::Met), ("jingdezhen-2020", 3.0, Status::Met), ("fuling-2017", 1.0, Status::Unmet)];
    for (id, allowed, status) in table {
        let p = load_profile(fx.ledger.conn(), id).unwrap();
        let f = run(&fx, org, 2026, &p, "2027-01-05");
        let x = f.iter().find(|x| x.rule == "excellent-cap").unwrap();
        assert_eq!((x.required, x.actual, x.status), (allowed, 3.0, status), "{id}: {}", x.message);
        assert_eq!(x.measure.as_deref(), Some("excellent_share"));
        assert_eq!(x.evidence.len(), 3);
    }
    // No grades yet: pending within the year, unmet after it.
    let p = load_profile(fx.ledger.conn(), "national").unwrap();
    let f = run(&fx, org, 2025, &p, "2025-11-22");
    assert_eq!(f.iter().find(|x| x.rule == "excellent-cap").unwrap().status, Status::Pending);
    let f = run(&fx, org, 2025, &p, "2026-01-02");
    assert_eq!(f.iter().find(|x| x.rule == "excellent-cap").unwrap().status, Status::Unmet);
}

#[test]
fn document_deadlines_and_dated_marks() {
    let rule = r#"{"id":"plan","title":"3月底前制定年度计划","source":"景德镇第17项","kind":"deadline","event":"document","document":"work_plan","due":"03-31"}"#;
    // (document recorded on, today, status)
    let table = [
        (Some("2026-03-31"), "2026-11-22", Status::Met),
        (Some("2026-04-02"), "2026-11-22", Status::Unmet),
        (None, "2026-03-31", Status::Pending),
        (None, "2026-04-01", Status::Unmet),
    ];
    for (recorded, today, status) in table {
        let mut fx = Fixture::new();
        let (org, _) = branch_with_members(&mut fx, 3);
        if let Some(on) = recorded {
            fx.document(org, 2026, "work_plan", on);
        }
        let f = run(&fx, org, 2026, &profile(rule), today);
        assert_eq!(f[0].status, status, "{recorded:?} {today}: {}", f[0].message);
        assert_eq!(f[0].due, Some(d("2026-03-31")));
    }
    // A person may instead tick the item with the day it was done.
    let mut fx = Fixture::new();
    let (org, _) = branch_with_members(&mut fx, 3);
    let p = load_profile(fx.ledger.conn(), "jingdezhen-2020").unwrap();
    let mark = MarkInput {
        org_id: org,
        year: 2026,
        profile: "jingdezhen-2020".into(),
        rule: "work-plan".into(),
        ticked: true,
        done_on: Some(d("2026-03-20")),
        note: Some("支委会通过".into()),
        evidence: vec!["2026年党建工作计划.pdf".into()],
        score: None,
    };
    set_mark(&fx.ledger, &mark, d("2026-11-22")).unwrap();
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    let x = f.iter().find(|x| x.rule == "work-plan").unwrap();
    assert_eq!(x.status, Status::Met, "{}", x.message);
    assert_eq!(x.evidence, vec!["2026年党建工作计划.pdf".to_string()]);
}

#[test]
fn dues_publication_per_period() {
    let mut fx = Fixture::new();
    let (org, _) = branch_with_members(&mut fx, 3);
    fx.publication(org, "2026-Q1", "2026-04-05");
    fx.publication(org, "2026", "2026-07-05");
    let p = profile(
        r#"{"id":"p","title":"每季度公示","source":"涪陵","kind":"deadline","event":"dues_publication","period":"quarter"}"#,
    );
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    let statuses: Vec<Status> = f.iter().map(|x| x.status).collect();
    // A yearly publication does not count for a quarter.
    assert_eq!(statuses, vec![Status::Met, Status::Unmet, Status::Unmet, Status::Pending]);
    let p = profile(
        r#"{"id":"p","title":"每年公示","source":"全国","kind":"deadline","event":"dues_publication","period":"year"}"#,
    );
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    assert_eq!((f[0].status, f[0].actual), (Status::Met, 2.0));
}

#[test]
fn term_renewal_reminds_six_months_ahead() {
    let rule = r#"{"id":"r","title":"换届","source":"条例第二十一条","kind":"deadline","event":"term_renewal","notice_months":6}"#;
    // (elected on, years, today, status): ends 2026-12-01 for the first three.
    let table = [
        ("2023-12-01", 3, "2026-05-31", Status::Met),
        ("2023-12-01", 3, "2026-06-01", Status::Pending),
        ("2023-12-01", 3, "2026-12-01", Status::Unmet),
        ("2021-12-01", 5, "2026-05-01", Status::Met),
    ];
    for (elected, years, today, status) in table {
        let mut fx = Fixture::new();
        let org = fx.org("branch", "village", None, Some((elected, years)));
        let f = run(&fx, org, 2026, &profile(rule), today);
        assert_eq!(f[0].status, status, "{elected} {today}: {}", f[0].message);
    }
    let mut fx = Fixture::new();
    let org = fx.org("branch", "village", None, None);
    assert_eq!(run(&fx, org, 2026, &profile(rule), "2026-05-01")[0].status, Status::Unmet);
}

#[test]
fn structure_checks() {
    let mut fx = Fixture::new();
    let (org, ms) = branch_with_members(&mut fx, 8);
    fx.position(org, ms[0], "secretary", "2024-03-01");
    fx.position(org, ms[1], "organization", "2024-03-01");
    fx.position(org, ms[2], "propaganda", "2024-03-01");
    let g = fx.group(org);
    fx.member_with(org, "2020-01-01", None, "employed", false, Some(g));
    fx.member_with(org, "2020-01-01", None, "employed", false, Some(g));
    // A secretary who became a full member 5 months before taking office.
    let young = fx.member_with(org, "2024-10-01", Some(d("2025-10-01")), "employed", false, None);
    let other = fx.org("branch", "government", None, Some(("2024-03-01", 3)));
    fx.position(other, young, "secretary", "2026-03-01");
    let national = load_profile(fx.ledger.conn(), "national").unwrap();
    let f = run(&fx, org, 2026, &national, "2026-11-22");
    let get = |rule: &str| f.iter().find(|x| x.rule == rule).unwrap_or_else(|| panic!("{rule}"));
    // (rule, status, required, actual)
    let table = [
        ("org-form", Status::Met, 3.0, 9.0),
        ("committee-required", Status::Met, 3.0, 3.0),
        ("committee-size", Status::Met, 3.0, 3.0),
        ("secretary-party-age", Status::Met, 1.0, 12.0),
        ("discipline-member", Status::Unmet, 1.0, 0.0),
        ("term-length", Status::Met, 3.0, 3.0),
    ];
    for (rule, status, required, actual) in table {
        let x = get(rule);
        assert_eq!((x.status, x.required, x.actual), (status, required, actual), "{rule}: {}", x.message);
        assert_eq!(x.kind, "structure");
    }
    let jdz = load_profile(fx.ledger.conn(), "jingdezhen-2020").unwrap();
    let f = run(&fx, org, 2026, &jdz, "2026-11-22");
    let x = f.iter().find(|x| x.rule == "group-size").unwrap();
    assert_eq!((x.status, x.actual), (Status::Unmet, 2.0), "{}", x.message);
    assert!(x.message.contains("没有正式党员"), "{}", x.message);
    let f = run(&fx, other, 2026, &national, "2026-11-22");
    let x = f.iter().find(|x| x.rule == "secretary-party-age").unwrap();
    assert_eq!(x.status, Status::Unmet, "{}", x.message);
}

#[test]
fn manual_items_need_a_person_and_refuse_bad_marks() {
    let mut fx = Fixture::new();
    let (org, _) = branch_with_members(&mut fx, 3);
    let p = load_profile(fx.ledger.conn(), "jingdezhen-2020").unwrap();
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    let x = f.iter().find(|x| x.rule == "item-18").unwrap();
    assert_eq!((x.status, x.kind.as_str()), (Status::Manual, "manual"));

    let today: NaiveDate = d("2026-11-22");
    let base = MarkInput {
        org_id: org,
        year: 2026,
        profile: "jingdezhen-2020".into(),
        rule: "item-18".into(),
        ticked: true,
        done_on: None,
        note: Some("十有齐全，已拍照".into()),
        evidence: vec!["活动室照片.jpg".into()],
        score: None,
    };
    let before = support::dump(&fx.ledger);
    let refused = [
        MarkInput { rule: "theme-day-monthly".into(), ..base.clone() },
        MarkInput { rule: "no-such-rule".into(), ..base.clone() },
        MarkInput { evidence: vec!["attachment-99".into()], ..base.clone() },
        MarkInput { done_on: Some(d("2026-12-01")), ..base.clone() },
    ];
    for input in &refused {
        let e = set_mark(&fx.ledger, input, today).unwrap_err();
        assert_eq!(e.code(), zhibu_core::ErrorCode::InvalidInput, "{e}");
        assert_eq!(support::dump(&fx.ledger), before, "a refused mark changes nothing");
    }
    set_mark(&fx.ledger, &base, today).unwrap();
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    let x = f.iter().find(|x| x.rule == "item-18").unwrap();
    assert_eq!(x.status, Status::Met);
    assert!(x.message.contains("十有齐全"));
    assert_eq!(x.evidence, vec!["活动室照片.jpg".to_string()]);
    // Un-ticking returns it to the person.
    set_mark(&fx.ledger, &MarkInput { ticked: false, ..base }, today).unwrap();
    let f = run(&fx, org, 2026, &p, "2026-11-22");
    assert_eq!(f.iter().find(|x| x.rule == "item-18").unwrap().status, Status::Manual);
}

#[test]
fn chengdu_applies_the_standard_of_the_sector() {
    let mut fx = Fixture::new();
    let village = fx.org("branch", "village", None, Some(("2024-03-01", 5)));
    let school = fx.org("branch", "school", None, Some(("2024-03-01", 3)));
    let p = load_profile(fx.ledger.conn(), "chengdu-2020").unwrap();
    let rules = |org: i64| {
        let mut r: Vec<String> = run(&fx, org, 2026, &p, "2026-11-22").into_iter().map(|f| f.rule).collect();
        r.dedup();
        r
    };
    let v = rules(village);
    assert!(v.contains(&"village-income".to_string()) && v.contains(&"lecture-4-yearly".to_string()));
    assert!(!v.contains(&"lecture-2-yearly".to_string()));
    let s = rules(school);
    assert!(s.contains(&"lecture-2-yearly".to_string()) && !s.contains(&"village-income".to_string()));
}

#[test]
fn a_subtree_is_evaluated_branch_by_branch_and_extra_findings_are_kept() {
    let mut fx = Fixture::new();
    let top = fx.org("committee", "government", None, Some(("2024-03-01", 5)));
    let a = fx.org("branch", "government", Some(top), Some(("2024-03-01", 3)));
    let b = fx.org("branch", "school", Some(top), Some(("2024-03-01", 3)));
    let p = profile(
        r#"{"id":"c","title":"党员大会","source":"条例","kind":"frequency","activity":"party_congress","period":"year","min":1,"applies":{"org_kinds":["branch"]}}"#,
    );
    let extra = Finding {
        rule: "age_18".into(),
        kind: "development".into(),
        org: fx.org_key(a),
        activity: None,
        member: None,
        measure: None,
        subject: Some("d-1".into()),
        check: Some("age_18".into()),
        period: "2026".into(),
        required: 18.0,
        actual: 17.0,
        status: Status::Unmet,
        message: "递交申请时未满18周岁".into(),
        source: "发展党员工作细则第五条".into(),
        evidence: vec![],
        title: String::new(),
        warning: None,
        due: None,
    };
    let r = check(fx.ledger.conn(), Some(top), 2026, &p, d("2026-11-22"), vec![extra.clone()]).unwrap();
    let orgs: Vec<&str> = r.findings.iter().map(|f| f.org.as_str()).collect();
    assert_eq!(orgs, vec![fx.org_key(a).as_str(), fx.org_key(b).as_str(), fx.org_key(a).as_str()]);
    assert_eq!(r.findings.last(), Some(&extra));
}
