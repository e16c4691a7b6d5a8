//! The year's 三会一课 plan (`src/plan`, `app::plan`): the proposal has exactly what the profile
//! requires, saving and loading, plan against actual on hand-made cases, the exports read back
//! (xlsx typed, .ics by its own rules, the 工作总结's figures equal to the engines').

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use zhibu_core::app::plan::{self as app, PlanItem, PlanKind, PlanSave, PlanStatus};
use zhibu_core::model::ActivityType;
use zhibu_core::plan::{classify, HeldSitting, PeriodUnit};
use zhibu_core::standards::finding::Status;
use zhibu_core::standards::period::spans;
use zhibu_core::standards::profile::RuleSpec;

use crate::support::ledger_fixture::Fixture;
use crate::support::{assert_refused, d, dump};

/// A branch under the national profile: 6 members, a committee of three, two 党小组, a term ending
/// on 1 May 2026.
fn national_branch() -> (Fixture, i64, Vec<i64>) {
    let mut f = Fixture::new();
    let org = f.org("branch", "government", None, Some(("2023-05-01", 3)));
    let g1 = f.group(org);
    let g2 = f.group(org);
    let mut members = Vec::new();
    for i in 0..6 {
        let group = if i % 2 == 0 { g1 } else { g2 };
        members.push(f.member_with(org, "2010-01-01", Some(d("2011-01-01")), "employed", false, Some(group)));
    }
    f.position(org, members[0], "secretary", "2023-05-01");
    f.position(org, members[1], "organization", "2023-05-01");
    f.position(org, members[2], "propaganda", "2023-05-01");
    (f, org, vec![g1, g2])
}

fn count(items: &[PlanItem], t: ActivityType) -> usize {
    items.iter().filter(|i| i.kind == PlanKind::Meeting && i.types == vec![t]).count()
}

#[test]
fn the_proposal_for_a_national_branch_has_exactly_the_required_counts() {
    let (f, org, groups) = national_branch();
    let plan = app::propose_plan(&f.ledger, org, 2026, d("2026-01-05")).unwrap();
    assert!(!plan.saved);
    let items = &plan.items;
    // What the national profile asks of a branch, counted from the profile itself.
    let profile = zhibu_core::standards::load_profile(f.ledger.conn(), "national").unwrap();
    let mut want: BTreeMap<ActivityType, usize> = BTreeMap::new();
    for rule in &profile.rules {
        let RuleSpec::Frequency { activity, period, min, per_group, .. } = &rule.spec else { continue };
        if !rule.applies.org_kinds.is_empty() && !rule.applies.org_kinds.contains(&zhibu_core::model::OrgKind::Branch) {
            continue;
        }
        let per = if *per_group { groups.len() } else { 1 };
        *want.entry(*activity).or_default() += spans(*period, 2026).len() * *min as usize * per;
    }
    for (t, n) in &want {
        assert_eq!(count(items, *t), *n, "{}", t.label());
    }
    // The same figures, stated: 4 党员大会, 12 支委会, 12 per 党小组, 12 主题党日, 1 组织生活会, 1 民主评议.
    assert_eq!(count(items, ActivityType::PartyCongress), 4);
    assert_eq!(count(items, ActivityType::CommitteeMeeting), 12);
    assert_eq!(count(items, ActivityType::GroupMeeting), 24);
    assert_eq!(count(items, ActivityType::ThemeDay), 12);
    assert_eq!(count(items, ActivityType::LifeMeeting), 1);
    assert_eq!(count(items, ActivityType::EvaluationMeeting), 1);
    assert_eq!(count(items, ActivityType::HeartTalk), 1, "one round of 谈心谈话 a year");
    assert_eq!(count(items, ActivityType::PartyLecture), 0, "书记讲党课 is the 党委's rule");
    // Each 党小组 twelve times, once a month.
    for g in &groups {
        let key = f
            .ledger
            .conn()
            .query_row("SELECT key FROM party_groups WHERE id = ?1", [g], |r| r.get::<_, String>(0))
            .unwrap();
        let months: Vec<u32> =
            items.iter().filter(|i| i.group.as_deref() == Some(key.as_str())).map(|i| i.planned_on.month()).collect();
        assert_eq!(months, (1..=12).collect::<Vec<_>>());
    }
    // One yearly 党费公示, and the 换届 of the term ending on 1 May 2026 (a Friday).
    assert_eq!(items.iter().filter(|i| i.kind == PlanKind::DuesPublication).count(), 1);
    let renewal: Vec<_> = items.iter().filter(|i| i.kind == PlanKind::TermRenewal).collect();
    assert_eq!(renewal.len(), 1);
    assert_eq!(renewal[0].planned_on, d("2026-05-01"));
    // Every date in its period; the default 主题党日 (no fixed day anywhere) never on a weekend.
    assert!(!plan.theme_day.fixed && plan.theme_day.day == 15, "{:?}", plan.theme_day);
    for i in items {
        assert_eq!(i.planned_on.year(), 2026);
        if i.types == vec![ActivityType::ThemeDay] {
            assert!(i.planned_on.weekday().number_from_monday() <= 5, "{}", i.planned_on);
        }
    }
    // Without a committee of three there is no 支委会 to plan (the check's own condition).
    let mut f2 = Fixture::new();
    let lone = f2.org("branch", "government", None, None);
    f2.member(lone, "2010-01-01");
    let plan2 = app::propose_plan(&f2.ledger, lone, 2026, d("2026-01-05")).unwrap();
    assert_eq!(count(&plan2.items, ActivityType::CommitteeMeeting), 0);
    assert_eq!(count(&plan2.items, ActivityType::PartyCongress), 4);
}

