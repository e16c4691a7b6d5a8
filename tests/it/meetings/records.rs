//! 组织生活 actions against a real SQLite ledger: who is expected (branch, 党小组, 支委会, exempt and
//! suspended members apart), recording with attendance defaults and exceptions, validation naming the
//! field with nothing changed, editing, the recycle bin, 谈心谈话 and 志愿服务, search (incl. 1–2
//! characters), 学时 and attendance rates, templates, attachments, trainings and 民主评议 results.

use serde_json::{json, Value};
use zhibu_core::app::bin::{recycle_bin, restore_from_bin};
use zhibu_core::meetings::*;
use zhibu_core::model::{ActivityType as T, AttendanceStatus as S, Grade, TalkTrigger};
use zhibu_core::package::{import_package, parse_package};
use zhibu_core::{ErrorCode, Ledger};

use crate::support::member_id as id;
use crate::support::package;
use crate::support::{assert_refused, audit_count, d, dump, last_audit, org, today};

fn member(key: &str, name: &str, group: &str, joined_on: &str, extra: Value) -> Value {
    package::with(package::member(key, name, joined_on, json!({ "group": group })), extra)
}

/// One branch with two 党小组 and a member for each situation.
fn package() -> Value {
    json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "meetings-test",
        "organizations": [
            { "key": "o-1", "name": "中共示例第一支部委员会", "kind": "branch", "sector": "government",
              "positions": [
                  { "member": "m-1", "role": "secretary", "from": "2025-01-01" },
                  { "member": "m-2", "role": "organization", "from": "2025-01-01" },
                  { "member": "m-9", "role": "propaganda", "from": "2020-01-01", "to": "2026-01-01" }
              ],
              "groups": [{ "key": "g-1", "name": "第一党小组", "leader": "m-3" }, { "key": "g-2", "name": "第二党小组" }] }
        ],
        "members": [
            member("m-1", "张书记", "g-1", "2000-07-01", json!({})),
            member("m-2", "李委员", "g-1", "2000-07-01", json!({})),
            member("m-3", "王五", "g-1", "2000-07-01", json!({})),
            member("m-4", "赵六", "g-2", "2000-07-01", json!({})),
            member("m-5", "孙七", "g-2", "1960-07-01", json!({ "attendance_exempt": true, "birth_date": "1935-01-01" })),
            member("m-6", "周八", "g-2", "2000-07-01",
                json!({ "left": { "on": "2026-03-10", "reason": "transfer_out", "to": "中共另一支部委员会" } })),
            member("m-7", "吴九", "g-2", "2026-05-20", json!({ "status": "probationary", "full_member_on": null })),
            member("m-8", "郑十", "g-1", "2000-07-01", json!({ "standing": "suspended" })),
            member("m-9", "钱老委员", "g-1", "1990-07-01", json!({}))
        ]
    })
}

fn ledger() -> Ledger {
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&package().to_string()).unwrap(), today()).unwrap();
    ledger
}

fn group(ledger: &Ledger, key: &str) -> i64 {
    ledger.conn().query_row("SELECT id FROM party_groups WHERE key = ?1", [key], |r| r.get(0)).unwrap()
}

fn names(list: &[ExpectedMember]) -> Vec<&str> {
    list.iter().map(|m| m.name.as_str()).collect()
}

/// A 主题党日 on 2026-06-12, everyone expected present.
fn theme_day(ledger: &Ledger) -> ActivityFields {
    ActivityFields {
        org_id: org(ledger),
        types: vec![T::ThemeDay],
        group_id: None,
        date: d("2026-06-12"),
        start_time: Some("14:30".into()),
        end_time: Some("16:30".into()),
        place: "机关三楼党员活动室".into(),
        topic: "重温入党誓词，学习党章党规".into(),
        host_id: Some(id(ledger, "m-1")),
        recorder_id: Some(id(ledger, "m-2")),
        lecturer_id: None,
        content: Some("集中学习《中国共产党章程》，交流学习体会".into()),
        decisions: Some("按时收缴六月党费".into()),
        hours_tenths: None,
        observers: None,
        talk_trigger: None,
        celebrant_ids: vec![],
        attendees: None,
        marks: vec![],
        votes: vec![],
    }
}

fn mark(member_id: i64, status: S, reason: Option<&str>) -> AttendanceMark {
    AttendanceMark { member_id, status, reason: reason.map(str::to_string) }
}

// ---------------------------------------------------------------- who is expected

#[test]
fn the_branch_expects_members_on_the_roll_that_day_with_exempt_and_suspended_apart() {
    let ledger = ledger();
    let o = org(&ledger);
    let june = expected_attendees(&ledger, o, &[T::ThemeDay], None, d("2026-06-12")).unwrap();
    assert_eq!(june.audience, Audience::Branch);
    assert_eq!(names(&june.expected), ["张书记", "李委员", "王五", "赵六", "吴九", "钱老委员"]);
    let apart: Vec<(&str, &str)> = june.apart.iter().map(|a| (a.name.as_str(), a.reason.as_str())).collect();
    assert_eq!(apart, [("孙七", "免于参加组织生活（年老体弱等）"), ("郑十", "停止党籍")]);
    // Before 周八 left (10 March) and before 吴九 joined (20 May).
    let march = expected_attendees(&ledger, o, &[T::PartyCongress], None, d("2026-03-09")).unwrap();
    assert_eq!(names(&march.expected), ["张书记", "李委员", "王五", "赵六", "周八", "钱老委员"]);
    // The day of leaving: no longer expected; the day of joining: expected.
    let left = expected_attendees(&ledger, o, &[T::PartyCongress], None, d("2026-03-10")).unwrap();
    assert!(!names(&left.expected).contains(&"周八"));
    let joined = expected_attendees(&ledger, o, &[T::PartyCongress], None, d("2026-05-20")).unwrap();
    assert!(names(&joined.expected).contains(&"吴九"));
}

