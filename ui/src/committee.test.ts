import { describe, expect, it } from "vitest";
import type { BranchRow, Finding } from "./bindings";
import { duesShare, evidenceOf, heldShare, heldText, isUnmatched, meetingsOf, sameBranchSort, sortBranches, studyShare } from "./committee";

function row(over: Partial<BranchRow>): BranchRow {
  return {
    org: "o-2",
    org_id: 2,
    name: "一支部",
    members: 10,
    quarter: "2026-Q4",
    meetings_held: 9,
    meetings_required: 13,
    meetings: [{ activity: "party_congress", count: 6 }],
    unmet: 1,
    overdue: 0,
    study_judged: 8,
    study_met: 6,
    development: 2,
    dues_due_fen: 10000,
    dues_paid_fen: 9000,
    last_report: null,
    ...over,
  };
}

function finding(over: Partial<Finding>): Finding {
  return {
    rule: "r",
    kind: "frequency",
    org: "o-2",
    period: "2026-11",
    required: 1,
    actual: 0,
    status: "unmet",
    message: "",
    source: "",
    evidence: [],
    ...over,
  } as Finding;
}

describe("the committee table", () => {
  it("shows and sorts held, 学时 and dues as shares", () => {
    expect(heldText(row({}))).toBe("9/13");
    expect(heldText(row({ meetings_required: 0 }))).toBe("—");
    expect(heldShare(row({ meetings_held: 13 }))).toBe(1);
    expect(studyShare(row({}))).toBe(0.75);
    expect(studyShare(row({ study_judged: 0, study_met: 0 }))).toBe(1);
    expect(duesShare(row({}))).toBe(0.9);
    expect(meetingsOf(row({}), "party_congress")).toBe(6);
    expect(meetingsOf(row({}), "party_lecture")).toBe(0);
  });

  it("sorts by a column, a type of sitting or a share, either way", () => {
    const a = row({ org: "a", name: "第二支部", unmet: 3, dues_paid_fen: 10000, last_report: "2026-10-01" });
    const b = row({ org: "b", name: "第一支部", unmet: 0, meetings: [{ activity: "party_congress", count: 9 }] });
    const c = row({ org: "c", name: "机关支部", unmet: 1, dues_paid_fen: 5000, last_report: "2026-11-01" });
    const orgs = (rs: BranchRow[]) => rs.map((r) => r.org).join("");
    expect(orgs(sortBranches([a, b, c], "unmet", true))).toBe("acb");
    expect(orgs(sortBranches([a, b, c], "unmet", false))).toBe("bca");
    expect(orgs(sortBranches([a, b, c], { meetings: "party_congress" }, true))).toBe("bac");
    expect(orgs(sortBranches([a, b, c], "dues", false))).toBe("cba");
    // Not yet reported sorts first ascending.
    expect(orgs(sortBranches([a, b, c], "last_report", false))).toBe("bac");
    // By pinyin, as a spreadsheet sorts Chinese (not by code point, which puts 机 before 第).
    expect(orgs(sortBranches([c, a], "name", false))).toBe("ac");
    expect(sameBranchSort({ meetings: "party_congress" }, { meetings: "party_congress" })).toBe(true);
    expect(sameBranchSort({ meetings: "party_congress" }, { meetings: "party_lecture" })).toBe(false);
    expect(sameBranchSort("unmet", "unmet")).toBe(true);
    // The rows given are left as they were.
    const rows = [a, b, c];
    sortBranches(rows, "unmet", false);
    expect(orgs(rows)).toBe("abc");
  });

  it("opens the findings behind a cell", () => {
    const all = [
      finding({ activity: "party_congress", status: "met" }),
      finding({ activity: "theme_day" }),
      finding({ measure: "training_hours", member: "m-1" }),
      finding({ kind: "development", status: "pending" }),
      finding({ kind: "deadline", due: "2026-12-31" }),
      finding({ kind: "deadline", due: "2026-03-31" }),
    ];
    expect(evidenceOf(all, "meetings", "2026-11-22")).toHaveLength(1);
    expect(evidenceOf(all, "study", "2026-11-22")).toHaveLength(1);
    expect(evidenceOf(all, "development", "2026-11-22")).toHaveLength(1);
    expect(evidenceOf(all, "unmet", "2026-11-22")).toHaveLength(4);
    // Unmet and past due: not the deadline still ahead.
    expect(evidenceOf(all, "overdue", "2026-11-22")).toHaveLength(3);
  });

  it("knows a refusal the person can resolve by choosing the branch", () => {
    expect(isUnmatched("“a.json”报送的组织“某支部”不在本台账的组织中，未接收（请先……）")).toBe(true);
    expect(isUnmatched("“a.json”的内容与摘要不符")).toBe(false);
    expect(isUnmatched(null)).toBe(false);
  });
});
