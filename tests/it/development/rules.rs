//! The development rules engine, table-driven: every check of the `cli.md` development table with
//! each boundary on both sides (exactly one month / one day over, exactly one year, votes at exactly
//! half), month-end clamping and leap years.

// Case tables are tuples by design.
#![allow(clippy::type_complexity)]

use zhibu_core::app::development::{
    evaluate, evaluate_check, CheckOptions, CheckStatus, DevelopmentCheck, DevelopmentPerson, RecordedStep, StepPerson,
    Vote,
};
use zhibu_core::model::{Gender, ReviewResult};

use crate::support::d;
use CheckStatus::{Met, Pending, Unmet};
use DevelopmentCheck as C;

/// A member named at a step: full from `full` (None: 预备党员).
fn member(id: i64, full: Option<&str>) -> StepPerson {
    StepPerson {
        member_id: id,
        key: format!("m-{id}"),
        name: format!("党员{id}"),
        joined_on: d("2000-01-01"),
        full_member_on: full.map(d),
        full_without_date: false,
        left_on: None,
        suspended: vec![],
    }
}

fn full(id: i64) -> StepPerson {
    member(id, Some("2001-01-01"))
}

fn person(birth: &str, steps: &[(u8, &str)]) -> DevelopmentPerson {
    DevelopmentPerson {
        id: 1,
        key: "d-1".into(),
        org_id: 1,
        org_key: "o-1".into(),
        org_name: "第一支部".into(),
        name: "王小明".into(),
        gender: Gender::Male,
        id_number: None,
        birth_date: d(birth),
        ethnicity: None,
        education: None,
        unit_title: None,
        training_days: None,
        training_hours: None,
        political_review: None,
        probation_extension_months: None,
        probation_extended_on: None,
        member_id: None,
        steps: steps
            .iter()
            .map(|(n, date)| RecordedStep { step: *n, date: d(date), note: None, people: vec![] })
            .collect(),
        votes: vec![],
        documents: vec![],
        overrides: vec![],
    }
}

fn with_people(mut p: DevelopmentPerson, step: u8, people: Vec<StepPerson>) -> DevelopmentPerson {
    p.steps.iter_mut().find(|s| s.step == step).unwrap().people = people;
    p
}

fn status(check: DevelopmentCheck, p: &DevelopmentPerson, today: &str) -> Option<CheckStatus> {
    status_with(check, p, today, &CheckOptions::default())
}

fn status_with(check: DevelopmentCheck, p: &DevelopmentPerson, today: &str, o: &CheckOptions) -> Option<CheckStatus> {
    let results = evaluate_check(check, p, d(today), o);
    assert!(results.len() <= 1, "{results:?}");
    results.first().map(|r| {
        assert!(!r.message.is_empty() && !r.source.is_empty());
        r.status
    })
}

const TODAY: &str = "2026-11-22";
const BIRTH: &str = "1995-06-15";

#[test]
fn age_18() {
    let cases: &[(&str, &str, Option<CheckStatus>)] = &[
        ("2008-11-22", "2026-11-22", Some(Met)),
        ("2008-11-22", "2026-11-21", Some(Unmet)),
        // Born on 29 February: the 18th birthday in a common year is clamped to 28 February.
        ("2008-02-29", "2026-02-28", Some(Met)),
        ("2008-02-29", "2026-02-27", Some(Unmet)),
        ("2008-02-29", "2026-03-01", Some(Met)),
    ];
    for (birth, applied, want) in cases {
        let p = person(birth, &[(1, applied)]);
        assert_eq!(status(C::Age18, &p, TODAY), *want, "born {birth}, applied {applied}");
    }
    assert_eq!(status(C::Age18, &person(BIRTH, &[]), TODAY), None, "no application: not applicable");
}