#[test]
fn a_committee_meeting_expects_the_committee_in_office_that_day() {
    let ledger = ledger();
    let o = org(&ledger);
    let now = expected_attendees(&ledger, o, &[T::CommitteeMeeting], None, d("2026-06-01")).unwrap();
    assert_eq!(now.audience, Audience::Committee);
    assert_eq!(names(&now.expected), ["张书记", "李委员"]);
    assert!(now.apart.is_empty());
    let before = expected_attendees(&ledger, o, &[T::CommitteeMeeting], None, d("2025-06-01")).unwrap();
    assert_eq!(names(&before.expected), ["张书记", "李委员", "钱老委员"]);
    // The position ended on 2026-01-01: that day it is no longer held.
    let end = expected_attendees(&ledger, o, &[T::CommitteeMeeting], None, d("2026-01-01")).unwrap();
    assert_eq!(names(&end.expected), ["张书记", "李委员"]);
}

#[test]
fn a_group_meeting_expects_its_group_and_a_combined_sitting_the_widest_audience() {
    let ledger = ledger();
    let o = org(&ledger);
    let g2 = group(&ledger, "g-2");
    let g = expected_attendees(&ledger, o, &[T::GroupMeeting], Some(g2), d("2026-06-01")).unwrap();
    assert_eq!(g.audience, Audience::Group);
    assert_eq!(names(&g.expected), ["赵六", "吴九"]);
    assert_eq!(g.apart.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["孙七"]);
    let both =
        expected_attendees(&ledger, o, &[T::CommitteeMeeting, T::GroupMeeting], Some(g2), d("2026-06-01")).unwrap();
    assert_eq!(both.audience, Audience::CommitteeAndGroup);
    assert_eq!(names(&both.expected), ["张书记", "李委员", "赵六", "吴九"]);
    let wide =
        expected_attendees(&ledger, o, &[T::ThemeDay, T::PartyLecture, T::CommitteeMeeting], None, d("2026-06-01"))
            .unwrap();
    assert_eq!(wide.audience, Audience::Branch);
    assert_eq!(wide.expected.len(), 6);
    let talk = expected_attendees(&ledger, o, &[T::HeartTalk], None, d("2026-06-01")).unwrap();
    assert_eq!(talk.audience, Audience::Named);
    assert!(talk.expected.is_empty());
}

// ---------------------------------------------------------------- recording

#[test]
fn recording_defaults_everyone_present_and_stores_only_the_exceptions_given() {
    let ledger = ledger();
    let mut f = theme_day(&ledger);
    f.marks = vec![mark(id(&ledger, "m-3"), S::Leave, Some("出差")), mark(id(&ledger, "m-4"), S::Absent, None)];
    let before = audit_count(&ledger);
    let a = record_activity(&ledger, f, today()).unwrap();
    assert_eq!(audit_count(&ledger), before + 1);
    let (action, entity, summary) = last_audit(&ledger);
    assert_eq!((action.as_str(), entity.as_str()), ("新增", "activity"));
    assert!(summary.contains("2026-06-12 主题党日“重温入党誓词"), "{summary}");

    let rows = list_activities(&ledger, &ActivityFilter { year: 2026, ..Default::default() }).unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.id, a);
    assert_eq!(row.key, format!("a-{a}"));
    assert_eq!(row.counts, AttendanceCounts { expected: 6, present: 4, leave: 1, absent: 1 });
    assert_eq!(row.host_name.as_deref(), Some("张书记"));
    assert_eq!(row.recorder_name.as_deref(), Some("李委员"));

    let detail = activity_detail(&ledger, a).unwrap();
    let who = |l: &[AttendeeLine]| l.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
    assert_eq!(who(&detail.present), ["张书记", "李委员", "吴九", "钱老委员"]);
    assert_eq!(who(&detail.leave), ["王五"]);
    assert_eq!(detail.leave[0].reason.as_deref(), Some("出差"));
    assert_eq!(who(&detail.absent), ["赵六"]);
    assert_eq!(detail.apart.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["孙七", "郑十"]);
    // 14:30–16:30 of a 主题党日 without stored hours: 2 学时.
    assert_eq!(detail.credited_tenths, 20);
    assert_eq!(detail.changes.len(), 1);
}

#[test]
fn an_exempt_member_who_came_is_recorded_present_but_leave_for_someone_not_expected_is_refused() {
    let ledger = ledger();
    let mut f = theme_day(&ledger);
    f.marks = vec![mark(id(&ledger, "m-5"), S::Present, None)];
    let a = record_activity(&ledger, f, today()).unwrap();
    let detail = activity_detail(&ledger, a).unwrap();
    assert_eq!(detail.row.counts, AttendanceCounts { expected: 7, present: 7, leave: 0, absent: 0 });
    assert!(detail.present.iter().any(|x| x.name == "孙七"));

    let mut f = theme_day(&ledger);
    f.marks = vec![mark(id(&ledger, "m-8"), S::Leave, Some("病假"))];
    assert_refused(
        &ledger,
        &[("marks[0].member_id", "郑十 不在本次应到人员中，不能登记为请假")],
        || record_activity(&ledger, f, today()),
    );
}

#[test]
fn a_committee_meeting_of_twelve_expected_is_recorded_from_the_committee() {
    let ledger = ledger();
    let mut f = theme_day(&ledger);
    f.types = vec![T::CommitteeMeeting];
    f.topic = "研究六月工作".into();
    f.marks = vec![mark(id(&ledger, "m-2"), S::Leave, Some("培训"))];
    let a = record_activity(&ledger, f, today()).unwrap();
    let detail = activity_detail(&ledger, a).unwrap();
    assert_eq!(detail.row.counts, AttendanceCounts { expected: 2, present: 1, leave: 1, absent: 0 });
    assert!(detail.apart.is_empty());
}

/// A change to a valid form, and the (field, message) problems it must cause.
type RefusedCase = (Box<dyn Fn(&mut ActivityFields)>, Vec<(&'static str, &'static str)>);

