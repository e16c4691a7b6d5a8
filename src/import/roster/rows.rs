//! One roster row → `MemberFields`, with every problem located at its sheet, row and column.
//!
//! Rules (see also `import.rs`):
//! - A row whose mapped cells are all blank is skipped (pre-numbered template rows, footers); so is a
//!   row that begins like a total, a note or a signature line (合计, 注：, 填表人 …: `FOOTER_MARKERS`),
//!   listed in the preview's notes.
//! - 人员类别 not given (no column, or a blank cell) follows the dates (`status_from_dates`); a blank
//!   cell is also a warning. 入党时间 and 转正时间 with only a month are taken as the 1st, with a warning.
//! - A row with only a name is a problem, not a member.
//! - 性别 and 出生日期 may be left blank when a valid 公民身份证号 gives them; a 出生年月 (year-month)
//!   is completed from the ID number and refused without one.
//! - A row updating a member starts from that member's fields: columns the sheet does not have
//!   keep their stored values; a column that is present but blank clears an optional field.

use std::collections::HashMap;

use calamine::Data;
use chrono::NaiveDate;

use super::cells::{self, DateOrMonth};
use super::location::{columns_for, Column, Found, RowIssue};
use super::lookup::LedgerLookup;
use super::types::{PreviewRow, RosterField as F};
use crate::model::id_number::IdNumber;
use crate::model::member::{field_label, status_from_dates, STATUS_FROM_DATES_RULE};
use crate::model::{Category, Gender, MemberFields, MemberStatus, Organization, Standing};
use crate::workbook::read::{is_blank, plain_text, Grid};

/// One parsed row: what the preview shows and, when the row has no problem, the fields to save.
pub struct ParsedRow {
    pub preview: PreviewRow,
    pub fields: Option<MemberFields>,
    pub existing: Option<(i64, MemberFields)>,
    /// The row's problems and warnings, for grouping across rows.
    pub issues: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
    /// The 党小组 to be set up for this member (an index into `RowReader::new_groups`).
    pub new_group: Option<usize>,
}

/// Where the rows naming each 所在党支部 (spaces removed) go: an organisation id, or why none.
pub type BranchTargets = HashMap<String, Result<i64, String>>;

pub struct RowReader<'a> {
    pub sheet: &'a str,
    pub grid: &'a Grid,
    pub columns: &'a HashMap<F, Column>,
    pub lookup: &'a LedgerLookup,
    pub default_org: &'a Organization,
    pub branches: &'a BranchTargets,
    pub today: NaiveDate,
    seen_ids: HashMap<String, u32>,
    seen_members: HashMap<i64, u32>,
    /// One-based numbers of the 合计 / 注 / 填表人 rows passed over.
    pub skipped: Vec<u32>,
    /// 党小组 the file names in an organisation that has none yet: set up by the import
    /// (organisation id, name), in the order first named.
    pub new_groups: std::cell::RefCell<Vec<(i64, String)>>,
    /// The new 党小组 of the row being read.
    row_new_group: std::cell::Cell<Option<usize>>,
}

/// How a row that is not a member begins: totals, notes, signatures under the table.
const FOOTER_MARKERS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "注：",
    "注:",
    "注1",
    "说明",
    "备注：",
    "备注:",
    "填表说明",
    "填表人",
    "填报人",
    "制表",
    "审核",
    "负责人",
    "联系人",
    "填表日期",
    "填报日期",
    "统计日期",
    "单位（盖章）",
    "单位(盖章)",
];

/// True for a row under the table that is not a member: its first text, or its 姓名, begins like a
/// total, a note or a signature line.
fn is_footer(texts: impl IntoIterator<Item = String>, name: &str) -> bool {
    let begins = |t: &str| {
        let t = squash(t);
        FOOTER_MARKERS.iter().any(|m| t.starts_with(m))
    };
    texts.into_iter().find(|t| !t.trim().is_empty()).is_some_and(|t| begins(&t)) || begins(name)
}