#[test]
fn a_profile_with_a_fixed_day_puts_every_theme_day_on_it() {
    let (f, org, _) = national_branch();
    f.ledger.conn().execute("UPDATE organizations SET profile = 'fuling-2017' WHERE id = ?1", [org]).unwrap();
    let plan = app::propose_plan(&f.ledger, org, 2026, d("2026-01-05")).unwrap();
    assert!(plan.theme_day.fixed);
    let days: Vec<u32> =
        plan.items.iter().filter(|i| i.types == vec![ActivityType::ThemeDay]).map(|i| i.planned_on.day()).collect();
    assert_eq!(days, vec![10; 12]);
    // 涪陵: 4 quarterly 党课 and the 书记's yearly one; 12 集中学习; 4 quarterly 党费公示 and the yearly
    // 经费使用情况.
    assert_eq!(count(&plan.items, ActivityType::PartyLecture), 5);
    assert_eq!(count(&plan.items, ActivityType::Study), 12);
    let published: Vec<&str> =
        plan.items.iter().filter(|i| i.kind == PlanKind::DuesPublication).map(|i| i.topic.as_str()).collect();
    assert_eq!(published.len(), 5, "{published:?}");
    assert_eq!(published.iter().filter(|t| t.ends_with("党费收缴使用情况")).count(), 4, "{published:?}");
    assert_eq!(published.iter().filter(|t| t.ends_with("经费使用情况") && !t.contains("党费")).count(), 1);
}

