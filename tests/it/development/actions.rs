//! The 发展党员 actions against a real ledger: each step saved in one transaction, refusals that
//! leave the ledger unchanged and name the rule's source, warnings saved only with a reason, the
//! roster link at steps 15 and 24, board, reminders and findings.

use serde_json::json;
use zhibu_core::app::development::{
    self, add_person, delete_step, development_board, development_findings, development_reminders, record_document,
    record_extension, record_step, review_step, CheckStatus, DocumentInput, DocumentKind, ExtensionInput, NewPerson,
    ReminderKind, Stage, StepInput,
};
use zhibu_core::app::meetings::{self, ActivityFields, VoteItem};
use zhibu_core::model::vote::VoteFigures;
use zhibu_core::model::{ActivityType, VoteSubject};
use zhibu_core::model::{Gender, MemberEventKind, MemberStatus, ReviewResult};
use zhibu_core::store::members;
use zhibu_core::{ErrorCode, Ledger};

use crate::support::development::{sitting, step_input, ON_TIME_PIPELINE};
use crate::support::{self, d, member_id, org, package, today};

/// One branch: six 正式党员 (m-1 … m-6) and a 预备党员 (m-7, received 2026-06-30).
fn ledger() -> Ledger {
    let member = |key: &str, name: &str, joined: &str| {
        package::member(key, name, joined, json!({ "gender": "女", "birth_date": "1975-01-01" }))
    };
    let probationary =
        json!({ "gender": "男", "birth_date": "2000-01-01", "status": "probationary", "full_member_on": null });
    package::ledger_from(&package::package(
        "dev-test",
        json!({
            "organizations": [{ "key": "o-1", "name": "中共示例第一支部委员会", "short_name": "一支部", "kind": "branch", "sector": "government" }],
            "members": [
                member("m-1", "张书记", "2000-07-01"), member("m-2", "李红", "2001-07-01"), member("m-3", "王刚", "2002-07-01"),
                member("m-4", "赵敏", "2003-07-01"), member("m-5", "孙强", "2004-07-01"), member("m-6", "周平", "2005-07-01"),
                package::member("m-7", "吴新", "2026-06-30", probationary)
            ]
        }),
    ))
}

fn applicant(ledger: &Ledger, name: &str, birth: &str, applied: &str) -> NewPerson {
    NewPerson {
        org_id: org(ledger),
        name: name.into(),
        gender: Gender::Male,
        id_number: None,
        birth_date: d(birth),
        ethnicity: Some("汉族".into()),
        education: Some("大学本科".into()),
        unit_title: Some("办公室科员".into()),
        applied_on: d(applied),
        note: None,
        override_reason: None,
    }
}

/// The input a secretary would enter for `step` on `date`, with what the step needs.
fn input(ledger: &Ledger, person: i64, step: u8, date: &str) -> StepInput {
    let mut i = step_input(ledger, person, step, date);
    match step {
        11 => i.training_hours = Some(24.0),
        14 => i.volunteer_book_no = Some("No.2026001".into()),
        _ => {}
    }
    i
}

fn advance(ledger: &Ledger, person: i64, steps: &[(u8, &str)]) {
    for (step, date) in steps {
        record_step(ledger, &input(ledger, person, *step, date), today())
            .unwrap_or_else(|e| panic!("step {step} on {date}: {e}"));
    }
}

