//! 记账起始 (issue 12 item 3): a new ledger judges nothing before the month its records start — no
//! dues arrears or 自行脱党 streak, no rule period that ended before it, no 发展党员 step missing
//! before it — and periods straddling it owe their minimum for the months from it. Set at `init`, in
//! `zhibu settings` and through `app::settings`; carried by the data package.

use chrono::NaiveDate;
use serde_json::json;
use zhibu_core::app::findings::DevelopmentFindings;
use zhibu_core::app::settings::{ledger_settings, set_start_month};
use zhibu_core::app::{self as actions, NewLedger};
use zhibu_core::model::{Gender, OrgKind, Sector};
use zhibu_core::standards::{check_ledger, CheckReport, Status};
use zhibu_core::Ledger;

use crate::support::cli::run;
use crate::support::members::member_fields;
use crate::support::package::{ledger_from, member, package};
use crate::support::{assert_refused, d};

const ON: &str = "2026-12-02";

fn on() -> NaiveDate {
    d(ON)
}

/// A new ledger created on 2 December (start month `start`), 20 members entered right after: the
/// 书记 since 2000, a 预备党员 received in March, the others long-standing. Nothing else recorded.
fn fresh(start: Option<&str>) -> (Ledger, i64) {
    let ledger = Ledger::in_memory().unwrap();
    let new = NewLedger {
        name: "中共某某单位第一支部委员会".into(),
        kind: OrgKind::Branch,
        sector: Sector::Government,
        start_month: start.map(String::from),
        profile: None,
    };
    let org = actions::init_ledger_on(&ledger, &new, on()).unwrap();
    actions::add_member(
        &ledger,
        member_fields(org, "书记甲", Gender::Male, "1970-01-01", "2000-07-01", Some("2001-07-01")),
        on(),
    )
    .unwrap();
    actions::add_member(&ledger, member_fields(org, "预备乙", Gender::Female, "1998-01-01", "2026-03-15", None), on())
        .unwrap();
    for i in 0..18 {
        let f = member_fields(org, &format!("党员{i}"), Gender::Male, "1980-01-01", "2010-07-01", Some("2011-07-01"));
        actions::add_member(&ledger, f, on()).unwrap();
    }
    (ledger, org)
}

fn check(ledger: &Ledger) -> CheckReport {
    check_ledger(ledger, None, 2026, Some("national"), on(), &DevelopmentFindings).unwrap()
}

fn unmet(r: &CheckReport) -> Vec<&zhibu_core::standards::Finding> {
    r.findings.iter().filter(|f| f.status == Status::Unmet).collect()
}

#[test]
fn without_a_start_a_new_ledger_is_full_of_false_alarms() {
    // What the issue saw: every member at the 自行脱党 line, overdue items all year.
    let (ledger, org) = fresh(None);
    let dues = zhibu_core::dues::year_report(&ledger, 2026, None, on()).unwrap();
    assert_eq!(dues.totals.members_at_threshold, 20);
    assert!(unmet(&check(&ledger)).iter().any(|f| f.due.is_some_and(|d| d < d_start())));
    let dash = actions::standards::dashboard(&ledger, org, on()).unwrap();
    assert!(dash.overdue.iter().any(|f| f.due.is_some_and(|d| d < d_start())));
}

fn d_start() -> NaiveDate {
    d("2026-11-01")
}