#[test]
fn a_saved_plan_reads_back_as_saved_and_a_bad_one_is_refused_whole() {
    let (f, org, _) = national_branch();
    let today = d("2026-01-05");
    let mut plan = app::propose_plan(&f.ledger, org, 2026, today).unwrap();
    // The secretary moves the March 主题党日, gives it a topic, and adds an item of her own.
    let i =
        plan.items.iter().position(|i| i.types == vec![ActivityType::ThemeDay] && i.planned_on.month() == 3).unwrap();
    plan.items[i].planned_on = d("2026-03-20");
    plan.items[i].topic = "学习雷锋精神，志愿服务进社区".to_string();
    plan.items.push(PlanItem {
        kind: PlanKind::Meeting,
        types: vec![ActivityType::Study],
        group: None,
        group_name: None,
        unit: PeriodUnit::Month,
        planned_on: d("2026-07-01"),
        topic: "七一集中学习".to_string(),
        note: "与机关党委联合".to_string(),
        rule: None,
        subject: None,
    });
    let n = plan.items.len();
    let saved = app::save_plan(&f.ledger, &PlanSave { org_id: org, year: 2026, items: plan.items.clone() }).unwrap();
    assert!(saved.saved);
    assert_eq!(saved.items.len(), n);
    let again = app::year_plan(&f.ledger, org, 2026).unwrap();
    assert_eq!(again.items, saved.items);
    let moved = again
        .items
        .iter()
        .find(|i| i.planned_on == d("2026-03-20") && i.types == vec![ActivityType::ThemeDay])
        .unwrap();
    assert_eq!(moved.topic, "学习雷锋精神，志愿服务进社区");
    assert!(again.items.windows(2).all(|w| w[0].planned_on <= w[1].planned_on), "date order");
    let mine = again.items.iter().find(|i| i.rule.is_none() && i.kind == PlanKind::Meeting).unwrap();
    assert_eq!((mine.note.as_str(), mine.types.clone()), ("与机关党委联合", vec![ActivityType::Study]));
    // Groups come back by key with their names.
    assert!(again.items.iter().any(|i| i.group_name.as_deref().is_some_and(|n| n.ends_with("党小组"))));

    // A date outside the year and an unknown 党小组: refused, naming the items, nothing changed.
    let mut bad = again.items.clone();
    bad[0].planned_on = d("2027-01-03");
    bad[1].group = Some("g-999".to_string());
    assert_refused(
        &f.ledger,
        &[("items[0].planned_on", "不在2026年内"), ("items[1].group", "不属于本组织")],
        || app::save_plan(&f.ledger, &PlanSave { org_id: org, year: 2026, items: bad.clone() }),
    );
    // --propose writes only into an empty plan.
    let before = dump(&f.ledger);
    let err = app::propose_into_empty(&f.ledger, org, 2026, today).unwrap_err();
    assert_eq!(err.code(), zhibu_core::ErrorCode::Conflict);
    assert_eq!(dump(&f.ledger), before);
    let next = app::propose_into_empty(&f.ledger, org, 2027, today).unwrap();
    assert!(next.saved && !next.items.is_empty());
}

fn item(types: &[ActivityType], unit: PeriodUnit, on: &str, group: Option<&str>) -> PlanItem {
    PlanItem {
        kind: PlanKind::Meeting,
        types: types.to_vec(),
        group: group.map(str::to_string),
        group_name: None,
        unit,
        planned_on: d(on),
        topic: String::new(),
        note: String::new(),
        rule: None,
        subject: None,
    }
}

fn held(key: &str, on: &str, types: &[ActivityType], group: Option<&str>) -> HeldSitting {
    HeldSitting {
        key: key.to_string(),
        date: d(on),
        topic: String::new(),
        group: group.map(str::to_string),
        types: types.to_vec(),
    }
}

