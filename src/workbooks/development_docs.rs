//! 发展党员 documents as Word files, filled from a person's record: the 支委会决议 on 确定入党积极分子
//! (step 3) with its 备案报告 to the 党委 and the 培养教育考察登记, the 发展对象公示 (after step 7), the 政治审查结论 (step 10), the 支部大会决议 on 接收预备党员
//! (step 15), the 转正申请回执 (step 22) and the 支部大会决议 on 预备党员转正 (step 23). The words are
//! templates (`assets/templates/<code>.txt`, replaceable beside the ledger: `workbook::template`);
//! this module supplies the fields. Names, dates, introducers and the vote figures come from the
//! record (the figures are the 表决 item of the 党员大会 the step points at,
//! `development::record::Vote`; the 支委会 of step 3 is the organisation's 支委会 sitting of that
//! day); a fact the ledger does not hold is a blank line (`＿`) for the secretary to fill in by
//! hand, never a guess, and is listed to the caller (`WrittenDocument::missing`).

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::development::actions::parse_quarter;
use crate::development::record::{names, DevelopmentPerson, DocumentKind, Vote};
use crate::development::rules::version_on;
use crate::development::steps::step_name;
use crate::error::{Error, Result};
use crate::model::dates::chinese_date;
use crate::model::{ActivityType, AttendanceStatus};
use crate::store::Ledger;
use crate::workbook::docx::{blank, WordDocument};
use crate::workbook::template::{self, BuiltIn, Fields, Value};

/// The documents of a person's way to membership zhibu writes, in the order of their steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DevelopmentDoc {
    /// 确定入党积极分子的支委会决议 (step 3).
    ActivistResolution,
    /// 入党积极分子备案报告 to the 党委 above (step 3).
    ActivistFiling,
    /// 入党积极分子培养教育考察登记 (step 3 onwards; the 培养教育考察 of step 6 and the 思想汇报).
    ActivistTrainingRecord,
    /// 发展对象公示 (after step 7, before the 支部大会).
    CandidateNotice,
    /// 发展对象政治审查结论 (step 10).
    PoliticalReview,
    /// 接收预备党员的支部大会决议 (step 15).
    AdmissionResolution,
    /// 预备党员转正申请回执 (step 22).
    ProbationApplicationReceipt,
    /// 预备党员转正的支部大会决议 (step 23).
    FullMembershipResolution,
}

/// A document written, and the fields it printed as blanks because the ledger does not hold them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WrittenDocument {
    pub path: String,
    /// Fields left blank (`＿`) for the secretary to fill in by hand, by their Chinese names.
    pub missing: Vec<String>,
}

impl DevelopmentDoc {
    pub const ALL: [DevelopmentDoc; 8] = [
        DevelopmentDoc::ActivistResolution,
        DevelopmentDoc::ActivistFiling,
        DevelopmentDoc::ActivistTrainingRecord,
        DevelopmentDoc::CandidateNotice,
        DevelopmentDoc::PoliticalReview,
        DevelopmentDoc::AdmissionResolution,
        DevelopmentDoc::ProbationApplicationReceipt,
        DevelopmentDoc::FullMembershipResolution,
    ];