#[test]
fn with_start_2026_11_nothing_before_it_is_judged() {
    let (ledger, org) = fresh(Some("2026-11"));
    assert_eq!(ledger_settings(&ledger, on()).unwrap().start_month.as_deref(), Some("2026-11"));

    let dues = zhibu_core::dues::year_report(&ledger, 2026, None, on()).unwrap();
    assert_eq!(dues.start_month.as_deref(), Some("2026-11"));
    assert_eq!(dues.totals.members_at_threshold, 0, "no 自行脱党 alarm");
    for m in &dues.members {
        assert!(m.unpaid_streak_months <= 1, "{}: only November can be owed", m.name);
        for x in m.months.iter().filter(|x| x.month.as_str() < "2026-11") {
            assert!(x.before_start && !x.unpaid, "{} {}", m.name, x.month);
        }
        assert!(m.months.last().unwrap().pending, "December is 待缴 on 2 December");
        assert!(m.problems.iter().all(|p| !p.contains("2026-01")), "{:?}", m.problems);
    }
    let v = serde_json::to_value(&dues).unwrap();
    assert_eq!(v["start_month"], "2026-11");

    let report = check(&ledger);
    assert_eq!(report.start_month.as_deref(), Some("2026-11"));
    let before: Vec<_> = unmet(&report).into_iter().filter(|f| f.due.is_some_and(|d| d < d_start())).collect();
    assert!(before.is_empty(), "unmet before the start: {:#?}", before.iter().map(|f| &f.message).collect::<Vec<_>>());
    assert!(report.findings.iter().all(|f| f.due.is_none_or(|d| d >= d_start())), "no period ended before it");
    assert!(
        report
            .findings
            .iter()
            .filter(|f| f.measure.as_deref() == Some("dues_unpaid_streak"))
            .all(|f| f.status == Status::Met),
        "no 自行脱党 finding"
    );
    // Q4 straddles the start: judged for November and December, said so.
    let q4 = report.findings.iter().find(|f| f.period == "2026-Q4" && f.kind == "frequency").unwrap();
    assert!(q4.message.contains("2026年11月起记账，按2个月折算"), "{}", q4.message);

    let dash = actions::standards::dashboard(&ledger, org, on()).unwrap();
    assert!(dash.overdue.iter().all(|f| f.due.is_none_or(|d| d >= d_start())), "{:#?}", dash.overdue);
}

#[test]
fn study_hours_are_owed_from_the_start_in_the_screen_and_in_check() {
    let (ledger, _) = fresh(Some("2026-11"));
    let hours = actions::meetings::study_hours(&ledger, None, 2026, on()).unwrap();
    let long = hours.members.iter().find(|m| m.name == "党员0").unwrap();
    // 32 学时 over 2 of 12 months: 5.33, rounded up to 6.
    assert_eq!((long.months, long.required_tenths), (2, 60));
    assert_eq!(long.note.as_deref(), Some("2026年11月起记账，按2个月折算"));
    let report = check(&ledger);
    let f = report
        .findings
        .iter()
        .find(|f| f.measure.as_deref() == Some("training_hours") && f.message.starts_with("党员0"))
        .unwrap();
    assert_eq!(f.required, 6.0, "{}", f.message);
    // A year that ended before the start is not judged at all.
    let last_year = actions::meetings::study_hours(&ledger, None, 2025, on()).unwrap();
    assert!(last_year.members.iter().all(|m| !m.judged));
    let r2025 = check_ledger(&ledger, None, 2025, Some("national"), on(), &DevelopmentFindings).unwrap();
    assert!(unmet(&r2025).is_empty(), "{:#?}", unmet(&r2025));
    assert!(r2025.findings.iter().all(|f| f.kind == "manual"), "only what a person ticks is listed");
}

#[test]
fn a_later_start_removes_findings() {
    let (ledger, _) = fresh(Some("2026-11"));
    let november = unmet(&check(&ledger)).len();
    assert!(november > 0, "November's monthly items are owed from a November start");
    set_start_month(&ledger, Some("2026-12"), on()).unwrap();
    let report = check(&ledger);
    let december = unmet(&report).len();
    assert!(december < november, "{december} < {november}");
    assert!(report.findings.iter().all(|f| f.period != "2026-11"));
    let dues = zhibu_core::dues::year_report(&ledger, 2026, None, on()).unwrap();
    assert!(dues.members.iter().all(|m| m.unpaid_streak_months == 0 && m.outstanding_fen == 0));
    // Cleared: everything is judged again, as for a ledger that never set one.
    set_start_month(&ledger, None, on()).unwrap();
    assert_eq!(zhibu_core::dues::year_report(&ledger, 2026, None, on()).unwrap().totals.members_at_threshold, 20);
}