#[test]
fn plan_against_actual_matches_by_type_group_and_period() {
    use ActivityType::*;
    let today = d("2026-04-10");
    let mut publication = item(&[], PeriodUnit::Quarter, "2026-03-25", None);
    publication.kind = PlanKind::DuesPublication;
    publication.rule = Some("dues-publication-quarterly".to_string());
    let mut by_hand = item(&[], PeriodUnit::Month, "2026-02-25", None);
    by_hand.kind = PlanKind::Document;
    let items = vec![
        item(&[ThemeDay], PeriodUnit::Month, "2026-03-15", None), // 0: held on 3 March
        item(&[PartyLecture], PeriodUnit::Quarter, "2026-02-15", None), // 1: the same sitting
        item(&[GroupMeeting], PeriodUnit::Month, "2026-03-20", Some("g-a")), // 2: only 党小组 B met
        item(&[PartyCongress], PeriodUnit::Quarter, "2026-03-15", None), // 3: held in January
        item(&[CommitteeMeeting], PeriodUnit::Month, "2026-02-05", None), // 4: held 1 March: missed
        item(&[ThemeDay], PeriodUnit::Month, "2026-04-15", None), // 5: April not over
        item(&[ThemeDay], PeriodUnit::Month, "2026-12-15", None), // 6: December
        publication,                                              // 7: the check says met
        by_hand,                                                  // 8: nothing to check
        item(&[ThemeDay], PeriodUnit::Month, "2026-03-28", None), // 9: a second in March
    ];
    let sittings = vec![
        held("a-congress", "2026-01-20", &[PartyCongress], None),
        held("a-committee", "2026-03-01", &[CommitteeMeeting], None),
        held("a-theme", "2026-03-03", &[PartyLecture, ThemeDay], None),
        held("a-group-b", "2026-03-21", &[GroupMeeting], Some("g-b")),
        held("a-talk", "2026-03-22", &[HeartTalk], None),
        held("a-theme-2", "2026-03-30", &[ThemeDay], None),
    ];
    let status =
        |rule: &str, period: &str| (rule == "dues-publication-quarterly" && period == "2026-Q1").then_some(Status::Met);
    let (lines, unplanned) = classify(&items, &sittings, &status, today);
    let got: Vec<(PlanStatus, Option<&str>)> =
        lines.iter().map(|l| (l.status, l.held.as_ref().map(|h| h.key.as_str()))).collect();
    use PlanStatus::*;
    assert_eq!(
        got,
        vec![
            (Held, Some("a-theme")),
            (Held, Some("a-theme")),
            (Missed, None),
            (Held, Some("a-congress")),
            (Missed, None),
            (Upcoming, None),
            (Upcoming, None),
            (Held, None),
            (Unchecked, None),
            (Held, Some("a-theme-2")),
        ]
    );
    // The other 党小组's meeting and the 支委会 held in the wrong month are unplanned; a 谈心谈话 is
    // recorded one by one and never listed.
    let keys: Vec<&str> = unplanned.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, vec!["a-committee", "a-group-b"]);
    let counts = zhibu_core::plan::counts(&lines, &unplanned);
    assert_eq!((counts.held, counts.missed, counts.upcoming, counts.unchecked, counts.unplanned), (5, 2, 2, 1, 2));
    assert_eq!(lines[0].period, "2026-03");
    // A sitting fulfils one item of a kind and type: a single March 主题党日 leaves the second missed.
    let (lines, _) =
        classify(&items[..1].iter().chain(&items[9..]).cloned().collect::<Vec<_>>(), &sittings[2..3], &status, today);
    assert_eq!(lines.iter().map(|l| l.status).collect::<Vec<_>>(), vec![Held, Missed]);
}

#[test]
fn the_dashboard_and_the_cli_show_plan_against_actual() {
    let (dir, db) = crate::support::cli::demo_ledger();
    let run = |args: &[&str]| crate::support::cli::run(&db, args);
    assert_eq!(run(&["plan", "--year", "2026", "--propose", "--today", crate::support::TODAY]), 0);
    // A second --propose is refused (exit 1), a wrong extension too.
    assert_eq!(run(&["plan", "--year", "2026", "--propose", "--today", crate::support::TODAY]), 1);
    let txt = dir.path().join("plan.txt");
    assert_eq!(run(&["plan-export", "--year", "2026", txt.to_str().unwrap()]), 1);
    assert!(!txt.exists());
    let ledger = zhibu_core::Ledger::open(&db).unwrap();
    let org = zhibu_core::app::org_id_for(&ledger, None).unwrap();
    let actual = app::plan_vs_actual(&ledger, org, 2026, crate::support::today()).unwrap();
    assert!(actual.saved && actual.counts.held > 0, "{}", actual.summary_text());
    let dash = zhibu_core::app::standards::dashboard(&ledger, org, crate::support::today()).unwrap();
    let glance = dash.plan.expect("the 工作台 has the plan line");
    assert_eq!(glance.summary, actual.summary_text());
    assert_eq!((glance.held, glance.missed), (actual.counts.held, actual.counts.missed));
}

