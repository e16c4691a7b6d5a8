//! The demo's 组织生活: per branch and month a 主题党日 and a 支委会, a 党小组会 per group, quarterly
//! 党员大会 and 党课, the yearly 组织生活会 and 民主评议, talks and volunteering, plus the 支部大会
//! of each development vote — with minutes and attendance (a few 请假 with reasons, a few 缺席).

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::orgs::{committee_on, BranchSpec};
use super::words;
use super::{Builder, Prefix};
use crate::model::dates::Month;
use crate::model::{ActivityType, AttendanceStatus, MemberStatus, Role, Sector, VoteSubject};
use crate::package::format::{
    ActivityRecord, AttendanceRecord, DevelopmentRecord, Hours, MeetingVoteRecord, MemberRecord, OrgRecord,
};

use ActivityType as T;

/// Who is expected at a sitting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Audience {
    Branch,
    Committee,
    Group(usize),
    /// About half of the branch volunteers; those who do not are not expected.
    Volunteers,
    /// The secretary and one member.
    Talk(usize),
}

/// One sitting before keys and attendance.
struct Sitting {
    date: NaiveDate,
    types: Vec<ActivityType>,
    topic: String,
    audience: Audience,
    tenths: Option<u32>,
    times: (&'static str, &'static str),
    place: String,
    content: String,
    decisions: Option<String>,
    lecturer: Option<String>,
    /// The 表决 of a 支部大会 on a development record: what, and about whom (its key).
    vote: Option<(VoteSubject, String, Option<String>)>,
}

