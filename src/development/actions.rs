//! The 发展党员 user actions: each one transaction with an audit entry; a refusal changes nothing.
//!
//! - `add_person`: a new 入党申请人 with the application (step 1) and the 申请书 received.
//! - `review_step` / `record_step`: the form's live check, and saving a step with its people, the
//!   政审 conclusion (10), 集中培训 (11), 志愿书 number (14), votes (15, 23). Warnings are saved
//!   only with a reason, which is stored in `development_overrides`.
//! - Roster link: step 15 puts the person on the roster as 预备党员 (joined on that date); step 24
//!   makes them 正式党员 from the day the 预备期 ended (党章 Art 7: 党龄 counts from then), with the
//!   roster's own history (`member_events`) recording both.
//! - `record_extension`, `record_document`, `delete_step` (to the recycle bin), `set_check_options`.

use crate::model::dates::chinese_date as zh;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::development::entry::judge_step;
pub use crate::development::*;
use crate::error::{Error, Problem, Result};
use crate::model::id_number::IdNumber;
use crate::model::{Gender, MemberFields, MemberStatus, ReviewResult, Standing, VoteSubject};
use crate::store::{audit, members, Ledger};

use crate::development::store::ACTIVIST_FROM_SETTING;

/// A new 入党申请人.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewPerson {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub org_id: i64,
    pub name: String,
    pub gender: Gender,
    pub id_number: Option<String>,
    pub birth_date: NaiveDate,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    pub unit_title: Option<String>,
    /// Step 1: the day the branch received the 入党申请书.
    pub applied_on: NaiveDate,
    pub note: Option<String>,
    pub override_reason: Option<String>,
}

/// The outcome of saving a step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StepRecorded {
    pub person: DevelopmentPerson,
    /// The warnings overridden (with the reason stored).
    pub overridden: Vec<EntryIssue>,
    /// Set at step 15 when the person was put on the roster, and at step 24 when made 正式党员.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub member_id: Option<i64>,
}

fn clean(o: &Option<String>) -> Option<String> {
    o.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Sets the local conventions (the 积极分子's year from step 3 or 4).
pub fn set_check_options(ledger: &Ledger, options: &CheckOptions) -> Result<()> {
    if !matches!(options.activist_year_from_step, 3 | 4) {
        return Err(Error::invalid("activist_year_from_step", "培养考察期只能从第3步或第4步起算"));
    }
    ledger.write(|tx| {
        tx.execute(
            "INSERT INTO settings(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            params![ACTIVIST_FROM_SETTING, options.activist_year_from_step.to_string()],
        )?;
        audit::record(
            tx,
            "修改",
            "settings",
            None,
            &format!("入党积极分子培养考察期自第{}步起算", options.activist_year_from_step),
            None,
        )
    })
}

fn person_problems(n: &NewPerson, today: NaiveDate) -> Vec<Problem> {
    let mut problems = Vec::new();
    let name = n.name.trim();
    if name.is_empty() {
        problems.push(Problem::new("name", "姓名：不能为空"));
    } else if name.chars().count() > 30 {
        problems.push(Problem::new("name", "姓名：过长（最多30个字）"));
    }
    if n.birth_date > today {
        problems.push(Problem::new("birth_date", "出生日期：不能晚于今天"));
    }
    if let Some(text) = clean(&n.id_number) {
        match IdNumber::parse(&text) {
            Err(msg) => problems.push(Problem::new("id_number", format!("公民身份证号：{msg}"))),
            Ok(id) => {
                if id.birth_date() != n.birth_date {
                    problems.push(Problem::new(
                        "birth_date",
                        format!("出生日期：与身份证号中的出生日期{}不一致", zh(id.birth_date())),
                    ));
                }
                if id.gender() != n.gender {
                    problems.push(Problem::new(
                        "gender",
                        format!("性别：与身份证号不一致（身份证号显示为{}）", id.gender().label()),
                    ));
                }
            }
        }
    }
    problems
}

/// The person a new application would create, before it exists (id 0).
fn prospective(conn: &Connection, n: &NewPerson) -> Result<DevelopmentPerson> {
    let org = crate::store::orgs::get(conn, n.org_id)?;
    Ok(DevelopmentPerson {
        id: 0,
        key: String::new(),
        org_id: n.org_id,
        org_key: org.key,
        org_name: org.fields.name,
        name: n.name.trim().to_string(),
        gender: n.gender,
        id_number: clean(&n.id_number).map(|t| IdNumber::parse(&t).map(|i| i.as_str().to_string()).unwrap_or(t)),
        birth_date: n.birth_date,
        ethnicity: clean(&n.ethnicity),
        education: clean(&n.education),
        unit_title: clean(&n.unit_title),
        training_days: None,
        training_hours: None,
        political_review: None,
        probation_extension_months: None,
        probation_extended_on: None,
        member_id: None,
        steps: vec![],
        votes: vec![],
        documents: vec![],
        overrides: vec![],
    })
}

/// The form's live check for a new application (nothing saved).
pub fn review_person(ledger: &Ledger, n: &NewPerson, today: NaiveDate) -> Result<EntryReview> {
    let conn = ledger.conn();
    let mut problems = person_problems(n, today);
    let p = prospective(conn, n)?;
    if let Some(idn) = &p.id_number {
        let other: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT name FROM development_people WHERE id_number = ?1",
            [idn],
            |r| r.get(0),
        ))?;
        if let Some(name) = other {
            problems.push(Problem::new("id_number", format!("公民身份证号：与已登记的“{name}”重复")));
        }
    }
    let mut input = StepInput::new(0, 1, n.applied_on, vec![]);
    input.note = clean(&n.note);
    let mut review = judge_step(&p, &input, &[], Ok(None), today, &check_options(conn)?);
    for e in &mut review.errors {
        if e.at == "date" {
            e.at = "applied_on".to_string();
        }
    }
    problems.append(&mut review.errors);
    review.errors = problems;
    Ok(review)
}

