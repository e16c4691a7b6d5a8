//! The roster's user actions against a real SQLite ledger with all migrations applied.

use zhibu_core::app::{self as actions, NewLedger};
use zhibu_core::model::{
    Category, Gender, Leaving, LeftReason, MemberEventKind, MemberFields, MemberStatus, OrgKind, Sector,
};
use zhibu_core::store::members::{MemberFilter, Presence};
use zhibu_core::{ErrorCode, Ledger};

use crate::support::members::member_fields;
use crate::support::{d, dump, TODAY};

fn ledger_with_branch() -> (tempfile::TempDir, Ledger, i64) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_or_create(&dir.path().join("ledger.db")).unwrap();
    let org = actions::init_ledger(
        &ledger,
        &NewLedger {
            name: "中共测试单位第一支部委员会".into(),
            kind: OrgKind::Branch,
            sector: Sector::Government,
            start_month: None,
            profile: None,
        },
    )
    .unwrap();
    (dir, ledger, org)
}

fn zhang(org: i64) -> MemberFields {
    let mut m = member_fields(org, "张三", Gender::Male, "1990-03-07", "2015-06-30", Some("2016-06-30"));
    m.id_number = Some("110101199003074477".into());
    m
}

#[test]
fn first_run_ledger_is_empty_then_has_its_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_or_create(&dir.path().join("new.db")).unwrap();
    let info = actions::ledger_info(&ledger, d(TODAY)).unwrap();
    assert!(info.is_empty);
    let village = NewLedger {
        name: "中共某村支部委员会".into(),
        kind: OrgKind::Branch,
        sector: Sector::Village,
        start_month: None,
        profile: None,
    };
    actions::init_ledger(&ledger, &village).unwrap();
    let info = actions::ledger_info(&ledger, d(TODAY)).unwrap();
    assert!(!info.is_empty);
    assert_eq!(info.organizations[0].fields.sector, Sector::Village);
    assert_eq!(actions::init_ledger(&ledger, &village).unwrap_err().code(), ErrorCode::Conflict);
}