impl Builder {
    pub(super) fn meetings(
        &mut self,
        spec: &BranchSpec,
        org: &OrgRecord,
        members: &[MemberRecord],
        development: &[DevelopmentRecord],
        guest_lecturer: Option<&MemberRecord>,
    ) {
        let today = self.w.today;
        let room = meeting_room(spec.sector);
        let mut sittings: Vec<Sitting> = Vec::new();
        for year in self.w.first_year..=today.year() {
            for month in 1..=12u32 {
                let theme = weekday_on_or_before(year, month, spec.theme_day);
                let focus = words::study_focus(year, month);
                let mut theme_types = vec![T::ThemeDay];
                match month {
                    3 => theme_types.push(T::Volunteer),
                    6 => theme_types.push(T::PartyLecture),
                    _ => {}
                }
                let place = match month {
                    4 => format!("{}革命烈士纪念馆", words::CITY),
                    8 => format!("{}廉政教育基地", words::CITY),
                    _ => room.to_string(),
                };
                let tenths = if theme_types.len() > 1 { 30 } else { 20 };
                sittings.push(sitting(
                    theme,
                    theme_types,
                    words::theme_day_topic(year, month),
                    Audience::Branch,
                    Some(tenths),
                    place,
                    format!("1. 重温入党誓词；2. 集中学习：{focus}；3. 党员交流学习体会；4. 通报本月支部工作"),
                ));
                let committee = theme - Days::new(4);
                let mut s = sitting(
                    committee,
                    vec![T::CommitteeMeeting],
                    format!("{month}月支委会：研究本月支部工作"),
                    Audience::Committee,
                    Some(10),
                    room.to_string(),
                    format!("传达上级党组织工作要求，研究{month}月主题党日安排和党费收缴、发展党员等工作"),
                );
                s.decisions = Some(format!(
                    "1. 确定{month}月主题党日于{}举行；2. 按时收缴{month}月党费",
                    theme.format("%-m月%-d日")
                ));
                sittings.push(s);
                for g in 0..spec.groups {
                    let day = theme + Days::new(6 + 2 * g as u64);
                    sittings.push(sitting(
                        day,
                        vec![T::GroupMeeting],
                        format!("党小组学习：{focus}"),
                        Audience::Group(g),
                        Some(10),
                        room.to_string(),
                        "组织党小组成员学习讨论，交流思想和工作情况".to_string(),
                    ));
                }
                if month % 3 == 1 {
                    let mut s = sitting(
                        theme + Days::new(1),
                        vec![T::PartyCongress],
                        format!("{year}年第{}季度党员大会", month / 3 + 1),
                        Audience::Branch,
                        Some(15),
                        room.to_string(),
                        "通报支部上季度工作，部署本季度重点任务，听取党员意见建议".to_string(),
                    );
                    s.times = ("15:00", "16:30");
                    s.decisions = Some("通过本季度支部工作安排".to_string());
                    sittings.push(s);
                }
                if matches!(month, 3 | 9 | 11) {
                    let topic = self.rng.pick(words::LECTURE_TOPICS).to_string();
                    let mut s = sitting(
                        theme + Days::new(8),
                        vec![T::PartyLecture],
                        format!("专题党课：{topic}"),
                        Audience::Branch,
                        Some(20),
                        room.to_string(),
                        format!("围绕“{topic}”讲授专题党课，结合本单位实际提出要求"),
                    );
                    let date = s.date;
                    s.lecturer = guest_lecturer.filter(|g| month == 9 && g.joined_on < date).map(|g| g.key.clone());
                    sittings.push(s);
                }
                if matches!(month, 8 | 11) {
                    let topic = self.rng.pick(words::VOLUNTEER_TOPICS).to_string();
                    sittings.push(sitting(
                        theme + Days::new(10),
                        vec![T::Volunteer],
                        topic,
                        Audience::Volunteers,
                        Some(25),
                        "服务点".to_string(),
                        "党员志愿者分组开展志愿服务".to_string(),
                    ));
                }
                if month % 2 == 0 && (org.parent.is_none() || month % 4 == 0) {
                    let who = 5 + self.rng.below(members.len() as u64 - 5) as usize;
                    let mut s = sitting(
                        theme + Days::new(12),
                        vec![T::HeartTalk],
                        format!("与{}同志谈心谈话", members[who].name),
                        Audience::Talk(who),
                        None,
                        "书记办公室".to_string(),
                        "了解思想、工作和生活情况，听取对支部工作的意见建议".to_string(),
                    );
                    s.times = ("16:00", "16:40");
                    sittings.push(s);
                }
                if month == 12 {
                    let life = weekday_on_or_before(year, 12, 20);
                    let evaluation = weekday_on_or_before(year, 12, 27);
                    let content = "支部班子和党员对照检查，开展批评和自我批评".to_string();
                    if org.parent.is_none() || self.rng.percent(50) {
                        sittings.push(sitting(
                            life,
                            vec![T::LifeMeeting],
                            format!("{year}年度组织生活会"),
                            Audience::Branch,
                            Some(30),
                            room.to_string(),
                            content,
                        ));
                        sittings.push(sitting(
                            evaluation,
                            vec![T::EvaluationMeeting],
                            format!("{year}年度民主评议党员"),
                            Audience::Branch,
                            Some(20),
                            room.to_string(),
                            "党员个人自评、党员互评、民主测评，支部委员会提出评定意见".to_string(),
                        ));
                    } else {
                        sittings.push(sitting(
                            life,
                            vec![T::LifeMeeting, T::EvaluationMeeting],
                            format!("{year}年度组织生活会暨民主评议党员"),
                            Audience::Branch,
                            Some(40),
                            room.to_string(),
                            content,
                        ));
                    }
                }
            }
        }
        for person in development {
            for step in person.steps.iter().filter(|s| s.step == 15 || s.step == 23) {
                let what = if step.step == 15 { "接收为预备党员" } else { "预备党员转正" };
                let mut s = sitting(
                    step.date,
                    vec![T::PartyCongress],
                    format!("支部大会：讨论{}同志{what}", person.name),
                    Audience::Branch,
                    Some(10),
                    room.to_string(),
                    "听取介绍人、支委会意见，与会党员充分讨论，无记名投票表决".to_string(),
                );
                s.decisions = Some(format!("同意{}同志{what}，报上级党委审批", person.name));
                let subject = if step.step == 15 { VoteSubject::Admission } else { VoteSubject::Conversion };
                let member = person.member.clone().filter(|_| subject == VoteSubject::Conversion);
                s.vote = Some((subject, person.key.clone(), member));
                sittings.push(s);
            }
        }
        // The 支部大会 of a development vote is kept even before the window: the vote lives on it.
        sittings.retain(|s| s.date <= today && (s.date >= self.w.start() || s.vote.is_some()));
        sittings.sort_by_key(|s| s.date);
        for s in sittings {
            let record = self.activity(org, members, s);
            self.pkg.activities.push(record);
        }
    }

