//! 发展党员 documents as Word files, filled from a person's record: the 发展对象公示, the 支部大会决议
//! on 接收预备党员 (step 15) and on 预备党员转正 (step 23). Names, dates, introducers and the vote
//! figures come from the record (the figures are the 表决 item of the 党员大会 the step points at,
//! `development::record::Vote`); a fact the ledger does not hold is a blank line (`＿`) for the
//! secretary to fill in by hand, never a guess.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::development::record::{names, DevelopmentPerson, Vote};
use crate::development::rules::version_on;
use crate::development::steps::step_name;
use crate::error::{Error, Result};
use crate::model::dates::chinese_date;
use crate::store::Ledger;
use crate::workbook::docx::{blank, WordDocument};

/// The documents of a person's way to membership zhibu writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DevelopmentDoc {
    /// 发展对象公示 (after step 7, before the 支部大会).
    CandidateNotice,
    /// 接收预备党员的支部大会决议 (step 15).
    AdmissionResolution,
    /// 预备党员转正的支部大会决议 (step 23).
    FullMembershipResolution,
}

impl DevelopmentDoc {
    pub const ALL: [DevelopmentDoc; 3] = [
        DevelopmentDoc::CandidateNotice,
        DevelopmentDoc::AdmissionResolution,
        DevelopmentDoc::FullMembershipResolution,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DevelopmentDoc::CandidateNotice => "candidate_notice",
            DevelopmentDoc::AdmissionResolution => "admission_resolution",
            DevelopmentDoc::FullMembershipResolution => "full_membership_resolution",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DevelopmentDoc::CandidateNotice => "发展对象公示",
            DevelopmentDoc::AdmissionResolution => "接收预备党员的支部大会决议",
            DevelopmentDoc::FullMembershipResolution => "预备党员转正的支部大会决议",
        }
    }

    /// The step the document needs recorded.
    pub fn step(self) -> u8 {
        match self {
            DevelopmentDoc::CandidateNotice => 7,
            DevelopmentDoc::AdmissionResolution => 15,
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
/// (nothing written) when the step it records is not in the ledger yet.
pub fn write_development_doc(
    ledger: &Ledger,
    person_id: i64,
    doc: DevelopmentDoc,
    path: &Path,
    today: NaiveDate,
) -> Result<()> {
    let person = crate::development::store::load_person(ledger.conn(), person_id)?;
    document(&person, doc)?.dated(today).save(path)
}

/// Writes every document whose step is recorded into the folder `dir` (created if missing): the
/// 全程纪实 folder of one person. Returns the files written.
pub fn write_development_folder(ledger: &Ledger, person_id: i64, dir: &Path, today: NaiveDate) -> Result<Vec<String>> {
    let person = crate::development::store::load_person(ledger.conn(), person_id)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = Vec::new();
    for doc in DevelopmentDoc::ALL.into_iter().filter(|d| person.step(d.step()).is_some()) {
        let path = dir.join(file_name(&person, doc));
        document(&person, doc)?.dated(today).save(&path)?;
        out.push(path.display().to_string());
    }
    Ok(out)
}

/// The document, or why it cannot be written yet.
pub fn document(person: &DevelopmentPerson, doc: DevelopmentDoc) -> Result<WordDocument> {
    let step = doc.step();
    if person.step(step).is_none() {
        return Err(Error::invalid(
            "--doc",
            format!("{}还没有记录第{step}步“{}”，不能生成{}", person.name, step_name(step), doc.label()),
        ));
    }
    Ok(match doc {
        DevelopmentDoc::CandidateNotice => candidate_notice(person),
        DevelopmentDoc::AdmissionResolution => admission(person),
        DevelopmentDoc::FullMembershipResolution => full_membership(person),
    })
}

fn date_or_blank(d: Option<NaiveDate>) -> String {
    d.map(chinese_date).unwrap_or_else(|| format!("{}年{}月{}日", blank(4), blank(2), blank(2)))
}

fn or_blank(text: Option<&str>, chars: usize) -> String {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).unwrap_or_else(|| blank(chars))
}

/// `中共…支部委员会` as the branch signs: its full name, with 中共 when the name lacks it.
fn signer(person: &DevelopmentPerson) -> String {
    if person.org_name.starts_with("中共") {
        person.org_name.clone()
    } else {
        format!("中共{}", person.org_name)
    }
}

/// `张三，男，汉族，1998年3月生，大学本科学历，现为…。`
fn profile(person: &DevelopmentPerson) -> String {
    let born = person.birth_date;
    format!(
        "{}，{}，{}，{}年{}月生，{}学历，现为{}。",
        person.name,
        person.gender.label(),
        or_blank(person.ethnicity.as_deref(), 3),
        chrono::Datelike::year(&born),
        chrono::Datelike::month(&born),
        or_blank(person.education.as_deref(), 3),
        or_blank(person.unit_title.as_deref(), 8),
    )
}

/// The way so far: application, 积极分子, 发展对象, introducers.
fn history(person: &DevelopmentPerson) -> String {
    let introducers = names(person.step(9));
    format!(
        "{}递交入党申请书，{}被确定为入党积极分子，{}被确定为发展对象。入党介绍人为{}同志。",
        date_or_blank(person.date(1)),
        date_or_blank(person.date(3)),
        date_or_blank(person.date(7)),
        if introducers.is_empty() { blank(6) } else { introducers },
    )
}

/// `应到会有表决权的正式党员8名，实到7名（其中书面意见1份），超过…半数。`
fn attendance(v: &Vote) -> String {
    let written = if v.written > 0 { format!("（含书面意见{}份）", v.written) } else { String::new() };
    let quorum = if v.quorum() {
        "超过应到会有表决权的正式党员的半数"
    } else {
        "未超过应到会有表决权的正式党员的半数"
    };
    format!("应到会有表决权的正式党员{}名，实到会有表决权的正式党员{}名{written}，{quorum}。", v.eligible, v.present)
}

/// `经无记名投票表决，赞成票7票，反对票0票，弃权票0票，…`
fn tally(v: &Vote) -> String {
    let n = |x: Option<u32>| x.map_or_else(|| blank(2), |x| x.to_string());
    format!(
        "经无记名投票表决，赞成票{}票，反对票{}票，弃权票{}票，赞成票{}应到会有表决权的正式党员的半数",
        v.in_favour,
        n(v.against),
        n(v.abstain),
        if v.passed() { "超过" } else { "未超过" },
    )
}

fn candidate_notice(person: &DevelopmentPerson) -> WordDocument {
    WordDocument::new()
        .title(&format!("关于{}同志作为发展对象的公示", person.name))
        .blank_line()
        .paragraph(&format!(
            "经党支部委员会研究，拟将{}同志列为发展对象。根据《中国共产党发展党员工作细则》的有关规定，现将其基本情况公示如下：",
            person.name
        ))
        .paragraph(&profile(person))
        .paragraph(&history(person))
        .paragraph(&format!(
            "公示时间：{}至{}。公示期间，党员和群众可通过来信、来电、来访等方式向党支部反映该同志的情况。反映情况应实事求是，以个人名义反映的请署真实姓名。",
            date_or_blank(None),
            date_or_blank(None)
        ))
        .paragraph(&format!("联系人：{}　联系电话：{}", blank(5), blank(8)))
        .blank_line()
        .signature(&[&signer(person), &date_or_blank(None)])
}

fn admission(person: &DevelopmentPerson) -> WordDocument {
    let on = person.date(15);
    let mut doc = WordDocument::new()
        .title(&format!("{}\n关于接收{}同志为中共预备党员的决议", signer(person), person.name))
        .blank_line();
    let opening = format!("{}，{}召开支部大会，讨论{}同志的入党问题。", date_or_blank(on), signer(person), person.name);
    doc = match person.vote(15) {
        Some(v) => doc.paragraph(&format!("{opening}{}", attendance(v))),
        None => doc.paragraph(&format!(
            "{opening}应到会有表决权的正式党员{}名，实到会有表决权的正式党员{}名。",
            blank(2),
            blank(2)
        )),
    };
    doc = doc.paragraph(&profile(person)).paragraph(&history(person)).paragraph(&format!(
        "支部大会认为，{}同志{}",
        person.name,
        blank(30)
    ));
    let close = format!("同意接收{}同志为中共预备党员，报上级党委审批。", person.name);
    doc = match person.vote(15) {
        Some(v) => doc.paragraph(&format!("{}，{close}", tally(v))),
        None => doc.paragraph(&format!(
            "经无记名投票表决，赞成票{}票，反对票{}票，弃权票{}票，{close}",
            blank(2),
            blank(2),
            blank(2)
        )),
    };
    doc.blank_line().signature(&[&signer(person), &date_or_blank(on)])
}

fn full_membership(person: &DevelopmentPerson) -> WordDocument {
    let on = person.date(23);
    let received = person.date(15);
    let months = received.map(|d| version_on(d).probation_months).unwrap_or(12);
    let end = person.probation_end(months);
    let mut doc = WordDocument::new()
        .title(&format!("{}\n关于{}同志预备党员转为正式党员的决议", signer(person), person.name))
        .blank_line();
    let opening = format!("{}，{}召开支部大会，讨论{}同志的转正问题。", date_or_blank(on), signer(person), person.name);
    doc = match person.vote(23) {
        Some(v) => doc.paragraph(&format!("{opening}{}", attendance(v))),
        None => doc.paragraph(&format!(
            "{opening}应到会有表决权的正式党员{}名，实到会有表决权的正式党员{}名。",
            blank(2),
            blank(2)
        )),
    };
    let extension = match person.probation_extension_months {
        Some(m) if m > 0 => format!("，延长预备期{m}个月"),
        _ => String::new(),
    };
    doc = doc
        .paragraph(&format!(
            "{}同志于{}被接收为中共预备党员，预备期一年{extension}，至{}预备期满。{}递交转正申请。",
            person.name,
            date_or_blank(received),
            date_or_blank(end),
            date_or_blank(person.date(22)),
        ))
        .paragraph(&format!("支部大会认为，{}同志在预备期间{}", person.name, blank(30)));
    let close = format!(
        "同意{}同志{}转为中共正式党员，党龄自{}算起，报上级党委审批。",
        person.name,
        if extension.is_empty() { "按期" } else { "" },
        date_or_blank(end)
    );
    doc = match person.vote(23) {
        Some(v) => doc.paragraph(&format!("{}，{close}", tally(v))),
        None => doc.paragraph(&format!(
            "经无记名投票表决，赞成票{}票，反对票{}票，弃权票{}票，{close}",
            blank(2),
            blank(2),
            blank(2)
        )),
    };
    doc.blank_line().signature(&[&signer(person), &date_or_blank(on)])
}