#[test]
fn refused_forms_name_the_field_and_change_nothing() {
    let ledger = ledger();
    let cases: Vec<RefusedCase> = vec![
        (Box::new(|f| f.types.clear()), vec![("types", "请至少选择一种活动类型")]),
        (Box::new(|f| f.date = d("2026-11-23")), vec![("date", "晚于今天 2026-11-22")]),
        (Box::new(|f| f.start_time = Some("14点半".into())), vec![("start_time", "不是有效时间")]),
        (Box::new(|f| f.end_time = Some("25:00".into())), vec![("end_time", "不是有效时间")]),
        (Box::new(|f| f.end_time = Some("14:00".into())), vec![("end_time", "不晚于开始时间 14:30")]),
        (Box::new(|f| f.start_time = None), vec![("start_time", "也请填写开始时间")]),
        (Box::new(|f| f.place = "  ".into()), vec![("place", "地点：不能为空")]),
        (Box::new(|f| f.topic = String::new()), vec![("topic", "主题：不能为空")]),
        (Box::new(|f| f.types = vec![T::GroupMeeting]), vec![("group_id", "党小组会须选择党小组")]),
        (Box::new(|f| f.group_id = Some(1)), vec![("group_id", "只有党小组会需要选择党小组")]),
        (Box::new(|f| f.lecturer_id = f.host_id), vec![("lecturer_id", "只有党课需要填写讲课人")]),
        (Box::new(|f| f.talk_trigger = Some(TalkTrigger::Honour)), vec![("talk_trigger", "只有谈心谈话")]),
        (Box::new(|f| f.hours_tenths = Some(250)), vec![("hours_tenths", "超过一天")]),
        (Box::new(|f| f.host_id = Some(999)), vec![("host_id", "主持人：未找到编号为 999 的党员")]),
        (Box::new(|f| f.org_id = 999), vec![("org_id", "未找到编号为 999 的组织")]),
        (Box::new(|f| f.attendees = Some(vec![])), vec![("attendees", "请至少选择一人")]),
        (
            Box::new(|f| f.marks = vec![mark(3, S::Leave, None), mark(3, S::Absent, None)]),
            vec![("marks[0].reason", "请假须填写原因"), ("marks[1].member_id", "与第 1 条重复")],
        ),
    ];
    for (change, want) in cases {
        let mut f = theme_day(&ledger);
        change(&mut f);
        assert_refused(&ledger, &want, || record_activity(&ledger, f.clone(), today()));
        assert_eq!(check_activity(&ledger, f, today()).unwrap().len(), want.len());
    }
    // A member who had left by the day cannot be named as taking part.
    let mut f = theme_day(&ledger);
    f.attendees = Some(vec![id(&ledger, "m-1"), id(&ledger, "m-6")]);
    assert_refused(&ledger, &[("attendees[1]", "周八 在 2026-06-12 不在党员名册中")], || {
        record_activity(&ledger, f, today())
    });
    // Another organisation's group.
    assert!(check_activity(&ledger, theme_day(&ledger), today()).unwrap().is_empty());
}

#[test]
fn editing_rederives_attendance_and_an_unchanged_save_writes_nothing() {
    let ledger = ledger();
    let a = record_activity(&ledger, theme_day(&ledger), today()).unwrap();
    let mut f = activity_detail(&ledger, a).unwrap().fields;
    assert_eq!(f, {
        let mut t = theme_day(&ledger);
        t.types.sort();
        t
    });
    let before = dump(&ledger);
    update_activity(&ledger, a, f.clone(), today()).unwrap();
    assert_eq!(dump(&ledger), before, "saving the form unchanged changed the ledger");

    f.topic = "学习新修订的纪律处分条例".into();
    f.types = vec![T::ThemeDay, T::PartyLecture];
    f.lecturer_id = Some(id(&ledger, "m-1"));
    f.marks = vec![mark(id(&ledger, "m-9"), S::Leave, Some("病假"))];
    update_activity(&ledger, a, f, today()).unwrap();
    let (action, _, summary) = last_audit(&ledger);
    assert_eq!(action, "修改");
    assert!(summary.contains("党课·主题党日“学习新修订的纪律处分条例”"), "{summary}");
    let detail = activity_detail(&ledger, a).unwrap();
    assert_eq!(detail.row.types, [T::PartyLecture, T::ThemeDay]);
    assert_eq!(detail.row.counts, AttendanceCounts { expected: 6, present: 5, leave: 1, absent: 0 });
    assert_eq!(detail.lecturer_name.as_deref(), Some("张书记"));
    // The detail's form saves back unchanged again.
    let before = dump(&ledger);
    update_activity(&ledger, a, detail.fields, today()).unwrap();
    assert_eq!(dump(&ledger), before);
}