impl<'a> RowReader<'a> {
    pub fn new(
        sheet: &'a str,
        grid: &'a Grid,
        columns: &'a HashMap<F, Column>,
        lookup: &'a LedgerLookup,
        default_org: &'a Organization,
        branches: &'a BranchTargets,
        today: NaiveDate,
    ) -> Self {
        RowReader {
            sheet,
            grid,
            columns,
            lookup,
            default_org,
            branches,
            today,
            seen_ids: HashMap::new(),
            seen_members: HashMap::new(),
            skipped: Vec::new(),
            new_groups: Default::default(),
            row_new_group: Default::default(),
        }
    }

    fn cell(&self, r: u32, f: F) -> Option<&Data> {
        self.columns.get(&f).map(|c| self.grid.cell(r, c.index))
    }

    /// Reads a mapped cell: `None` when the column is not mapped, `Some(None)` when blank or wrong
    /// (the problem is recorded).
    fn get<T>(
        &self,
        found: &mut Found,
        r: u32,
        f: F,
        parse: impl Fn(&Data) -> Result<Option<T>, String>,
    ) -> Option<Option<T>> {
        let d = self.cell(r, f)?;
        Some(parse(d).unwrap_or_else(|msg| {
            found.add(&[f], &msg);
            None
        }))
    }

