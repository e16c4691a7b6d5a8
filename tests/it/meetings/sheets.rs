//! The 组织生活 workbooks (`meeting_sheets`) for a small hand-made branch: golden text of each, and
//! the cells read back by an independent reader (calamine) against figures worked out by hand; then
//! the whole set through `zhibu export` on the demo ledger, checked against itself.
//!
//! Regenerate the golden files with `ZHIBU_BLESS=1 cargo test -p zhibu --test it`.
//!
//! The branch (2026): 张建国 书记 and 李红梅 组织委员 (both in 第一党小组 with 王五 and 吴九, who left on
//! 30 June), 赵六, 孙七 and 周八 (exempt from attendance) in 第二党小组. Sittings: 1月10日 支委会 (1
//! 学时), 1月15日 党员大会 (1.5 学时; 王五 and 赵六 on leave, 孙七 absent), 2月10日 党课 + 主题党日 (3
//! 学时, all six present), 4月20日 第二党小组会 (1 学时). Also a 谈心谈话 with 王五, a 志愿服务 (2.5 学时)
//! and an 其他 activity (看望困难群众), and a 2025 党员大会 that must not appear.

use std::path::Path;

use serde_json::{json, Value};
use zhibu_core::meetings::{activity_detail, update_activity, StudyHoursParams};
use zhibu_core::model::TalkTrigger;
use zhibu_core::package::{import_package, parse_package};
use zhibu_core::store::orgs;
use zhibu_core::workbooks::meetings::{self as ms, MeetingExport};
use zhibu_core::Ledger;

use crate::support::package::{self, present};
use crate::support::xlsx_read::{sheet_names, strs};
use crate::support::xlsx_shown::shown_sheet as sheet;
use crate::support::{self, member_id, org, today};

const BRANCH: &str = "中共示例第一支部委员会";

fn member(key: &str, name: &str, group: &str, joined_on: &str, extra: Value) -> Value {
    package::with(package::member(key, name, joined_on, json!({ "group": group })), extra)
}