#[test]
fn an_applicant_under_18_is_refused_with_the_source_and_nothing_changes() {
    let ledger = ledger();
    let before = support::dump(&ledger);
    let err = add_person(&ledger, &applicant(&ledger, "小李", "2008-11-23", "2026-11-22"), today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let text = err.to_string();
    assert!(text.contains("未满十八周岁") && text.contains("第五条"), "{text}");
    assert_eq!(support::dump(&ledger), before);
    // Exactly 18 that day is accepted.
    let p = add_person(&ledger, &applicant(&ledger, "小李", "2008-11-22", "2026-11-22"), today()).unwrap();
    assert_eq!(p.steps.len(), 1);
    assert_eq!(p.documents[0].kind, DocumentKind::Application);
    assert_eq!(p.key, format!("d-{}", p.id));
}

#[test]
fn a_late_talk_needs_a_reason_which_is_stored() {
    let ledger = ledger();
    let p = add_person(&ledger, &applicant(&ledger, "陈晨", "1998-05-04", "2026-01-31"), today()).unwrap();
    let before = support::dump(&ledger);
    let late = input(&ledger, p.id, 2, "2026-03-01");
    let review = review_step(&ledger, &late, today()).unwrap();
    assert!(review.errors.is_empty(), "{:?}", review.errors);
    assert_eq!(review.warnings.len(), 1);
    assert_eq!(review.warnings[0].check, "talk_within_1_month");
    let err = record_step(&ledger, &late, today()).unwrap_err();
    assert!(err.to_string().contains("须填写理由"), "{err}");
    assert_eq!(support::dump(&ledger), before, "refused without a reason: nothing saved");

    let mut with_reason = late.clone();
    with_reason.override_reason = Some("申请人春节期间外出务工，返岗后即谈话".into());
    let saved = record_step(&ledger, &with_reason, today()).unwrap();
    assert_eq!(saved.overridden.len(), 1);
    let o = &saved.person.overrides[0];
    assert_eq!((o.check.as_str(), o.step, o.rules.as_str()), ("talk_within_1_month", Some(2), "2014"));
    assert!(o.reason.contains("返岗"));
    // On time (28 February, the clamped month end) needs no reason.
    let q = add_person(&ledger, &applicant(&ledger, "陈曦", "1998-05-04", "2026-01-31"), today()).unwrap();
    let r = record_step(&ledger, &input(&ledger, q.id, 2, "2026-02-28"), today()).unwrap();
    assert!(r.overridden.is_empty());
}

#[test]
fn a_meeting_without_quorum_is_refused_naming_the_rule() {
    let ledger = ledger();
    let p = add_person(&ledger, &applicant(&ledger, "刘洋", "1990-02-02", "2023-01-10"), today()).unwrap();
    advance(&ledger, p.id, &ON_TIME_PIPELINE[..13]);
    // The sitting's vote as recorded on the 党员大会: (away, in favour) → refused for the article.
    let figures = |present: u32, in_favour: u32| VoteFigures {
        eligible: 6,
        present,
        in_favour,
        against: Some(present - in_favour),
        abstain: Some(0),
        written: 0,
    };
    let cases: [(&[&str], u32, &str); 2] = [(&["m-4", "m-5", "m-6"], 3, "第二十条"), (&[], 3, "第二十一条")];
    for (away, in_favour, article) in cases {
        let present = 6 - away.len() as u32;
        let mut i = input(&ledger, p.id, 15, "2024-10-08");
        i.meeting_id =
            Some(sitting(&ledger, p.id, VoteSubject::Admission, "2024-10-08", away, Some(figures(present, in_favour))));
        let before = support::dump(&ledger);
        let err = record_step(&ledger, &i, today()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let problem = err.problems().iter().find(|p| p.at == "meeting_id").unwrap_or_else(|| panic!("{err}"));
        assert!(problem.message.contains(article), "{}", problem.message);
        assert_eq!(support::dump(&ledger), before, "refused: the ledger is unchanged, no member added");
    }
    // Exactly half is not "more than half"; one more is.
    let mut over = input(&ledger, p.id, 15, "2024-10-08");
    over.meeting_id =
        Some(sitting(&ledger, p.id, VoteSubject::Admission, "2024-10-08", &["m-5", "m-6"], Some(figures(4, 4))));
    record_step(&ledger, &over, today()).unwrap();
    let person = development::load_person(ledger.conn(), p.id).unwrap();
    assert_eq!(person.vote(15).unwrap().activity_id, over.meeting_id, "the step points at the sitting");
}

#[test]
fn introducers_must_be_full_members_on_the_day() {
    let ledger = ledger();
    let p = add_person(&ledger, &applicant(&ledger, "何平", "1990-02-02", "2023-01-10"), today()).unwrap();
    advance(&ledger, p.id, &ON_TIME_PIPELINE[..6]);
    let before = support::dump(&ledger);
    let mut i = input(&ledger, p.id, 9, "2024-07-15");
    i.people = vec![member_id(&ledger, "m-2"), member_id(&ledger, "m-7")];
    let err = record_step(&ledger, &i, today()).unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!(problem.at, "people");
    assert!(problem.message.contains("吴新") && problem.message.contains("第十四条"), "{}", problem.message);
    i.people = vec![member_id(&ledger, "m-2")];
    assert!(record_step(&ledger, &i, today()).is_err(), "one introducer");
    assert_eq!(support::dump(&ledger), before);
}

#[test]
fn admission_adds_a_probationary_member_and_conversion_makes_them_full() {
    let ledger = ledger();
    let p = add_person(&ledger, &applicant(&ledger, "马骏", "1990-02-02", "2023-01-10"), today()).unwrap();
    advance(&ledger, p.id, &ON_TIME_PIPELINE[..14]);
    let person = development::load_person(ledger.conn(), p.id).unwrap();
    let member_id = person.member_id.expect("linked to the roster");
    let m = members::get(ledger.conn(), member_id).unwrap();
    assert_eq!(m.fields.status, MemberStatus::Probationary);
    assert_eq!(m.fields.joined_on, d("2024-10-08"));
    assert_eq!(m.fields.name, "马骏");
    assert_eq!(m.fields.unit_title.as_deref(), Some("办公室科员"));
    assert_eq!(
        person.documents.iter().find(|x| x.kind == DocumentKind::VolunteerBook).unwrap().number.as_deref(),
        Some("No.2026001")
    );

    // 转正 before the 预备期 ends (2025-10-08) is refused.
    advance(&ledger, p.id, &ON_TIME_PIPELINE[14..21]);
    let early = input(&ledger, p.id, 23, "2025-10-07");
    let err = record_step(&ledger, &early, today()).unwrap_err();
    assert!(err.to_string().contains("早于期满"), "{err}");
    advance(&ledger, p.id, &ON_TIME_PIPELINE[21..]);
    let m = members::get(ledger.conn(), member_id).unwrap();
    assert_eq!(m.fields.status, MemberStatus::Full);
    assert_eq!(m.fields.full_member_on, Some(d("2025-10-08")), "full from the end of the 预备期, not the approval");
    let events: Vec<_> = members::events(ledger.conn(), member_id).unwrap().iter().map(|e| (e.event, e.on)).collect();
    assert_eq!(
        events,
        vec![(MemberEventKind::Joined, d("2024-10-08")), (MemberEventKind::BecameFull, d("2025-10-08"))]
    );
    let findings = development_findings(ledger.conn(), &[org(&ledger)], None, today()).unwrap();
    let mine: Vec<_> = findings.iter().filter(|f| f.subject == p.key).collect();
    assert!(mine.iter().all(|f| f.status == CheckStatus::Met), "{mine:#?}");
    assert_eq!(mine.len(), 15, "13 checks, two of them at both meetings (no extension)");
}

#[test]
fn eligible_voters_exclude_probationary_members() {
    let ledger = ledger();
    assert_eq!(development::eligible_voters(ledger.conn(), org(&ledger), d("2026-11-22")).unwrap(), 6);
    assert_eq!(development::eligible_voters(ledger.conn(), org(&ledger), d("2002-07-01")).unwrap(), 3);
    let p = add_person(&ledger, &applicant(&ledger, "高远", "1990-02-02", "2023-01-10"), today()).unwrap();
    advance(&ledger, p.id, &ON_TIME_PIPELINE[..13]);
    // A 党员大会 on 2026-11-20 counting the 预备党员 among those with a vote is refused, naming 应到.
    let all = VoteFigures { eligible: 7, present: 7, in_favour: 7, against: Some(0), abstain: Some(0), written: 0 };
    let f = ActivityFields {
        org_id: org(&ledger),
        types: vec![ActivityType::PartyCongress],
        group_id: None,
        date: d("2026-11-20"),
        start_time: None,
        end_time: None,
        place: "党员活动室".into(),
        topic: "支部大会".into(),
        host_id: None,
        recorder_id: None,
        lecturer_id: None,
        content: None,
        decisions: None,
        hours_tenths: None,
        observers: None,
        talk_trigger: None,
        celebrant_ids: vec![],
        attendees: None,
        marks: vec![],
        votes: vec![VoteItem { subject: VoteSubject::Admission, person_id: Some(p.id), title: None, figures: all }],
    };
    let before = support::dump(&ledger);
    let err = meetings::record_activity(&ledger, f.clone(), today()).unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!(problem.at, "votes[0].figures.eligible", "{err}");
    assert!(problem.message.contains("应到人数") && problem.message.contains("预备党员"), "{}", problem.message);
    assert_eq!(support::dump(&ledger), before);
    // The form's defaults are what the attendance supports: 6 voters, all present.
    let defaults = meetings::vote_defaults(&ledger, f).unwrap();
    assert_eq!((defaults.eligible, defaults.present), (6, 6));
}

#[test]
fn a_second_extension_is_refused() {
    let ledger = ledger();
    let p = add_person(&ledger, &applicant(&ledger, "钟亮", "1990-02-02", "2023-01-10"), today()).unwrap();
    advance(&ledger, p.id, &ON_TIME_PIPELINE[..21]);
    let ext = |months| ExtensionInput { person_id: p.id, months, decided_on: d("2025-10-09"), note: None };
    assert!(record_extension(&ledger, &ext(5), today()).unwrap_err().to_string().contains("不少于半年"));
    let person = record_extension(&ledger, &ext(6), today()).unwrap();
    assert_eq!(person.probation_extension_months, Some(6));
    let before = support::dump(&ledger);
    let err = record_extension(&ledger, &ext(6), today()).unwrap_err();
    assert!(err.to_string().contains("只能延长一次") && err.to_string().contains("第三十二条"), "{err}");
    assert_eq!(support::dump(&ledger), before);
    // The 转正 discussion now falls due at 18 months.
    let r = development_reminders(ledger.conn(), &[org(&ledger)], d("2026-03-20")).unwrap();
    let ending = r.iter().find(|r| r.kind == ReminderKind::ProbationEnding).unwrap();
    assert_eq!(ending.due, d("2026-04-08"));
}

#[test]
fn a_step_cannot_be_recorded_twice_or_before_its_prerequisite() {
    let ledger = ledger();
    let p = add_person(&ledger, &applicant(&ledger, "唐宁", "1990-02-02", "2026-10-01"), today()).unwrap();
    record_step(&ledger, &input(&ledger, p.id, 2, "2026-10-10"), today()).unwrap();
    let err = record_step(&ledger, &input(&ledger, p.id, 2, "2026-10-11"), today()).unwrap_err();
    assert!(err.to_string().contains("已登记"), "{err}");
    let err = record_step(&ledger, &input(&ledger, p.id, 7, "2026-10-11"), today()).unwrap_err();
    assert!(err.to_string().contains("须先登记第3步"), "{err}");
    let err = record_step(&ledger, &input(&ledger, p.id, 3, "2026-11-23"), today()).unwrap_err();
    assert!(err.to_string().contains("晚于今天"), "{err}");
    // A mistaken step goes to the recycle bin.
    let before = development::load_person(ledger.conn(), p.id).unwrap().step(2).cloned().unwrap();
    let after = delete_step(&ledger, p.id, 2).unwrap();
    assert!(after.step(2).is_none());
    let bin = zhibu_core::app::bin::recycle_bin(&ledger).unwrap();
    assert_eq!(bin.len(), 1);
    assert_eq!(bin[0].entity, "development_step");
    // …and comes back from the 回收站 as it was, with its people.
    zhibu_core::app::bin::restore_from_bin(&ledger, bin[0].id).unwrap();
    let restored = development::load_person(ledger.conn(), p.id).unwrap();
    assert_eq!(restored.step(2), Some(&before));
    assert!(zhibu_core::app::bin::recycle_bin(&ledger).unwrap().is_empty());
    // Restoring twice is refused (the entry is gone).
    assert_eq!(zhibu_core::app::bin::restore_from_bin(&ledger, bin[0].id).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn every_kind_the_bin_holds_can_be_restored() {
    // Each `store::bin` entity written anywhere in src/ has a restore action in app::bin::RESTORERS.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut kinds = std::collections::BTreeSet::new();
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Every kind is named by a `…BIN_ENTITY` constant beside its delete and restore.
                for line in
                    text.lines().filter(|l| l.trim_start().starts_with("const") && l.contains("BIN_ENTITY: &str"))
                {
                    kinds.insert(line.split('"').nth(1).unwrap().to_string());
                }
            }
        }
    }
    let registered: std::collections::BTreeSet<String> =
        zhibu_core::app::bin::RESTORERS.iter().map(|(k, _, _)| k.to_string()).collect();
    assert!(kinds.len() >= 8, "found {kinds:?}");
    let missing: Vec<_> = kinds.difference(&registered).collect();
    assert!(missing.is_empty(), "bin kinds without a restore action: {missing:?}");
}

#[test]
fn reminders_follow_today() {
    let ledger = ledger();
    let p = add_person(&ledger, &applicant(&ledger, "林立", "1990-02-02", "2025-10-15"), today()).unwrap();
    let r = development_reminders(ledger.conn(), &[], d("2025-10-20")).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].kind, r[0].due, r[0].days_left), (ReminderKind::TalkDue, d("2025-11-15"), 26));
    advance(&ledger, p.id, &[(2, "2025-11-01"), (3, "2025-12-01")]);
    let kinds = |on: &str| -> Vec<ReminderKind> {
        development_reminders(ledger.conn(), &[], d(on)).unwrap().iter().map(|r| r.kind).collect()
    };
    // A year as 积极分子 on 2026-12-01: reminded from 30 days before.
    assert_eq!(kinds("2026-10-31"), vec![ReminderKind::ThoughtReportDue]);
    assert_eq!(kinds("2026-11-01"), vec![ReminderKind::ActivistOneYear, ReminderKind::ThoughtReportDue]);
    let thought = development_reminders(ledger.conn(), &[], today()).unwrap();
    let t = thought.iter().find(|r| r.kind == ReminderKind::ThoughtReportDue).unwrap();
    assert_eq!(t.due, d("2026-12-31"));
    assert!(t.message.contains("2026年第4季度") && t.message.contains("此前缺2025年第4季度"), "{}", t.message);
    for q in ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"] {
        let doc = DocumentInput {
            person_id: p.id,
            kind: DocumentKind::ThoughtReport,
            received_on: d("2026-11-20"),
            period: Some(q.into()),
            number: None,
            note: None,
        };
        record_document(&ledger, &doc, today()).unwrap();
    }
    assert_eq!(kinds("2026-11-22"), vec![ReminderKind::ActivistOneYear]);
    let dup = DocumentInput {
        person_id: p.id,
        kind: DocumentKind::ThoughtReport,
        received_on: d("2026-11-20"),
        period: Some("2026-Q4".into()),
        number: None,
        note: None,
    };
    assert!(record_document(&ledger, &dup, today()).is_err());
}