    /// Parses the zero-based sheet row `r`; `None` for a blank row.
    pub fn read(&mut self, r: u32) -> Option<ParsedRow> {
        let row = r + 1;
        let name_text = self.cell(r, F::Name).map(plain_text).unwrap_or_default();
        if is_footer((0..self.grid.col_end()).map(|c| plain_text(self.grid.cell(r, c))), &name_text) {
            self.skipped.push(row);
            return None;
        }
        if self.columns.values().all(|c| is_blank(self.grid.cell(r, c.index))) {
            return None;
        }
        let mut found = Found::new(self.sheet, self.columns, row);
        let lookup = self.lookup;
        let raw = |f: F| self.cell(r, f).map(plain_text).unwrap_or_default();
        let mut preview = PreviewRow {
            row,
            name: raw(F::Name),
            gender: raw(F::Gender),
            id_number: raw(F::IdNumber),
            birth_date: raw(F::BirthDate),
            status: raw(F::Status),
            joined_on: raw(F::JoinedOn),
            full_member_on: raw(F::FullMemberOn),
            branch: raw(F::Branch),
            updates_existing: false,
            unchanged: false,
            status_inferred: false,
            problems: Vec::new(),
            warnings: Vec::new(),
        };
        // A name has no spaces: full-width ones pad two-character names to line up with three.
        let name = self.get(&mut found, r, F::Name, cells::text).flatten().map(|n| squash(&n));
        let others_blank =
            self.columns.iter().filter(|(f, _)| **f != F::Name).all(|(_, c)| is_blank(self.grid.cell(r, c.index)));
        if name.is_some() && others_blank {
            found.add(&[F::Name], "只填写了姓名，其他信息都是空的：请补全这一行，或删除这一行");
            return Some(finish(found, preview, None, None));
        }
        if name.is_none() && !found.flagged(F::Name) {
            found.add(&[F::Name], "姓名未填写：这一行有内容但没有姓名");
        }

        // Identity first: the ID number gives birth date and gender, and finds the member to update.
        let id =
            self.get(&mut found, r, F::IdNumber, cells::id_text).flatten().and_then(|t| match IdNumber::parse(&t) {
                Ok(id) => Some(id),
                Err(msg) => {
                    found.add(&[F::IdNumber], &msg);
                    None
                }
            });
        // A year-month (also a number cell such as 1985.1, 1月 or 10月) completed by the ID number.
        let id_birth = id.as_ref().map(IdNumber::birth_date);
        let birth = match self.get(&mut found, r, F::BirthDate, |d| cells::birth_with_id(d, id_birth)) {
            Some(b) => b,
            None => id_birth,
        };
        let gender = match self.get(&mut found, r, F::Gender, cells::text).flatten() {
            Some(t) => cells::gender(&t).or_else(|| {
                found.add(&[F::Gender], &format!("“{t}”应填“男”或“女”"));
                None
            }),
            None => id.as_ref().map(IdNumber::gender),
        };
        for (value_missing, field, label) in
            [(birth.is_none(), F::BirthDate, "出生日期"), (gender.is_none(), F::Gender, "性别")]
        {
            if value_missing && !found.flagged(field) && !found.flagged(F::IdNumber) {
                let msg = if self.columns.contains_key(&field) {
                    format!("{label}未填写，也没有身份证号可以得出")
                } else {
                    format!("没有{label}列，这一行也没有身份证号可以得出{label}")
                };
                found.add(&[field, F::IdNumber], &msg);
            }
        }
        let id_text = id.as_ref().map(|i| i.as_str().to_string());
        if let Some(t) = &id_text {
            preview.id_number = t.clone();
            if let Some(first) = self.seen_ids.get(t) {
                found.add(&[F::IdNumber], &format!("与第{first}行的身份证号重复：同一名党员只能出现一次"));
            } else {
                self.seen_ids.insert(t.clone(), row);
            }
        }
        let existing = lookup.existing(id_text.as_deref(), name.as_deref().unwrap_or(""), birth);
        if let Some(m) = existing {
            preview.updates_existing = true;
            match self.seen_members.get(&m.id) {
                Some(first) if !found.flagged(F::IdNumber) => {
                    found.add(&[F::Name], &format!("与第{first}行是同一名党员（{}）", m.fields.name))
                }
                Some(_) => {}
                None => {
                    self.seen_members.insert(m.id, row);
                }
            }
        }

        let mut f = existing.map(|m| m.fields.clone()).unwrap_or_else(|| blank_fields(self.default_org.id));
        let given_status = self.get(&mut found, r, F::Status, cells::text).flatten().map(|t| {
            cells::status(&t).ok_or_else(|| {
                found.add(&[F::Status], &format!("“{t}”应为“正式党员”或“预备党员”"));
            })
        });
        let joined = self.party_date(&mut found, r, F::JoinedOn);
        if joined.is_none() && !found.flagged(F::JoinedOn) {
            found.add(&[F::JoinedOn], "未填写");
        }
        if self.columns.contains_key(&F::FullMemberOn) {
            f.full_member_on = self.party_date(&mut found, r, F::FullMemberOn);
        }
        // 人员类别 not given (no column, or a blank cell): as the dates say.
        let status = match (given_status, joined) {
            (Some(Ok(s)), _) => Some(s),
            (Some(Err(())), _) => None,
            (None, Some(joined)) if !found.flagged(F::FullMemberOn) => {
                preview.status_inferred = true;
                let s = status_from_dates(joined, f.full_member_on, self.today);
                if self.columns.contains_key(&F::Status) {
                    found.warn(&[F::Status], &format!("未填写，按日期推定为{}，请核对", s.label()));
                }
                Some(s)
            }
            (None, _) => None,
        };
        if let Some(v) = self.get(&mut found, r, F::WorkStartedOn, cells::date) {
            f.work_started_on = v;
        }
        if let Some(Some(t)) = self.get(&mut found, r, F::Category, cells::text) {
            match cells::category(&t) {
                Some(c) => f.category = c,
                None => found.add(&[F::Category], &format!("“{t}”不是党员分类，应为：{}", Category::labels_list())),
            }
        }
        if let Some(v) = self.get(&mut found, r, F::Standing, cells::text) {
            match v.as_deref().map(cells::standing) {
                None => f.standing = Standing::Normal,
                Some(Some(s)) => f.standing = s,
                Some(None) => found.add(&[F::Standing], &format!("“{}”应为“正常”或“停止党籍”", v.unwrap_or_default())),
            }
        }
        for (field, slot) in [
            (F::Ethnicity, &mut f.ethnicity),
            (F::Education, &mut f.education),
            (F::Post, &mut f.post),
            (F::Phone, &mut f.phone),
            (F::Landline, &mut f.landline),
            (F::Address, &mut f.address),
            (F::NativePlace, &mut f.native_place),
            (F::Degree, &mut f.degree),
            (F::UnitTitle, &mut f.unit_title),
            (F::Remark, &mut f.remark),
        ] {
            if let Some(v) = self.get(&mut found, r, field, cells::text) {
                *slot = v;
            }
        }
        self.read_flags(&mut found, r, &mut f);
        self.row_new_group.set(None);
        self.read_org(&mut found, r, &mut f, existing.map(|m| &m.fields));
        if let Some(org) = self.lookup.org(f.org_id) {
            preview.branch = org.fields.name.clone();
        }

        let complete = match (name, gender, birth, status, joined) {
            (Some(name), Some(gender), Some(birth), Some(status), Some(joined)) => {
                f.name = name;
                f.gender = gender;
                f.birth_date = birth;
                f.status = status;
                f.joined_on = joined;
                f.id_number = id_text;
                preview.name = f.name.clone();
                preview.gender = gender.label().to_string();
                preview.birth_date = birth.format("%Y-%m-%d").to_string();
                preview.status = status.label().to_string();
                preview.joined_on = joined.format("%Y-%m-%d").to_string();
                preview.full_member_on = f.full_member_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
                let f = f.normalized();
                for p in f.check(self.today) {
                    let fields = columns_for(&p.at);
                    if p.at == "id_number" || fields.iter().any(|c| found.flagged(*c)) {
                        continue;
                    }
                    // Drop the model's "出生日期：" prefix when the column says it already.
                    let label = field_label(&p.at);
                    let own_column = fields.first().is_some_and(|c| self.columns.contains_key(c));
                    let message = match p.message.strip_prefix(&format!("{label}：")) {
                        _ if p.at == "full_member_on" && !own_column && preview.status_inferred => format!(
                            "按日期推定为正式党员（{}），但表中没有“转正时间”列：请在表中增加“转正时间”列（或“人员类别”列）后再导入",
                            STATUS_FROM_DATES_RULE
                        ),
                        Some(rest) if own_column => rest.to_string(),
                        _ => p.message.clone(),
                    };
                    found.add(fields, &message);
                }
                Some(f)
            }
            _ => None,
        };
        let fields = if found.has_problems() { None } else { complete };
        let existing = existing.map(|m| (m.id, m.fields.clone()));
        if let (Some(new), Some((_, old))) = (&fields, &existing) {
            preview.unchanged = new == old;
        }
        let new_group = self.row_new_group.take().filter(|_| fields.is_some());
        Some(ParsedRow { new_group, ..finish(found, preview, fields, existing) })
    }