#[test]
fn the_plan_exports_read_back() {
    use calamine::{Reader, Xlsx};
    let (f, org, _) = national_branch();
    let today = d("2026-01-05");
    let mut plan = app::propose_plan(&f.ledger, org, 2026, today).unwrap();
    plan.items[0].topic = "学习条例,讨论计划;表决\\通过".to_string();
    plan.items[0].note = "第一行\n第二行".to_string();
    app::save_plan(&f.ledger, &PlanSave { org_id: org, year: 2026, items: plan.items.clone() }).unwrap();
    let saved = app::year_plan(&f.ledger, org, 2026).unwrap();
    let dir = tempfile::tempdir().unwrap();

    // xlsx: one row per item, the planned date a date cell.
    let xlsx = dir.path().join("计划.xlsx");
    assert_eq!(app::export_plan(&f.ledger, org, 2026, today, &xlsx).unwrap().items as usize, saved.items.len());
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range(zhibu_core::workbooks::plan::PLAN_SHEET).unwrap();
    let dates: Vec<NaiveDate> = range.rows().filter_map(|r| crate::support::xlsx_read::as_date(&r[1])).collect();
    assert_eq!(dates, saved.items.iter().map(|i| i.planned_on).collect::<Vec<_>>());

    // ics: CRLF only, no line over 75 octets, escapes, one event per item with its day.
    let ics_path = dir.path().join("计划.ics");
    app::export_plan(&f.ledger, org, 2026, today, &ics_path).unwrap();
    let raw = std::fs::read_to_string(&ics_path).unwrap();
    assert!(raw.ends_with("\r\n"));
    assert!(!raw.replace("\r\n", "").contains('\n') && !raw.replace("\r\n", "").contains('\r'), "bare line breaks");
    for line in raw.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = raw.replace("\r\n ", "");
    let events: Vec<&str> = unfolded.split("BEGIN:VEVENT").skip(1).collect();
    assert_eq!(events.len(), saved.items.len());
    let starts: Vec<String> = unfolded
        .lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix("DTSTART;VALUE=DATE:").map(str::to_string))
        .collect();
    assert_eq!(starts, saved.items.iter().map(|i| i.planned_on.format("%Y%m%d").to_string()).collect::<Vec<_>>());
    assert!(unfolded.contains("学习条例\\,讨论计划\\;表决\\\\通过"), "escaped text");
    assert!(unfolded.contains("第一行\\n第二行"));
    let uids = |text: &str| -> Vec<String> {
        text.replace("\r\n ", "").lines().filter_map(|l| l.strip_prefix("UID:").map(|u| u.trim().to_string())).collect()
    };
    let first = uids(&raw);
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.len(), "one UID per item");
    // Moving a date and changing a topic keeps each item's UID.
    let mut moved = saved.items.clone();
    let k = moved.iter().position(|i| i.types == vec![ActivityType::ThemeDay] && i.planned_on.month() == 6).unwrap();
    moved[k].planned_on = d("2026-06-29");
    moved[k].topic = "七一前夕主题党日".to_string();
    app::save_plan(&f.ledger, &PlanSave { org_id: org, year: 2026, items: moved }).unwrap();
    app::export_plan(&f.ledger, org, 2026, today, &ics_path).unwrap();
    let mut a = first.clone();
    let mut b = uids(&std::fs::read_to_string(&ics_path).unwrap());
    a.sort();
    b.sort();
    assert_eq!(a, b);

    // docx: the title and every item's topic.
    let docx = dir.path().join("计划.docx");
    app::export_plan(&f.ledger, org, 2026, today, &docx).unwrap();
    let text = crate::support::docx_text::render(&docx);
    assert!(text.contains("2026年度“三会一课”计划"), "{text}");
    assert!(text.contains("七一前夕主题党日"));
}