fn ledger() -> Ledger {
    let mut congress = present(&["m-1", "m-2", "m-7"]);
    congress.extend([
        json!({ "member": "m-3", "status": "leave", "reason": "出差" }),
        json!({ "member": "m-4", "status": "leave", "reason": "病假" }),
        json!({ "member": "m-5", "status": "absent" }),
    ]);
    let pkg = json!({
        "format": "zhibu-package", "version": 1, "exported_at": "2026-11-22T10:00:00+08:00", "source": "meeting-sheets",
        "organizations": [{
            "key": "o-1", "name": BRANCH, "short_name": "一支部", "kind": "branch", "sector": "government",
            "positions": [
                { "member": "m-1", "role": "secretary", "from": "2024-01-01" },
                { "member": "m-2", "role": "organization", "from": "2024-01-01" }
            ],
            "groups": [
                { "key": "g-1", "name": "第一党小组", "leader": "m-1" },
                { "key": "g-2", "name": "第二党小组", "leader": "m-4" }
            ]
        }],
        "members": [
            member("m-1", "张建国", "g-1", "2000-07-01", json!({})),
            member("m-2", "李红梅", "g-1", "2001-07-01", json!({ "gender": "女" })),
            member("m-3", "王五", "g-1", "2002-07-01", json!({})),
            member("m-7", "吴九", "g-1", "2003-07-01",
                json!({ "left": { "on": "2026-06-30", "reason": "transfer_out", "to": "中共另一支部委员会" } })),
            member("m-4", "赵六", "g-2", "2004-07-01", json!({})),
            member("m-5", "孙七", "g-2", "2005-07-01", json!({})),
            member("m-6", "周八", "g-2", "1970-07-01", json!({ "attendance_exempt": true, "category": "retired", "birth_date": "1945-01-01" }))
        ],
        "activities": [
            { "key": "a-1", "org": "o-1", "type": "committee_meeting", "date": "2026-01-10", "start": "14:30",
              "end": "16:00", "place": "党员活动室", "topic": "研究一月工作", "host": "m-1", "recorder": "m-2",
              "content": "传达上级会议精神", "decisions": "确定主题党日安排", "hours": 1,
              "attendance": present(&["m-1", "m-2"]) },
            { "key": "a-2", "org": "o-1", "type": "party_congress", "date": "2026-01-15", "start": "15:00",
              "end": "16:30", "place": "党员活动室", "topic": "第一季度党员大会", "host": "m-1", "recorder": "m-2",
              "content": "一、通报上季度工作\n二、部署本季度任务", "decisions": "通过本季度工作安排", "hours": 1.5,
              "attendance": congress },
            { "key": "a-3", "org": "o-1", "types": ["theme_day", "party_lecture"], "date": "2026-02-10",
              "place": "革命纪念馆", "topic": "重温入党誓词暨专题党课", "host": "m-1", "recorder": "m-2",
              "lecturer": "m-1", "content": "重温入党誓词，书记讲党课", "hours": 3,
              "attendance": present(&["m-1", "m-2", "m-3", "m-7", "m-4", "m-5"]) },
            { "key": "a-4", "org": "o-1", "type": "group_meeting", "group": "g-2", "date": "2026-04-20",
              "place": "会议室", "topic": "党小组学习", "host": "m-4", "hours": 1,
              "attendance": present(&["m-4", "m-5"]) },
            { "key": "a-5", "org": "o-1", "type": "heart_talk", "date": "2026-05-12", "start": "16:00", "end": "16:40",
              "place": "书记办公室", "topic": "与王五同志谈心谈话", "host": "m-1", "content": "了解思想和工作情况",
              "attendance": present(&["m-1", "m-3"]) },
            { "key": "a-6", "org": "o-1", "type": "volunteer", "date": "2026-08-20", "start": "09:00", "end": "11:30",
              "place": "幸福社区", "topic": "社区环境清洁", "content": "清理楼道杂物", "hours": 2.5,
              "attendance": present(&["m-2", "m-3", "m-4"]) },
            { "key": "a-7", "org": "o-1", "type": "other", "date": "2026-09-05", "place": "幸福社区",
              "topic": "看望困难群众", "content": "为困难群众送去米面油", "attendance": present(&["m-5"]) },
            { "key": "a-8", "org": "o-1", "type": "party_congress", "date": "2025-12-20", "place": "党员活动室",
              "topic": "上一年的党员大会", "hours": 1, "attendance": present(&["m-1"]) }
        ],
        "trainings": [
            { "member": "m-1", "date": "2026-03-01", "title": "基层党组织书记轮训", "hours": 24, "organizer": "市委组织部" },
            { "member": "m-3", "date": "2026-06-01", "title": "党员网络培训", "hours": 30, "organizer": "市委党校" },
            { "member": "m-3", "date": "2025-10-01", "title": "上一年的培训", "hours": 10, "organizer": "市委党校" }
        ],
        "evaluations": [
            { "member": "m-1", "year": 2026, "grade": "excellent" },
            { "member": "m-2", "year": 2026, "grade": "qualified" },
            { "member": "m-3", "year": 2026, "grade": "qualified" },
            { "member": "m-4", "year": 2026, "grade": "basically_qualified" },
            { "member": "m-6", "year": 2026, "grade": "qualified" },
            { "member": "m-5", "year": 2025, "grade": "unqualified" }
        ]
    });
    let ledger = Ledger::in_memory().unwrap();
    import_package(&ledger, &parse_package(&pkg.to_string()).unwrap(), today()).unwrap();
    // The package has no 必谈情形 or 列席人员: the secretary adds them in the app.
    edit(&ledger, "a-5", |f| f.talk_trigger = Some(TalkTrigger::PostChange));
    edit(&ledger, "a-2", |f| f.observers = Some("街道党工委组织委员刘明".into()));
    let celebrants = vec![member_id(&ledger, "m-3"), member_id(&ledger, "m-7")];
    edit(&ledger, "a-3", |f| f.celebrant_ids = celebrants);
    ledger
}

/// Edits an activity through the app's action, starting from its form as stored.
fn edit(ledger: &Ledger, key: &str, change: impl FnOnce(&mut zhibu_core::meetings::ActivityFields)) {
    let id = activity(ledger, key);
    let mut fields = activity_detail(ledger, id).unwrap().fields;
    change(&mut fields);
    update_activity(ledger, id, fields, today()).unwrap();
}

fn activity(ledger: &Ledger, key: &str) -> i64 {
    ledger.conn().query_row("SELECT id FROM activities WHERE key = ?1", [key], |r| r.get(0)).unwrap()
}

/// Writes one workbook of the set into a temp dir.
fn write(ledger: &Ledger, export: MeetingExport, dir: &Path) -> std::path::PathBuf {
    let path = dir.join(format!("{}.xlsx", export.key()));
    ms::write_export(ledger, export, org(ledger), 2026, today(), &path).unwrap();
    path
}

// ---------------------------------------------------------------- golden