    pub fn code(self) -> &'static str {
        self.builtin().code
    }

    pub fn label(self) -> &'static str {
        self.builtin().name
    }

    /// The built-in template.
    pub fn builtin(self) -> BuiltIn {
        macro_rules! builtin {
            ($code:literal, $name:literal) => {
                BuiltIn {
                    code: $code,
                    name: $name,
                    text: include_str!(concat!("../../assets/templates/", $code, ".txt")),
                }
            };
        }
        match self {
            DevelopmentDoc::ActivistResolution => builtin!("activist_resolution", "确定入党积极分子的支委会决议"),
            DevelopmentDoc::ActivistFiling => builtin!("activist_filing", "入党积极分子备案报告"),
            DevelopmentDoc::ActivistTrainingRecord => {
                builtin!("activist_training_record", "入党积极分子培养教育考察登记")
            }
            DevelopmentDoc::CandidateNotice => builtin!("candidate_notice", "发展对象公示"),
            DevelopmentDoc::PoliticalReview => builtin!("political_review", "发展对象政治审查结论"),
            DevelopmentDoc::AdmissionResolution => builtin!("admission_resolution", "接收预备党员的支部大会决议"),
            DevelopmentDoc::ProbationApplicationReceipt => {
                builtin!("probation_application_receipt", "预备党员转正申请回执")
            }
            DevelopmentDoc::FullMembershipResolution => {
                builtin!("full_membership_resolution", "预备党员转正的支部大会决议")
            }
        }
    }

    /// The step the document needs recorded.
    pub fn step(self) -> u8 {
        match self {
            DevelopmentDoc::ActivistResolution
            | DevelopmentDoc::ActivistFiling
            | DevelopmentDoc::ActivistTrainingRecord => 3,
            DevelopmentDoc::CandidateNotice => 7,
            DevelopmentDoc::PoliticalReview => 10,
            DevelopmentDoc::AdmissionResolution => 15,
            DevelopmentDoc::ProbationApplicationReceipt => 22,
            DevelopmentDoc::FullMembershipResolution => 23,
        }
    }

    /// By code or Chinese name.
    pub fn find(text: &str) -> Result<DevelopmentDoc> {
        let t = text.trim();
        DevelopmentDoc::ALL.into_iter().find(|d| d.code() == t || d.label() == t).ok_or_else(|| {
            let known: Vec<String> =
                DevelopmentDoc::ALL.iter().map(|d| format!("{}（{}）", d.code(), d.label())).collect();
            Error::invalid("--doc", format!("未知的文书“{t}”，可选：{}", known.join("、")))
        })
    }
}

/// The file name offered: `张三接收预备党员的支部大会决议.docx`.
pub fn file_name(person: &DevelopmentPerson, doc: DevelopmentDoc) -> String {
    crate::workbooks::sanitize_file_name(&format!("{}{}", person.name, doc.label())) + ".docx"
}

/// Writes document `doc` of person `person_id` to `path`, its properties dated `today`. Refused
/// (nothing written) when the step it records is not in the ledger yet, or the committee's template
/// names a field the document does not have.
pub fn write_development_doc(
    ledger: &Ledger,
    person_id: i64,
    doc: DevelopmentDoc,
    path: &Path,
    today: NaiveDate,
) -> Result<WrittenDocument> {
    let person = crate::development::store::load_person(ledger.conn(), person_id)?;
    let (word, missing) = document(ledger, &person, doc)?;
    word.dated(today).save(path)?;
    Ok(WrittenDocument { path: path.display().to_string(), missing })
}

/// Writes every document whose step is recorded into the folder `dir` (created if missing): the
/// 全程纪实 folder of one person. Returns the files written.
pub fn write_development_folder(
    ledger: &Ledger,
    person_id: i64,
    dir: &Path,
    today: NaiveDate,
) -> Result<Vec<WrittenDocument>> {
    let person = crate::development::store::load_person(ledger.conn(), person_id)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = Vec::new();
    for doc in DevelopmentDoc::ALL.into_iter().filter(|d| person.step(d.step()).is_some()) {
        let path = dir.join(file_name(&person, doc));
        let (word, missing) = document(ledger, &person, doc)?;
        word.dated(today).save(&path)?;
        out.push(WrittenDocument { path: path.display().to_string(), missing });
    }
    Ok(out)
}