#[test]
fn a_bad_or_late_start_month_is_refused() {
    let (ledger, _) = fresh(None);
    assert_refused(&ledger, &[("start_month", "如 2026-11")], || set_start_month(&ledger, Some("2026-13"), on()));
    assert_refused(&ledger, &[("start_month", "晚于本月")], || set_start_month(&ledger, Some("2027-01"), on()));
    assert_eq!(ledger_settings(&ledger, on()).unwrap().start_month, None);
}

#[test]
fn a_development_step_missing_before_the_start_is_not_judged() {
    // Applied in March; no talk recorded (the ledger started in November, the talk was kept on paper).
    let ledger = ledger_from(&package(
        "zhibu-start-dev",
        json!({
            "organizations": [{ "key": "o-1", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "government" }],
            "members": [member("m-1", "党员甲", "2000-07-01", json!({}))],
            "development": [{ "key": "d-1", "org": "o-1", "name": "李四", "gender": "女",
                "id_number": "11010519491231002X", "birth_date": "1949-12-31",
                "steps": [{ "step": 1, "date": "2026-03-01" }] }]
        }),
    ));
    let talk = |ledger: &Ledger| {
        check(ledger).findings.into_iter().find(|f| f.check.as_deref() == Some("talk_within_1_month")).map(|f| f.status)
    };
    assert_eq!(talk(&ledger), Some(Status::Unmet));
    set_start_month(&ledger, Some("2026-11"), on()).unwrap();
    assert_eq!(talk(&ledger), None, "missing before the start: not judged");
    let reminders = zhibu_core::development::development_reminders(ledger.conn(), &[], on()).unwrap();
    assert!(reminders.iter().all(|r| r.due >= d_start()), "{reminders:#?}");
}