#[test]
fn every_workbook_matches_its_golden_xml() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    for export in MeetingExport::ALL {
        let path = write(&ledger, export, dir.path());
        support::golden::assert_matches_golden(&path, &format!("meetings_{}", export.key()));
    }
    let one = dir.path().join("one.xlsx");
    ms::write_meeting_record(&ledger, activity(&ledger, "a-2"), today(), &one).unwrap();
    support::golden::assert_matches_golden(&one, "meetings_one_record");
}

#[test]
fn the_same_ledger_and_day_give_the_same_bytes() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    for export in [MeetingExport::MeetingRecords, MeetingExport::AttendanceBook] {
        let a = write(&ledger, export, dir.path());
        let b = dir.path().join("again.xlsx");
        std::fs::copy(&a, &b).unwrap();
        write(&ledger, export, dir.path());
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "{}", export.key());
    }
}

// ---------------------------------------------------------------- read back

fn row_of<'a>(t: &'a [Vec<String>], name: &str) -> &'a Vec<String> {
    t.iter().find(|r| r.get(1).map(String::as_str) == Some(name)).unwrap_or_else(|| panic!("no row for {name}"))
}

#[test]
fn meetings_ledger_lists_the_sittings_by_quarter() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&ledger, MeetingExport::Meetings, dir.path());
    assert_eq!(sheet_names(&path), strs(&["第一季度", "第二季度", "第三季度", "第四季度", "全年统计"]));
    let q1 = sheet(&path, "第一季度");
    assert_eq!(q1[0][0], format!("{BRANCH}2026年第一季度三会一课台账"));
    assert_eq!(q1[1][0], "统计日期：2026年11月22日　本季度共3次：党员大会1次、支委会1次、党课1次、主题党日1次");
    assert_eq!(
        q1[2],
        strs(&[
            "序号",
            "日期",
            "时间",
            "类型",
            "会议主题",
            "地点",
            "主持人",
            "记录人",
            "应到",
            "实到",
            "请假",
            "缺席",
            "请假、缺席人员及原因",
            "备注"
        ])
    );
    assert_eq!(
        q1[3],
        strs(&[
            "1",
            "2026年1月10日",
            "14:30—16:00",
            "支委会",
            "研究一月工作",
            "党员活动室",
            "张建国",
            "李红梅",
            "2",
            "2",
            "0",
            "0",
            "",
            ""
        ])
    );
    // Who was away and why, as the 会议记录 names them.
    assert_eq!(
        q1[4][3..],
        strs(&[
            "党员大会",
            "第一季度党员大会",
            "党员活动室",
            "张建国",
            "李红梅",
            "6",
            "3",
            "2",
            "1",
            "请假：王五（出差）、赵六（病假）；缺席：孙七",
            ""
        ])
    );
    assert_eq!(q1[5][1..4], strs(&["2026年2月10日", "", "党课、主题党日"]));
    assert_eq!(q1[5][13], "讲课人：张建国；政治生日：王五、吴九");
    assert_eq!(q1.len(), 6, "the heart talk, volunteering and the 2025 meeting are not sittings of 2026 Q1");
    let q2 = sheet(&path, "第二季度");
    assert_eq!(q2.len(), 4);
    assert_eq!(q2[3][3], "党小组会（第二党小组）");
    assert_eq!(q2[3][6..8], strs(&["赵六", ""]));
    assert_eq!(sheet(&path, "第三季度")[1][0], "统计日期：2026年11月22日　本季度无会议记录");
    let year = sheet(&path, "全年统计");
    assert_eq!(year[2], strs(&["类型", "第一季度", "第二季度", "第三季度", "第四季度", "全年"]));
    assert_eq!(year[3], strs(&["党员大会", "1", "0", "0", "0", "1"]));
    assert_eq!(year[5], strs(&["党小组会", "0", "1", "0", "0", "1"]));
    assert_eq!(year[6], strs(&["党课", "1", "0", "0", "0", "1"]));
    assert_eq!(year.last().unwrap(), &strs(&["合计", "3", "1", "0", "0", "4"]));
}

/// The form's cells as label → value (label in column A, value in B; the pair's second half in C/D).
fn form_fields(t: &[Vec<String>]) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    for r in t {
        if r.len() >= 2 && !r[0].is_empty() {
            out.insert(r[0].clone(), r[1].clone());
        }
        if r.len() >= 4 && !r[2].is_empty() {
            out.insert(r[2].clone(), r[3].clone());
        }
    }
    out
}