/// Adds a 入党申请人: the person, step 1 (the application) and the 入党申请书 received that day.
pub fn add_person(ledger: &Ledger, n: &NewPerson, today: NaiveDate) -> Result<DevelopmentPerson> {
    let review = review_person(ledger, n, today)?;
    let reason = require_reason(&review, &n.override_reason)?;
    let p = prospective(ledger.conn(), n)?;
    let id = ledger.write(|tx| {
        let now = crate::store::now_stamp();
        tx.execute(
            "INSERT INTO development_people(key, org_id, name, gender, id_number, birth_date, ethnicity, education,
                unit_title, created_at, updated_at) VALUES ('pending', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![p.org_id, p.name, p.gender, p.id_number, p.birth_date, p.ethnicity, p.education, p.unit_title, now],
        )?;
        let id = tx.last_insert_rowid();
        crate::store::keys::assign_key(tx, "development_people", "d", id)?;
        insert_step(tx, id, 1, n.applied_on, clean(&n.note).as_deref(), &[])?;
        insert_document(tx, id, DocumentKind::Application, n.applied_on, None, None, None)?;
        store_overrides(tx, id, Some(1), &review.warnings, reason.as_deref())?;
        audit::record(
            tx,
            "新增",
            "development_person",
            Some(id),
            &format!("新增入党申请人 {}（{} 递交入党申请书）", p.name, zh(n.applied_on)),
            None,
        )?;
        Ok(id)
    })?;
    store::load_person(ledger.conn(), id)
}

/// Refuses on errors; on warnings, requires a reason and returns it.
fn require_reason(review: &EntryReview, reason: &Option<String>) -> Result<Option<String>> {
    if !review.errors.is_empty() {
        return Err(Error::Invalid(review.errors.clone()));
    }
    if review.warnings.is_empty() {
        return Ok(None);
    }
    match clean(reason) {
        Some(r) => Ok(Some(r)),
        None => Err(Error::Invalid(
            review
                .warnings
                .iter()
                .map(|w| Problem::new("override_reason", format!("须填写理由才能保存：{}", w.text())))
                .collect(),
        )),
    }
}