#[test]
fn the_package_carries_the_start_month() {
    let (ledger, _) = fresh(Some("2026-11"));
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00+08:00").unwrap();
    let pkg = zhibu_core::package::export_package(&ledger, None, now).unwrap();
    assert_eq!(pkg.start_month.as_deref(), Some("2026-11"));
    let text = zhibu_core::package::to_json(&pkg);
    assert!(text.contains(r#""start_month": "2026-11""#), "written as an added top-level field");
    // Moved into an empty ledger: it comes along.
    let moved = Ledger::in_memory().unwrap();
    zhibu_core::package::import_package(&moved, &zhibu_core::package::parse_package(&text).unwrap(), on()).unwrap();
    assert_eq!(ledger_settings(&moved, on()).unwrap().start_month.as_deref(), Some("2026-11"));
    // A ledger with its own start keeps it.
    let other = Ledger::in_memory().unwrap();
    set_start_month(&other, Some("2026-06"), on()).unwrap();
    zhibu_core::package::import_package(&other, &zhibu_core::package::parse_package(&text).unwrap(), on()).unwrap();
    assert_eq!(ledger_settings(&other, on()).unwrap().start_month.as_deref(), Some("2026-06"));
    // A bad value is refused at its path.
    let mut bad: serde_json::Value = serde_json::from_str(&text).unwrap();
    bad["start_month"] = json!("2026-13");
    let err = zhibu_core::package::parse_package(&bad.to_string())
        .and_then(|p| zhibu_core::package::import_package(&Ledger::in_memory().unwrap(), &p, on()))
        .unwrap_err();
    assert!(err.to_string().contains("start_month"), "{err}");
}

#[test]
fn cli_init_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let init = |month: &str| {
        run(
            &db,
            &[
                "init",
                "--name",
                "中共某某单位第一支部委员会",
                "--kind",
                "branch",
                "--sector",
                "government",
                "--start-month",
                month,
                "--today",
                ON,
            ],
        )
    };
    assert_eq!(init("2026-13"), 1, "a bad month is refused");
    assert!(!db.exists(), "nothing was created");
    assert_eq!(init("2027-01"), 1, "after this month");
    assert!(!db.exists());
    assert_eq!(init("2026-11"), 0);
    let start = || ledger_settings(&Ledger::open(&db).unwrap(), on()).unwrap().start_month;
    assert_eq!(start().as_deref(), Some("2026-11"));

    assert_eq!(run(&db, &["settings", "--today", ON]), 0);
    assert_eq!(run(&db, &["settings", "--json", "--today", ON]), 0);
    assert_eq!(run(&db, &["settings", "--start-month", "2026-12", "--today", ON]), 0);
    assert_eq!(start().as_deref(), Some("2026-12"));
    assert_eq!(run(&db, &["settings", "--start-month", "2026-13", "--today", ON]), 1);
    assert_eq!(run(&db, &["settings", "--start-month", "十一月", "--today", ON]), 1);
    assert_eq!(start().as_deref(), Some("2026-12"), "a refused value changes nothing");
    assert_eq!(run(&db, &["settings", "--start-month"]), 2, "a value is required");
    assert_eq!(run(&db, &["settings", "--start"]), 2, "unknown option");
    assert_eq!(run(&db, &["settings", "--start-month", "2026-11", "--clear-start-month"]), 2, "one or the other");
    assert_eq!(run(&db, &["settings", "--collection-day", "40", "--today", ON]), 1);
    assert_eq!(run(&db, &["settings", "--collection-day", "15", "--today", ON]), 0);
    assert_eq!(ledger_settings(&Ledger::open(&db).unwrap(), on()).unwrap().collection_day, Some(15));
    assert_eq!(run(&db, &["settings", "--collection-day", "月底", "--today", ON]), 0);
    assert_eq!(ledger_settings(&Ledger::open(&db).unwrap(), on()).unwrap().collection_day, None);
    assert_eq!(run(&db, &["settings", "--clear-start-month", "--today", ON]), 0);
    assert_eq!(start(), None);

    assert_eq!(run(&db, &["dues", "--year", "2026", "--today", ON, "--json"]), 0);
    assert_eq!(run(&db, &["check", "--year", "2026", "--today", ON, "--json"]), 0);
    let other = dir.path().join("none.db");
    assert_ne!(run(&other, &["settings"]), 0, "no ledger there");
}

/// The first run asks which standard the superior uses: it is the organisation's own from then on
/// (自查 and 评分 use it); an unknown one is refused and nothing is created.
#[test]
fn a_new_ledger_keeps_the_standard_chosen_at_the_first_run() {
    let ledger = zhibu_core::Ledger::in_memory().unwrap();
    let today = zhibu_core::app::system_today();
    let mut new = zhibu_core::app::NewLedger {
        name: "中共某某局机关第一支部委员会".to_string(),
        kind: zhibu_core::model::OrgKind::Branch,
        sector: zhibu_core::model::Sector::Government,
        start_month: None,
        profile: Some("no-such-standard".to_string()),
    };
    let err = zhibu_core::app::init_ledger_on(&ledger, &new, today).unwrap_err();
    assert!(err.to_string().contains("no-such-standard"), "{err}");
    assert!(ledger.is_empty().unwrap());
    new.profile = Some("fuling-2017".to_string());
    let id = zhibu_core::app::init_ledger_on(&ledger, &new, today).unwrap();
    let org = zhibu_core::store::orgs::get(ledger.conn(), id).unwrap();
    assert_eq!(org.fields.profile.as_deref(), Some("fuling-2017"));
    let sheet = zhibu_core::app::standards::score(&ledger, id, 2026, None, today).unwrap();
    assert_eq!(sheet.profile, "fuling-2017", "评分 uses the standard chosen, without asking again");
}