#[test]
fn talk_within_1_month() {
    let cases: &[(&str, Option<&str>, &str, Option<CheckStatus>)] = &[
        ("2026-03-15", Some("2026-04-15"), TODAY, Some(Met)),
        ("2026-03-15", Some("2026-04-16"), TODAY, Some(Unmet)),
        ("2026-03-15", Some("2026-03-15"), TODAY, Some(Met)),
        ("2026-03-15", Some("2026-03-14"), TODAY, Some(Unmet)),
        // Month end clamps: 31 January + 1 month = 28 February (29 in a leap year).
        ("2026-01-31", Some("2026-02-28"), TODAY, Some(Met)),
        ("2026-01-31", Some("2026-03-01"), TODAY, Some(Unmet)),
        ("2028-01-31", Some("2028-02-29"), "2028-12-01", Some(Met)),
        ("2028-01-31", Some("2028-03-01"), "2028-12-01", Some(Unmet)),
        // Not yet held: pending up to and including the last day, unmet the day after.
        ("2026-01-31", None, "2026-02-28", Some(Pending)),
        ("2026-01-31", None, "2026-03-01", Some(Unmet)),
        ("2026-10-31", None, "2026-11-30", Some(Pending)),
        ("2026-10-31", None, "2026-12-01", Some(Unmet)),
    ];
    for (applied, talk, today, want) in cases {
        let mut steps = vec![(1, *applied)];
        if let Some(t) = talk {
            steps.push((2, t));
        }
        let p = person(BIRTH, &steps);
        assert_eq!(status(C::TalkWithin1Month, &p, today), *want, "applied {applied}, talk {talk:?}, today {today}");
    }
    let r = &evaluate_check(
        C::TalkWithin1Month,
        &person(BIRTH, &[(1, "2026-01-31")]),
        d("2026-02-10"),
        &CheckOptions::default(),
    )[0];
    assert_eq!(r.due, Some(d("2026-02-28")));
    assert!(r.message.contains("还剩 18 天"), "{}", r.message);
}

#[test]
fn activist_min_1_year() {
    let cases: &[(&str, Option<&str>, Option<CheckStatus>)] = &[
        ("2025-03-10", Some("2026-03-10"), Some(Met)),
        ("2025-03-10", Some("2026-03-09"), Some(Unmet)),
        ("2025-03-10", None, Some(Pending)),
        // Leap day: one year from 29 February 2024 is 28 February 2025.
        ("2024-02-29", Some("2025-02-28"), Some(Met)),
        ("2024-02-29", Some("2025-02-27"), Some(Unmet)),
    ];
    for (activist, candidate, want) in cases {
        let mut steps = vec![(1, "2024-01-01"), (2, "2024-01-10"), (3, *activist)];
        if let Some(c) = candidate {
            steps.push((7, c));
        }
        let p = person(BIRTH, &steps);
        assert_eq!(status(C::ActivistMin1Year, &p, TODAY), *want, "activist {activist}, candidate {candidate:?}");
    }
    // Counted from the 备案 (step 4) where that is the local convention.
    let p = person(BIRTH, &[(1, "2024-01-01"), (3, "2025-03-10"), (4, "2025-03-20"), (7, "2026-03-15")]);
    assert_eq!(status(C::ActivistMin1Year, &p, TODAY), Some(Met));
    let from_4 = CheckOptions { activist_year_from_step: 4 };
    assert_eq!(status_with(C::ActivistMin1Year, &p, TODAY, &from_4), Some(Unmet));
    assert_eq!(status(C::ActivistMin1Year, &person(BIRTH, &[(1, "2024-01-01")]), TODAY), None);
}