/// The form's live check for a step (nothing saved).
pub fn review_step(ledger: &Ledger, input: &StepInput, today: NaiveDate) -> Result<EntryReview> {
    let conn = ledger.conn();
    let p = store::load_person(conn, input.person_id)?;
    let named = store::step_people(conn, &input.people)?;
    let sitting = match input.step {
        15 | 23 => sitting_vote(conn, &p, input)?,
        _ => Ok(None),
    };
    let mut review = judge_step(&p, input, &named, sitting, today, &check_options(conn)?);
    if let Some(g) = input.group_id.filter(|_| input.step == 15) {
        let ok: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM party_groups WHERE id = ?1 AND org_id = ?2)",
            params![g, p.org_id],
            |r| r.get(0),
        )?;
        if !ok {
            review.errors.push(Problem::new("group_id", "党小组：不属于该党支部"));
        }
    }
    Ok(review)
}

/// The vote of step 15 or 23 read from the chosen 党员大会: the 表决 item about the person, or what
/// is wrong with the choice (another organisation's or day's sitting, no such item, figures the
/// sitting's attendance cannot support).
fn sitting_vote(
    conn: &Connection,
    p: &DevelopmentPerson,
    input: &StepInput,
) -> Result<std::result::Result<Option<Vote>, Vec<Problem>>> {
    let Some(id) = input.meeting_id else { return Ok(Ok(None)) };
    let refuse = |m: String| Ok(Err(vec![Problem::new("meeting_id", m)]));
    let sitting = crate::meetings::party_congresses_near(conn, p.org_id, input.date, 366)?
        .into_iter()
        .find(|c| c.activity_id == id);
    let Some(sitting) = sitting else {
        return refuse(format!("支部大会：所选会议不是{}在该日期前后一年内的党员大会记录", p.org_name));
    };
    if sitting.date != input.date {
        return Ok(Err(vec![Problem::new(
            "date",
            format!("日期：{} 与所选支部大会的日期 {} 不一致", input.date, sitting.date),
        )]));
    }
    let subject = if input.step == 15 { VoteSubject::Admission } else { VoteSubject::Conversion };
    let Some(item) = sitting.votes.into_iter().find(|v| v.person_id == Some(p.id) && v.subject == subject) else {
        return refuse(format!(
            "支部大会：{}“{}”没有“{}”的表决，请先在该次会议记录中填写表决情况",
            sitting.date,
            sitting.topic,
            crate::model::vote::title(subject, Some(&p.name), None)
        ));
    };
    if !item.problems.is_empty() {
        let text: Vec<String> = item.problems.into_iter().map(|x| x.message).collect();
        return refuse(format!("支部大会：该次会议的表决情况与考勤不符，请先更正会议记录（{}）", text.join("；")));
    }
    let f = item.figures;
    Ok(Ok(Some(Vote {
        step: input.step,
        eligible: f.eligible,
        present: f.present,
        in_favour: f.in_favour,
        against: f.against,
        abstain: f.abstain,
        written: f.written,
        activity_id: Some(id),
        problems: Vec::new(),
    })))
}