#[test]
fn a_deleted_activity_goes_to_the_recycle_bin_and_comes_back() {
    let ledger = ledger();
    let a = record_activity(&ledger, theme_day(&ledger), today()).unwrap();
    let filter = ActivityFilter { year: 2026, ..Default::default() };
    let bin = delete_activity(&ledger, a).unwrap();
    assert!(list_activities(&ledger, &filter).unwrap().is_empty());
    assert!(search_activities(&ledger, "入党誓词", None, 10).unwrap().is_empty());
    assert_eq!(activity_detail(&ledger, a).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(delete_activity(&ledger, a).unwrap_err().code(), ErrorCode::NotFound);
    let (entity, summary): (String, String) = ledger
        .conn()
        .query_row("SELECT entity, summary FROM recycle_bin WHERE id = ?1", [bin], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(entity, "activity");
    assert!(summary.contains("重温入党誓词"));
    // Attendance is kept while in the bin.
    let kept: i64 =
        ledger.conn().query_row("SELECT count(*) FROM attendance WHERE activity_id = ?1", [a], |r| r.get(0)).unwrap();
    assert_eq!(kept, 6);
    assert_eq!(restore_activity(&ledger, bin).unwrap(), a);
    assert_eq!(list_activities(&ledger, &filter).unwrap()[0].counts.present, 6);
    assert_eq!(last_audit(&ledger).0, "恢复");
    assert_eq!(restore_activity(&ledger, bin).unwrap_err().code(), ErrorCode::NotFound);
}

// ---------------------------------------------------------------- talks, volunteering, 政治生日

#[test]
fn a_heart_talk_records_who_with_whom_and_the_trigger() {
    let ledger = ledger();
    let talk = HeartTalkFields {
        org_id: org(&ledger),
        date: d("2026-07-08"),
        start_time: Some("16:00".into()),
        end_time: Some("16:40".into()),
        place: "书记办公室".into(),
        talker_id: id(&ledger, "m-1"),
        with_ids: vec![id(&ledger, "m-4")],
        topic: "岗位调整后的思想和工作".into(),
        content: Some("了解岗位调整后的适应情况".into()),
        trigger: Some(TalkTrigger::PostChange),
    };
    let a = record_heart_talk(&ledger, talk.clone(), today()).unwrap();
    let detail = activity_detail(&ledger, a).unwrap();
    assert_eq!(detail.row.types, [T::HeartTalk]);
    assert_eq!(detail.fields.talk_trigger, Some(TalkTrigger::PostChange));
    assert_eq!(detail.row.host_name.as_deref(), Some("张书记"));
    assert_eq!(detail.present.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["张书记", "赵六"]);
    assert!(detail.apart.is_empty());
    assert_eq!(detail.credited_tenths, 0, "a talk credits no 学时");
    assert_eq!(TalkTrigger::PostChange.label(), "岗位变动或职务调整时必谈");

    let mut alone = talk.clone();
    alone.with_ids = vec![];
    assert_refused(&ledger, &[("attendees", "请选择谈话对象")], || record_heart_talk(&ledger, alone, today()));
}

#[test]
fn volunteering_credits_its_hours_to_the_volunteers_only() {
    let ledger = ledger();
    let service = VolunteerFields {
        org_id: org(&ledger),
        date: d("2026-03-05"),
        start_time: None,
        end_time: None,
        place: "社区服务点".into(),
        topic: "学雷锋志愿服务".into(),
        content: None,
        hours_tenths: 25,
        volunteer_ids: vec![id(&ledger, "m-3"), id(&ledger, "m-4")],
        host_id: None,
    };
    record_volunteer(&ledger, service, today()).unwrap();
    let report = study_hours(&ledger, Some(org(&ledger)), 2026, StudyHoursParams::default(), today()).unwrap();
    let of = |name: &str| report.members.iter().find(|m| m.name == name).unwrap();
    assert_eq!(of("王五").activity_tenths, 25);
    assert_eq!(of("张书记").activity_tenths, 0);
    // Volunteering is not a meeting: no attendance expected.
    assert_eq!(of("王五").expected, 0);
    assert_eq!(of("王五").rate_permille, None);
}

#[test]
fn a_political_birthday_names_its_celebrants() {
    let ledger = ledger();
    let mut f = theme_day(&ledger);
    f.date = d("2026-07-01");
    f.topic = "集体过政治生日".into();
    f.celebrant_ids = vec![id(&ledger, "m-1"), id(&ledger, "m-3")];
    let a = record_activity(&ledger, f, today()).unwrap();
    let detail = activity_detail(&ledger, a).unwrap();
    assert_eq!(detail.celebrants.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["张书记", "王五"]);
    let mut f = theme_day(&ledger);
    f.celebrant_ids = vec![id(&ledger, "m-6")];
    assert_refused(&ledger, &[("celebrant_ids[0]", "周八 在 2026-06-12 不在党员名册中")], || {
        record_activity(&ledger, f, today())
    });
}

// ---------------------------------------------------------------- listing and search

#[test]
fn lists_filter_by_quarter_type_and_group_and_the_calendar_groups_by_day() {
    let ledger = ledger();
    let o = org(&ledger);
    let g1 = group(&ledger, "g-1");
    record_activity(&ledger, theme_day(&ledger), today()).unwrap();
    let mut c = theme_day(&ledger);
    c.types = vec![T::CommitteeMeeting];
    c.date = d("2026-06-08");
    c.topic = "支委会".into();
    record_activity(&ledger, c, today()).unwrap();
    let mut g = theme_day(&ledger);
    g.types = vec![T::GroupMeeting];
    g.group_id = Some(g1);
    g.date = d("2026-02-10");
    g.topic = "党小组学习".into();
    record_activity(&ledger, g, today()).unwrap();
    let mut same_day = theme_day(&ledger);
    same_day.start_time = Some("09:00".into());
    same_day.end_time = Some("10:00".into());
    same_day.types = vec![T::Study];
    same_day.topic = "集中学习".into();
    record_activity(&ledger, same_day, today()).unwrap();

    let topics = |f: ActivityFilter| -> Vec<String> {
        list_activities(&ledger, &f).unwrap().into_iter().map(|r| r.topic).collect()
    };
    let year = ActivityFilter { org_id: Some(o), year: 2026, ..Default::default() };
    assert_eq!(topics(year.clone()), ["党小组学习", "支委会", "集中学习", "重温入党誓词，学习党章党规"]);
    assert_eq!(topics(ActivityFilter { quarter: Some(1), ..year.clone() }), ["党小组学习"]);
    assert_eq!(topics(ActivityFilter { month: Some(6), ..year.clone() }).len(), 3);
    assert_eq!(
        topics(ActivityFilter { types: vec![T::CommitteeMeeting, T::Study], ..year.clone() }),
        ["支委会", "集中学习"]
    );
    assert_eq!(topics(ActivityFilter { group_id: Some(g1), ..year.clone() }), ["党小组学习"]);
    assert!(topics(ActivityFilter { year: 2025, ..year.clone() }).is_empty());
    let group_row = &list_activities(&ledger, &ActivityFilter { group_id: Some(g1), ..year.clone() }).unwrap()[0];
    assert_eq!(group_row.group_name.as_deref(), Some("第一党小组"));
    assert_eq!(
        group_row.counts.expected, 4,
        "第一党小组 on 2026-02-10: 张书记, 李委员, 王五, 钱老委员 (郑十 suspended)"
    );

    let days = activity_calendar(&ledger, &ActivityFilter { month: Some(6), ..year.clone() }).unwrap();
    let shape: Vec<(String, usize)> = days.iter().map(|d| (d.date.to_string(), d.activities.len())).collect();
    assert_eq!(shape, [("2026-06-08".to_string(), 1), ("2026-06-12".to_string(), 2)]);
    assert_eq!(days[1].activities[0].topic, "集中学习", "earlier start first");

    let err =
        list_activities(&ledger, &ActivityFilter { quarter: Some(2), month: Some(1), ..year.clone() }).unwrap_err();
    assert_eq!(err.problems()[0].at, "month");
    let err = list_activities(&ledger, &ActivityFilter { quarter: Some(5), ..year }).unwrap_err();
    assert_eq!(err.problems()[0].at, "quarter");
}

#[test]
fn search_finds_topics_minutes_and_decisions_with_short_queries_too() {
    let ledger = ledger();
    let a = record_activity(&ledger, theme_day(&ledger), today()).unwrap();
    let mut other = theme_day(&ledger);
    other.topic = "学习贯彻全会精神".into();
    other.content = Some("传达会议精神".into());
    other.decisions = None;
    let b = record_activity(&ledger, other, today()).unwrap();
    let ids =
        |q: &str| -> Vec<i64> { search_activities(&ledger, q, None, 50).unwrap().iter().map(|h| h.row.id).collect() };
    // Trigram (3+ characters) over the topic, the minutes and the decisions.
    assert_eq!(ids("入党誓词"), [a]);
    assert_eq!(ids("中国共产党章程"), [a]);
    assert_eq!(ids("六月党费"), [a]);
    assert_eq!(ids("全会精神"), [b]);
    // Two characters and one: shorter than a trigram, still found.
    assert_eq!(ids("党费"), [a]);
    assert_eq!(ids("精神"), [b]);
    let mut both = ids("学习");
    both.sort();
    assert_eq!(both, [a, b]);
    assert_eq!(ids("誓"), [a]);
    assert!(ids("不存在的内容").is_empty());
    assert!(ids("%").is_empty(), "LIKE wildcards are literal");
    let hit = &search_activities(&ledger, "党费", None, 5).unwrap()[0];
    assert_eq!(hit.field, "decisions");
    assert_eq!(hit.snippet, "按时收缴六月党费");
    let hit = &search_activities(&ledger, "中国共产党章程", None, 5).unwrap()[0];
    assert_eq!(hit.field, "content");
    // Editing re-indexes: the old words are gone, the new ones found.
    let mut f = activity_detail(&ledger, a).unwrap().fields;
    f.topic = "专题研讨乡村振兴".into();
    f.content = None;
    f.decisions = None;
    update_activity(&ledger, a, f, today()).unwrap();
    assert!(ids("入党誓词").is_empty());
    assert!(ids("党费").is_empty());
    assert_eq!(ids("乡村振兴"), [a]);
    assert_eq!(ids("振兴"), [a]);
    let err = search_activities(&ledger, "  ", None, 5).unwrap_err();
    assert_eq!(err.problems()[0].at, "query");
}

// ---------------------------------------------------------------- 学时 and rates

#[test]
fn credited_hours_follow_the_stated_rule() {
    // (types, stored, start, end) → tenths
    type Case<'a> = (&'a [T], Option<i64>, Option<&'a str>, Option<&'a str>, u32);
    let cases: &[Case] = &[
        (&[T::CommitteeMeeting], Some(10), Some("14:30"), Some("16:30"), 10),
        (&[T::CommitteeMeeting], None, Some("14:30"), Some("16:30"), 0),
        (&[T::ThemeDay], None, Some("14:30"), Some("16:30"), 20),
        (&[T::PartyLecture], None, Some("14:30"), Some("16:05"), 16),
        (&[T::Study], None, Some("09:00"), Some("09:03"), 1),
        (&[T::Study], None, Some("09:00"), Some("09:02"), 0),
        (&[T::Study], None, None, None, 0),
        (&[T::HeartTalk], None, Some("16:00"), Some("16:40"), 0),
        (&[T::Volunteer], Some(25), None, None, 25),
        (&[T::CommitteeMeeting, T::PartyLecture], None, Some("14:00"), Some("15:30"), 15),
    ];
    for (types, stored, start, end, want) in cases {
        assert_eq!(credited_tenths(types, *stored, *start, *end), *want, "{types:?} {stored:?} {start:?}-{end:?}");
    }
}

#[test]
fn yearly_hours_add_attended_activities_and_trainings_against_32_or_56() {
    let ledger = ledger();
    let o = org(&ledger);
    // Three 2-hour sittings; 王五 on leave at one, absent at another.
    for (date, marks) in [
        ("2026-02-12", vec![mark(id(&ledger, "m-3"), S::Leave, Some("出差"))]),
        ("2026-05-12", vec![mark(id(&ledger, "m-3"), S::Absent, None)]),
        ("2026-09-11", vec![]),
    ] {
        let mut f = theme_day(&ledger);
        f.date = d(date);
        f.hours_tenths = Some(20);
        f.marks = marks;
        record_activity(&ledger, f, today()).unwrap();
    }
    let mut last_year = theme_day(&ledger);
    last_year.date = d("2025-12-12");
    record_activity(&ledger, last_year, today()).unwrap();
    add_training(
        &ledger,
        TrainingFields {
            member_id: id(&ledger, "m-1"),
            date: d("2026-04-01"),
            title: "基层党组织书记轮训".into(),
            hours_tenths: 520,
            organizer: Some("县委组织部".into()),
        },
        today(),
    )
    .unwrap();
    add_training(
        &ledger,
        TrainingFields {
            member_id: id(&ledger, "m-3"),
            date: d("2026-04-02"),
            title: "网络培训".into(),
            hours_tenths: 300,
            organizer: None,
        },
        today(),
    )
    .unwrap();
    let report = study_hours(&ledger, Some(o), 2026, StudyHoursParams::default(), today()).unwrap();
    let of = |name: &str| report.members.iter().find(|m| m.name == name).unwrap();
    let shu = of("张书记");
    assert!(shu.committee);
    assert_eq!((shu.activity_tenths, shu.training_tenths, shu.total_tenths), (60, 520, 580));
    assert_eq!((shu.required_tenths, shu.met), (560, true));
    assert_eq!((shu.expected, shu.present, shu.rate_permille), (3, 3, Some(1000)));
    let wang = of("王五");
    assert!(!wang.committee);
    assert_eq!((wang.activity_tenths, wang.total_tenths, wang.required_tenths, wang.met), (20, 320, 320, true));
    assert_eq!((wang.expected, wang.present, wang.leave, wang.absent), (3, 1, 1, 1));
    assert_eq!(wang.rate_permille, Some(333));
    // 钱老委员's position ended on 2026-01-01 (the end day is no longer in office): not in 2026.
    assert!(!of("钱老委员").committee);
    assert_eq!(of("钱老委员").required_tenths, 320);
    // 吴九 joined on 20 May: only the September sitting expected.
    assert_eq!(of("吴九").expected, 1);
    // 周八 left in March: on the list with one sitting; 孙七 exempt: expected at none.
    assert_eq!(of("周八").expected, 1);
    assert_eq!(of("孙七").rate_permille, None);
    assert!(of("孙七").attendance_exempt);
    // 吴九 joined in May: held to 8 of 12 months, 32 × 8/12 = 21.3 → 22 学时.
    assert_eq!((of("吴九").months, of("吴九").required_tenths), (8, 220));
    // Members who left and exempt members are listed but not judged (never counted short).
    assert!(!of("周八").judged && !of("孙七").judged && of("王五").judged);
    assert_eq!(report.short, report.members.iter().filter(|m| m.judged && !m.met).count() as u32);
    assert_eq!(report.short, 5);
    // A profile without the committee number: everyone 32.
    let flat = study_hours(
        &ledger,
        Some(o),
        2026,
        StudyHoursParams { required_tenths: 320, committee_required_tenths: None },
        today(),
    )
    .unwrap();
    assert_eq!(flat.members.iter().find(|m| m.name == "张书记").unwrap().required_tenths, 320);
    assert_eq!(
        study_hours(&ledger, Some(o), 10000, StudyHoursParams::default(), today()).unwrap_err().problems()[0].at,
        "year"
    );
}

// ---------------------------------------------------------------- templates

#[test]
fn templates_prefill_the_form_and_go_to_the_recycle_bin() {
    let ledger = ledger();
    let o = org(&ledger);
    let fields = TemplateFields {
        org_id: o,
        name: "每月支委会".into(),
        types: vec![T::CommitteeMeeting],
        group_id: None,
        start_time: Some("09:00".into()),
        end_time: Some("10:00".into()),
        place: Some("书记办公室".into()),
        topic: Some("研究本月支部工作".into()),
        host_id: Some(id(&ledger, "m-1")),
        recorder_id: Some(id(&ledger, "m-2")),
        lecturer_id: None,
        content: None,
        decisions: None,
        hours_tenths: Some(10),
    };
    let t = save_template(&ledger, None, fields.clone()).unwrap();
    assert_eq!(list_templates(&ledger, o).unwrap(), std::slice::from_ref(&t));
    assert_refused(&ledger, &[("name", "已有名为“每月支委会”的模板")], || {
        save_template(&ledger, None, fields.clone())
    });
    let mut bad = fields.clone();
    bad.name = " ".into();
    bad.start_time = Some("9点".into());
    assert_refused(&ledger, &[("name", "不能为空"), ("start_time", "不是有效时间")], || {
        save_template(&ledger, None, bad)
    });

    let form = apply_template(&ledger, t.id, d("2026-10-09")).unwrap();
    assert_eq!(form.date, d("2026-10-09"));
    assert_eq!(form.topic, "研究本月支部工作");
    let a = record_activity(&ledger, form, today()).unwrap();
    assert_eq!(activity_detail(&ledger, a).unwrap().row.counts.expected, 2);

    let mut renamed = fields;
    renamed.name = "支委会（每月）".into();
    let t2 = save_template(&ledger, Some(t.id), renamed).unwrap();
    assert_eq!(t2.id, t.id);
    assert_eq!(t2.fields.name, "支委会（每月）");
    let bin = delete_template(&ledger, t.id).unwrap();
    assert!(list_templates(&ledger, o).unwrap().is_empty());
    assert_eq!(restore_template(&ledger, bin).unwrap(), t2);
    // The same through the 回收站.
    let bin = delete_template(&ledger, t.id).unwrap();
    restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(list_templates(&ledger, o).unwrap(), [t2]);
}

// ---------------------------------------------------------------- attachments

#[test]
fn attachments_are_copied_into_the_ledger_folder_checked_by_hash_and_recycled() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_or_create(&dir.path().join("支部台账.zhibu")).unwrap();
    import_package(&ledger, &parse_package(&package().to_string()).unwrap(), today()).unwrap();
    let a = record_activity(&ledger, theme_day(&ledger), today()).unwrap();
    let photo = dir.path().join("outside").join("会议照片.JPG");
    std::fs::create_dir_all(photo.parent().unwrap()).unwrap();
    std::fs::write(&photo, b"not really a jpeg, but bytes all the same").unwrap();

    let att = add_attachment(&ledger, a, &photo).unwrap();
    assert_eq!(att.file_name, "会议照片.JPG");
    assert_eq!(att.size_bytes, b"not really a jpeg, but bytes all the same".len() as i64);
    let want: String = {
        use sha2::Digest;
        sha2::Sha256::digest(std::fs::read(&photo).unwrap()).iter().map(|b| format!("{b:02x}")).collect()
    };
    assert_eq!(att.sha256, want);
    assert_eq!(att.stored_path, format!("{}/{}.jpg", &att.sha256[..2], att.sha256));
    let stored = attachment_path(&ledger, att.id).unwrap();
    assert_eq!(stored, dir.path().join("支部台账-files").join(&att.stored_path));
    assert_eq!(std::fs::read(&stored).unwrap(), std::fs::read(&photo).unwrap());
    // The original may vanish: the ledger's copy stays and verifies.
    std::fs::remove_file(&photo).unwrap();
    assert!(verify_attachment(&ledger, att.id).unwrap().ok);
    // The same content again is stored once.
    let again = dir.path().join("copy.jpg");
    std::fs::copy(&stored, &again).unwrap();
    let att2 = add_attachment(&ledger, a, &again).unwrap();
    assert_eq!(att2.stored_path, att.stored_path);
    assert_eq!(list_attachments(&ledger, a).unwrap().len(), 2);
    assert_eq!(
        list_activities(&ledger, &ActivityFilter { year: 2026, ..Default::default() }).unwrap()[0].attachments,
        2
    );

    // A changed stored copy fails verification.
    std::fs::write(&stored, b"tampered").unwrap();
    let check = verify_attachment(&ledger, att.id).unwrap();
    assert!(!check.ok);
    assert!(check.problem.unwrap().contains("已被改动"));

    let bin = remove_attachment(&ledger, att2.id).unwrap();
    assert_eq!(list_attachments(&ledger, a).unwrap(), std::slice::from_ref(&att));
    assert_eq!(restore_attachment(&ledger, bin).unwrap(), att2);
    let bin = remove_attachment(&ledger, att2.id).unwrap();
    restore_from_bin(&ledger, bin).unwrap();
    assert_eq!(list_attachments(&ledger, a).unwrap().len(), 2, "restored through the 回收站");
    // A missing source is an I/O refusal; nothing recorded.
    let before = dump(&ledger);
    let err = add_attachment(&ledger, a, &dir.path().join("nope.png")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
    assert_eq!(dump(&ledger), before);
    // A folder or a device is refused at once, without reading it.
    for special in [dir.path(), std::path::Path::new("/dev/zero")] {
        let err = add_attachment(&ledger, a, special).unwrap_err();
        assert_eq!(err.code(), ErrorCode::UnreadableFile, "{err}");
        assert_eq!(dump(&ledger), before);
    }
    // An in-memory ledger has no folder.
    let mem = self::ledger();
    let a = record_activity(&mem, theme_day(&mem), today()).unwrap();
    assert_eq!(add_attachment(&mem, a, &again).unwrap_err().code(), ErrorCode::Conflict);
}

// ---------------------------------------------------------------- trainings and 民主评议

#[test]
fn trainings_are_checked_listed_and_recycled() {
    let ledger = ledger();
    let f = TrainingFields {
        member_id: id(&ledger, "m-3"),
        date: d("2026-04-02"),
        title: "  党员冬训  ".into(),
        hours_tenths: 80,
        organizer: Some("市委党校".into()),
    };
    let t = add_training(&ledger, f.clone(), today()).unwrap();
    assert_eq!(last_audit(&ledger).2, "登记王五 2026-04-02 培训“党员冬训”8 学时");
    assert_refused(&ledger, &[("title", "同一天已登记同名培训")], || {
        add_training(&ledger, f.clone(), today())
    });
    let bad =
        TrainingFields { member_id: 999, date: d("2027-01-01"), title: "".into(), hours_tenths: 0, organizer: None };
    assert_refused(
        &ledger,
        &[("member_id", "未找到"), ("date", "晚于今天"), ("title", "不能为空"), ("hours_tenths", "应大于 0")],
        || add_training(&ledger, bad, today()),
    );
    let rows = list_trainings(&ledger, Some(org(&ledger)), 2026).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].name.as_str(), rows[0].fields.title.as_str()), ("王五", "党员冬训"));
    let mut changed = rows[0].fields.clone();
    changed.hours_tenths = 60;
    update_training(&ledger, t, changed, today()).unwrap();
    assert_eq!(list_trainings(&ledger, None, 2026).unwrap()[0].fields.hours_tenths, 60);
    let bin = delete_training(&ledger, t).unwrap();
    assert!(list_trainings(&ledger, None, 2026).unwrap().is_empty());
    assert_eq!(restore_training(&ledger, bin).unwrap(), t);
    assert_eq!(list_trainings(&ledger, None, 2026).unwrap()[0].fields.hours_tenths, 60);
}