#[test]
fn contact_people_1_or_2() {
    let base = [(1, "2024-01-01"), (3, "2024-07-01"), (5, "2024-07-05")];
    let cases: Vec<(Vec<StepPerson>, Option<CheckStatus>)> = vec![
        (vec![], Some(Unmet)),
        (vec![full(1)], Some(Met)),
        (vec![full(1), full(2)], Some(Met)),
        (vec![full(1), full(2), full(3)], Some(Unmet)),
        // Full exactly on the day counts; one day later does not.
        (vec![member(1, Some("2024-07-05"))], Some(Met)),
        (vec![member(1, Some("2024-07-06"))], Some(Unmet)),
        (vec![full(1), member(2, None)], Some(Unmet)),
    ];
    for (people, want) in cases {
        let p = with_people(person(BIRTH, &base), 5, people.clone());
        assert_eq!(status(C::ContactPeople1Or2, &p, TODAY), want, "{} people", people.len());
    }
    assert_eq!(
        status(C::ContactPeople1Or2, &person(BIRTH, &[(1, "2024-01-01"), (3, "2024-07-01")]), TODAY),
        Some(Pending)
    );
    let skipped = person(BIRTH, &[(1, "2024-01-01"), (3, "2024-07-01"), (7, "2025-07-02")]);
    assert_eq!(status(C::ContactPeople1Or2, &skipped, TODAY), Some(Unmet));
    assert_eq!(status(C::ContactPeople1Or2, &person(BIRTH, &[(1, "2024-01-01")]), TODAY), None);
}

#[test]
fn introducers_2_full_members() {
    let base = [(1, "2024-01-01"), (3, "2024-07-01"), (7, "2025-07-02"), (9, "2025-07-10")];
    let left = StepPerson { left_on: Some(d("2025-07-10")), ..full(2) };
    let suspended = StepPerson { suspended: vec![(d("2025-01-01"), None)], ..full(2) };
    let restored = StepPerson { suspended: vec![(d("2025-01-01"), Some(d("2025-07-10")))], ..full(2) };
    let cases: Vec<(&str, Vec<StepPerson>, Option<CheckStatus>)> = vec![
        ("two full", vec![full(1), full(2)], Some(Met)),
        ("one", vec![full(1)], Some(Unmet)),
        ("three", vec![full(1), full(2), full(3)], Some(Unmet)),
        ("the same twice", vec![full(1), full(1)], Some(Unmet)),
        ("a 预备党员", vec![full(1), member(2, None)], Some(Unmet)),
        ("full that day", vec![full(1), member(2, Some("2025-07-10"))], Some(Met)),
        ("full the day after", vec![full(1), member(2, Some("2025-07-11"))], Some(Unmet)),
        ("left that day", vec![full(1), left], Some(Unmet)),
        ("suspended", vec![full(1), suspended], Some(Unmet)),
        ("restored that day", vec![full(1), restored], Some(Met)),
    ];
    for (what, people, want) in cases {
        let p = with_people(person(BIRTH, &base), 9, people);
        assert_eq!(status(C::Introducers2FullMembers, &p, TODAY), want, "{what}");
    }
    assert_eq!(status(C::Introducers2FullMembers, &person(BIRTH, &base[..3]), TODAY), Some(Pending));
    let mut skipped = base[..3].to_vec();
    skipped.push((14, "2025-10-01"));
    assert_eq!(status(C::Introducers2FullMembers, &person(BIRTH, &skipped), TODAY), Some(Unmet));
    assert_eq!(status(C::Introducers2FullMembers, &person(BIRTH, &base[..2]), TODAY), None);
}

