//! Entering dues without slips (issue 12, items 7 and 8): the plausibility warnings asked about
//! before saving (a base above 100,000 元, a due above 1,000 元, a payment far from the due and not a
//! 补缴 of several months), back-filling a range of months in one action (all or nothing, months
//! already paid left alone, so doing it twice records nothing), and 补缴 (paid after the month's
//! collection deadline) told apart from on time in the report.

use zhibu_core::app::dues::{
    check_member_base, check_member_fixed_amount, check_month_payments, range_paid, RangePaidInput,
};
use zhibu_core::dues::brackets::{PLAUSIBLE_BASE_MAX_FEN, PLAUSIBLE_DUE_MAX_FEN};
use zhibu_core::dues::{record_range_paid, year_report, PaymentEntry, RangePaid};
use zhibu_core::model::dates::Month;
use zhibu_core::Ledger;

use super::actions::ledger;
use crate::support::member_id as id;
use crate::support::{assert_refused, audit_count, d, dump, last_audit, org, today};

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn at(problems: &[zhibu_core::Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.at.as_str()).collect()
}

// ---------------------------------------------------------------- plausibility

#[test]
fn an_unusual_base_or_due_is_asked_about_and_nothing_is_written() {
    let ledger = ledger();
    let (zhang, zhao) = (id(&ledger, "m-1"), id(&ledger, "m-4"));
    let before = dump(&ledger);
    // The slip seen in the window: 4600 typed after a refused 4600.
    let w = check_member_base(&ledger, zhang, "2026-01", 4_600_460_000).unwrap();
    assert_eq!(at(&w), ["base_fen", "due_fen"]);
    assert!(w[0].message.contains("46,004,600.00 元/月") && w[0].message.contains("100,000.00"), "{}", w[0].message);
    assert!(w[1].message.contains("920,092.00"), "{}", w[1].message);

    // The base threshold itself is not asked about, but 2% of it is a due above 1,000 元.
    assert_eq!(at(&check_member_base(&ledger, zhang, "2026-01", PLAUSIBLE_BASE_MAX_FEN).unwrap()), ["due_fen"]);
    // 50,000 元 gives exactly 1,000 元: not asked; a little more is.
    assert_eq!(PLAUSIBLE_DUE_MAX_FEN, 100_000);
    assert!(check_member_base(&ledger, zhang, "2026-01", 5_000_000).unwrap().is_empty());
    assert_eq!(at(&check_member_base(&ledger, zhang, "2026-01", 5_000_050).unwrap()), ["due_fen"]);
    assert!(check_member_base(&ledger, zhang, "2026-01", 650_000).unwrap().is_empty(), "an ordinary base");
    // A farmer pays a fixed amount: only the base itself can be unusual.
    assert_eq!(at(&check_member_base(&ledger, zhao, "2026-01", 20_000_000).unwrap()), ["base_fen"]);
    // A fixed amount above 1,000 元 a month.
    assert_eq!(at(&check_member_fixed_amount(Some(100_001))), ["dues_fixed_fen"]);
    assert!(check_member_fixed_amount(Some(100_000)).is_empty());
    assert!(check_member_fixed_amount(None).is_empty());
    assert_eq!(dump(&ledger), before, "a check writes nothing");
}

#[test]
fn a_payment_far_from_the_due_is_asked_about_unless_it_covers_arrears() {
    let ledger = ledger();
    let (zhang, li, zhou) = (id(&ledger, "m-1"), id(&ledger, "m-2"), id(&ledger, "m-6"));
    let check = |member_id, month: &str, paid_fen| {
        let entries = [PaymentEntry { member_id, paid_fen, paid_on: d("2026-11-20") }];
        check_month_payments(&ledger, month, &entries, today()).unwrap()
    };
    let before = dump(&ledger);
    // 张三 owes 31.01 a month and paid January and February: nothing in arrears before March.
    assert!(check(zhang, "2026-03", 3 * 3101).is_empty(), "three times the due is not asked about");
    let w = check(zhang, "2026-03", 3 * 3101 + 1);
    assert_eq!(at(&w), ["entries[0].paid_fen"]);
    assert!(w[0].message.starts_with("张三：实缴 93.04 元") && w[0].message.contains("3 倍以上"), "{}", w[0].message);
    assert!(check(zhang, "2026-03", 1034).is_empty(), "a third of the due (rounded up) is not asked about");
    assert!(check(zhang, "2026-03", 1033)[0].message.contains("不到应缴 31.01 元的三分之一"));
    assert_eq!(check(zhang, "2026-03", 0).len(), 1, "nothing paid against a due is asked about");

    // 李四 paid nothing this year: January–June at 45.00 and July–October at 97.50 are in arrears.
    // A 补缴 of all of it with November's due is not unusual; a cent more is.
    let arrears = 6 * 4500 + 4 * 9750;
    assert!(check(li, "2026-11", 9750 + arrears).is_empty());
    assert_eq!(check(li, "2026-11", 9750 + arrears + 1).len(), 1);

    // 周八 has no base: the due is unknown, only the absolute maximum applies.
    assert!(check(zhou, "2026-03", PLAUSIBLE_DUE_MAX_FEN).is_empty());
    assert_eq!(check(zhou, "2026-03", PLAUSIBLE_DUE_MAX_FEN + 1).len(), 1);
    // An unknown member is left to the save, which refuses it.
    assert!(check(9999, "2026-03", 1_000_000).is_empty());
    assert_eq!(dump(&ledger), before, "a check writes nothing");
}