#[test]
fn the_plan_exports_list_the_years_budget_with_a_sum() {
    use calamine::{Data, DataType, Reader, Xlsx};
    use zhibu_core::app::funds::{self as funds, NewBudgetLine, YearBudget};
    use zhibu_core::workbooks::plan::{BUDGET_SHEET, PLAN_SHEET};
    let (f, org, _) = national_branch();
    let today = d("2026-01-05");
    let plan = app::propose_plan(&f.ledger, org, 2026, today).unwrap();
    app::save_plan(&f.ledger, &PlanSave { org_id: org, year: 2026, items: plan.items }).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("计划.xlsx");
    let docx = dir.path().join("计划.docx");

    // No budget entered: the plan alone.
    app::export_plan(&f.ledger, org, 2026, today, &xlsx).unwrap();
    assert_eq!(crate::support::xlsx_read::sheet_names(&xlsx), [PLAN_SHEET]);
    app::export_plan(&f.ledger, org, 2026, today, &docx).unwrap();
    assert!(!crate::support::docx_text::render(&docx).contains("经费预算"));

    // A budget of one amount without lines is listed as that amount.
    funds::save_year_budget(&f.ledger, org, 2026, YearBudget { payroll_fen: None, budget_fen: Some(400_000) }).unwrap();
    app::export_plan(&f.ledger, org, 2026, today, &xlsx).unwrap();
    let shown = crate::support::xlsx_read::display_sheet(&xlsx, BUDGET_SHEET);
    assert_eq!(shown[3][1..], crate::support::xlsx_read::strs(&["党组织工作经费", "4000", "未分项目"]));

    // Budget lines: each line, its amount a number, the 合计 a SUM over them.
    let line = |item: &str, fen: i64, note: Option<&str>| {
        let input =
            NewBudgetLine { org_id: org, year: 2026, item: item.into(), amount_fen: fen, note: note.map(Into::into) };
        funds::save_budget_line(&f.ledger, &input).unwrap();
    };
    line("党员教育培训", 300_000, Some("含外出培训"));
    line("党组织活动", 200_050, None);
    app::export_plan(&f.ledger, org, 2026, today, &xlsx).unwrap();
    assert_eq!(crate::support::xlsx_read::sheet_names(&xlsx), [PLAN_SHEET, BUDGET_SHEET]);
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let cells = book.worksheet_range(BUDGET_SHEET).unwrap();
    let formulas = book.worksheet_formula(BUDGET_SHEET).unwrap();
    assert_eq!(
        cells.get_value((0, 0)).and_then(|c| c.get_string()).map(|t| t.ends_with("2026年度经费预算")),
        Some(true)
    );
    assert_eq!(cells.get_value((3, 1)), Some(&Data::String("党员教育培训".into())));
    assert_eq!(cells.get_value((3, 2)).and_then(Data::as_f64), Some(3000.0));
    assert_eq!(cells.get_value((3, 3)), Some(&Data::String("含外出培训".into())));
    assert_eq!(cells.get_value((4, 1)), Some(&Data::String("党组织活动".into())));
    assert_eq!(cells.get_value((4, 2)).and_then(Data::as_f64), Some(2000.5));
    assert_eq!(cells.get_value((5, 0)), Some(&Data::String("合计".into())));
    assert_eq!(formulas.get_value((5, 2)).map(String::as_str), Some("SUM(C4:C5)"));
    assert_eq!(cells.get_value((5, 2)).and_then(Data::as_f64), Some(5000.5), "the budget cached");
    // The plan's own sheet is unchanged by it.
    let plan_rows = crate::support::xlsx_read::display_sheet(&xlsx, PLAN_SHEET);
    assert_eq!(plan_rows[2][1], "计划日期");

    app::export_plan(&f.ledger, org, 2026, today, &docx).unwrap();
    let text = crate::support::docx_text::render(&docx);
    assert!(text.contains("经费预算：2026年度党组织工作经费预算共2项，合计5,000.50元"), "{text}");
    assert!(text.contains("| 1 | 党员教育培训 | 3,000.00 | 含外出培训 |"), "{text}");
    assert!(text.contains("| 合计 |  | 5,000.50 |  |"), "{text}");
}