#[test]
fn political_review_passed() {
    let cases: &[(Option<ReviewResult>, Option<&str>, Option<&str>, Option<CheckStatus>)] = &[
        (Some(ReviewResult::Passed), Some("2025-08-01"), Some("2025-10-01"), Some(Met)),
        (Some(ReviewResult::Passed), Some("2025-10-01"), Some("2025-10-01"), Some(Met)),
        (Some(ReviewResult::Passed), Some("2025-10-02"), Some("2025-10-01"), Some(Unmet)),
        (Some(ReviewResult::Failed), Some("2025-08-01"), Some("2025-10-01"), Some(Unmet)),
        (None, None, Some("2025-10-01"), Some(Unmet)),
        (Some(ReviewResult::Passed), None, Some("2025-10-01"), Some(Unmet)),
        (Some(ReviewResult::Passed), Some("2025-08-01"), None, Some(Met)),
        (Some(ReviewResult::Failed), Some("2025-08-01"), None, Some(Unmet)),
        (None, None, None, Some(Pending)),
    ];
    for (review, s10, s12, want) in cases {
        let mut steps = vec![(1, "2024-01-01"), (3, "2024-07-01"), (7, "2025-07-02")];
        steps.extend(s10.map(|x| (10, x)));
        steps.extend(s12.map(|x| (12, x)));
        let mut p = person(BIRTH, &steps);
        p.political_review = *review;
        assert_eq!(status(C::PoliticalReviewPassed, &p, TODAY), *want, "{review:?} {s10:?} {s12:?}");
    }
}

#[test]
fn training_3_days_or_24_hours() {
    let cases: &[(Option<f64>, Option<f64>, Option<&str>, Option<CheckStatus>)] = &[
        (Some(3.0), None, Some("2025-10-01"), Some(Met)),
        (Some(2.5), Some(23.5), Some("2025-10-01"), Some(Unmet)),
        (None, Some(24.0), Some("2025-10-01"), Some(Met)),
        (Some(2.0), Some(24.0), Some("2025-10-01"), Some(Met)),
        (None, None, Some("2025-10-01"), Some(Unmet)),
        (Some(3.0), None, None, Some(Met)),
        (Some(2.0), None, None, Some(Pending)),
    ];
    for (days, hours, s12, want) in cases {
        let mut steps = vec![(1, "2024-01-01"), (3, "2024-07-01"), (7, "2025-07-02"), (11, "2025-09-01")];
        steps.extend(s12.map(|x| (12, x)));
        let mut p = person(BIRTH, &steps);
        p.training_days = *days;
        p.training_hours = *hours;
        assert_eq!(status(C::Training3DaysOr24Hours, &p, TODAY), *want, "{days:?} {hours:?} {s12:?}");
    }
    let mut late = person(BIRTH, &[(1, "2024-01-01"), (7, "2025-07-02"), (11, "2025-10-02"), (12, "2025-10-01")]);
    late.training_days = Some(3.0);
    assert_eq!(status(C::Training3DaysOr24Hours, &late, TODAY), Some(Unmet), "training after the 支委会审查");
}

#[test]
fn step_order() {
    let admission = [(12, "2025-10-01"), (13, "2025-10-10"), (14, "2025-10-20"), (15, "2025-11-01")];
    let cases: Vec<(&str, Vec<(u8, &str)>, Option<CheckStatus>)> = vec![
        ("in order", admission.to_vec(), Some(Met)),
        ("same day", vec![(12, "2025-10-01"), (13, "2025-10-01")], Some(Met)),
        ("预审 before 支委会", vec![(12, "2025-10-02"), (13, "2025-10-01")], Some(Unmet)),
        ("missing 13", vec![(12, "2025-10-01"), (14, "2025-10-20")], Some(Unmet)),
        (
            "19–25 without the continuing step 21",
            vec![
                (12, "2025-10-01"),
                (13, "2025-10-10"),
                (14, "2025-10-20"),
                (15, "2025-11-01"),
                (16, "2025-11-20"),
                (17, "2026-01-10"),
                (18, "2026-01-20"),
                (19, "2026-01-25"),
                (20, "2026-02-01"),
                (22, "2026-10-01"),
            ],
            Some(Met),
        ),
        ("宣誓 before 编入", vec![(12, "2025-10-01"), (19, "2026-02-02"), (20, "2026-02-01")], Some(Unmet)),
        ("nothing from step 12", vec![], None),
    ];
    for (what, extra, want) in cases {
        let mut steps = vec![(1, "2024-01-01"), (7, "2025-07-02")];
        steps.extend(extra);
        assert_eq!(status(C::StepOrder, &person(BIRTH, &steps), TODAY), want, "{what}");
    }
}