#[test]
fn meeting_record_names_who_was_on_leave_and_absent() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&ledger, MeetingExport::MeetingRecords, dir.path());
    assert_eq!(
        sheet_names(&path),
        strs(&["001 1月10日支委会", "002 1月15日党员大会", "003 2月10日党课", "004 4月20日党小组会"])
    );
    let t = sheet(&path, "002 1月15日党员大会");
    assert_eq!(t[0][0], "党员大会记录");
    assert_eq!(t[1][0], format!("单位：{BRANCH}"));
    assert_eq!(t[1][2], "编号：2026-002");
    let f = form_fields(&t);
    let want = [
        ("会议类型", "党员大会"),
        ("会议日期", "2026年1月15日"),
        ("起止时间", "15:00—16:30"),
        ("会议地点", "党员活动室"),
        ("主持人", "张建国"),
        ("记录人", "李红梅"),
        ("讲课人", "—"),
        ("记入学时", "1.5"),
        ("应到人数", "6人"),
        ("实到人数", "3人"),
        ("请假人数", "2人"),
        ("缺席人数", "1人"),
        ("出席人员", "张建国、李红梅、吴九"),
        ("请假人员", "王五（出差）、赵六（病假）"),
        ("缺席人员", "孙七"),
        ("列席人员", "街道党工委组织委员刘明"),
        ("会议主题", "第一季度党员大会"),
        ("会议内容", "一、通报上季度工作\n二、部署本季度任务"),
        ("会议决议", "通过本季度工作安排"),
    ];
    for (label, value) in want {
        assert_eq!(f.get(label).map(String::as_str), Some(value), "{label}");
    }
    assert!(t.last().unwrap()[0].starts_with("主持人（签字）："));
    // 参会人员签到: everyone expected, two a row, each with room to sign.
    let first = t.iter().position(|r| r[0] == "参会人员签到").expect("a 签到 block");
    let signed: Vec<&str> = t[first..]
        .iter()
        .take_while(|r| r[0] == "参会人员签到" || (r[0].is_empty() && !r[1].is_empty()))
        .flat_map(|r| [r[1].as_str(), r[2].as_str()])
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(signed, ["张建国：", "李红梅：", "王五：", "吴九：", "赵六：", "孙七："], "in member order");
    let lecture = form_fields(&sheet(&path, "003 2月10日党课"));
    assert_eq!(lecture["讲课人"], "张建国");
    assert_eq!(lecture["会议类型"], "党课、主题党日");
    assert_eq!(
        (lecture["会议日期"].as_str(), lecture["起止时间"].as_str()),
        ("2026年2月10日", "—"),
        "no time recorded"
    );
    assert_eq!(lecture["请假人员"], "无");
    assert_eq!(lecture["列席人员"], "无");
    assert_eq!(lecture["政治生日"], "王五、吴九");
    assert!(!f.contains_key("政治生日"), "only a sitting that celebrated one has the line");
    let group = sheet(&path, "004 4月20日党小组会");
    assert_eq!(group[1][0], format!("单位：{BRANCH}　第二党小组"));
    assert_eq!(form_fields(&group)["记录人"], "");

    // One meeting alone: the same record and number.
    let one = dir.path().join("one.xlsx");
    let s = ms::write_meeting_record(&ledger, activity(&ledger, "a-2"), today(), &one).unwrap();
    assert_eq!(s.rows, 1);
    let name = ms::meeting_record_file_name(&ledger, activity(&ledger, "a-3"), today()).unwrap();
    assert_eq!(name, "一支部2026年2月10日党课、主题党日记录-20261122.xlsx");
    assert_eq!(sheet_names(&one), strs(&["002 1月15日党员大会"]));
    assert_eq!(sheet(&one, "002 1月15日党员大会"), t);
}