#[test]
fn evaluation_results_are_recorded_per_member_per_year() {
    let ledger = ledger();
    let o = org(&ledger);
    let entries = [
        EvaluationEntry { member_id: id(&ledger, "m-1"), grade: Grade::Excellent },
        EvaluationEntry { member_id: id(&ledger, "m-3"), grade: Grade::Qualified },
    ];
    assert_eq!(set_evaluations(&ledger, 2026, &entries, today()).unwrap(), 2);
    assert_eq!(set_evaluations(&ledger, 2026, &entries, today()).unwrap(), 0, "nothing changed");
    let rows = evaluations_for_year(&ledger, Some(o), 2026).unwrap();
    assert_eq!(rows.len(), 9, "members on the roll at some time in 2026 (周八 until March, 吴九 from May)");
    let grade = |name: &str| rows.iter().find(|r| r.name == name).unwrap().grade;
    assert_eq!(grade("张书记"), Some(Grade::Excellent));
    assert_eq!(grade("赵六"), None);
    assert_refused(
        &ledger,
        &[
            ("year", "还未到"),
            ("entries[0].member_id", "周八 在 2027 年不在党员名册中"),
            ("entries[1].member_id", "周八 在 2027 年"),
            ("entries[1].member_id", "重复"),
        ],
        || {
            let w = id(&ledger, "m-6");
            set_evaluations(
                &ledger,
                2027,
                &[
                    EvaluationEntry { member_id: w, grade: Grade::Qualified },
                    EvaluationEntry { member_id: w, grade: Grade::Qualified },
                ],
                d("2026-11-22"),
            )
        },
    );
    let bin = remove_evaluation(&ledger, id(&ledger, "m-1"), 2026).unwrap();
    assert_eq!(evaluations_for_year(&ledger, Some(o), 2026).unwrap()[0].grade, None);
    restore_evaluation(&ledger, bin).unwrap();
    assert_eq!(evaluations_for_year(&ledger, Some(o), 2026).unwrap()[0].grade, Some(Grade::Excellent));
}