#[test]
fn the_work_summary_states_the_engines_figures() {
    let (dir, db) = crate::support::cli::demo_ledger();
    assert_eq!(
        crate::support::cli::run(&db, &["plan", "--year", "2026", "--propose", "--today", crate::support::TODAY]),
        0
    );
    let ledger = zhibu_core::Ledger::open(&db).unwrap();
    let org = zhibu_core::app::org_id_for(&ledger, None).unwrap();
    let today = crate::support::today();
    let out = dir.path().join("总结.docx");
    let s = app::export_work_summary(&ledger, org, 2026, Some(1), today, &out).unwrap();
    let text = crate::support::docx_text::render(&out);

    // Sittings and attendance, from the activity list.
    let filter = zhibu_core::meetings::ActivityFilter { org_id: Some(org), year: 2026, ..Default::default() };
    let rows: Vec<_> = zhibu_core::meetings::list_activities(&ledger, &filter)
        .unwrap()
        .into_iter()
        .filter(|r| r.date <= d("2026-06-30") && zhibu_core::meetings::hours::is_sitting(&r.types))
        .collect();
    assert_eq!(s.sittings as usize, rows.len());
    assert!(text.contains(&format!("共开展组织生活{}次", rows.len())), "{text}");
    let congress = rows.iter().filter(|r| r.types.contains(&ActivityType::PartyCongress)).count();
    assert!(text.contains(&format!("党员大会{congress}次")));
    let present: u32 = rows.iter().map(|r| r.counts.present).sum();
    assert!(text.contains(&format!("实到{present}人次")));
    // 学时, from the 学时 function at the half's end.
    let hours = zhibu_core::app::meetings::study_hours(&ledger, Some(org), 2026, d("2026-06-30")).unwrap();
    let judged: Vec<_> = hours.members.iter().filter(|m| m.judged).collect();
    let met = judged.iter().filter(|m| m.met).count();
    assert!(text.contains(&format!("参加统计的党员{}名，其中{met}名已达到", judged.len())), "{text}");
    // 党费, from the money ledger's months.
    let funds = zhibu_core::app::funds::funds_year(&ledger, 2026, Some(org), today).unwrap();
    let collected: i64 = funds.months[..6].iter().map(|m| m.collected_fen).sum();
    assert!(collected > 0);
    assert!(text.contains(&format!("共收缴党费{}元", zhibu_core::model::money::yuan(collected))), "{text}");
    // Plan against actual, from the plan.
    let actual = app::plan_vs_actual(&ledger, org, 2026, today).unwrap();
    let first_half: Vec<_> = actual.lines.iter().filter(|l| l.item.planned_on <= d("2026-06-30")).collect();
    assert!(text.contains(&format!("计划开展的{}项工作中", first_half.len())));
    // No keys or ISO dates in what a person reads.
    assert!(!text.contains("2026-0"), "{text}");
    // A third half is refused.
    let err = app::export_work_summary(&ledger, org, 2026, Some(3), today, &out).unwrap_err();
    assert_eq!(err.code(), zhibu_core::ErrorCode::InvalidInput);
}