#[test]
fn attendance_book_marks_each_member_and_gives_rates() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&ledger, MeetingExport::AttendanceBook, dir.path());
    assert_eq!(sheet_names(&path), strs(&["第一季度", "第二季度", "第三季度", "第四季度", "全年汇总"]));
    let q1 = sheet(&path, "第一季度");
    assert_eq!(q1[0][0], format!("{BRANCH}2026年第一季度组织生活考勤表"));
    assert_eq!(
        q1[2],
        strs(&[
            "序号",
            "姓名",
            "1/10\n支委\n会",
            "1/15\n党员\n大会",
            "2/10\n党课\n主题\n党日",
            "应到",
            "实到",
            "请假",
            "缺席",
            "出席率",
            "备注"
        ])
    );
    let names: Vec<&str> = q1[3..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, ["张建国", "李红梅", "王五", "吴九", "赵六", "孙七", "周八", "7人", ""], "exempt member last");
    assert_eq!(row_of(&q1, "张建国")[2..], strs(&["√", "√", "√", "3", "3", "0", "0", "100.0%", ""]));
    assert_eq!(row_of(&q1, "王五")[2..], strs(&["", "假", "√", "2", "1", "1", "0", "50.0%", ""]));
    assert_eq!(row_of(&q1, "孙七")[2..], strs(&["", "缺", "√", "2", "1", "0", "1", "50.0%", ""]));
    assert_eq!(row_of(&q1, "吴九")[10], "6月30日离开");
    assert_eq!(row_of(&q1, "周八")[2..], strs(&["", "", "", "0", "0", "0", "0", "—", "免于参加组织生活"]));
    // 合计: each sitting's 实到 and the sums; 应到: each sitting's 应到 — numbers, live formulas.
    let totals = &q1[q1.len() - 2];
    assert_eq!(totals[..], strs(&["合计", "7人", "2", "3", "6", "14", "11", "2", "1", "78.6%", ""]));
    let expected = q1.last().unwrap();
    assert_eq!(expected[..], strs(&["应到", "", "2", "6", "6", "", "", "", "", "", ""]));
    let q2 = sheet(&path, "第二季度");
    assert_eq!(q2[2][2], "4/20\n党小\n组会");
    assert_eq!(row_of(&q2, "赵六")[2..9], strs(&["√", "1", "1", "0", "0", "100.0%", ""]));
    // The 其他 activity (看望困难群众) is not a sitting of 组织生活: neither the 三会一课台账 nor the book
    // lists it and the attendance rate does not count it (`meetings::hours::counts_for_attendance`);
    // nor does the volunteering appear.
    let q3 = sheet(&path, "第三季度");
    assert_eq!(q3[2][2], "应到");
    assert_eq!(row_of(&q3, "孙七")[2..8], strs(&["0", "0", "0", "0", "—", ""]));

    let year = sheet(&path, "全年汇总");
    assert_eq!(
        year[2],
        strs(&[
            "序号",
            "姓名",
            "党小组",
            "应到",
            "实到",
            "请假",
            "缺席",
            "出席率",
            "第一季度出席率",
            "第二季度出席率",
            "第三季度出席率",
            "第四季度出席率",
            "备注"
        ])
    );
    assert_eq!(
        row_of(&year, "赵六")[2..12],
        strs(&["第二党小组", "3", "2", "1", "0", "66.7%", "50.0%", "100.0%", "—", "—"])
    );
    assert_eq!(row_of(&year, "张建国")[3..8], strs(&["3", "3", "0", "0", "100.0%"]));
    // 孙七: absent at the 党员大会, present at the 党课 and the 党小组会 (the 其他 activity does not count): 2 of 3.
    assert_eq!(
        row_of(&year, "孙七")[2..12],
        strs(&["第二党小组", "3", "2", "0", "1", "66.7%", "50.0%", "100.0%", "—", "—"])
    );
    // The same figures as the one definition of the attendance rate gives.
    let report =
        zhibu_core::meetings::study_hours(&ledger, Some(org(&ledger)), 2026, StudyHoursParams::default(), today())
            .unwrap();
    for m in &report.members {
        let r = row_of(&year, &m.name);
        let rate = r[7].trim_end_matches('%').replace('—', "");
        let permille = m.rate_permille.map(|p| format!("{}.{}", p / 10, p % 10)).unwrap_or_default();
        assert_eq!(
            (r[3..7].to_vec(), rate),
            ([m.expected, m.present, m.leave, m.absent].map(|n| n.to_string()).to_vec(), permille),
            "{}",
            m.name
        );
    }
    assert_eq!(year.len(), 3 + 7);
}