/// Saves a step (refused on errors; warnings need `override_reason`), and at steps 15 and 24
/// updates the roster.
pub fn record_step(ledger: &Ledger, input: &StepInput, today: NaiveDate) -> Result<StepRecorded> {
    let review = review_step(ledger, input, today)?;
    let reason = require_reason(&review, &input.override_reason)?;
    let p = store::load_person(ledger.conn(), input.person_id)?;
    let member_id = ledger.write(|tx| {
        let id = p.id;
        insert_step(tx, id, input.step, input.date, clean(&input.note).as_deref(), &input.people)?;
        match input.step {
            10 => {
                tx.execute(
                    "UPDATE development_people SET political_review = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id, input.political_review, crate::store::now_stamp()],
                )?;
            }
            11 => {
                tx.execute(
                    "UPDATE development_people SET training_days = ?2, training_hours = ?3, updated_at = ?4 WHERE id = ?1",
                    params![id, input.training_days, input.training_hours, crate::store::now_stamp()],
                )?;
            }
            14 => {
                if let Some(no) = clean(&input.volunteer_book_no) {
                    insert_document(tx, id, DocumentKind::VolunteerBook, input.date, None, Some(&no), None)?;
                }
            }
            _ => {}
        }
        if let (15 | 23, Some(meeting)) = (input.step, input.meeting_id) {
            tx.execute(
                "UPDATE development_steps SET activity_id = ?3 WHERE person_id = ?1 AND step = ?2",
                params![id, input.step, meeting],
            )?;
        }
        store_overrides(tx, id, Some(input.step), &review.warnings, reason.as_deref())?;
        let member_id = match input.step {
            15 => Some(admit_to_roster(tx, &p, input, today)?),
            24 => make_full_member(tx, &p, today)?,
            _ => None,
        };
        let mut summary = format!("{} {} {}", p.name, step_label(input.step), zh(input.date));
        if !review.warnings.is_empty() {
            summary.push_str("（已说明理由）");
        }
        audit::record(
            tx,
            "登记",
            "development_person",
            Some(id),
            &summary,
            serde_json::to_string(input).ok().as_deref(),
        )?;
        Ok(member_id)
    })?;
    Ok(StepRecorded {
        person: store::load_person(ledger.conn(), input.person_id)?,
        overridden: review.warnings,
        member_id,
    })
}

fn insert_step(
    conn: &Connection,
    person: i64,
    step: u8,
    date: NaiveDate,
    note: Option<&str>,
    people: &[i64],
) -> Result<()> {
    conn.execute(
        "INSERT INTO development_steps(person_id, step, date, note) VALUES (?1, ?2, ?3, ?4)",
        params![person, step, date, note],
    )?;
    for (position, member) in people.iter().enumerate() {
        conn.execute(
            "INSERT INTO development_step_people(person_id, step, position, member_id) VALUES (?1, ?2, ?3, ?4)",
            params![person, step, position as i64, member],
        )?;
    }
    conn.execute(
        "UPDATE development_people SET updated_at = ?2 WHERE id = ?1",
        params![person, crate::store::now_stamp()],
    )?;
    Ok(())
}

fn insert_document(
    conn: &Connection,
    person: i64,
    kind: DocumentKind,
    received_on: NaiveDate,
    period: Option<&str>,
    number: Option<&str>,
    note: Option<&str>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO development_documents(person_id, kind, received_on, period, number, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![person, kind.code(), received_on, period, number, note, crate::store::now_stamp()],
    )?;
    Ok(conn.last_insert_rowid())
}

fn store_overrides(
    conn: &Connection,
    person: i64,
    step: Option<u8>,
    warnings: &[EntryIssue],
    reason: Option<&str>,
) -> Result<()> {
    let Some(reason) = reason else { return Ok(()) };
    for w in warnings {
        conn.execute(
            "INSERT INTO development_overrides(person_id, step, \"check\", rules, message, reason, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![person, w.step.or(step), w.check, w.rules, w.message, reason, crate::store::now_stamp()],
        )?;
    }
    Ok(())
}

/// Step 15: the person joins the roster as 预备党员 on the meeting day (or the existing link stays).
fn admit_to_roster(conn: &Connection, p: &DevelopmentPerson, input: &StepInput, today: NaiveDate) -> Result<i64> {
    if let Some(m) = p.member_id {
        return Ok(m);
    }
    let category = input.member_category.ok_or_else(|| Error::invalid("member_category", "请选择党员分类"))?;
    let fields = MemberFields {
        org_id: p.org_id,
        group_id: input.group_id,
        name: p.name.clone(),
        gender: p.gender,
        ethnicity: p.ethnicity.clone(),
        id_number: p.id_number.clone(),
        birth_date: p.birth_date,
        education: p.education.clone(),
        status: MemberStatus::Probationary,
        joined_on: input.date,
        full_member_on: None,
        category,
        post: None,
        phone: None,
        landline: None,
        address: None,
        standing: Standing::Normal,
        lost_contact_since: None,
        outflow_to: None,
        attendance_exempt: false,
        native_place: None,
        work_started_on: None,
        degree: None,
        unit_title: p.unit_title.clone(),
        remark: Some(format!("发展党员记录 {}", p.key)),
    };
    let member_id = members::insert(conn, fields, None, today)?;
    conn.execute(
        "UPDATE development_people SET member_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![p.id, member_id, crate::store::now_stamp()],
    )?;
    Ok(member_id)
}