#[test]
fn the_plan_travels_in_the_data_package() {
    use zhibu_core::package::{export_package, import_package, parse_package, to_json};
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+08:00").unwrap();
    let ledger = zhibu_core::Ledger::in_memory().unwrap();
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, crate::support::today()).unwrap();
    let org = crate::support::org(&ledger);
    let mut proposal = app::propose_plan(&ledger, org, 2026, crate::support::today()).unwrap();
    proposal.items[0].topic = "研究全年工作".to_string();
    let saved = app::save_plan(&ledger, &PlanSave { org_id: org, year: 2026, items: proposal.items }).unwrap();

    let text = to_json(&export_package(&ledger, None, at).unwrap());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["plan_items"].as_array().unwrap().len(), saved.items.len());
    let copy = zhibu_core::Ledger::in_memory().unwrap();
    let pkg = parse_package(&text).unwrap();
    let first = import_package(&copy, &pkg, crate::support::today()).unwrap();
    assert_eq!(first.created.plan_items as usize, saved.items.len());
    let org_copy = crate::support::org(&copy);
    assert_eq!(app::year_plan(&copy, org_copy, 2026).unwrap().items, saved.items);
    // Again: nothing changes. A package without plans leaves the plan as it is.
    assert!(!import_package(&copy, &pkg, crate::support::today()).unwrap().changed());
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("plan_items");
    let old = parse_package(&old.to_string()).unwrap();
    import_package(&copy, &old, crate::support::today()).unwrap();
    assert_eq!(app::year_plan(&copy, org_copy, 2026).unwrap().items, saved.items);
    // A bad item is refused by its path.
    let mut bad = json.clone();
    bad["plan_items"][0]["kind"] = serde_json::json!("picnic");
    bad["plan_items"][1]["planned_on"] = serde_json::json!("2027-01-04");
    let err = parse_package(&bad.to_string())
        .and_then(|p| import_package(&zhibu_core::Ledger::in_memory().unwrap(), &p, crate::support::today()))
        .unwrap_err();
    let at: Vec<&str> = err.problems().iter().map(|p| p.at.as_str()).collect();
    assert!(at.contains(&"plan_items[0].kind") && at.contains(&"plan_items[1].planned_on"), "{at:?}");
}

#[test]
fn the_plan_and_the_work_summary_render_as_their_goldens() {
    let (f, org, _) = national_branch();
    let today = d("2026-01-05");
    let plan = app::propose_plan(&f.ledger, org, 2026, today).unwrap();
    app::save_plan(&f.ledger, &PlanSave { org_id: org, year: 2026, items: plan.items }).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("计划.docx");
    app::export_plan(&f.ledger, org, 2026, today, &docx).unwrap();
    crate::support::golden::assert_docx_matches_golden(&docx, "document_year_plan");
    let xlsx = dir.path().join("计划.xlsx");
    app::export_plan(&f.ledger, org, 2026, today, &xlsx).unwrap();
    crate::support::golden::assert_matches_golden(&xlsx, "year_plan");
    let summary = dir.path().join("总结.docx");
    app::export_work_summary(&f.ledger, org, 2026, None, d("2026-12-31"), &summary).unwrap();
    crate::support::golden::assert_docx_matches_golden(&summary, "document_work_summary");
}

#[test]
fn a_year_out_of_range_is_refused_not_a_panic() {
    let (dir, db) = crate::support::cli::demo_ledger();
    let run = |args: &[&str]| crate::support::cli::run(&db, args);
    let out = dir.path().join("x.ics");
    for year in ["99999", "1900", "0"] {
        assert_eq!(run(&["plan", "--year", year]), 1, "{year}");
        assert_eq!(run(&["plan", "--year", year, "--propose"]), 1, "{year}");
        assert_eq!(run(&["plan-export", "--year", year, out.to_str().unwrap()]), 1, "{year}");
        assert_eq!(run(&["work-summary", "--year", year, out.with_extension("docx").to_str().unwrap()]), 1, "{year}");
    }
    assert!(!out.exists());
}