    fn activity(&mut self, org: &OrgRecord, members: &[MemberRecord], s: Sitting) -> ActivityRecord {
        let holder =
            |role: Role| committee_on(&org.positions, s.date).find(|p| p.role == role).map(|p| p.member.clone());
        let secretary = holder(Role::Secretary);
        let recorder = holder(Role::Organization).or_else(|| holder(Role::Propaganda));
        let group = match s.audience {
            Audience::Group(g) => org.groups.get(g).map(|g| g.key.clone()),
            _ => None,
        };
        let host = match s.audience {
            Audience::Group(_) => {
                group.as_ref().and_then(|g| org.groups.iter().find(|x| &x.key == g)).and_then(|g| g.leader.clone())
            }
            _ => secretary.clone(),
        };
        let mut attendance = self.attendance(org, members, &s, group.as_deref(), secretary.as_deref());
        let votes = match &s.vote {
            Some((subject, person, member)) => {
                vec![self.vote(members, s.date, &mut attendance, *subject, person, member.as_deref())]
            }
            None => Vec::new(),
        };
        let lecturer =
            if s.types.contains(&T::PartyLecture) { s.lecturer.clone().or_else(|| secretary.clone()) } else { None };
        let key = self.key(Prefix::Activity);
        let (activity_type, types) = if s.types.len() == 1 { (Some(s.types[0]), None) } else { (None, Some(s.types)) };
        ActivityRecord {
            key,
            org: org.key.clone(),
            activity_type,
            types,
            group,
            date: s.date,
            start: Some(s.times.0.to_string()),
            end: Some(s.times.1.to_string()),
            place: s.place,
            topic: s.topic,
            host: host.clone(),
            recorder: if matches!(s.audience, Audience::Talk(_)) { None } else { recorder },
            lecturer,
            content: Some(s.content),
            decisions: s.decisions,
            hours: s.tenths.map(Hours::from_tenths),
            attendance,
            talk_trigger: None,
            observers: None,
            celebrants: Vec::new(),
            attachments: Vec::new(),
            votes,
        }
    }