    /// 入党时间 / 转正时间: a full date, or a year-month taken as its 1st day and flagged for the
    /// secretary to confirm (the day is often not in a hand-kept roster).
    fn party_date(&self, found: &mut Found, r: u32, field: F) -> Option<NaiveDate> {
        match self.get(found, r, field, cells::date_or_month).flatten()? {
            DateOrMonth::Date(d) => Some(d),
            DateOrMonth::Month(m) => {
                let day = m.first_day();
                found.warn(&[field], &format!("只有年月（{m}），按{}导入，请核对实际日期", day.format("%Y-%m-%d")));
                Some(day)
            }
        }
    }

    /// 是否为失联党员 + 失去联系日期, 是否为流动党员 + 外出流向.
    fn read_flags(&self, found: &mut Found, r: u32, f: &mut MemberFields) {
        let lost = self.get(found, r, F::LostContact, cells::yes_no).flatten();
        if let Some(v) = self.get(found, r, F::LostContactSince, cells::date_or_month) {
            f.lost_contact_since = v.map(|d| cells::month_of(d).to_string());
        }
        match (lost, &f.lost_contact_since) {
            (Some(true), None) if !found.flagged(F::LostContactSince) => found
                .add(&[F::LostContactSince, F::LostContact], "是否为失联党员为“是”，但没有填写失去联系日期（年月）"),
            (Some(false), Some(m)) if self.columns.contains_key(&F::LostContactSince) => {
                found.add(&[F::LostContact], &format!("填写了失去联系日期{m}，但是否为失联党员为“否”：请核对"))
            }
            (Some(false), Some(_)) => f.lost_contact_since = None,
            _ => {}
        }
        let outflow = self.get(found, r, F::Outflow, cells::yes_no).flatten();
        if let Some(v) = self.get(found, r, F::OutflowTo, cells::text) {
            f.outflow_to = v;
        }
        match (outflow, &f.outflow_to) {
            (Some(true), None) if !found.flagged(F::OutflowTo) => {
                found.add(&[F::OutflowTo, F::Outflow], "是否为流动党员为“是”，但没有填写外出流向")
            }
            (Some(false), Some(to)) if self.columns.contains_key(&F::OutflowTo) => {
                found.add(&[F::Outflow], &format!("填写了外出流向“{to}”，但是否为流动党员为“否”：请核对"))
            }
            (Some(false), Some(_)) => f.outflow_to = None,
            _ => {}
        }
    }

