//! The readable Chinese summary `zhibu check` prints without `--json`.

use std::collections::BTreeMap;

use super::finding::{CheckReport, Status, StatusCounts};

impl CheckReport {
    /// Counts per organisation, then every unmet, pending and manual finding with its message.
    pub fn summary_text(&self, profile_title: &str) -> String {
        let c = self.counts();
        let mut s = format!(
            "{}年度自查（标准：{profile_title}，核对日期 {}）\n共 {} 项：达标 {}，未达标 {}，未到期 {}，待人工核对 {}\n",
            self.year,
            self.today,
            self.findings.len(),
            c.met,
            c.unmet,
            c.pending,
            c.manual
        );
        let mut by_org: BTreeMap<&str, (StatusCounts, usize)> = BTreeMap::new();
        for (i, f) in self.findings.iter().enumerate() {
            let e = by_org.entry(f.org.as_str()).or_insert((StatusCounts::default(), i));
            e.0.add(f.status);
        }
        let mut orgs: Vec<(&str, StatusCounts, usize)> = by_org.into_iter().map(|(k, (c, i))| (k, c, i)).collect();
        orgs.sort_by_key(|o| o.2);
        for (org, c, _) in orgs {
            s.push_str(&format!(
                "\n【{org}】达标 {}，未达标 {}，未到期 {}，待人工核对 {}\n",
                c.met, c.unmet, c.pending, c.manual
            ));
            for status in [Status::Unmet, Status::Pending, Status::Manual] {
                for f in self.findings.iter().filter(|f| f.org == org && f.status == status) {
                    s.push_str(&format!("  [{}] {}（{}）\n", status.label(), f.message, f.source));
                }
            }
        }
        s
    }
}
