//! The half-year or year-end 工作总结 draft (.docx) for the secretary to finish in Word. Every
//! figure is taken from the function that owns it, never counted again here:
//!
//! - sittings by type, their topics and attendance: `meetings::list_activities` (its rows and
//!   attendance counts; a sitting recorded with several types counts for each), the rate by
//!   `meetings::hours::rate_permille` over the sittings `counts_for_attendance` admits;
//! - 学时: `meetings::study_hours` under the profile's requirement, read at the period's end;
//! - 党费: the money ledger's months (`funds::year_ledger`, collected from the dues engine);
//! - 发展党员: the recorded steps of the people (`development::load_people`);
//! - plan against actual: `plan::actual_of`;
//! - the standards: `standards::check_ledger` (frequency findings of the period).

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::meetings::hours::{counts_for_attendance, rate_permille};
use crate::meetings::{list_activities, ActivityFilter};
use crate::model::dates::chinese_date;
use crate::model::ActivityType;
use crate::standards::finding::Status;
use crate::standards::period::{spans, Span};
use crate::standards::profile::PeriodUnit;
use crate::standards::FindingsProvider;
use crate::store::Ledger;
use crate::workbook::docx::WordDocument;

/// One activity type's sittings in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SittingsOfType {
    pub activity: ActivityType,
    pub label: String,
    pub count: u32,
}

/// The figures of a 工作总结.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkSummary {
    pub org_name: String,
    pub year: i32,
    /// None: the whole year; 1 or 2: the half.
    pub half: Option<u8>,
    /// `2026年上半年` · `2026年`.
    pub period_label: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Sittings of 组织生活 held (each once, whatever its types).
    pub sittings: u32,
    pub by_type: Vec<SittingsOfType>,
    /// Topics of the 党课 and 主题党日, in date order.
    pub topics: Vec<String>,
    pub expected: u32,
    pub present: u32,
    /// present / expected in ‰.
    pub attendance_permille: Option<u32>,
    /// Members judged for 学时, those who met it, and the 学时 required of a member for the year.
    pub hours_judged: u32,
    pub hours_met: u32,
    pub hours_required_tenths: u32,
    /// The day the 学时 are read on.
    pub hours_as_of: NaiveDate,
    /// 党费 collected for the months of the period (分), and remitted.
    pub dues_collected_fen: i64,
    pub dues_remitted_fen: i64,
    /// Development steps recorded in the period: (step name, people).
    pub development: Vec<(String, u32)>,
    /// Plan against actual, items of the period.
    pub plan_saved: bool,
    pub planned: u32,
    pub planned_held: u32,
    /// `3月15日 主题党日` for each item missed.
    pub planned_missed: Vec<String>,
    pub unplanned: u32,
    /// Frequency findings of the period met, and the messages of those not met.
    pub standards_met: u32,
    pub standards_unmet: Vec<String>,
}

/// The period of a summary: the half (1 or 2) or the whole year.
pub fn summary_span(year: i32, half: Option<u8>) -> Result<Span> {
    match half {
        None => Ok(Span::year(year)),
        Some(h @ (1 | 2)) => Ok(spans(PeriodUnit::HalfYear, year).remove(usize::from(h) - 1)),
        Some(h) => Err(Error::invalid("--half", format!("半年“{h}”应为1（上半年）或2（下半年）"))),
    }
}