    /// 所在党支部 (else the organisation chosen for the import) and 党小组 within it.
    fn read_org(&self, found: &mut Found, r: u32, f: &mut MemberFields, before: Option<&MemberFields>) {
        let org = match self.get(found, r, F::Branch, cells::text).flatten() {
            Some(name) => {
                let target = match self.branches.get(&squash(&name)) {
                    Some(t) => t.clone(),
                    None => self.lookup.org_by_name(&name).map(|o| o.id),
                };
                match target.map(|id| self.lookup.org(id)) {
                    Ok(Some(o)) => o,
                    Ok(None) => {
                        found.add(&[F::Branch], &format!("“{name}”对应的组织已不在台账中，请重新选择"));
                        return;
                    }
                    Err(msg) => {
                        found.add(&[F::Branch], &msg);
                        return;
                    }
                }
            }
            None => self.default_org,
        };
        f.org_id = org.id;
        match self.get(found, r, F::Group, cells::text) {
            Some(Some(name)) => match self.lookup.group_by_name(org, &name) {
                Ok(g) => f.group_id = Some(g),
                // A branch with no 党小组 yet (a new ledger): the groups the roster names are set up.
                Err(_) if org.groups.is_empty() => {
                    let mut groups = self.new_groups.borrow_mut();
                    let at = match groups.iter().position(|(o, n)| *o == org.id && squash(n) == squash(&name)) {
                        Some(at) => at,
                        None => {
                            groups.push((org.id, name.trim().to_string()));
                            groups.len() - 1
                        }
                    };
                    self.row_new_group.set(Some(at));
                    f.group_id = None;
                }
                Err(msg) => found.add(&[F::Group], &msg),
            },
            Some(None) => f.group_id = None,
            None => f.group_id = before.filter(|b| b.org_id == org.id).and_then(|b| b.group_id),
        }
    }
}

/// Text with spaces removed (how 所在党支部 names are compared).
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn finish(
    found: Found,
    mut preview: PreviewRow,
    fields: Option<MemberFields>,
    existing: Option<(i64, MemberFields)>,
) -> ParsedRow {
    preview.problems = found.issues.iter().map(|i| i.problem(found.sheet)).collect();
    preview.warnings = found.warnings.iter().map(|i| i.problem(found.sheet)).collect();
    ParsedRow { preview, fields, existing, issues: found.issues, warnings: found.warnings, new_group: None }
}

fn blank_fields(org_id: i64) -> MemberFields {
    MemberFields {
        org_id,
        group_id: None,
        name: String::new(),
        gender: Gender::Male,
        ethnicity: None,
        id_number: None,
        birth_date: NaiveDate::MIN,
        education: None,
        status: MemberStatus::Full,
        joined_on: NaiveDate::MIN,
        full_member_on: None,
        category: Category::Employed,
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
        unit_title: None,
        remark: None,
    }
}
