//! The committee 工作台 (各支部): what a cell of the branches table says and which findings open under
//! it, the words for a matrix cell and for how a 报送 file was matched. Pure, for the page and its tests.

import type { BranchRow, Finding, MatchedBy, Status } from "./bindings";

/** The columns of the branches table that open the branch's findings, and which findings each opens. */
export type Evidence = "meetings" | "study" | "development" | "unmet" | "overdue" | "dues" | "all";

const SAN_HUI_YI_KE = ["party_congress", "committee_meeting", "group_meeting", "party_lecture"];

/** The findings a cell opens: the branch's findings behind the number shown. */
export function evidenceOf(findings: Finding[], what: Evidence, today: string): Finding[] {
  switch (what) {
    case "meetings":
      return findings.filter((f) => !f.member && f.activity && SAN_HUI_YI_KE.includes(f.activity));
    case "study":
      return findings.filter((f) => f.measure === "training_hours");
    case "development":
      return findings.filter((f) => f.kind === "development");
    case "dues":
      return findings.filter((f) => f.measure?.startsWith("dues"));
    case "unmet":
      return findings.filter((f) => f.status === "unmet");
    case "overdue":
      return findings.filter((f) => f.status === "unmet" && (!f.due || f.due < today));
    default:
      return findings;
  }
}

/** What the evidence drawer is titled by. */
export const EVIDENCE_TITLE: Record<Evidence, string> = {
  meetings: "三会一课",
  study: "党员学时",
  development: "发展党员",
  dues: "党费",
  unmet: "未达标事项",
  overdue: "已逾期事项",
  all: "全部检查结果",
};

/** `9/13`, or `—` when nothing is required this quarter. */
export function heldText(r: BranchRow): string {
  const req = r.meetings_required ?? 0;
  return req > 0 ? `${r.meetings_held ?? 0}/${req}` : "—";
}

/** Held as a share of required (for sorting; 1 when nothing is required). */
export function heldShare(r: BranchRow): number {
  const req = r.meetings_required ?? 0;
  return req > 0 ? (r.meetings_held ?? 0) / req : 1;
}

/** The share of members meeting their 学时 (1 when nobody is judged). */
export function studyShare(r: BranchRow): number {
  return r.study_judged > 0 ? r.study_met / r.study_judged : 1;
}

/** Paid as a share of due (1 when nothing is due). */
export function duesShare(r: BranchRow): number {
  const due = r.dues_due_fen ?? 0;
  return due > 0 ? (r.dues_paid_fen ?? 0) / due : 1;
}

/** The year's sittings of one type in a row. */
export function meetingsOf(r: BranchRow, type: string): number {
  return r.meetings.find((m) => m.activity === type)?.count ?? 0;
}

/** What the branches table can be sorted by: a column, or one type of the year's sittings. */
export type BranchSort =
  | "name"
  | "members"
  | "held"
  | "dues"
  | "study"
  | "development"
  | "unmet"
  | "overdue"
  | "last_report"
  | { meetings: string };

function sortValue(r: BranchRow, by: BranchSort): number | string {
  if (typeof by === "object") return meetingsOf(r, by.meetings);
  switch (by) {
    case "name":
      return r.name;
    case "held":
      return heldShare(r);
    case "dues":
      return duesShare(r);
    case "study":
      return studyShare(r);
    case "last_report":
      return r.last_report ?? "";
    default:
      return r[by];
  }
}

/** Whether two sorts are the same column (a type of sitting compared by its type). */
export function sameBranchSort(a: BranchSort, b: BranchSort): boolean {
  if (typeof a === "object" && typeof b === "object") return a.meetings === b.meetings;
  return a === b;
}

/** The rows in the chosen order (names in Chinese collation); equal rows keep their order. */
export function sortBranches(rows: readonly BranchRow[], by: BranchSort, descending: boolean): BranchRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, by);
    const y = sortValue(b, by);
    const c = typeof x === "string" && typeof y === "string" ? x.localeCompare(y, "zh-CN") : (x as number) - (y as number);
    return sign * c;
  });
}

/** A matrix cell in words, and its tag colour. */
export const CELL: Record<Status, { label: string; tag: "success" | "danger" | "info" | "warning" }> = {
  met: { label: "达标", tag: "success" },
  unmet: { label: "未达标", tag: "danger" },
  pending: { label: "未到期", tag: "info" },
  manual: { label: "待核对", tag: "warning" },
};

/** How a 报送 file found its branch. */
export const MATCHED_BY: Record<MatchedBy, string> = {
  earlier: "按以前的报送对应",
  key: "本台账导出的文件",
  name: "按组织名称对应",
  chosen: "按您选择的组织对应",
};

/** A refusal because the branch is not in the committee's tree (the person may choose it). */
export function isUnmatched(reason: string | null): boolean {
  return !!reason && (reason.includes("不在本台账的组织中") || reason.includes("无法确定是哪一个"));
}