/// Step 24: the linked 预备党员 becomes 正式党员 from the end of the 预备期.
fn make_full_member(conn: &Connection, p: &DevelopmentPerson, today: NaiveDate) -> Result<Option<i64>> {
    let Some(member_id) = p.member_id else { return Ok(None) };
    let member = members::get(conn, member_id)?;
    if member.fields.status == MemberStatus::Full {
        return Ok(Some(member_id));
    }
    let s15 = p.date(15).ok_or_else(|| Error::Conflict(format!("{} 未登记第15步，不能转正", p.name)))?;
    let end = p
        .probation_end(version_on(s15).probation_months)
        .ok_or_else(|| Error::Internal("预备期满日期无法计算".into()))?;
    let mut fields = member.fields.clone();
    fields.status = MemberStatus::Full;
    fields.full_member_on = Some(end.min(today));
    members::update(conn, member_id, fields, today)?;
    Ok(Some(member_id))
}

/// A 预备期 extension decided by the 支部大会 (at most once, 6–12 months).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExtensionInput {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub person_id: i64,
    pub months: u32,
    pub decided_on: NaiveDate,
    pub note: Option<String>,
}

/// Records a 预备期 extension; refused for a second one, outside 6–12 months, before step 15 or after
/// the 转正 discussion.
pub fn record_extension(ledger: &Ledger, input: &ExtensionInput, today: NaiveDate) -> Result<DevelopmentPerson> {
    let p = store::load_person(ledger.conn(), input.person_id)?;
    let Some(s15) = p.date(15) else {
        return Err(Error::Conflict(format!("{} 尚未被支部大会接收为预备党员，不能延长预备期", p.name)));
    };
    let v = version_on(s15);
    let source = v.source(DevelopmentCheck::Extension6To12Once);
    let mut problems = Vec::new();
    if p.probation_extension_months.is_some() {
        problems.push(Problem::new("months", format!("预备期只能延长一次，{} 已延长过（依据：{source}）", p.name)));
    }
    if !(v.extension_min_months..=v.extension_max_months).contains(&input.months) {
        problems.push(Problem::new(
            "months",
            format!("延长预备期应不少于半年、不超过一年，填写为 {} 个月（依据：{source}）", input.months),
        ));
    }
    if input.decided_on < s15 || input.decided_on > today {
        problems.push(Problem::new(
            "decided_on",
            format!("决定日期 {} 应在接收之日 {} 到今天之间", zh(input.decided_on), zh(s15)),
        ));
    }
    if p.date(23).is_some() {
        problems.push(Problem::new("decided_on", "已登记转正讨论（第23步），不能再延长预备期"));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    ledger.write(|tx| {
        tx.execute(
            "UPDATE development_people SET probation_extension_months = ?2, probation_extended_on = ?3, updated_at = ?4 WHERE id = ?1",
            params![p.id, input.months, input.decided_on, crate::store::now_stamp()],
        )?;
        audit::record(
            tx,
            "登记",
            "development_person",
            Some(p.id),
            &format!("{} 预备期延长 {} 个月（{} 支部大会决定）", p.name, input.months, zh(input.decided_on)),
            clean(&input.note).as_deref(),
        )
    })?;
    store::load_person(ledger.conn(), p.id)
}

/// A document received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentInput {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub person_id: i64,
    pub kind: DocumentKind,
    pub received_on: NaiveDate,
    /// 思想汇报: the quarter, `2026-Q3` (required).
    pub period: Option<String>,
    /// 入党志愿书: its number (required).
    pub number: Option<String>,
    pub note: Option<String>,
}

