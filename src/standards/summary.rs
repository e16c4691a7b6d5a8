//! The readable Chinese summary `zhibu check` prints without `--json`: counts per organisation, then
//! the unmet, pending and manual findings — per-member findings grouped per rule with the names.

use super::finding::{CheckReport, Finding, Status, StatusCounts};

/// Names listed per grouped line before “等N人”.
const NAMES_SHOWN: usize = 6;

impl CheckReport {
    /// The summary, each organisation named by `org_names` (key → short name,
    /// `store::orgs::short_names_by_key`; the key when missing) and dates written in Chinese.
    pub fn summary_text(&self, profile_title: &str, org_names: &std::collections::HashMap<String, String>) -> String {
        let c = self.counts();
        let mut s = format!(
            "{}年度自查（标准：{profile_title}，核对日期 {}）\n共 {} 项：达标 {}，未达标 {}，未到期 {}，待人工核对 {}\n",
            self.year,
            crate::model::dates::chinese_date(self.today),
            self.findings.len(),
            c.met,
            c.unmet,
            c.pending,
            c.manual
        );
        let mut orgs: Vec<&str> = Vec::new();
        for f in &self.findings {
            if !orgs.contains(&f.org.as_str()) {
                orgs.push(&f.org);
            }
        }
        for org in orgs {
            let of_org: Vec<&Finding> = self.findings.iter().filter(|f| f.org == org).collect();
            let c = StatusCounts::of(of_org.iter().copied());
            let name = org_names.get(org).map_or(org, String::as_str);
            s.push_str(&format!(
                "\n【{name}】达标 {}，未达标 {}，未到期 {}，待人工核对 {}\n",
                c.met, c.unmet, c.pending, c.manual
            ));
            for status in [Status::Unmet, Status::Pending, Status::Manual] {
                let mut grouped: Vec<(&str, Vec<&Finding>)> = Vec::new();
                for f in of_org.iter().copied().filter(|f| f.status == status) {
                    if f.member.is_some() && f.kind == "quota" {
                        match grouped.iter_mut().find(|g| g.0 == f.rule) {
                            Some(g) => g.1.push(f),
                            None => grouped.push((&f.rule, vec![f])),
                        }
                    } else {
                        s.push_str(&format!("  [{}] {}\n", status.label(), f.message));
                    }
                }
                for (_, fs) in grouped {
                    let names: Vec<String> = fs.iter().take(NAMES_SHOWN).map(|f| member_part(f)).collect();
                    let more = if fs.len() > NAMES_SHOWN { format!("等{}人", fs.len()) } else { String::new() };
                    s.push_str(&format!(
                        "  [{}] {}：{}人（{}{more}）\n",
                        status.label(),
                        fs[0].title,
                        fs.len(),
                        names.join("；")
                    ));
                }
            }
        }
        s
    }
}

/// The member's part of a per-member message (the message starts with the name).
fn member_part(f: &Finding) -> String {
    f.message.split('，').next().unwrap_or(&f.message).to_string()
}