#[test]
fn votes_at_steps_15_and_23() {
    // (eligible, present, in_favour) → quorum, majority
    let cases = [
        (10, 5, 5, Unmet, Unmet),
        (10, 6, 6, Met, Met),
        (10, 6, 5, Met, Unmet),
        (9, 5, 5, Met, Met),
        (9, 4, 4, Unmet, Unmet),
        (9, 9, 4, Met, Unmet),
        (2, 1, 1, Unmet, Unmet),
        (3, 2, 2, Met, Met),
    ];
    for step in [15u8, 23] {
        for (eligible, present, in_favour, quorum, majority) in cases {
            let mut p = person(BIRTH, &[(1, "2024-01-01"), (15, "2025-11-01"), (23, "2026-11-02")]);
            p.votes = vec![Vote::figures_only(step, eligible, present, in_favour)];
            for (check, want) in [(C::QuorumMoreThanHalf, quorum), (C::MajorityOfEligible, majority)] {
                let r = evaluate_check(check, &p, d(TODAY), &CheckOptions::default());
                let at = r.iter().find(|r| r.step == Some(step)).unwrap();
                assert_eq!(at.status, want, "{check:?} step {step}: {eligible}/{present}/{in_favour}");
                let other = r.iter().find(|r| r.step != Some(step)).unwrap();
                assert_eq!(other.status, Unmet, "a meeting without recorded votes cannot be confirmed");
            }
        }
    }
    assert!(evaluate_check(
        C::QuorumMoreThanHalf,
        &person(BIRTH, &[(1, "2024-01-01")]),
        d(TODAY),
        &CheckOptions::default()
    )
    .is_empty());
}

#[test]
fn approval_within_3_months() {
    let cases: &[(&str, Option<&str>, &str, Option<CheckStatus>, &str)] = &[
        ("2026-01-31", Some("2026-04-30"), TODAY, Some(Met), ""),
        ("2026-01-31", Some("2026-05-01"), TODAY, Some(Unmet), "不得超过六个月"),
        ("2026-01-31", Some("2026-07-31"), TODAY, Some(Unmet), "超过三个月期限"),
        ("2026-01-31", Some("2026-08-01"), TODAY, Some(Unmet), "超过六个月的最长期限"),
        ("2025-11-30", Some("2026-02-28"), TODAY, Some(Met), ""),
        ("2025-11-30", Some("2026-03-01"), TODAY, Some(Unmet), ""),
        ("2026-01-31", None, "2026-04-30", Some(Pending), "还剩 0 天"),
        ("2026-01-31", None, "2026-05-01", Some(Unmet), "超过三个月"),
        ("2026-01-31", None, "2026-08-01", Some(Unmet), "超过六个月"),
    ];
    for (s15, s17, today, want, text) in cases {
        let mut steps = vec![(1, "2024-01-01"), (15, *s15)];
        steps.extend(s17.map(|x| (17, x)));
        let p = person(BIRTH, &steps);
        let r = &evaluate_check(C::ApprovalWithin3Months, &p, d(today), &CheckOptions::default())[0];
        assert_eq!(Some(r.status), *want, "{s15} {s17:?} {today}");
        assert!(r.message.contains(text), "{}", r.message);
    }
}