    /// The 表决 at a 支部大会 on an admission or a 转正, as the sitting's attendance supports it: 应到 the
    /// 正式党员 on the roll that day (as `store::roll::voter_ids_on` counts them: exempt members too,
    /// 预备党员 not, nor the member whose 转正 is voted on), 实到 those of them present, now and then a written opinion of an absent voter, a
    /// vote against or an abstention. The person was admitted, so the vote passed: should the drawn
    /// attendance not carry it, voters marked away are marked present until it does.
    fn vote(
        &self,
        members: &[MemberRecord],
        date: NaiveDate,
        attendance: &mut [AttendanceRecord],
        subject: VoteSubject,
        person: &str,
        converting: Option<&str>,
    ) -> MeetingVoteRecord {
        let voter = |m: &MemberRecord| {
            Some(m.key.as_str()) != converting
                && m.on_roll(date)
                && match m.full_member_on {
                    Some(f) => f <= date,
                    None => m.status == MemberStatus::Full,
                }
        };
        let voters: Vec<&str> = members.iter().filter(|m| voter(m)).map(|m| m.key.as_str()).collect();
        let eligible = voters.len() as u32;
        let present_voters = |rows: &[AttendanceRecord]| {
            rows.iter().filter(|r| r.status == AttendanceStatus::Present && voters.contains(&r.member.as_str())).count()
                as u32
        };
        let mut present = present_voters(attendance);
        while present * 2 <= eligible + 1 {
            let Some(row) = attendance
                .iter_mut()
                .find(|r| r.status != AttendanceStatus::Present && voters.contains(&r.member.as_str()))
            else {
                break;
            };
            row.status = AttendanceStatus::Present;
            row.reason = None;
            present = present_voters(attendance);
        }
        // A generator of the vote's own, so the rest of the demo stays as it was.
        let seed = person
            .bytes()
            .chain(date.to_string().bytes())
            .fold(0x9E37_79B9_7F4A_7C15u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3));
        let mut rng = super::random::Rng::new(seed);
        let away = eligible - present;
        let written = if away > 0 && rng.percent(30) { 1 } else { 0 };
        let against = u32::from(present > 4 && rng.percent(20));
        let abstain = u32::from(present > 4 && rng.percent(25));
        let mut in_favour = present + written - against - abstain;
        let (mut against, mut abstain) = (against, abstain);
        if in_favour * 2 <= eligible {
            in_favour = present + written;
            (against, abstain) = (0, 0);
        }
        MeetingVoteRecord {
            subject,
            person: Some(person.to_string()),
            title: None,
            eligible,
            present,
            in_favour,
            against: Some(against),
            abstain: Some(abstain),
            written,
        }
    }

    fn attendance(
        &mut self,
        org: &OrgRecord,
        members: &[MemberRecord],
        s: &Sitting,
        group: Option<&str>,
        secretary: Option<&str>,
    ) -> Vec<AttendanceRecord> {
        let present = |m: &MemberRecord| AttendanceRecord {
            member: m.key.clone(),
            status: AttendanceStatus::Present,
            reason: None,
        };
        if let Audience::Talk(who) = s.audience {
            let mut out: Vec<AttendanceRecord> =
                members.iter().filter(|m| Some(m.key.as_str()) == secretary).map(present).collect();
            if members[who].on_roll(s.date) && Some(members[who].key.as_str()) != secretary {
                out.push(present(&members[who]));
            }
            return out;
        }
        let committee: Vec<&str> = committee_on(&org.positions, s.date).map(|p| p.member.as_str()).collect();
        let mut out = Vec::new();
        for m in members.iter().filter(|m| m.on_roll(s.date) && !m.attendance_exempt) {
            let expected = match s.audience {
                Audience::Branch | Audience::Volunteers => true,
                Audience::Committee => committee.contains(&m.key.as_str()),
                Audience::Group(_) => m.group.as_deref() == group,
                Audience::Talk(_) => false,
            };
            if !expected {
                continue;
            }
            let lost =
                m.lost_contact_since.as_deref().and_then(Month::parse).is_some_and(|since| since.first_day() <= s.date);
            let row = if lost {
                AttendanceRecord { member: m.key.clone(), status: AttendanceStatus::Absent, reason: None }
            } else if m.outflow_to.is_some() {
                let reason = Some("流动党员，在流入地参加组织生活".to_string());
                AttendanceRecord { member: m.key.clone(), status: AttendanceStatus::Leave, reason }
            } else if s.audience == Audience::Volunteers {
                if self.rng.percent(50) {
                    continue;
                }
                present(m)
            } else {
                match self.rng.below(100) {
                    0..=90 => present(m),
                    91..=97 => AttendanceRecord {
                        member: m.key.clone(),
                        status: AttendanceStatus::Leave,
                        reason: Some(self.rng.pick(words::LEAVE_REASONS).to_string()),
                    },
                    _ => AttendanceRecord { member: m.key.clone(), status: AttendanceStatus::Absent, reason: None },
                }
            };
            out.push(row);
        }
        out
    }
}

fn sitting(
    date: NaiveDate,
    types: Vec<ActivityType>,
    topic: String,
    audience: Audience,
    tenths: Option<u32>,
    place: String,
    content: String,
) -> Sitting {
    Sitting {
        date,
        types,
        topic,
        audience,
        tenths,
        times: ("14:30", "16:30"),
        place,
        content,
        decisions: None,
        lecturer: None,
        vote: None,
    }
}

/// The branch's fixed day of the month, moved back to Friday when it falls on a weekend.
fn weekday_on_or_before(year: i32, month: u32, day: u32) -> NaiveDate {
    let mut date = NaiveDate::from_ymd_opt(year, month, day).expect("day within every month");
    while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        date = date.pred_opt().expect("valid date");
    }
    date
}

fn meeting_room(sector: Sector) -> &'static str {
    match sector {
        Sector::Government => "机关三楼党员活动室",
        Sector::Institution => "单位二楼会议室",
        Sector::School => "学校党员活动室",
        Sector::Soe | Sector::PrivateEnterprise => "公司党员活动室",
        Sector::SocialOrg => "党群服务中心会议室",
        Sector::UrbanCommunity => "社区党群服务中心",
        Sector::Village => "村党群服务中心会议室",
    }
}