/// `2026-Q3` → (2026, 3).
pub fn parse_quarter(text: &str) -> Option<(i32, u32)> {
    let t = text.trim().to_ascii_uppercase();
    let (y, q) = t.split_once("-Q")?;
    let year: i32 = y.parse().ok().filter(|y: &i32| (1921..=2100).contains(y))?;
    let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
    Some((year, q))
}

/// Records a document received (申请书, 思想汇报, 志愿书, 政审材料, 转正申请书 …).
pub fn record_document(ledger: &Ledger, input: &DocumentInput, today: NaiveDate) -> Result<DevelopmentPerson> {
    let p = store::load_person(ledger.conn(), input.person_id)?;
    let mut problems = Vec::new();
    if input.received_on > today {
        problems.push(Problem::new("received_on", "收到日期：不能晚于今天"));
    }
    if p.date(1).is_some_and(|s1| input.received_on < s1) && input.kind != DocumentKind::Application {
        problems.push(Problem::new("received_on", "收到日期：不能早于递交入党申请书的日期"));
    }
    let period = match input.kind {
        DocumentKind::ThoughtReport => match clean(&input.period).as_deref().and_then(parse_quarter) {
            Some((y, q)) => {
                let period = format!("{y}-Q{q}");
                if p.documents
                    .iter()
                    .any(|d| d.kind == DocumentKind::ThoughtReport && d.period.as_deref() == Some(&period))
                {
                    problems.push(Problem::new("period", format!("{y}年第{q}季度的思想汇报已登记")));
                }
                Some(period)
            }
            None => {
                problems.push(Problem::new("period", "思想汇报须注明所属季度，如 2026-Q3"));
                None
            }
        },
        _ => None,
    };
    let number = clean(&input.number);
    if input.kind == DocumentKind::VolunteerBook && number.is_none() {
        problems.push(Problem::new("number", "入党志愿书须填写编号"));
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    ledger.write(|tx| {
        let id = insert_document(
            tx,
            p.id,
            input.kind,
            input.received_on,
            period.as_deref(),
            number.as_deref(),
            clean(&input.note).as_deref(),
        )?;
        audit::record(
            tx,
            "登记",
            "development_document",
            Some(id),
            &format!("{} 收到{}（{}）", p.name, input.kind.label(), zh(input.received_on)),
            None,
        )
    })?;
    store::load_person(ledger.conn(), p.id)
}

/// Removes a step entered by mistake: the step (with its people and votes) goes to the recycle bin.
/// Refused for step 1 (the record starts there), for a step a later one depends on, and for steps 15
/// and 24 once they changed the roster.
pub fn delete_step(ledger: &Ledger, person_id: i64, step: u8) -> Result<DevelopmentPerson> {
    let p = store::load_person(ledger.conn(), person_id)?;
    let Some(recorded) = p.step(step).cloned() else {
        return Err(Error::NotFound { what: "步骤", key: format!("{} 第{step}步", p.name) });
    };
    if step == 1 {
        return Err(Error::Conflict("第1步（递交入党申请书）是记录的起点，不能删除".into()));
    }
    if let Some(later) = p.steps.iter().filter(|s| s.step > step).map(|s| s.step).max() {
        return Err(Error::Conflict(format!("已登记第{later}步，请先删除后面的步骤再删除第{step}步")));
    }
    if matches!(step, 15 | 24) && p.member_id.is_some() {
        return Err(Error::Conflict(format!(
            "第{step}步已同步到党员花名册，请在花名册中核对 {} 的记录后再更正",
            p.name
        )));
    }
    let payload = DeletedStep {
        person_id: p.id,
        person_key: p.key.clone(),
        step: recorded.clone(),
        vote: p.vote(step).cloned(),
        political_review: if step == 10 { p.political_review } else { None },
        training: if step == 11 { Some((p.training_days, p.training_hours)) } else { None },
    };
    ledger.write(|tx| {
        let summary = format!("{} {} {}", p.name, step_label(step), zh(recorded.date));
        crate::store::bin::put(tx, STEP_BIN_ENTITY, p.id, &summary, &payload)?;
        tx.execute("DELETE FROM development_step_people WHERE person_id = ?1 AND step = ?2", params![p.id, step])?;
        tx.execute("DELETE FROM development_votes WHERE person_id = ?1 AND step = ?2", params![p.id, step])?;
        tx.execute("DELETE FROM development_steps WHERE person_id = ?1 AND step = ?2", params![p.id, step])?;
        if step == 10 {
            tx.execute("UPDATE development_people SET political_review = NULL WHERE id = ?1", [p.id])?;
        }
        if step == 11 {
            tx.execute(
                "UPDATE development_people SET training_days = NULL, training_hours = NULL WHERE id = ?1",
                [p.id],
            )?;
        }
        audit::record(tx, "删除", "development_person", Some(p.id), &format!("删除 {summary}（已移入回收站）"), None)
    })?;
    store::load_person(ledger.conn(), p.id)
}

const STEP_BIN_ENTITY: &str = "development_step";

/// A deleted step as the recycle bin keeps it: the step with its people, its vote, and the person's
/// details the step carried (政审 conclusion at step 10, 集中培训 at step 11).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DeletedStep {
    person_id: i64,
    person_key: String,
    step: RecordedStep,
    vote: Option<Vote>,
    political_review: Option<ReviewResult>,
    training: Option<(Option<f64>, Option<f64>)>,
}