#[test]
fn the_board_groups_people_by_stage_with_the_next_step() {
    let ledger = ledger();
    let a = add_person(&ledger, &applicant(&ledger, "甲", "1990-02-02", "2026-11-01"), today()).unwrap();
    let b = add_person(&ledger, &applicant(&ledger, "乙", "1990-02-02", "2023-01-10"), today()).unwrap();
    advance(&ledger, b.id, &ON_TIME_PIPELINE[..5]);
    let c = add_person(&ledger, &applicant(&ledger, "丙", "1990-02-02", "2023-01-10"), today()).unwrap();
    advance(&ledger, c.id, &ON_TIME_PIPELINE[..14]);
    let board = development_board(ledger.conn(), &[org(&ledger)], today()).unwrap();
    let labels: Vec<&str> = board.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"]);
    let card = |stage: Stage| &board.columns.iter().find(|c| c.stage == stage).unwrap().people;
    let ca = &card(Stage::Applicant)[0];
    assert_eq!(ca.person_id, a.id);
    let next = ca.next.as_ref().unwrap();
    assert_eq!((next.step, next.due, next.overdue), (2, Some(d("2026-12-01")), false));
    let cb = &card(Stage::Activist)[0];
    assert_eq!(cb.current.as_ref().unwrap().step, 6);
    assert_eq!(cb.next.as_ref().unwrap().earliest, Some(d("2024-07-03")));
    let cc = &card(Stage::Probationary)[0];
    let next = cc.next.as_ref().unwrap();
    assert_eq!((next.step, next.due, next.overdue), (16, None, false));
    assert!(cc.unmet > 0, "approval overdue: {cc:?}");
    assert!(card(Stage::Candidate).is_empty() && card(Stage::Full).is_empty());
}