#[test]
fn probation_due() {
    let cases: &[(&str, Option<u32>, Option<&str>, &str, Option<CheckStatus>)] = &[
        ("2025-02-28", None, Some("2026-02-28"), TODAY, Some(Met)),
        ("2025-02-28", None, Some("2026-02-27"), TODAY, Some(Unmet)),
        // Held within a month of the end is timely; a day more is late.
        ("2025-02-28", None, Some("2026-03-28"), TODAY, Some(Met)),
        ("2025-02-28", None, Some("2026-03-29"), TODAY, Some(Unmet)),
        ("2025-02-28", None, None, "2026-02-28", Some(Pending)),
        ("2025-02-28", None, None, "2026-03-01", Some(Unmet)),
        // Received on a leap day: the 预备期 ends on 28 February of the next year.
        ("2024-02-29", None, Some("2025-02-28"), TODAY, Some(Met)),
        ("2024-02-29", None, Some("2025-02-27"), TODAY, Some(Unmet)),
        // Extended by 6 months: due at 18 months, clamped (31 January + 18 months = 31 July).
        ("2025-01-31", Some(6), None, "2026-07-31", Some(Pending)),
        ("2025-01-31", Some(6), None, "2026-08-01", Some(Unmet)),
        ("2025-01-31", Some(6), Some("2026-02-01"), TODAY, Some(Unmet)),
        ("2025-01-31", Some(6), Some("2026-07-31"), TODAY, Some(Met)),
    ];
    for (s15, ext, s23, today, want) in cases {
        let mut steps = vec![(1, "2023-01-01"), (15, *s15)];
        steps.extend(s23.map(|x| (23, x)));
        let mut p = person(BIRTH, &steps);
        p.probation_extension_months = *ext;
        assert_eq!(status(C::ProbationDue, &p, today), *want, "{s15} +{ext:?} {s23:?} {today}");
    }
}

#[test]
fn extension_6_to_12_once() {
    for (months, want) in [(5, Unmet), (6, Met), (12, Met), (13, Unmet)] {
        let mut p = person(BIRTH, &[(1, "2023-01-01"), (15, "2025-01-31")]);
        p.probation_extension_months = Some(months);
        p.probation_extended_on = Some(d("2026-02-05"));
        assert_eq!(status(C::Extension6To12Once, &p, TODAY), Some(want), "{months} months");
    }
    let p = person(BIRTH, &[(1, "2023-01-01"), (15, "2025-01-31")]);
    assert_eq!(status(C::Extension6To12Once, &p, TODAY), None, "no extension: not applicable");
}

#[test]
fn conversion_approval_within_3_months() {
    let cases: &[(Option<&str>, &str, Option<CheckStatus>)] = &[
        (Some("2026-06-30"), TODAY, Some(Met)),
        (Some("2026-07-01"), TODAY, Some(Unmet)),
        (None, "2026-06-30", Some(Pending)),
        (None, "2026-07-01", Some(Unmet)),
    ];
    for (s24, today, want) in cases {
        let mut steps = vec![(1, "2023-01-01"), (15, "2025-03-20"), (23, "2026-03-31")];
        steps.extend(s24.map(|x| (24, x)));
        let p = person(BIRTH, &steps);
        assert_eq!(status(C::ConversionApprovalWithin3Months, &p, today), *want, "{s24:?} {today}");
    }
}

#[test]
fn each_result_names_the_rules_version_in_force_on_its_anchor() {
    let before = person("2000-01-01", &[(1, "2026-05-10")]);
    let after = person("2000-01-01", &[(1, "2026-05-11")]);
    let o = CheckOptions::default();
    let r = &evaluate_check(C::TalkWithin1Month, &before, d(TODAY), &o)[0];
    assert_eq!(r.rules, "2014");
    assert!(r.source.contains("中办发〔2014〕33号）第七条"), "{}", r.source);
    let r = &evaluate_check(C::TalkWithin1Month, &after, d(TODAY), &o)[0];
    assert_eq!(r.rules, "2026");
    assert!(r.source.contains("2026年5月修订"), "{}", r.source);
}

#[test]
fn a_fresh_application_has_only_the_first_checks() {
    let p = person("2000-01-01", &[(1, "2026-11-01")]);
    let results = evaluate(&p, d(TODAY), &CheckOptions::default());
    let checks: Vec<_> = results.iter().map(|r| (r.check, r.status)).collect();
    assert_eq!(checks, vec![(C::Age18, Met), (C::TalkWithin1Month, Pending)]);
}