/// The figures of `org_id`'s summary for `year` (or its `half`) as seen on `today`.
pub fn work_summary_figures(
    ledger: &Ledger,
    org_id: i64,
    year: i32,
    half: Option<u8>,
    today: NaiveDate,
    provider: &dyn FindingsProvider,
) -> Result<WorkSummary> {
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid("--year", format!("年度“{year}”应在2000到2100之间")));
    }
    let span = summary_span(year, half)?;
    let org = crate::store::orgs::get(ledger.conn(), org_id)?;
    let read_on = today.clamp(span.first, span.last);

    // Sittings.
    let rows = list_activities(ledger, &ActivityFilter { org_id: Some(org_id), year, ..Default::default() })?;
    let rows: Vec<_> = rows.into_iter().filter(|r| span.contains(r.date) && counts_for_attendance(&r.types)).collect();
    let by_type: Vec<SittingsOfType> = crate::meetings::hours::SITTING_TYPES
        .iter()
        .map(|t| SittingsOfType {
            activity: *t,
            label: t.label().to_string(),
            count: rows.iter().filter(|r| r.types.contains(t)).count() as u32,
        })
        .filter(|c| c.count > 0)
        .collect();
    let topics: Vec<String> = rows
        .iter()
        .filter(|r| r.types.iter().any(|t| matches!(t, ActivityType::PartyLecture | ActivityType::ThemeDay)))
        .map(|r| r.topic.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let expected: u32 = rows.iter().map(|r| r.counts.expected).sum();
    let present: u32 = rows.iter().map(|r| r.counts.present).sum();

    // 学时.
    let params = crate::standards::profile_for(ledger.conn(), Some(org_id), None)?.study_hours_params();
    let hours = crate::meetings::study_hours(ledger, Some(org_id), year, params, read_on)?;
    let judged: Vec<_> = hours.members.iter().filter(|m| m.judged).collect();

    // 党费.
    let funds = crate::funds::year_ledger(ledger, year, Some(org_id), today)?;
    let in_span =
        |month: &str| crate::model::dates::parse_date(&format!("{month}-01")).is_some_and(|d| span.contains(d));
    let months: Vec<_> = funds.months.iter().filter(|m| in_span(&m.month)).collect();

    // 发展党员.
    let people =
        ledger.read(|conn| crate::development::load_people(conn, &crate::store::orgs::subtree_ids(conn, org_id)?))?;
    let mut development: Vec<(String, u32)> = Vec::new();
    for step in 1..=25u8 {
        let n = people.iter().filter(|p| p.date(step).is_some_and(|d| span.contains(d))).count() as u32;
        if n > 0 && matches!(step, 1 | 3 | 7 | 15 | 23) {
            development.push((crate::development::step_name(step).to_string(), n));
        }
    }

    // Plan against actual.
    let actual = ledger.read(|conn| crate::plan::actual_of(conn, org_id, year, today))?;
    let lines: Vec<_> = actual.lines.iter().filter(|l| span.contains(l.item.planned_on)).collect();
    let planned_missed = lines
        .iter()
        .filter(|l| l.status == crate::plan::PlanStatus::Missed)
        .map(|l| {
            format!(
                "{} {}{}",
                l.item.planned_on.format("%-m月%-d日"),
                l.item.group_name.clone().unwrap_or_default(),
                l.what
            )
        })
        .collect();

    // The standards.
    let report = crate::standards::check_ledger(ledger, Some(&org.key), year, None, today, provider)?;
    let frequency: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.org == org.key && f.kind == "frequency")
        .filter(|f| f.due.is_some_and(|d| span.contains(d)))
        .collect();

    Ok(WorkSummary {
        org_name: org.fields.name.clone(),
        year,
        half,
        period_label: span.label.clone(),
        first: span.first,
        last: span.last,
        sittings: rows.len() as u32,
        by_type,
        topics,
        expected,
        present,
        attendance_permille: rate_permille(present, expected),
        hours_judged: judged.len() as u32,
        hours_met: judged.iter().filter(|m| m.met).count() as u32,
        hours_required_tenths: hours.params.required_tenths,
        hours_as_of: hours.as_of,
        dues_collected_fen: months.iter().map(|m| m.collected_fen).sum(),
        dues_remitted_fen: months.iter().map(|m| m.remitted_fen).sum(),
        development,
        plan_saved: actual.saved,
        planned: lines.len() as u32,
        planned_held: lines.iter().filter(|l| l.status == crate::plan::PlanStatus::Held).count() as u32,
        planned_missed,
        unplanned: actual.unplanned.iter().filter(|s| span.contains(s.date)).count() as u32,
        standards_met: frequency.iter().filter(|f| f.status == Status::Met).count() as u32,
        standards_unmet: frequency.iter().filter(|f| f.status == Status::Unmet).map(|f| f.message.clone()).collect(),
    })
}

/// Entries a list in the draft names before `等N项`.
pub const LISTED: usize = 10;

/// `a、b、c` or, past `LISTED`, the first ones `等N项`.
fn listed(items: &[String], sep: &str) -> String {
    if items.len() <= LISTED {
        return items.join(sep);
    }
    format!("{}等{}项", items[..LISTED].join(sep), items.len())
}