/// Puts a deleted step back from the recycle bin. Refused when the person is gone or the step has
/// been entered again meanwhile.
pub fn restore_step(ledger: &Ledger, bin_id: i64) -> Result<DevelopmentPerson> {
    let person_id = ledger.write(|tx| {
        let d: DeletedStep = crate::store::bin::take(tx, bin_id, STEP_BIN_ENTITY, "回收站中的发展党员步骤")?;
        let p = store::load_person(tx, d.person_id)
            .map_err(|_| Error::Conflict(format!("发展对象（{}）已不在台账中，不能恢复该步骤", d.person_key)))?;
        let step = d.step.step;
        if p.step(step).is_some() {
            return Err(Error::Conflict(format!("{} 的{}已重新登记，不能恢复", p.name, step_label(step))));
        }
        let people: Vec<i64> = d.step.people.iter().map(|x| x.member_id).collect();
        insert_step(tx, p.id, step, d.step.date, d.step.note.as_deref(), &people)?;
        match d.vote {
            Some(Vote { activity_id: Some(meeting), .. }) => {
                tx.execute(
                    "UPDATE development_steps SET activity_id = ?3 WHERE person_id = ?1 AND step = ?2",
                    params![p.id, step, meeting],
                )?;
            }
            Some(v) => {
                tx.execute(
                    "INSERT INTO development_votes(person_id, step, eligible, present, in_favour) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![p.id, step, v.eligible, v.present, v.in_favour],
                )?;
            }
            None => {}
        }
        if let Some(r) = d.political_review {
            tx.execute("UPDATE development_people SET political_review = ?2 WHERE id = ?1", params![p.id, r])?;
        }
        if let Some((days, hours)) = d.training {
            tx.execute(
                "UPDATE development_people SET training_days = ?2, training_hours = ?3 WHERE id = ?1",
                params![p.id, days, hours],
            )?;
        }
        let text = format!("从回收站恢复 {} {} {}", p.name, step_label(step), zh(d.step.date));
        audit::record(tx, "恢复", "development_person", Some(p.id), &text, None)?;
        Ok(p.id)
    })?;
    store::load_person(ledger.conn(), person_id)
}

/// A person's own details (the form for correcting them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonFields {
    pub name: String,
    pub gender: Gender,
    pub id_number: Option<String>,
    pub birth_date: NaiveDate,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    pub unit_title: Option<String>,
}