// ---------------------------------------------------------------- back-filling a range

fn range(ledger: &Ledger, from: &str, to: &str, members: Option<&[&str]>, paid_on: Option<&str>) -> RangePaid {
    RangePaid {
        org_id: org(ledger),
        from: m(from),
        to: m(to),
        member_ids: members.map(|keys| keys.iter().map(|k| id(ledger, k)).collect()),
        paid_on: paid_on.map(d),
    }
}

fn month_paid(ledger: &Ledger, key: &str, month: &str) -> (i64, Option<chrono::NaiveDate>, bool) {
    let r = year_report(ledger, 2026, None, today()).unwrap();
    let md =
        r.members.iter().find(|x| x.member == key).unwrap().months.iter().find(|x| x.month == month).unwrap().clone();
    (md.paid_fen, md.paid_on, md.late)
}

#[test]
fn a_range_is_recorded_for_everyone_in_one_action_and_again_records_nothing() {
    let ledger = ledger();
    let n = audit_count(&ledger);
    let r = record_range_paid(&ledger, &range(&ledger, "2026-01", "2026-10", None, None), today()).unwrap();
    // 张三 Mar–Oct (Jan, Feb were paid), 李四 Jan–Oct, 王五 all but March (paid part), 赵六 Jan–Oct,
    // 孙七 May–Oct (joined in May), 郑十 Jan–Mar (left in March); 周八 has no base; 吴九 is exempt.
    assert_eq!((r.recorded, r.recorded_members, r.already_paid, r.exempt, r.recorded_late), (46, 6, 3, 10, 0));
    let fen = 8 * 3101 + 6 * 4500 + 4 * 9750 + 9 * 2500 + 10 * 20 + 6 * 20 + 3 * 1500;
    assert_eq!(r.recorded_fen, fen);
    assert_eq!(r.no_base.len(), 1);
    assert_eq!((r.no_base[0].name.as_str(), r.no_base[0].months.len()), ("周八", 10));
    assert_eq!((r.from_month.as_str(), r.to_month.as_str()), ("2026-01", "2026-10"));
    // Without a day, each month is paid on its collection deadline: on time, not 补缴.
    assert_eq!(month_paid(&ledger, "m-1", "2026-03"), (3101, Some(d("2026-03-31")), false));
    assert_eq!(month_paid(&ledger, "m-1", "2026-01"), (3101, Some(d("2026-01-10")), false), "left as it was");
    assert_eq!(month_paid(&ledger, "m-3", "2026-03").0, 1000, "a payment already there is never overwritten");
    assert_eq!(month_paid(&ledger, "m-5", "2026-05"), (20, Some(d("2026-05-31")), false), "owed from joining");
    assert_eq!(month_paid(&ledger, "m-8", "2026-03"), (1500, Some(d("2026-03-31")), false), "owed through leaving");
    assert_eq!(audit_count(&ledger), n + 1, "one action, one audit entry");
    let (action, entity, text) = last_audit(&ledger);
    assert_eq!((action.as_str(), entity.as_str()), ("登记", "dues_payment"));
    assert!(text.contains("2026-01 至 2026-10") && text.contains("6 人 46 个月次"), "{text}");

    // Again: every month owed is paid now, so nothing is recorded and nothing is written.
    let before = dump(&ledger);
    let again = record_range_paid(&ledger, &range(&ledger, "2026-01", "2026-10", None, None), today()).unwrap();
    assert_eq!((again.recorded, again.already_paid, again.exempt), (0, 49, 10));
    assert_eq!(dump(&ledger), before);
}