/// The document and the fields it left blank, or why it cannot be written yet. The template is
/// the committee's own when one lies beside the ledger.
pub fn document(
    ledger: &Ledger,
    person: &DevelopmentPerson,
    doc: DevelopmentDoc,
) -> Result<(WordDocument, Vec<String>)> {
    let step = doc.step();
    if person.step(step).is_none() {
        return Err(Error::invalid(
            "--doc",
            format!("{}还没有记录第{step}步“{}”，不能生成{}", person.name, step_name(step), doc.label()),
        ));
    }
    let template = template::load(&doc.builtin(), ledger.path())?;
    let fields = fields(ledger, person, doc)?;
    let rendered = template.render(&fields, WordDocument::new())?;
    Ok((rendered.doc, rendered.missing))
}

/// `2024年9月23日`, or the blank date `＿＿＿＿年＿＿月＿＿日`.
fn date_or_blank(d: Option<NaiveDate>) -> Value {
    match d {
        Some(d) => Value::Text(chinese_date(d)),
        None => Value::Missing(blank_date()),
    }
}

fn blank_date() -> String {
    format!("{}年{}月{}日", blank(4), blank(2), blank(2))
}

/// `中共…支部委员会` as the branch signs: its full name, with 中共 when the name lacks it.
fn signer(person: &DevelopmentPerson) -> String {
    party_name(&person.org_name)
}

/// An organisation's name as a document prints it: with 中共 when the name lacks it.
fn party_name(name: &str) -> String {
    if name.starts_with("中共") {
        name.to_string()
    } else {
        format!("中共{name}")
    }
}

/// The nearest 党委 above organisation `org_id` in the organisation tree (a branch under a 总支
/// reports to the 党委 above the 总支), if the tree holds one.
fn committee_above(ledger: &Ledger, org_id: i64) -> Result<Option<String>> {
    let mut parent = crate::store::orgs::get(ledger.conn(), org_id)?.fields.parent_id;
    // The tree refuses cycles (`orgs::update`); the bound only keeps a damaged file from looping.
    for _ in 0..32 {
        let Some(id) = parent else { break };
        let org = crate::store::orgs::get(ledger.conn(), id)?;
        if org.fields.kind == crate::model::OrgKind::Committee {
            return Ok(Some(party_name(&org.fields.name)));
        }
        parent = org.fields.parent_id;
    }
    Ok(None)
}

/// The 支委会 of step 3: `应到支部委员5名，实到4名。` when that day's sitting is recorded, else blanks.
fn committee_attendance(sitting: Option<&crate::workbooks::meetings::read::Meeting>) -> Value {
    match sitting {
        Some(m) => {
            Value::Text(format!("应到支部委员{}名，实到{}名。", m.attendance.len(), m.count(AttendanceStatus::Present)))
        }
        None => Value::Missing(format!("应到支部委员{}名，实到{}名。", blank(2), blank(2))),
    }
}

/// The 培养教育考察 the ledger holds for the activist, one line each in order of date: the
/// 思想汇报 received from step 3 until 确定发展对象 (step 7), and the step 6 record with its note.
/// None recorded: blank lines to fill in by hand.
fn training_entries(person: &DevelopmentPerson) -> Value {
    let from = person.date(3);
    let until = person.date(7);
    let mut entries: Vec<(NaiveDate, String)> = person
        .documents
        .iter()
        .filter(|d| d.kind == DocumentKind::ThoughtReport)
        .filter(|d| from.is_none_or(|f| d.received_on >= f) && until.is_none_or(|u| d.received_on <= u))
        .map(|d| {
            let period = d
                .period
                .as_deref()
                .and_then(parse_quarter)
                .map(|(y, q)| format!("（{y}年第{q}季度）"))
                .unwrap_or_default();
            (d.received_on, format!("{}　收到思想汇报{period}", chinese_date(d.received_on)))
        })
        .collect();
    if let Some(s) = person.step(6) {
        let note = s.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let text = match note {
            Some(n) => format!("{}　培养教育考察：{n}", chinese_date(s.date)),
            None => format!("{}　培养教育考察", chinese_date(s.date)),
        };
        entries.push((s.date, text));
    }
    entries.sort_by_key(|e| e.0);
    if entries.is_empty() {
        let line = format!("{}　{}", blank_date(), blank(20));
        return Value::Missing([line.as_str(); 4].join("\n"));
    }
    Value::Text(entries.into_iter().map(|e| e.1).collect::<Vec<_>>().join("\n"))
}