#[test]
fn demo_findings_have_the_contract_shape() {
    let ledger = Ledger::in_memory().unwrap();
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today()).unwrap();
    let findings = development_findings(ledger.conn(), &[], Some(2026), today()).unwrap();
    assert!(!findings.is_empty());
    let late = findings.iter().find(|f| f.check.code() == "talk_within_1_month" && f.status == CheckStatus::Unmet);
    assert!(late.is_some(), "the demo's late talk is found");
    let v = serde_json::to_value(&findings[0]).unwrap();
    for key in [
        "rule",
        "kind",
        "org",
        "subject",
        "check",
        "status",
        "message",
        "source",
        "period",
        "rules_version",
        "evidence",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["kind"], "development");
    assert_eq!(v["period"], "2026");
    assert!(["met", "unmet", "pending"].contains(&v["status"].as_str().unwrap()));
    let board = development_board(ledger.conn(), &[], today()).unwrap();
    let on_board: usize = board.columns.iter().map(|c| c.people.len()).sum();
    assert_eq!(on_board, 7, "the small demo's seven people");
}

/// Changes an input before it is judged.
type Tweak = Box<dyn Fn(&mut StepInput)>;

/// "ok", "warn:<check>…" or "err:<field>…" for saving `input` now.
fn verdict(ledger: &Ledger, input: &StepInput) -> String {
    let r = review_step(ledger, input, today()).unwrap();
    if !r.errors.is_empty() {
        return r.errors.iter().map(|e| format!("err:{}", e.at)).collect::<Vec<_>>().join(",");
    }
    if !r.warnings.is_empty() {
        return r.warnings.iter().map(|w| format!("warn:{}", w.check)).collect::<Vec<_>>().join(",");
    }
    "ok".to_string()
}