#[test]
fn heart_talks_volunteering_and_good_deeds() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let talks = sheet(&write(&ledger, MeetingExport::HeartTalks, dir.path()), "谈心谈话台账");
    assert_eq!(
        talks[2],
        strs(&["序号", "日期", "时间", "谈话人", "谈话对象", "必谈情形", "地点", "谈话主题", "谈话要点"])
    );
    assert_eq!(
        talks[3],
        strs(&[
            "1",
            "2026年5月12日",
            "16:00—16:40",
            "张建国",
            "王五",
            "岗位变动或职务调整时必谈",
            "书记办公室",
            "与王五同志谈心谈话",
            "了解思想和工作情况"
        ])
    );
    assert_eq!(talks.len(), 4);

    let vol_path = write(&ledger, MeetingExport::Volunteer, dir.path());
    assert_eq!(sheet_names(&vol_path), strs(&["志愿服务台账", "党员参加志愿服务情况"]));
    let vol = sheet(&vol_path, "志愿服务台账");
    assert_eq!(
        vol[3],
        strs(&[
            "1",
            "2026年8月20日",
            "09:00—11:30",
            "社区环境清洁",
            "幸福社区",
            "李红梅、王五、赵六",
            "3",
            "2.5",
            "清理楼道杂物"
        ])
    );
    let by_member = sheet(&vol_path, "党员参加志愿服务情况");
    assert_eq!(by_member[1][0], "统计日期：2026年11月22日　在册党员7人，参加志愿服务3人");
    assert_eq!(row_of(&by_member, "王五")[2..], strs(&["1", "2.5", "2026年8月20日", ""]));
    assert_eq!(row_of(&by_member, "孙七")[2..5], strs(&["0", "0.0", ""]));

    let deeds = sheet(&write(&ledger, MeetingExport::GoodDeeds, dir.path()), "好人好事登记册");
    assert_eq!(deeds[2], strs(&["序号", "日期", "姓名", "类别", "事迹", "地点", "具体情况", "备注"]));
    assert_eq!(deeds[3][..5], strs(&["1", "2026年8月20日", "李红梅、王五、赵六", "志愿服务", "社区环境清洁"]));
    assert_eq!(
        deeds[4][..7],
        strs(&["2", "2026年9月5日", "孙七", "其他", "看望困难群众", "幸福社区", "为困难群众送去米面油"])
    );
    assert_eq!(deeds.len(), 5);
}

#[test]
fn study_hours_add_attended_activities_and_trainings() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&ledger, MeetingExport::StudyHours, dir.path());
    let t = sheet(&path, "党员学时统计表");
    assert_eq!(
        t[2],
        strs(&[
            "序号",
            "姓名",
            "职务",
            "参加组织生活(次)",
            "组织生活学时",
            "参加培训(次)",
            "培训学时",
            "合计学时",
            "应达学时",
            "完成情况",
            "备注"
        ])
    );
    // 张建国: 1 + 1.5 + 3 (the talk credits none) + 24 training = 29.5 of the committee's 56.
    assert_eq!(row_of(&t, "张建国")[2..], strs(&["书记", "3", "5.5", "1", "24.0", "29.5", "56.0", "差26.5学时", ""]));
    // 李红梅: 1 + 1.5 + 3 + 2.5 volunteering = 8.
    assert_eq!(row_of(&t, "李红梅")[2..10], strs(&["组织委员", "4", "8.0", "0", "0.0", "8.0", "56.0", "差48学时"]));
    // 王五: on leave at the 党员大会; 3 + 2.5 + 30 training (the 2025 one not counted) = 35.5.
    assert_eq!(row_of(&t, "王五")[2..10], strs(&["", "2", "5.5", "1", "30.0", "35.5", "32.0", "达标"]));
    assert_eq!(row_of(&t, "孙七")[3..8], strs(&["2", "4.0", "0", "0.0", "4.0"]), "absent earns nothing");
    // 吴九 left on 30 June: listed, not judged (the 自查表 does not judge members who left either).
    assert_eq!(row_of(&t, "吴九")[7..], strs(&["4.5", "32.0", "不作要求", "6月30日离开"]));
    assert!(t[1][0].ends_with("共7人，达标1人"), "{}", t[1][0]);
    let trainings = sheet(&path, "培训明细");
    assert_eq!(trainings[3], strs(&["1", "张建国", "2026年3月1日", "基层党组织书记轮训", "24.0", "市委组织部"]));
    assert_eq!(trainings.len(), 5);

    // The required numbers are a parameter.
    let lower = dir.path().join("lower.xlsx");
    let params = StudyHoursParams { required_tenths: 40, committee_required_tenths: Some(80) };
    ms::write_study_hours(&ledger, org(&ledger), 2026, params, today(), &lower).unwrap();
    let t = sheet(&lower, "党员学时统计表");
    assert_eq!(row_of(&t, "李红梅")[8..10], strs(&["8.0", "达标"]));
    assert_eq!(row_of(&t, "孙七")[8..10], strs(&["4.0", "达标"]));
    assert_eq!(row_of(&t, "周八")[8..], strs(&["4.0", "不作要求", "免于参加组织生活"]));
    assert!(t[1][0].contains("应达：党员4学时，班子成员8学时"), "{}", t[1][0]);
    // Without a committee figure everyone needs the same.
    let same = StudyHoursParams { required_tenths: 40, committee_required_tenths: None };
    ms::write_study_hours(&ledger, org(&ledger), 2026, same, today(), &lower).unwrap();
    let t = sheet(&lower, "党员学时统计表");
    assert_eq!(row_of(&t, "张建国")[8..10], strs(&["4.0", "达标"]));
    assert!(t[1][0].contains("应达：每名党员4学时"), "{}", t[1][0]);
}