#[test]
fn chosen_members_paid_on_one_day_are_late_for_months_past_their_deadline() {
    let ledger = ledger();
    let req = range(&ledger, "2026-01", "2026-11", Some(&["m-2", "m-4"]), Some("2026-11-22"));
    let r = record_range_paid(&ledger, &req, today()).unwrap();
    // January–October were due by their month's end: paid on 11-22 they are 补缴; November is not.
    assert_eq!((r.recorded, r.recorded_members, r.recorded_late), (22, 2, 20));
    assert_eq!(month_paid(&ledger, "m-2", "2026-03"), (4500, Some(d("2026-11-22")), true));
    assert_eq!(month_paid(&ledger, "m-2", "2026-11"), (9750, Some(d("2026-11-22")), false));
    assert_eq!(month_paid(&ledger, "m-1", "2026-03").0, 0, "a member not chosen is left alone");

    let report = year_report(&ledger, 2026, None, today()).unwrap();
    let li = report.members.iter().find(|x| x.member == "m-2").unwrap();
    assert_eq!(li.paid_late_fen, 6 * 4500 + 4 * 9750);
    assert_eq!(li.paid_total_fen, 6 * 4500 + 5 * 9750);
    assert_eq!((report.totals.paid_late_fen, report.totals.late_months), (li.paid_late_fen + 10 * 20, 20));
    // `zhibu dues --json` carries both: each month's `late` and the sums.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["totals"]["late_months"], 20);
    let zhang = json["members"].as_array().unwrap().iter().find(|x| x["member"] == "m-1").unwrap();
    assert_eq!(zhang["months"][0]["late"], false, "张三 paid January on the 10th");
    assert!(report.summary_text().contains("其中补缴"), "{}", report.summary_text());
}

#[test]
fn a_range_is_refused_whole_and_names_the_field() {
    let ledger = ledger();
    assert_refused(&ledger, &[("from_month", "晚于结束月份 2026-01")], || {
        record_range_paid(&ledger, &range(&ledger, "2026-03", "2026-01", None, None), today())
    });
    assert_refused(&ledger, &[("to_month", "2026-12 还未到")], || {
        record_range_paid(&ledger, &range(&ledger, "2026-01", "2026-12", None, None), today())
    });
    assert_refused(&ledger, &[("from_month", "最多登记 60 个月")], || {
        record_range_paid(&ledger, &range(&ledger, "2021-11", "2026-11", None, None), today())
    });
    assert_refused(&ledger, &[("paid_on", "晚于今天")], || {
        record_range_paid(&ledger, &range(&ledger, "2026-01", "2026-10", None, Some("2026-11-23")), today())
    });
    assert_refused(&ledger, &[("member_ids", "至少选择一名党员")], || {
        record_range_paid(&ledger, &range(&ledger, "2026-01", "2026-10", Some(&[]), None), today())
    });
    // One bad choice among good ones: nothing is recorded for anybody.
    let mut req = range(&ledger, "2026-01", "2026-03", Some(&["m-2", "m-5"]), None);
    assert_refused(&ledger, &[("member_ids[1]", "孙七 在 2026-01 至 2026-03 期间不在")], || {
        record_range_paid(&ledger, &req, today())
    });
    req.member_ids = Some(vec![id(&ledger, "m-2"), 9999]);
    assert_refused(&ledger, &[("member_ids[1]", "未找到编号为 9999 的党员")], || {
        record_range_paid(&ledger, &req, today())
    });
    // One day for everyone, before 孙七 joined: refused, and what was written for the others is undone.
    assert_refused(&ledger, &[("paid_on", "缴纳日期 2026-05-01 早于孙七入党的日期 2026-05-20")], || {
        record_range_paid(&ledger, &range(&ledger, "2026-01", "2026-10", None, Some("2026-05-01")), today())
    });
    // The window's form: months as text.
    let input = |from: &str, to: &str| RangePaidInput {
        org_id: org(&ledger),
        from_month: from.into(),
        to_month: to.into(),
        member_ids: None,
        paid_on: None,
    };
    assert_refused(&ledger, &[("from_month", "月份应为"), ("to_month", "月份应为")], || {
        range_paid(&ledger, &input("2026-1x", "十月"), today())
    });
    let r = range_paid(&ledger, &input("2026-10", "2026-10"), today()).unwrap();
    // October: 张三, 李四, 王五, 赵六, 孙七 (周八 has no base, 吴九 is exempt, 郑十 left in March).
    assert_eq!(r.recorded, 5, "a single month is a range of one");
}

#[test]
fn on_time_means_the_collection_day_but_never_before_joining() {
    let ledger = ledger();
    zhibu_core::app::settings::set_collection_day(&ledger, Some(15), today()).unwrap();
    let r = record_range_paid(&ledger, &range(&ledger, "2026-03", "2026-05", Some(&["m-2", "m-5"]), None), today())
        .unwrap();
    assert_eq!(month_paid(&ledger, "m-2", "2026-03"), (4500, Some(d("2026-03-15")), false));
    // 孙七 joined on 20 May, after May's collection day: recorded on the day she joined, which is
    // after the deadline, so it shows as 补缴.
    assert_eq!(month_paid(&ledger, "m-5", "2026-05"), (20, Some(d("2026-05-20")), true));
    assert_eq!((r.recorded, r.recorded_late), (4, 1));
}