#[test]
fn each_rule_is_refused_or_warned_at_entry_as_documented() {
    let ledger = ledger();
    // (steps recorded first as in ON_TIME_PIPELINE up to this step, then the entry, then the verdict)
    let cases: Vec<(u8, u8, &str, Tweak, &str)> = vec![
        (6, 7, "2024-07-02", Box::new(|_| {}), "warn:activist_min_1_year"),
        (6, 7, "2024-07-03", Box::new(|_| {}), "ok"),
        (9, 11, "2024-08-20", Box::new(|i| i.training_days = Some(2.0)), "ok"),
        (11, 12, "2024-09-02", Box::new(|_| {}), "ok"),
        (10, 12, "2024-09-02", Box::new(|_| {}), "warn:training_3_days_or_24_hours"),
        (16, 17, "2025-01-08", Box::new(|_| {}), "ok"),
        (16, 17, "2025-01-09", Box::new(|_| {}), "warn:approval_within_3_months"),
        (16, 17, "2025-04-08", Box::new(|_| {}), "warn:approval_within_3_months"),
        (16, 17, "2025-04-09", Box::new(|_| {}), "err:date"),
        (22, 23, "2025-10-08", Box::new(|_| {}), "ok"),
        (22, 23, "2025-11-08", Box::new(|_| {}), "ok"),
        (22, 23, "2025-11-09", Box::new(|_| {}), "warn:probation_due"),
        (22, 23, "2025-10-07", Box::new(|_| {}), "err:date"),
        (23, 24, "2026-01-09", Box::new(|_| {}), "ok"),
        (23, 24, "2026-01-10", Box::new(|_| {}), "warn:conversion_approval_within_3_months"),
        (4, 5, "2023-07-12", Box::new(|i| i.people.clear()), "err:people"),
        (1, 2, "2023-01-20", Box::new(|i| i.people.clear()), "err:people"),
        (9, 10, "2024-08-01", Box::new(|i| i.political_review = None), "err:political_review"),
        (9, 10, "2024-08-01", Box::new(|i| i.political_review = Some(ReviewResult::Failed)), "ok"),
        (14, 15, "2024-10-08", Box::new(|i| i.member_category = None), "err:member_category"),
        (14, 15, "2024-10-08", Box::new(|i| i.meeting_id = None), "err:meeting_id"),
    ];
    for (done_through, step, date, tweak, want) in cases {
        let p = add_person(&ledger, &applicant(&ledger, "测试", "1990-02-02", "2023-01-10"), today()).unwrap();
        let upto: Vec<(u8, &str)> = ON_TIME_PIPELINE.iter().copied().filter(|(s, _)| *s <= done_through).collect();
        advance(&ledger, p.id, &upto);
        let mut i = input(&ledger, p.id, step, date);
        tweak(&mut i);
        assert_eq!(verdict(&ledger, &i), want, "step {step} on {date}");
    }
    // No political review before the 支委会审查 (step 12) is refused; training under 3 days warns.
    let p = add_person(&ledger, &applicant(&ledger, "测试二", "1990-02-02", "2023-01-10"), today()).unwrap();
    advance(&ledger, p.id, &ON_TIME_PIPELINE[..8]);
    let mut short = input(&ledger, p.id, 11, "2024-08-20");
    short.training_days = Some(2.0);
    short.training_hours = None;
    record_step(&ledger, &short, today()).unwrap();
    assert_eq!(verdict(&ledger, &input(&ledger, p.id, 12, "2024-09-02")), "err:political_review");
    record_step(&ledger, &input(&ledger, p.id, 10, "2024-08-01"), today()).unwrap();
    assert_eq!(verdict(&ledger, &input(&ledger, p.id, 12, "2024-09-02")), "warn:training_3_days_or_24_hours");
}