/// `91.7%`
fn percent(permille: u32) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// The paragraphs of the draft, in order: (heading or None, text).
pub fn summary_paragraphs(s: &WorkSummary) -> Vec<(Option<&'static str>, String)> {
    let mut out: Vec<(Option<&'static str>, String)> = Vec::new();
    let kinds: Vec<String> = s.by_type.iter().map(|c| format!("{}{}次", c.label, c.count)).collect();
    let mut meetings = format!("{}，{}共开展组织生活{}次", s.period_label, s.org_name, s.sittings);
    if !kinds.is_empty() {
        meetings.push_str(&format!("，其中{}（一次会议兼有几种形式的分别计数）", kinds.join("、")));
    }
    meetings.push('。');
    if let Some(rate) = s.attendance_permille {
        meetings.push_str(&format!("应到{}人次，实到{}人次，平均出勤率{}。", s.expected, s.present, percent(rate)));
    }
    out.push((Some("一、组织生活开展情况"), meetings));
    if !s.topics.is_empty() {
        out.push((None, format!("党课和主题党日的主要内容：{}。", s.topics.join("；"))));
    }
    let hours = crate::meetings::hours::hours_text(i64::from(s.hours_required_tenths));
    out.push((
        Some("二、党员教育培训"),
        format!(
            "截至{}，参加统计的党员{}名，其中{}名已达到全年{}学时的要求，{}名尚未达到。",
            chinese_date(s.hours_as_of),
            s.hours_judged,
            s.hours_met,
            hours,
            s.hours_judged - s.hours_met
        ),
    ));
    out.push((
        Some("三、党费收缴"),
        format!(
            "{}共收缴党费{}元，上缴{}元。",
            s.period_label,
            crate::model::money::yuan(s.dues_collected_fen),
            crate::model::money::yuan(s.dues_remitted_fen)
        ),
    ));
    let development = if s.development.is_empty() {
        format!("{}无新登记的发展党员工作环节。", s.period_label)
    } else {
        let parts: Vec<String> = s.development.iter().map(|(name, n)| format!("{name}{n}人")).collect();
        format!("{}发展党员工作：{}。", s.period_label, parts.join("，"))
    };
    out.push((Some("四、发展党员"), development));
    let plan = if !s.plan_saved {
        format!("{}年度未在台账中制定“三会一课”计划。", s.year)
    } else {
        let mut t = format!(
            "{}计划开展的{}项工作中，已按计划开展{}项，未开展{}项",
            s.period_label,
            s.planned,
            s.planned_held,
            s.planned_missed.len()
        );
        if !s.planned_missed.is_empty() {
            t.push_str(&format!("（{}）", listed(&s.planned_missed, "、")));
        }
        t.push_str(&format!("；计划外开展组织生活{}次。", s.unplanned));
        t
    };
    out.push((Some("五、计划执行情况"), plan));
    let mut standards = format!("对照标准，{}到期的组织生活要求达标{}项", s.period_label, s.standards_met);
    if s.standards_unmet.is_empty() {
        standards.push_str("，无未达标项。");
    } else {
        standards.push_str(&format!("，未达标{}项：{}。", s.standards_unmet.len(), listed(&s.standards_unmet, "；")));
    }
    out.push((Some("六、对照标准自查"), standards));
    out.push((Some("七、存在的不足和下一步打算"), "（请支部结合实际补充。）".to_string()));
    out
}

/// Writes the draft to `path` (.docx).
pub fn write_work_summary(s: &WorkSummary, today: NaiveDate, path: &Path) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if ext != "docx" {
        return Err(Error::invalid("OUT", format!("工作总结导出为 Word 文件，请用 .docx 结尾：{}", path.display())));
    }
    let which = match s.half {
        Some(1) => "上半年",
        Some(_) => "下半年",
        None => "年度",
    };
    let mut doc = WordDocument::new().dated(today).title(&format!("{}{}年{which}工作总结", s.org_name, s.year));
    doc = doc.blank_line();
    for (heading, text) in summary_paragraphs(s) {
        if let Some(h) = heading {
            doc = doc.plain(h);
        }
        doc = doc.paragraph(&text);
    }
    doc.blank_line().signature(&[&s.org_name, &chinese_date(today)]).save(path)
}