/// The fields of document `doc`: the person's own, then the document's.
fn fields(ledger: &Ledger, person: &DevelopmentPerson, doc: DevelopmentDoc) -> Result<Fields> {
    let born = person.birth_date;
    let introducers = names(person.step(9));
    let mut f = Fields::new()
        .text("支部", signer(person))
        .text("姓名", person.name.as_str())
        .text("性别", person.gender.label())
        .or_blank("民族", person.ethnicity.as_deref(), 3)
        .text("出生年月", format!("{}年{}月", born.year(), born.month()))
        .or_blank("学历", person.education.as_deref(), 3)
        .or_blank("工作单位及职务", person.unit_title.as_deref(), 8)
        .value("申请日期", date_or_blank(person.date(1)))
        .value("谈话日期", date_or_blank(person.date(2)))
        .or_blank("谈话人", Some(names(person.step(2)).as_str()), 4)
        .value("确定积极分子日期", date_or_blank(person.date(3)))
        .or_blank("培养联系人", Some(names(person.step(5)).as_str()), 6)
        .value("确定发展对象日期", date_or_blank(person.date(7)))
        .or_blank("入党介绍人", Some(introducers.as_str()), 6);
    let probation = |f: Fields| {
        let received = person.date(15);
        let months = received.map(|d| version_on(d).probation_months).unwrap_or(12);
        let extension = match person.probation_extension_months {
            Some(m) if m > 0 => format!("，延长预备期{m}个月"),
            _ => String::new(),
        };
        let on_time = if extension.is_empty() { "按期" } else { "" };
        f.value("接收预备党员日期", date_or_blank(received))
            .text("延长预备期", extension)
            .value("预备期满日期", date_or_blank(person.probation_end(months)))
            .value("转正申请日期", date_or_blank(person.date(22)))
            .text("按期", on_time)
    };
    f = match doc {
        DevelopmentDoc::ActivistResolution => {
            let on = person.date(3).expect("checked: step 3 recorded");
            let sitting = committee_sitting(ledger, person.org_id, on)?;
            let attendance = committee_attendance(sitting.as_ref());
            let contacts = names(person.step(5));
            let arrangement = if contacts.is_empty() {
                Value::Missing(format!("指定{}同志为培养联系人，", blank(6)))
            } else {
                Value::Text(format!("指定{contacts}同志为培养联系人，"))
            };
            f.text("会议日期", chinese_date(on))
                .value("支委会到会情况", attendance)
                .or_blank("主持人", sitting.as_ref().and_then(|m| m.host.as_deref()), 4)
                .missing("推荐方式", blank(8))
                .value("培养联系人安排", arrangement)
                .missing("支委会意见", blank(30))
        }
        DevelopmentDoc::ActivistFiling => {
            let on = person.date(3).expect("checked: step 3 recorded");
            let sitting = committee_sitting(ledger, person.org_id, on)?;
            let committee = committee_above(ledger, person.org_id)?;
            f.or_blank("上级党委", committee.as_deref(), 10)
                .text("会议日期", chinese_date(on))
                .value("支委会到会情况", committee_attendance(sitting.as_ref()))
        }
        DevelopmentDoc::ActivistTrainingRecord => f.value("培养教育考察情况", training_entries(person)),
        DevelopmentDoc::CandidateNotice => f
            .missing("公示开始日期", blank_date())
            .missing("公示结束日期", blank_date())
            .missing("联系人", blank(5))
            .missing("联系电话", blank(8))
            .missing("公示日期", blank_date()),
        DevelopmentDoc::PoliticalReview => {
            let step = person.step(10).expect("checked: step 10 recorded");
            f.text("政审日期", chinese_date(step.date))
                .or_blank("政审结论", person.political_review.map(|r| r.label()), 4)
                .or_blank("审查情况", step.note.as_deref(), 30)
        }
        DevelopmentDoc::AdmissionResolution => vote_fields(f, person, 15),
        DevelopmentDoc::ProbationApplicationReceipt => probation(f).missing("接收人", blank(6)),
        DevelopmentDoc::FullMembershipResolution => vote_fields(probation(f), person, 23),
    };
    Ok(f)
}