#[test]
fn details_can_be_corrected_but_not_below_18_and_the_detail_page_shows_everything() {
    let ledger = ledger();
    let p = add_person(&ledger, &applicant(&ledger, "错字", "1990-02-02", "2026-10-01"), today()).unwrap();
    let mut f = development::PersonFields {
        name: "对字".into(),
        gender: Gender::Female,
        id_number: Some("11010519491231002X".into()),
        birth_date: d("1949-12-31"),
        ethnicity: None,
        education: None,
        unit_title: None,
    };
    let fixed = development::update_person(&ledger, p.id, &f, today()).unwrap();
    assert_eq!((fixed.name.as_str(), fixed.gender), ("对字", Gender::Female));
    let before = support::dump(&ledger);
    f.id_number = None;
    f.birth_date = d("2008-10-02");
    let err = development::update_person(&ledger, p.id, &f, today()).unwrap_err();
    assert!(err.to_string().contains("未满十八周岁"), "{err}");
    assert_eq!(support::dump(&ledger), before);
    let detail = development::development_detail(ledger.conn(), p.id, today()).unwrap();
    assert_eq!(detail.stage_label, "入党申请人");
    assert_eq!(detail.checks.len(), 2);
    assert_eq!(detail.next.unwrap().step, 2);
    assert_eq!(detail.changes.len(), 2, "added, then corrected");
}