/// The sheets credit 学时 as `meetings::hours` does: recorded hours win; without them a study-kind
/// sitting credits its start–end time and anything else (支委会, 志愿服务) nothing. (The sheets'
/// former rule credited only recorded hours, so 张建国's 党员大会 below would have counted 0.)
#[test]
fn hours_without_a_recorded_figure_follow_the_meetings_rule() {
    let ledger = ledger();
    for key in ["a-1", "a-2", "a-6"] {
        edit(&ledger, key, |f| f.hours_tenths = None);
    }
    let dir = tempfile::tempdir().unwrap();
    let t = sheet(&write(&ledger, MeetingExport::StudyHours, dir.path()), "党员学时统计表");
    // 张建国: 支委会 0 (not study) + 党员大会 15:00–16:30 = 1.5 + 党课 3 (recorded): 2 activities, 4.5.
    assert_eq!(row_of(&t, "张建国")[3..9], strs(&["2", "4.5", "1", "24.0", "28.5", "56.0"]));
    // 李红梅: the same, and the volunteering without hours credits nothing.
    assert_eq!(row_of(&t, "李红梅")[3..5], strs(&["2", "4.5"]));
    let report =
        zhibu_core::meetings::study_hours(&ledger, Some(org(&ledger)), 2026, StudyHoursParams::default(), today())
            .unwrap();
    for m in &report.members {
        assert_eq!(row_of(&t, &m.name)[7], format!("{:.1}", m.total_tenths as f64 / 10.0), "{}", m.name);
    }
    let records = write(&ledger, MeetingExport::MeetingRecords, dir.path());
    // 学时 are numbers (`0.0`); derived from the meeting's times, the label says so.
    let congress = form_fields(&sheet(&records, "002 1月15日党员大会"));
    assert_eq!((congress.get("按时长计学时"), congress.get("记入学时")), (Some(&"1.5".to_string()), None));
    assert_eq!(form_fields(&sheet(&records, "001 1月10日支委会"))["记入学时"], "0.0");
    assert_eq!(form_fields(&sheet(&records, "003 2月10日党课"))["记入学时"], "3.0");
    let vol = sheet(&write(&ledger, MeetingExport::Volunteer, dir.path()), "志愿服务台账");
    assert_eq!(vol[3][7], "0.0");
}

#[test]
fn evaluations_show_each_grade_and_the_tally() {
    let ledger = ledger();
    let dir = tempfile::tempdir().unwrap();
    let t = sheet(&write(&ledger, MeetingExport::Evaluations, dir.path()), "民主评议结果汇总表");
    assert_eq!(t[0][0], format!("{BRANCH}2026年民主评议党员结果汇总表"));
    assert_eq!(
        t[1][0],
        "统计日期：2026年11月22日　在册7人，参评5人：优秀1人、合格3人、基本合格1人、不合格0人；优秀占参评人数20%；未评定2人"
    );
    assert_eq!(t[2], strs(&["序号", "姓名", "性别", "人员类别", "评议等次", "备注"]));
    assert_eq!(row_of(&t, "张建国")[2..], strs(&["男", "正式党员", "优秀", ""]));
    assert_eq!(row_of(&t, "李红梅")[2..5], strs(&["女", "正式党员", "合格"]));
    assert_eq!(row_of(&t, "孙七")[4], "未评定", "the 2025 grade is not this year's");
    assert_eq!(row_of(&t, "吴九")[4..], strs(&["未评定", "6月30日离开"]));
}

#[test]
fn members_not_expected_say_why() {
    let ledger = ledger();
    ledger.conn().execute("UPDATE members SET standing = 'suspended' WHERE key = 'm-5'", []).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let year = sheet(&write(&ledger, MeetingExport::AttendanceBook, dir.path()), "全年汇总");
    assert_eq!(row_of(&year, "孙七")[12], "停止党籍");
    assert_eq!(row_of(&year, "周八")[12], "免于参加组织生活");
    let hours = sheet(&write(&ledger, MeetingExport::StudyHours, dir.path()), "党员学时统计表");
    assert_eq!(row_of(&hours, "孙七")[10], "停止党籍");
}