/// The 支部大会 of step 15 or 23: its day, the attendance and the tally of its vote.
fn vote_fields(f: Fields, person: &DevelopmentPerson, step: u8) -> Fields {
    let vote = person.vote(step);
    let number = |x: Option<u32>| x.map_or_else(|| Value::Missing(blank(2)), |x| Value::Text(x.to_string()));
    f.value("大会日期", date_or_blank(person.date(step)))
        .value("到会情况", attendance(vote))
        .value("应到人数", number(vote.map(|v| v.eligible)))
        .value("实到人数", number(vote.map(|v| v.present)))
        .value("表决情况", tally(vote))
        .value("赞成票", number(vote.map(|v| v.in_favour)))
        .value("反对票", number(vote.and_then(|v| v.against)))
        .value("弃权票", number(vote.and_then(|v| v.abstain)))
        .missing("支部大会意见", blank(30))
}

/// `应到会有表决权的正式党员8名，实到7名（其中书面意见1份），超过…半数。`
fn attendance(vote: Option<&Vote>) -> Value {
    let Some(v) = vote else {
        return Value::Missing(format!(
            "应到会有表决权的正式党员{}名，实到会有表决权的正式党员{}名。",
            blank(2),
            blank(2)
        ));
    };
    let written = if v.written > 0 { format!("（含书面意见{}份）", v.written) } else { String::new() };
    let quorum = if v.quorum() {
        "超过应到会有表决权的正式党员的半数"
    } else {
        "未超过应到会有表决权的正式党员的半数"
    };
    Value::Text(format!(
        "应到会有表决权的正式党员{}名，实到会有表决权的正式党员{}名{written}，{quorum}。",
        v.eligible, v.present
    ))
}

/// `经无记名投票表决，赞成票7票，反对票0票，弃权票0票，赞成票超过…半数`; with blanks (and listed)
/// for the figures not recorded.
fn tally(vote: Option<&Vote>) -> Value {
    let Some(v) = vote else {
        return Value::Missing(format!(
            "经无记名投票表决，赞成票{}票，反对票{}票，弃权票{}票",
            blank(2),
            blank(2),
            blank(2)
        ));
    };
    let n = |x: Option<u32>| x.map_or_else(|| blank(2), |x| x.to_string());
    let text = format!(
        "经无记名投票表决，赞成票{}票，反对票{}票，弃权票{}票，赞成票{}应到会有表决权的正式党员的半数",
        v.in_favour,
        n(v.against),
        n(v.abstain),
        if v.passed() { "超过" } else { "未超过" },
    );
    if v.against.is_some() && v.abstain.is_some() {
        Value::Text(text)
    } else {
        Value::Missing(text)
    }
}

/// The 支委会 sitting of organisation `org_id` on `day` (the step 3 decision), if recorded.
fn committee_sitting(
    ledger: &Ledger,
    org_id: i64,
    day: NaiveDate,
) -> Result<Option<crate::workbooks::meetings::read::Meeting>> {
    use crate::workbooks::meetings::read;
    Ok(read::meetings(ledger.conn(), org_id, day.year(), read::Scope::Own)?
        .into_iter()
        .find(|m| m.date == day && m.types.contains(&ActivityType::CommitteeMeeting)))
}
