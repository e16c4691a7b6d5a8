//! Matching the people a register names to the roster: by 公民身份证号 when the file has one, else by
//! name among the members of the organisation (and those under it), those who left included. A name
//! shared by two members is refused unless only one of them was on the roll on the row's date.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::table::squash;
use crate::error::Result;
use crate::model::Member;
use crate::store::members::{self, MemberFilter, Presence};

pub struct People {
    pub members: Vec<Member>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

impl People {
    pub fn load(conn: &Connection, org_id: i64) -> Result<People> {
        let filter = MemberFilter { org_id: Some(org_id), presence: Presence::All, ..Default::default() };
        let members = members::list(conn, &filter)?;
        let mut by_id = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in members.iter().enumerate() {
            if let Some(id) = &m.fields.id_number {
                by_id.insert(id.to_uppercase(), i);
            }
            by_name.entry(squash(&m.fields.name)).or_default().push(i);
        }
        Ok(People { members, by_id, by_name })
    }

    fn on_roll(m: &Member, on: NaiveDate) -> bool {
        crate::model::roll::on_roll(m.fields.joined_on, m.left.as_ref().map(|l| l.on), on)
    }

    /// The member a row names; Err with the sentence to show.
    pub fn find(&self, name: Option<&str>, id_number: Option<&str>, on: Option<NaiveDate>) -> Result<&Member, String> {
        let name = name.map(squash).filter(|n| !n.is_empty());
        if let Some(id) = id_number.map(squash).filter(|i| !i.is_empty()) {
            return match self.by_id.get(&id.to_uppercase()) {
                Some(&i) => {
                    let m = &self.members[i];
                    match &name {
                        Some(n) if *n != squash(&m.fields.name) => {
                            Err(format!("身份证号属于党员{}，但本行姓名是“{n}”：请核对", m.fields.name))
                        }
                        _ => Ok(m),
                    }
                }
                None => Err(format!("党员名册中没有身份证号为{id}的党员：请先导入花名册或添加该党员，或核对号码")),
            };
        }
        let Some(name) = name else { return Err("姓名未填写".to_string()) };
        let all: Vec<&Member> =
            self.by_name.get(&name).map(|v| v.iter().map(|&i| &self.members[i]).collect()).unwrap_or_default();
        match all.as_slice() {
            [] => Err(format!("党员名册中没有“{name}”：请先导入花名册或添加该党员，或核对姓名")),
            [one] => Ok(one),
            many => {
                let on_roll: Vec<&&Member> =
                    on.map(|d| many.iter().filter(|m| Self::on_roll(m, d)).collect()).unwrap_or_default();
                match on_roll.as_slice() {
                    [one] => Ok(one),
                    _ => Err(format!(
                        "名册中有{}名党员都叫“{name}”，无法区分：请在表中加上“公民身份证号”列，填写这一行党员的身份证号",
                        many.len()
                    )),
                }
            }
        }
    }

    /// Several names in one cell (`张三、李四（出差）`): each name with the note in parentheses.
    pub fn split_names(text: &str) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        let mut depth = 0;
        let mut name = String::new();
        let mut note = String::new();
        // Names padded with spaces (`李  四`) stay one name; `张三 李四` are two.
        let mut flush = |name: &mut String, note: &mut String| {
            let t = note.trim().to_string();
            let parts: Vec<String> = super::table::clean(name).split_whitespace().map(str::to_string).collect();
            let names = if parts.len() > 1 && parts.iter().all(|p| p.chars().count() == 1) {
                vec![parts.concat()]
            } else {
                parts
            };
            let last = names.len().saturating_sub(1);
            for (i, n) in names.into_iter().enumerate() {
                out.push((n, (i == last && !t.is_empty()).then(|| t.clone())));
            }
            name.clear();
            note.clear();
        };
        for c in text.chars() {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = (depth - 1).max(0),
                '、' | ',' | '，' | ';' | '；' | '/' | '\n' if depth == 0 => flush(&mut name, &mut note),
                c if depth == 0 && c.is_whitespace() && !note.is_empty() => flush(&mut name, &mut note),
                c if depth > 0 => note.push(c),
                c => name.push(c),
            }
        }
        flush(&mut name, &mut note);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_notes() {
        let v = People::split_names("张三（出差）、李 四，王五(病假) 赵六六");
        assert_eq!(
            v,
            vec![
                ("张三".to_string(), Some("出差".to_string())),
                ("李四".to_string(), None),
                ("王五".to_string(), Some("病假".to_string())),
                ("赵六六".to_string(), None)
            ]
        );
    }
}