#[test]
fn deleted_activities_are_left_out() {
    let ledger = ledger();
    ledger.conn().execute("UPDATE activities SET deleted_at = '2026-11-01T00:00:00Z' WHERE key = 'a-4'", []).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&ledger, MeetingExport::Meetings, dir.path());
    assert_eq!(sheet(&path, "第二季度").len(), 3, "no row under the header");
    assert_eq!(sheet(&path, "全年统计").last().unwrap()[5], "3");
    let records = write(&ledger, MeetingExport::MeetingRecords, dir.path());
    assert_eq!(sheet_names(&records).len(), 3);
    let err = ms::write_meeting_record(&ledger, activity(&ledger, "a-4"), today(), &dir.path().join("x.xlsx"));
    assert!(matches!(err, Err(zhibu_core::Error::NotFound { .. })), "{err:?}");
}

// ---------------------------------------------------------------- the CLI on the demo

#[test]
fn zhibu_export_writes_the_set_and_the_workbooks_agree() {
    use std::ffi::OsString;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let out = dir.path().join("out");
    let run = |args: &[&str]| {
        let mut argv: Vec<OsString> = vec!["zhibu".into(), "--db".into(), db.as_os_str().to_owned()];
        argv.extend(args.iter().map(OsString::from));
        zhibu_core::cli::run(argv)
    };
    assert_eq!(run(&["demo", "--scale", "small", "--today", "2026-11-22"]), 0);
    let ledger = Ledger::open(&db).unwrap();
    let branch: String = ledger
        .conn()
        .query_row("SELECT key FROM organizations WHERE kind = 'branch' ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    drop(ledger);
    let keys: Vec<&str> = MeetingExport::ALL.iter().map(|e| e.key()).collect();
    let only = keys.join(",");
    let args = ["export", "--year", "2025", "--out", out.to_str().unwrap(), "--org", &branch, "--only", &only];
    assert_eq!(run(&[&args[..], &["--today", "2026-11-22"]].concat()), 0);
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 8);
    let find = |label: &str| files.iter().find(|p| p.to_string_lossy().contains(label)).unwrap().clone();
    assert_eq!(run(&["export", "--year", "2025", "--out", out.to_str().unwrap(), "--only", "考勤"]), 1);

    // As many 会议记录 sheets as 三会一课台账 rows, and the same 应到/实到 on both.
    let meetings = find("三会一课台账");
    let records = find("会议记录");
    let mut ledger_rows = Vec::new();
    for q in ["第一季度", "第二季度", "第三季度", "第四季度"] {
        ledger_rows.extend(sheet(&meetings, q).into_iter().skip(3));
    }
    let names = sheet_names(&records);
    assert!(ledger_rows.len() > 40, "a year of the demo branch: {}", ledger_rows.len());
    assert_eq!(names.len(), ledger_rows.len());
    for (row, name) in ledger_rows.iter().zip(&names) {
        let f = form_fields(&sheet(&records, name));
        assert_eq!(f["应到人数"], format!("{}人", row[8]), "{name}");
        assert_eq!(f["实到人数"], format!("{}人", row[9]), "{name}");
        let leave_names = if f["请假人员"] == "无" { 0 } else { f["请假人员"].split('、').count() };
        assert_eq!(leave_names.to_string(), row[10], "{name}: one name per member on leave");
    }
    // The 考勤册's yearly figures are those of the one definition of the attendance rate, and the
    // 学时统计表's totals those of the one definition of 学时 (`meetings::study_hours`).
    let ledger = Ledger::open(&db).unwrap();
    let org_id = orgs::id_by_key(ledger.conn(), &branch).unwrap();
    let report =
        zhibu_core::meetings::study_hours(&ledger, Some(org_id), 2025, StudyHoursParams::default(), today()).unwrap();
    let book = sheet(&find("考勤册"), "全年汇总");
    let hours = sheet(&find("学时统计表"), "党员学时统计表");
    // Compared as sorted lists: the sheets are in roster order, the report by id, names may repeat.
    let sorted = |mut v: Vec<Vec<String>>| {
        v.sort();
        v
    };
    let book_rows = book[3..].iter().filter(|r| r[12] != "非本组织在册党员").map(|r| [&r[1..2], &r[3..7]].concat());
    let report_rows = report.members.iter().map(|m| {
        let mut v = vec![m.name.clone()];
        v.extend([m.expected, m.present, m.leave, m.absent].map(|n| n.to_string()));
        v
    });
    assert_eq!(sorted(book_rows.collect()), sorted(report_rows.collect()));
    let sheet_totals = hours[3..].iter().map(|r| vec![r[1].clone(), r[7].clone()]);
    let report_totals =
        report.members.iter().map(|m| vec![m.name.clone(), format!("{:.1}", m.total_tenths as f64 / 10.0)]);
    assert_eq!(sorted(sheet_totals.collect()), sorted(report_totals.collect()));
}