/// Corrects a person's details; the age rule is checked again against the application date.
/// The roster record (once received) is not changed here: it is corrected on the roster.
pub fn update_person(ledger: &Ledger, person_id: i64, f: &PersonFields, today: NaiveDate) -> Result<DevelopmentPerson> {
    let p = store::load_person(ledger.conn(), person_id)?;
    let applied_on = p.date(1).unwrap_or(today);
    let as_new = NewPerson {
        org_id: p.org_id,
        name: f.name.clone(),
        gender: f.gender,
        id_number: f.id_number.clone(),
        birth_date: f.birth_date,
        ethnicity: f.ethnicity.clone(),
        education: f.education.clone(),
        unit_title: f.unit_title.clone(),
        applied_on,
        note: None,
        override_reason: None,
    };
    let mut problems = person_problems(&as_new, today);
    let eighteen = crate::model::dates::add_months(f.birth_date, 18 * 12);
    if applied_on < eighteen {
        let source = version_on(applied_on).source(DevelopmentCheck::Age18);
        problems.push(Problem::new(
            "birth_date",
            format!(
                "出生日期：递交入党申请书时（{applied_on}）未满十八周岁（依据：{source}）",
                applied_on = zh(applied_on)
            ),
        ));
    }
    let new = prospective(ledger.conn(), &as_new)?;
    if let Some(idn) = &new.id_number {
        let other: Option<String> = rusqlite::OptionalExtension::optional(ledger.conn().query_row(
            "SELECT name FROM development_people WHERE id_number = ?1 AND id <> ?2",
            params![idn, person_id],
            |r| r.get(0),
        ))?;
        if let Some(name) = other {
            problems.push(Problem::new("id_number", format!("公民身份证号：与已登记的“{name}”重复")));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let before = (&p.name, p.gender, &p.id_number, p.birth_date, &p.ethnicity, &p.education, &p.unit_title);
    let after =
        (&new.name, new.gender, &new.id_number, new.birth_date, &new.ethnicity, &new.education, &new.unit_title);
    if before == after {
        return Ok(p);
    }
    let old = serde_json::json!({
        "name": p.name, "gender": p.gender, "id_number": p.id_number, "birth_date": p.birth_date,
        "ethnicity": p.ethnicity, "education": p.education, "unit_title": p.unit_title,
    });
    ledger.write(|tx| {
        tx.execute(
            "UPDATE development_people SET name = ?2, gender = ?3, id_number = ?4, birth_date = ?5, ethnicity = ?6,
                education = ?7, unit_title = ?8, updated_at = ?9 WHERE id = ?1",
            params![
                person_id,
                new.name,
                new.gender,
                new.id_number,
                new.birth_date,
                new.ethnicity,
                new.education,
                new.unit_title,
                crate::store::now_stamp()
            ],
        )?;
        audit::record(
            tx,
            "修改",
            "development_person",
            Some(person_id),
            &format!("修改发展党员记录 {} 的基本信息", new.name),
            Some(&old.to_string()),
        )
    })?;
    store::load_person(ledger.conn(), person_id)
}

/// A person from an imported 发展党员 list with the stages already passed, inside the caller's
/// transaction (one audit entry for the file is the caller's): the person when `person_id` is None
/// (linked to the roster member when there is one), then each step not yet recorded. The list's
/// dates are history: the step checks of the forms are not applied, only their order.
#[allow(clippy::too_many_arguments)]
pub(crate) fn import_person(
    tx: &Connection,
    person_id: Option<i64>,
    org_id: i64,
    name: &str,
    gender: Gender,
    id_number: Option<&str>,
    birth_date: NaiveDate,
    member_id: Option<i64>,
    steps: &[(u8, NaiveDate)],
) -> Result<i64> {
    let id = match person_id {
        Some(id) => id,
        None => {
            let now = crate::store::now_stamp();
            tx.execute(
                "INSERT INTO development_people(key, org_id, name, gender, id_number, birth_date, member_id,
                    created_at, updated_at) VALUES ('pending', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![org_id, name.trim(), gender, id_number, birth_date, member_id, now],
            )?;
            let id = tx.last_insert_rowid();
            crate::store::keys::assign_key(tx, "development_people", "d", id)?;
            id
        }
    };
    for (step, date) in steps {
        insert_step(tx, id, *step, *date, Some("从 Excel 导入"), &[])?;
    }
    Ok(id)
}