#[test]
fn add_member_then_find_by_search_and_filters() {
    let (_d, ledger, org) = ledger_with_branch();
    let m = actions::add_member(&ledger, zhang(org), d(TODAY)).unwrap();
    assert_eq!(m.key, format!("m-{}", m.id));
    let mut li = zhang(org);
    li.name = "李四".into();
    li.gender = Gender::Female;
    li.id_number = None;
    li.status = MemberStatus::Probationary;
    li.full_member_on = None;
    li.category = Category::Retired;
    actions::add_member(&ledger, li, d(TODAY)).unwrap();

    let all = actions::list_members(&ledger, &MemberFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    let by_text = MemberFilter { text: Some("张".into()), ..Default::default() };
    assert_eq!(actions::list_members(&ledger, &by_text).unwrap()[0].fields.name, "张三");
    let by_id = MemberFilter { text: Some("19900307".into()), ..Default::default() };
    assert_eq!(actions::list_members(&ledger, &by_id).unwrap().len(), 1);
    let probationary = MemberFilter { status: Some(MemberStatus::Probationary), ..Default::default() };
    assert_eq!(actions::list_members(&ledger, &probationary).unwrap()[0].fields.name, "李四");
    let retired = MemberFilter { category: Some(Category::Retired), ..Default::default() };
    assert_eq!(actions::list_members(&ledger, &retired).unwrap().len(), 1);
}

#[test]
fn invalid_member_is_refused_with_field_names_and_nothing_changes() {
    let (_d, ledger, org) = ledger_with_branch();
    let before = dump(&ledger);
    let mut bad = zhang(org);
    bad.id_number = Some("110101199003074478".into());
    bad.full_member_on = Some(d("2014-01-01"));
    let err = actions::add_member(&ledger, bad.clone(), d(TODAY)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let fields: Vec<&str> = err.problems().iter().map(|p| p.at.as_str()).collect();
    assert_eq!(fields, ["id_number", "full_member_on"]);
    assert!(err.to_string().contains("公民身份证号"), "{err}");
    assert_eq!(dump(&ledger), before);
    // The live check reports the same without writing.
    let live = actions::check_member(&ledger, None, bad, d(TODAY)).unwrap();
    assert_eq!(live.len(), 2);
    assert_eq!(dump(&ledger), before);
}

#[test]
fn duplicate_id_number_on_the_roster_is_refused() {
    let (_d, ledger, org) = ledger_with_branch();
    actions::add_member(&ledger, zhang(org), d(TODAY)).unwrap();
    let mut twin = zhang(org);
    twin.name = "张三三".into();
    let err = actions::add_member(&ledger, twin, d(TODAY)).unwrap_err();
    assert_eq!(err.problems()[0].at, "id_number");
    assert!(err.problems()[0].message.contains("张三"));
}

#[test]
fn edit_records_status_change_and_audit_and_unchanged_edit_changes_nothing() {
    let (_d, ledger, org) = ledger_with_branch();
    let mut f = zhang(org);
    f.status = MemberStatus::Probationary;
    f.full_member_on = None;
    f.joined_on = d("2025-12-01");
    let m = actions::add_member(&ledger, f.clone(), d(TODAY)).unwrap();
    let unchanged = dump(&ledger);
    actions::update_member(&ledger, m.id, f.clone(), d(TODAY)).unwrap();
    assert_eq!(dump(&ledger), unchanged, "saving an unchanged form must not write");

    f.status = MemberStatus::Full;
    f.full_member_on = Some(d("2026-11-20"));
    actions::update_member(&ledger, m.id, f, d(TODAY)).unwrap();
    let detail = actions::member_detail(&ledger, m.id).unwrap();
    let kinds: Vec<MemberEventKind> = detail.events.iter().map(|e| e.event).collect();
    assert_eq!(kinds, [MemberEventKind::Joined, MemberEventKind::BecameFull]);
    assert!(detail.changes[0].summary.contains("人员类别"), "{}", detail.changes[0].summary);
}

#[test]
fn leaving_keeps_the_record_and_its_history() {
    let (_d, ledger, org) = ledger_with_branch();
    let m = actions::add_member(&ledger, zhang(org), d(TODAY)).unwrap();
    let no_destination = Leaving { on: d("2026-05-01"), reason: LeftReason::TransferOut, to: None };
    let err = actions::record_leaving(&ledger, m.id, no_destination, d(TODAY)).unwrap_err();
    assert_eq!(err.problems()[0].at, "left.to");

    let leaving =
        Leaving {
            on: d("2026-05-01"), reason: LeftReason::TransferOut, to: Some("中共某区教育局机关支部".into())
        };
    let left = actions::record_leaving(&ledger, m.id, leaving.clone(), d(TODAY)).unwrap();
    assert_eq!(left.left, Some(leaving.clone()));
    assert!(actions::list_members(&ledger, &MemberFilter::default()).unwrap().is_empty());
    let gone = MemberFilter { presence: Presence::Left, ..Default::default() };
    assert_eq!(actions::list_members(&ledger, &gone).unwrap().len(), 1);
    assert_eq!(actions::record_leaving(&ledger, m.id, leaving, d(TODAY)).unwrap_err().code(), ErrorCode::Conflict);

    let back = actions::cancel_leaving(&ledger, m.id, d(TODAY)).unwrap();
    assert!(back.left.is_none());
    let events: Vec<MemberEventKind> =
        actions::member_detail(&ledger, m.id).unwrap().events.iter().map(|e| e.event).collect();
    assert!(events.contains(&MemberEventKind::TransferOut) && events.contains(&MemberEventKind::Returned));
}

#[test]
fn groups_belong_to_their_branch() {
    let (_d, ledger, org) = ledger_with_branch();
    let o = actions::add_group(&ledger, org, "第一党小组").unwrap();
    assert_eq!(o.groups.len(), 1);
    assert_eq!(actions::add_group(&ledger, org, "第一党小组").unwrap_err().code(), ErrorCode::Conflict);
    let mut f = zhang(org);
    f.group_id = Some(o.groups[0].id);
    let m = actions::add_member(&ledger, f, d(TODAY)).unwrap();
    assert_eq!(m.group_name.as_deref(), Some("第一党小组"));
    let mut wrong = zhang(org);
    wrong.id_number = None;
    wrong.group_id = Some(9999);
    assert_eq!(actions::add_member(&ledger, wrong, d(TODAY)).unwrap_err().problems()[0].at, "group_id");
}

#[test]
fn backup_and_restore_round_trip_keeping_the_replaced_ledger() {
    let (dir, ledger, org) = ledger_with_branch();
    actions::add_member(&ledger, zhang(org), d(TODAY)).unwrap();
    let copy = dir.path().join("copy.db");
    zhibu_core::store::backup::backup(&ledger, &copy).unwrap();
    assert_eq!(zhibu_core::store::backup::backup(&ledger, &copy).unwrap_err().code(), ErrorCode::Conflict);
    let saved = dump(&ledger);
    let mut li = zhang(org);
    li.name = "李四".into();
    li.id_number = None;
    actions::add_member(&ledger, li, d(TODAY)).unwrap();
    let path = ledger.path().unwrap().to_path_buf();
    drop(ledger);

    let now = zhibu_core::app::backups::system_now();
    let kept = zhibu_core::app::backups::restore(&path, &copy, now, None).unwrap().kept.unwrap();
    assert_eq!(kept.counts.unwrap().members, 2);
    let restored = Ledger::open(&path).unwrap();
    assert_eq!(dump(&restored), saved);
    let kept_db = std::path::Path::new(&kept.path).join("ledger.db");
    let kept_members = dump(&Ledger::open(&kept_db).unwrap()).lines().filter(|l| l.starts_with("members:")).count();
    assert_eq!(kept_members, 2);
}

#[test]
fn restore_refuses_a_bad_backup_and_leaves_the_ledger_alone() {
    let (dir, ledger, org) = ledger_with_branch();
    actions::add_member(&ledger, zhang(org), d(TODAY)).unwrap();
    let path = ledger.path().unwrap().to_path_buf();
    drop(ledger);
    let before = std::fs::read(&path).unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just some words").unwrap();
    let err =
        zhibu_core::app::backups::restore(&path, &junk, zhibu_core::app::backups::system_now(), None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::UnreadableFile, "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn li(org: i64) -> MemberFields {
    let mut m = member_fields(org, "李四", Gender::Female, "1988-05-01", "2012-06-30", Some("2013-06-30"));
    m.id_number = None;
    m
}

#[test]
fn a_branch_set_up_in_the_window_expects_its_committee_at_a_committee_meeting() {
    use zhibu_core::meetings::expected_attendees;
    use zhibu_core::model::{ActivityType, OrgFields, PositionFields, Role, Term};

    let (_d, ledger, org) = ledger_with_branch();
    let zhang = actions::add_member(&ledger, zhang(org), d(TODAY)).unwrap();
    let li = actions::add_member(&ledger, li(org), d(TODAY)).unwrap();
    let at = |day: &str| expected_attendees(&ledger, org, &[ActivityType::CommitteeMeeting], None, d(day)).unwrap();
    assert!(at("2026-03-01").expected.is_empty(), "no committee yet: nobody is expected");

    // The particulars the window edits: 成立日期, 本届选举日期, 任期.
    let mut fields: OrgFields = actions::ledger_info(&ledger, d(TODAY)).unwrap().organizations[0].fields.clone();
    fields.founded_on = Some(d("2010-07-01"));
    fields.term = Some(Term { elected_on: d("2024-01-10"), years: 3 });
    fields.short_name = Some(" 一支部 ".into());
    let o = actions::update_org(&ledger, org, &fields).unwrap();
    assert_eq!(o.fields.term.as_ref().unwrap().ends_on(), d("2027-01-10"));
    assert_eq!(o.fields.short_name.as_deref(), Some("一支部"));

    // 登记委员: 张三 书记 from the election, 李四 组织委员.
    let secretary = PositionFields { member_id: zhang.id, role: Role::Secretary, from: d("2024-01-10"), to: None };
    actions::add_position(&ledger, org, &secretary).unwrap();
    let o = actions::add_position(
        &ledger,
        org,
        &PositionFields { member_id: li.id, role: Role::Organization, from: d("2024-01-10"), to: None },
    )
    .unwrap();
    assert_eq!(o.positions.len(), 2);
    let names: Vec<String> = at("2026-03-01").expected.into_iter().map(|e| e.name).collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // A second 书记 at the same time is refused; nothing changed.
    let second = PositionFields { member_id: li.id, role: Role::Secretary, from: d("2025-01-01"), to: None };
    let before = dump(&ledger);
    assert_eq!(actions::add_position(&ledger, org, &second).unwrap_err().code(), ErrorCode::Conflict);
    assert_eq!(dump(&ledger), before);

    // 李四 leaves the committee on 2026-02-28: in office the day before, not from that day on.
    let li_post = o.positions.iter().find(|p| p.member_id == li.id).unwrap().id;
    actions::end_position(&ledger, li_post, d("2026-02-28")).unwrap();
    assert_eq!(at("2026-02-27").expected.len(), 2);
    assert_eq!(at("2026-02-28").expected.len(), 1);
    crate::support::assert_refused(&ledger, &[("to", "应晚于任职起")], || {
        actions::end_position(&ledger, li_post, d("2020-01-01"))
    });

    // A position entered by mistake is removed.
    let o = actions::delete_position(&ledger, li_post).unwrap();
    assert_eq!(o.positions.len(), 1);
}

#[test]
fn an_organisation_cannot_be_its_own_parent_nor_lose_its_name() {
    let (_d, ledger, org) = ledger_with_branch();
    let mut fields = actions::ledger_info(&ledger, d(TODAY)).unwrap().organizations[0].fields.clone();
    fields.parent_id = Some(org);
    fields.name = "  ".into();
    crate::support::assert_refused(&ledger, &[("name", "不能为空"), ("parent_id", "下级组织")], || {
        actions::update_org(&ledger, org, &fields)
    });
}

#[test]
fn a_post_needs_a_member_of_the_ledger() {
    use zhibu_core::model::{PositionFields, Role};
    let (_d, ledger, org) = ledger_with_branch();
    let nobody = PositionFields { member_id: 9999, role: Role::Secretary, from: d("2024-01-10"), to: None };
    assert_eq!(actions::add_position(&ledger, org, &nobody).unwrap_err().code(), ErrorCode::NotFound);
    let m = actions::add_member(&ledger, zhang(org), d(TODAY)).unwrap();
    let backwards =
        PositionFields { member_id: m.id, role: Role::Secretary, from: d("2024-01-10"), to: Some(d("2023-01-01")) };
    crate::support::assert_refused(&ledger, &[("to", "应晚于任职起")], || {
        actions::add_position(&ledger, org, &backwards)
    });
}

#[test]
fn a_new_secretary_takes_over_on_the_day_the_old_one_leaves() {
    use zhibu_core::model::{PositionFields, Role};
    let (_d, ledger, org) = ledger_with_branch();
    let zhang = actions::add_member(&ledger, zhang(org), d(TODAY)).unwrap();
    let li = actions::add_member(&ledger, li(org), d(TODAY)).unwrap();
    let old =
        PositionFields { member_id: zhang.id, role: Role::Secretary, from: d("2022-01-16"), to: Some(d("2025-01-16")) };
    actions::add_position(&ledger, org, &old).unwrap();
    let new = PositionFields { member_id: li.id, role: Role::Secretary, from: d("2025-01-16"), to: None };
    assert_eq!(actions::add_position(&ledger, org, &new).unwrap().positions.len(), 2);
    let overlapping =
        PositionFields { member_id: li.id, role: Role::Secretary, from: d("2024-06-01"), to: Some(d("2024-12-31")) };
    assert_eq!(actions::add_position(&ledger, org, &overlapping).unwrap_err().code(), ErrorCode::Conflict);
}