// ---------------------------------------------------------------- the demo

#[test]
fn every_demo_activity_opens_and_saves_back_unchanged() {
    let ledger = Ledger::in_memory().unwrap();
    zhibu_core::demo::load_demo(&ledger, zhibu_core::demo::DemoScale::Small, today()).unwrap();
    let rows = list_activities(&ledger, &ActivityFilter { year: 2026, ..Default::default() }).unwrap();
    assert!(rows.len() > 60, "{}", rows.len());
    assert!(rows.iter().all(|r| r.counts.expected >= r.counts.present));
    let before = dump(&ledger);
    for row in &rows {
        let detail = activity_detail(&ledger, row.id).unwrap();
        assert_eq!(detail.row, *row);
        update_activity(&ledger, row.id, detail.fields, today()).unwrap_or_else(|e| panic!("{}: {e}", row.topic));
    }
    assert_eq!(dump(&ledger), before, "saving demo records unchanged changed the ledger");
    let report = study_hours(&ledger, None, 2026, StudyHoursParams::default(), today()).unwrap();
    assert!(report.members.iter().any(|m| m.activity_tenths > 0 && m.rate_permille.is_some()));
}

#[test]
fn the_attendance_matrix_shows_each_sitting_and_agrees_with_the_rates() {
    let ledger = ledger();
    let o = org(&ledger);
    let mut f = theme_day(&ledger);
    f.date = d("2026-02-12");
    f.marks = vec![mark(id(&ledger, "m-3"), S::Leave, Some("出差"))];
    record_activity(&ledger, f, today()).unwrap();
    let mut c = theme_day(&ledger);
    c.types = vec![T::CommitteeMeeting];
    c.date = d("2026-06-01");
    c.marks = vec![mark(id(&ledger, "m-2"), S::Absent, None)];
    record_activity(&ledger, c, today()).unwrap();
    let talk = HeartTalkFields {
        org_id: o,
        date: d("2026-07-08"),
        start_time: None,
        end_time: None,
        place: "办公室".into(),
        talker_id: id(&ledger, "m-1"),
        with_ids: vec![id(&ledger, "m-3")],
        topic: "谈心".into(),
        content: None,
        trigger: None,
    };
    record_heart_talk(&ledger, talk, today()).unwrap();

    let m = attendance_matrix(&ledger, o, 2026).unwrap();
    assert_eq!(m.meetings.len(), 2, "the talk is not a meeting column");
    let row = |name: &str| m.members.iter().find(|r| r.name == name).unwrap();
    assert_eq!(row("王五").cells, [Some(S::Leave), None]);
    assert_eq!(row("李委员").cells, [Some(S::Present), Some(S::Absent)]);
    assert_eq!(row("李委员").rate_permille, Some(500));
    assert_eq!(row("周八").cells, [Some(S::Present), None], "left in March");
    assert_eq!(row("吴九").cells, [None, None], "joined in May, not on the committee");
    assert_eq!(row("孙七").cells, [None, None]);
    let hours = study_hours(&ledger, Some(o), 2026, StudyHoursParams::default(), today()).unwrap();
    for h in &hours.members {
        let r = row(&h.name);
        assert_eq!(
            (r.expected, r.present, r.leave, r.absent, r.rate_permille),
            (h.expected, h.present, h.leave, h.absent, h.rate_permille),
            "{}",
            h.name
        );
    }
}

#[test]
fn the_recycle_bin_lists_and_restores_every_kind_of_record() {
    let ledger = ledger();
    let a = record_activity(&ledger, theme_day(&ledger), today()).unwrap();
    let t = add_training(
        &ledger,
        TrainingFields {
            member_id: id(&ledger, "m-3"),
            date: d("2026-04-02"),
            title: "冬训".into(),
            hours_tenths: 80,
            organizer: None,
        },
        today(),
    )
    .unwrap();
    set_evaluations(
        &ledger,
        2025,
        &[EvaluationEntry { member_id: id(&ledger, "m-3"), grade: Grade::Qualified }],
        today(),
    )
    .unwrap();
    delete_activity(&ledger, a).unwrap();
    delete_training(&ledger, t).unwrap();
    remove_evaluation(&ledger, id(&ledger, "m-3"), 2025).unwrap();
    let bin = recycle_bin(&ledger).unwrap();
    let kinds: Vec<&str> = bin.iter().map(|e| e.entity.as_str()).collect();
    assert_eq!(kinds, ["evaluation", "training", "activity"], "newest first");
    assert!(bin[0].summary.contains("王五 2025 年民主评议结果（合格）"), "{}", bin[0].summary);
    for e in &bin {
        restore_from_bin(&ledger, e.id).unwrap();
    }
    assert!(recycle_bin(&ledger).unwrap().is_empty());
    assert_eq!(list_trainings(&ledger, None, 2026).unwrap().len(), 1);
    assert_eq!(evaluations_for_year(&ledger, None, 2025).unwrap().iter().filter(|r| r.grade.is_some()).count(), 1);
    assert_eq!(list_activities(&ledger, &ActivityFilter { year: 2026, ..Default::default() }).unwrap().len(), 1);
    assert_eq!(restore_from_bin(&ledger, 9999).unwrap_err().code(), ErrorCode::NotFound);
}
